"""CRM records of items: product rows, activities (with their bindings and communications) and timeline
comments (with their bindings).

Revision ID: 0007_crm_records
Revises: 0003_crm
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_crm_records"
down_revision = "0003_crm"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crm_product_rows",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("owner_type_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("product_name", sa.String(1024), nullable=False),
        sa.Column("product_description", sa.Text(), nullable=True),
        sa.Column("price", sa.Float(), nullable=False),
        sa.Column("price_account", sa.Float(), nullable=False),
        sa.Column("price_exclusive", sa.Float(), nullable=False),
        sa.Column("price_netto", sa.Float(), nullable=False),
        sa.Column("price_brutto", sa.Float(), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("discount_type_id", sa.Integer(), nullable=False),
        sa.Column("discount_rate", sa.Float(), nullable=False),
        sa.Column("discount_sum", sa.Float(), nullable=False),
        sa.Column("tax_rate", sa.Float(), nullable=True),
        sa.Column("tax_included", sa.String(1), nullable=False),
        sa.Column("customized", sa.String(1), nullable=False),
        sa.Column("measure_code", sa.Integer(), nullable=False),
        sa.Column("measure_name", sa.String(50), nullable=False),
        sa.Column("sort", sa.Integer(), nullable=False),
        sa.Column("xml_id", sa.String(255), nullable=False),
        sa.Column("type", sa.Integer(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_crm_product_rows_owner", "crm_product_rows", ["owner_type_id", "owner_id"])
    op.create_table(
        "crm_activities",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("owner_type_id", sa.Integer(), nullable=True),
        sa.Column("type_id", sa.Integer(), nullable=True),
        sa.Column("provider_id", sa.Text(), nullable=True),
        sa.Column("provider_type_id", sa.Text(), nullable=True),
        sa.Column("provider_group_id", sa.Text(), nullable=True),
        sa.Column("associated_entity_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("start_time", sa.BigInteger(), nullable=True),
        sa.Column("end_time", sa.BigInteger(), nullable=True),
        sa.Column("deadline", sa.BigInteger(), nullable=True),
        sa.Column("completed", sa.Boolean(), nullable=True),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("responsible_id", sa.Integer(), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=True),
        sa.Column("notify_type", sa.Integer(), nullable=True),
        sa.Column("notify_value", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("description_type", sa.Integer(), nullable=True),
        sa.Column("direction", sa.Integer(), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("created", sa.BigInteger(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("last_updated", sa.BigInteger(), nullable=True),
        sa.Column("editor_id", sa.Integer(), nullable=True),
        sa.Column("settings", sa.JSON(), nullable=True),
        sa.Column("origin_id", sa.Text(), nullable=True),
        sa.Column("originator_id", sa.Text(), nullable=True),
        sa.Column("result_status", sa.Integer(), nullable=True),
        sa.Column("result_stream", sa.Integer(), nullable=True),
        sa.Column("result_source_id", sa.Text(), nullable=True),
        sa.Column("provider_params", sa.JSON(), nullable=True),
        sa.Column("provider_data", sa.Text(), nullable=True),
        sa.Column("result_mark", sa.Integer(), nullable=True),
        sa.Column("result_value", sa.Float(), nullable=True),
        sa.Column("result_sum", sa.Float(), nullable=True),
        sa.Column("result_currency_id", sa.Text(), nullable=True),
        sa.Column("autocomplete_rule", sa.Integer(), nullable=True),
        sa.Column("is_incoming_channel", sa.Boolean(), nullable=True),
        sa.Column("todo", sa.JSON(), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_crm_activities_owner", "crm_activities", ["owner_type_id", "owner_id"])
    op.create_table(
        "crm_activity_bindings",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("owner_type_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_crm_activity_bindings_activity", "crm_activity_bindings", ["activity_id"])
    op.create_index("ix_crm_activity_bindings_owner", "crm_activity_bindings", ["owner_type_id", "owner_id"])
    op.create_table(
        "crm_activity_communications",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("entity_type_id", sa.Integer(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_crm_activity_communications_activity", "crm_activity_communications", ["activity_id"])
    op.create_table(
        "crm_timeline_comments",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("created", sa.BigInteger(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "crm_timeline_bindings",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("entity_type_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_crm_timeline_bindings_comment", "crm_timeline_bindings", ["comment_id"])
    op.create_index("ix_crm_timeline_bindings_entity", "crm_timeline_bindings", ["entity_type_id", "entity_id"])


def downgrade() -> None:
    for table in (
        "crm_timeline_bindings",
        "crm_timeline_comments",
        "crm_activity_communications",
        "crm_activity_bindings",
        "crm_activities",
        "crm_product_rows",
    ):
        op.drop_table(table)
