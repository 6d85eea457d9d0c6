"""user.current and user.get (scope ``user``, or the narrower ``user_basic`` / ``user_brief``).

Field lists, their order and the value rules follow api-reference/user/user-get.md, user-current.md and
user-scope.md, and beyond them the real server's observed behaviour (docs/fidelity.md, "Users"):
keys whose value is null are left out; ``ACTIVE`` is a boolean; ``ID`` a string; dates ISO 8601 in the
portal's zone; ``FILTER`` replaces the top-level field filters; pages of 50. The filter itself is
``schema/user_filter.py`` (api-reference/user/user-get.md).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from b24local.core.context import Call
from b24local.core.errors import ApiError, E
from b24local.core.registry import Result, method
from b24local.schema import user_filter
from b24local.store import tables as t

PAGE = 50

FULL_FIELDS = (
    "ID", "XML_ID", "ACTIVE", "NAME", "LAST_NAME", "SECOND_NAME", "TITLE", "EMAIL", "LAST_LOGIN",
    "DATE_REGISTER", "TIME_ZONE", "IS_ONLINE", "PERSONAL_GENDER", "PERSONAL_BIRTHDAY", "PERSONAL_CITY",
    "WORK_POSITION", "UF_EMPLOYMENT_DATE", "UF_DEPARTMENT", "USER_TYPE",
)  # fmt: skip
BASIC_FIELDS = (
    "ID", "XML_ID", "ACTIVE", "NAME", "LAST_NAME", "SECOND_NAME", "TITLE", "EMAIL", "WORK_POSITION",
    "IS_ONLINE", "TIME_ZONE", "DATE_REGISTER", "PERSONAL_GENDER", "PERSONAL_BIRTHDAY", "PERSONAL_CITY",
    "UF_DEPARTMENT", "UF_EMPLOYMENT_DATE", "USER_TYPE",
)  # fmt: skip
BRIEF_FIELDS = (
    "ID", "XML_ID", "ACTIVE", "NAME", "LAST_NAME", "SECOND_NAME", "TITLE", "IS_ONLINE", "TIME_ZONE",
    "DATE_REGISTER", "PERSONAL_GENDER", "PERSONAL_BIRTHDAY", "PERSONAL_CITY", "WORK_POSITION",
    "UF_EMPLOYMENT_DATE", "UF_DEPARTMENT", "USER_TYPE",
)  # fmt: skip
ALWAYS = {"ACTIVE", "DATE_REGISTER", "PERSONAL_BIRTHDAY", "LAST_LOGIN", "UF_EMPLOYMENT_DATE"}


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
        "PERSONAL_CITY": row.personal_city,
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


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return list(value.values())
    return value if isinstance(value, list) else [value]


def filter_row(row: Any) -> dict[str, Any]:
    """A user as the filter reads it: stored values, no value (None) where b24local keeps none."""
    return {
        "ID": row.id, "XML_ID": row.xml_id, "ACTIVE": "Y" if row.active else "N", "NAME": row.name,
        "LAST_NAME": row.last_name, "SECOND_NAME": row.second_name, "TITLE": "", "EMAIL": row.email,
        "LAST_LOGIN": row.last_login, "DATE_REGISTER": row.date_register, "TIME_ZONE": row.time_zone,
        "IS_ONLINE": "N", "PERSONAL_GENDER": row.gender, "PERSONAL_CITY": row.personal_city,
        "WORK_POSITION": row.work_position, "UF_DEPARTMENT": [int(d) for d in (row.departments or [])],
        "USER_TYPE": row.user_type,
    }  # fmt: skip


def _conditions(call: Call, params: dict[str, Any]) -> user_filter.Group:
    source = params.get("FILTER")
    if isinstance(source, (dict, list)):
        source = _upper_keys({str(i): v for i, v in enumerate(source)} if isinstance(source, list) else source)
    else:
        source = params  # SORT, ORDER, SELECT, START … name no field and are skipped
    return user_filter.parse(source, user_filter.allowed_keys(call.principal.scopes), call.portal.tz)


def _start(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@method("user.get", api=2, scope="user", write=False)
def user_get(call: Call, params: dict[str, Any]) -> Any:
    params = _upper_keys(params)
    fields = field_list(call)
    conditions = _conditions(call, params)
    rows = call.conn.execute(select(t.users).order_by(t.users.c.id)).all()
    found = [user_values(call, row) for row in rows if user_filter.matches(conditions, filter_row(row))]
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
