"""Local applications (``apps`` table): which users may use an app's tokens."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Connection, select

from b24local.store.rows import insert_id
from b24local.store.tables_protocol import apps


def _users(value: Any) -> list[int] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(u, int) and not isinstance(u, bool) for u in value):
        raise ValueError("users must be a list of user ids, or null for every user")
    return sorted(set(value))


def create_app(conn: Connection, *, code: str = "", users: Any = None) -> int:
    return insert_id(conn, apps.insert().values(code=code, users=_users(users), created_at=int(time.time())))


def set_users(conn: Connection, app_id: int, users: Any) -> bool:
    return bool(conn.execute(apps.update().where(apps.c.id == app_id).values(users=_users(users))).rowcount)


def delete_app(conn: Connection, app_id: int) -> bool:
    return bool(conn.execute(apps.delete().where(apps.c.id == app_id)).rowcount)


def list_apps(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(select(apps.c.id, apps.c.code, apps.c.users).order_by(apps.c.id)).all()
    return [{"id": r.id, "code": r.code, "users": r.users} for r in rows]


def app_allows(conn: Connection, app_id: int, user_id: int) -> bool:
    """False only when the app exists and its access is restricted to other users."""
    row = conn.execute(select(apps.c.users).where(apps.c.id == app_id)).first()
    if row is None or row.users is None:
        return True
    return user_id in row.users
