"""The entity type behind an ``entityTypeId``: its field set, pipelines (categories), stages and id
sequences. Smart processes resolve through their ``crm.type`` row (api-reference/crm/universal/user-defined-object-types/)."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from b24local.core.errors import ApiError, E
from b24local.domain.crm.types import (
    COMPANY,
    CONTACT,
    DEAL,
    DEAL_STAGES,
    DYNAMIC_STAGES,
    FM_TYPES,
    INVOICE_STAGES,
    LEAD,
    LEAD_STAGES,
    OLD_INVOICE,
    QUOTE,
    QUOTE_STAGES,
    SMART_INVOICE,
    SYSTEM_TYPES,
    Stage,
)
from b24local.domain.crm.values import fits_int32
from b24local.schema import crm_fields as cf
from b24local.schema.crm_fields import CrmField, FieldSet
from b24local.store import tables_crm as tc
from b24local.store.rows import insert_id


@dataclass
class Entity:
    entity_type_id: int
    name: str
    title: str
    fieldset: FieldSet
    default_category: int | None
    stages: Callable[[int | None], list[Stage]]
    type_row: Any = None
    categories: list[int] = field(default_factory=list)

    @property
    def has_fm(self) -> bool:
        return self.entity_type_id in FM_TYPES

    def field(self, name: str) -> CrmField | None:
        return self.fieldset.by_name.get(name)


def _dynamic_stage_list(entity_type_id: int, category_id: int | None, invoice: bool) -> list[Stage]:
    prefix = f"DT{entity_type_id}_{category_id}:"
    table = INVOICE_STAGES if invoice else DYNAMIC_STAGES
    return [Stage(prefix + code, name, sem) for code, name, sem in table]


def flags_of(row: Any) -> cf.TypeFlags:
    f = row.flags or {}
    return cf.TypeFlags(
        stages=f.get("isStagesEnabled") == "Y",
        begin_close_dates=f.get("isBeginCloseDatesEnabled") == "Y",
        client=f.get("isClientEnabled") == "Y",
        link_with_products=f.get("isLinkWithProductsEnabled") == "Y",
        mycompany=f.get("isMycompanyEnabled") == "Y",
        source=f.get("isSourceEnabled") == "Y",
        observers=f.get("isObserversEnabled") == "Y",
    )


def categories_of(conn: Connection, entity_type_id: int) -> list[tuple[int, bool]]:
    rows = conn.execute(
        select(tc.crm_categories.c.id, tc.crm_categories.c.is_default)
        .where(tc.crm_categories.c.entity_type_id == entity_type_id)
        .order_by(tc.crm_categories.c.sort, tc.crm_categories.c.id)
    ).all()
    return [(r.id, bool(r.is_default)) for r in rows]


def create_category(conn: Connection, entity_type_id: int, name: str, *, default: bool) -> int:
    return int(
        insert_id(
            conn,
            tc.crm_categories.insert().values(
                entity_type_id=entity_type_id, name=name, sort=500, is_default=default, created_time=int(time.time())
            ),
        )
    )


def _ensure_default_category(conn: Connection, entity_type_id: int) -> list[tuple[int, bool]]:
    cats = categories_of(conn, entity_type_id)
    if not cats:
        create_category(conn, entity_type_id, "General", default=True)
        cats = categories_of(conn, entity_type_id)
    return cats


def parent_fields(conn: Connection, entity_type_id: int, own_row: Any = None) -> list[CrmField]:
    """``parentId{N}`` fields from smart-process relations: the type's own parents, and every smart process
    that names this type among its children."""
    rows = conn.execute(select(tc.crm_types).order_by(tc.crm_types.c.id)).all()
    titles = {etid: title for etid, (_, title) in SYSTEM_TYPES.items()}
    titles.update({r.entity_type_id: r.title for r in rows})
    parents: list[int] = []
    if own_row is not None:
        for rel in (own_row.relations or {}).get("parent", []):
            parents.append(int(rel["entityTypeId"]))
    for r in rows:
        if r.entity_type_id == entity_type_id:
            continue
        if any(int(rel["entityTypeId"]) == entity_type_id for rel in (r.relations or {}).get("child", [])):
            parents.append(r.entity_type_id)
    seen: list[int] = []
    for etid in parents:
        if etid not in seen and etid in titles:
            seen.append(etid)
    return [cf.parent_field(etid, titles[etid]) for etid in seen]


def resolve_entity(conn: Connection, entity_type_id: int) -> Entity:
    """The entity type behind an ``entityTypeId``, with its parent bindings, or the documented error."""
    entity = _resolve_entity(conn, entity_type_id)
    parents = parent_fields(conn, entity_type_id, entity.type_row)
    if parents:
        fs = entity.fieldset
        fields = cf.with_parents(fs.fields, parents)
        order = cf.with_parents(fs.item_order, parents) if fs.item_order is not fs.fields else fields
        entity.fieldset = cf.make_fieldset(fields, order)
    return entity


@functools.cache
def _system_fieldset(entity_type_id: int) -> cf.FieldSet:
    """The field set of a built-in type: fixed, so built once per process."""
    build = {
        LEAD: cf.lead_fields,
        DEAL: cf.deal_fields,
        CONTACT: cf.contact_fields,
        COMPANY: cf.company_fields,
        QUOTE: cf.quote_fields,
    }[entity_type_id]
    return cf.make_fieldset(build())


def _resolve_entity(conn: Connection, entity_type_id: int) -> Entity:
    if entity_type_id == OLD_INVOICE:
        raise ApiError(E.ENTITY_TYPE_NOT_SUPPORTED, name="INVOICE")
    if entity_type_id in SYSTEM_TYPES:
        name, title = SYSTEM_TYPES[entity_type_id]
        if entity_type_id == LEAD:
            return Entity(LEAD, name, title, _system_fieldset(LEAD), None, lambda c: LEAD_STAGES)
        if entity_type_id == DEAL:
            return Entity(DEAL, name, title, _system_fieldset(DEAL), 0, lambda c: DEAL_STAGES, None, [0])
        if entity_type_id == CONTACT:
            return Entity(CONTACT, name, title, _system_fieldset(CONTACT), 0, lambda c: [], None, [0])
        if entity_type_id == COMPANY:
            return Entity(COMPANY, name, title, _system_fieldset(COMPANY), 0, lambda c: [], None, [0])
        if entity_type_id == QUOTE:
            return Entity(QUOTE, name, title, _system_fieldset(QUOTE), None, lambda c: QUOTE_STAGES)
        cats = _ensure_default_category(conn, SMART_INVOICE)
        default = next((c for c, d in cats if d), cats[0][0])
        fields = cf.dynamic_fields(SMART_INVOICE, default, cf.TypeFlags(), invoice=True)
        return Entity(
            SMART_INVOICE,
            name,
            title,
            cf.make_fieldset(fields, cf.in_item_order(fields)),
            default,
            lambda c: _dynamic_stage_list(SMART_INVOICE, c, True),
            None,
            [c for c, _ in cats],
        )
    row = None
    if fits_int32(entity_type_id):
        row = conn.execute(select(tc.crm_types).where(tc.crm_types.c.entity_type_id == entity_type_id)).first()
    if row is None:
        raise ApiError(E.NOT_FOUND_SPA)
    cats = _ensure_default_category(conn, entity_type_id)
    default = next((c for c, d in cats if d), cats[0][0])
    flags = flags_of(row)
    fields = cf.dynamic_fields(entity_type_id, default, flags)
    stages_on = flags.stages
    return Entity(
        entity_type_id,
        f"DYNAMIC_{entity_type_id}",
        row.title,
        cf.make_fieldset(fields, cf.in_item_order(fields)),
        default,
        (lambda c: _dynamic_stage_list(entity_type_id, c, False)) if stages_on else (lambda c: []),
        row,
        [c for c, _ in cats],
    )


# -- sequences -------------------------------------------------------------------------------------------
def next_value(conn: Connection, key: int, floor: int = 0, step: int = 1) -> int:
    """The next number of a counter (item ids per type; key 0: smart-process entityTypeIds). Never reused."""
    seq = tc.crm_sequences
    row = conn.execute(select(seq.c.last_id).where(seq.c.entity_type_id == key).with_for_update()).first()
    if row is None:
        value = max(floor, 1)
        try:
            with conn.begin_nested():
                conn.execute(seq.insert().values(entity_type_id=key, last_id=value))
            return value
        except IntegrityError:
            row = conn.execute(select(seq.c.last_id).where(seq.c.entity_type_id == key).with_for_update()).one()
    value = max(int(row.last_id) + step, floor)
    conn.execute(seq.update().where(seq.c.entity_type_id == key).values(last_id=value))
    return value


def bump_sequence(conn: Connection, key: int, value: int) -> None:
    """Make sure the counter is at least ``value`` (after an explicit entityTypeId)."""
    seq = tc.crm_sequences
    row = conn.execute(select(seq.c.last_id).where(seq.c.entity_type_id == key).with_for_update()).first()
    if row is None:
        conn.execute(seq.insert().values(entity_type_id=key, last_id=value))
    elif row.last_id < value:
        conn.execute(seq.update().where(seq.c.entity_type_id == key).values(last_id=value))
