"""Tables of the tasks family (tasks, members, results, chats and their messages, per-user flags, history,
checklist items, elapsed time), on the shared ``metadata``.

The ``tasks`` columns are derived from the stored fields of the TaskDto declaration
(``schema/task_dto.py``); times are unix seconds. Migrations ``0002_tasks`` and ``0007_tasks_v2`` create the
same schema.
"""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Column, Index, Integer, String, Table, Text

from b24local.schema.dto import ARRAY, BOOL, DATETIME, INT, STRING
from b24local.schema.task_dto import STORED
from b24local.store.metadata import metadata

_NOT_NULL = {"description", "creatorId", "responsibleId"}


def _column(name: str, column: str, type_: str) -> Column:
    if name == "id":
        return Column("id", Integer, primary_key=True, autoincrement=True)
    sql_type = {INT: Integer, STRING: Text, BOOL: Boolean, ARRAY: JSON, DATETIME: BigInteger}[type_]
    return Column(column, sql_type, nullable=name not in _NOT_NULL)


tasks = Table(
    "tasks",
    metadata,
    *[_column(f.name, f.column, f.type) for f in STORED if f.column],
    sqlite_autoincrement=True,
)
Index("ix_tasks_parent", tasks.c.parent_id)
Index("ix_tasks_responsible", tasks.c.responsible_id)
Index("ix_tasks_creator", tasks.c.creator_id)

# Accomplices and auditors of a task.
task_members = Table(
    "task_members",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("task_id", Integer, nullable=False),
    Column("user_id", Integer, nullable=False),
    Column("role", String(16), nullable=False),  # "accomplice" / "auditor"
    sqlite_autoincrement=True,
)
Index("ix_task_members_task", task_members.c.task_id)

task_results = Table(
    "task_results",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("task_id", Integer, nullable=False),
    Column("author_id", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("updated_at", BigInteger, nullable=True),
    Column("status", String(16), nullable=False),
    Column("message_id", Integer, nullable=True),
    Column("file_ids", JSON, nullable=True),
    sqlite_autoincrement=True,
)
Index("ix_task_results_task", task_results.c.task_id)

task_chats = Table(
    "task_chats",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("task_id", Integer, nullable=True),
    Column("entity_type", String(32), nullable=False),
    Column("created", BigInteger, nullable=False),
    sqlite_autoincrement=True,
)
Index("ix_task_chats_task", task_chats.c.task_id)

task_chat_messages = Table(
    "task_chat_messages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("chat_id", Integer, nullable=False),
    Column("author_id", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("created", BigInteger, nullable=False),
    sqlite_autoincrement=True,
)
Index("ix_task_chat_messages_chat", task_chat_messages.c.chat_id)

# Per-user marks on a task: "favorite", "mute", "pin" (tasks.task.favorite.*, mute/unmute).
task_user_flags = Table(
    "task_user_flags",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("task_id", Integer, nullable=False),
    Column("user_id", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    sqlite_autoincrement=True,
)
Index("ix_task_user_flags_task", task_user_flags.c.task_id)

# The change log of a task (tasks.task.history.list): one row per tracked change, whichever API made it.
task_history = Table(
    "task_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("task_id", Integer, nullable=False),
    Column("user_id", Integer, nullable=False),
    Column("created", BigInteger, nullable=False),
    Column("field", String(64), nullable=False),
    Column("value_from", Text, nullable=True),
    Column("value_to", Text, nullable=True),
    sqlite_autoincrement=True,
)
Index("ix_task_history_task", task_history.c.task_id)

# Checklist items (task.checklistitem.*); a root item (parent_id 0) is a checklist's name.
task_checklist_items = Table(
    "task_checklist_items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("task_id", Integer, nullable=False),
    Column("parent_id", Integer, nullable=False),
    Column("created_by", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("sort_index", Integer, nullable=False),
    Column("is_complete", Boolean, nullable=False),
    Column("is_important", Boolean, nullable=False),
    Column("toggled_by", Integer, nullable=True),
    Column("toggled_date", BigInteger, nullable=True),
    Column("members", JSON, nullable=True),  # [{"id": user id, "type": "A"|"U"}]
    sqlite_autoincrement=True,
)
Index("ix_task_checklist_items_task", task_checklist_items.c.task_id)

# Time spent on a task (task.elapseditem.*); times are unix seconds.
task_elapsed = Table(
    "task_elapsed",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("task_id", Integer, nullable=False),
    Column("user_id", Integer, nullable=False),
    Column("comment_text", Text, nullable=False),
    Column("seconds", Integer, nullable=False),
    Column("source", Integer, nullable=False),
    Column("created_date", BigInteger, nullable=False),
    Column("date_start", BigInteger, nullable=True),
    Column("date_stop", BigInteger, nullable=True),
    sqlite_autoincrement=True,
)
Index("ix_task_elapsed_task", task_elapsed.c.task_id)
