"""Users of the portal: creating them (the admin API, seeds, user.add), reading them, changing their\nprofile (user.update)."""

from __future__ import annotations

import re
import time
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy import Connection, func, select

from b24local.core.errors import ApiError, E
from b24local.core.php import php_intval, php_string, php_truthy
from b24local.domain import departments, events
from b24local.schema import events as ev
from b24local.schema import user_fields as uf
from b24local.schema.task_dto import RELATED_DTOS
from b24local.store import Store
from b24local.store import tables as t
from b24local.store.rows import insert_id

ADMIN_ID = 1


# What a new user stores when nothing else is given (user.add of api-reference/user/user-add.md adds an
# active employee in the root department).
DEFAULTS: dict[str, Any] = {
    "active": True,
    "name": "",
    "last_name": "",
    "second_name": "",
    "email": "",
    "is_admin": False,
    "user_type": "employee",
    "xml_id": None,
    "gender": "",
    "work_position": "",
    "time_zone": "",
    "last_login": None,
    "personal_city": None,
    "profile": None,
}


def new_row(*, date_register: int, **values: Any) -> dict[str, Any]:
    """The stored row of a new user: the defaults, then ``values`` (column → value)."""
    row = {**DEFAULTS, "departments": [departments.ROOT], "date_register": date_register}
    unknown = sorted(set(values) - set(row) - {"id"})
    if unknown:
        raise ValueError(f"unknown user fields: {', '.join(unknown)}")
    row.update(values)
    return row


def create_user(
    store: Store,
    conn: Connection,
    *,
    name: str,
    admin: bool = False,
    user_id: int | None = None,
    date_register: int | None = None,
    **values: Any,
) -> int:
    row = new_row(
        date_register=int(time.time()) if date_register is None else date_register, name=name, is_admin=admin, **values
    )
    if user_id is not None:
        if conn.execute(select(t.users.c.id).where(t.users.c.id == user_id)).first():
            raise ValueError(f"user {user_id} already exists")
        row["id"] = user_id
    new_id = insert_id(conn, t.users.insert().values(**row))
    if user_id is not None:
        store.sync_sequence(conn, t.users)
    return int(new_id)


def get_user(conn: Connection, user_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(t.users).where(t.users.c.id == user_id)).mappings().first()
    return dict(row) if row else None


def list_users(conn: Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(select(t.users).order_by(t.users.c.id)).mappings()]


def full_name(user: dict[str, Any]) -> str:
    return " ".join(p for p in (user["name"], user["last_name"]) if p)


def set_active(conn: Connection, user_id: int, active: bool) -> bool:
    return bool(conn.execute(t.users.update().where(t.users.c.id == user_id).values(active=active)).rowcount)


def user_dto(user: dict[str, Any] | None, subs: list[str] | None = None) -> dict[str, Any] | None:
    """A user as the tasks API's UserDto (api-reference/tasks/fields-rest-v3.md, "User Object"), in its
    declaration order. ``subs`` are the sub-fields a dotted select asked for; None (the relation named alone in
    ``select``) gives all of them."""
    if user is None:
        return None
    full = {
        "id": user["id"],
        "name": full_name(user),
        "role": None,
        "image": None,
        "gender": user["gender"] or None,
        "email": user["email"] or None,
        "externalAuthId": None,
        "rights": None,
    }
    return {k: full[k] for k in RELATED_DTOS["UserDto"].names() if subs is None or k in subs}


# -- user.add / user.update (api-reference/user/user-add.md, user-update.md) -----------------------------------
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def valid_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def _date(value: Any, tz: tzinfo) -> str | None:
    """An ISO 8601 or ``DD.MM.YYYY`` date as ``YYYY-MM-DD``; None when it is no date."""
    text = php_string(value).strip()
    m = re.match(r"^(\d{2})\.(\d{2})\.(\d{4})", text)
    if m:
        text = f"{m.group(3)}-{m.group(2)}-{m.group(1)}"
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        return None
    return (moment.astimezone(tz) if moment.tzinfo else moment).date().isoformat()


def department_ids(value: Any) -> list[int]:
    """``UF_DEPARTMENT``: one id or a list of them (a scalar becomes a list of one)."""
    listed = list(value.values()) if isinstance(value, dict) else value if isinstance(value, list) else [value]
    out: list[int] = []
    for v in listed:
        number = php_intval(v)
        if number > 0 and number not in out:
            out.append(number)
    return out


def rest_changes(given: dict[str, Any], tz: tzinfo, profile: dict[str, Any]) -> dict[str, Any]:
    """The columns to write from a user.add / user.update request (keys upper-cased): writable fields only,
    values cast as the user API casts them; a date that is no date is not written."""
    columns: dict[str, Any] = {}
    new_profile = dict(profile)
    for name, value in given.items():
        f = uf.BY_NAME.get(name)
        if f is None or not f.writable or f.kept == uf.NOT_KEPT or isinstance(value, dict):
            continue
        if name == "ACTIVE":
            columns["active"] = php_truthy(value) and value != "N"
        elif name == "UF_DEPARTMENT":
            columns["departments"] = department_ids(value)
        elif name == "PERSONAL_GENDER":
            text = php_string(value).strip().upper()[:1]
            columns["gender"] = text if text in ("M", "F") else ""
        elif isinstance(value, list):
            continue
        elif f.kept == uf.COLUMN:
            columns[f.column] = php_string(value).replace("\x00", "")[:255]
        elif f.date:
            if php_string(value).strip() == "":
                new_profile.pop(name, None)
            elif (day := _date(value, tz)) is not None:
                new_profile[name] = day
        else:
            new_profile[name] = php_string(value).replace("\x00", "")
    if new_profile != profile:
        columns["profile"] = new_profile
    return columns


def email_taken(conn: Connection, email: str, except_id: int | None = None) -> bool:
    query = select(t.users.c.id).where(func.lower(t.users.c.email) == email.lower())
    if except_id is not None:
        query = query.where(t.users.c.id != except_id)
    return conn.execute(query.limit(1)).first() is not None


def invite(conn: Connection, given: dict[str, Any], *, tz: tzinfo, now: int, actor_id: int) -> int:
    """user.add by an administrator, checked in the real server's order (observed, not documented; the
    errors are user-add.md's): extranet group, e-mail, the department an employee needs, a free e-mail;
    then the new user (an active employee) and ONUSERADD."""
    if php_truthy(given.get("EXTRANET")) and given.get("EXTRANET") != "N":
        # b24local has no workgroups, so no group an extranet user could join
        raise ApiError(E.USER_BAD_GROUP if given.get("SONET_GROUP_ID") else E.USER_NO_GROUP_CODE)
    email = php_string(given.get("EMAIL")).strip() if not isinstance(given.get("EMAIL"), (dict, list)) else ""
    if not valid_email(email):
        raise ApiError(E.USER_WRONG_EMAIL, extra={"argument": ""})
    changes = rest_changes({**given, "EMAIL": email}, tz, {})
    if not changes.get("departments"):
        raise ApiError(E.USER_NO_DEPARTMENT, extra={"argument": ""})
    if departments.existing_ids(conn, changes["departments"]) != set(changes["departments"]):
        raise ApiError(E.USER_NOT_UPDATED)
    if email_taken(conn, email):
        raise ApiError(E.USER_EMAIL_TAKEN, extra={"argument": ""})
    row = new_row(date_register=now, **changes)
    user_id = insert_id(conn, t.users.insert().values(**row))
    events.emit(conn, ev.USER_ADD, user_id=actor_id, now=now, id=user_id, user=event_fields(row, tz))
    return user_id


def event_fields(row: dict[str, Any], tz: tzinfo) -> dict[str, Any]:
    """The new user as ONUSERADD describes them (api-reference/common/events/on-user-add.md)."""
    profile = row.get("profile") or {}
    return {
        "ACTIVE": "Y" if row["active"] else "N",
        "EMAIL": row["email"],
        "NAME": row["name"],
        "LAST_NAME": row["last_name"],
        "PERSONAL_GENDER": row["gender"],
        "PERSONAL_BIRTHDAY": profile.get("PERSONAL_BIRTHDAY"),
        "UF_DEPARTMENT": row["departments"],
        "DATE_REGISTER": datetime.fromtimestamp(row["date_register"], tz).isoformat(),
        "WORK_POSITION": row["work_position"],
        "UF_EMPLOYMENT_DATE": profile.get("UF_EMPLOYMENT_DATE"),
    }


def update_profile(conn: Connection, user: dict[str, Any], given: dict[str, Any], *, tz: tzinfo, own: bool) -> None:
    """user.update: the fields given; someone editing their own profile cannot change ``ACTIVE`` or
    ``UF_DEPARTMENT`` (they are dropped). An unusable e-mail or an unknown department fails the update with
    user-update.md's empty ``ERROR_CORE``."""
    if own:
        given = {k: v for k, v in given.items() if k not in ("ACTIVE", "UF_DEPARTMENT")}
    changes = rest_changes(given, tz, dict(user.get("profile") or {}))
    if "email" in changes and (not valid_email(changes["email"]) or email_taken(conn, changes["email"], user["id"])):
        raise ApiError(E.USER_NOT_UPDATED)
    wanted = changes.get("departments")
    if wanted is not None and departments.existing_ids(conn, wanted) != set(wanted):
        raise ApiError(E.USER_NOT_UPDATED)
    if changes:
        conn.execute(t.users.update().where(t.users.c.id == user["id"]).values(**changes))
