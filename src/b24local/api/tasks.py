"""``tasks.task.*`` over REST v3 (scope ``tasks``): add, update, delete, get, list, access.get, the task
chat, and the ``*.field.list``/``*.field.get`` methods of every task DTO.

Each handler follows the real server's request-processing order (observed behaviour, not documented;
docs/fidelity.md, "Which error wins"): request structure (required params, ``fields`` keys/types,
select/filter/order/pagination) → DTO validation → access check → command validation → the write.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from b24local.core.context import Call
from b24local.core.errors import V3, ApiError, Msg, fill, v3_validation
from b24local.core.registry import Doc, method
from b24local.domain import chats
from b24local.domain import tasks as T
from b24local.schema.dto import (
    FIELD_DESCR_KEYS,
    STRING,
    Dto,
    Field,
    describe,
    missing_required,
    not_fillable,
    parse_fields,
    required_error,
    type_error,
)
from b24local.schema.request import (
    order_by,
    parse_filter,
    parse_id,
    parse_order,
    parse_pagination,
    parse_select,
    where,
)
from b24local.schema.result_dto import MESSAGE_DTO, RESULT_DTO
from b24local.schema.task_dto import RELATED_DTOS, TASK_DTO
from b24local.store import tables_tasks as tt

# What the OpenAPI document says of each method (``core.registry.Doc``): its parameters and its errors.
READ_ERRORS = (V3.REQUEST_VALIDATION, V3.UNKNOWN_DTO_PROPERTY, V3.INVALID_SELECT, V3.ACCESS_DENIED)
LIST_ERRORS = (*READ_ERRORS, V3.INVALID_FILTER, V3.UNKNOWN_FILTER_OPERATOR, V3.INVALID_ORDER, V3.INVALID_PAGINATION)
WRITE_ERRORS = (V3.REQUEST_VALIDATION, V3.DTO_VALIDATION, V3.UNKNOWN_DTO_PROPERTY, V3.ACCESS_DENIED)
LIST_PARAMS = (("select", "select"), ("filter", "filter"), ("order", "order"), ("pagination", "pagination"))


def obj(params: Any) -> dict[str, Any]:
    return params if isinstance(params, dict) else {}


def require(params: dict[str, Any], name: str) -> Any:
    if name not in params:
        raise required_error(name)
    return params[name]


def denied() -> ApiError:
    return ApiError(V3.ACCESS_DENIED)


def provided(params: dict[str, Any], name: str) -> bool:
    """Present and not empty in PHP's sense (0, "0", "", [] count as absent), as the request rules read it."""
    return name in params and params[name] not in (None, 0, "0", "", [], {}, False)


def check_id_or_filter(params: dict[str, Any]) -> None:
    """The rules on ``id``/``filter`` of the update and delete requests (seed 001): neither → "At least one
    …" and "Only one …" (two items without a field), both → "Only one …"; nothing changes."""
    has_id, has_filter = provided(params, "id"), provided(params, "filter")
    items: list[tuple[str, str | None]] = []
    if not has_id and not has_filter:
        items.append((fill(Msg.AT_LEAST_ONE, fields="id, filter"), None))
    if has_id == has_filter:
        items.append((fill(Msg.ONLY_ONE, fields="id, filter"), None))
    if items:
        raise v3_validation(V3.REQUEST_VALIDATION, *items)


# -- add -------------------------------------------------------------------------------------------


@method(
    "tasks.task.add",
    api=3,
    scope="tasks",
    doc=Doc((("fields", "fields"),), ("fields",), TASK_DTO, "item", WRITE_ERRORS),
)
def task_add(call: Call, params: Any) -> Any:
    params = obj(params)
    values = parse_fields(TASK_DTO, require(params, "fields"), group="add")
    missing = missing_required(TASK_DTO, values, "add")
    if missing:
        raise required_error(*missing)
    err = not_fillable(TASK_DTO, values, "add")
    if err:
        raise err
    # Creating a task for another creator needs the admin right, unless the caller is its responsible.
    if not call.is_admin and call.user_id not in (values["creatorId"], values["responsibleId"]):
        raise denied()
    T.validate_add(call, values)
    task_id = T.create(call, values)
    task = T.load(call.conn, task_id)
    assert task is not None
    return {"item": T.render(call, task, None)}


# -- update ----------------------------------------------------------------------------------------

# Which right a changed field needs (the real server's save rule compares before/after per action).
FIELD_RIGHT = {
    "status": "changeStatus",
    "deadline": "deadline",
    "startPlan": "datePlan",
    "endPlan": "datePlan",
    "responsibleId": "changeResponsible",
}


_TYPE_TEXT = re.compile(r"^Field `(.*)` requires data type `(.*)` for this request$")


def _update_wording(err: ApiError) -> ApiError:
    """Seed 002 words the type error "The field `x` requires data type `y` for such a request"."""
    for entry in err.validation or []:
        m = _TYPE_TEXT.match(entry["message"])
        if m:
            entry["message"] = fill(Msg.FIELD_TYPE_UPDATE, field=m.group(1), type=m.group(2))
    return err


@method(
    "tasks.task.update",
    api=3,
    scope="tasks",
    doc=Doc((("id", "id"), ("fields", "fields")), ("id", "fields"), TASK_DTO, "result", WRITE_ERRORS),
)
def task_update(call: Call, params: Any) -> Any:
    params = obj(params)
    try:
        task_id = parse_id(params)
        values = parse_fields(TASK_DTO, require(params, "fields"), group="update", editable_error="attribute")
    except ApiError as err:
        raise _update_wording(err) from None
    if provided(params, "filter"):
        check_id_or_filter(params)  # with `id` too: "Only one of the values must be provided"
    task = T.load(call.conn, task_id, for_update=True)
    if task is None:
        raise denied()
    granted = T.rights(call, task)
    needed = {FIELD_RIGHT.get(k, "edit") for k in values if not TASK_DTO.by_name[k].computed} or {"edit"}
    if not all(granted[r] for r in needed):
        raise denied()
    T.validate_update(call, task, values)
    T.apply_update(call, task, values)
    return {"result": True}


# -- delete ----------------------------------------------------------------------------------------


@method(
    "tasks.task.delete",
    api=3,
    scope="tasks",
    doc=Doc((("id", "id"),), ("id",), TASK_DTO, "result", (V3.REQUEST_VALIDATION, V3.ACCESS_DENIED)),
)
def task_delete(call: Call, params: Any) -> Any:
    params = obj(params)
    task_id = parse_id(params)
    if provided(params, "filter"):
        check_id_or_filter(params)  # with `id` too: "Only one of the values must be provided"
    task = T.load(call.conn, task_id, for_update=True)
    if task is None or not T.rights(call, task)["remove"]:
        raise denied()
    T.remove(call, task)
    return {"result": True}


# -- get / list ------------------------------------------------------------------------------------


@method(
    "tasks.task.get",
    api=3,
    scope="tasks",
    write=False,
    doc=Doc((("id", "id"), ("select", "select")), ("id",), TASK_DTO, "item", (*READ_ERRORS, V3.ENTITY_NOT_FOUND)),
)
def task_get(call: Call, params: Any) -> Any:
    params = obj(params)
    task_id = parse_id(params)
    sel = parse_select(TASK_DTO, params["select"], RELATED_DTOS) if "select" in params else None
    task = T.load(call.conn, task_id)
    if task is None:
        if call.is_admin:
            raise ApiError(V3.ENTITY_NOT_FOUND, id=task_id)
        raise denied()
    if not T.rights(call, task)["read"]:
        raise denied()
    return {"item": T.render(call, task, sel)}


@method("tasks.task.list", api=3, scope="tasks", write=False, doc=Doc(LIST_PARAMS, (), TASK_DTO, "items", LIST_ERRORS))
def task_list(call: Call, params: Any) -> Any:
    params = obj(params)
    sel = parse_select(TASK_DTO, params["select"], RELATED_DTOS) if "select" in params else None
    flt = parse_filter(TASK_DTO, params["filter"]) if "filter" in params else None
    order = parse_order(TASK_DTO, params["order"]) if "order" in params else []
    limit, offset = parse_pagination(params["pagination"]) if "pagination" in params else (50, 0)
    column_of = T.sql_column(call.conn)
    q = select(tt.tasks)
    if not call.is_admin:
        q = q.where(T.readable_clause(call.user_id))
    if flt is not None:
        q = q.where(where(flt, column_of))
    # The sort map always starts with `id` ASC; the caller's keys follow it, an `id` key replaces it (observed
    # behaviour of the real server, not documented; docs/fidelity.md, "List order").
    id_desc = next((d for n, d in order if n == "id"), False)
    q = q.order_by(*order_by([("id", id_desc)] + [(n, d) for n, d in order if n != "id"], column_of))
    rows = call.conn.execute(q.limit(limit).offset(offset)).mappings()
    page = [{T.FIELD_OF[k]: v for k, v in r.items()} for r in rows]
    # An item the select leaves empty (`["chat"]`: not a list-mapper field) is an empty PHP array: `[]`.
    return {"items": [T.render(call, r, sel, mode="list") or [] for r in page]}


# -- access ----------------------------------------------------------------------------------------


@method(
    "tasks.task.access.get",
    api=3,
    scope="tasks",
    write=False,
    doc=Doc((("id", "id"),), ("id",), TASK_DTO, "rights", (V3.REQUEST_VALIDATION,)),
)
def task_access_get(call: Call, params: Any) -> Any:
    params = obj(params)
    task_id = parse_id(params)
    # No existence or read check: a missing task yields the map of an empty task (observed behaviour of the
    # real server, not documented; docs/fidelity.md, "Access rights matrix").
    return T.rights(call, T.load(call.conn, task_id))


# -- chat ------------------------------------------------------------------------------------------


def dto_required(dto: Dto, values: dict[str, Any], group: str) -> None:
    """DTO validation of a group (docs/fidelity.md, "Which error wins"): missing required and not-fillable keys
    → DTOVALIDATION."""
    items = [(fill(Msg.REQUIRED_NOT_SPECIFIED, field=n), n) for n in missing_required(dto, values, group)]
    items += [(fill(Msg.NOT_FILLABLE, field=k), k) for k in values if not dto.by_name[k].fillable(group)]
    if items:
        raise v3_validation(V3.DTO_VALIDATION, *items)


@method(
    "tasks.task.chat.message.send",
    api=3,
    scope="tasks",
    doc=Doc((("fields", "fields"),), ("fields",), MESSAGE_DTO, "result", WRITE_ERRORS),
)
def chat_message_send(call: Call, params: Any) -> Any:
    params = obj(params)
    values = parse_fields(MESSAGE_DTO, require(params, "fields"), group="send")
    dto_required(MESSAGE_DTO, values, "send")
    task = T.load(call.conn, values["taskId"])
    if task is None or not T.rights(call, task)["read"] or not task.get("chatId"):
        raise denied()
    chats.send_message(call.conn, task["chatId"], call.user_id, values["text"], call.portal.now())
    return {"result": True}


# -- field methods ---------------------------------------------------------------------------------

FIELD_DESCR_DTO = Dto("DtoFieldDto", [Field(k, STRING) for k in FIELD_DESCR_KEYS])


def _descr(f: Field, sel: Any) -> dict[str, Any]:
    full = describe(f)
    if sel is None or not sel.plain:
        return full
    return {k: full[k] for k in FIELD_DESCR_KEYS if k in sel.plain}


def field_methods(prefix: str, dto: Dto, scope: str = "tasks") -> None:
    """``<prefix>.field.list`` and ``<prefix>.field.get`` describing ``dto`` (api-reference/tasks/tasks-task-field-list.md)."""

    def field_list(call: Call, params: Any) -> Any:
        params = obj(params)
        sel = parse_select(FIELD_DESCR_DTO, params["select"], {}) if "select" in params else None
        return {"items": [_descr(f, sel) for f in dto.fields]}

    def field_get(call: Call, params: Any) -> Any:
        params = obj(params)
        name = require(params, "name")
        if not isinstance(name, str):
            raise type_error("name", STRING)
        sel = parse_select(FIELD_DESCR_DTO, params["select"], {}) if "select" in params else None
        f = dto.get(name)
        if f is None:
            raise ApiError(V3.FIELD_NOT_FOUND, field=name)
        return {"item": _descr(f, sel)}

    listing = Doc((("select", "select"),), (), FIELD_DESCR_DTO, "items", (V3.UNKNOWN_DTO_PROPERTY, V3.INVALID_SELECT))
    one = Doc(
        (("name", "string"), ("select", "select")),
        ("name",),
        FIELD_DESCR_DTO,
        "item",
        (V3.REQUEST_VALIDATION, V3.UNKNOWN_DTO_PROPERTY, V3.INVALID_SELECT, V3.FIELD_NOT_FOUND),
    )
    method(prefix + ".field.list", api=3, scope=scope, write=False, doc=listing)(field_list)
    method(prefix + ".field.get", api=3, scope=scope, write=False, doc=one)(field_get)


# The access and file controllers declare TaskDto in the real server (observed behaviour, not documented:
# tasks-task-access-field-list.md and tasks-task-file-field-list.md show smaller DTOs).
field_methods("tasks.task", TASK_DTO)
field_methods("tasks.task.access", TASK_DTO)
field_methods("tasks.task.file", TASK_DTO)
field_methods("tasks.task.chat.message", MESSAGE_DTO)
field_methods("tasks.task.result", RESULT_DTO)
