"""CRM: smart-process types, categories, item id sequences, items, multifields, permissions.

Revision ID: 0003_crm
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_crm"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crm_types",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("entity_type_id", sa.Integer(), nullable=False, unique=True),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("code", sa.String(255), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("relations", sa.JSON(), nullable=False),
        sa.Column("linked_user_fields", sa.JSON(), nullable=False),
        sa.Column("custom_section_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=False),
        sa.Column("created_time", sa.BigInteger(), nullable=False),
        sa.Column("updated_time", sa.BigInteger(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "crm_categories",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("entity_type_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("sort", sa.Integer(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.BigInteger(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_crm_categories_type", "crm_categories", ["entity_type_id"])
    op.create_table(
        "crm_sequences",
        sa.Column("entity_type_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
    )
    op.create_table(
        "crm_items",
        sa.Column("pk", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("entity_type_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("stage_id", sa.String(64), nullable=True),
        sa.Column("assigned_by_id", sa.Integer(), nullable=True),
        sa.Column("created_time", sa.BigInteger(), nullable=False),
        sa.Column("updated_time", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.UniqueConstraint("entity_type_id", "id", name="uq_crm_items_type_id"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "crm_multifields",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("entity_type_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("type_id", sa.String(16), nullable=False),
        sa.Column("value_type", sa.String(32), nullable=False),
        sa.Column("value", sa.String(1024), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_crm_multifields_item", "crm_multifields", ["entity_type_id", "item_id"])
    op.create_table(
        "crm_permissions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("entity_type_id", sa.Integer(), nullable=False),
        sa.Column("can_read", sa.Boolean(), nullable=False),
        sa.Column("can_add", sa.Boolean(), nullable=False),
        sa.Column("can_update", sa.Boolean(), nullable=False),
        sa.Column("can_delete", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("user_id", "entity_type_id", name="uq_crm_permissions_user_type"),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("crm_permissions")
    op.drop_index("ix_crm_multifields_item", "crm_multifields")
    op.drop_table("crm_multifields")
    op.drop_table("crm_items")
    op.drop_table("crm_sequences")
    op.drop_index("ix_crm_categories_type", "crm_categories")
    op.drop_table("crm_categories")
    op.drop_table("crm_types")
