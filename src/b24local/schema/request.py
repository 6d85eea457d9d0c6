"""REST v3 request structures: ``id``, ``select``, ``filter``, ``order``, ``pagination`` (b24restdocs
api-reference/rest-v3.md "Connections between objects" and "Filtering";
api-reference/tasks/tasks-task-list-rest-v3.md).

Parsers validate against a ``Dto`` and raise the catalogue's errors; ``matches``/``sort_rows``/``page``
apply the parsed structures to rows (dicts of field name → value, datetimes as unix seconds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import and_, false, or_

from b24local.core.errors import V3, ApiError, Msg, fill, v3_validation
from b24local.schema import filters
from b24local.schema.dto import (
    DATETIME,
    FLOAT,
    INT,
    INT_MAX,
    INT_MIN,
    STRING,
    BadTypeError,
    Dto,
    parse_datetime,
    required_error,
    type_error,
)
from b24local.schema.filters import AND, Cond, Group, evaluate, to_sql

OPERATORS = ("=", "!=", ">", ">=", "<", "<=", "in", "between")
DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_LIMIT = 1000
DEFAULT_LIMIT = 50


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


# -- id ----------------------------------------------------------------------------------------------


def parse_id(params: dict[str, Any], name: str = "id") -> int:
    """A required integer parameter (PHP coercive: numeric strings and integral floats pass)."""
    if name not in params:
        raise required_error(name)
    value = params[name]
    number: int | None = None
    if isinstance(value, bool):
        number = int(value)
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and re.match(r"^\s*[+-]?\d+\s*$", value):
        number = int(value)
    if number is None or not INT_MIN <= number <= INT_MAX:
        raise type_error(name, INT)
    return number


# -- select ------------------------------------------------------------------------------------------


@dataclass
class Select:
    plain: list[str] = field(default_factory=list)
    relations: dict[str, list[str]] = field(default_factory=dict)  # relation field → sub-field names

    @property
    def empty(self) -> bool:
        return not self.plain and not self.relations


def parse_select(dto: Dto, raw: Any, related: dict[str, Dto]) -> Select:
    if isinstance(raw, str):
        raw = [raw]
    elif isinstance(raw, dict):
        raw = list(raw.values())
    if not isinstance(raw, list):
        raise ApiError(V3.INVALID_SELECT, select=_json(raw))
    sel = Select()
    for item in raw:
        if not isinstance(item, str):
            raise ApiError(V3.INVALID_SELECT, select=_json(item))
        if "." in item:
            head, sub = item.split(".", 1)
            f = dto.get(head)
            if f is None or f.relation is None:
                raise dto.unknown(item)
            target = related[f.relation]
            sub_head = sub.split(".", 1)[0]
            if sub_head not in target:
                raise target.unknown(sub_head)
            subs = sel.relations.setdefault(head, [])
            if sub_head not in subs:
                subs.append(sub_head)
            continue
        if item not in dto:
            raise dto.unknown(item)
        if item not in sel.plain:
            sel.plain.append(item)
    return sel


# -- filter ------------------------------------------------------------------------------------------


def _bad_filter(part: Any) -> ApiError:
    return ApiError(V3.INVALID_FILTER, filter=part if isinstance(part, str) else _json(part))


def parse_filter(dto: Dto, raw: Any) -> Group:
    if isinstance(raw, dict):
        return _parse_node(dto, raw)  # a single group object
    if not isinstance(raw, list):
        raise _bad_filter(raw)
    if raw and isinstance(raw[0], str):
        return Group(AND, [_parse_cond(dto, raw)])
    return Group(AND, [_parse_node(dto, item) for item in raw])


def _parse_node(dto: Dto, node: Any) -> Any:
    if isinstance(node, list):
        return _parse_cond(dto, node)
    if not isinstance(node, dict):
        raise _bad_filter(node)
    kind = node.get("type")
    if kind == "condition":
        if "leftOperand" not in node or "rightOperand" not in node:
            raise _bad_filter(node)
        return _parse_cond(dto, [node["leftOperand"], node.get("operator", "="), node["rightOperand"]])
    if kind not in (None, "filter"):
        raise _bad_filter(node)
    logic = node.get("logic", "and")
    conditions = node.get("conditions")
    negative = node.get("negative", False)
    if (
        not isinstance(logic, str)
        or logic.lower() not in ("and", "or")
        or not isinstance(conditions, list)
        or not isinstance(negative, bool)
        or set(node) - {"type", "logic", "conditions", "negative"}
    ):
        raise _bad_filter(node)
    return Group(logic.lower(), [_parse_node(dto, c) for c in conditions], negative)


def _parse_cond(dto: Dto, cond: list[Any]) -> Cond:
    if len(cond) == 2:
        name, value = cond
        op = "in" if isinstance(value, list) else "="
    elif len(cond) == 3:
        name, op, value = cond
    else:
        raise _bad_filter(cond)
    if not isinstance(name, str):
        raise _bad_filter(cond)
    f = dto.get(name)
    if f is None:
        raise dto.unknown(name)
    if not f.filterable:
        raise v3_validation(
            V3.REQUEST_VALIDATION, (fill(Msg.DTO_ATTRIBUTE, dto=dto.name, field=name, attribute="Filterable"), name)
        )
    if not isinstance(op, str) or op.lower() not in OPERATORS:
        raise ApiError(V3.UNKNOWN_FILTER_OPERATOR, operator=op)
    op = op.lower()
    if op == "in":
        if not isinstance(value, list) or any(isinstance(v, (list, dict)) for v in value):
            raise _bad_filter(cond)
        value = [None if v is None else filter_value(f.name, f.type, v) for v in value]
    elif op == "between":
        if not isinstance(value, list) or len(value) != 2 or f.type not in (INT, FLOAT, DATETIME):
            raise _bad_filter(cond)
        value = [filter_value(f.name, f.type, v) for v in value]
    else:
        if isinstance(value, (list, dict)):
            raise _bad_filter(cond)
        value = None if value is None else filter_value(f.name, f.type, value)
    return Cond(name, op, value)


def filter_value(name: str, type_: str, value: Any) -> Any:
    """Filter values are typed strictly (rest-v3.md "Filter errors"): an int field needs a JSON integer."""
    if type_ == INT:
        if isinstance(value, int) and not isinstance(value, bool) and INT_MIN <= value <= INT_MAX:
            return value
        raise type_error(name, INT)
    if type_ == FLOAT:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        raise type_error(name, FLOAT)
    if type_ == STRING:
        if isinstance(value, str):
            return value
        raise type_error(name, STRING)
    if type_ == DATETIME:
        if isinstance(value, str) and DATE_ONLY.match(value):
            value += "T00:00:00+00:00"
        try:
            return parse_datetime(value)
        except BadTypeError:
            raise type_error(name, DATETIME) from None
    return value


def _holds(cond: Cond, row: dict[str, Any]) -> bool:
    """One v3 condition: strict equality, and a NULL never satisfies a comparison."""
    value = row.get(cond.field)
    op, want = cond.op, cond.value
    if op == "=":
        return bool(value == want)
    if op == "!=":
        return bool(value != want)
    if op == "in":
        return value in want
    if value is None:
        return False
    if op == "between":
        return bool(want[0] <= value <= want[1])
    if want is None:
        return False
    return bool({">": value > want, ">=": value >= want, "<": value < want, "<=": value <= want}[op])


def matches(node: Group, row: dict[str, Any]) -> bool:
    return evaluate(node, lambda cond: _holds(cond, row))


def top_level_eq(node: Group, name: str) -> Any:
    """The value of a top-level ``[name, value]`` (``=``) condition, or None (results list rule)."""
    if node.logic != AND or node.negative:
        return None
    for item in node.items:
        if isinstance(item, Cond) and item.field == name and item.op == "=" and item.value is not None:
            return item.value
    return None


# -- order -------------------------------------------------------------------------------------------


def parse_order(dto: Dto, raw: Any) -> list[tuple[str, bool]]:
    """``{"field": "ASC"|"DESC"}`` → [(field, descending)]."""
    if not isinstance(raw, dict):
        raise ApiError(V3.INVALID_ORDER, order=_json(raw))
    out: list[tuple[str, bool]] = []
    for name, direction in raw.items():
        f = dto.get(name)
        if f is None:
            raise dto.unknown(name)
        if not f.sortable:
            raise v3_validation(
                V3.REQUEST_VALIDATION, (fill(Msg.DTO_ATTRIBUTE, dto=dto.name, field=name, attribute="Sortable"), name)
            )
        if not isinstance(direction, str) or direction.upper() not in ("ASC", "DESC"):
            raise ApiError(V3.INVALID_ORDER, order=direction if isinstance(direction, str) else _json(direction))
        out.append((name, direction.upper() == "DESC"))
    return out


def _sort_key(row: dict[str, Any], name: str) -> tuple[bool, Any]:
    value = row.get(name)
    return (value is not None, value if value is not None else 0)  # NULLs first ascending (MySQL)


def sort_rows(rows: list[dict[str, Any]], order: list[tuple[str, bool]]) -> list[dict[str, Any]]:
    return filters.sort_rows(rows, order, _sort_key)


# -- pagination --------------------------------------------------------------------------------------


def _num(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.match(r"^\s*[+-]?\d+\s*$", value):
        return int(value)
    return None


def parse_pagination(raw: Any) -> tuple[int, int]:
    """→ (limit, offset). ``limit`` 1..1000 (capped), default 50; ``page`` overrides ``offset``
    (tasks-task-list-rest-v3.md, ``pagination``)."""
    if not isinstance(raw, dict):
        raise ApiError(V3.INVALID_PAGINATION, page=_json(raw))
    limit, offset = DEFAULT_LIMIT, 0
    if "limit" in raw:
        n = _num(raw["limit"])
        if n is None or n <= 0:
            raise ApiError(V3.INVALID_PAGINATION, page=_json(raw))
        limit = min(n, MAX_LIMIT)
    if "offset" in raw:
        n = _num(raw["offset"])
        if n is None:
            raise ApiError(V3.INVALID_PAGINATION, page=_json(raw))
        offset = max(n, 0)
    if "page" in raw:
        n = _num(raw["page"])
        if n is None:
            raise ApiError(V3.INVALID_PAGINATION, page=_json(raw))
        offset = (max(n, 1) - 1) * limit
    return limit, offset


# -- the same structures as SQL ---------------------------------------------------------------------
# ``where``/``order_by`` give exactly the answers of ``matches``/``sort_rows`` (two-valued logic: a NULL
# column never satisfies a comparison, so a negated group includes it; NULLs sort first ascending;
# strings compare by code point), so lists can filter, sort and page in the database.


def _sql_cond(cond: Cond, column: Any) -> Any:
    op, want = cond.op, cond.value
    present = column.isnot(None)
    if op == "=":
        return column.is_(None) if want is None else and_(present, column == want)
    if op == "!=":
        return present if want is None else or_(column.is_(None), column != want)
    if op == "in":
        values = [v for v in want if v is not None]
        expr = and_(present, column.in_(values)) if values else false()
        return or_(expr, column.is_(None)) if len(values) != len(want) else expr
    if want is None:
        return false()
    if op == "between":
        return and_(present, column.between(want[0], want[1]))
    return and_(present, {">": column > want, ">=": column >= want, "<": column < want, "<=": column <= want}[op])


def where(node: Group, column_of: Any) -> Any:
    """The filter tree as a SQL condition; ``column_of(field name)`` gives the column to compare."""
    return to_sql(node, lambda cond: _sql_cond(cond, column_of(cond.field)))


def order_by(order: list[tuple[str, bool]], column_of: Any) -> list[Any]:
    return [
        column_of(name).desc().nulls_last() if desc else column_of(name).asc().nulls_first() for name, desc in order
    ]
