"""Product rows of CRM items (``crm.item.productrow.*``, ``crm.deal.productrows.*``), on the shared
``metadata``. The owner is an item of ``crm_items`` named by its entity type and id. Prices are kept as
the normalisation computed them at the last write (schema/crm_product_rows.py names the fields)."""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, String, Table, Text

from b24local.store.metadata import metadata

crm_product_rows = Table(
    "crm_product_rows",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("owner_type_id", Integer, nullable=False),
    Column("owner_id", Integer, nullable=False),
    Column("product_id", Integer, nullable=False),
    Column("product_name", String(1024), nullable=False),
    Column("product_description", Text, nullable=True),
    Column("price", Float, nullable=False),
    Column("price_account", Float, nullable=False),
    Column("price_exclusive", Float, nullable=False),
    Column("price_netto", Float, nullable=False),
    Column("price_brutto", Float, nullable=False),
    Column("quantity", Float, nullable=False),
    Column("discount_type_id", Integer, nullable=False),
    Column("discount_rate", Float, nullable=False),
    Column("discount_sum", Float, nullable=False),
    Column("tax_rate", Float, nullable=True),
    Column("tax_included", String(1), nullable=False),
    Column("customized", String(1), nullable=False),
    Column("measure_code", Integer, nullable=False),
    Column("measure_name", String(50), nullable=False),
    Column("sort", Integer, nullable=False),
    Column("xml_id", String(255), nullable=False),
    Column("type", Integer, nullable=False),
    sqlite_autoincrement=True,
)
Index("ix_crm_product_rows_owner", crm_product_rows.c.owner_type_id, crm_product_rows.c.owner_id)
