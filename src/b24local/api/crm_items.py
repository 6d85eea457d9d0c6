"""crm.item.* over REST v2 (scope crm): add, get, list, update, delete, fields for leads (1), deals (2),
contacts (3), companies (4), estimates (7), invoices (31) and smart processes.

Each handler checks in the real server's order (observed behaviour, not documented; the texts are seed 003's
and those of the crm-item-*.md error tables): intranet-user filter, then the arguments bound in signature
order (``100`` "Could not find value for parameter {x}"), then the entity type (``NOT_FOUND`` "SPA not
found"), then the item (``NOT_FOUND`` "Item not found"), then access rights.
"""

from __future__ import annotations

from typing import Any

from b24local.core.context import Call
from b24local.core.errors import ApiError, E
from b24local.core.php import INT_STRING, php_string
from b24local.core.registry import Result, method
from b24local.domain.crm import entities, items, lists
from b24local.domain.crm import permissions as perms
from b24local.domain.crm.types import PAGE
from b24local.domain.crm.values import INT64


# -- argument binding (the Engine binder: exact names, typed) ------------------------------------------------
def bind_int(params: dict[str, Any], name: str) -> int:
    if name not in params or params[name] is None:
        raise ApiError(E.MISSING_PARAMETER, name=name)
    value = params[name]
    if isinstance(value, bool):
        raise ApiError(E.WRONG_PARAMETER_TYPE, value=php_string(value), name=name, type="int")
    number: int | None = None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and INT_STRING.match(value):
        number = int(value)
    if number is None or abs(number) > INT64:
        raise ApiError(E.WRONG_PARAMETER_TYPE, value=php_string(value), name=name, type="int")
    return number


def bind_array(params: dict[str, Any], name: str, *, required: bool) -> Any:
    if name not in params or params[name] is None:
        if required:
            raise ApiError(E.MISSING_PARAMETER, name=name)
        return None
    value = params[name]
    if isinstance(value, (dict, list)):
        return value
    raise ApiError(E.WRONG_PARAMETER_TYPE, value=php_string(value), name=name, type="array")


def as_fields(value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        return {str(i): v for i, v in enumerate(value)}
    return dict(value)


def intranet_only(call: Call) -> None:
    """``allowed_only_intranet_user`` for extranet users (seed 003's error table); skipped for administrators
    (observed behaviour of the real server, not documented)."""
    if not call.principal.is_intranet and not call.is_admin:
        raise ApiError(E.ALLOWED_ONLY_INTRANET_USER)


def ctx_of(call: Call) -> items.Ctx:
    return items.Ctx(user_id=call.user_id, is_admin=call.is_admin, tz=call.portal.tz, now=call.portal.now())


def can(call: Call, entity_type_id: int, action: str) -> bool:
    return perms.allowed(call.conn, call.user_id, call.is_admin, entity_type_id, action)


def list_start(value: Any) -> int:
    """``start`` as the server reads it: intval, -1 = no count (settings/performance/huge-data.md), else floored
    to a page of 50 (crm-item-list.md gives pages of 50; the flooring is observed, not documented)."""
    try:
        start = int(float(value)) if not isinstance(value, bool) and value not in (None, "") else 0
    except (TypeError, ValueError):
        start = 0
    if start == -1:
        return -1
    return max(start, 0) // PAGE * PAGE


# -- methods -------------------------------------------------------------------------------------------------
@method("crm.item.add", api=2, scope="crm")
def item_add(call: Call, params: dict[str, Any]) -> Any:
    intranet_only(call)
    entity_type_id = bind_int(params, "entityTypeId")
    fields = as_fields(bind_array(params, "fields", required=True))
    entity = entities.resolve_entity(call.conn, entity_type_id)
    if not can(call, entity_type_id, "add"):
        raise ApiError(E.ACCESS_DENIED)
    return {"item": items.add_item(call.conn, entity, fields, ctx_of(call))}


@method("crm.item.get", api=2, scope="crm", write=False)
def item_get(call: Call, params: dict[str, Any]) -> Any:
    intranet_only(call)
    item_id = bind_int(params, "id")
    entity_type_id = bind_int(params, "entityTypeId")
    entity = entities.resolve_entity(call.conn, entity_type_id)
    item = items.get_item(call.conn, entity, item_id, ctx_of(call))
    if not can(call, entity_type_id, "read"):
        raise ApiError(E.CRM_READ_DENIED)
    return {"item": item}


@method("crm.item.update", api=2, scope="crm")
def item_update(call: Call, params: dict[str, Any]) -> Any:
    intranet_only(call)
    entity_type_id = bind_int(params, "entityTypeId")
    item_id = bind_int(params, "id")
    fields = as_fields(bind_array(params, "fields", required=True))
    entity = entities.resolve_entity(call.conn, entity_type_id)
    row = items.load_item(call.conn, entity_type_id, item_id, lock=True)
    if row is None:
        raise ApiError(E.NOT_FOUND_ITEM)
    if not can(call, entity_type_id, "update"):
        raise ApiError(E.ACCESS_DENIED)
    return {"item": items.update_item(call.conn, entity, row, fields, ctx_of(call))}


@method("crm.item.delete", api=2, scope="crm")
def item_delete(call: Call, params: dict[str, Any]) -> Any:
    intranet_only(call)
    entity_type_id = bind_int(params, "entityTypeId")
    item_id = bind_int(params, "id")
    entity = entities.resolve_entity(call.conn, entity_type_id)
    row = items.load_item(call.conn, entity_type_id, item_id, lock=True)
    if row is None:
        raise ApiError(E.NOT_FOUND_ITEM)
    if not can(call, entity_type_id, "delete"):
        raise ApiError(E.ACCESS_DENIED)
    items.delete_item(call.conn, entity, row, ctx_of(call))
    return []


@method("crm.item.list", api=2, scope="crm", write=False)
def item_list(call: Call, params: dict[str, Any]) -> Result:
    intranet_only(call)
    entity_type_id = bind_int(params, "entityTypeId")
    select_raw = bind_array(params, "select", required=False)
    order_raw = bind_array(params, "order", required=False)
    filter_raw = bind_array(params, "filter", required=False)
    entity = entities.resolve_entity(call.conn, entity_type_id)
    ctx = ctx_of(call)
    start = list_start(params.get("start"))
    query = lists.build_query(entity, select_raw, filter_raw, order_raw, start, ctx.tz)
    items, total = lists.list_items(call.conn, entity, query, ctx, readable=can(call, entity_type_id, "read"))
    if start == -1:
        return Result({"items": items})
    offset = start
    nxt = offset + len(items) if offset + len(items) < total else None
    return Result({"items": items}, total=total, next=nxt)


@method("crm.item.fields", api=2, scope="crm", write=False)
def item_fields(call: Call, params: dict[str, Any]) -> Any:
    intranet_only(call)
    entity_type_id = bind_int(params, "entityTypeId")
    entity = entities.resolve_entity(call.conn, entity_type_id)
    if not can(call, entity_type_id, "read"):
        raise ApiError(E.CRM_READ_DENIED)
    return {"fields": {f.name: f.describe() for f in entity.fieldset.described()}}
