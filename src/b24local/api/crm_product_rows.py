"""Product rows over REST v2 (scope crm): ``crm.item.productrow.*`` and the legacy
``crm.deal.productrows.get/set`` (and ``crm.lead.``, ``crm.quote.``), two renderings of the same rows.

``crm.item.productrow.*`` checks, in the real server's order (observed behaviour, not documented; the codes
are those of the crm-item-productrow-*.md error tables): arguments bound by name (``100`` "Could not find
value for parameter {fields}"), then the owner's type (``ENTITY_TYPE_NOT_SUPPORTED``), the owner
(``OWNER_NOT_FOUND``), the right to read or change it (``ACCESS_DENIED``), then the row's own rules. The
legacy methods answer an empty error code and texts ending with a period
(api-reference/crm/deals/crm-deal-productrows-get.md, -set.md; quote/crm-quote-product-rows-set.md).
"""

from __future__ import annotations

from typing import Any

from b24local.api import crm_legacy as legacy
from b24local.api.crm_items import bind_array, bind_int, ctx_of, intranet_only, list_start
from b24local.core.context import Call
from b24local.core.errors import ApiError, E
from b24local.core.php import INT_STRING, php_intval, php_string
from b24local.core.registry import Result, method
from b24local.domain.crm import owners
from b24local.domain.crm import product_rows as rows
from b24local.domain.crm.types import DEAL, LEAD, QUOTE
from b24local.schema import crm_product_rows as pr
from b24local.schema import v2_filter as vf


def _bind_string(params: dict[str, Any], name: str) -> str:
    if name not in params or params[name] is None:
        raise ApiError(E.MISSING_PARAMETER, name=name)
    value = params[name]
    if isinstance(value, (dict, list)):
        raise ApiError(E.WRONG_PARAMETER_TYPE, value=php_string(value), name=name, type="string")
    return php_string(value)


def _owner_key(fields: dict[str, Any], name: str) -> Any:
    for key, value in fields.items():
        f = pr.resolve(key)
        if f is not None and f.name == name:
            return value
    return None


def _owner(call: Call, owner_type: Any, owner_id: Any, action: str) -> rows.Owner:
    """The owner named by a short type code and an id: its type, the item, the right."""
    entity = rows.owner_entity(call.conn, owners.from_abbreviation(owner_type))
    owner = rows.load_owner(call.conn, entity, php_intval(owner_id), missing=ApiError(E.CRM_OWNER_NOT_FOUND))
    if not owners.may(call.conn, call.user_id, call.is_admin, entity.entity_type_id, action):
        raise ApiError(E.ACCESS_DENIED)
    return owner


def _row_and_owner(call: Call, row_id: int, action: str) -> tuple[Any, rows.Owner]:
    row = rows.load_row(call.conn, row_id)
    if row is None:
        raise ApiError(E.NOT_FOUND_ITEM)
    return row, _owner(call, owners.abbreviation(row.owner_type_id), row.owner_id, action)


# -- crm.item.productrow.* ---------------------------------------------------------------------------------
@method("crm.item.productrow.fields", api=2, scope="crm", write=False)
def productrow_fields(call: Call, params: dict[str, Any]) -> Any:
    intranet_only(call)
    return {"fields": {f.name: f.describe() for f in pr.FIELDS if f.described}}


@method("crm.item.productrow.add", api=2, scope="crm")
def productrow_add(call: Call, params: dict[str, Any]) -> Any:
    intranet_only(call)
    fields = bind_array(params, "fields", required=True)
    fields = fields if isinstance(fields, dict) else {}
    given = rows.incoming(fields, legacy=False)
    owner = _owner(call, _owner_key(fields, "ownerType"), _owner_key(fields, "ownerId"), "update")
    row = rows.add_row(call.conn, owner, given)
    rows.sync_owner(call.conn, owner, ctx_of(call))
    return {"productRow": rows.render(row)}


@method("crm.item.productrow.get", api=2, scope="crm", write=False)
def productrow_get(call: Call, params: dict[str, Any]) -> Any:
    intranet_only(call)
    row, _ = _row_and_owner(call, bind_int(params, "id"), "read")
    return {"productRow": rows.render(row)}


@method("crm.item.productrow.update", api=2, scope="crm")
def productrow_update(call: Call, params: dict[str, Any]) -> Any:
    intranet_only(call)
    row_id = bind_int(params, "id")
    fields = bind_array(params, "fields", required=True)
    row, owner = _row_and_owner(call, row_id, "update")
    given = rows.incoming(fields, legacy=False)
    if not given:
        keys = list(fields) if isinstance(fields, dict) else [str(i) for i in range(len(fields))]
        if not keys:
            return None  # nothing to write and nothing to complain about: null (observed, not documented)
        raise ApiError(E.CRM_FIELD_NOT_UPDATABLE, field=keys[0])
    row = rows.update_row(call.conn, row, given)
    rows.sync_owner(call.conn, owner, ctx_of(call))
    return {"productRow": rows.render(row)}


@method("crm.item.productrow.delete", api=2, scope="crm")
def productrow_delete(call: Call, params: dict[str, Any]) -> Any:
    intranet_only(call)
    row, owner = _row_and_owner(call, bind_int(params, "id"), "update")
    rows.delete_row(call.conn, row)
    rows.sync_owner(call.conn, owner, ctx_of(call))
    return None  # "The value is always null" (crm-item-productrow-delete.md)


@method("crm.item.productrow.set", api=2, scope="crm")
def productrow_set(call: Call, params: dict[str, Any]) -> Any:
    intranet_only(call)
    owner_type = _bind_string(params, "ownerType")
    owner_id = bind_int(params, "ownerId")
    given_rows = bind_array(params, "productRows", required=True)
    owner = _owner(call, owner_type, owner_id, "update")
    listed = given_rows.values() if isinstance(given_rows, dict) else given_rows
    # a row with no writable key is skipped (observed behaviour of the real server, not documented)
    prepared = [given for given in (rows.incoming(r, legacy=False) for r in listed) if given]
    rows.replace_rows(call.conn, owner, prepared, legacy=False)
    rows.sync_owner(call.conn, owner, ctx_of(call))
    return {"productRows": [rows.render(r) for r in rows.owner_rows(call.conn, owner_type_id(owner), owner.row.id)]}


@method("crm.item.productrow.getavailableforpayment", api=2, scope="crm", write=False)
def productrow_available_for_payment(call: Call, params: dict[str, Any]) -> Any:
    """Rows not yet in a payment: b24local has no payments, so every row of the owner."""
    intranet_only(call)
    owner_type = _bind_string(params, "ownerType")
    owner_id = bind_int(params, "ownerId")
    owner = _owner(call, owner_type, owner_id, "read")
    return {"productRows": [rows.render(r) for r in rows.owner_rows(call.conn, owner_type_id(owner), owner.row.id)]}


def owner_type_id(owner: rows.Owner) -> int:
    return owner.entity.entity_type_id


def _filter_value(f: pr.RowField, op: str, value: Any) -> Any:
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [_filter_value(f, "=", v) for v in value]
    if value is None or value == "" or op in ("%", "!%", "=%", "%=", "!=%", "!%=") or f.type in ("string", "char"):
        return value if value is None else php_string(value)
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, str):
        text = value.strip()
        if INT_STRING.match(text):
            return int(text)
        return float(text)  # ValueError: not a number
    if isinstance(value, (int, float)):
        return value
    raise ValueError(value)


def _required_owner_filter(filter_raw: dict[str, Any]) -> tuple[Any, Any]:
    """``=ownerType`` and ``=ownerId``: the two keys a list filter must hold (checkReadPermissions)."""
    owner_type = owner_id = None
    for key, value in filter_raw.items():
        if not isinstance(key, str):
            continue
        op, name = vf.split_key(key.strip())
        if not key.strip().startswith("=") or op != "=":
            continue
        f = pr.resolve(name)
        if f is not None and f.name == "ownerType":
            owner_type = value
        elif f is not None and f.name == "ownerId":
            owner_id = value
    return owner_type, owner_id


def _check_comparisons(filter_raw: Any) -> None:
    """``>``/``<`` keys take a string or a number (isFilterValid), also inside nested groups."""
    if not isinstance(filter_raw, dict):
        return
    for key, value in filter_raw.items():
        if isinstance(key, str) and ("<" in key or ">" in key) and "><" not in key:
            if isinstance(value, (dict, list)) or value is None or isinstance(value, bool):
                raise ApiError(E.CRM_FILTER_NOT_SCALAR, key=key)
        if isinstance(value, dict):
            _check_comparisons(value)


@method("crm.item.productrow.list", api=2, scope="crm", write=False)
def productrow_list(call: Call, params: dict[str, Any]) -> Result:
    intranet_only(call)
    order_raw = bind_array(params, "order", required=False)
    filter_raw = bind_array(params, "filter", required=False)
    filters = filter_raw if isinstance(filter_raw, dict) else {}
    owner_type, owner_id = _required_owner_filter(filters)
    if owner_type in (None, "", [], {}):
        raise ApiError(E.CRM_ARGUMENT_REQUIRED, name="=ownerType")
    if isinstance(owner_id, (dict, list)) or php_intval(owner_id) <= 0:
        raise ApiError(E.CRM_ARGUMENT_REQUIRED, name="=ownerId")
    entity_type_id = owners.from_abbreviation(owner_type)
    if entity_type_id is None or not owners.may(call.conn, call.user_id, call.is_admin, entity_type_id, "read"):
        raise ApiError(E.ACCESS_DENIED)
    _check_comparisons(filters)
    try:
        tree = vf.parse_filter(filters, pr.resolve, _filter_value, lambda n: n)
    except vf.FilterError as err:
        raise ApiError(E.CRM_FILTER_FIELD if err.kind == "field" else E.CRM_FILTER_VALUE, field=err.name) from err
    try:
        order = vf.parse_order(order_raw, pr.resolve, lambda n: n)
    except vf.OrderError as err:
        if err.kind == "field":
            raise ApiError(E.CRM_ORDER_FIELD, field=err.name) from err
        raise ApiError(E.CRM_ORDER_DIRECTION, field=err.name, value=php_string(err.value)) from err
    start = list_start(params.get("start"))
    page, total = rows.list_rows(call.conn, entity_type_id, php_intval(owner_id), tree, order, start)
    value = {"productRows": [rows.render(r) for r in page]}
    if start == -1:
        return Result(value)
    nxt = start + len(page) if start + len(page) < total else None
    return Result(value, total=total, next=nxt)


# -- crm.deal.productrows.* (and lead, quote) ------------------------------------------------------------
def _legacy_get(entity_type_id: int) -> Any:
    def handler(call: Call, params: dict[str, Any]) -> Any:
        legacy.require_crm_access(call)
        item_id = legacy.entity_id(params, E.LEGACY_PARAMETER_ID_INVALID)
        if not owners.may(call.conn, call.user_id, call.is_admin, entity_type_id, "read"):
            raise ApiError(E.LEGACY_ACCESS_DENIED)
        return [rows.render_legacy(r) for r in rows.owner_rows(call.conn, entity_type_id, item_id, by_sort=True)]

    return handler


def _legacy_set(entity_type_id: int) -> Any:
    def handler(call: Call, params: dict[str, Any]) -> Any:
        legacy.require_crm_access(call)
        item_id = legacy.entity_id(params, E.LEGACY_PARAMETER_ID_INVALID)
        given_rows = legacy.array_param(params, "rows")
        if not isinstance(given_rows, (dict, list)):
            raise ApiError(E.LEGACY_ROWS_NOT_ARRAY)
        if not owners.may(call.conn, call.user_id, call.is_admin, entity_type_id, "update"):
            raise ApiError(E.LEGACY_ACCESS_DENIED)
        entity = rows.owner_entity(call.conn, entity_type_id)
        owner = rows.load_owner(call.conn, entity, item_id, missing=ApiError(E.LEGACY_NOT_FOUND))
        listed = given_rows.values() if isinstance(given_rows, dict) else given_rows
        prepared = [rows.incoming(r, legacy=True) for r in listed if isinstance(r, dict)]
        rows.replace_rows(call.conn, owner, prepared, legacy=True)
        rows.sync_owner(call.conn, owner, ctx_of(call))
        return True

    return handler


for _name, _type in (("deal", DEAL), ("lead", LEAD), ("quote", QUOTE)):
    method(f"crm.{_name}.productrows.get", api=2, scope="crm", write=False)(_legacy_get(_type))
    method(f"crm.{_name}.productrows.set", api=2, scope="crm")(_legacy_set(_type))
