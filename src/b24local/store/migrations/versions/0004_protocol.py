"""Protocol family: local applications with user restrictions.

Revision ID: 0004_protocol
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_protocol"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "apps",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(255), nullable=False),
        sa.Column("users", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("apps")
