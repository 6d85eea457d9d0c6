"""Event-log family: the portal's audit log (main.eventlog.*).

Revision ID: 0008_eventlog
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_eventlog"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("timestamp_x", sa.BigInteger(), nullable=False),
        sa.Column("severity", sa.String(32), nullable=False),
        sa.Column("audit_type_id", sa.String(64), nullable=False),
        sa.Column("module_id", sa.String(64), nullable=False),
        sa.Column("item_id", sa.String(255), nullable=False),
        sa.Column("remote_addr", sa.String(64), nullable=True),
        sa.Column("user_agent", sa.Text(), nullable=True),
        sa.Column("request_uri", sa.Text(), nullable=True),
        sa.Column("site_id", sa.String(8), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("guest_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_event_log_time", "event_log", ["timestamp_x"])


def downgrade() -> None:
    op.drop_table("event_log")
