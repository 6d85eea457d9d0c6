"""Tables of the CRM family (items, smart-process types, categories, multifields, permissions), on the
shared ``metadata``. Times are integer Unix seconds. Item ids are counted per entity type
(``crm_sequences``), so lead #1 and deal #1 both exist, as on a portal, and ids are never reused.
"""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Column, Index, Integer, String, Table, UniqueConstraint

from b24local.store.metadata import metadata

# Smart processes (crm.type.*). ``flags`` holds the is…Enabled switches ("Y"/"N").
crm_types = Table(
    "crm_types",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity_type_id", Integer, nullable=False, unique=True),
    Column("title", String(255), nullable=False),
    Column("code", String(255), nullable=True),
    Column("flags", JSON, nullable=False),
    Column("relations", JSON, nullable=False),
    Column("linked_user_fields", JSON, nullable=False),
    Column("custom_section_id", Integer, nullable=True),
    Column("created_by", Integer, nullable=False),
    Column("updated_by", Integer, nullable=False),
    Column("created_time", BigInteger, nullable=False),
    Column("updated_time", BigInteger, nullable=False),
    sqlite_autoincrement=True,
)

# Pipelines of dynamic-type-based entities (smart processes, smart invoice); the deal's pipeline 0 is built in.
crm_categories = Table(
    "crm_categories",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity_type_id", Integer, nullable=False),
    Column("name", String(255), nullable=False),
    Column("sort", Integer, nullable=False),
    Column("is_default", Boolean, nullable=False),
    Column("created_time", BigInteger, nullable=False),
    sqlite_autoincrement=True,
)
Index("ix_crm_categories_type", crm_categories.c.entity_type_id)

# Next item id per entity type (and entity_type_id 0: the last smart-process entityTypeId handed out).
crm_sequences = Table(
    "crm_sequences",
    metadata,
    Column("entity_type_id", Integer, primary_key=True, autoincrement=False),
    Column("last_id", Integer, nullable=False),
)

crm_items = Table(
    "crm_items",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("entity_type_id", Integer, nullable=False),
    Column("id", Integer, nullable=False),
    Column("category_id", Integer, nullable=True),
    Column("stage_id", String(64), nullable=True),
    Column("assigned_by_id", Integer, nullable=True),
    Column("created_time", BigInteger, nullable=False),
    Column("updated_time", BigInteger, nullable=False),
    Column("data", JSON, nullable=False),
    UniqueConstraint("entity_type_id", "id", name="uq_crm_items_type_id"),
    sqlite_autoincrement=True,
)

# Phones, e-mails, web sites, messengers of leads, contacts and companies (the ``fm`` field).
crm_multifields = Table(
    "crm_multifields",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity_type_id", Integer, nullable=False),
    Column("item_id", Integer, nullable=False),
    Column("type_id", String(16), nullable=False),
    Column("value_type", String(32), nullable=False),
    Column("value", String(1024), nullable=False),
    sqlite_autoincrement=True,
)
Index("ix_crm_multifields_item", crm_multifields.c.entity_type_id, crm_multifields.c.item_id)

# What a non-admin user may do with the items of one entity type (no row: everything).
crm_permissions = Table(
    "crm_permissions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, nullable=False),
    Column("entity_type_id", Integer, nullable=False),
    Column("can_read", Boolean, nullable=False),
    Column("can_add", Boolean, nullable=False),
    Column("can_update", Boolean, nullable=False),
    Column("can_delete", Boolean, nullable=False),
    UniqueConstraint("user_id", "entity_type_id", name="uq_crm_permissions_user_type"),
    sqlite_autoincrement=True,
)
