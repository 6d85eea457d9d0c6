"""Bulk generation of tasks and deals straight into the store, for benchmarks and large-store tests
(``b24local seed --tasks N --crm-items N``). Rows are made by the same code as ``tasks.task.add`` and
``crm.item.add`` (one template each), then inserted in large batches without going through HTTP.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy import Connection, func, select

from b24local.domain import tasks as T
from b24local.domain.chats import ENTITY_TYPE
from b24local.domain.crm import entities, items
from b24local.domain.crm.types import DEAL
from b24local.domain.portal import PortalConfig, zone
from b24local.domain.users import ADMIN_ID
from b24local.store import Store
from b24local.store import tables_crm as tc
from b24local.store import tables_tasks as tt

CHUNK = 5000
PRIORITIES = ("low", "average", "high")


def _progress(console: Console | None) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console or Console(stderr=True),
        transient=False,
    )


def _next_id(conn: Connection, column: Any) -> int:
    return int(conn.execute(select(func.max(column))).scalar() or 0) + 1


def generate(store: Store, *, tasks: int = 0, crm_items: int = 0, console: Console | None = None) -> None:
    with _progress(console) as progress:
        if tasks:
            _tasks(store, tasks, progress)
        if crm_items:
            _deals(store, crm_items, progress)


def _tasks(store: Store, count: int, progress: Progress) -> None:
    bar = progress.add_task("tasks", total=count)
    now = int(time.time())
    with store.transaction() as conn:
        first_task, first_chat = _next_id(conn, tt.tasks.c.id), _next_id(conn, tt.task_chats.c.id)
    done = 0
    while done < count:
        n = min(CHUNK, count - done)
        chats, rows = [], []
        for k in range(n):
            i = done + k
            task_id, chat_id = first_task + i, first_chat + i
            row = T.new_row(
                {
                    "title": f"Task {task_id}",
                    "creatorId": ADMIN_ID,
                    "responsibleId": ADMIN_ID,
                    "priority": PRIORITIES[i % 3],
                },
                now=now,
                user_id=ADMIN_ID,
            )
            row["guid"] = "{" + str(uuid.uuid4()) + "}"
            row.update(id=task_id, chat_id=chat_id)
            rows.append(row)
            chats.append({"id": chat_id, "task_id": task_id, "entity_type": ENTITY_TYPE, "created": now})
        with store.transaction() as conn:  # one transaction per chunk keeps memory and locks bounded
            conn.execute(tt.task_chats.insert(), chats)
            conn.execute(tt.tasks.insert(), rows)
        done += n
        progress.update(bar, completed=done)
    with store.transaction() as conn:
        store.sync_sequence(conn, tt.tasks)
        store.sync_sequence(conn, tt.task_chats)


def _deals(store: Store, count: int, progress: Progress) -> None:
    bar = progress.add_task("deals", total=count)
    with store.transaction() as conn:
        tz = zone(PortalConfig.load(conn).timezone)
        ctx = items.Ctx(user_id=ADMIN_ID, is_admin=True, tz=tz, now=int(time.time()))
        entity = entities.resolve_entity(conn, DEAL)
        template = items.add_item(conn, entity, {"title": "Deal"}, ctx)  # the first deal, made as the API makes it
        row = items.load_item(conn, DEAL, template["id"])
        data, first = dict(row.data), template["id"] + 1
    progress.update(bar, completed=1)
    done = 1
    while done < count:
        n = min(CHUNK, count - done)
        rows = []
        for k in range(n):
            item_id = first + done - 1 + k
            rows.append(
                {
                    "entity_type_id": DEAL,
                    "id": item_id,
                    "created_time": ctx.now,
                    "updated_time": ctx.now,
                    "data": {**data, "title": f"Deal {item_id}", "opportunity": float(item_id % 1000)},
                    "category_id": row.category_id,
                    "stage_id": row.stage_id,
                    "assigned_by_id": row.assigned_by_id,
                }
            )
        with store.transaction() as conn:
            conn.execute(tc.crm_items.insert(), rows)
            last = rows[-1]["id"]
            conn.execute(
                tc.crm_sequences.update().where(tc.crm_sequences.c.entity_type_id == DEAL).values(last_id=last)
            )
        done += n
        progress.update(bar, completed=done)
