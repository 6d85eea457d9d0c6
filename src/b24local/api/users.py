"""user.current and user.get (scope ``user``, or the narrower ``user_basic`` / ``user_brief``).

Field lists, their order, the value rules and the filter syntax follow the rest module's user API
(notes in docs/fidelity.md): keys whose value is null are left out; ``ACTIVE`` is a boolean; ``ID`` a
string; dates ISO 8601 in the portal's zone; ``FILTER`` replaces the top-level field filters; pages of 50.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Callable

from sqlalchemy import select

from b24local.core.context import Call
from b24local.core.errors import ApiError, E
from b24local.core.registry import Result, method
from b24local.store import tables as t

PAGE = 50

FULL_FIELDS = (
    "ID", "XML_ID", "ACTIVE", "NAME", "LAST_NAME", "SECOND_NAME", "TITLE", "EMAIL", "LAST_LOGIN",
    "DATE_REGISTER", "TIME_ZONE", "IS_ONLINE", "PERSONAL_GENDER", "PERSONAL_BIRTHDAY", "WORK_POSITION",
    "UF_EMPLOYMENT_DATE", "UF_DEPARTMENT", "USER_TYPE",
)  # fmt: skip
BASIC_FIELDS = (
    "ID", "XML_ID", "ACTIVE", "NAME", "LAST_NAME", "SECOND_NAME", "TITLE", "EMAIL", "WORK_POSITION",
    "IS_ONLINE", "TIME_ZONE", "DATE_REGISTER", "PERSONAL_GENDER", "PERSONAL_BIRTHDAY", "UF_DEPARTMENT",
    "UF_EMPLOYMENT_DATE", "USER_TYPE",
)  # fmt: skip
BRIEF_FIELDS = (
    "ID", "XML_ID", "ACTIVE", "NAME", "LAST_NAME", "SECOND_NAME", "TITLE", "IS_ONLINE", "TIME_ZONE",
    "DATE_REGISTER", "PERSONAL_GENDER", "PERSONAL_BIRTHDAY", "WORK_POSITION", "UF_EMPLOYMENT_DATE",
    "UF_DEPARTMENT", "USER_TYPE",
)  # fmt: skip
ALWAYS = {"ACTIVE", "DATE_REGISTER", "PERSONAL_BIRTHDAY", "LAST_LOGIN", "UF_EMPLOYMENT_DATE"}
PREFIX = re.compile(r"^(\W{1,2})(.+)$")


def field_list(call: Call) -> tuple[str, ...]:
    scopes = call.principal.scopes
    if "user" in scopes:
        return FULL_FIELDS
    if "user_basic" in scopes:
        return BASIC_FIELDS
    return BRIEF_FIELDS


def _date_midnight(call: Call, ts: int | None) -> str:
    if not ts:
        return ""
    day = datetime.fromtimestamp(ts, call.portal.tz).replace(hour=0, minute=0, second=0)
    return day.isoformat()


def user_values(call: Call, row: Any) -> dict[str, Any]:
    """Every field b24local knows for a user, before the scope's list picks and orders them."""
    return {
        "ID": str(row.id),
        "XML_ID": row.xml_id,
        "ACTIVE": bool(row.active),
        "NAME": row.name,
        "LAST_NAME": row.last_name,
        "SECOND_NAME": row.second_name,
        "TITLE": "",
        "EMAIL": row.email,
        "LAST_LOGIN": call.portal.iso(row.last_login) or "",
        "DATE_REGISTER": _date_midnight(call, row.date_register),
        "TIME_ZONE": row.time_zone,
        "IS_ONLINE": "N",
        "PERSONAL_GENDER": row.gender,
        "PERSONAL_BIRTHDAY": "",
        "WORK_POSITION": row.work_position,
        "UF_EMPLOYMENT_DATE": "",
        "UF_DEPARTMENT": [int(d) for d in (row.departments or [])],
        "USER_TYPE": row.user_type,
    }


def render(values: dict[str, Any], fields: tuple[str, ...], select_: set[str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in fields:
        if select_ is not None and name not in select_:
            continue
        value = values.get(name)
        if value is None and name not in ALWAYS:
            continue
        out[name] = value if value is not None else ""
    return out


@method("user.current", api=2, scope="user", write=False)
def user_current(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    row = call.conn.execute(select(t.users).where(t.users.c.id == call.user_id)).first()
    return render(user_values(call, row), field_list(call))


# -- user.get ---------------------------------------------------------------------------------------
def _upper_keys(params: dict[str, Any]) -> dict[str, Any]:
    return {str(k).upper(): v for k, v in params.items()}


def _norm(field: str, value: Any) -> Any:
    """Filter values the way the user API prepares them (ACTIVE Y/N, ids as numbers)."""
    if field == "ACTIVE":
        if isinstance(value, str):
            return value.upper() not in {"N", "", "0", "FALSE"}
        return bool(value)
    if field == "ID":
        try:
            return str(int(value))
        except (TypeError, ValueError):
            return str(value)
    if field == "UF_DEPARTMENT":
        try:
            return int(value)
        except (TypeError, ValueError):
            return value
    return value


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return list(value.values())
    return value if isinstance(value, list) else [value]


def _compare(op: str, actual: Any, expected: Any, field: str) -> bool:
    if isinstance(actual, list):  # multiple field (UF_DEPARTMENT): matches if any element does
        if op in ("!", "!=", "!@"):
            return not any(_compare(op.lstrip("!") or "=", a, expected, field) for a in actual)
        return any(_compare(op, a, expected, field) for a in actual)
    if op in ("", "=", "@"):
        return any(actual == _norm(field, e) for e in _as_list(expected))
    if op in ("!", "!=", "!@"):
        return all(actual != _norm(field, e) for e in _as_list(expected))
    if op in ("%", "=%", "%=", "!%"):
        needle = str(expected).lower()
        if op in ("=%", "%="):
            pattern = "^" + re.escape(needle).replace("%", ".*") + "$"
            return re.match(pattern, str(actual).lower()) is not None
        found = needle in str(actual).lower()
        return not found if op == "!%" else found
    key: Callable[[Any], Any] = (lambda v: int(v)) if field == "ID" else (lambda v: str(v))
    try:
        left, right = key(actual), key(_norm(field, expected))
    except (TypeError, ValueError):
        return False
    return {">": left > right, ">=": left >= right, "<": left < right, "<=": left <= right}.get(op, False)


def _conditions(params: dict[str, Any], allowed: tuple[str, ...]) -> list[tuple[str, str, Any]]:
    source = params.get("FILTER")
    if not isinstance(source, dict):
        source = {k: v for k, v in params.items() if k not in {"SORT", "ORDER", "SELECT", "ADMIN_MODE", "START"}}
    conditions = []
    for raw_key, value in source.items():
        key = str(raw_key).upper()
        op, field = "", key
        match = PREFIX.match(key)
        if match:
            op, field = match.group(1), match.group(2)
        if field in allowed:
            conditions.append((op, field, _norm(field, value) if op in ("", "=", "!", "!=") else value))
    return conditions


def _start(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@method("user.get", api=2, scope="user", write=False)
def user_get(call: Call, params: dict[str, Any]) -> Any:
    params = _upper_keys(params)
    fields = field_list(call)
    conditions = _conditions(params, fields)
    rows = call.conn.execute(select(t.users).order_by(t.users.c.id)).all()
    found = []
    for row in rows:
        values = user_values(call, row)
        if all(_compare(op, values.get(field), expected, field) for op, field, expected in conditions):
            found.append(values)
    sort, order = params.get("SORT"), params.get("ORDER")
    if isinstance(sort, str) and isinstance(order, str) and sort:
        column = sort.upper()
        if column not in fields:
            raise ApiError(E.USER_UNKNOWN_SORT, field=column)
        if order.upper() not in ("ASC", "DESC"):
            raise ApiError(E.ERROR_ARGUMENT, message=f'Invalid order "{order.upper()}"', extra={"argument": ""})
        numeric = column == "ID"
        found.sort(key=lambda v: int(v["ID"]) if numeric else str(v.get(column) or ""), reverse=order.upper() == "DESC")
    select_ = None
    wanted = params.get("SELECT")
    if isinstance(wanted, (list, dict)):
        names = {str(n).upper() for n in _as_list(wanted)}
        if "*" not in names:
            select_ = names
    start = _start(params.get("START"))
    no_count = start == -1
    offset = 0 if no_count else max(start, 0) // PAGE * PAGE
    page = [render(v, fields, select_) for v in found[offset : offset + PAGE]]
    if not page:
        return []
    if no_count:
        return Result(page, total=0)
    total = len(found)
    nxt = offset + len(page) if offset + len(page) < total else None
    return Result(page, total=total, next=nxt)
