"""Checklists of a task (``task.checklistitem.*``): items in a tree whose roots are the checklists' names.

Rules (api-reference/tasks/checklist-item/task-checklist-item-add.md, -update.md): an item added with
``PARENT_ID`` 0, or with a parent that is no item of the task, starts a new checklist; without ``PARENT_ID``
it joins the first checklist of the task (one named "Checklist 1" is made when there is none). Members of an
item (``{"<user id>": {"TYPE": "A"|"U"}}``) join the task as accomplices (A) or auditors (U). Every change is
written to the task history (``CHECKLIST_ITEM_CREATE``, ``_RENAME``, ``_REMOVE``, ``_CHECK``, ``_UNCHECK``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, select, update

from b24local.domain import task_history
from b24local.store import tables_tasks as tt
from b24local.store.rows import insert_id

FIRST_CHECKLIST = "Checklist 1"
_C = tt.task_checklist_items
_IDS = select(_C.c.id).where(_C.c.task_id == bindparam("task")).order_by(_C.c.id)


def item_ids(conn: Connection, task_id: int) -> list[int]:
    return [int(r[0]) for r in conn.execute(_IDS, {"task": task_id})]


def items(conn: Connection, task_id: int) -> list[dict[str, Any]]:
    q = select(_C).where(_C.c.task_id == task_id).order_by(_C.c.id)
    return [dict(r) for r in conn.execute(q).mappings()]


def get(conn: Connection, task_id: int, item_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(_C).where(_C.c.id == item_id, _C.c.task_id == task_id)).mappings().first()
    return dict(row) if row else None


def _next_sort(conn: Connection, task_id: int, parent_id: int) -> int:
    q = select(func.max(_C.c.sort_index)).where(_C.c.task_id == task_id, _C.c.parent_id == parent_id)
    top = conn.execute(q).scalar()
    return 0 if top is None else int(top) + 1


def _root_of(conn: Connection, task_id: int, user_id: int) -> int:
    """The first checklist of the task, made when there is none."""
    q = select(_C.c.id).where(_C.c.task_id == task_id, _C.c.parent_id == 0).order_by(_C.c.sort_index, _C.c.id)
    found = conn.execute(q).scalar()
    if found is not None:
        return int(found)
    return int(
        insert_id(
            conn,
            _C.insert().values(
                task_id=task_id,
                parent_id=0,
                created_by=user_id,
                title=FIRST_CHECKLIST,
                sort_index=_next_sort(conn, task_id, 0),
                is_complete=False,
                is_important=False,
                members=[],
            ),
        )
    )


def add(conn: Connection, task_id: int, user_id: int, now: int, values: dict[str, Any]) -> int:
    """``values``: title, and optionally parent_id (None: the first checklist), sort_index, is_complete,
    is_important, members."""
    parent = values.get("parent_id")
    if parent is None:
        parent = _root_of(conn, task_id, user_id)
    elif parent != 0 and get(conn, task_id, parent) is None:
        parent = 0
    sort_index = values.get("sort_index")
    item_id = insert_id(
        conn,
        _C.insert().values(
            task_id=task_id,
            parent_id=parent,
            created_by=user_id,
            title=values["title"],
            sort_index=_next_sort(conn, task_id, parent) if sort_index is None else sort_index,
            is_complete=bool(values.get("is_complete", False)),
            is_important=bool(values.get("is_important", False)),
            members=values.get("members") or [],
        ),
    )
    task_history.record(conn, task_id, user_id, now, "CHECKLIST_ITEM_CREATE", "", values["title"])
    return item_id


def change(conn: Connection, item: dict[str, Any], user_id: int, now: int, values: dict[str, Any]) -> None:
    row = {k: v for k, v in values.items() if k in ("parent_id", "title", "sort_index", "is_important", "members")}
    if "parent_id" in row:
        target = row["parent_id"]
        if target == item["id"] or (target != 0 and get(conn, item["task_id"], target) is None):
            row.pop("parent_id")  # an item never moves under itself or outside its task
    if row:
        conn.execute(update(_C).where(_C.c.id == item["id"]).values(**row))
    if "title" in row and row["title"] != item["title"]:
        task_history.record(conn, item["task_id"], user_id, now, "CHECKLIST_ITEM_RENAME", item["title"], row["title"])
    if "is_complete" in values:
        toggle(conn, item, user_id, now, bool(values["is_complete"]))


def toggle(conn: Connection, item: dict[str, Any], user_id: int, now: int, complete: bool) -> None:
    if bool(item["is_complete"]) == complete:
        return
    conn.execute(
        update(_C).where(_C.c.id == item["id"]).values(is_complete=complete, toggled_by=user_id, toggled_date=now)
    )
    field = "CHECKLIST_ITEM_CHECK" if complete else "CHECKLIST_ITEM_UNCHECK"
    task_history.record(conn, item["task_id"], user_id, now, field, item["title"], item["title"])


def remove(conn: Connection, item: dict[str, Any], user_id: int, now: int) -> None:
    """Delete an item with every item below it."""
    doomed = [item["id"]]
    frontier = [item["id"]]
    while frontier:
        children = [
            int(r[0])
            for r in conn.execute(select(_C.c.id).where(_C.c.task_id == item["task_id"], _C.c.parent_id.in_(frontier)))
        ]
        doomed += children
        frontier = children
    conn.execute(delete(_C).where(_C.c.id.in_(doomed)))
    task_history.record(conn, item["task_id"], user_id, now, "CHECKLIST_ITEM_REMOVE", item["title"], "")


def move_after(conn: Connection, item: dict[str, Any], after: dict[str, Any]) -> None:
    """Put ``item`` right after ``after`` among ``after``'s siblings."""
    siblings = [
        r for r in items(conn, item["task_id"]) if r["parent_id"] == after["parent_id"] and r["id"] != item["id"]
    ]
    siblings.sort(key=lambda r: (r["sort_index"], r["id"]))
    ordered: list[dict[str, Any]] = []
    for r in siblings:
        ordered.append(r)
        if r["id"] == after["id"]:
            ordered.append(item)
    for index, r in enumerate(ordered):
        conn.execute(update(_C).where(_C.c.id == r["id"]).values(sort_index=index, parent_id=after["parent_id"]))
