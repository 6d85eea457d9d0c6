"""``tasks.task.*`` over REST v2 (scope ``task``): the same tasks, rights and rules as the v3 methods
(``domain/tasks.py``, ``domain/task_rights.py``, ``domain/task_actions.py``), written and shown in the v2
names and forms of ``schema/task_v2.py``.

Parameters are bound by name, as the real controllers bind them: the task by ``taskId`` (``id`` too, except
for the favorite pair), then the method's own (api-reference/tasks/tasks-task-*.md, status/*.md,
user-actions/*.md). Errors are the ``T2`` entries of the catalogue, HTTP 400.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from b24local.api.task_v2_view import View, selected
from b24local.core.context import Call
from b24local.core.errors import T2, ApiError, E, ErrorDef
from b24local.core.php import INT_STRING, php_intval, php_string, php_strtotime
from b24local.core.registry import Result, method
from b24local.domain import task_actions as A
from b24local.domain import task_marks, task_queries
from b24local.domain import tasks as T
from b24local.domain.task_rights import compute
from b24local.domain.users import get_user
from b24local.schema import task_v2 as v2
from b24local.store import tables_tasks as tt

SCOPE = "task"


# -- binding -----------------------------------------------------------------------------------------------
def task_id(params: dict[str, Any], names: tuple[str, ...] = ("taskId", "id")) -> int:
    """The task of a call: missing → ``100`` CTaskItem…; ``(int)`` ≤ 0 → ``0`` "wrong task id"."""
    for name in names:
        if name in params and params[name] is not None:
            value = params[name]
            break
    else:
        raise ApiError(T2.NO_ID)
    number = 0 if isinstance(value, (list, dict)) else php_intval(value)
    if number <= 0 or number > 2**31 - 1:
        raise ApiError(T2.WRONG_ID)
    return number


def array_param(params: dict[str, Any], name: str) -> Any:
    """An optional array parameter; anything else → ``100`` "Invalid value {…} … Should be value of type array."."""
    value = params.get(name)
    if value is None:
        return None
    if not isinstance(value, (list, dict)):
        raise ApiError(E.WRONG_PARAMETER_TYPE, value=php_string(value), name=name, type="array")
    return value


def int_param(params: dict[str, Any], name: str, *, required: bool) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise ApiError(E.MISSING_PARAMETER, name=name)
        return None
    if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str) and INT_STRING.match(value))):
        raise ApiError(E.WRONG_PARAMETER_TYPE, value=php_string(value), name=name, type="int")
    return int(value)


def obj(params: Any) -> dict[str, Any]:
    return params if isinstance(params, dict) else {}


# -- the ``fields`` of add and update ------------------------------------------------------------------------
ROLES = {"ACCOMPLICES": "accomplice", "AUDITORS": "auditor"}
BAD_STATUS = "?"


def _items(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list):
        return value
    return [] if value in (None, "", False) else [value]


def read_fields(call: Call, raw: Any) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """v2 ``fields`` → TaskDto values and members. Keys are read in any letter case (``~TITLE`` is
    ``TITLE``); keys that name no writable field are ignored, as the task core ignores them."""
    values: dict[str, Any] = {}
    members: dict[str, list[int]] = {}
    for key, value in raw.items() if isinstance(raw, dict) else enumerate(raw):
        name = str(key).lstrip("~").upper()
        if name == "SE_PARAMETER":
            for entry in _items(value):
                if isinstance(entry, dict):
                    flag = v2.SE_PARAMETERS.get(php_intval(entry.get("CODE")))
                    if flag:
                        values[flag] = php_string(entry.get("VALUE")).upper() == "Y"
            continue
        f = v2.BY_UPPER.get(name)
        if f is None or not f.writable:
            continue
        if name in ROLES:
            ids = [php_intval(v) for v in _items(value)]
            members[ROLES[name]] = [i for i in ids if i > 0 and get_user(call.conn, i) is not None]
            continue
        converted = _input(f, value, call)
        if converted is not _SKIP:
            values[f.source or ""] = converted
    return values, members


_SKIP = object()


def _input(f: v2.V2Field, value: Any, call: Call) -> Any:
    form = f.form
    if form in (v2.ID, v2.ID0, v2.NUM):
        return php_intval(value)
    if form == v2.TEXT:
        return php_string(value).replace("\x00", "")
    if form == v2.YN:
        return value is True or php_string(value).upper() == "Y"
    if form == v2.DATE:
        return None if value in (None, "", False) else php_strtotime(value, call.portal.tz)
    if form == v2.PRIORITY:
        return {c: n for n, c in v2.PRIORITY_CODES.items()}.get(php_string(value), _SKIP)
    if form == v2.STATUS:
        return v2.STATUS_INPUT.get(php_string(value), BAD_STATUS)
    if form == v2.MARK:
        return {"P": "positive", "N": "negative", "": "none"}.get(php_string(value).upper(), _SKIP)
    if form == v2.DURATION:
        return {c: n for n, c in v2.DURATION_CODES.items()}.get(php_string(value), _SKIP)
    if form == v2.LIST:
        items = [php_string(v) for v in _items(value) if not isinstance(v, (list, dict))]
        if f.upper == "UF_TASK_WEBDAV_FILES":  # Drive ids come prefixed with "n"
            return [php_intval(i[1:] if i.startswith("n") else i) for i in items]
        return items
    return _SKIP


ADD_ERRORS: dict[str, ErrorDef] = {
    "title": T2.ADD_TITLE,
    "creator": T2.ADD_CREATOR,
    "responsible": T2.ADD_RESPONSIBLE,
    "status": T2.ADD_STATUS,
    "parent": T2.ADD_PARENT,
    "plan_order": T2.ADD_PLAN_ORDER,
    "plan_length": T2.ADD_PLAN_LENGTH,
}
UPDATE_ERRORS: dict[str, ErrorDef] = {
    **ADD_ERRORS,
    "responsible": T2.UPDATE_RESPONSIBLE,
    "status": T2.UPDATE_STATUS,
    "parent": T2.UPDATE_PARENT,
    "parent_self": T2.UPDATE_PARENT_SELF,
    "parent_cycle": T2.UPDATE_PARENT_CYCLE,
    "plan_order": T2.UPDATE_PLAN_ORDER,
    "plan_length": T2.UPDATE_PLAN_LENGTH,
}


def _add_error(rule: str, field: str) -> ApiError:
    return ApiError(ADD_ERRORS[rule])


def _update_error(rule: str, field: str) -> ApiError:
    return ApiError(UPDATE_ERRORS[rule])


def fields_param(params: dict[str, Any]) -> Any:
    raw = params.get("fields")
    if raw in (None, "", [], {}):
        raise ApiError(E.MISSING_PARAMETER, name="fields")
    if not isinstance(raw, (dict, list)):
        raise ApiError(E.WRONG_PARAMETER_TYPE, value=php_string(raw), name="fields", type="array")
    return raw


def shown(call: Call, tid: int) -> dict[str, Any]:
    """``{"task": …}`` as tasks.task.get shows it without ``select`` (every changing method answers so)."""
    task = T.load(call.conn, tid)
    assert task is not None, "a task this call wrote is readable in it"
    return {"task": View(call).render(task, None)}


# -- add / update / delete -----------------------------------------------------------------------------------
@method("tasks.task.add", api=2, scope=SCOPE)
def task_add(call: Call, params: Any) -> Any:
    params = obj(params)
    values, members = read_fields(call, fields_param(params))
    values.setdefault("title", "")
    if values.get("status") == BAD_STATUS:
        raise ApiError(T2.ADD_STATUS)
    if not values["title"].strip():
        raise ApiError(T2.ADD_TITLE)
    if not values.get("responsibleId"):
        raise ApiError(T2.ADD_NO_RESPONSIBLE)
    values.setdefault("creatorId", call.user_id)
    if not call.is_admin and call.user_id not in (values["creatorId"], values["responsibleId"]):
        raise ApiError(T2.NOT_ALLOWED)
    T.validate_add(call, values, _add_error)
    return shown(call, T.create(call, values, members))


# Which right a changed field needs (as tasks.task.update over v3).
FIELD_RIGHT = {
    "status": "changeStatus",
    "deadline": "deadline",
    "startPlan": "datePlan",
    "endPlan": "datePlan",
    "responsibleId": "changeResponsible",
    "creatorId": "changeResponsible",
}


@method("tasks.task.update", api=2, scope=SCOPE)
def task_update(call: Call, params: Any) -> Any:
    params = obj(params)
    tid = task_id(params)
    values, members = read_fields(call, fields_param(params))
    task = T.load(call.conn, tid, for_update=True)
    if task is None:
        raise ApiError(T2.NOT_ALLOWED)
    granted = T.rights(call, task)
    needed = {FIELD_RIGHT.get(k, "edit") for k in values} | ({"changeAccomplices"} if members else set())
    if not all(granted[r] for r in needed or {"edit"}):
        raise ApiError(T2.NOT_ALLOWED)
    if values.get("status") == BAD_STATUS:
        raise ApiError(T2.UPDATE_STATUS)
    T.validate_update(call, task, values, _update_error)
    T.apply_update(call, task, values, task_members=members, keep_creator=False)
    return shown(call, tid)


@method("tasks.task.delete", api=2, scope=SCOPE)
def task_delete(call: Call, params: Any) -> Any:
    params = obj(params)
    tid = task_id(params)
    task = T.load(call.conn, tid, for_update=True)
    if task is None or not T.rights(call, task)["remove"]:
        raise ApiError(T2.DELETE_DENIED)
    T.remove(call, task)
    return {"task": True}


# -- get / list / getFields / getaccess ------------------------------------------------------------------------
@method("tasks.task.get", api=2, scope=SCOPE, write=False)
def task_get(call: Call, params: Any) -> Any:
    params = obj(params)
    tid = task_id(params)
    names = selected(array_param(params, "select"))
    task = T.load(call.conn, tid)
    if task is None or not T.rights(call, task)["read"]:
        return []  # a missing or hidden task is an empty answer (api-reference/tasks/tasks-task-get.md)
    return {"task": View(call).render(task, names)}


def list_start(value: Any) -> int:
    """``start``: intval, -1 = no count, else floored to a page of 50 (rest module's navigation)."""
    if value is None or value == "" or isinstance(value, (list, dict)):
        return 0
    start = php_intval(value)
    if start == -1:
        return -1
    return max(start, 0) // v2.PAGE * v2.PAGE


def parse_order(raw: Any) -> list[tuple[str | None, bool]]:
    if not isinstance(raw, dict):
        return [("id", True)]  # default: ID descending (api-reference/tasks/tasks-task-list.md)
    out: list[tuple[str | None, bool]] = []
    for key, direction in raw.items():
        name = str(key).upper()
        if name not in v2.ORDER_KEYS:
            raise ApiError(T2.BAD_ORDER)
        out.append((v2.ORDER_KEYS[name], php_string(direction).upper() == "DESC"))
    return out


@method("tasks.task.list", api=2, scope=SCOPE, write=False)
def task_list(call: Call, params: Any) -> Any:
    params = obj(params)
    order = parse_order(array_param(params, "order"))
    filter_raw = array_param(params, "filter")
    names = selected(array_param(params, "select"))
    array_param(params, "params")
    start = list_start(params.get("start"))
    now = call.portal.now()
    tree = task_queries.parse_filter(filter_raw, call.portal.tz, call.user_id)
    query = select(tt.tasks)
    if not call.is_admin:
        query = query.where(T.readable_clause(call.user_id))
    if tree:
        query = query.where(task_queries.where(tree, now))
    terms = task_queries.order_by(order)
    if not any(name == "id" for name, _ in order):
        terms += task_queries.order_by([("id", False)])  # rows of equal keys keep one order from page to page
    offset = max(start, 0)
    rows = call.conn.execute(query.order_by(*terms).offset(offset).limit(v2.PAGE)).mappings()
    view = View(call)
    tasks = [view.render({T.FIELD_OF[k]: v for k, v in r.items()}, names, mode="list") for r in rows]
    if start == -1:
        return Result({"tasks": tasks})
    total = int(call.conn.execute(select(func.count()).select_from(query.subquery())).scalar() or 0)
    nxt = offset + len(tasks) if offset + len(tasks) < total else None
    return Result({"tasks": tasks}, total=total, next=nxt)


@method("tasks.task.getFields", api=2, scope=SCOPE, write=False)
def task_get_fields(call: Call, params: Any) -> Any:
    return {"fields": {f.upper: dict(f.describe) for f in v2.FIELDS}}


@method("tasks.task.getaccess", api=2, scope=SCOPE, write=False)
def task_get_access(call: Call, params: Any) -> Any:
    params = obj(params)
    tid = task_id(params)
    users = array_param(params, "users")
    wanted = [php_intval(u) for u in _items(users)] if users is not None else [call.user_id]
    task = T.load(call.conn, tid)
    if task is None or not T.rights(call, task)["read"]:
        return {"allowedActions": []}
    state = T.state_of(call.conn, task)
    allowed: dict[str, Any] = {}
    for user_id in wanted:
        user = get_user(call.conn, user_id) if user_id > 0 else None
        if user is None or not user["active"]:
            allowed[str(user_id)] = {name: False for name, _ in v2.ACTIONS}
            continue
        rights = compute(state, user_id, bool(user["is_admin"]))
        favorite = task_marks.has(call.conn, tid, user_id, task_marks.FAVORITE)
        allowed[str(user_id)] = v2.actions(rights, favorite)
    return {"allowedActions": allowed}


# -- status changes, delegate, watch, mute, pin, favorite -------------------------------------------------------
def _status_method(action: str, error: ErrorDef) -> None:
    def handler(call: Call, params: Any) -> Any:
        tid = task_id(obj(params))
        task = T.load(call.conn, tid, for_update=True)
        if task is None or not A.change_status(call, task, action):
            raise ApiError(error)
        return shown(call, tid)

    method(f"tasks.task.{action}", api=2, scope=SCOPE)(handler)


# start and complete wrap the error's message (code "0"); the others keep the task exception's code
for _action in ("start", "complete"):
    _status_method(_action, T2.NOT_ALLOWED)
for _action in ("pause", "defer", "renew", "approve", "disapprove"):
    _status_method(_action, T2.NOT_ALLOWED_TE)


@method("tasks.task.delegate", api=2, scope=SCOPE)
def task_delegate(call: Call, params: Any) -> Any:
    params = obj(params)
    tid = task_id(params)
    user_id = int_param(params, "userId", required=True)
    assert user_id is not None
    task = T.load(call.conn, tid, for_update=True)
    if task is None or not T.rights(call, task)["delegate"]:
        raise ApiError(T2.NOT_ALLOWED)
    if not T.user_exists(call.conn, user_id):
        raise ApiError(T2.UPDATE_RESPONSIBLE)
    A.delegate(call, task, user_id)
    return shown(call, tid)


def _watch_method(name: str, on: bool) -> None:
    def handler(call: Call, params: Any) -> Any:
        tid = task_id(obj(params))
        task = T.load(call.conn, tid, for_update=True)
        if task is None or not A.watch(call, task, on):
            raise ApiError(T2.WATCH_DENIED)
        return shown(call, tid)

    method(name, api=2, scope=SCOPE)(handler)


_watch_method("tasks.task.startwatch", True)
_watch_method("tasks.task.stopwatch", False)


def _mark_method(name: str, kind: str, on: bool) -> None:
    """mute/unmute, pin/unpin: a missing or hidden task is an empty answer (user-actions/tasks-task-mute.md)."""

    def handler(call: Call, params: Any) -> Any:
        tid = task_id(obj(params), ("id", "taskId"))
        task = T.load(call.conn, tid)
        if task is None or not A.set_mark(call, task, kind, on):
            return []
        return shown(call, tid)

    method(name, api=2, scope=SCOPE)(handler)


_mark_method("tasks.task.mute", task_marks.MUTE, True)
_mark_method("tasks.task.unmute", task_marks.MUTE, False)
_mark_method("tasks.task.pin", task_marks.PIN, True)
_mark_method("tasks.task.unpin", task_marks.PIN, False)


def _favorite_method(name: str, on: bool) -> None:
    def handler(call: Call, params: Any) -> Any:
        tid = task_id(obj(params), ("taskId",))
        task = T.load(call.conn, tid)
        if task is None or not A.set_mark(call, task, task_marks.FAVORITE, on):
            raise ApiError(T2.FAVORITE_DENIED)
        return True

    method(name, api=2, scope=SCOPE)(handler)


_favorite_method("tasks.task.favorite.add", True)
_favorite_method("tasks.task.favorite.remove", False)
