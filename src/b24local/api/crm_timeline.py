"""Timeline comments over REST v2 (scope crm): ``crm.timeline.comment.add/update/delete`` (named
arguments, ``NOT_FOUND`` "Not found."), ``get``/``list``/``fields`` (the legacy methods: empty error
codes). Source: api-reference/crm/timeline/comments/*.md; "Starting from crm version
23.100.0, the method only accepts parameters with the key ``fields`` in lowercase" (crm-timeline-comment-
add.md).
"""

from __future__ import annotations

from typing import Any

from b24local.api import crm_legacy as legacy
from b24local.api.crm_items import bind_array, ctx_of, intranet_only, list_start
from b24local.core.context import Call
from b24local.core.errors import ApiError, E
from b24local.core.php import INT_STRING, php_intval, php_string
from b24local.core.registry import Result, method
from b24local.domain.crm import owners
from b24local.domain.crm import timeline_comments as comments
from b24local.domain.crm.values import INT64
from b24local.schema import crm_timeline as ct


def _comment_id(params: dict[str, Any]) -> int | None:
    """``$id`` of update/delete: required, untyped; a value that is not numeric finds no comment."""
    if params.get("id") is None:
        raise ApiError(E.MISSING_PARAMETER, name="id")
    value = params["id"]
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    text = php_string(value).strip()
    return int(text) if INT_STRING.match(text) and abs(int(text)) <= INT64 else None


def _optional_owner(params: dict[str, Any]) -> comments.Owner | None:
    """``ownerTypeId`` and ``ownerId`` (optional ints): both or none pick the binding to change."""
    values: list[int | None] = []
    for name in ("ownerTypeId", "ownerId"):
        raw = params.get(name)
        if raw is None:
            values.append(None)
            continue
        if isinstance(raw, bool) or not INT_STRING.match(php_string(raw)) or isinstance(raw, (dict, list)):
            raise ApiError(E.WRONG_PARAMETER_TYPE, value=php_string(raw), name=name, type="int")
        values.append(int(php_string(raw)))
    type_id, item_id = values
    if type_id is None or item_id is None:
        return None
    return comments.Owner(type_id, item_id)


def _text(fields: dict[str, Any]) -> str:
    value = fields.get("COMMENT")
    return "" if isinstance(value, (dict, list)) else php_string(value).strip()


def _fields(params: dict[str, Any]) -> dict[str, Any]:
    fields = bind_array(params, "fields", required=True)
    return fields if isinstance(fields, dict) else {}


@method("crm.timeline.comment.fields", api=2, scope="crm", write=False)
def comment_fields(call: Call, params: dict[str, Any]) -> Any:
    legacy.require_crm_access(call)
    return {f.name: f.describe() for f in ct.FIELDS}


@method("crm.timeline.comment.add", api=2, scope="crm")
def comment_add(call: Call, params: dict[str, Any]) -> int:
    intranet_only(call)
    fields = _fields(params)
    owner_type_id = (
        php_intval(fields.get("ENTITY_TYPE_ID")) if not isinstance(fields.get("ENTITY_TYPE_ID"), (dict, list)) else 0
    )
    if owner_type_id == 0 and fields.get("ENTITY_TYPE"):
        owner_type_id = owners.from_name(fields.get("ENTITY_TYPE")) or 0
    raw_id = fields.get("ENTITY_ID")
    owner = comments.Owner(owner_type_id, 0 if isinstance(raw_id, (dict, list)) else php_intval(raw_id))
    raw_author = fields.get("AUTHOR_ID")
    author = 0 if isinstance(raw_author, (dict, list)) else php_intval(raw_author)
    ctx = ctx_of(call)
    return comments.add(call.conn, owner, _text(fields), author if author > 0 else ctx.user_id, ctx)


@method("crm.timeline.comment.update", api=2, scope="crm")
def comment_update(call: Call, params: dict[str, Any]) -> int:
    intranet_only(call)
    comment_id = _comment_id(params)
    fields = _fields(params)
    given = _optional_owner(params)
    row = comments.load(call.conn, comment_id)
    if row is None:
        raise ApiError(E.CRM_RECORD_NOT_FOUND)
    return comments.update_comment(call.conn, row, _text(fields), given, ctx_of(call))


@method("crm.timeline.comment.delete", api=2, scope="crm")
def comment_delete(call: Call, params: dict[str, Any]) -> None:
    intranet_only(call)
    comment_id = _comment_id(params)
    given = _optional_owner(params)
    row = comments.load(call.conn, comment_id)
    if row is None:
        raise ApiError(E.CRM_RECORD_NOT_FOUND)
    comments.delete_comment(call.conn, row, given, ctx_of(call))
    return None  # "The operation always returns null"


@method("crm.timeline.comment.get", api=2, scope="crm", write=False)
def comment_get(call: Call, params: dict[str, Any]) -> Any:
    legacy.require_crm_access(call)
    comment_id = legacy.entity_id(params, E.LEGACY_ID_INVALID)
    row = comments.load(call.conn, comment_id)
    if row is None:
        raise ApiError(E.LEGACY_NOT_FOUND)
    owner = comments.bindings_of(call.conn, row.id)[0]
    if not owners.may(call.conn, call.user_id, call.is_admin, owner.entity_type_id, "read"):
        raise ApiError(E.LEGACY_ACCESS_DENIED)
    return comments.render(row, owner, ctx_of(call))


def _list_owner(call: Call, filters: Any) -> comments.Owner:
    """The item a list reads: ``ENTITY_ID`` and ``ENTITY_TYPE`` must name one the caller may read."""
    values = {str(k).upper(): v for k, v in filters.items()} if isinstance(filters, dict) else {}
    entity_type_id = owners.from_name(values.get("ENTITY_TYPE"))
    raw_id = values.get("ENTITY_ID")
    entity_id = 0 if isinstance(raw_id, (dict, list)) else php_intval(raw_id)
    if (
        entity_type_id is None
        or entity_id <= 0
        or not owners.may(call.conn, call.user_id, call.is_admin, entity_type_id, "read")
    ):
        raise ApiError(E.LEGACY_ACCESS_DENIED)
    return comments.Owner(entity_type_id, entity_id)


@method("crm.timeline.comment.list", api=2, scope="crm", write=False)
def comment_list(call: Call, params: dict[str, Any]) -> Result:
    legacy.require_crm_access(call)
    owner = _list_owner(call, legacy.array_param(params, "filter"))
    wanted = legacy.array_param(params, "select")
    listed = wanted.values() if isinstance(wanted, dict) else wanted if isinstance(wanted, list) else []
    names = {php_string(n).strip().upper() for n in listed}
    selected = tuple(n for n in ct.OUTPUT if n in names) or ct.OUTPUT
    order_raw = legacy.array_param(params, "order")
    order = []
    if isinstance(order_raw, dict):
        for key, direction in order_raw.items():
            f = ct.BY_NAME.get(str(key).upper())
            if f is not None and f.sortable:  # "Only the fields ID, CREATED, AUTHOR_ID are supported"
                order.append((f.name, isinstance(direction, str) and direction.strip().upper() == "DESC"))
    start = list_start(params.get("start"))
    items, total = comments.list_page(call.conn, owner, order, selected, start, ctx_of(call))
    if start == -1:
        return Result(items)
    nxt = start + len(items) if start + len(items) < total else None
    return Result(items, total=total, next=nxt)
