"""Task results over REST v2 (scope ``task``): ``tasks.task.result.list``, ``addFromComment`` and
``deleteFromComment`` (api-reference/tasks/result/index.md, "If You Work with the Previous Version").

The same results as v3's ``tasks.task.result.*`` (``domain/task_results.py``); a result made from a comment
keeps the comment (the chat message) it came from. v2 shows ids and the status as numbers: 0 open, 1 closed.
There is no v2 ``tasks.task.result.delete``: deleting by id is v3's (result/tasks-task-result-delete.md).
"""

from __future__ import annotations

import re
from typing import Any

from b24local.api.tasks_v2 import int_param, obj
from b24local.core.context import Call
from b24local.core.errors import T2, ApiError
from b24local.core.registry import method
from b24local.domain import chats
from b24local.domain import task_results as R
from b24local.domain import tasks as T

SCOPE = "task"
_BB = re.compile(r"\[(/?)([bius])\]", re.IGNORECASE)


def formatted(text: str) -> str:
    """The BB-code text as HTML (``[B]`` → ``<b>``), as ``formattedText`` shows it."""
    return _BB.sub(lambda m: f"<{m.group(1)}{m.group(2).lower()}>", text)


def result_row(call: Call, result: dict[str, Any], *, files: Any) -> dict[str, Any]:
    return {
        "id": result["id"],
        "taskId": result["taskId"],
        "commentId": result["messageId"] or 0,
        "createdBy": result["authorId"],
        "createdAt": call.portal.iso(result["createdAt"]),
        "updatedAt": call.portal.iso(result["updatedAt"] or result["createdAt"]),
        "status": 0 if result["status"] == "open" else 1,
        "text": result["text"],
        "formattedText": formatted(result["text"]),
        "files": files,
    }


@method("tasks.task.result.list", api=2, scope=SCOPE, write=False)
def result_list(call: Call, params: Any) -> Any:
    task_id = int_param(obj(params), "taskId", required=True)
    if not task_id:
        raise ApiError(T2.TASK_NOT_FOUND)
    task = T.load(call.conn, task_id)
    if task is None or not T.rights(call, task)["read"]:
        raise ApiError(T2.ACCESS_DENIED)
    rows = sorted(R.for_task(call, task_id), key=lambda r: r["id"], reverse=True)
    return [result_row(call, r, files=r["fileIds"] or []) for r in rows]


def _comment_and_task(call: Call, comment_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    message = chats.get_message(call.conn, comment_id)
    chat = chats.get_chat(call.conn, message["chat_id"]) if message else None
    if message is None or chat is None or not chat["task_id"]:
        raise ApiError(T2.COMMENT_NOT_FOUND)
    task = T.load(call.conn, chat["task_id"])
    if task is None or not T.rights(call, task)["read"]:
        raise ApiError(T2.ACCESS_DENIED)
    if message["author_id"] != call.user_id and not call.is_admin:
        raise ApiError(T2.ACCESS_DENIED)
    return message, task


@method("tasks.task.result.addFromComment", api=2, scope=SCOPE)
def result_add_from_comment(call: Call, params: Any) -> Any:
    comment_id = int_param(obj(params), "commentId", required=True)
    assert comment_id is not None
    message, task = _comment_and_task(call, comment_id)
    if any(r["messageId"] == comment_id and r["status"] == "open" for r in R.for_task(call, task["id"])):
        raise ApiError(T2.RESULT_EXISTS)
    result_id = R.create(call, task["id"], message["text"], message_id=comment_id)
    result = R.load(call, result_id)
    assert result is not None
    return result_row(call, result, files=None)


@method("tasks.task.result.deleteFromComment", api=2, scope=SCOPE)
def result_delete_from_comment(call: Call, params: Any) -> Any:
    comment_id = int_param(obj(params), "commentId", required=True)
    assert comment_id is not None
    _, task = _comment_and_task(call, comment_id)
    for result in R.for_task(call, task["id"]):
        if result["messageId"] == comment_id:
            R.remove(call, result["id"])
    return None
