"""Smart-process types (``crm.type.*``, api-reference/crm/universal/user-defined-object-types/): the type
object, its flags, relations and linked user fields; adding (with the default pipeline), updating, deleting
and listing types."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from b24local.core.errors import ApiError, E
from b24local.core.php import INT_STRING, php_empty
from b24local.domain import events
from b24local.domain.crm.entities import bump_sequence, create_category, next_value
from b24local.domain.crm.items import Ctx, count_items
from b24local.domain.crm.lists import parse_filter_and_order
from b24local.domain.crm.types import COMPANY, CONTACT, PAGE, is_dynamic_range
from b24local.domain.crm.values import INT32, filter_value, fits_int32, parse_bool
from b24local.schema import crm_fields as cf
from b24local.schema import events as ev
from b24local.schema import v2_filter as vf
from b24local.schema.crm_fields import CrmField, FieldSet
from b24local.store import tables_crm as tc
from b24local.store.rows import insert_id

TYPE_FLAGS = (
    "isCategoriesEnabled",
    "isStagesEnabled",
    "isBeginCloseDatesEnabled",
    "isClientEnabled",
    "isUseInUserfieldEnabled",
    "isLinkWithProductsEnabled",
    "isMycompanyEnabled",
    "isDocumentsEnabled",
    "isSourceEnabled",
    "isObserversEnabled",
    "isRecyclebinEnabled",
    "isAutomationEnabled",
    "isBizProcEnabled",
    "isSetOpenPermissions",
    "isPaymentsEnabled",
    "isCountersEnabled",
)
FLAG_DEFAULTS = {name: "Y" if name == "isSetOpenPermissions" else "N" for name in TYPE_FLAGS}
LINKED_USER_FIELDS = ("CALENDAR_EVENT|UF_CRM_CAL_EVENT", "TASKS_TASK|UF_CRM_TASK", "TASKS_TASK_TEMPLATE|UF_CRM_TASK")
TYPE_READONLY_ON_UPDATE = {
    "id",
    "isExternal",
    "createdTime",
    "createdBy",
    "updatedTime",
    "updatedBy",
    "entityTypeId",
    "name",
}


def type_fieldset() -> FieldSet:
    fields = [
        cf.RO("id", "integer", "ID"),
        cf.F("title", "string", "Name", required=True),
        cf.F("code", "string", "Code"),
        cf.RO("createdBy", "user", "Created by"),
        cf.F("entityTypeId", "integer", "Entity type ID", immutable=True),
        cf.F("customSectionId", "integer", "Digital workplace"),
        *[cf.F(name, "boolean", name) for name in TYPE_FLAGS],
        cf.RO("createdTime", "datetime", "Created on"),
        cf.RO("updatedTime", "datetime", "Modified on"),
        cf.RO("updatedBy", "user", "Modified by"),
    ]
    return cf.make_fieldset(fields)


TYPE_FIELDS = type_fieldset()


def render_type(row: Any, ctx: Ctx, *, full: bool = True) -> dict[str, Any]:
    flags = {**FLAG_DEFAULTS, **(row.flags or {})}
    out: dict[str, Any] = {
        "id": row.id,
        "title": row.title,
        "code": row.code,
        "createdBy": row.created_by,
        "entityTypeId": row.entity_type_id,
        "customSectionId": row.custom_section_id,
    }
    for name in TYPE_FLAGS:
        out[name] = flags[name]
    out["createdTime"] = ctx.iso(row.created_time)
    out["updatedTime"] = ctx.iso(row.updated_time)
    out["updatedBy"] = row.updated_by
    if full:
        relations = row.relations or {}
        parents = list(relations.get("parent", []))
        if flags["isClientEnabled"] == "Y":
            # the Client field: preset bindings to contacts and companies (crm-type-add.md example)
            preset = [
                {"entityTypeId": e, "isChildrenListEnabled": "Y", "isPredefined": "Y"} for e in (CONTACT, COMPANY)
            ]
            parents = preset + [p for p in parents if p["entityTypeId"] not in (CONTACT, COMPANY)]
        out["relations"] = {"parent": parents, "child": list(relations.get("child", []))}
        out["linkedUserFields"] = {k: (row.linked_user_fields or {}).get(k, "N") for k in LINKED_USER_FIELDS}
        out["customSections"] = []
    return out


def _truthy_flag(value: Any) -> str:
    return "Y" if parse_bool(value) or value in (1, "1") else "N"


def _relations(raw: Any) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {"parent": [], "child": []}
    if not isinstance(raw, dict):
        return out
    for side in ("parent", "child"):
        entries = raw.get(side)
        if isinstance(entries, dict):
            entries = list(entries.values())
        if not isinstance(entries, list):
            continue
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            raw_target = entry.get("entityTypeId")
            if isinstance(raw_target, bool) or not INT_STRING.match(str(raw_target)):
                continue
            target = int(str(raw_target))
            enabled = str(entry.get("isChildrenListEnabled", "false")).lower() == "true"
            out[side].append(
                {"entityTypeId": target, "isChildrenListEnabled": "Y" if enabled else "N", "isPredefined": "N"}
            )
    return out


def _linked(raw: Any, current: dict[str, str] | None = None) -> dict[str, str]:
    out = {k: (current or {}).get(k, "N") for k in LINKED_USER_FIELDS}
    if isinstance(raw, dict):
        for key, value in raw.items():
            if key in out:
                out[key] = "Y" if str(value).lower() == "true" else "N"
    return out


def _flag_values(fields: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in fields.items():
        f = TYPE_FIELDS.resolve(key)
        if f is not None and f.name in TYPE_FLAGS:
            out[f.name] = _truthy_flag(value)
    return out


def _type_title(fields: dict[str, Any]) -> str | None:
    for key, value in fields.items():
        f = TYPE_FIELDS.resolve(key)
        if f is not None and f.name == "title":
            return str(value).strip() if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""
    return None


def get_type_row(conn: Connection, *, type_id: int | None = None, entity_type_id: int | None = None) -> Any:
    if not fits_int32(type_id if type_id is not None else entity_type_id):
        return None
    query = select(tc.crm_types)
    if type_id is not None:
        query = query.where(tc.crm_types.c.id == type_id)
    else:
        query = query.where(tc.crm_types.c.entity_type_id == entity_type_id)
    return conn.execute(query).first()


def add_type(conn: Connection, fields: dict[str, Any], ctx: Ctx) -> Any:
    title = _type_title(fields)
    if not title:
        raise ApiError(E.CRM_FIELD_REQUIRED, field="Name")
    raw_etid = None
    for key, value in fields.items():
        f = TYPE_FIELDS.resolve(key)
        if f is not None and f.name == "entityTypeId":
            raw_etid = value
    if php_empty(raw_etid):
        entity_type_id = next_value(conn, 0, floor=1030, step=2)
        while get_type_row(conn, entity_type_id=entity_type_id) is not None:
            entity_type_id = next_value(conn, 0, floor=1030, step=2)
    else:
        if isinstance(raw_etid, bool) or not INT_STRING.match(str(raw_etid)):
            raise ApiError(E.CRM_ENTITY_TYPE_OUT_OF_RANGE)
        entity_type_id = int(str(raw_etid))
        if not is_dynamic_range(entity_type_id) or entity_type_id > INT32:
            raise ApiError(E.CRM_ENTITY_TYPE_OUT_OF_RANGE)
        if get_type_row(conn, entity_type_id=entity_type_id) is not None:
            raise ApiError(E.CRM_ENTITY_TYPE_TAKEN, id=entity_type_id)
        if entity_type_id >= 1030:
            bump_sequence(conn, 0, entity_type_id)
    flags = {**FLAG_DEFAULTS, **_flag_values(fields)}
    code = None
    for key, value in fields.items():
        f = TYPE_FIELDS.resolve(key)
        if f is not None and f.name == "code" and not php_empty(value) and isinstance(value, str):
            code = value
    section = None
    for key, value in fields.items():
        f = TYPE_FIELDS.resolve(key)
        if f is not None and f.name == "customSectionId" and not php_empty(value) and INT_STRING.match(str(value)):
            section = int(value) if abs(int(value)) <= INT32 else None
    type_id = insert_id(
        conn,
        tc.crm_types.insert().values(
            entity_type_id=entity_type_id,
            title=title,
            code=code,
            flags=flags,
            relations=_relations(fields.get("relations")),
            linked_user_fields=_linked(
                fields.get("linkedUserFields") if flags["isUseInUserfieldEnabled"] == "Y" else None
            ),
            custom_section_id=section,
            created_by=ctx.user_id,
            updated_by=ctx.user_id,
            created_time=ctx.now,
            updated_time=ctx.now,
        ),
    )
    create_category(conn, entity_type_id, "General", default=True)
    events.emit(conn, ev.CRM_TYPE_EVENTS["ADD"], user_id=ctx.user_id, now=ctx.now, id=int(type_id))
    return get_type_row(conn, type_id=int(type_id))


def update_type(conn: Connection, row: Any, fields: dict[str, Any], ctx: Ctx) -> Any:
    values: dict[str, Any] = {}
    title = _type_title({k: v for k, v in fields.items() if k not in TYPE_READONLY_ON_UPDATE})
    if title is not None:
        if not title:
            raise ApiError(E.CRM_FIELD_REQUIRED, field="Name")
        values["title"] = title
    flags = _flag_values({k: v for k, v in fields.items() if k not in TYPE_READONLY_ON_UPDATE})
    if flags:
        values["flags"] = {**FLAG_DEFAULTS, **(row.flags or {}), **flags}
    if "relations" in fields:
        values["relations"] = _relations(fields["relations"])
    if "linkedUserFields" in fields:
        values["linked_user_fields"] = _linked(fields["linkedUserFields"], row.linked_user_fields)
    for key, value in fields.items():
        f = TYPE_FIELDS.resolve(key)
        if f is not None and f.name == "code" and key not in TYPE_READONLY_ON_UPDATE:
            values["code"] = None if php_empty(value) else str(value)
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    if changed:
        changed.update(updated_by=ctx.user_id, updated_time=ctx.now)
        conn.execute(tc.crm_types.update().where(tc.crm_types.c.id == row.id).values(**changed))
        events.emit(conn, ev.CRM_TYPE_EVENTS["UPDATE"], user_id=ctx.user_id, now=ctx.now, id=row.id)
    return get_type_row(conn, type_id=row.id)


def delete_type(conn: Connection, row: Any, ctx: Ctx) -> None:
    if count_items(conn, row.entity_type_id):
        raise ApiError(E.CRM_TYPE_HAS_ITEMS)
    conn.execute(tc.crm_categories.delete().where(tc.crm_categories.c.entity_type_id == row.entity_type_id))
    conn.execute(tc.crm_permissions.delete().where(tc.crm_permissions.c.entity_type_id == row.entity_type_id))
    conn.execute(tc.crm_types.delete().where(tc.crm_types.c.id == row.id))
    events.emit(conn, ev.CRM_TYPE_EVENTS["DELETE"], user_id=ctx.user_id, now=ctx.now, id=row.id)


def list_types(
    conn: Connection, filter_raw: Any, order_raw: Any, start: int, ctx: Ctx
) -> tuple[list[dict[str, Any]], int]:
    def resolve(name: str) -> CrmField | None:
        return TYPE_FIELDS.resolve(name)

    def convert(f: CrmField, op: str, value: Any) -> Any:
        if f.name in TYPE_FLAGS:
            if isinstance(value, list):
                return [_truthy_flag(v) == "Y" for v in value]
            return _truthy_flag(value) == "Y"
        return filter_value(f, op, value, ctx.tz)

    tree, order = parse_filter_and_order(filter_raw, order_raw, resolve, convert)
    rows = conn.execute(select(tc.crm_types).order_by(tc.crm_types.c.id)).all()

    def getter(row: Any, f: CrmField) -> Any:
        if f.name in TYPE_FLAGS:
            return ({**FLAG_DEFAULTS, **(row.flags or {})}).get(f.name) == "Y"
        column = {
            "createdBy": "created_by",
            "updatedBy": "updated_by",
            "createdTime": "created_time",
            "updatedTime": "updated_time",
            "entityTypeId": "entity_type_id",
            "customSectionId": "custom_section_id",
        }.get(f.name, f.name)
        return getattr(row, column)

    matched = vf.filter_rows(rows, tree, getter)
    if order:
        matched = vf.sort_rows(matched, order, getter)
    offset = max(start, 0)
    return [render_type(r, ctx, full=False) for r in matched[offset : offset + PAGE]], len(matched)
