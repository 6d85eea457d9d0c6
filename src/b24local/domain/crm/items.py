"""CRM items: reading, rendering, adding, updating and deleting one item with its multifields
(api-reference/crm/universal/crm-item-get.md, crm-item-add.md, crm-item-update.md, crm-item-delete.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, select

from b24local.core.errors import ApiError, E
from b24local.core.php import php_empty, php_type
from b24local.domain import events
from b24local.domain.crm import owner_cleanup, product_totals
from b24local.domain.crm.entities import Entity, next_value
from b24local.domain.crm.types import DEFAULT_CURRENCY, DEFAULT_TYPE_ID, QUOTE, SYSTEM_TYPES, Stage
from b24local.domain.crm.values import SKIP, InvalidValueError, convert_value, fits_int32, render_date, render_double
from b24local.schema import crm_fields as cf
from b24local.schema import events as ev
from b24local.schema.crm_fields import CrmField
from b24local.store import tables_crm as tc


@dataclass
class Ctx:
    """Who writes, and the portal's zone."""

    user_id: int
    is_admin: bool
    tz: ZoneInfo
    now: int

    def iso(self, ts: int | None) -> str | None:
        return None if ts is None else datetime.fromtimestamp(int(ts), self.tz).isoformat()

    def today(self) -> date:
        return datetime.fromtimestamp(self.now, self.tz).date()


def load_item(conn: Connection, entity_type_id: int, item_id: int, *, lock: bool = False) -> Any:
    if not fits_int32(item_id):
        return None  # no such id can exist (and PostgreSQL would refuse the comparison)
    query = select(tc.crm_items).where(tc.crm_items.c.entity_type_id == entity_type_id, tc.crm_items.c.id == item_id)
    if lock:
        query = query.with_for_update()
    return conn.execute(query).first()


def load_fm(conn: Connection, entity_type_id: int, item_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in item_ids}
    if not item_ids:
        return out
    rows = conn.execute(
        select(tc.crm_multifields)
        .where(tc.crm_multifields.c.entity_type_id == entity_type_id, tc.crm_multifields.c.item_id.in_(item_ids))
        .order_by(tc.crm_multifields.c.id)
    ).all()
    for r in rows:
        out.setdefault(r.item_id, []).append(
            {"id": r.id, "valueType": r.value_type, "value": r.value, "typeId": r.type_id}
        )
    return out


def _stage(entity: Entity, data: dict[str, Any]) -> Stage | None:
    stage_id = data.get("stageId")
    for s in entity.stages(data.get("categoryId", entity.default_category)):
        if s.id == stage_id:
            return s
    return None


def _alias(fm: list[dict[str, Any]], type_id: str, value_type: str | None, empty: Any) -> Any:
    for record in fm:
        if record["typeId"] == type_id and (value_type is None or record["valueType"] == value_type):
            return record["value"]
    return empty


def computed(entity: Entity, name: str, data: dict[str, Any], fm: list[dict[str, Any]]) -> Any:
    """Values derived on read; internal form (bools stay bools)."""
    if name == "stageSemanticId":
        stage = _stage(entity, data)
        return stage.semantics if stage else None
    if name == "closed":
        stage = _stage(entity, data)
        return bool(stage and stage.semantics != "P")
    if name == "isNew":
        stages = entity.stages(data.get("categoryId", entity.default_category))
        return bool(stages) and data.get("stageId") == stages[0].id
    if name == "hasPhone":
        return any(r["typeId"] == "PHONE" for r in fm)
    if name == "hasEmail":
        return any(r["typeId"] == "EMAIL" for r in fm)
    if name == "hasImol":
        return any(r["typeId"] == "IM" and r["valueType"] in ("IMOL", "OPENLINE") for r in fm)
    return None


def value_of(entity: Entity, f: CrmField, data: dict[str, Any], fm: list[dict[str, Any]]) -> Any:
    """A field's internal value (for filters and sorting)."""
    if f.storage == cf.COMPUTED:
        return computed(entity, f.name, data, fm)
    if f.name == "contactId":
        ids = data.get("contactIds") or []
        return ids[0] if ids else None
    if f.storage == cf.DISABLED:
        return None
    value = data.get(f.name)
    if f.multiple and value is None:
        return []
    if f.type == "boolean":
        return bool(value)
    return value


def render(entity: Entity, f: CrmField, data: dict[str, Any], fm: list[dict[str, Any]], ctx: Ctx) -> Any:
    if f.storage == cf.DISABLED:
        return None
    if f.storage == cf.FM:
        return [dict(r) for r in fm]
    if f.storage == cf.ALIAS:
        for name, type_id, value_type, empty in cf.ALIASES:
            if name == f.name:
                return _alias(fm, type_id, value_type, empty)
        return None
    value = value_of(entity, f, data, fm)
    if f.multiple:
        return list(value or [])
    if f.type == "boolean":
        return "Y" if value else "N"
    if value is None:
        return f.empty
    if f.type == "datetime":
        return ctx.iso(value)
    if f.type == "date":
        return render_date(value, ctx.tz)
    if f.type == "double":
        return render_double(value)
    return value


def render_item(
    entity: Entity,
    row: Any,
    fm: list[dict[str, Any]],
    ctx: Ctx,
    select_names: set[str] | None = None,
    with_fm: bool = True,
) -> dict[str, Any]:
    data = dict(row.data)
    data["id"] = row.id
    out: dict[str, Any] = {}
    for f in entity.fieldset.item_order:
        if select_names is not None and f.name not in select_names:
            continue
        if f.storage == cf.FM and not with_fm:
            continue
        out[f.name] = render(entity, f, data, fm, ctx)
    if select_names is None or "entityTypeId" in select_names:
        out["entityTypeId"] = entity.entity_type_id
    return out


def _check_category_stage(entity: Entity, data: dict[str, Any]) -> None:
    if entity.field("categoryId") is not None and data.get("categoryId") is not None:
        if data["categoryId"] not in entity.categories:
            raise ApiError(E.CRM_FIELD_VALUE_NOT_VALID, field=entity.fieldset.by_name["categoryId"].title)
    if entity.field("stageId") is not None and data.get("stageId") is not None:
        if _stage(entity, data) is None:
            raise ApiError(E.CRM_FIELD_VALUE_NOT_VALID, field=entity.fieldset.by_name["stageId"].title)


def _incoming(entity: Entity, fields: dict[str, Any], ctx: Ctx, *, update: bool) -> tuple[dict[str, Any], Any]:
    """The writable fields of a ``fields`` object, converted; unknown and read-only keys are ignored
    (crm-item-add.md, crm-item-update.md: "An incorrect field in `fields` will be ignored")."""
    values: dict[str, Any] = {}
    fm_value: Any = SKIP
    for key, raw in fields.items():
        f = entity.fieldset.resolve(key)
        if f is None or not f.writable:
            continue
        if update and f.immutable:
            continue
        if f.storage == cf.FM:
            if entity.has_fm:
                fm_value = raw
            continue
        try:
            converted = convert_value(f, raw, ctx.tz)
        except InvalidValueError as exc:
            raise ApiError(E.CRM_FIELD_VALUE_NOT_VALID, field=f.title) from exc
        if converted is SKIP:
            continue
        if f.name == "contactId":
            values["contactIds"] = [] if converted is None else [converted]
            continue
        values[f.name] = converted
    return values, fm_value


def _fm_records(raw: Any) -> list[tuple[Any, dict[str, Any]]]:
    """``fm`` as a list of (key, record): a list, or an object keyed ``n0``/record id (crm-item-update.md, ``fm``)."""
    if isinstance(raw, list):
        return [(None, r) for r in raw]
    if isinstance(raw, dict):
        return list(raw.items())
    raise ApiError(E.CRM_EXPECTED_ITERABLE, type=php_type(raw))


def _fm_get(record: dict[str, Any], *names: str) -> Any:
    for n in names:
        if n in record:
            return record[n]
    return None


def apply_fm(conn: Connection, entity: Entity, item_id: int, raw: Any, *, update: bool) -> bool:
    """Write the ``fm`` multifields; True when something changed."""
    fm_field = entity.field("fm")
    title = fm_field.title if fm_field is not None else "fm"
    plan: list[tuple[str, int | None, dict[str, Any] | None]] = []
    existing = {r["id"]: r for r in load_fm(conn, entity.entity_type_id, [item_id])[item_id]}
    for key, record in _fm_records(raw):
        if not isinstance(record, dict):
            raise ApiError(E.CRM_FIELD_VALUE_NOT_VALID, field=title)
        rec_id = _fm_get(record, "id", "ID")
        if rec_id is None and key is not None and str(key).isdigit():
            rec_id = key
        value = _fm_get(record, "value", "VALUE")
        type_id = _fm_get(record, "typeId", "TYPE_ID")
        value_type = _fm_get(record, "valueType", "VALUE_TYPE")
        if rec_id is not None and str(rec_id).isdigit() and int(rec_id) in existing:
            current = existing[int(rec_id)]
            if php_empty(value):
                plan.append(("delete", int(rec_id), None))
                continue
            type_id = type_id or current["typeId"]
            value_type = value_type or current["valueType"]
            kind = "update"
            target: int | None = int(rec_id)
        else:
            if php_empty(value):
                continue
            kind, target = "insert", None
        type_id = str(type_id or "").upper()
        value_type = str(value_type or "WORK").upper()
        if type_id not in cf.FM_VALUE_TYPES or value_type not in cf.FM_VALUE_TYPES[type_id]:
            raise ApiError(E.CRM_FIELD_VALUE_NOT_VALID, field=title)
        if isinstance(value, (dict, list)):
            raise ApiError(E.CRM_FIELD_VALUE_NOT_VALID, field=title)
        plan.append((kind, target, {"type_id": type_id, "value_type": value_type, "value": str(value)}))
    changed = False
    for kind, target, values in plan:
        if kind == "delete":
            conn.execute(tc.crm_multifields.delete().where(tc.crm_multifields.c.id == target))
            changed = True
        elif kind == "update":
            assert target is not None and values is not None
            cur = existing[target]
            new = (values["type_id"], values["value_type"], values["value"])
            if (cur["typeId"], cur["valueType"], cur["value"]) != new:
                conn.execute(tc.crm_multifields.update().where(tc.crm_multifields.c.id == target).values(**values))
                changed = True
        else:
            assert values is not None
            conn.execute(
                tc.crm_multifields.insert().values(entity_type_id=entity.entity_type_id, item_id=item_id, **values)
            )
            changed = True
    return changed


def row_columns(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "category_id": data.get("categoryId"),
        "stage_id": data.get("stageId"),
        "assigned_by_id": data.get("assignedById"),
    }


def _closing(entity: Entity, data: dict[str, Any], ctx: Ctx) -> None:
    """A lead's ``dateClosed``: set when it reaches a final status, cleared when it is reopened."""
    if entity.field("dateClosed") is None:
        return
    stage = _stage(entity, data)
    data["dateClosed"] = ctx.now if stage is not None and stage.semantics != "P" else None


def add_item(conn: Connection, entity: Entity, fields: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    values, fm_raw = _incoming(entity, fields, ctx, update=False)
    has = entity.field
    data: dict[str, Any] = {}
    for f in entity.fieldset.fields:
        if f.storage in (cf.DATA, cf.SYSTEM) and f.name not in ("id", "contactId"):
            data[f.name] = [] if f.multiple else None
    data.update(values)
    now = ctx.now
    if has("opened") and "opened" not in values:
        data["opened"] = True  # the portal's default; an explicit empty value (false, "") is "N"
    if has("assignedById") and data.get("assignedById") is None:
        data["assignedById"] = ctx.user_id
    if has("categoryId") and data.get("categoryId") is None:
        data["categoryId"] = entity.default_category
    if has("stageId") and data.get("stageId") is None:
        stages = entity.stages(data.get("categoryId"))
        data["stageId"] = stages[0].id if stages else None
    if has("sourceId") and data.get("sourceId") is None:
        data["sourceId"] = "CALL"
    if has("typeId") and data.get("typeId") is None and entity.entity_type_id in DEFAULT_TYPE_ID:
        data["typeId"] = DEFAULT_TYPE_ID[entity.entity_type_id]
    if has("currencyId") and data.get("currencyId") is None:
        data["currencyId"] = DEFAULT_CURRENCY
    if has("begindate") and data.get("begindate") is None:
        data["begindate"] = ctx.today().isoformat()
    if has("closedate") and data.get("closedate") is None and entity.entity_type_id != QUOTE:
        data["closedate"] = (ctx.today() + timedelta(days=7)).isoformat()
    if has("export") and data.get("export") is None:
        data["export"] = True
    _check_category_stage(entity, data)
    for author in (entity.field("createdBy"), entity.field("updatedBy"), entity.field("lastActivityBy")):
        if author is not None:
            data[author.name] = ctx.user_id
    for name in ("createdTime", "updatedTime", "lastActivityTime"):
        if has(name):
            data[name] = now
    if has("movedBy"):
        data["movedBy"] = ctx.user_id
        data["movedTime"] = now
    _closing(entity, data, ctx)
    item_id = next_value(conn, entity.entity_type_id)
    if has("title") and not data.get("title"):
        data["title"] = f"{entity.title} #{item_id}"
    if has("quoteNumber"):
        data["quoteNumber"] = str(item_id)
    if has("accountNumber"):
        data["accountNumber"] = str(item_id)
    conn.execute(
        tc.crm_items.insert().values(
            entity_type_id=entity.entity_type_id,
            id=item_id,
            created_time=now,
            updated_time=now,
            data=data,
            **row_columns(data),
        )
    )
    if fm_raw is not SKIP and fm_raw is not None and not php_empty(fm_raw):
        apply_fm(conn, entity, item_id, fm_raw, update=False)
    _raise(conn, entity, "ADD", item_id, ctx)
    return get_item(conn, entity, item_id, ctx)


def get_item(conn: Connection, entity: Entity, item_id: int, ctx: Ctx) -> dict[str, Any]:
    row = load_item(conn, entity.entity_type_id, item_id)
    if row is None:
        raise ApiError(E.NOT_FOUND_ITEM)
    fm = load_fm(conn, entity.entity_type_id, [item_id])[item_id] if entity.has_fm else []
    return render_item(entity, row, fm, ctx)


def update_item(conn: Connection, entity: Entity, row: Any, fields: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    values, fm_raw = _incoming(entity, fields, ctx, update=True)
    old = dict(row.data)
    data = dict(old)
    data.update(values)
    if "opened" in values and values["opened"] is None:
        data["opened"] = False
    if entity.field("categoryId") is not None and values.get("categoryId", old.get("categoryId")) is None:
        data["categoryId"] = old.get("categoryId")
    if entity.field("stageId") is not None:
        if data.get("categoryId") != old.get("categoryId") and "stageId" not in values:
            stages = entity.stages(data.get("categoryId"))
            data["stageId"] = stages[0].id if stages else None
        if data.get("stageId") is None:
            data["stageId"] = old.get("stageId")
    if entity.field("title") is not None and not data.get("title"):
        data["title"] = f"{entity.title} #{row.id}"
    product_totals.follow_rows(conn, entity, row.id, data)  # rows decide the amount unless it is manual
    _check_category_stage(entity, data)
    fm_changed = False
    if fm_raw is not SKIP and fm_raw is not None and not php_empty(fm_raw):
        fm_changed = apply_fm(conn, entity, row.id, fm_raw, update=True)
    if data == old and not fm_changed:
        return get_item(conn, entity, row.id, ctx)  # nothing changed: the save is skipped (crm-item-update.md)
    if entity.field("stageId") is not None and data.get("stageId") != old.get("stageId"):
        if entity.field("previousStageId") is not None:
            data["previousStageId"] = old.get("stageId")
        if entity.field("movedBy") is not None:
            data["movedBy"] = ctx.user_id
            data["movedTime"] = ctx.now
        _closing(entity, data, ctx)
    if entity.field("updatedBy") is not None:
        data["updatedBy"] = ctx.user_id
    if entity.field("updatedTime") is not None:
        data["updatedTime"] = ctx.now
    conn.execute(
        tc.crm_items.update()
        .where(tc.crm_items.c.pk == row.pk)
        .values(data=data, updated_time=ctx.now, **row_columns(data))
    )
    _raise(conn, entity, "UPDATE", row.id, ctx)
    return get_item(conn, entity, row.id, ctx)


def delete_item(conn: Connection, entity: Entity, row: Any, ctx: Ctx) -> None:
    conn.execute(tc.crm_items.delete().where(tc.crm_items.c.pk == row.pk))
    conn.execute(
        tc.crm_multifields.delete().where(
            tc.crm_multifields.c.entity_type_id == entity.entity_type_id, tc.crm_multifields.c.item_id == row.id
        )
    )
    # its product rows, activity and timeline bindings go with it
    owner_cleanup.item_deleted(conn, entity.entity_type_id, row.id, user_id=ctx.user_id, now=ctx.now)
    _raise(conn, entity, "DELETE", row.id, ctx)


def _raise(conn: Connection, entity: Entity, action: str, item_id: int, ctx: Ctx) -> None:
    """The item's event: ONCRM{LEAD,DEAL,…}{action}, or ONCRMDYNAMICITEM{action} for smart processes."""
    name = SYSTEM_TYPES.get(entity.entity_type_id, ("", ""))[0]
    if name in ev.CRM_ITEM_EVENTS:
        events.emit(conn, ev.CRM_ITEM_EVENTS[name][action], user_id=ctx.user_id, now=ctx.now, id=item_id)
    else:
        events.emit(
            conn,
            ev.DYNAMIC_ITEM_EVENTS[action],
            user_id=ctx.user_id,
            now=ctx.now,
            id=item_id,
            entity_type_id=entity.entity_type_id,
        )


def count_items(conn: Connection, entity_type_id: int) -> int:
    return int(
        conn.execute(
            select(func.count()).select_from(tc.crm_items).where(tc.crm_items.c.entity_type_id == entity_type_id)
        ).scalar()
        or 0
    )
