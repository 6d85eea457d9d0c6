"""``tasks.task.result.*`` over REST v3 (api-reference/tasks/result/*.md, seed 001): add, addfromchatmessage, update,
delete, list. Results belong to a task; only their author edits them; the author or an admin deletes."""

from __future__ import annotations

from typing import Any

from b24local.api.tasks import (
    LIST_ERRORS,
    LIST_PARAMS,
    WRITE_ERRORS,
    check_id_or_filter,
    denied,
    dto_required,
    obj,
    provided,
    require,
)
from b24local.core.context import Call
from b24local.core.errors import V3, ApiError, Msg, fill, v3_validation
from b24local.core.registry import Doc, method
from b24local.domain import chats
from b24local.domain import task_results as R
from b24local.domain import tasks as T
from b24local.schema.dto import parse_fields, required_error
from b24local.schema.request import (
    matches,
    parse_filter,
    parse_id,
    parse_order,
    parse_pagination,
    parse_select,
    sort_rows,
    top_level_eq,
)
from b24local.schema.result_dto import RESULT_DTO
from b24local.schema.task_dto import RELATED_DTOS


def _readable_task(call: Call, task_id: int) -> dict[str, Any] | None:
    task = T.load(call.conn, task_id)
    if task is None:
        return None
    return task if T.rights(call, task)["read"] else None


@method(
    "tasks.task.result.add",
    api=3,
    scope="tasks",
    doc=Doc((("fields", "fields"),), ("fields",), RESULT_DTO, "item", WRITE_ERRORS),
)
def result_add(call: Call, params: Any) -> Any:
    params = obj(params)
    values = parse_fields(RESULT_DTO, require(params, "fields"), group="add")
    dto_required(RESULT_DTO, values, "add")
    task_id = values["taskId"]
    if task_id <= 0:
        raise v3_validation(V3.REQUEST_VALIDATION, (Msg.RESULT_TASK_ID_POSITIVE, "taskId"))
    task = T.load(call.conn, task_id)
    if not T.rights(call, task)["read"]:
        raise denied()
    if task is None:
        raise v3_validation(V3.REQUEST_VALIDATION, (Msg.RESULT_TASK_NOT_FOUND, "taskId"))
    result_id = R.create(call, task_id, values["text"])
    return {"item": R.render(call, _made(call, result_id), None)}


def _made(call: Call, result_id: int) -> dict[str, Any]:
    """The result this call has just written."""
    result = R.load(call, result_id)
    assert result is not None, "a result written in this transaction is readable in it"
    return result


@method(
    "tasks.task.result.addfromchatmessage",
    api=3,
    scope="tasks",
    doc=Doc((("fields", "fields"),), ("fields",), RESULT_DTO, "item", WRITE_ERRORS),
)
def result_add_from_chat_message(call: Call, params: Any) -> Any:
    params = obj(params)
    values = parse_fields(RESULT_DTO, require(params, "fields"), group="addFromChatMessage")
    dto_required(RESULT_DTO, values, "addFromChatMessage")
    message = chats.get_message(call.conn, values["messageId"])
    chat = chats.get_chat(call.conn, message["chat_id"]) if message else None
    task = _readable_task(call, chat["task_id"]) if chat and chat["task_id"] else None
    if task is None or message is None:
        raise denied()  # the create-from-message rule: message in a task chat whose task the user reads
    text = message["text"] if message["text"].strip() else "Task result"
    result_id = R.create(call, task["id"], text, message_id=message["id"])
    return {"item": R.render(call, _made(call, result_id), None)}


def _seed_001_wording(err: ApiError) -> ApiError:
    """Seed 001 (delete) and api-reference/tasks/result/tasks-task-result-update.md show "Error validating the
    request object" as the top-level message of these two methods' request-validation errors."""
    if err.error is V3.REQUEST_VALIDATION:
        err.message = Msg.RESULT_DELETE_VALIDATION
    return err


@method(
    "tasks.task.result.update",
    api=3,
    scope="tasks",
    doc=Doc((("id", "id"), ("fields", "fields")), ("id", "fields"), RESULT_DTO, "item", WRITE_ERRORS),
)
def result_update(call: Call, params: Any) -> Any:
    try:
        return _result_update(call, obj(params))
    except ApiError as err:
        raise _seed_001_wording(err) from None


def _result_update(call: Call, params: dict[str, Any]) -> Any:
    # The request object: `id` (typed), `fields` (required, parsed key by key), then the id/filter rules.
    if "id" in params:
        parse_id(params)
    values = parse_fields(RESULT_DTO, require(params, "fields"), group="update")
    check_id_or_filter(params)
    if not provided(params, "id"):
        raise required_error("id")  # the result controller does not implement update by filter
    result_id = parse_id(params)
    # Fields carrying a Required group (taskId) are tolerated and ignored on update (observed behaviour of the
    # real server, not documented).
    values = {k: v for k, v in values.items() if k == "text" or not RESULT_DTO.by_name[k].required}
    dto_required(RESULT_DTO, values, "update")
    result = R.load(call, result_id, for_update=True)
    if result is None or not R.can_edit(call, result):
        raise denied()
    R.set_text(call, result_id, values["text"])
    return {"item": R.render(call, _made(call, result_id), None)}


@method(
    "tasks.task.result.delete",
    api=3,
    scope="tasks",
    doc=Doc((("id", "id"),), ("id",), RESULT_DTO, "result", (V3.REQUEST_VALIDATION, V3.ACCESS_DENIED)),
)
def result_delete(call: Call, params: Any) -> Any:
    try:
        return _result_delete(call, obj(params))
    except ApiError as err:
        raise _seed_001_wording(err) from None


def _result_delete(call: Call, params: dict[str, Any]) -> Any:
    if "id" in params:
        parse_id(params)
    check_id_or_filter(params)
    if not provided(params, "id"):
        raise required_error("id")  # the task controllers do not implement delete by filter
    result_id = parse_id(params)
    result = R.load(call, result_id, for_update=True)
    if result is None:
        if call.is_admin:  # admins pass the rule, then the command fails
            raise v3_validation(V3.REQUEST_VALIDATION, (Msg.RESULT_NOT_FOUND, "id"))
        raise denied()
    if not R.can_remove(call, result):
        raise denied()
    R.remove(call, result_id)
    return {"result": True}


@method(
    "tasks.task.result.list",
    api=3,
    scope="tasks",
    write=False,
    doc=Doc(LIST_PARAMS, ("filter",), RESULT_DTO, "items", (*LIST_ERRORS, V3.REQUEST_FILTER_VALIDATION)),
)
def result_list(call: Call, params: Any) -> Any:
    params = obj(params)
    sel = parse_select(RESULT_DTO, params["select"], RELATED_DTOS) if "select" in params else None
    if not params.get("filter"):
        raise v3_validation(V3.REQUEST_VALIDATION, (Msg.NOT_EMPTY, "filter"))
    flt = parse_filter(RESULT_DTO, params["filter"])
    order = parse_order(RESULT_DTO, params["order"]) if "order" in params else []
    limit, offset = parse_pagination(params["pagination"]) if "pagination" in params else (50, 0)
    task_id = top_level_eq(flt, "taskId")
    if task_id is None:
        raise v3_validation(V3.REQUEST_FILTER_VALIDATION, (fill(Msg.FILTER_REQUIRED, field="taskId"), "filter.taskId"))
    task = T.load(call.conn, task_id)
    if not T.rights(call, task)["read"]:
        raise denied()
    rows = [r for r in R.for_task(call, task_id) if matches(flt, r)]
    sort_rows(rows, order + [("id", False)] if not any(n == "id" for n, _ in order) else order)
    return {"items": [R.render(call, r, sel) for r in rows[offset : offset + limit]]}
