"""The 45-key task ``rights`` map (api-reference/tasks/tasks-task-access-get.md), computed for one user from
role × task state.

Roles: director (creator), responsible, accomplice, auditor, none; a portal admin passes the admin
short-circuits. The rules restate the real server's access rules for the default "Employee" role
permissions, no group and no flow (observed behaviour of the real server, not documented; seed 004's
``rights`` for the creator); the matrix is written out in ``docs/fidelity.md``. ``tasks.task.access.get`` and ``item.rights`` return the same map.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Key order of the seed ``tasks.task.add`` response.
RIGHT_KEYS = (
    "read watch mute createResult edit remove complete approve disapprove start take delegate defer renew "
    "deadline datePlan changeDirector changeResponsible changeAccomplices pause timeTracking mark changeStatus "
    "reminder addAuditors elapsedTime favorite checklistAdd checklistEdit checklistSave checklistToggle automate "
    "resultEdit completeResult removeResult resultRead admin createSubtask copy saveAsTemplate attachFile "
    "detachFile detachParent createGanttDependence sort"
).split()
assert len(RIGHT_KEYS) == 45


@dataclass
class TaskState:
    """What the rules read from a task; a missing task is the empty state (no members, status none)."""

    status: str | None = None
    creator_id: int | None = None
    responsible_id: int | None = None
    accomplices: list[int] = field(default_factory=list)
    auditors: list[int] = field(default_factory=list)
    allows_change_deadline: bool = False
    allows_change_date_plan: bool = False
    allows_time_tracking: bool = False
    require_result: bool = False
    has_open_result: bool = False


def compute(state: TaskState, user_id: int, is_admin: bool) -> dict[str, bool]:
    adm = is_admin
    d = state.creator_id is not None and state.creator_id == user_id
    rs = state.responsible_id is not None and state.responsible_id == user_id
    ac = user_id in state.accomplices
    au = user_id in state.auditors
    member = d or rs or ac or au
    st = state.status
    closed = st == "completed"
    actor = d or rs or ac  # director, responsible or accomplice

    read = adm or member
    edit = adm or d
    deadline = adm or d or (rs and state.allows_change_deadline)
    r: dict[str, bool] = {}
    r["read"] = r["watch"] = r["mute"] = r["createResult"] = read
    r["edit"] = edit
    r["remove"] = adm or d
    if closed:
        r["complete"] = False
    elif st == "supposedly_completed":
        r["complete"] = adm or d
    else:
        r["complete"] = adm or actor
    r["approve"] = r["disapprove"] = st == "supposedly_completed" and (adm or d)
    r["start"] = st == "pending" and (adm or actor)
    r["take"] = False  # flow tasks only
    r["delegate"] = not closed and (adm or d or rs)
    r["defer"] = st == "pending" and (adm or actor)
    r["renew"] = (st == "supposedly_completed" and (rs or ac) and not d) or (
        st in ("completed", "deferred") and (adm or actor)
    )
    r["deadline"] = deadline
    r["datePlan"] = adm or d or (rs and state.allows_change_date_plan)
    r["changeDirector"] = False  # the rights service passes no new task model
    r["changeResponsible"] = adm or d
    r["changeAccomplices"] = adm or d
    r["pause"] = st == "in_progress" and (adm or actor)
    r["timeTracking"] = (
        state.allows_time_tracking and st not in ("completed", "supposedly_completed") and (adm or rs or ac)
    )
    r["mark"] = adm or d
    r["changeStatus"] = adm or actor
    r["reminder"] = read
    r["addAuditors"] = read
    r["elapsedTime"] = rs or ac or edit
    r["favorite"] = read
    checklist_edit = adm or (read and d)
    checklist_add = adm or (read and (rs or ac)) or checklist_edit
    r["checklistAdd"] = checklist_add
    r["checklistEdit"] = checklist_edit
    r["checklistSave"] = checklist_add
    r["checklistToggle"] = adm
    r["automate"] = True  # TASK_ROBOT_EDIT is in every default role
    r["resultEdit"] = False  # these rules need a result, not a task
    if closed:
        r["completeResult"] = False
    else:
        r["completeResult"] = adm or d or not state.require_result or state.has_open_result
    r["removeResult"] = False
    r["resultRead"] = False
    r["admin"] = adm
    r["createSubtask"] = read
    r["copy"] = read
    r["saveAsTemplate"] = read
    r["attachFile"] = member or edit
    r["detachFile"] = edit
    r["detachParent"] = edit
    r["createGanttDependence"] = adm or (read and deadline)
    r["sort"] = False  # only for group tasks
    return {k: bool(r[k]) for k in RIGHT_KEYS}
