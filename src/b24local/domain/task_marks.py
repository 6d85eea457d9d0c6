"""Per-user marks on a task: favorite, mute and pin (``tasks.task.favorite.*``, ``tasks.task.mute``/``unmute``,
``pin``/``unpin``). The v2 task shows the caller's own marks (``favorite``, ``isMuted``, ``isPinned``); the v3
task lists the users who set them (``inFavorite``, ``inMute``, ``inPin``)."""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, delete, select

from b24local.store import tables_tasks as tt

FAVORITE, MUTE, PIN = "favorite", "mute", "pin"

_USERS = (
    select(tt.task_user_flags.c.user_id)
    .where(tt.task_user_flags.c.task_id == bindparam("task"), tt.task_user_flags.c.kind == bindparam("kind"))
    .order_by(tt.task_user_flags.c.id)
)


def users_with(conn: Connection, task_id: int, kind: str) -> list[int]:
    return [int(r[0]) for r in conn.execute(_USERS, {"task": task_id, "kind": kind})]


def has(conn: Connection, task_id: int, user_id: int, kind: str) -> bool:
    return user_id in users_with(conn, task_id, kind)


def mark(conn: Connection, task_id: int, user_id: int, kind: str, on: bool) -> None:
    f = tt.task_user_flags
    conn.execute(delete(f).where(f.c.task_id == task_id, f.c.user_id == user_id, f.c.kind == kind))
    if on:
        conn.execute(f.insert().values(task_id=task_id, user_id=user_id, kind=kind))
