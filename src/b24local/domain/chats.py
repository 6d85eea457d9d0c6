"""Task chats: one chat is created with each task (its ``chatId``); messages are sent into it. The messages
are also the task's comments (``task.commentitem.*``): a task of the new card keeps its discussion in the chat
(api-reference/tasks/comment-item/index.md)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from b24local.store import tables_tasks as tt
from b24local.store.rows import insert_id

ENTITY_TYPE = "TASKS_TASK"


def create_chat(conn: Connection, now: int) -> int:
    return int(insert_id(conn, tt.task_chats.insert().values(task_id=None, entity_type=ENTITY_TYPE, created=now)))


def bind_chat(conn: Connection, chat_id: int, task_id: int) -> None:
    conn.execute(update(tt.task_chats).where(tt.task_chats.c.id == chat_id).values(task_id=task_id))


def get_chat(conn: Connection, chat_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(tt.task_chats).where(tt.task_chats.c.id == chat_id)).mappings().first()
    return dict(row) if row else None


def delete_task_chats(conn: Connection, task_id: int) -> None:
    ids = [r[0] for r in conn.execute(select(tt.task_chats.c.id).where(tt.task_chats.c.task_id == task_id))]
    if ids:
        conn.execute(delete(tt.task_chat_messages).where(tt.task_chat_messages.c.chat_id.in_(ids)))
        conn.execute(delete(tt.task_chats).where(tt.task_chats.c.id.in_(ids)))


def send_message(conn: Connection, chat_id: int, author_id: int, text: str, now: int) -> int:
    return int(
        insert_id(
            conn, tt.task_chat_messages.insert().values(chat_id=chat_id, author_id=author_id, text=text, created=now)
        )
    )


def get_message(conn: Connection, message_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(tt.task_chat_messages).where(tt.task_chat_messages.c.id == message_id)).mappings().first()
    return dict(row) if row else None


# -- task comments: the messages of the task's chat (task.commentitem.*) ----------------------------------


def task_messages(conn: Connection, chat_id: int) -> list[dict[str, Any]]:
    m = tt.task_chat_messages
    q = select(m).where(m.c.chat_id == chat_id).order_by(m.c.id)
    return [dict(r) for r in conn.execute(q).mappings()]


def message_count(conn: Connection, chat_id: int) -> int:
    m = tt.task_chat_messages
    return int(conn.execute(select(func.count()).select_from(m).where(m.c.chat_id == chat_id)).scalar() or 0)


def edit_message(conn: Connection, message_id: int, text: str) -> None:
    conn.execute(update(tt.task_chat_messages).where(tt.task_chat_messages.c.id == message_id).values(text=text))


def delete_message(conn: Connection, message_id: int) -> None:
    conn.execute(delete(tt.task_chat_messages).where(tt.task_chat_messages.c.id == message_id))
