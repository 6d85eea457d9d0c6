"""CRM activities: adding (``crm.activity.add`` and the universal to-do of ``crm.activity.todo.add``),
updating, deleting, reading and listing them, bound to CRM items.

The legacy methods' rules are followed (api-reference/crm/timeline/activities/activity-base/*.md,
tutorials/crm/how-to-add-crm-objects/how-to-add-activity-to-contact.md; where they are silent, observed
behaviour of the real server): the owner and every communication's item become the activity's
bindings, calls and meetings take one communication, rights are checked on the items it is bound to, and
each change raises ONCRMACTIVITYADD / UPDATE / DELETE (api-reference/crm/timeline/activities/events/).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, select, update

from b24local.core.errors import ApiError, E
from b24local.core.php import php_floatval, php_intval, php_string
from b24local.domain import events
from b24local.domain.crm import owners
from b24local.domain.crm.items import Ctx
from b24local.domain.crm.values import fits_int32, parse_moment
from b24local.schema import crm_activities as ca
from b24local.schema import events as ev
from b24local.store import tables_crm_timeline as tt
from b24local.store.rows import clean_text, fits_int, insert_id

A, B, C = tt.crm_activities, tt.crm_activity_bindings, tt.crm_activity_communications

# The provider an activity of a system type gets (crm-activity-get.md shows a call as VOXIMPLANT_CALL/CALL).
PROVIDERS = {
    ca.MEETING: ("CRM_MEETING", "MEETING"),
    ca.CALL: ("VOXIMPLANT_CALL", "CALL"),
    ca.EMAIL: ("CRM_EMAIL", "EMAIL"),
}


@dataclass(frozen=True)
class Binding:
    owner_type_id: int
    owner_id: int


# -- values --------------------------------------------------------------------------------------------------
def convert(f: ca.ActivityField, value: Any, ctx: Ctx) -> Any:
    """An incoming value in the stored form (PHP casts); an unparsable date leaves the field unchanged."""
    if f.kept == ca.INT:
        number = php_intval(value)
        if not fits_int(number):
            raise ApiError(E.CRM_FIELD_VALUE_NOT_VALID, field=f.title)
        return number
    if f.kept == ca.FLOAT:
        return None if value is None or value == "" else php_floatval(value)
    if f.kept == ca.BOOL:
        return isinstance(value, str) and value.strip().upper() == "Y" or value is True
    if f.kept == ca.TIME:
        moment = parse_moment(value, ctx.tz)
        return None if moment is None else int(moment.timestamp())
    if f.kept == ca.OBJECT:
        return value if isinstance(value, (dict, list)) else {}
    return None if value is None else clean_text(php_string(value))


def writable_values(fields: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """The writable keys of ``fields``, by column."""
    out: dict[str, Any] = {}
    for key, value in fields.items():
        f = ca.BY_NAME.get(key)  # the legacy layer reads its UPPER_CASE names only
        if f is None or f not in ca.WRITABLE:
            continue
        converted = convert(f, value, ctx)
        if f.kept == ca.TIME and converted is None and value not in (None, ""):
            continue  # not a date: left as it is
        out[f.column] = converted
    return out


def render(row: Any, ctx: Ctx, names: tuple[str, ...] = ca.OUTPUT) -> dict[str, Any]:
    """An activity as the legacy layer shows it: scalars as strings, null as null, dates ISO 8601."""
    out: dict[str, Any] = {}
    for name in names:
        f = ca.BY_NAME[name]
        value = row.id if name == "ID" else getattr(row, f.column)
        if f.kept == ca.BOOL:
            out[name] = "Y" if value else "N"
        elif f.kept == ca.OBJECT:
            out[name] = value if value else []
        elif value is None:
            out[name] = None
        elif f.kept == ca.TIME:
            out[name] = ctx.iso(value)
        elif f.kept == ca.FLOAT:
            out[name] = php_string(float(value))
        else:
            out[name] = str(value)
    return out


def communications_of(conn: Connection, activity_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in activity_ids}
    if not activity_ids:
        return out
    for r in conn.execute(select(C).where(C.c.activity_id.in_(activity_ids)).order_by(C.c.id)).all():
        out[r.activity_id].append(
            {
                "ID": str(r.id),
                "TYPE": r.type,
                "VALUE": r.value,
                "ENTITY_ID": str(r.entity_id),
                "ENTITY_TYPE_ID": str(r.entity_type_id),
            }
        )
    return out


def bindings_of(conn: Connection, activity_id: int) -> list[Binding]:
    rows = conn.execute(select(B).where(B.c.activity_id == activity_id).order_by(B.c.id)).all()
    return [Binding(r.owner_type_id, r.owner_id) for r in rows]


# -- checks --------------------------------------------------------------------------------------------------
def may(conn: Connection, ctx: Ctx, entity_type_id: int, action: str) -> bool:
    return owners.may(conn, ctx.user_id, ctx.is_admin, entity_type_id, action)


def _check_items_exist(conn: Connection, bindings: list[Binding]) -> None:
    for b in bindings:
        if not fits_int32(b.owner_id) or not owners.exists(conn, b.owner_type_id, b.owner_id):
            raise ApiError(E.ACTIVITY_OWNER_NOT_FOUND, name=owners.name(b.owner_type_id), id=b.owner_id)


def _communications(
    raw: Any, owner: Binding | None, type_id: int, bindings: dict[tuple[int, int], Binding]
) -> list[dict[str, Any]]:
    """A value without an item takes the owner's; items without a value are dropped; calls keep PHONE ones
    and e-mails EMAIL ones (the type filled in when missing; how-to-send-email.md); each kept
    communication's item joins the bindings."""
    out: list[dict[str, Any]] = []
    listed = raw.values() if isinstance(raw, dict) else raw if isinstance(raw, list) else []
    for comm in listed:
        if not isinstance(comm, dict):
            continue
        entity_type_id = php_intval(comm.get("ENTITY_TYPE_ID")) if comm.get("ENTITY_TYPE_ID") else 0
        entity_id = php_intval(comm.get("ENTITY_ID")) if comm.get("ENTITY_ID") else 0
        value = clean_text(php_string(comm.get("VALUE"))) if comm.get("VALUE") else ""
        kind = clean_text(php_string(comm.get("TYPE")), 50) if comm.get("TYPE") else ""
        if value and (entity_type_id <= 0 or entity_id <= 0) and owner is not None:
            entity_type_id, entity_id = owner.owner_type_id, owner.owner_id
        if entity_type_id <= 0 or entity_id <= 0 or not value:
            continue
        if not kind:
            kind = {ca.CALL: "PHONE", ca.EMAIL: "EMAIL"}.get(type_id, "")
        elif (type_id == ca.CALL and kind != "PHONE") or (type_id == ca.EMAIL and kind != "EMAIL"):
            continue
        out.append({"type": kind, "value": value, "entity_id": entity_id, "entity_type_id": entity_type_id})
        bindings.setdefault((entity_type_id, entity_id), Binding(entity_type_id, entity_id))
    return out


def _save_links(
    conn: Connection, activity_id: int, bindings: list[Binding], communications: list[dict[str, Any]] | None
) -> None:
    conn.execute(delete(B).where(B.c.activity_id == activity_id))
    for b in bindings:
        conn.execute(B.insert().values(activity_id=activity_id, owner_type_id=b.owner_type_id, owner_id=b.owner_id))
    if communications is not None:
        conn.execute(delete(C).where(C.c.activity_id == activity_id))
        for comm in communications:
            conn.execute(C.insert().values(activity_id=activity_id, **comm))


def _responsible_of_owner(conn: Connection, owner: Binding | None, ctx: Ctx) -> int:
    if owner is None or not fits_int32(owner.owner_id):
        return 0
    return owners.responsible(conn, owner.owner_type_id, owner.owner_id, ctx) or 0


# -- writes --------------------------------------------------------------------------------------------------
def _defaults(ctx: Ctx) -> dict[str, Any]:
    return {
        "associated_entity_id": 0,
        "completed": False,
        "status": ca.WAITING,
        "priority": ca.PRIORITY_MEDIUM,
        "notify_type": 0,
        "notify_value": 0,
        "description": "",
        "description_type": ca.PLAIN_TEXT,
        "direction": 0,
        "location": "",
        "settings": {},
        "provider_params": {},
        "result_mark": 0,
        "result_status": 0,
        "result_stream": 0,
        "autocomplete_rule": 0,
        "is_incoming_channel": False,
        "author_id": ctx.user_id,
        "editor_id": ctx.user_id,
        "created": ctx.now,
        "last_updated": ctx.now,
    }


def _times(values: dict[str, Any], type_id: int, ctx: Ctx) -> None:
    """Start and end default to each other (then to now); the deadline is the start of a call or meeting
    and the end of anything else (crm-activity-fields.md, DEADLINE)."""
    start, end = values.get("start_time"), values.get("end_time")
    values["start_time"] = start if start is not None else end if end is not None else ctx.now
    values["end_time"] = end if end is not None else values["start_time"]
    values["deadline"] = values["start_time"] if type_id in (ca.CALL, ca.MEETING) else values["end_time"]


def _insert(
    conn: Connection, values: dict[str, Any], bindings: list[Binding], comms: list[dict[str, Any]], ctx: Ctx
) -> int:
    activity_id = insert_id(conn, A.insert().values(**values))
    _save_links(conn, activity_id, bindings, comms)
    events.emit(conn, ev.CRM_ACTIVITY_EVENTS["ADD"], user_id=ctx.user_id, now=ctx.now, id=activity_id)
    return activity_id


def add(conn: Connection, fields: dict[str, Any], ctx: Ctx) -> int:
    """crm.activity.add: the checks in the real server's order (observed behaviour, not documented)."""
    owner_type_id = php_intval(fields.get("OWNER_TYPE_ID"))
    owner_id = php_intval(fields.get("OWNER_ID"))
    owner = Binding(owner_type_id, owner_id) if owner_type_id > 0 and owner_id > 0 else None
    bindings: dict[tuple[int, int], Binding] = {}
    if owner is not None:
        bindings[(owner_type_id, owner_id)] = owner
    values = {**_defaults(ctx), **writable_values(fields, ctx)}
    responsible = php_intval(fields.get("RESPONSIBLE_ID"))
    if responsible <= 0:
        responsible = _responsible_of_owner(conn, owner, ctx) or ctx.user_id
    if not fits_int(responsible):
        raise ApiError(E.ACTIVITY_RESPONSIBLE)
    values["responsible_id"] = responsible
    type_id = php_intval(fields.get("TYPE_ID"))
    if type_id not in ca.TYPE_NAMES:
        raise ApiError(E.ACTIVITY_TYPE)
    if type_id in (ca.TASK, ca.ACTIVITY):
        raise ApiError(E.ACTIVITY_TYPE_NOT_SUPPORTED, name=ca.TYPE_NAMES[type_id])
    if type_id == ca.PROVIDER and not values.get("provider_id"):
        raise ApiError(E.ACTIVITY_NO_PROVIDER)
    comms = _communications(fields.get("COMMUNICATIONS"), owner, type_id, bindings)
    if not comms:
        raise ApiError(E.ACTIVITY_COMMUNICATIONS)
    if type_id in (ca.CALL, ca.MEETING) and len(comms) > 1:
        raise ApiError(E.ACTIVITY_ONE_COMMUNICATION)
    if not bindings:
        raise ApiError(E.ACTIVITY_NO_BINDING)
    for b in bindings.values():
        if not may(conn, ctx, b.owner_type_id, "update"):
            raise ApiError(E.LEGACY_ACCESS_DENIED)
    if not values.get("subject"):
        raise ApiError(E.ACTIVITY_SUBJECT)
    _check_items_exist(conn, list(bindings.values()))
    first = owner or next(iter(bindings.values()))
    values.update(owner_type_id=first.owner_type_id, owner_id=first.owner_id, type_id=type_id)
    if type_id in PROVIDERS and not values.get("provider_id"):
        values["provider_id"], values["provider_type_id"] = PROVIDERS[type_id]
    values["status"] = ca.COMPLETED if values["completed"] else ca.WAITING
    _times(values, type_id, ctx)
    return _insert(conn, values, list(bindings.values()), comms, ctx)


def add_todo(
    conn: Connection,
    owner: Binding,
    *,
    deadline: int,
    title: str,
    description: str,
    responsible_id: int | None,
    parent_id: int | None,
    ping_offsets: list[int],
    color_id: str | None,
    ctx: Ctx,
) -> int:
    """crm.activity.todo.add: a universal activity (provider CRM_TODO) bound to its owner; a parent
    activity of the same owner is completed and linked (ASSOCIATED_ENTITY_ID)."""
    values = {
        **_defaults(ctx),
        "owner_type_id": owner.owner_type_id,
        "owner_id": owner.owner_id,
        "type_id": ca.PROVIDER,
        "provider_id": ca.TODO_PROVIDER,
        "provider_type_id": ca.TODO_PROVIDER_TYPE,
        "subject": clean_text(title),
        "description": clean_text(description),
        "responsible_id": responsible_id or ctx.user_id,
        "start_time": deadline,
        "end_time": deadline,
        "deadline": deadline,
        "todo": {"colorId": color_id, "pingOffsets": ping_offsets},
    }
    if parent_id:
        parent = load(conn, parent_id)
        if (
            parent is not None
            and not parent.completed
            and Binding(owner.owner_type_id, owner.owner_id) in bindings_of(conn, parent_id)
        ):
            values["associated_entity_id"] = parent_id
            _write(conn, parent, {"completed": True}, ctx)
    return _insert(conn, values, [owner], [], ctx)


def _write(conn: Connection, row: Any, changes: dict[str, Any], ctx: Ctx) -> None:
    if "completed" in changes:
        changes["status"] = ca.COMPLETED if changes["completed"] else ca.WAITING
    changes.update(editor_id=ctx.user_id, last_updated=ctx.now)
    conn.execute(update(A).where(A.c.id == row.id).values(**changes))
    events.emit(conn, ev.CRM_ACTIVITY_EVENTS["UPDATE"], user_id=ctx.user_id, now=ctx.now, id=row.id)


def update_activity(conn: Connection, row: Any, fields: dict[str, Any], ctx: Ctx) -> None:
    """crm.activity.update: the owner and the type are immutable (crm-activity-fields.md); communications,
    when given, are checked again and replace the bindings."""
    if not may(conn, ctx, row.owner_type_id, "update"):
        raise ApiError(E.LEGACY_ACCESS_DENIED)
    changes = writable_values(fields, ctx)
    raw = fields.get("COMMUNICATIONS")
    if isinstance(raw, (dict, list)):
        owner = Binding(row.owner_type_id, row.owner_id)
        bindings = {(owner.owner_type_id, owner.owner_id): owner}
        comms = _communications(raw, owner, row.type_id, bindings)
        if not comms:
            raise ApiError(E.ACTIVITY_COMMUNICATIONS)
        for b in bindings.values():
            if not may(conn, ctx, b.owner_type_id, "update"):
                raise ApiError(E.LEGACY_ACCESS_DENIED)
        _check_items_exist(conn, list(bindings.values()))
        _save_links(conn, row.id, list(bindings.values()), comms)
    if "subject" in changes and not changes["subject"]:
        raise ApiError(E.ACTIVITY_SUBJECT)
    if "responsible_id" in changes and changes["responsible_id"] <= 0:
        raise ApiError(E.ACTIVITY_RESPONSIBLE)
    _write(conn, row, changes, ctx)


def delete_activity(conn: Connection, row: Any, ctx: Ctx) -> None:
    if not may(conn, ctx, row.owner_type_id, "update"):
        raise ApiError(E.LEGACY_ACCESS_DENIED)
    conn.execute(delete(B).where(B.c.activity_id == row.id))
    conn.execute(delete(C).where(C.c.activity_id == row.id))
    conn.execute(delete(A).where(A.c.id == row.id))
    events.emit(conn, ev.CRM_ACTIVITY_EVENTS["DELETE"], user_id=ctx.user_id, now=ctx.now, id=row.id)


def load(conn: Connection, activity_id: int, *, lock: bool = False) -> Any:
    if not fits_int32(activity_id):
        return None
    query = select(A).where(A.c.id == activity_id)
    return conn.execute(query.with_for_update() if lock else query).first()
