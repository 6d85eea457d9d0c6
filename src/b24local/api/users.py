"""user.current, user.get, user.search, user.fields (scope ``user``, or the narrower ``user_basic`` /
``user_brief``), and user.add, user.update (``user`` itself).

Field lists and their order are schema/user_fields.py's; the value rules follow api-reference/user/user-get.md,
user-current.md and user-scope.md, and beyond them the real server's observed behaviour (docs/fidelity.md,
"Users"):
keys whose value is null are left out; ``ACTIVE`` is a boolean; ``ID`` a string; dates ISO 8601 in the
portal's zone; ``FILTER`` replaces the top-level field filters; pages of 50. The filter itself is
``schema/user_filter.py`` (api-reference/user/user-get.md).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from b24local.core.context import Call
from b24local.core.errors import ApiError, E
from b24local.core.php import php_intval, php_string
from b24local.core.registry import Result, method
from b24local.domain import departments, users
from b24local.schema import user_fields as uf
from b24local.schema import user_filter
from b24local.store import tables as t
from b24local.store.rows import fits_int

PAGE = 50

ALWAYS = {"ACTIVE", "DATE_REGISTER", "PERSONAL_BIRTHDAY", "LAST_LOGIN", "UF_EMPLOYMENT_DATE"}


def field_list(call: Call) -> tuple[str, ...]:
    return uf.readable(call.principal.scopes)


def _date_midnight(call: Call, ts: int | None) -> str:
    if not ts:
        return ""
    day = datetime.fromtimestamp(ts, call.portal.tz).replace(hour=0, minute=0, second=0)
    return day.isoformat()


def _day(call: Call, day: str) -> datetime:
    """A stored date (``YYYY-MM-DD``) at midnight in the portal's zone, as ``CRestUtil::convertDate`` shows it."""
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), call.portal.tz)


def _profile(call: Call, row: Any) -> dict[str, Any]:
    """The profile fields user.add / user.update wrote, in their output form."""
    out: dict[str, Any] = {}
    for name, value in (row.profile or {}).items():
        f = uf.BY_NAME.get(name)
        if f is not None and value is not None:
            out[name] = _day(call, value).isoformat() if f.date else value
    return out


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
        **_profile(call, row),
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


def filter_row(call: Call, row: Any) -> dict[str, Any]:
    """A user as the filter reads it: stored values, no value (None) where b24local keeps none."""
    profile = {
        name: int(_day(call, value).timestamp()) if uf.BY_NAME[name].date else value
        for name, value in (row.profile or {}).items()
        if name in uf.BY_NAME and value is not None
    }
    return {
        "ID": row.id, "XML_ID": row.xml_id, "ACTIVE": "Y" if row.active else "N", "NAME": row.name,
        "LAST_NAME": row.last_name, "SECOND_NAME": row.second_name, "TITLE": "", "EMAIL": row.email,
        "LAST_LOGIN": row.last_login, "DATE_REGISTER": row.date_register, "TIME_ZONE": row.time_zone,
        "IS_ONLINE": "N", "PERSONAL_GENDER": row.gender, "PERSONAL_CITY": row.personal_city,
        "WORK_POSITION": row.work_position, "UF_DEPARTMENT": [int(d) for d in (row.departments or [])],
        "USER_TYPE": row.user_type, **profile,
    }  # fmt: skip


def _filter_source(params: dict[str, Any]) -> dict[str, Any]:
    """``FILTER`` (any letter case) replaces the top-level keys as the filter (user-get.md)."""
    source = params.get("FILTER")
    if isinstance(source, (dict, list)):
        return _upper_keys({str(i): v for i, v in enumerate(source)} if isinstance(source, list) else source)
    return params  # SORT, ORDER, SELECT, START … name no field and are skipped


SEARCHED = ("NAME", "LAST_NAME", "SECOND_NAME", "WORK_POSITION")


def _search_source(call: Call, source: dict[str, Any]) -> dict[str, Any]:
    """user.search: ``FIND`` searches the personal data on its own ("It is not possible to use FIND and any
    other field simultaneously"); without it the name, position and ``UF_DEPARTMENT_NAME`` keys match the
    start of their value, as the search filter's right LIKE does (user-search.md)."""
    find = source.get("FIND")
    if find not in (None, "") and not isinstance(find, (dict, list)):
        return {"NAME_SEARCH": find}
    out: dict[str, Any] = {}
    for key, value in source.items():
        if key in SEARCHED and not isinstance(value, (dict, list)):
            out["=%" + key] = php_string(value) + "%"
        elif key == "UF_DEPARTMENT_NAME" and not isinstance(value, (dict, list)):
            start = php_string(value).casefold()
            wanted = [d.id for d in departments.all_departments(call.conn) if d.name.casefold().startswith(start)]
            out["@UF_DEPARTMENT"] = wanted
        else:
            out[key] = value
    return out


def _start(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _users(call: Call, params: dict[str, Any], *, search: bool) -> Any:
    """user.get and user.search: the filter, ``SORT``/``ORDER``, ``select``, pages of 50."""
    params = _upper_keys(params)
    fields = field_list(call)
    source = _filter_source(params)
    if search:
        source = _search_source(call, source)
    conditions = user_filter.parse(source, user_filter.allowed_keys(call.principal.scopes), call.portal.tz)
    rows = call.conn.execute(select(t.users).order_by(t.users.c.id)).all()
    found = [user_values(call, row) for row in rows if user_filter.matches(conditions, filter_row(call, row))]
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


@method("user.get", api=2, scope="user", write=False)
def user_get(call: Call, params: dict[str, Any]) -> Any:
    return _users(call, params, search=False)


@method("user.search", api=2, scope="user", write=False)
def user_search(call: Call, params: dict[str, Any]) -> Any:
    return _users(call, params, search=True)


@method("user.fields", api=2, scope="user", write=False)
def user_fields(call: Call, params: dict[str, Any]) -> dict[str, str]:
    """The fields the caller's scope may read, with their labels (user-fields.md)."""
    return {name: uf.BY_NAME[name].label for name in field_list(call)}


# -- user.add / user.update ---------------------------------------------------------------------------------
def _full_user_scope(call: Call) -> None:
    """user.add and user.update need ``user`` itself ("the methods user.add and user.update are not
    available", user-scope.md): a narrower scope gets this error with HTTP 200 (observed behaviour of the
    real server, not documented)."""
    if "user" not in call.principal.scopes:
        raise ApiError(E.USER_SCOPE_TOO_NARROW)


@method("user.add", api=2, scope="user")
def user_add(call: Call, params: dict[str, Any]) -> int:
    _full_user_scope(call)
    if not call.is_admin:
        raise ApiError(E.USER_ACCESS_DENIED)
    return users.invite(call.conn, _upper_keys(params), tz=call.portal.tz, now=call.portal.now(), actor_id=call.user_id)


@method("user.update", api=2, scope="user")
def user_update(call: Call, params: dict[str, Any]) -> bool:
    _full_user_scope(call)
    params = _upper_keys(params)
    raw = params.get("ID")
    user_id = 0 if isinstance(raw, (dict, list)) else php_intval(raw)
    if user_id <= 0 or (not call.is_admin and user_id != call.user_id):
        raise ApiError(E.USER_ACCESS_DENIED)
    user = users.get_user(call.conn, user_id) if fits_int(user_id) else None
    if user is None:
        raise ApiError(E.USER_NOT_UPDATED)
    users.update_profile(call.conn, user, params, tz=call.portal.tz, own=not call.is_admin)
    return True
