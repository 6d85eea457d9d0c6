"""Users of the portal."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Connection, select

from b24local.schema.task_dto import RELATED_DTOS
from b24local.store import Store
from b24local.store import tables as t

ADMIN_ID = 1


def create_user(
    store: Store,
    conn: Connection,
    *,
    name: str,
    last_name: str = "",
    email: str = "",
    admin: bool = False,
    user_id: int | None = None,
    user_type: str = "employee",
    **extra: Any,
) -> int:
    values: dict[str, Any] = {
        "active": True,
        "name": name,
        "last_name": last_name,
        "second_name": extra.pop("second_name", ""),
        "email": email,
        "is_admin": admin,
        "user_type": user_type,
        "gender": extra.pop("gender", ""),
        "work_position": extra.pop("work_position", ""),
        "departments": extra.pop("departments", [1]),
        "time_zone": extra.pop("time_zone", ""),
        "xml_id": extra.pop("xml_id", None),
        "personal_city": extra.pop("personal_city", None),
        "date_register": extra.pop("date_register", int(time.time())),
        "last_login": extra.pop("last_login", None),
    }
    if extra:
        raise ValueError(f"unknown user fields: {', '.join(sorted(extra))}")
    if user_id is not None:
        if conn.execute(select(t.users.c.id).where(t.users.c.id == user_id)).first():
            raise ValueError(f"user {user_id} already exists")
        values["id"] = user_id
    new_id = conn.execute(t.users.insert().values(**values)).inserted_primary_key[0]
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
    """A user as the tasks API's UserDto (tasks-v3.md §5.2), in its declaration order. ``subs`` are the
    sub-fields a dotted select asked for; None (the relation named alone in ``select``) gives all of them."""
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
