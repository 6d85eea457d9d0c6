"""The company structure (``department.*``): a tree of departments under one root, each with a name, a
sort order and an optional head; users belong to departments through ``UF_DEPARTMENT``.

Rules (api-reference/departments/*.md): any user reads the structure, administrators change it; "There can
only be one top-level department in the company structure", so every other department names an existing
parent; a ``SORT`` that is not positive becomes 500. A new portal has the root department 1 (every docs
example hangs its departments under ``PARENT`` 1) headed by its administrator. Deleting a department moves
its sub-departments up to its parent and takes it out of its members' ``UF_DEPARTMENT``; the root cannot
be deleted.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from b24local.core.errors import ApiError, E
from b24local.store import tables as t
from b24local.store.rows import clean_text, fits_int, insert_id

ROOT = 1
ROOT_NAME = "Company"
DEFAULT_SORT = 500
D = t.departments


def ensure_root(conn: Connection, head_id: int | None) -> bool:
    """The root department of a new (or just reset) portal; True when it was made now (with an explicit id,
    so the caller moves the id sequence past it)."""
    if conn.execute(select(func.count()).select_from(D)).scalar():
        return False
    conn.execute(D.insert().values(id=ROOT, name=ROOT_NAME, sort=DEFAULT_SORT, parent_id=None, head_id=head_id))
    return True


def all_departments(conn: Connection) -> list[Any]:
    return list(conn.execute(select(D).order_by(D.c.id)).all())


def existing_ids(conn: Connection, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    return {r.id for r in conn.execute(select(D.c.id).where(D.c.id.in_(ids))).all()}


def load(conn: Connection, department_id: int) -> Any:
    if not -(2**31) <= department_id < 2**31:
        return None
    return conn.execute(select(D).where(D.c.id == department_id)).first()


def tree_order(rows: list[Any]) -> list[Any]:
    """Departments in the tree's order (a parent, then its sub-departments by SORT, NAME, ID), as the
    portal's default order (its left margins) lists them."""
    children: dict[int | None, list[Any]] = {}
    for r in rows:
        children.setdefault(r.parent_id, []).append(r)
    known = {r.id for r in rows}
    out: list[Any] = []

    def walk(parent: int | None) -> None:
        for r in sorted(children.get(parent, []), key=lambda r: (r.sort, r.name.casefold(), r.id)):
            out.append(r)
            walk(r.id)

    walk(None)
    for parent in children:  # rows whose parent is gone still show, after the tree
        if parent is not None and parent not in known:
            walk(parent)
    return out


def _sort(value: Any) -> int:
    return value if isinstance(value, int) and 0 < value and fits_int(value) else DEFAULT_SORT


def _head(value: Any) -> int | None:
    """A head's user id; 0 (or one no column can hold) is no head."""
    return value if isinstance(value, int) and value > 0 and fits_int(value) else None


def _descendants(conn: Connection, department_id: int) -> set[int]:
    found: set[int] = set()
    frontier = [department_id]
    while frontier:
        rows = conn.execute(select(D.c.id).where(D.c.parent_id.in_(frontier))).all()
        frontier = [r.id for r in rows if r.id not in found]
        found.update(frontier)
    return found


def add(conn: Connection, *, name: str, parent_id: int, sort: int, head_id: int | None) -> int:
    name = clean_text(name, 255)
    if not name:
        raise ApiError(E.DEPARTMENT_NAME_MISSING)
    if parent_id <= 0 or load(conn, parent_id) is None:
        raise ApiError(E.DEPARTMENT_SECOND_ROOT)
    return insert_id(
        conn,
        D.insert().values(name=name, sort=_sort(sort), parent_id=parent_id, head_id=_head(head_id)),
    )


def update_department(conn: Connection, row: Any, changes: dict[str, Any]) -> None:
    """``changes``: ``name``, ``sort``, ``parent_id``, ``head_id`` — the ones given."""
    values: dict[str, Any] = {}
    if changes.get("name"):
        values["name"] = clean_text(str(changes["name"]), 255)
    if "sort" in changes:
        values["sort"] = _sort(changes["sort"])
    if "head_id" in changes:
        values["head_id"] = _head(changes["head_id"])
    if "parent_id" in changes and row.parent_id is not None:  # the root stays the root
        parent = changes["parent_id"]
        if parent <= 0 or load(conn, parent) is None or parent == row.id or parent in _descendants(conn, row.id):
            raise ApiError(E.DEPARTMENT_SECOND_ROOT)
        values["parent_id"] = parent
    if values:
        conn.execute(update(D).where(D.c.id == row.id).values(**values))


def delete_department(conn: Connection, row: Any) -> None:
    if row.parent_id is None:
        raise ApiError(E.DEPARTMENT_ACCESS_DENIED)  # the company's root cannot go
    conn.execute(update(D).where(D.c.parent_id == row.id).values(parent_id=row.parent_id))
    conn.execute(delete(D).where(D.c.id == row.id))
    for user in conn.execute(select(t.users.c.id, t.users.c.departments)).all():
        ids = [int(d) for d in (user.departments or [])]
        if row.id in ids:
            kept = [d for d in ids if d != row.id]
            conn.execute(update(t.users).where(t.users.c.id == user.id).values(departments=kept))
