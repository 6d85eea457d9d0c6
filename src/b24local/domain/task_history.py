"""The change log of a task (``tasks.task.history.list``): every change of a tracked field is one record,
whichever API made it, written in the change's own transaction.

Records are named by the v2 field names (``schema/task_v2.TRACKED``) plus the events ``NEW``, ``COMMENT``
and ``CHECKLIST_ITEM_*`` (api-reference/tasks/tasks-task-history-list.md). Values are kept as the real log
keeps them: v2 codes (status "2" → "3"), dates as unix timestamps, id lists sorted and comma-joined, a
description change with both sides empty; a missing side is "" (the docs' ``"from": ""``), except for
``NEW`` and ``COMMENT``, whose empty side is null.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, select

from b24local.schema import task_v2 as v2
from b24local.store import tables_tasks as tt


def record(
    conn: Connection, task_id: int, user_id: int, now: int, field: str, before: Any = None, after: Any = None
) -> None:
    conn.execute(
        tt.task_history.insert().values(
            task_id=task_id, user_id=user_id, created=now, field=field, value_from=before, value_to=after
        )
    )


def _text(form_value: Any) -> str:
    if form_value is None or form_value is False:
        return ""
    return str(form_value)


def snapshot(task: dict[str, Any], members: dict[str, list[int]]) -> dict[str, str]:
    """The tracked fields of a task as the log writes them."""
    out: dict[str, str] = {}
    for f in v2.TRACKED:
        if f.upper in ("ACCOMPLICES", "AUDITORS"):
            ids = members["accomplice" if f.upper == "ACCOMPLICES" else "auditor"]
            out[f.upper] = ",".join(str(i) for i in sorted(set(ids)))
        elif f.history == "blank":
            out[f.upper] = _text(task.get(f.source or ""))  # compared, then written as "" (see below)
        elif f.history == "date":
            out[f.upper] = _text(task.get(f.source or ""))
        else:
            value = task.get(f.source or "")
            if f.form in (v2.ID, v2.ID0) and not value:
                value = None
            out[f.upper] = _text(v2.scalar(f.form, value))
    return out


def record_changes(
    conn: Connection,
    task_id: int,
    user_id: int,
    now: int,
    before: dict[str, str],
    after: dict[str, str],
) -> None:
    """One record per tracked field whose value changed (a description change shows both sides empty)."""
    for f in v2.TRACKED:
        if before[f.upper] == after[f.upper]:
            continue
        if f.history == "blank":
            record(conn, task_id, user_id, now, f.upper, "", "")
        else:
            record(conn, task_id, user_id, now, f.upper, before[f.upper], after[f.upper])


def for_task(conn: Connection, task_id: int) -> list[dict[str, Any]]:
    q = select(tt.task_history).where(tt.task_history.c.task_id == task_id).order_by(tt.task_history.c.id)
    return [dict(r) for r in conn.execute(q).mappings()]


def forget(conn: Connection, task_id: int) -> None:
    conn.execute(delete(tt.task_history).where(tt.task_history.c.task_id == task_id))
