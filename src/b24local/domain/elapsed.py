"""Time spent on tasks (``task.elapseditem.*``): records of seconds by a user, with their source (1 undefined,
2 entered by hand, 3 the timer; api-reference/tasks/elapsed-item/index.md). A record is changed or removed by
its author or a portal administrator. Adding time without a start and stop records the moment of the call."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, select, update

from b24local.store import tables_tasks as tt
from b24local.store.rows import insert_id

SOURCE_MANUAL = 2
_E = tt.task_elapsed


def add(conn: Connection, task_id: int, user_id: int, now: int, values: dict[str, Any]) -> int:
    row = {
        "user_id": user_id,
        "comment_text": "",
        "seconds": 0,
        "source": SOURCE_MANUAL,
        "created_date": now,
        "date_start": now,
        "date_stop": now,
        **{k: v for k, v in values.items() if v is not None},
    }
    return insert_id(conn, _E.insert().values(task_id=task_id, **row))


def get(conn: Connection, task_id: int, record_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(_E).where(_E.c.id == record_id, _E.c.task_id == task_id)).mappings().first()
    return dict(row) if row else None


def for_tasks(conn: Connection, task_ids: list[int] | None) -> list[dict[str, Any]]:
    q = select(_E).order_by(_E.c.id)
    if task_ids is not None:
        q = q.where(_E.c.task_id.in_(task_ids))
    return [dict(r) for r in conn.execute(q).mappings()]


def may_change(record: dict[str, Any], user_id: int, is_admin: bool) -> bool:
    return is_admin or record["user_id"] == user_id


def change(conn: Connection, record: dict[str, Any], values: dict[str, Any]) -> None:
    row = {k: v for k, v in values.items() if v is not None}
    if row:
        conn.execute(update(_E).where(_E.c.id == record["id"]).values(**row))


def remove(conn: Connection, record: dict[str, Any]) -> None:
    conn.execute(delete(_E).where(_E.c.id == record["id"]))
