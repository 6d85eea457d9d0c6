"""Tasks: storage, validation of commands, and the v3 output of a task (b24restdocs
api-reference/tasks/tasks-task-*-rest-v3.md, api-reference/tasks/fields-rest-v3.md).

Handlers in ``api/tasks.py`` parse the request structures; this module does what the real server's
task service does after the access check: command validation, writes, and rendering through the
TaskDto declarations.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, String, Text, bindparam, delete, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import ColumnElement

from b24local.core.context import Call
from b24local.core.errors import V3, ApiError, Msg, v3_validation
from b24local.domain import chats, checklists, events, task_history, task_marks
from b24local.domain.task_rights import TaskState, compute
from b24local.domain.users import user_dto
from b24local.schema import events as ev
from b24local.schema.dto import DATETIME
from b24local.schema.request import Select
from b24local.schema.task_dto import DEFAULT_GET, DEFAULT_ROW, RELATED_DTOS, STORED, TASK_DTO
from b24local.store import tables as t
from b24local.store import tables_tasks as tt
from b24local.store.rows import insert_id

MAX_PLAN_SECONDS = 2147483647
COLUMN: dict[str, str] = {f.name: f.column for f in STORED if f.column}
FIELD_OF = {column: name for name, column in COLUMN.items()}
SECRET_KEY = "tasks_archive_secret"


def fail(message: str, field: str) -> ApiError:
    return v3_validation(V3.REQUEST_VALIDATION, (message, field))


# The command rules of add and update, by name; each API words a broken rule its own way (``RuleErrors``:
# rule name, field → the error to answer). These are the v3 words (seeds 002 and 004).
RuleErrors = Callable[[str, str], ApiError]
V3_ADD_TEXTS = {
    "title": Msg.TASK_BAD_TITLE,
    "creator": Msg.TASK_ADD_BAD_CREATOR,
    "responsible": Msg.TASK_ADD_BAD_RESPONSIBLE,
    "status": Msg.TASK_INCORRECT_STATUS,
    "parent": Msg.TASK_ADD_BAD_PARENT,
    "plan_order": Msg.TASK_ADD_BAD_PLAN_DATES,
    "plan_length": Msg.TASK_ADD_BAD_DURATION,
}
V3_UPDATE_TEXTS = {
    **V3_ADD_TEXTS,
    "responsible": Msg.TASK_UPDATE_BAD_RESPONSIBLE,
    "parent": Msg.TASK_UPDATE_BAD_PARENT,
    "parent_self": Msg.TASK_PARENT_SELF,
    "parent_cycle": Msg.TASK_PARENT_CYCLE,
    "plan_order": Msg.TASK_UPDATE_BAD_PLAN_DATES,
    "plan_length": Msg.TASK_UPDATE_BAD_DURATION,
}


def v3_add_error(rule: str, field: str) -> ApiError:
    return fail(V3_ADD_TEXTS[rule], field)


def v3_update_error(rule: str, field: str) -> ApiError:
    return fail(V3_UPDATE_TEXTS[rule], field)


# -- reading --------------------------------------------------------------------------------------

# Statements built once (building them per call costs more than running them).
_LOAD = select(tt.tasks).where(tt.tasks.c.id == bindparam("id"))
_LOAD_FOR_UPDATE = _LOAD.with_for_update()
_MEMBERS = (
    select(tt.task_members.c.task_id, tt.task_members.c.role, tt.task_members.c.user_id)
    .where(tt.task_members.c.task_id.in_(bindparam("ids", expanding=True)))
    .order_by(tt.task_members.c.id)
)
_FACTS = select(
    exists().where(tt.tasks.c.parent_id == bindparam("id")).label("sub_tasks"),
    exists().where(tt.task_results.c.task_id == bindparam("id")).label("results"),
    exists()
    .where(tt.task_results.c.task_id == bindparam("id"), tt.task_results.c.status == "open")
    .label("open_result"),
)


def load(conn: Connection, task_id: int, *, for_update: bool = False) -> dict[str, Any] | None:
    row = conn.execute(_LOAD_FOR_UPDATE if for_update else _LOAD, {"id": task_id}).mappings().first()
    return {FIELD_OF[k]: v for k, v in row.items()} if row else None


def members(conn: Connection, task_ids: list[int]) -> dict[int, dict[str, list[int]]]:
    out: dict[int, dict[str, list[int]]] = {i: {"accomplice": [], "auditor": []} for i in task_ids}
    if task_ids:
        for task_id, role, user_id in conn.execute(_MEMBERS, {"ids": list(task_ids)}):
            out[task_id][role].append(user_id)
    return out


def call_facts(call: Call, task_id: int) -> tuple[bool, bool, bool]:
    """``facts`` once per call (a read and its answer share them)."""
    key = ("facts", task_id)
    if key not in call.state:
        call.state[key] = facts(call.conn, task_id)
    known: tuple[bool, bool, bool] = call.state[key]
    return known


def facts(conn: Connection, task_id: int) -> tuple[bool, bool, bool]:
    """(has subtasks, has results, has an open result) in one query."""
    row = conn.execute(_FACTS, {"id": task_id}).one()
    return bool(row.sub_tasks), bool(row.results), bool(row.open_result)


_ACTIVE_USER = select(t.users.c.id).where(t.users.c.id == bindparam("id"), t.users.c.active.is_(True))


def user_exists(conn: Connection, user_id: Any) -> bool:
    if not isinstance(user_id, int):
        return False
    return conn.execute(_ACTIVE_USER, {"id": user_id}).first() is not None


def state_of(
    conn: Connection,
    task: dict[str, Any] | None,
    mem: dict[str, list[int]] | None = None,
    known_facts: tuple[bool, bool, bool] | None = None,
) -> TaskState:
    if task is None:
        return TaskState()
    if mem is None:
        mem = members(conn, [task["id"]])[task["id"]]
    has_result = (known_facts or facts(conn, task["id"]))[2]
    return TaskState(
        status=task["status"],
        creator_id=task["creatorId"],
        responsible_id=task["responsibleId"],
        accomplices=mem["accomplice"],
        auditors=mem["auditor"],
        allows_change_deadline=bool(task["allowsChangeDeadline"]),
        allows_change_date_plan=bool(task["allowsChangeDatePlan"]),
        allows_time_tracking=bool(task["allowsTimeTracking"]),
        require_result=bool(task["requireResult"]),
        has_open_result=has_result,
    )


def rights(call: Call, task: dict[str, Any] | None, mem: dict[str, list[int]] | None = None) -> dict[str, bool]:
    """The caller's rights on a task. Kept for the rest of the call (a read and its answer share them);
    callers that change the task compute them before the change and never again."""
    key = ("rights", task["id"] if task else None, task.get("status") if task else None)
    cached = call.state.get(key)
    if cached is None:
        known = call_facts(call, task["id"]) if task else None
        cached = compute(state_of(call.conn, task, mem, known), call.user_id, call.is_admin)
        call.state[key] = cached
    return dict(cached)


def sql_column(conn: Connection) -> Callable[[str], ColumnElement[Any]]:
    """Field name → column for SQL filters and sorts; strings compare by code point on every backend."""
    postgres = conn.dialect.name == "postgresql"

    def column_of(name: str) -> ColumnElement[Any]:
        col = tt.tasks.c[COLUMN[name]]
        if postgres and isinstance(col.type, (String, Text)):
            return col.collate("C")
        return col

    return column_of


def readable_clause(user_id: int) -> ColumnElement[bool]:
    """SQL condition: tasks a non-admin may read (any member role)."""
    member = exists().where(tt.task_members.c.task_id == tt.tasks.c.id, tt.task_members.c.user_id == user_id)
    return or_(tt.tasks.c.creator_id == user_id, tt.tasks.c.responsible_id == user_id, member)


# -- archive link signature -------------------------------------------------------------------------

_SECRETS: dict[str, bytes] = {}  # per store URL: the secret never changes once written (reset keeps it)


def _secret(conn: Connection) -> bytes:
    url = str(conn.engine.url)
    if url not in _SECRETS:
        _SECRETS[url] = _read_secret(conn)
    return _SECRETS[url]


def _read_secret(conn: Connection) -> bytes:
    q = select(t.portal_config.c.value).where(t.portal_config.c.key == SECRET_KEY)
    value = conn.execute(q).scalar()
    if not value:
        candidate = secrets.token_hex(32)
        try:
            with conn.begin_nested():
                conn.execute(t.portal_config.insert().values(key=SECRET_KEY, value=candidate))
            value = candidate
        except IntegrityError:
            value = conn.execute(q).scalar()
    return str(value).encode()


def archive_link(conn: Connection, task_id: int) -> str:
    signature = hmac.new(_secret(conn), str(task_id).encode(), hashlib.sha256).hexdigest()
    return (
        f"/bitrix/tools/disk/uf.php?entityId={task_id}&entity=TASKS_TASK&fieldName=UF_TASK_WEBDAV_FILES"
        f"&signature={signature}&action=downloadArchiveByEntity&ncc=1"
    )


# -- output ----------------------------------------------------------------------------------------


def _users(conn: Connection, ids: set[int]) -> dict[int, dict[str, Any]]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return {r["id"]: dict(r) for r in conn.execute(select(t.users).where(t.users.c.id.in_(ids))).mappings()}


Getter = Any  # (call, task, ctx) -> value


def _constant(value: Any) -> Getter:
    return lambda call, task, ctx: list(value) if isinstance(value, list) else value


def _stored(name: str, empty: Any = None, *, falsy_is_empty: bool = False) -> Getter:
    if falsy_is_empty:
        return lambda call, task, ctx: task.get(name) or (list(empty) if isinstance(empty, list) else empty)
    return lambda call, task, ctx: task.get(name)


def _datetime(name: str) -> Getter:
    return lambda call, task, ctx: call.portal.iso(task.get(name))


_SPECIAL: dict[str, Getter] = {
    "containsSubTasks": lambda call, task, ctx: call_facts(call, task["id"])[0],
    "containsResults": lambda call, task, ctx: call_facts(call, task["id"])[1],
    "containsChecklist": lambda call, task, ctx: bool(checklists.item_ids(call.conn, task["id"])),
    "checklist": lambda call, task, ctx: checklists.item_ids(call.conn, task["id"]),
    "inFavorite": lambda call, task, ctx: task_marks.users_with(call.conn, task["id"], task_marks.FAVORITE),
    "inMute": lambda call, task, ctx: task_marks.users_with(call.conn, task["id"], task_marks.MUTE),
    "inPin": lambda call, task, ctx: task_marks.users_with(call.conn, task["id"], task_marks.PIN),
    "containsRelatedTasks": _constant(False),
    "containsGanttLinks": _constant(False),
    "containsPlacements": _constant(True),
    "numberOfReminders": _constant(0),
    "scenarios": _constant(["default"]),
    "link": lambda call, task, ctx: f"/company/personal/user/{call.user_id}/tasks/task/view/{task['id']}/",
    "rights": lambda call, task, ctx: rights(call, task, ctx.get("members")),
    "archiveLink": lambda call, task, ctx: archive_link(call.conn, task["id"]),
    "emailId": _constant(None),
    "fileIds": _stored("fileIds", None, falsy_is_empty=True),
    "crmItemIds": _stored("crmItemIds", [], falsy_is_empty=True),
    "parentId": _stored("parentId", None, falsy_is_empty=True),
    "mark": _stored("mark", "none", falsy_is_empty=True),
    "forumTopicId": _stored("forumTopicId", None, falsy_is_empty=True),
    "xmlId": _stored("xmlId", None, falsy_is_empty=True),
}
for _name in ("inGroupPin", "dependsOn", "reminders"):
    _SPECIAL[_name] = _constant([])


def _getter(name: str) -> Getter:
    if name in _SPECIAL:
        return _SPECIAL[name]
    if TASK_DTO.by_name[name].type == DATETIME:
        return _datetime(name)
    return _stored(name)


# How the get mapper fills each non-relation TaskDto field, decided once per field.
GETTERS: dict[str, Getter] = {f.name: _getter(f.name) for f in TASK_DTO.fields}


def value_of(call: Call, task: dict[str, Any], name: str, ctx: dict[str, Any]) -> Any:
    """One non-relation TaskDto field of a stored task, as the get mapper fills it."""
    return GETTERS[name](call, task, ctx)


def _relation(call: Call, task: dict[str, Any], name: str, subs: list[str] | None, ctx: dict[str, Any]) -> Any:
    """One relation object; ``subs`` None means all of its sub-fields (only the list mapper does that)."""
    f = TASK_DTO.by_name[name]
    users = ctx["users"]
    mem = ctx.get("members") or {"accomplice": [], "auditor": []}
    if f.relation == "UserDto":
        if name in ("accomplices", "auditors"):
            ids = mem["accomplice" if name == "accomplices" else "auditor"]
            return [u for u in (user_dto(users.get(i), subs) for i in ids) if u is not None]
        key = {
            "creator": "creatorId",
            "responsible": "responsibleId",
            "changedBy": "changedById",
            "statusChangedBy": "statusChangedById",
            "closedBy": "closedById",
        }[name]
        return user_dto(users.get(task.get(key)), subs)
    if name == "chat":
        chat = chats.get_chat(call.conn, task["chatId"]) if task.get("chatId") else None
        if chat is None:
            return None
        full = {"id": chat["id"], "entityId": chat["task_id"], "entityType": chat["entity_type"]}
        return {k: full[k] for k in RELATED_DTOS["ChatDto"].names() if subs is None or k in subs}
    if name == "parent":
        parent = load(call.conn, task["parentId"]) if task.get("parentId") else None
        if parent is None:
            return None
        out: dict[str, Any] = {}
        for sub in TASK_DTO.names():
            if (subs is None or sub in subs) and (sub == "id" or TASK_DTO.by_name[sub].default_get):
                out[sub] = value_of(call, parent, sub, {"members": None})
        return out
    return [] if f.multiple else None


def render(call: Call, task: dict[str, Any], sel: Select | None, *, mode: str = "get") -> dict[str, Any]:
    """A task as ``get`` (or ``list``) outputs it: declaration order, the real server's rules for each
    (docs/fidelity.md, "Get", "Relations in select", "List")."""
    relations: dict[str, list[str] | None] = dict(sel.relations) if sel else {}
    if mode == "get":
        # `id` always; a relation named alone (`"chat"`) is not filled, only dotted paths are
        # (tasks-task-get-rest-v3.md, `select`).
        plain = set(DEFAULT_GET) if (sel is None or not sel.plain) else ({"id"} | set(sel.plain))
        plain &= set(DEFAULT_GET)
    else:
        # The list mapper fills only what was selected (`id` too) and only its own fields (observed behaviour of
        # the real server, not documented); a relation
        # named alone gets the whole related object (the mapper builds it without a sub-select), a dotted
        # path only the sub-fields asked for.
        names = sel.plain if sel and not sel.empty else ["id"]
        mapped = [TASK_DTO.by_name[n] for n in names if TASK_DTO.by_name[n].list_mapped]
        plain = {f.name for f in mapped if not f.is_relation}
        relations = {k: v for k, v in relations.items() if TASK_DTO.by_name[k].list_mapped}
        for f in mapped:
            if f.is_relation and f.name not in relations:
                relations[f.name] = None
    ctx: dict[str, Any] = {}
    if "accomplices" in relations or "auditors" in relations:
        ctx["members"] = members(call.conn, [task["id"]])[task["id"]]
    if relations:
        ids = {task.get(k) for k in ("creatorId", "responsibleId", "changedById", "statusChangedById", "closedById")}
        if ctx.get("members"):
            ids |= set(ctx["members"]["accomplice"]) | set(ctx["members"]["auditor"])
        ctx["users"] = _users(call.conn, {i for i in ids if i})
    out: dict[str, Any] = {}
    for f in TASK_DTO.fields:
        if f.name in relations:
            out[f.name] = _relation(call, task, f.name, relations[f.name], ctx)
        elif f.name in plain:
            value = value_of(call, task, f.name, ctx)
            if mode == "list" and f.name == "parentId" and value is None:
                value = 0  # the list mapper does not normalize 0 → null (observed on the real server)
            out[f.name] = value
    return out


# -- writes ----------------------------------------------------------------------------------------


def storable(values: dict[str, Any]) -> dict[str, Any]:
    """Field values → column values: stored Editable fields only; unknown enum strings are ignored."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        f = TASK_DTO.by_name[name]
        if f.column is None or not (f.editable or name in ("creatorId",)) or f.computed:
            continue
        if f.allowed is not None:
            if not (isinstance(value, str) and value in f.allowed):
                continue  # an unknown value of an enumerated field is ignored, as the server's enum cast does
        if name == "title":
            value = value.strip()[:250]
        elif name == "parentId" and value == 0:
            value = None
        elif name in ("crmItemIds",):
            value = [str(v) for v in value if isinstance(v, (str, int)) and not isinstance(v, bool)]
        elif name == "fileIds":
            value = list(value)
        out[COLUMN[name]] = value
    return out


def check_plan(start: int | None, end: int | None, errors: RuleErrors) -> None:
    if start is not None and end is not None:
        if end < start:
            raise errors("plan_order", "endPlan")
        if end - start > MAX_PLAN_SECONDS:
            raise errors("plan_length", "endPlan")


def validate_add(call: Call, values: dict[str, Any], errors: RuleErrors = v3_add_error) -> None:
    """Command validation of tasks.task.add (after the access check), first failure wins."""
    conn = call.conn
    if not values["title"].strip():
        raise errors("title", "title")
    if not user_exists(conn, values["creatorId"]):
        raise errors("creator", "creatorId")
    if not user_exists(conn, values["responsibleId"]):
        raise errors("responsible", "responsibleId")
    if values.get("status") == "declined":
        raise errors("status", "status")
    parent = values.get("parentId")
    if parent and load(conn, parent) is None:
        raise errors("parent", "parentId")
    check_plan(values.get("startPlan"), values.get("endPlan"), errors)


def create(call: Call, values: dict[str, Any], task_members: dict[str, list[int]] | None = None) -> int:
    """Write a new task (with its chat, its members and the ``NEW`` history record) and raise ONTASKADD."""
    conn = call.conn
    now = call.portal.now()
    row = new_row(values, now=now, user_id=call.user_id)
    chat_id = chats.create_chat(conn, now)
    row["chat_id"] = chat_id
    task_id = insert_id(conn, tt.tasks.insert().values(**row))
    chats.bind_chat(conn, chat_id, task_id)
    for role, ids in (task_members or {}).items():
        set_members(conn, task_id, role, ids)
    task_history.record(conn, task_id, call.user_id, now, "NEW")
    events.emit(conn, ev.TASK_ADD, user_id=call.user_id, now=now, id=task_id)
    return task_id


def set_members(conn: Connection, task_id: int, role: str, ids: list[int]) -> None:
    """The accomplices or auditors of a task become exactly ``ids`` (in that order, without repeats)."""
    m = tt.task_members
    conn.execute(delete(m).where(m.c.task_id == task_id, m.c.role == role))
    for user_id in dict.fromkeys(ids):
        conn.execute(m.insert().values(task_id=task_id, user_id=user_id, role=role))


def new_row(values: dict[str, Any], *, now: int, user_id: int) -> dict[str, Any]:
    """The stored row of a new task (column → value) from validated field values, with the defaults."""
    row: dict[str, Any] = {
        **DEFAULT_ROW,
        "crm_item_ids": [],  # a fresh list per row
        "created": now,
        "changed": now,
        "changed_by_id": user_id,
        "activity": now,
        "guid": "{" + str(uuid.uuid4()) + "}",
    }
    row.update(storable(values))
    if row["status"] != "pending":
        row["status_changed"] = now
        row["status_changed_by_id"] = user_id
        if row["status"] == "completed":
            row["closed"], row["closed_by_id"] = now, user_id
        if row["status"] == "in_progress" and row.get("started") is None:
            row["started"] = now
    return row


def validate_update(
    call: Call, task: dict[str, Any], values: dict[str, Any], errors: RuleErrors = v3_update_error
) -> None:
    conn = call.conn
    if "title" in values and (values["title"] is None or not values["title"].strip()):
        raise errors("title", "title")
    if "responsibleId" in values and not user_exists(conn, values["responsibleId"]):
        raise errors("responsible", "responsibleId")
    if "creatorId" in values and not user_exists(conn, values["creatorId"]):
        raise errors("creator", "creatorId")
    if values.get("status") == "declined":
        raise errors("status", "status")
    if values.get("parentId"):
        parent_id = values["parentId"]
        if parent_id == task["id"]:
            raise errors("parent_self", "parentId")
        if load(conn, parent_id) is None:
            raise errors("parent", "parentId")
        # walking up from the new parent must never reach this task
        seen: set[int] = set()
        cur: int | None = parent_id
        while cur and cur not in seen:
            if cur == task["id"]:
                raise errors("parent_cycle", "parentId")
            seen.add(cur)
            cur = conn.execute(select(tt.tasks.c.parent_id).where(tt.tasks.c.id == cur)).scalar()
    start = values["startPlan"] if "startPlan" in values else task["startPlan"]
    end = values["endPlan"] if "endPlan" in values else task["endPlan"]
    check_plan(start, end, errors)


def apply_update(
    call: Call,
    task: dict[str, Any],
    values: dict[str, Any],
    *,
    task_members: dict[str, list[int]] | None = None,
    keep_creator: bool = True,
) -> None:
    """Write a change (fields, and the members for v2, which may set them), log it in the task history
    and raise ONTASKUPDATE. The creator is not Editable in v3 (``keep_creator``); v2 may change it."""
    conn = call.conn
    now = call.portal.now()
    before_members = members(conn, [task["id"]])[task["id"]]
    before = task_history.snapshot(task, before_members)
    row = storable({k: v for k, v in values.items() if not (keep_creator and k == "creatorId")})
    if "status" in row and row["status"] != task["status"]:
        row["status_changed"] = now
        row["status_changed_by_id"] = call.user_id
        if row["status"] == "completed":
            row["closed"], row["closed_by_id"] = now, call.user_id
        elif task["status"] == "completed":
            row["closed"], row["closed_by_id"] = None, None
        if row["status"] == "in_progress" and task["started"] is None:
            row["started"] = now
    if values or task_members:
        row["changed"] = now
        row["changed_by_id"] = call.user_id
        row["activity"] = now
        row["outlook_version"] = (task["outlookVersion"] or 0) + 1
    if row:
        conn.execute(update(tt.tasks).where(tt.tasks.c.id == task["id"]).values(**row))
    after_members = dict(before_members)
    for role, ids in (task_members or {}).items():
        set_members(conn, task["id"], role, ids)
        after_members[role] = list(dict.fromkeys(ids))
    after = task_history.snapshot({**task, **{FIELD_OF[k]: v for k, v in row.items()}}, after_members)
    task_history.record_changes(conn, task["id"], call.user_id, now, before, after)
    if values or task_members:
        events.emit(conn, ev.TASK_UPDATE, user_id=call.user_id, now=now, id=task["id"])


def remove(call: Call, task: dict[str, Any]) -> None:
    """Delete a task with its results, chat, members, marks, checklist, elapsed time and history; direct
    subtasks move to its parent."""
    conn = call.conn
    tid = task["id"]
    conn.execute(update(tt.tasks).where(tt.tasks.c.parent_id == tid).values(parent_id=task["parentId"] or None))
    conn.execute(delete(tt.task_results).where(tt.task_results.c.task_id == tid))
    conn.execute(delete(tt.task_members).where(tt.task_members.c.task_id == tid))
    for table in (tt.task_user_flags, tt.task_checklist_items, tt.task_elapsed):
        conn.execute(delete(table).where(table.c.task_id == tid))
    task_history.forget(conn, tid)
    chats.delete_task_chats(conn, tid)
    conn.execute(delete(tt.tasks).where(tt.tasks.c.id == tid))
    events.emit(conn, ev.TASK_DELETE, user_id=call.user_id, now=call.portal.now(), id=tid)


def count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(tt.tasks)).scalar() or 0)
