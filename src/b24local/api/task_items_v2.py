"""The positional ``task.*`` methods (scope ``task``): ``task.commentitem.*``, ``task.checklistitem.*`` and
``task.elapseditem.*``.

They read the request's values in order and ignore the keys (``TASKID``, ``ITEMID``, ``FIELDS`` … are only
the documented names): each method declares its parameters (name, type, allowed keys) and how many are
mandatory, as its manifest does (api-reference/tasks/comment-item/task-comment-item-get-manifest.md and the
checklist-item and elapsed-item manifests). A missing, mistyped or unknown-keyed parameter answers
``ERROR_CORE`` with the task core's ``TASKS_ERROR_EXCEPTION_#256`` text.

Comments are the messages of the task's chat (``domain/chats.py``), so v3 sees them in the task's chat;
checklist items and elapsed time have their own tables and show in both renderings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from b24local.core.context import Call
from b24local.core.errors import T2, ApiError
from b24local.core.php import INT_STRING, php_intval, php_string, php_strtotime
from b24local.core.registry import Result, method
from b24local.domain import chats, checklists, elapsed, events, task_history
from b24local.domain import tasks as T
from b24local.domain.users import full_name, get_user
from b24local.schema import events as ev
from b24local.schema import v2_filter as vf

SCOPE = "task"
PREFIXES = ("!", "<=", "<", ">=", ">")


@dataclass(frozen=True)
class Param:
    name: str  # the manifest's description (``taskId``, ``arFields``…)
    type: str  # "integer" or "array"
    keys: tuple[str, ...] | None = None  # allowed keys of an array
    prefixed: bool = False  # keys may carry the filter prefixes


@dataclass(frozen=True)
class Signature:
    cls: str  # ctaskcommentitem …
    method: str
    params: tuple[Param, ...]
    mandatory: int
    task_first_optional: bool = False  # a call that starts with an array has no task id (elapseditem.getlist)


def bind(sig: Signature, params: Any) -> list[Any]:
    """The values of a positional call, checked against the signature (``_parseRestParams``)."""
    values = list(params.values()) if isinstance(params, dict) else list(params or [])
    # a string naming the method itself is skipped (restservice.php)
    values = [v for v in values if not (isinstance(v, str) and sig.method in v.lower())]
    if sig.task_first_optional and values and isinstance(values[0], (dict, list)):
        values.insert(0, 0)
    out: list[Any] = []
    for index, p in enumerate(sig.params):
        names: dict[str, Any] = {"index": index, "name": p.name, "class": sig.cls, "method": sig.method}
        if index >= len(values):
            if index < sig.mandatory:
                raise ApiError(T2.TE_MISSING, **names)
            out.append(None)
            continue
        value = values[index]
        if p.type == "integer":
            ok = (isinstance(value, int) and not isinstance(value, bool)) or (
                isinstance(value, str) and bool(INT_STRING.match(value))
            )
            if not ok:
                raise ApiError(T2.TE_WRONG_TYPE, type="integer", **names)
            value = int(value)
        else:
            if value in ("", None):
                value = {}
            if not isinstance(value, (dict, list)):
                raise ApiError(T2.TE_WRONG_TYPE, type="array", **names)
            if isinstance(value, list):
                value = {str(i): v for i, v in enumerate(value) if not (i == 0 and v == "")}
            if p.keys is not None:
                for key in value:
                    bare = vf.split_key(str(key))[1] if p.prefixed else str(key)
                    if bare not in p.keys:
                        raise ApiError(T2.TE_BAD_KEY, key=key, **names)
            if index < sig.mandatory and not value and p.name in ("arFields", "fields"):
                raise ApiError(T2.TE_MISSING, **names)
        out.append(value)
    return out


def positional(name: str, sig: Signature, *, write: bool = True) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        def handler(call: Call, params: Any) -> Any:
            return fn(call, *bind(sig, params))

        method(name, api=2, scope=SCOPE, write=write)(handler)
        return fn

    return register


TASK = Param("taskId", "integer")
ITEM = Param("itemId", "integer")
ACTION = Param("actionId", "integer")


def readable(call: Call, task_id: int) -> dict[str, Any] | None:
    task = T.load(call.conn, task_id) if task_id > 0 else None
    return task if task is not None and T.rights(call, task)["read"] else None


# -- task.commentitem.* (api-reference/tasks/comment-item/*.md) ------------------------------------------------
COMMENT_WRITABLE = ("POST_MESSAGE", "AUTHOR_ID", "POST_DATE", "UF_FORUM_MESSAGE_DOC")
COMMENT_ORDER = ("ID", "AUTHOR_ID", "AUTHOR_NAME", "AUTHOR_EMAIL", "POST_DATE")
COMMENT_FILTER = ("ID", "AUTHOR_ID", "AUTHOR_NAME", "POST_DATE")


def _comment_sig(name: str, params: tuple[Param, ...], mandatory: int) -> Signature:
    return Signature("ctaskcommentitem", name, params, mandatory)


def comment_row(call: Call, message: dict[str, Any]) -> dict[str, Any]:
    author = get_user(call.conn, message["author_id"])
    return {
        "POST_MESSAGE_HTML": None,
        "ID": str(message["id"]),
        "AUTHOR_ID": str(message["author_id"]),
        "AUTHOR_NAME": full_name(author) if author else "",
        "AUTHOR_EMAIL": (author or {}).get("email") or "",
        "POST_DATE": call.portal.iso(message["created"]),
        "POST_MESSAGE": message["text"],
        "ATTACHED_OBJECTS": {},
    }


def _comment(call: Call, task: dict[str, Any] | None, item_id: int) -> dict[str, Any] | None:
    if task is None or not task.get("chatId"):
        return None
    message = chats.get_message(call.conn, item_id)
    return message if message is not None and message["chat_id"] == task["chatId"] else None


def _may_change_comment(call: Call, message: dict[str, Any]) -> bool:
    return call.is_admin or message["author_id"] == call.user_id


@positional(
    "task.commentitem.add",
    _comment_sig("add", (TASK, Param("arFields", "array", COMMENT_WRITABLE)), 2),
)
def comment_add(call: Call, task_id: int, fields: dict[str, Any]) -> int:
    task = readable(call, task_id)
    if task is None or not task.get("chatId"):
        raise ApiError(T2.COMMENT_ADD_DENIED)
    text = php_string(fields.get("POST_MESSAGE")).strip()
    if not text:
        raise ApiError(T2.COMMENT_NO_TEXT)
    author = php_intval(fields.get("AUTHOR_ID")) or call.user_id
    if get_user(call.conn, author) is None:
        author = call.user_id
    now = call.portal.now()
    posted = php_strtotime(fields["POST_DATE"], call.portal.tz) if fields.get("POST_DATE") else None
    message_id = chats.send_message(call.conn, task["chatId"], author, text, posted or now)
    task_history.record(call.conn, task["id"], call.user_id, now, "COMMENT", None, str(message_id))
    events.emit(call.conn, ev.TASK_COMMENT_ADD, user_id=call.user_id, now=now, id=message_id, task_id=task["id"])
    return message_id


@positional("task.commentitem.get", _comment_sig("get", (TASK, ITEM), 2), write=False)
def comment_get(call: Call, task_id: int, item_id: int) -> Any:
    message = _comment(call, readable(call, task_id), item_id)
    if message is None:
        raise ApiError(T2.TE_NOT_FOUND, what="Comment")
    return comment_row(call, message)


@positional(
    "task.commentitem.getlist",
    _comment_sig(
        "getlist",
        (TASK, Param("arOrder", "array", COMMENT_ORDER), Param("arFilter", "array", COMMENT_FILTER, prefixed=True)),
        1,
    ),
    write=False,
)
def comment_getlist(call: Call, task_id: int, order: dict[str, Any] | None, flt: dict[str, Any] | None) -> Any:
    task = readable(call, task_id)
    if task is None or not task.get("chatId"):
        raise ApiError(T2.TE_FAILED, text="Action failed")
    rows = [comment_row(call, m) for m in chats.task_messages(call.conn, task["chatId"])]
    tz = call.portal.tz

    def value(row: dict[str, Any], name: str) -> Any:
        if name in ("ID", "AUTHOR_ID"):
            return int(row[name])
        if name == "POST_DATE":
            return php_strtotime(row[name], tz)
        return row[name]

    def convert(name: str, op: str, raw: Any) -> Any:
        if name in ("ID", "AUTHOR_ID"):
            return [php_intval(v) for v in raw] if isinstance(raw, list) else php_intval(raw)
        if name == "POST_DATE":
            return php_strtotime(raw, tz)
        return raw

    tree = vf.parse_filter(flt or {}, lambda n: n.upper() if n.upper() in COMMENT_FILTER else None, convert)
    rows = vf.filter_rows(rows, tree, value)
    sort = [(str(k).upper(), php_string(d).upper() == "DESC") for k, d in (order or {}).items()] or [("ID", True)]
    return vf.sort_rows(rows, sort, value)


@positional(
    "task.commentitem.update",
    _comment_sig("update", (TASK, ITEM, Param("arFields", "array", COMMENT_WRITABLE)), 3),
)
def comment_update(call: Call, task_id: int, item_id: int, fields: dict[str, Any]) -> bool:
    message = _comment(call, readable(call, task_id), item_id)
    if message is None or not _may_change_comment(call, message):
        raise ApiError(T2.TE_NOT_ALLOWED)
    text = php_string(fields.get("POST_MESSAGE")).strip()
    if not text:
        raise ApiError(T2.COMMENT_NO_TEXT)
    chats.edit_message(call.conn, item_id, text)
    now = call.portal.now()
    events.emit(call.conn, ev.TASK_COMMENT_UPDATE, user_id=call.user_id, now=now, id=item_id, task_id=task_id)
    return True


@positional("task.commentitem.delete", _comment_sig("delete", (TASK, ITEM), 2))
def comment_delete(call: Call, task_id: int, item_id: int) -> bool:
    message = _comment(call, readable(call, task_id), item_id)
    if message is None or not _may_change_comment(call, message):
        raise ApiError(T2.TE_NOT_ALLOWED)
    chats.delete_message(call.conn, item_id)
    now = call.portal.now()
    events.emit(call.conn, ev.TASK_COMMENT_DELETE, user_id=call.user_id, now=now, id=item_id, task_id=task_id)
    return True


@positional("task.commentitem.isactionallowed", _comment_sig("isactionallowed", (TASK, ITEM, ACTION), 3), write=False)
def comment_allowed(call: Call, task_id: int, item_id: int, action_id: int) -> bool:
    task = readable(call, task_id)
    if action_id == 1:
        return task is not None
    message = _comment(call, task, item_id)
    return message is not None and action_id in (2, 3) and _may_change_comment(call, message)


# -- task.checklistitem.* (api-reference/tasks/checklist-item/*.md) --------------------------------------------
CHECKLIST_WRITABLE = ("PARENT_ID", "TITLE", "SORT_INDEX", "IS_COMPLETE", "IS_IMPORTANT", "MEMBERS")
CHECKLIST_ORDER = (
    "ID",
    "PARENT_ID",
    "CREATED_BY",
    "TITLE",
    "SORT_INDEX",
    "IS_COMPLETE",
    "IS_IMPORTANT",
    "TOGGLED_BY",
    "TOGGLED_DATE",
)
# ACTIONID of isactionallowed → the right it needs
CHECKLIST_ACTIONS = {1: "checklistAdd", 2: "checklistEdit", 3: "checklistEdit", 4: "checklistAdd", 5: "checklistEdit"}


def _checklist_sig(name: str, params: tuple[Param, ...], mandatory: int) -> Signature:
    return Signature("ctaskchecklistitem", name, params, mandatory)


def checklist_row(call: Call, item: dict[str, Any]) -> dict[str, Any]:
    members = []
    for member in item["members"] or []:
        user = get_user(call.conn, member["id"])
        members.append(
            {
                "ID": str(member["id"]),
                "TYPE": member["type"],
                "NAME": full_name(user) if user else "",
                "PERSONAL_PHOTO": None,
                "PERSONAL_GENDER": (user or {}).get("gender") or "",
                "IMAGE": "",
                "IS_COLLABER": False,
            }
        )
    return {
        "ID": str(item["id"]),
        "TASK_ID": str(item["task_id"]),
        "PARENT_ID": str(item["parent_id"]) if item["parent_id"] else 0,
        "CREATED_BY": str(item["created_by"]),
        "TITLE": item["title"],
        "SORT_INDEX": str(item["sort_index"]),
        "IS_COMPLETE": "Y" if item["is_complete"] else "N",
        "IS_IMPORTANT": "Y" if item["is_important"] else "N",
        "TOGGLED_BY": str(item["toggled_by"]) if item["toggled_by"] else None,
        "TOGGLED_DATE": call.portal.iso(item["toggled_date"]) or "",
        "MEMBERS": members,
        "ATTACHMENTS": [],
    }


def _checklist_values(call: Call, task: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """v2 item fields → stored values; members join the task as accomplices (A) or auditors (U)."""
    out: dict[str, Any] = {}
    if "TITLE" in fields:
        out["title"] = php_string(fields["TITLE"]).strip()
    if "PARENT_ID" in fields:
        out["parent_id"] = php_intval(fields["PARENT_ID"])
    if "SORT_INDEX" in fields:
        out["sort_index"] = php_intval(fields["SORT_INDEX"])
    for key, name in (("IS_COMPLETE", "is_complete"), ("IS_IMPORTANT", "is_important")):
        if key in fields:
            out[name] = fields[key] is True or php_string(fields[key]).upper() == "Y"
    if isinstance(fields.get("MEMBERS"), dict):
        members: list[dict[str, Any]] = []
        for user_id, spec in fields["MEMBERS"].items():
            uid = php_intval(user_id)
            kind = php_string(spec.get("TYPE") if isinstance(spec, dict) else "").upper()
            if uid > 0 and kind in ("A", "U") and get_user(call.conn, uid) is not None:
                members.append({"id": uid, "type": kind})
        out["members"] = members
        current = T.members(call.conn, [task["id"]])[task["id"]]
        added: dict[str, list[int]] = {
            role: current[role] + [int(m["id"]) for m in members if m["type"] == kind and m["id"] not in current[role]]
            for role, kind in (("accomplice", "A"), ("auditor", "U"))
        }
        if added != current:
            T.apply_update(call, task, {}, task_members=added)
    return out


def _checklist_task(call: Call, task_id: int, right: str, error: ApiError) -> dict[str, Any]:
    task = readable(call, task_id)
    if task is None or not T.rights(call, task)[right]:
        raise error
    return task


@positional(
    "task.checklistitem.add",
    _checklist_sig("add", (TASK, Param("arFields", "array", CHECKLIST_WRITABLE)), 2),
)
def checklist_add(call: Call, task_id: int, fields: dict[str, Any]) -> int:
    denied = ApiError(T2.TE_FAILED, text="Adding item: action not allowed")
    task = _checklist_task(call, task_id, "checklistAdd", denied)
    values = _checklist_values(call, task, fields)
    if not values.get("title"):
        raise ApiError(T2.CHECKLIST_NO_TITLE)
    if "PARENT_ID" not in fields:
        values["parent_id"] = None
    return checklists.add(call.conn, task["id"], call.user_id, call.portal.now(), values)


def _item(call: Call, task_id: int, item_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    task = readable(call, task_id)
    item = checklists.get(call.conn, task_id, item_id) if task else None
    if task is None or item is None:
        raise ApiError(T2.TE_NOT_FOUND, what="Check listitem")
    return task, item


@positional("task.checklistitem.get", _checklist_sig("get", (TASK, ITEM), 2), write=False)
def checklist_get(call: Call, task_id: int, item_id: int) -> Any:
    return checklist_row(call, _item(call, task_id, item_id)[1])


@positional(
    "task.checklistitem.getlist",
    _checklist_sig("getlist", (TASK, Param("arOrder", "array", CHECKLIST_ORDER)), 1),
    write=False,
)
def checklist_getlist(call: Call, task_id: int, order: dict[str, Any] | None) -> Any:
    task = readable(call, task_id)
    if task is None:
        raise ApiError(T2.TE_FAILED, text="Action failed")
    rows = [checklist_row(call, i) for i in checklists.items(call.conn, task["id"])]

    def value(row: dict[str, Any], name: str) -> Any:
        raw = row[name]
        return php_intval(raw) if name in ("ID", "PARENT_ID", "CREATED_BY", "SORT_INDEX", "TOGGLED_BY") else raw

    sort = [(str(k).upper(), php_string(d).upper() == "DESC") for k, d in (order or {}).items()] or [("ID", True)]
    return vf.sort_rows(rows, sort, value)


@positional(
    "task.checklistitem.update",
    _checklist_sig("update", (TASK, ITEM, Param("arFields", "array", CHECKLIST_WRITABLE)), 3),
)
def checklist_update(call: Call, task_id: int, item_id: int, fields: dict[str, Any]) -> None:
    task, item = _item(call, task_id, item_id)
    if not T.rights(call, task)["checklistEdit"]:
        raise ApiError(T2.TE_NOT_ALLOWED)
    values = _checklist_values(call, task, fields)
    if "title" in values and not values["title"]:
        raise ApiError(T2.CHECKLIST_NO_TITLE)
    checklists.change(call.conn, item, call.user_id, call.portal.now(), values)
    return None


@positional("task.checklistitem.delete", _checklist_sig("delete", (TASK, ITEM), 2))
def checklist_delete(call: Call, task_id: int, item_id: int) -> bool:
    task = readable(call, task_id)
    item = checklists.get(call.conn, task_id, item_id) if task else None
    if task is None or item is None or not T.rights(call, task)["checklistEdit"]:
        raise ApiError(T2.TE_FAILED, text="Deleting item: action not allowed")
    checklists.remove(call.conn, item, call.user_id, call.portal.now())
    return True


def _toggle(call: Call, task_id: int, item_id: int, complete: bool) -> bool:
    """complete/renew answer false for an item that does not exist (checklist-item/task-checklist-item-complete.md)."""
    if task_id <= 0 or item_id <= 0:
        raise ApiError(T2.TE_ASSERT)
    task = readable(call, task_id)
    item = checklists.get(call.conn, task_id, item_id) if task else None
    if task is None or item is None:
        return False
    if not T.rights(call, task)["checklistAdd"]:
        raise ApiError(T2.TE_NOT_ALLOWED)
    checklists.toggle(call.conn, item, call.user_id, call.portal.now(), complete)
    return True


@positional("task.checklistitem.complete", _checklist_sig("complete", (TASK, ITEM), 2))
def checklist_complete(call: Call, task_id: int, item_id: int) -> bool:
    return _toggle(call, task_id, item_id, True)


@positional("task.checklistitem.renew", _checklist_sig("renew", (TASK, ITEM), 2))
def checklist_renew(call: Call, task_id: int, item_id: int) -> bool:
    return _toggle(call, task_id, item_id, False)


@positional(
    "task.checklistitem.moveafteritem",
    _checklist_sig("moveafteritem", (TASK, ITEM, Param("afterItemId", "integer")), 3),
)
def checklist_move(call: Call, task_id: int, item_id: int, after_id: int) -> None:
    task = readable(call, task_id)
    item = checklists.get(call.conn, task_id, item_id) if task else None
    after = checklists.get(call.conn, task_id, after_id) if task else None
    if task is None or item is None or after is None or not T.rights(call, task)["checklistEdit"]:
        raise ApiError(T2.TE_FAILED, text="Moving item: action not allowed")
    checklists.move_after(call.conn, item, after)
    return None


@positional(
    "task.checklistitem.isactionallowed", _checklist_sig("isactionallowed", (TASK, ITEM, ACTION), 3), write=False
)
def checklist_allowed(call: Call, task_id: int, item_id: int, action_id: int) -> bool:
    task = readable(call, task_id)
    right = CHECKLIST_ACTIONS.get(action_id)
    if task is None or right is None:
        return False
    if action_id != 1 and checklists.get(call.conn, task_id, item_id) is None:
        return False
    return bool(T.rights(call, task)[right])


# -- task.elapseditem.* (api-reference/tasks/elapsed-item/*.md) ------------------------------------------------
ELAPSED_WRITABLE = ("USER_ID", "COMMENT_TEXT", "SECONDS", "SOURCE", "CREATED_DATE", "DATE_START", "DATE_STOP")
ELAPSED_ORDER = ("ID", "TASK_ID", "USER_ID", "SECONDS", "MINUTES", "CREATED_DATE", "DATE_START", "DATE_STOP")
ELAPSED_FILTER = ("ID", "TASK_ID", "USER_ID", "CREATED_DATE")
ELAPSED_SELECT = ("ID", "TASK_ID", "USER_ID", "COMMENT_TEXT", "SECONDS", "MINUTES", "SOURCE", "CREATED_DATE")
ELAPSED_KEYS = (*ELAPSED_SELECT, "DATE_START", "DATE_STOP")
# ACTIONID: 1 add, 2 modify, 3 remove
ELAPSED_ACTIONS = {1: "add", 2: "modify", 3: "remove"}


def _elapsed_sig(name: str, params: tuple[Param, ...], mandatory: int) -> Signature:
    return Signature("ctaskelapseditem", name, params, mandatory, task_first_optional=name == "getlist")


def elapsed_row(call: Call, record: dict[str, Any]) -> dict[str, Any]:
    return {
        "ID": str(record["id"]),
        "TASK_ID": str(record["task_id"]),
        "USER_ID": str(record["user_id"]),
        "COMMENT_TEXT": record["comment_text"],
        "SECONDS": str(record["seconds"]),
        "MINUTES": str(record["seconds"] // 60),
        "SOURCE": str(record["source"]),
        "CREATED_DATE": call.portal.iso(record["created_date"]),
        "DATE_START": call.portal.iso(record["date_start"]),
        "DATE_STOP": call.portal.iso(record["date_stop"]),
    }


def _elapsed_values(call: Call, fields: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "USER_ID" in fields:
        out["user_id"] = php_intval(fields["USER_ID"])
    if "COMMENT_TEXT" in fields:
        out["comment_text"] = php_string(fields["COMMENT_TEXT"])
    if "SECONDS" in fields:
        out["seconds"] = max(php_intval(fields["SECONDS"]), 0)
    if "SOURCE" in fields:
        out["source"] = php_intval(fields["SOURCE"]) or elapsed.SOURCE_MANUAL
    for key in ("CREATED_DATE", "DATE_START", "DATE_STOP"):
        if fields.get(key):
            out[key.lower()] = php_strtotime(fields[key], call.portal.tz)
    return out


def _elapsed_denied() -> ApiError:
    return ApiError(T2.TE_NOT_ALLOWED)


@positional(
    "task.elapseditem.add",
    _elapsed_sig("add", (TASK, Param("arFields", "array", ELAPSED_WRITABLE)), 2),
)
def elapsed_add(call: Call, task_id: int, fields: dict[str, Any]) -> int:
    task = readable(call, task_id)
    if task is None:
        raise ApiError(T2.ELAPSED_NOT_FOUND)
    if not T.rights(call, task)["elapsedTime"]:
        raise _elapsed_denied()
    return elapsed.add(call.conn, task["id"], call.user_id, call.portal.now(), _elapsed_values(call, fields))


def _record(call: Call, task_id: int, item_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    task = readable(call, task_id)
    if task is None:
        raise ApiError(T2.ELAPSED_NOT_FOUND)
    record = elapsed.get(call.conn, task_id, item_id)
    if record is None:
        raise _elapsed_denied()
    return task, record


@positional("task.elapseditem.get", _elapsed_sig("get", (TASK, ITEM), 2), write=False)
def elapsed_get(call: Call, task_id: int, item_id: int) -> Any:
    return elapsed_row(call, _record(call, task_id, item_id)[1])


@positional(
    "task.elapseditem.getlist",
    _elapsed_sig(
        "getlist",
        (
            TASK,
            Param("order", "array", ELAPSED_ORDER),
            Param("filter", "array", ELAPSED_FILTER, prefixed=True),
            Param("select", "array"),
            Param("params", "array", ("NAV_PARAMS",)),
        ),
        0,
    ),
    write=False,
)
def elapsed_getlist(
    call: Call,
    task_id: int | None,
    order: dict[str, Any] | None,
    flt: dict[str, Any] | None,
    select: dict[str, Any] | None,
    nav: dict[str, Any] | None,
) -> Result:
    """All records of a readable task (no page limit without NAV_PARAMS), or of every readable task in pages
    of at most 50 when the task id is 0 or left out (api-reference/tasks/elapsed-item/task-elapsed-item-get-list.md)."""
    if task_id:
        if readable(call, task_id) is None:
            raise _elapsed_denied()
        records = elapsed.for_tasks(call.conn, [task_id])
    else:
        records = [r for r in elapsed.for_tasks(call.conn, None) if readable(call, r["task_id"]) is not None]
    rows = [elapsed_row(call, r) for r in records]
    tz = call.portal.tz

    def value(row: dict[str, Any], name: str) -> Any:
        if name in ("CREATED_DATE", "DATE_START", "DATE_STOP"):
            return php_strtotime(row[name], tz) if row[name] else None
        return php_intval(row[name])

    def convert(name: str, op: str, raw: Any) -> Any:
        if name == "CREATED_DATE":
            return php_strtotime(raw, tz)
        return [php_intval(v) for v in raw] if isinstance(raw, list) else php_intval(raw)

    tree = vf.parse_filter(flt or {}, lambda n: n.upper() if n.upper() in ELAPSED_FILTER else None, convert)
    rows = vf.filter_rows(rows, tree, value)
    sort = [(str(k).upper(), php_string(d).upper() == "DESC") for k, d in (order or {}).items()] or [("ID", False)]
    rows = vf.sort_rows(rows, sort, value)
    keep = [s for s in (select or {}).values() if isinstance(s, str) and s in ELAPSED_KEYS]
    if keep:
        rows = [{k: r[k] for k in ELAPSED_KEYS if k in keep} for r in rows]
    total = len(rows)
    page = (nav or {}).get("NAV_PARAMS") if isinstance((nav or {}).get("NAV_PARAMS"), dict) else None
    if page is None and task_id:
        return Result(rows, total=total)
    size = min(max(php_intval((page or {}).get("nPageSize", 50)), 1), 50)
    number = max(php_intval((page or {}).get("iNumPage", 1)), 1)
    start = (number - 1) * size
    chunk = rows[start : start + size]
    nxt = start + len(chunk) if start + len(chunk) < total else None
    return Result(chunk, total=total, next=nxt)


@positional(
    "task.elapseditem.update",
    _elapsed_sig("update", (TASK, ITEM, Param("arFields", "array", ELAPSED_WRITABLE)), 3),
)
def elapsed_update(call: Call, task_id: int, item_id: int, fields: dict[str, Any]) -> None:
    task, record = _record(call, task_id, item_id)
    if not elapsed.may_change(record, call.user_id, call.is_admin):
        raise _elapsed_denied()
    elapsed.change(call.conn, record, _elapsed_values(call, fields))
    return None


@positional("task.elapseditem.delete", _elapsed_sig("delete", (TASK, ITEM), 2))
def elapsed_delete(call: Call, task_id: int, item_id: int) -> None:
    task, record = _record(call, task_id, item_id)
    if not elapsed.may_change(record, call.user_id, call.is_admin):
        raise _elapsed_denied()
    elapsed.remove(call.conn, record)
    return None


@positional("task.elapseditem.isactionallowed", _elapsed_sig("isactionallowed", (TASK, ITEM, ACTION), 3), write=False)
def elapsed_allowed(call: Call, task_id: int, item_id: int, action_id: int) -> bool:
    task = readable(call, task_id)
    if task is None or action_id not in ELAPSED_ACTIONS:
        return False
    if action_id == 1:
        return bool(T.rights(call, task)["elapsedTime"])
    record = elapsed.get(call.conn, task_id, item_id)
    return record is not None and elapsed.may_change(record, call.user_id, call.is_admin)
