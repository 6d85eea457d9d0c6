"""``tasks.task.history.list`` and ``tasks.task.counters.get`` (scope ``task``).

History: the records ``domain/task_history.py`` writes on every change, whichever API made it
(api-reference/tasks/tasks-task-history-list.md); filter keys ``FIELD``, ``USER_ID``, ``CREATED_DATE`` with
the v2 prefixes; order by ``CREATED_DATE`` (default ascending, as the task log's own list orders it), ``ID``,
``FIELD`` or ``USER_ID``.

Counters (tasks-task-counters-get.md): ``expired`` counts the user's open tasks (pending or in progress)
whose deadline has passed, in the role the ``type`` names; ``new_comments`` is 0 (b24local keeps no read
marks). A user the caller may not see (another user, for a non-administrator) or that does not exist → ``[]``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, exists, func, or_, select

from b24local.api.tasks_v2 import array_param, int_param, obj, task_id
from b24local.core.context import Call
from b24local.core.errors import T2, ApiError
from b24local.core.php import php_intval, php_string, php_strtotime
from b24local.core.registry import Result, method
from b24local.domain import task_history
from b24local.domain import tasks as T
from b24local.domain.users import get_user
from b24local.schema import v2_filter as vf
from b24local.store import tables_tasks as tt

SCOPE = "task"
HISTORY_FILTER = ("FIELD", "USER_ID", "CREATED_DATE")
HISTORY_ORDER = {"ID": "id", "CREATED_DATE": "created", "FIELD": "field", "USER_ID": "user_id", "USER": "user_id"}


def _history_row(call: Call, row: dict[str, Any], users: dict[int, Any]) -> dict[str, Any]:
    if row["user_id"] not in users:
        users[row["user_id"]] = get_user(call.conn, row["user_id"])
    user = users[row["user_id"]] or {}
    return {
        "id": row["id"],
        "createdDate": call.portal.iso(row["created"]),
        "field": row["field"],
        "value": {"from": row["value_from"], "to": row["value_to"]},
        "user": {
            "id": row["user_id"],
            "name": user.get("name", ""),
            "lastName": user.get("last_name", ""),
            "secondName": user.get("second_name", ""),
            "login": user.get("email", ""),
        },
    }


@method("tasks.task.history.list", api=2, scope=SCOPE, write=False)
def history_list(call: Call, params: Any) -> Any:
    params = obj(params)
    tid = task_id(params)
    flt = array_param(params, "filter") or {}
    order = array_param(params, "order") or {}
    task = T.load(call.conn, tid)
    if task is None:
        return {"list": []}
    if not T.rights(call, task)["read"]:
        raise ApiError(T2.ACCESS_DENIED)
    tz = call.portal.tz

    def value(row: dict[str, Any], name: str) -> Any:
        return {"FIELD": row["field"], "USER_ID": row["user_id"], "CREATED_DATE": row["created"]}[name]

    def convert(name: str, op: str, raw: Any) -> Any:
        if name == "USER_ID":
            return [php_intval(v) for v in raw] if isinstance(raw, list) else php_intval(raw)
        if name == "CREATED_DATE":
            return php_strtotime(raw, tz)
        return raw

    def resolve(name: str) -> str | None:
        upper = name.upper()
        return upper if upper in HISTORY_FILTER else None

    try:
        tree = vf.parse_filter(flt, resolve, convert)
    except vf.FilterError:
        tree = vf.Group()
    rows = vf.filter_rows(task_history.for_task(call.conn, tid), tree, value)
    sort: list[tuple[str, bool]] = []
    for key, direction in order.items() if isinstance(order, dict) else []:
        column = HISTORY_ORDER.get(str(key).upper()) or ("created" if str(key) == "createdDate" else None)
        if column:
            sort.append((column, php_string(direction).upper() != "ASC"))
    rows = vf.sort_rows(rows, (sort or [("created", False)]) + [("id", False)], lambda r, c: r[c])
    users: dict[int, Any] = {}
    return {"list": [_history_row(call, r, users) for r in rows]}


# counter name → its code (api-reference/tasks/tasks-task-counters-get.md)
COUNTERS = {"expired": 6291456, "new_comments": 12582912}
TYPES = ("view_all", "view_role_responsible", "view_role_accomplice", "view_role_auditor", "view_role_originator")


def _role(kind: str, user_id: int) -> Any:
    t, m = tt.tasks, tt.task_members

    def member(role: str) -> Any:
        return exists().where(m.c.task_id == t.c.id, m.c.user_id == user_id, m.c.role == role)

    return {
        "view_role_responsible": t.c.responsible_id == user_id,
        "view_role_accomplice": member("accomplice"),
        "view_role_auditor": member("auditor"),
        "view_role_originator": and_(t.c.creator_id == user_id, t.c.responsible_id != user_id),
    }.get(kind, or_(t.c.responsible_id == user_id, member("accomplice"), member("auditor")))


@method("tasks.task.counters.get", api=2, scope=SCOPE, write=False)
def counters_get(call: Call, params: Any) -> Any:
    params = obj(params)
    user_id = int_param(params, "userId", required=False) or call.user_id
    group_id = int_param(params, "groupId", required=False) or 0
    kind = php_string(params.get("type") or "view_all")
    if group_id:
        raise ApiError(T2.GROUP_NOT_FOUND)
    user = get_user(call.conn, user_id)
    if user is None or (user_id != call.user_id and not call.is_admin):
        return Result([], total=1)
    t = tt.tasks
    overdue = and_(t.c.status.in_(("pending", "in_progress")), t.c.deadline < call.portal.now())
    expired = call.conn.execute(
        select(func.count()).select_from(t).where(overdue, _role(kind if kind in TYPES else "view_all", user_id))
    ).scalar()
    counts = {"expired": int(expired or 0), "new_comments": 0}
    return Result({name: {"counter": counts[name], "code": code} for name, code in COUNTERS.items()}, total=1)
