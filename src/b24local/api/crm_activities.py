"""CRM activities over REST v2 (scope crm): ``crm.activity.add/get/list/update/delete/fields``,
``crm.activity.communication.fields`` (the legacy methods: empty error codes, texts ending with a period,
api-reference/crm/timeline/activities/activity-base/) and ``crm.activity.todo.add`` (named arguments,
``NOT_FOUND``/``ACCESS_DENIED`` codes, api-reference/crm/timeline/activities/todo/crm-activity-todo-add.md).
"""

from __future__ import annotations

from typing import Any

from b24local.api import crm_legacy as legacy
from b24local.api.crm_items import bind_int, ctx_of, intranet_only, list_start
from b24local.core.context import Call
from b24local.core.errors import ApiError, E
from b24local.core.php import php_intval, php_string
from b24local.core.registry import Result, method
from b24local.domain.crm import activities as act
from b24local.domain.crm import activity_lists, owners
from b24local.domain.crm.values import fits_int32, parse_moment
from b24local.schema import crm_activities as ca


def _activity(call: Call, params: dict[str, Any], *, lock: bool = False) -> Any:
    activity_id = legacy.entity_id(params, E.LEGACY_ID_INVALID)
    row = act.load(call.conn, activity_id, lock=lock)
    if row is None:
        raise ApiError(E.ACTIVITY_NOT_FOUND)
    return row


def _fields(params: dict[str, Any]) -> dict[str, Any]:
    fields = legacy.array_param(params, "fields")
    if isinstance(fields, list):
        return {str(i): v for i, v in enumerate(fields)}
    return fields if isinstance(fields, dict) else {}


@method("crm.activity.fields", api=2, scope="crm", write=False)
def activity_fields(call: Call, params: dict[str, Any]) -> Any:
    legacy.require_crm_access(call)
    return {f.name: f.describe() for f in ca.FIELDS}


@method("crm.activity.communication.fields", api=2, scope="crm", write=False)
def communication_fields(call: Call, params: dict[str, Any]) -> Any:
    legacy.require_crm_access(call)
    return {f.name: f.describe() for f in ca.COMMUNICATION_FIELDS}


@method("crm.activity.add", api=2, scope="crm")
def activity_add(call: Call, params: dict[str, Any]) -> int:
    legacy.require_crm_access(call)
    return act.add(call.conn, _fields(params), ctx_of(call))


@method("crm.activity.get", api=2, scope="crm", write=False)
def activity_get(call: Call, params: dict[str, Any]) -> Any:
    legacy.require_crm_access(call)
    row = _activity(call, params)
    ctx = ctx_of(call)
    if not act.may(call.conn, ctx, row.owner_type_id, "read"):
        raise ApiError(E.LEGACY_ACCESS_DENIED)
    return act.render(row, ctx)


@method("crm.activity.list", api=2, scope="crm", write=False)
def activity_list(call: Call, params: dict[str, Any]) -> Result:
    legacy.require_crm_access(call)
    order = legacy.array_param(params, "order")
    if order is not None and not isinstance(order, (dict, list)):
        raise ApiError(E.LEGACY_PARAMETER_NOT_ARRAY, name="order")
    filters = legacy.array_param(params, "filter")
    if filters is not None and not isinstance(filters, (dict, list)):
        raise ApiError(E.LEGACY_PARAMETER_NOT_ARRAY, name="filter")
    start = list_start(params.get("start"))
    items, total = activity_lists.list_page(
        call.conn, filters, order, legacy.array_param(params, "select"), start, ctx_of(call)
    )
    if start == -1:
        return Result(items)
    nxt = start + len(items) if start + len(items) < total else None
    return Result(items, total=total, next=nxt)


@method("crm.activity.update", api=2, scope="crm")
def activity_update(call: Call, params: dict[str, Any]) -> bool:
    legacy.require_crm_access(call)
    row = _activity(call, params, lock=True)
    act.update_activity(call.conn, row, _fields(params), ctx_of(call))
    return True


@method("crm.activity.delete", api=2, scope="crm")
def activity_delete(call: Call, params: dict[str, Any]) -> bool:
    legacy.require_crm_access(call)
    row = _activity(call, params, lock=True)
    act.delete_activity(call.conn, row, ctx_of(call))
    return True


# -- crm.activity.todo.add ---------------------------------------------------------------------------------
def _optional_int(params: dict[str, Any], name: str) -> int | None:
    """An optional id: a number no user or activity can have names none."""
    if params.get(name) in (None, ""):
        return None
    value = bind_int(params, name)
    return value if fits_int32(value) else None


def _string(params: dict[str, Any], name: str) -> str:
    value = params.get(name)
    if isinstance(value, (dict, list)):
        raise ApiError(E.WRONG_PARAMETER_TYPE, value=php_string(value), name=name, type="string")
    return php_string(value)


@method("crm.activity.todo.add", api=2, scope="crm")
def todo_add(call: Call, params: dict[str, Any]) -> Any:
    intranet_only(call)
    owner_type_id = bind_int(params, "ownerTypeId")
    owner_id = bind_int(params, "ownerId")
    if params.get("deadline") is None:
        raise ApiError(E.MISSING_PARAMETER, name="deadline")
    deadline_text = _string(params, "deadline")
    title = _string(params, "title")
    description = _string(params, "description")
    responsible_id = _optional_int(params, "responsibleId")
    parent_id = _optional_int(params, "parentActivityId")
    pings = params.get("pingOffsets")
    if pings is not None and not isinstance(pings, (dict, list)):
        raise ApiError(E.WRONG_PARAMETER_TYPE, value=php_string(pings), name="pingOffsets", type="array")
    ping_offsets = [php_intval(p) for p in (pings.values() if isinstance(pings, dict) else pings or [])]
    color = params.get("colorId")
    ctx = ctx_of(call)
    moment = parse_moment(deadline_text, ctx.tz)
    if moment is None:
        raise ApiError(E.CRM_WRONG_DATETIME)
    if not owners.name(owner_type_id) or owner_id <= 0:
        raise ApiError(E.CRM_OWNER_NOT_FOUND)
    if not fits_int32(owner_id) or not owners.exists(call.conn, owner_type_id, owner_id):
        raise ApiError(E.CRM_RECORD_NOT_FOUND)
    if not act.may(call.conn, ctx, owner_type_id, "update"):
        raise ApiError(E.ACCESS_DENIED)
    activity_id = act.add_todo(
        call.conn,
        act.Binding(owner_type_id, owner_id),
        deadline=int(moment.timestamp()),
        title=title,
        description=description,
        responsible_id=responsible_id if responsible_id and responsible_id > 0 else None,
        parent_id=parent_id,
        ping_offsets=ping_offsets,
        color_id=None if color in (None, "") else php_string(color),
        ctx=ctx,
    )
    return {"id": activity_id}
