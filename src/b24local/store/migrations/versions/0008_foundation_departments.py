"""Foundation: the company structure (``department.*``) and the user profile fields user.add writes.

Revision ID: 0008_foundation_departments
Revises: 0005_foundation_personal_city
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_foundation_departments"
down_revision = "0005_foundation_personal_city"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("profile", sa.JSON(), nullable=True))
    op.create_table(
        "departments",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("sort", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("head_id", sa.Integer(), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_departments_parent", "departments", ["parent_id"])


def downgrade() -> None:
    op.drop_index("ix_departments_parent", "departments")
    op.drop_table("departments")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("profile")
