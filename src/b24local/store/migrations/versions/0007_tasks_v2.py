"""Tasks family: per-user flags, history, checklist items and elapsed time (the v2 task methods).

Revision ID: 0007_tasks_v2
Revises: 0002_tasks
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_tasks_v2"
down_revision = "0002_tasks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "task_user_flags",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_task_user_flags_task", "task_user_flags", ["task_id"])
    op.create_table(
        "task_history",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created", sa.BigInteger(), nullable=False),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("value_from", sa.Text(), nullable=True),
        sa.Column("value_to", sa.Text(), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_task_history_task", "task_history", ["task_id"])
    op.create_table(
        "task_checklist_items",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("sort_index", sa.Integer(), nullable=False),
        sa.Column("is_complete", sa.Boolean(), nullable=False),
        sa.Column("is_important", sa.Boolean(), nullable=False),
        sa.Column("toggled_by", sa.Integer(), nullable=True),
        sa.Column("toggled_date", sa.BigInteger(), nullable=True),
        sa.Column("members", sa.JSON(), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_task_checklist_items_task", "task_checklist_items", ["task_id"])
    op.create_table(
        "task_elapsed",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("comment_text", sa.Text(), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("source", sa.Integer(), nullable=False),
        sa.Column("created_date", sa.BigInteger(), nullable=False),
        sa.Column("date_start", sa.BigInteger(), nullable=True),
        sa.Column("date_stop", sa.BigInteger(), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_task_elapsed_task", "task_elapsed", ["task_id"])


def downgrade() -> None:
    op.drop_table("task_elapsed")
    op.drop_table("task_checklist_items")
    op.drop_table("task_history")
    op.drop_table("task_user_flags")
