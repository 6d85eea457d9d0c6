"""crm.activity.list: a legacy v2 ``filter``/``order``/``select``/``start`` over the activities a user may
read (api-reference/crm/timeline/activities/activity-base/crm-activity-list.md).

Keys name the activity's fields in upper case with the usual prefixes; ``BINDINGS`` (a list of
``{OWNER_TYPE_ID[, OWNER_ID]}``) keeps activities bound to any of those items. Keys naming no field are
ignored, as the legacy list ignores them. The default order is ``START_TIME`` ascending ("By default, it is
sorted by increasing the Start Date field"), then ``ID``. ``select`` may name fields, ``*`` and
``COMMUNICATIONS`` (the only way to read them).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, or_, select

from b24local.core.php import FLOAT_STRING, php_intval, php_string
from b24local.domain.crm import activities as act
from b24local.domain.crm.items import Ctx
from b24local.domain.crm.values import fits_int32, parse_moment
from b24local.schema import crm_activities as ca
from b24local.schema import v2_filter as vf

PAGE = 50
FILTERABLE = {f.name: f for f in ca.FIELDS if f.kept}
LIKE = ("%", "!%", "=%", "%=", "!=%", "!%=")


def _known(raw: Any) -> dict[str, Any]:
    """The filter without ``BINDINGS`` and keys that name no field (kept: nested groups and ``LOGIC``)."""
    if isinstance(raw, list):
        raw = {str(i): v for i, v in enumerate(raw)}
    if not isinstance(raw, dict):
        return {}
    out: dict[str, Any] = {}
    for key, value in raw.items():
        text = str(key).strip()
        if text.upper() == "LOGIC":
            out[text] = value
        elif text.lstrip("-").isdigit() and isinstance(value, (dict, list)):
            out[text] = _known(value)
        elif vf.split_key(text)[1].upper() in FILTERABLE:
            op, name = vf.split_key(text)
            out[("" if op == "=" and not text.startswith("=") else op) + name.upper()] = value
    return out


def _value(f: ca.ActivityField, op: str, value: Any, ctx: Ctx) -> Any:
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [_value(f, "=", v, ctx) for v in value]
    if value is None or value == "" or op in LIKE:
        return value if value is None else php_string(value)
    if f.kept == ca.BOOL:
        return value is True or php_string(value).upper() in ("Y", "1", "TRUE")
    if f.kept == ca.TIME:
        moment = parse_moment(value, ctx.tz)
        if moment is None:
            raise ValueError(value)
        return int(moment.timestamp())
    if f.kept in (ca.INT, ca.FLOAT):
        if isinstance(value, bool) or not FLOAT_STRING.match(php_string(value)):
            raise ValueError(value)
        return float(value)
    return php_string(value)


def _get(row: Any, f: ca.ActivityField) -> Any:
    if f.name == "ID":
        return row.id
    value = getattr(row, f.column)
    return bool(value) if f.kept == ca.BOOL else value


def _bindings_filter(raw: Any) -> Any:
    """``BINDINGS``: activities bound to any of the listed items (or items of a type)."""
    pairs = raw.values() if isinstance(raw, dict) else raw if isinstance(raw, list) else []
    conditions = []
    for pair in pairs:
        if not isinstance(pair, dict):
            continue
        type_id = php_intval(pair.get("OWNER_TYPE_ID"))
        condition = act.B.c.owner_type_id == type_id
        if pair.get("OWNER_ID") not in (None, "") and fits_int32(php_intval(pair.get("OWNER_ID"))):
            condition = and_(condition, act.B.c.owner_id == php_intval(pair.get("OWNER_ID")))
        conditions.append(condition)
    if not conditions:
        return None
    return act.A.c.id.in_(select(act.B.c.activity_id).where(or_(*conditions)))


def _order(raw: Any) -> list[tuple[Any, bool]]:
    out: list[tuple[Any, bool]] = []
    if isinstance(raw, dict):
        for key, direction in raw.items():
            f = FILTERABLE.get(str(key).upper())
            if f is not None:
                out.append((f, isinstance(direction, str) and direction.strip().upper() == "DESC"))
    return out or [(FILTERABLE["START_TIME"], False)]


def selected(raw: Any) -> tuple[tuple[str, ...], bool, bool]:
    """The output keys a ``select`` asks for, and whether communications and files are wanted."""
    listed = raw.values() if isinstance(raw, dict) else raw if isinstance(raw, list) else []
    names = {php_string(n).strip().upper() for n in listed}
    fields = tuple(n for n in ca.OUTPUT if n in names) if "*" not in names else ca.OUTPUT
    files = bool(names & {"FILES", "STORAGE_ELEMENT_IDS", "WEBDAV_ELEMENTS"})
    return fields or ca.OUTPUT, "COMMUNICATIONS" in names, files


def list_page(
    conn: Connection, filter_raw: Any, order_raw: Any, select_raw: Any, start: int, ctx: Ctx
) -> tuple[list[dict[str, Any]], int]:
    """One page of matching activities (rendered) and the total of matches."""
    query = select(act.A)
    if isinstance(filter_raw, dict):
        bindings = next((v for k, v in filter_raw.items() if str(k).upper() == "BINDINGS"), None)
        if bindings is not None:
            condition = _bindings_filter(bindings)
            if condition is not None:
                query = query.where(condition)
    try:
        tree = vf.parse_filter(_known(filter_raw), FILTERABLE.get, lambda f, op, v: _value(f, op, v, ctx))
    except vf.FilterError:
        return [], 0  # a value the column cannot hold matches nothing
    for node in tree.items if tree.logic == vf.AND else []:
        if isinstance(node, vf.Cond) and node.op == "=" and node.field.name in ("ID", "OWNER_ID", "OWNER_TYPE_ID"):
            value = node.value
            if isinstance(value, float) and value.is_integer() and fits_int32(int(value)):
                column = act.A.c.id if node.field.name == "ID" else getattr(act.A.c, node.field.column)
                query = query.where(column == int(value))
    rows = conn.execute(query.order_by(act.A.c.id)).all()
    readable: dict[int, bool] = {}
    visible = []
    for row in rows:
        if row.owner_type_id not in readable:
            readable[row.owner_type_id] = act.may(conn, ctx, row.owner_type_id, "read")
        if readable[row.owner_type_id]:
            visible.append(row)
    matched = vf.sort_rows(vf.filter_rows(visible, tree, _get), _order(order_raw), _get)
    total = len(matched)
    page = matched[max(start, 0) : max(start, 0) + PAGE]
    fields, with_comms, with_files = selected(select_raw)
    comms = act.communications_of(conn, [r.id for r in page]) if with_comms else {}
    items = []
    for row in page:
        item = act.render(row, ctx, fields)
        if with_files:
            item["FILES"] = []  # files are not kept (docs/fidelity.md)
        if with_comms:
            item["COMMUNICATIONS"] = comms.get(row.id, [])
        items.append(item)
    return items, total
