"""An item's amount follows its product rows: while it has rows and is not in manual mode
(``isManualOpportunity`` N), ``opportunity`` is the rows' total and a written amount is replaced; ``taxValue``
is the tax the rows contain whatever the mode.

"If a deal has product rows and isManualOpportunity = N, the entered value opportunity is replaced by the
calculation of product rows and delivery after saving" (tutorials/crm/how-to-edit-crm-objects/
how-to-generate-edit-form-for-deal.md). A row's ``price`` already includes its tax, so the total is
Σ price × quantity and the tax Σ price × quantity × rate / (100 + rate), each rounded to cents (observed
behaviour of the real server, not documented; b24local has no deliveries).

``items.update_item`` calls ``follow_rows`` on every update; ``product_rows`` writes the amounts after the
rows change through the same update, so an amount has one rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from b24local.store import tables_crm_products as tp

if TYPE_CHECKING:
    from b24local.domain.crm.entities import Entity


_WIDE = Context(prec=400)  # room for any finite double's digits


def round_money(value: float) -> float:
    """Half away from zero at two decimals, as PHP's round() does for a price."""
    if not math.isfinite(value):
        return value
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP, context=_WIDE))


@dataclass(frozen=True)
class Totals:
    opportunity: float
    tax_value: float


def totals(conn: Connection, entity_type_id: int, item_id: int) -> Totals | None:
    """The rows' total and tax, or None when the item has no rows."""
    t = tp.crm_product_rows
    rows = conn.execute(
        select(t.c.price, t.c.quantity, t.c.tax_rate).where(
            t.c.owner_type_id == entity_type_id, t.c.owner_id == item_id
        )
    ).all()
    if not rows:
        return None
    amount = 0.0
    tax = 0.0
    for r in rows:
        line = float(r.price) * float(r.quantity)
        amount += round_money(line)
        rate = float(r.tax_rate or 0)
        if rate:
            tax += round_money(line * rate / (100 + rate))
    return Totals(round_money(amount), round_money(tax))


def follow_rows(conn: Connection, entity: Entity, item_id: int, data: dict[str, Any]) -> None:
    """Replace the amounts in an item's data about to be saved, when its rows decide them."""
    if entity.field("opportunity") is None:
        return
    found = totals(conn, entity.entity_type_id, item_id)
    if found is None:
        return  # an item without rows keeps the amount written to it
    if not data.get("isManualOpportunity"):
        data["opportunity"] = found.opportunity
    data["taxValue"] = found.tax_value
