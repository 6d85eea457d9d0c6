"""crm.type.* over REST v2 (scope crm): smart-process types (api-reference/crm/universal/user-defined-object-types/).

add/update/delete/list/fields need a CRM administrator (``ACCESS_DENIED`` "Access denied", 400); get and
getByEntityTypeId also answer users who may read the type's items. Unknown type: ``0`` "SPA not found".
"""

from __future__ import annotations

from typing import Any

from b24local.api.crm_items import as_fields, bind_array, bind_int, can, ctx_of, intranet_only, list_start
from b24local.core.context import Call
from b24local.core.errors import ApiError, E
from b24local.core.registry import Result, method
from b24local.domain.crm import smart_types as types


def admin_only(call: Call) -> None:
    if not call.is_admin:
        raise ApiError(E.ACCESS_DENIED)


@method("crm.type.add", api=2, scope="crm")
def type_add(call: Call, params: dict[str, Any]) -> Any:
    intranet_only(call)
    fields = as_fields(bind_array(params, "fields", required=True))
    admin_only(call)
    ctx = ctx_of(call)
    return {"type": types.render_type(types.add_type(call.conn, fields, ctx), ctx)}


def _readable_type(call: Call, row: Any) -> Any:
    if row is None:
        raise ApiError(E.CRM_TYPE_NOT_FOUND)
    if not can(call, row.entity_type_id, "read"):
        raise ApiError(E.ACCESS_DENIED)
    return {"type": types.render_type(row, ctx_of(call))}


@method("crm.type.get", api=2, scope="crm", write=False)
def type_get(call: Call, params: dict[str, Any]) -> Any:
    intranet_only(call)
    type_id = bind_int(params, "id")
    return _readable_type(call, types.get_type_row(call.conn, type_id=type_id))


@method("crm.type.getbyentitytypeid", api=2, scope="crm", write=False)
def type_get_by_entity_type_id(call: Call, params: dict[str, Any]) -> Any:
    intranet_only(call)
    entity_type_id = bind_int(params, "entityTypeId")
    return _readable_type(call, types.get_type_row(call.conn, entity_type_id=entity_type_id))


@method("crm.type.update", api=2, scope="crm")
def type_update(call: Call, params: dict[str, Any]) -> Any:
    intranet_only(call)
    type_id = bind_int(params, "id")
    fields = as_fields(bind_array(params, "fields", required=True))
    row = types.get_type_row(call.conn, type_id=type_id)
    if row is None:
        raise ApiError(E.CRM_TYPE_NOT_FOUND)
    admin_only(call)
    ctx = ctx_of(call)
    return {"type": types.render_type(types.update_type(call.conn, row, fields, ctx), ctx)}


@method("crm.type.delete", api=2, scope="crm")
def type_delete(call: Call, params: dict[str, Any]) -> Any:
    intranet_only(call)
    type_id = bind_int(params, "id")
    row = types.get_type_row(call.conn, type_id=type_id)
    if row is None:
        raise ApiError(E.CRM_TYPE_NOT_FOUND)
    admin_only(call)
    types.delete_type(call.conn, row, ctx_of(call))
    return []


@method("crm.type.list", api=2, scope="crm", write=False)
def type_list(call: Call, params: dict[str, Any]) -> Result:
    intranet_only(call)
    order_raw = bind_array(params, "order", required=False)
    filter_raw = bind_array(params, "filter", required=False)
    admin_only(call)
    start = list_start(params.get("start"))
    rows, total = types.list_types(call.conn, filter_raw, order_raw, start, ctx_of(call))
    if start == -1:
        return Result({"types": rows})
    nxt = start + len(rows) if start + len(rows) < total else None
    return Result({"types": rows}, total=total, next=nxt)


@method("crm.type.fields", api=2, scope="crm", write=False)
def type_fields(call: Call, params: dict[str, Any]) -> Any:
    intranet_only(call)
    admin_only(call)
    return {"fields": {f.name: f.describe() for f in types.TYPE_FIELDS.described()}}
