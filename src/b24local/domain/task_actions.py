"""Actions on a task besides editing its fields: the status changes (start, pause, complete, defer, renew,
approve, disapprove), delegating, watching, and the caller's marks. Each checks the caller's right from
``task_rights`` and writes through ``tasks.apply_update``, so the history and ONTASKUPDATE follow as for any
change; the v2 handlers answer with the task, whichever API asks.

Transitions (api-reference/tasks/status/*.md, tasks-task-approve.md, tasks-task-disapprove.md): start →
in progress; pause → pending; complete → completed, or supposedly completed when the task needs the
creator's control and the caller is not its creator; defer → deferred; renew, disapprove → pending;
approve → completed. Delegating makes another user responsible and the former one an auditor
(tasks-task-delegate.md).
"""

from __future__ import annotations

from typing import Any

from b24local.core.context import Call
from b24local.domain import task_marks, tasks

# action → (the right it needs, the status it leads to)
TRANSITIONS: dict[str, tuple[str, str]] = {
    "start": ("start", "in_progress"),
    "pause": ("pause", "pending"),
    "complete": ("complete", "completed"),
    "defer": ("defer", "deferred"),
    "renew": ("renew", "pending"),
    "approve": ("approve", "completed"),
    "disapprove": ("disapprove", "pending"),
}


def allowed(call: Call, task: dict[str, Any] | None, right: str) -> bool:
    return task is not None and tasks.rights(call, task)[right]


def change_status(call: Call, task: dict[str, Any], action: str) -> bool:
    """Apply a status action; False (nothing written) when the caller may not."""
    right, status = TRANSITIONS[action]
    if not allowed(call, task, right):
        return False
    if action == "complete" and task["needsControl"] and task["creatorId"] != call.user_id:
        status = "supposedly_completed"
    tasks.apply_update(call, task, {"status": status})
    return True


def delegate(call: Call, task: dict[str, Any], user_id: int) -> bool:
    if not allowed(call, task, "delegate"):
        return False
    mem = tasks.members(call.conn, [task["id"]])[task["id"]]
    auditors = list(mem["auditor"])
    if task["responsibleId"] != user_id and task["responsibleId"] not in auditors:
        auditors.append(task["responsibleId"])
    tasks.apply_update(call, task, {"responsibleId": user_id}, task_members={"auditor": auditors})
    return True


def watch(call: Call, task: dict[str, Any], on: bool) -> bool:
    """startwatch/stopwatch: the caller joins or leaves the auditors."""
    if not allowed(call, task, "watch"):
        return False
    auditors = tasks.members(call.conn, [task["id"]])[task["id"]]["auditor"]
    wanted = [*auditors, call.user_id] if on else [a for a in auditors if a != call.user_id]
    if wanted != auditors and (not on or call.user_id not in auditors):
        tasks.apply_update(call, task, {}, task_members={"auditor": wanted})
    return True


def set_mark(call: Call, task: dict[str, Any], kind: str, on: bool) -> bool:
    """favorite, mute, pin: the caller's own mark; needs the read right."""
    if not allowed(call, task, "read"):
        return False
    task_marks.mark(call.conn, task["id"], call.user_id, kind, on)
    return True
