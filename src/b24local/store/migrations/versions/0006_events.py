"""Events family: the outbox of raised events.

Revision ID: 0006_events
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_events"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_outbox",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event", sa.String(128), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created", sa.BigInteger(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_event_outbox_event", "event_outbox", ["event"])


def downgrade() -> None:
    op.drop_index("ix_event_outbox_event", "event_outbox")
    op.drop_table("event_outbox")
