"""``main.eventlog.*`` over REST v3 (scope ``main``, portal administrators only): list, get, tail and the
field methods of EventLogDto (api-reference/event-log/*.md).

Requests are read with the shared REST v3 structures (``schema/request.py``) against EventLogDto and answered
in SQL. ``tail`` reads forward (or backward) from a cursor: ``{field, value, order, limit}``; without a
cursor it starts at the first entry by ``id``. A filter on the cursor's field is refused, as the docs' example
shows.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import select

from b24local.api.tasks import LIST_ERRORS, LIST_PARAMS, READ_ERRORS, field_methods, obj
from b24local.core.context import Call
from b24local.core.errors import V3, ApiError, Msg, fill, v3_validation
from b24local.core.registry import Doc, method
from b24local.schema.dto import type_error
from b24local.schema.eventlog_dto import EVENT_LOG_DTO
from b24local.schema.request import (
    MAX_LIMIT,
    Select,
    filter_value,
    order_by,
    parse_filter,
    parse_id,
    parse_order,
    parse_pagination,
    parse_select,
    where,
)
from b24local.store.tables_eventlog import event_log

SCOPE = "main"
FIELD_OF = {f.column: f.name for f in EVENT_LOG_DTO.fields if f.column}


def _column(name: str) -> Any:
    field = EVENT_LOG_DTO.by_name[name]
    return event_log.c[field.column or name]


def _admin(call: Call) -> None:
    if not call.is_admin:  # the view_event_log operation: administrators (main-eventlog-list.md)
        raise ApiError(V3.ACCESS_DENIED)


def _render(call: Call, row: Any, sel: Select | None) -> dict[str, Any]:
    names = set(sel.plain) if sel and sel.plain else None
    out: dict[str, Any] = {}
    for f in EVENT_LOG_DTO.fields:
        if names is not None and f.name not in names:
            continue
        value = row[f.column]
        if f.name == "timestampX":
            value = call.portal.iso(value)
        out[f.name] = value
    return out


def _select(params: dict[str, Any]) -> Select | None:
    return parse_select(EVENT_LOG_DTO, params["select"], {}) if "select" in params else None


@method(
    "main.eventlog.list",
    api=3,
    scope=SCOPE,
    write=False,
    doc=Doc(LIST_PARAMS, (), EVENT_LOG_DTO, "items", (*LIST_ERRORS, V3.EVENTLOG_PAGINATION)),
)
def eventlog_list(call: Call, params: Any) -> Any:
    params = obj(params)
    sel = _select(params)
    flt = parse_filter(EVENT_LOG_DTO, params["filter"]) if "filter" in params else None
    order = parse_order(EVENT_LOG_DTO, params["order"]) if "order" in params else []
    try:
        limit, offset = parse_pagination(params["pagination"]) if "pagination" in params else (50, 0)
    except ApiError as err:
        raise ApiError(V3.EVENTLOG_PAGINATION, page=err.params.get("page")) from None
    _admin(call)
    q = select(event_log)
    if flt is not None:
        q = q.where(where(flt, _column))
    if not any(n == "id" for n, _ in order):
        order = [*order, ("id", False)]
    rows = call.conn.execute(q.order_by(*order_by(order, _column)).limit(limit).offset(offset)).mappings()
    return {"items": [_render(call, r, sel) for r in rows]}


@method(
    "main.eventlog.get",
    api=3,
    scope=SCOPE,
    write=False,
    doc=Doc((("id", "id"), ("select", "select")), ("id",), EVENT_LOG_DTO, "item", (*READ_ERRORS, V3.ENTRY_NOT_FOUND)),
)
def eventlog_get(call: Call, params: Any) -> Any:
    params = obj(params)
    entry_id = parse_id(params)
    sel = _select(params)
    _admin(call)
    row = call.conn.execute(select(event_log).where(event_log.c.id == entry_id)).mappings().first()
    if row is None:
        raise ApiError(V3.ENTRY_NOT_FOUND, id=entry_id)
    return {"item": _render(call, row, sel)}


def _cursor(raw: Any) -> tuple[str, bool, Any, int]:
    """(field, descending, value, limit) of ``cursor`` (main-eventlog-tail.md): field and value required."""
    if not isinstance(raw, dict):
        raise type_error("cursor", "array")
    cursor: dict[str, Any] = raw
    name = cursor.get("field")
    if name is None:
        raise v3_validation(V3.REQUEST_VALIDATION, (fill(Msg.REQUIRED_FIELD, field="cursor.field"), "cursor.field"))
    if not isinstance(name, str) or EVENT_LOG_DTO.get(name) is None:
        raise EVENT_LOG_DTO.unknown(str(name))
    if "value" not in cursor:
        raise v3_validation(V3.REQUEST_VALIDATION, (fill(Msg.REQUIRED_FIELD, field="cursor.value"), "cursor.value"))
    value = filter_value("cursor.value", EVENT_LOG_DTO.by_name[name].type, cursor["value"])
    direction = cursor.get("order", "ASC")
    if not isinstance(direction, str) or direction.upper() not in ("ASC", "DESC"):
        raise ApiError(V3.INVALID_ORDER, order=direction if isinstance(direction, str) else str(direction))
    limit = 50
    if "limit" in cursor:
        number = cursor["limit"]
        ok = isinstance(number, int) and not isinstance(number, bool) and number > 0
        if not ok:
            raise ApiError(V3.INVALID_PAGINATION, page=orjson.dumps({"limit": number}).decode())
        limit = min(number, MAX_LIMIT)
    return name, direction.upper() == "DESC", value, limit


def _uses(node: Any, name: str) -> bool:
    items = getattr(node, "items", None)
    if items is None:
        return bool(getattr(node, "field", None) == name)
    return any(_uses(item, name) for item in items)


@method(
    "main.eventlog.tail",
    api=3,
    scope=SCOPE,
    write=False,
    doc=Doc(
        (("select", "select"), ("filter", "filter"), ("cursor", "cursor")), (), EVENT_LOG_DTO, "items", LIST_ERRORS
    ),
)
def eventlog_tail(call: Call, params: Any) -> Any:
    params = obj(params)
    sel = _select(params)
    flt = parse_filter(EVENT_LOG_DTO, params["filter"]) if params.get("filter") else None
    name, descending, value, limit = ("id", False, None, 50)
    if "cursor" in params:
        name, descending, value, limit = _cursor(params["cursor"])
        if flt is not None and _uses(flt, name):
            raise ApiError(V3.INVALID_FILTER, filter=f"Cursor field {name} cannot be used at filter.")
    _admin(call)
    q = select(event_log)
    if flt is not None:
        q = q.where(where(flt, _column))
    if value is not None:
        q = q.where(_column(name) < value if descending else _column(name) > value)
    rows = call.conn.execute(q.order_by(*order_by([(name, descending), ("id", descending)], _column)).limit(limit))
    return {"items": [_render(call, r, sel) for r in rows.mappings()]}


field_methods("main.eventlog", EVENT_LOG_DTO, scope=SCOPE)
