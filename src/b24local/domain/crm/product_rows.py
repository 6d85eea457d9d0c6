"""Product rows of CRM items: the row's derived prices, writing rows, reading them in either API's shape, and
the owner's amount after each change.

A row keeps ``price`` (per unit, discounts and taxes included) and the discount and tax it was given; the
other prices are derived on every write as the real server derives them (observed behaviour, not
documented; the meaning of each price: api-reference/crm/data-types.md, crm_item_product_row):
``priceExclusive`` = price / (1 + tax), the discount
(a percentage gives the sum, a sum gives the percentage), ``priceNetto`` = priceExclusive + discountSum,
``priceBrutto`` = priceNetto × (1 + tax); prices rounded to cents. The docs' examples (crm-item-productrow-
add.md, -update.md, crm-lead-productrows-get.md) all follow it.

Only types whose items have an amount carry rows: leads, deals, estimates, invoices and smart processes with
``isLinkWithProductsEnabled`` (api-reference/crm/universal/product-rows/index.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, select

from b24local.core.errors import ApiError, E
from b24local.core.php import php_empty, php_floatval, php_intval, php_string
from b24local.domain.crm import entities, items, owners
from b24local.domain.crm.entities import Entity
from b24local.domain.crm.product_totals import round_money
from b24local.domain.crm.values import fits_int32, render_double
from b24local.schema import crm_product_rows as pr
from b24local.schema import v2_filter as vf
from b24local.store import tables_crm_products as tp
from b24local.store.rows import clean_text, fits_int, insert_id

T = tp.crm_product_rows
PAGE = 50


@dataclass
class Owner:
    entity: Entity
    row: Any  # its crm_items row


def owner_entity(conn: Connection, entity_type_id: int | None) -> Entity:
    """The entity type of an owner, if its items carry product rows (else ENTITY_TYPE_NOT_SUPPORTED)."""
    if entity_type_id is None:
        raise ApiError(E.ENTITY_TYPE_NOT_SUPPORTED, name="")
    try:
        entity = entities.resolve_entity(conn, entity_type_id)
    except ApiError:
        entity = None
    if entity is None or entity.field("opportunity") is None:
        raise ApiError(E.ENTITY_TYPE_NOT_SUPPORTED, name=owners.name(entity_type_id))
    return entity


def load_owner(conn: Connection, entity: Entity, owner_id: int, *, missing: ApiError) -> Owner:
    row = items.load_item(conn, entity.entity_type_id, owner_id, lock=True) if fits_int32(owner_id) else None
    if row is None:
        raise missing
    return Owner(entity, row)


# -- writing ---------------------------------------------------------------------------------------------------
_INT = {"productId", "discountTypeId", "measureCode", "sort"}
_FLOAT = {"price", "quantity", "discountRate", "discountSum", "priceExclusive", "priceNetto", "priceBrutto"}
_CHAR = {"taxIncluded", "customized"}
_COLUMNS = {
    "productId": "product_id",
    "productName": "product_name",
    "price": "price",
    "priceAccount": "price_account",
    "priceExclusive": "price_exclusive",
    "priceNetto": "price_netto",
    "priceBrutto": "price_brutto",
    "quantity": "quantity",
    "discountTypeId": "discount_type_id",
    "discountRate": "discount_rate",
    "discountSum": "discount_sum",
    "taxRate": "tax_rate",
    "taxIncluded": "tax_included",
    "customized": "customized",
    "measureCode": "measure_code",
    "measureName": "measure_name",
    "sort": "sort",
    "xmlId": "xml_id",
    "type": "type",
}


_LENGTHS = {"productName": 1024, "measureName": 50, "xmlId": 255}
MONEY_LIMIT = 1e15  # a portal keeps prices as DECIMAL(18,2): beyond it a value is refused


def _cast(name: str, value: Any) -> Any:
    """An incoming value as the row's field casts it (PHP casts; a rate may be null)."""
    if name in _INT:
        number = php_intval(value)
        if not fits_int(number):
            raise ValueError(value)
        return number
    if name in _FLOAT:
        return None if value is None else php_floatval(value)
    if name == "taxRate":
        return None if value is None or value == "" else php_floatval(value)
    if name in _CHAR:
        return "Y" if value is True or (isinstance(value, str) and value.strip().upper() == "Y") else "N"
    return clean_text(php_string(value), _LENGTHS.get(name))


def incoming(fields: Any, *, legacy: bool) -> dict[str, Any]:
    """The writable keys of one row (either name form); unknown, read-only and owner keys are dropped
    (observed, not documented; the legacy set may also give the derived prices, crm-deal-productrows-set.md)."""
    out: dict[str, Any] = {}
    if not isinstance(fields, dict):
        return out
    for key, value in fields.items():
        f = pr.resolve(key)
        if f is None or f.name in ("id", "ownerId", "ownerType"):
            if legacy and isinstance(key, str) and key.upper() in pr.LEGACY_EXTRA_INPUT:
                out["productDescription"] = None if value is None else clean_text(php_string(value))
            continue
        if f.read_only and not (legacy and f.legacy_writable):
            continue
        if isinstance(value, (dict, list)):
            continue  # no row field holds an array
        try:
            out[f.name] = _cast(f.name, value)
        except ValueError as exc:
            raise ApiError(E.CRM_FIELD_VALUE_NOT_VALID, field=f.title) from exc
    return out


def _defaults() -> dict[str, Any]:
    return {
        "productId": 0,
        "productName": "",
        "price": 0.0,
        "quantity": 1.0,
        "discountTypeId": None,
        "discountRate": None,
        "discountSum": None,
        "taxRate": None,
        "taxIncluded": "N",
        "customized": "Y",
        "measureCode": None,
        "measureName": None,
        "sort": 0,
        "xmlId": "",
    }


def _stored(row: Any) -> dict[str, Any]:
    out = {name: getattr(row, column) for name, column in _COLUMNS.items()}
    out["productDescription"] = row.product_description
    return out


def normalize(values: dict[str, Any], given: dict[str, Any], *, row_id: int | None, legacy: bool) -> dict[str, Any]:
    """Derive a row's prices, discount and measure (``values``: the row after the write; ``given``: what the
    caller sent). Raises the discount errors of the API that was called."""
    errors = (
        (E.PRODUCT_ROWS_RATE_REQUIRED, E.PRODUCT_ROWS_SUM_REQUIRED, E.PRODUCT_ROWS_FULL_DISCOUNT_SUM_REQUIRED)
        if legacy
        else (E.PRODUCT_ROW_RATE_REQUIRED, E.PRODUCT_ROW_SUM_REQUIRED, E.PRODUCT_ROW_FULL_DISCOUNT_SUM_REQUIRED)
    )
    shown_id = "" if row_id is None else str(row_id)
    out = dict(values)
    out["price"] = out["price"] or 0.0  # null: none given
    out["quantity"] = 1.0 if out["quantity"] is None else out["quantity"]
    for name in ("price", "quantity", "discountRate", "discountSum", "taxRate"):
        if out[name] is not None and abs(out[name]) >= MONEY_LIMIT:
            raise ApiError(E.CRM_FIELD_VALUE_NOT_VALID, field=pr.BY_NAME[name].title)
    tax = float(out["taxRate"] or 0)
    if tax == -100:
        raise ApiError(E.CRM_FIELD_VALUE_NOT_VALID, field=pr.BY_NAME["taxRate"].title)  # no price without its tax
    price = float(out["price"])
    exclusive = float(given.get("priceExclusive") or 0) or round_money(price / (1 + tax / 100))
    kind = out["discountTypeId"]
    explicit = "discountTypeId" in given
    if kind not in (pr.PERCENTAGE, pr.MONETARY):
        kind = pr.PERCENTAGE
        explicit = False
    if kind == pr.PERCENTAGE:
        rate = out["discountRate"]
        if rate is None:
            if explicit:
                raise ApiError(errors[0], id=shown_id)
            rate = 0.0
        if rate == 100:
            if php_empty(out["discountSum"]):
                raise ApiError(errors[2], id=shown_id)
            discount = float(out["discountSum"])
        else:
            discount = exclusive / (1 - rate / 100) - exclusive
    else:
        if out["discountSum"] is None:
            raise ApiError(errors[1], id=shown_id)
        discount = float(out["discountSum"])
        base = exclusive + discount
        rate = discount / base * 100 if base else 0.0
    discount = round_money(discount)  # the later prices build on the rounded discount, as the examples show
    netto = round_money(float(given.get("priceNetto") or 0) or exclusive + discount)
    brutto = float(given.get("priceBrutto") or 0) or netto * (1 + tax / 100)
    for name, value in (
        ("discountSum", discount),
        ("priceNetto", netto),
        ("priceBrutto", brutto),
        ("discountRate", rate),
    ):
        if not abs(value) < MONEY_LIMIT:  # a discount of almost 100 % leaves no price to speak of
            raise ApiError(E.CRM_FIELD_VALUE_NOT_VALID, field=pr.BY_NAME[name].title)
    out.update(
        discountTypeId=kind,
        discountRate=round_money(rate),
        discountSum=round_money(discount),
        priceExclusive=round_money(exclusive),
        priceNetto=round_money(netto),
        priceBrutto=round_money(brutto),
        priceAccount=price,  # one currency: the reporting currency is the row's
    )
    code = out["measureCode"]
    if code in pr.MEASURES:
        out["measureName"] = pr.MEASURES[code]
    elif row_id is None or code is None or "measureCode" in given:
        out["measureCode"], out["measureName"] = pr.DEFAULT_MEASURE, pr.MEASURES[pr.DEFAULT_MEASURE]
    # rows of catalog products are offers (type 4, as every crm.item.productrow example shows); others simple (1)
    out["type"] = 4 if out["productId"] > 0 else 1
    return out


def _columns(values: dict[str, Any]) -> dict[str, Any]:
    cols = {_COLUMNS[name]: values[name] for name in _COLUMNS}
    cols["product_description"] = values.get("productDescription")
    return cols


def add_row(conn: Connection, owner: Owner, given: dict[str, Any], *, legacy: bool = False) -> Any:
    values = {**_defaults(), "productDescription": None, **given}
    normalized = normalize(values, given, row_id=None, legacy=legacy)
    new_id = insert_id(
        conn,
        T.insert().values(owner_type_id=owner.entity.entity_type_id, owner_id=owner.row.id, **_columns(normalized)),
    )
    return load_row(conn, new_id)


def update_row(conn: Connection, row: Any, given: dict[str, Any]) -> Any:
    values = {**_stored(row), **given}
    normalized = normalize(values, given, row_id=row.id, legacy=False)
    conn.execute(T.update().where(T.c.id == row.id).values(**_columns(normalized)))
    return load_row(conn, row.id)


def delete_row(conn: Connection, row: Any) -> None:
    conn.execute(T.delete().where(T.c.id == row.id))


def replace_rows(conn: Connection, owner: Owner, rows: list[dict[str, Any]], *, legacy: bool) -> None:
    """Every row of the owner replaced by ``rows`` (crm.item.productrow.set, crm.*.productrows.set); a row
    that fails normalisation fails the whole call and the old rows stay."""
    prepared = [
        normalize({**_defaults(), "productDescription": None, **given}, given, row_id=None, legacy=legacy)
        for given in rows
    ]
    etid, oid = owner.entity.entity_type_id, owner.row.id
    conn.execute(delete(T).where(T.c.owner_type_id == etid, T.c.owner_id == oid))
    for values in prepared:
        conn.execute(T.insert().values(owner_type_id=etid, owner_id=oid, **_columns(values)))


def sync_owner(conn: Connection, owner: Owner, ctx: items.Ctx) -> None:
    """After its rows changed, the owner's amounts follow them through the item's own update (which raises
    the owner's update event when an amount changed). Without rows the amounts go back to empty, except a
    manual amount."""
    entity, item_id = owner.entity, owner.row.id
    fields: dict[str, Any] = {}
    has_rows = conn.execute(
        select(T.c.id).where(T.c.owner_type_id == entity.entity_type_id, T.c.owner_id == item_id).limit(1)
    ).first()
    if not has_rows:
        fields["taxValue"] = 0
        if items.get_item(conn, entity, item_id, ctx).get("isManualOpportunity") != "Y":
            fields["opportunity"] = 0
    items.update_item(conn, entity, items.load_item(conn, entity.entity_type_id, item_id, lock=True), fields, ctx)


# -- reading ---------------------------------------------------------------------------------------------------
def load_row(conn: Connection, row_id: int) -> Any:
    if not fits_int32(row_id):
        return None
    return conn.execute(select(T).where(T.c.id == row_id)).first()


def owner_rows(conn: Connection, entity_type_id: int, owner_id: int, *, by_sort: bool = False) -> list[Any]:
    if not fits_int32(owner_id):
        return []  # no item has such an id
    query = select(T).where(T.c.owner_type_id == entity_type_id, T.c.owner_id == owner_id)
    order = (T.c.sort, T.c.id) if by_sort else (T.c.id,)
    return list(conn.execute(query.order_by(*order)).all())


def value_of(row: Any, f: pr.RowField) -> Any:
    """A row's value of one field, as the filter and the order compare it."""
    if f.name == "id":
        return row.id
    if f.name == "ownerId":
        return row.owner_id
    if f.name == "ownerType":
        return owners.abbreviation(row.owner_type_id)
    if f.name == "storeId":
        return None
    return getattr(row, _COLUMNS[f.name])


def render(row: Any) -> dict[str, Any]:
    """A row as crm.item.productrow.* answers it."""
    out: dict[str, Any] = {}
    for f in pr.FIELDS:
        if not f.shown:
            continue
        value = value_of(row, f)
        out[f.name] = render_double(value) if f.type == "double" else value
    return out


def render_legacy(row: Any) -> dict[str, Any]:
    """A row as crm.deal.productrows.get (lead, quote) answers it: ids as strings, ``PRICE_ACCOUNT`` a string
    with the database's eight decimals, no reservations (crm-lead-productrows-get.md)."""
    values: dict[str, Any] = {f.upper: value_of(row, f) for f in pr.FIELDS if f.upper in pr.LEGACY_KEYS}
    values.update(
        ID=str(row.id),
        OWNER_ID=str(row.owner_id),
        ORIGINAL_PRODUCT_NAME=row.product_name,
        PRODUCT_DESCRIPTION=row.product_description,
        PRICE_ACCOUNT=f"{float(row.price_account):.8f}",
    )
    out: dict[str, Any] = {}
    for key in pr.LEGACY_KEYS:
        value = values.get(key)
        f = pr.BY_UPPER.get(key)
        out[key] = render_double(value) if f is not None and f.type == "double" and key != "PRICE_ACCOUNT" else value
    return out


def list_rows(
    conn: Connection, entity_type_id: int, owner_id: int, tree: vf.Group, order: list[tuple[Any, bool]], start: int
) -> tuple[list[Any], int]:
    """One page of an owner's rows matching a v2 filter, in ``order`` (then by id), and the total."""
    rows = owner_rows(conn, entity_type_id, owner_id)
    matched = vf.filter_rows(rows, tree, value_of)
    if order:
        matched = vf.sort_rows(matched, order, value_of)
    offset = max(start, 0)
    return matched[offset : offset + PAGE], len(matched)
