"""Tasks family: tasks, task members, results, task chats and their messages.

Revision ID: 0002_tasks
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_tasks"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("creator_id", sa.Integer(), nullable=False),
        sa.Column("created", sa.BigInteger(), nullable=True),
        sa.Column("responsible_id", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.BigInteger(), nullable=True),
        sa.Column("needs_control", sa.Boolean(), nullable=True),
        sa.Column("start_plan", sa.BigInteger(), nullable=True),
        sa.Column("end_plan", sa.BigInteger(), nullable=True),
        sa.Column("file_ids", sa.JSON(), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("stage_id", sa.Integer(), nullable=True),
        sa.Column("epic_id", sa.Integer(), nullable=True),
        sa.Column("story_points", sa.Integer(), nullable=True),
        sa.Column("flow_id", sa.Integer(), nullable=True),
        sa.Column("priority", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=True),
        sa.Column("status_changed", sa.BigInteger(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("chat_id", sa.Integer(), nullable=True),
        sa.Column("planned_duration", sa.Integer(), nullable=True),
        sa.Column("actual_duration", sa.Integer(), nullable=True),
        sa.Column("duration_type", sa.Text(), nullable=True),
        sa.Column("started", sa.BigInteger(), nullable=True),
        sa.Column("estimated_time", sa.Integer(), nullable=True),
        sa.Column("replicate", sa.Boolean(), nullable=True),
        sa.Column("changed", sa.BigInteger(), nullable=True),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("status_changed_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("closed", sa.BigInteger(), nullable=True),
        sa.Column("activity", sa.BigInteger(), nullable=True),
        sa.Column("guid", sa.Text(), nullable=True),
        sa.Column("xml_id", sa.Text(), nullable=True),
        sa.Column("exchange_id", sa.Text(), nullable=True),
        sa.Column("exchange_modified", sa.Text(), nullable=True),
        sa.Column("outlook_version", sa.Integer(), nullable=True),
        sa.Column("mark", sa.Text(), nullable=True),
        sa.Column("allows_change_deadline", sa.Boolean(), nullable=True),
        sa.Column("allows_time_tracking", sa.Boolean(), nullable=True),
        sa.Column("matches_work_time", sa.Boolean(), nullable=True),
        sa.Column("add_in_report", sa.Boolean(), nullable=True),
        sa.Column("is_multitask", sa.Boolean(), nullable=True),
        sa.Column("site_id", sa.Text(), nullable=True),
        sa.Column("forked_by_template_id", sa.Integer(), nullable=True),
        sa.Column("deadline_count", sa.Integer(), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=True),
        sa.Column("forum_topic_id", sa.Integer(), nullable=True),
        sa.Column("crm_item_ids", sa.JSON(), nullable=True),
        sa.Column("require_result", sa.Boolean(), nullable=True),
        sa.Column("matches_sub_tasks_time", sa.Boolean(), nullable=True),
        sa.Column("autocomplete_sub_tasks", sa.Boolean(), nullable=True),
        sa.Column("allows_change_date_plan", sa.Boolean(), nullable=True),
        sa.Column("max_deadline_change_date", sa.BigInteger(), nullable=True),
        sa.Column("max_deadline_changes", sa.Integer(), nullable=True),
        sa.Column("require_deadline_change_reason", sa.Boolean(), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_tasks_creator", "tasks", ["creator_id"])
    op.create_index("ix_tasks_parent", "tasks", ["parent_id"])
    op.create_index("ix_tasks_responsible", "tasks", ["responsible_id"])
    op.create_table(
        "task_members",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_task_members_task", "task_members", ["task_id"])
    op.create_table(
        "task_results",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("file_ids", sa.JSON(), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_task_results_task", "task_results", ["task_id"])
    op.create_table(
        "task_chats",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("entity_type", sa.String(32), nullable=False),
        sa.Column("created", sa.BigInteger(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_task_chats_task", "task_chats", ["task_id"])
    op.create_table(
        "task_chat_messages",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created", sa.BigInteger(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_task_chat_messages_chat", "task_chat_messages", ["chat_id"])


def downgrade() -> None:
    op.drop_table("task_chat_messages")
    op.drop_table("task_chats")
    op.drop_table("task_results")
    op.drop_table("task_members")
    op.drop_table("tasks")
