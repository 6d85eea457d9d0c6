"""CRM lists: a v2 ``select``/``filter``/``order``/``start`` read against a field set, and one page of
items with the total (api-reference/crm/universal/crm-item-list.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, select

from b24local.core.errors import ApiError, E
from b24local.core.php import php_string
from b24local.domain.crm.entities import Entity
from b24local.domain.crm.items import Ctx, load_fm, render_item, value_of
from b24local.domain.crm.types import PAGE
from b24local.domain.crm.values import filter_value, fits_int32
from b24local.schema import crm_fields as cf
from b24local.schema import v2_filter as vf
from b24local.schema.crm_fields import CrmField
from b24local.store import tables_crm as tc


def upper_display(name: str) -> str:
    return cf.camel_to_upper(name.replace(".", ""))


def parse_filter_and_order(
    filter_raw: Any,
    order_raw: Any,
    resolve: Callable[[str], CrmField | None],
    convert: Callable[[CrmField, str, Any], Any],
) -> tuple[vf.Group, list[tuple[CrmField, bool]]]:
    """A v2 ``filter`` and ``order`` parsed against a field set, their faults as the documented errors."""
    try:
        tree = vf.parse_filter(filter_raw, resolve, convert, upper_display)
    except vf.FilterError as err:
        raise ApiError(E.CRM_FILTER_FIELD if err.kind == "field" else E.CRM_FILTER_VALUE, field=err.name) from err
    try:
        order = vf.parse_order(order_raw, resolve, upper_display)
    except vf.OrderError as err:
        if err.kind == "field":
            raise ApiError(E.CRM_ORDER_FIELD, field=err.name) from err
        raise ApiError(E.CRM_ORDER_DIRECTION, field=err.name, value=php_string(err.value)) from err
    return tree, order


@dataclass
class ListQuery:
    select: set[str] | None  # None = '*'
    tree: vf.Group
    order: list[tuple[CrmField, bool]]
    start: int  # -1: no count


def build_query(
    entity: Entity, select_raw: Any, filter_raw: Any, order_raw: Any, start: int, tz: ZoneInfo
) -> ListQuery:
    fs = entity.fieldset

    def resolve(name: str) -> CrmField | None:
        f = fs.resolve(name)
        return f if f is not None and f.filterable else None

    tree, order = parse_filter_and_order(filter_raw, order_raw, resolve, lambda f, op, v: filter_value(f, op, v, tz))
    names: set[str] | None = None
    if select_raw is not None:
        if isinstance(select_raw, dict):
            items = list(select_raw.values())
        else:
            items = select_raw if isinstance(select_raw, list) else [select_raw]
        if not items or any(isinstance(s, str) and s.strip() == "*" for s in items):
            names = None
        else:
            names = set()
            for s in items:
                f = fs.resolve(s) if isinstance(s, str) else None
                if f is not None and f.storage != cf.FM:
                    names.add(f.name)
    return ListQuery(names, tree, order, start)


def list_items(
    conn: Connection, entity: Entity, q: ListQuery, ctx: Ctx, *, readable: bool
) -> tuple[list[dict[str, Any]], int]:
    """One page of items and the total of matches."""
    if not readable:
        return [], 0
    query = select(tc.crm_items).where(tc.crm_items.c.entity_type_id == entity.entity_type_id)
    query = _push_down_id(query, q.tree)
    if _id_only(q.tree) and all(f.name == "id" for f, _ in q.order):
        return _list_in_sql(conn, entity, q, ctx, query)
    rows = conn.execute(query.order_by(tc.crm_items.c.id)).all()
    fms: dict[int, list[dict[str, Any]]] = {}
    if entity.has_fm:
        fms = load_fm(conn, entity.entity_type_id, [r.id for r in rows]) if rows else {}

    def getter(row: Any, f: CrmField) -> Any:
        if f.name == "id":
            return row.id
        return value_of(entity, f, row.data, fms.get(row.id, []))

    matched = vf.filter_rows(rows, q.tree, getter)
    if q.order:
        matched = vf.sort_rows(matched, q.order, getter)
    total = len(matched)
    offset = 0 if q.start < 0 else q.start
    page = matched[offset : offset + PAGE]
    items = [render_item(entity, r, fms.get(r.id, []), ctx, q.select, with_fm=q.select is None) for r in page]
    return items, total


ID_OPS = (">", ">=", "<", "<=", "=")


def _id_only(tree: vf.Group) -> bool:
    """Is the whole filter a conjunction of numeric conditions on ``id`` (so SQL alone can answer it)?"""
    if not tree.items:
        return True
    return tree.logic == vf.AND and all(
        isinstance(n, vf.Cond) and n.field.name == "id" and n.op in ID_OPS and fits_int32(n.value) for n in tree.items
    )


def _list_in_sql(
    conn: Connection, entity: Entity, q: ListQuery, ctx: Ctx, query: Any
) -> tuple[list[dict[str, Any]], int]:
    """The common case (no filter but on ``id``, order by ``id``): count, order and page in the database."""
    descending = bool(q.order) and q.order[0][1]
    col = tc.crm_items.c.id
    total = int(conn.execute(select(func.count()).select_from(query.subquery())).scalar() or 0)
    offset = 0 if q.start < 0 else q.start
    rows = conn.execute(query.order_by(col.desc() if descending else col).offset(offset).limit(PAGE)).all()
    fms = load_fm(conn, entity.entity_type_id, [r.id for r in rows]) if entity.has_fm and rows else {}
    items = [render_item(entity, r, fms.get(r.id, []), ctx, q.select, with_fm=q.select is None) for r in rows]
    return items, total


def _push_down_id(query: Any, tree: vf.Group) -> Any:
    """Top-level AND conditions on ``id`` narrow the rows read (keyset paging with ``>ID``)."""
    if tree.logic != vf.AND:
        return query
    col = tc.crm_items.c.id
    for node in tree.items:
        if isinstance(node, vf.Cond) and node.field.name == "id" and fits_int32(node.value):
            v = node.value
            if node.op == ">":
                query = query.where(col > v)
            elif node.op == ">=":
                query = query.where(col >= v)
            elif node.op == "<":
                query = query.where(col < v)
            elif node.op == "<=":
                query = query.where(col <= v)
            elif node.op == "=":
                query = query.where(col == v)
    return query
