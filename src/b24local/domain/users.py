"""Users of the portal."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Connection, select

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
}
ROOT_DEPARTMENT = 1


def new_row(*, date_register: int, **values: Any) -> dict[str, Any]:
    """The stored row of a new user: the defaults, then ``values`` (column → value)."""
    row = {**DEFAULTS, "departments": [ROOT_DEPARTMENT], "date_register": date_register}
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
