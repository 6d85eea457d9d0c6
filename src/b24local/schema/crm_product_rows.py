"""The product row of a CRM item (``crm_item_product_row``), declared once for both of its APIs.

``crm.item.productrow.*`` writes camelCase keys (``priceExclusive``) and ``crm.deal.productrows.*`` (lead,
quote) UPPER_CASE ones (``PRICE_EXCLUSIVE``); a key in either form names the same field everywhere
(observed behaviour of the real server, not documented). The ``.fields`` answer, what a write accepts,
both renderings and the list filter are read from these declarations.

Sources: api-reference/crm/universal/product-rows/crm-item-productrow-fields.md (types, flags, titles),
crm-item-productrow-get.md / -list.md and a real portal's list answer
(fast_bitrix24/tests/real_responses/crm_item_productrow_list.py) for the new API's key order;
api-reference/crm/deals/crm-deal-productrows-get.md (and leads/, quote/) for the legacy one.
"""

from __future__ import annotations

from dataclasses import dataclass

from b24local.schema.crm_fields import camel_to_upper


@dataclass(frozen=True)
class RowField:
    name: str  # camelCase
    type: str  # as crm.item.productrow.fields reports it
    title: str
    required: bool = False
    read_only: bool = False  # in crm.item.productrow.*; the legacy methods may write prices
    immutable: bool = False
    described: bool = True  # listed by crm.item.productrow.fields
    shown: bool = True  # part of a row in crm.item.productrow.* answers
    legacy_writable: bool = False  # writable through crm.*.productrows.set although read-only here

    @property
    def upper(self) -> str:
        return camel_to_upper(self.name)

    def describe(self) -> dict[str, object]:
        return {
            "type": self.type,
            "isRequired": self.required,
            "isReadOnly": self.read_only,
            "isImmutable": self.immutable,
            "isMultiple": False,
            "isDynamic": False,
            "title": self.title,
        }


def _f(name: str, type_: str, title: str, **kw: bool) -> RowField:
    return RowField(name, type_, title, **kw)


# In the order of a row in get/list/set answers; ``.fields`` lists the described ones in this order too.
FIELDS: tuple[RowField, ...] = (
    _f("id", "integer", "ID", read_only=True),
    _f("ownerId", "integer", "Owner ID", required=True, immutable=True),
    _f("ownerType", "string", "Owner Type", required=True, immutable=True),
    _f("productId", "integer", "Product", required=True),
    _f("productName", "string", "Product Name"),
    _f("price", "double", "Price"),
    # not in the .fields answer although every row carries it (crm-item-productrow-fields.md)
    _f("priceAccount", "double", "PRICE_ACCOUNT", read_only=True, described=False),
    _f("priceExclusive", "double", "Discounted price excluding tax", read_only=True, legacy_writable=True),
    _f("priceNetto", "double", "PRICE_NETTO", read_only=True, legacy_writable=True),
    _f("priceBrutto", "double", "PRICE_BRUTTO", read_only=True, legacy_writable=True),
    _f("quantity", "double", "Quantity"),
    _f("discountTypeId", "integer", "Discount Type"),
    _f("discountRate", "double", "Discount Amount"),
    _f("discountSum", "double", "Discount Total"),
    _f("taxRate", "double", "Tax"),
    _f("taxIncluded", "char", "Tax included in price"),
    _f("customized", "char", "Modified"),
    _f("measureCode", "integer", "Unit of Measure Code"),
    _f("measureName", "string", "Unit of Measure"),
    _f("sort", "integer", "Sorting"),
    _f("xmlId", "string", "XML_ID", described=False),
    _f("type", "integer", "TYPE", read_only=True),
    # described, but a portal without inventory management leaves it out of rows (the real answer above)
    _f("storeId", "integer", "STORE_ID", read_only=True, shown=False),
)
BY_NAME = {f.name: f for f in FIELDS}
BY_UPPER = {f.upper: f for f in FIELDS}

# The legacy rendering (crm-deal-productrows-get.md): its keys in order; the ones not declared above are
# always empty in b24local (no catalog descriptions, no reservations) except the two product texts.
LEGACY_KEYS: tuple[str, ...] = (
    "ID", "OWNER_ID", "OWNER_TYPE", "PRODUCT_ID", "PRODUCT_NAME", "ORIGINAL_PRODUCT_NAME", "PRODUCT_DESCRIPTION",
    "PRICE", "PRICE_EXCLUSIVE", "PRICE_NETTO", "PRICE_BRUTTO", "PRICE_ACCOUNT", "QUANTITY", "DISCOUNT_TYPE_ID",
    "DISCOUNT_RATE", "DISCOUNT_SUM", "TAX_RATE", "TAX_INCLUDED", "CUSTOMIZED", "MEASURE_CODE", "MEASURE_NAME",
    "SORT", "XML_ID", "TYPE", "STORE_ID", "RESERVE_ID", "DATE_RESERVE_END", "RESERVE_QUANTITY",
)  # fmt: skip
# Legacy-only input (crm-quote-product-rows-set.md).
LEGACY_EXTRA_INPUT = ("PRODUCT_DESCRIPTION",)


def resolve(key: object) -> RowField | None:
    """A field from its camelCase or UPPER_CASE name (a key with dots loses them, as crm.item.list's do)."""
    if not isinstance(key, str):
        return None
    key = key.replace(".", "")
    return BY_UPPER.get(key if key in BY_UPPER else camel_to_upper(key))


# Units of measure of a fresh portal's catalog (api-reference/catalog/measure/catalog-measure-list.md shows
# 6, 112, 163, 166; 796 "pcs" is the default every product-row example carries).
MEASURES: dict[int, str] = {6: "m", 112: "l", 163: "g", 166: "kg", 796: "pcs"}
DEFAULT_MEASURE = 796

PERCENTAGE, MONETARY = 2, 1  # discountTypeId values
