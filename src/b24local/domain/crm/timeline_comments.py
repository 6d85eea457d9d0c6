"""Timeline comments of CRM items: a comment has its text, author and time, and one or more bindings to
items (api-reference/crm/timeline/comments/index.md: "Comments exist only in relation to CRM entities").

The writes check (codes: crm-timeline-comment-add.md, -update.md, -delete.md; texts and order: observed
behaviour of the real server, not documented): the owner must be a known type with a positive id
(``OWNER_NOT_FOUND``) the caller may change (``ACCESS_DENIED``), the text must not be blank
(``INVALID_ARG_VALUE``). Updating a comment bound to several items edits a copy bound to the chosen item
only (observed); deleting one removes only that binding (crm-timeline-comment-delete.md). Each write raises its
ONCRMTIMELINECOMMENT… event with the comment's id (api-reference/crm/timeline/comments/events/).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, select, update

from b24local.core.errors import ApiError, E
from b24local.domain import events
from b24local.domain.crm import owners
from b24local.domain.crm.items import Ctx
from b24local.domain.crm.values import fits_int32
from b24local.schema import crm_timeline as ct
from b24local.schema import events as ev
from b24local.store import tables_crm_timeline as tt
from b24local.store.rows import clean_text, fits_int, insert_id

CM, B = tt.crm_timeline_comments, tt.crm_timeline_bindings
PAGE = 50


@dataclass(frozen=True)
class Owner:
    entity_type_id: int
    entity_id: int


def check_owner(conn: Connection, owner: Owner, ctx: Ctx, action: str = "update") -> None:
    """A known type and a positive id, an item the caller may change (or read).
    An item that does not exist is refused as one the caller may not touch (a non-administrator's answer)."""
    if owner.entity_id <= 0 or not owners.name(owner.entity_type_id):
        raise ApiError(E.CRM_OWNER_NOT_FOUND)
    if (
        not fits_int32(owner.entity_id)
        or not owners.exists(conn, owner.entity_type_id, owner.entity_id)
        or not owners.may(conn, ctx.user_id, ctx.is_admin, owner.entity_type_id, action)
    ):
        raise ApiError(E.ACCESS_DENIED)


def _emit(conn: Connection, action: str, comment_id: int, ctx: Ctx) -> None:
    events.emit(conn, ev.CRM_TIMELINE_COMMENT_EVENTS[action], user_id=ctx.user_id, now=ctx.now, id=comment_id)


def load(conn: Connection, comment_id: int | None) -> Any:
    """A comment that exists and is bound to at least one item."""
    if comment_id is None or not fits_int32(comment_id):
        return None
    row = conn.execute(select(CM).where(CM.c.id == comment_id)).first()
    if row is None or not bindings_of(conn, comment_id):
        return None
    return row


def bindings_of(conn: Connection, comment_id: int) -> list[Owner]:
    rows = conn.execute(select(B).where(B.c.comment_id == comment_id).order_by(B.c.id)).all()
    return [Owner(r.entity_type_id, r.entity_id) for r in rows]


def add(conn: Connection, owner: Owner, text: str, author_id: int, ctx: Ctx) -> int:
    check_owner(conn, owner, ctx)
    text = clean_text(text)
    if not text:
        raise ApiError(E.CRM_EMPTY_COMMENT)
    author = author_id if fits_int(author_id) else ctx.user_id
    comment_id = insert_id(conn, CM.insert().values(created=ctx.now, author_id=author, comment=text))
    conn.execute(
        B.insert().values(comment_id=comment_id, entity_type_id=owner.entity_type_id, entity_id=owner.entity_id)
    )
    _emit(conn, "ADD", comment_id, ctx)
    return comment_id


def _chosen_owner(conn: Connection, comment_id: int, given: Owner | None, ctx: Ctx) -> Owner:
    """The item a change applies to: the one given, else the first binding the caller may change."""
    if given is not None:
        return given
    bound = bindings_of(conn, comment_id)
    for b in bound:
        if owners.may(conn, ctx.user_id, ctx.is_admin, b.entity_type_id, "update"):
            return b
    return bound[-1]


def update_comment(conn: Connection, row: Any, text: str, given: Owner | None, ctx: Ctx) -> int:
    owner = _chosen_owner(conn, row.id, given, ctx)
    check_owner(conn, owner, ctx)
    text = clean_text(text)
    if not text:
        raise ApiError(E.CRM_EMPTY_COMMENT)
    bound = bindings_of(conn, row.id)
    if owner not in bound:
        raise ApiError(E.CRM_RECORD_NOT_FOUND)
    comment_id = row.id
    if len(bound) > 1:  # the other items keep the old text: the chosen one gets a copy
        comment_id = insert_id(
            conn, CM.insert().values(created=row.created, author_id=row.author_id, comment=row.comment)
        )
        _unbind(conn, row.id, owner)
        conn.execute(
            B.insert().values(comment_id=comment_id, entity_type_id=owner.entity_type_id, entity_id=owner.entity_id)
        )
    conn.execute(update(CM).where(CM.c.id == comment_id).values(comment=text))
    _emit(conn, "UPDATE", comment_id, ctx)
    return comment_id


def _unbind(conn: Connection, comment_id: int, owner: Owner) -> None:
    conn.execute(
        delete(B).where(
            B.c.comment_id == comment_id, B.c.entity_type_id == owner.entity_type_id, B.c.entity_id == owner.entity_id
        )
    )


def delete_comment(conn: Connection, row: Any, given: Owner | None, ctx: Ctx) -> None:
    bound = bindings_of(conn, row.id)
    if given is None and len(bound) > 1:
        raise ApiError(E.CRM_MULTIPLE_BINDINGS)
    owner = given or bound[0]
    check_owner(conn, owner, ctx)
    if owner not in bound:
        raise ApiError(E.CRM_RECORD_NOT_FOUND)
    if len(bound) > 1:
        _unbind(conn, row.id, owner)
    else:
        conn.execute(delete(B).where(B.c.comment_id == row.id))
        conn.execute(delete(CM).where(CM.c.id == row.id))
    _emit(conn, "DELETE", row.id, ctx)


# -- reading ---------------------------------------------------------------------------------------------------
def render(row: Any, owner: Owner, ctx: Ctx, names: tuple[str, ...] = ct.OUTPUT) -> dict[str, Any]:
    """A comment as get/list show it, on behalf of one of its items; files are not kept, so ``FILES`` is
    always empty."""
    values = {
        "ID": str(row.id),
        "ENTITY_ID": str(owner.entity_id),
        "ENTITY_TYPE": owners.timeline_name(owner.entity_type_id),
        "CREATED": ctx.iso(row.created),
        "COMMENT": row.comment,
        "AUTHOR_ID": str(row.author_id),
        "FILES": {},
    }
    return {name: values[name] for name in names}


def list_page(
    conn: Connection, owner: Owner, order: list[tuple[str, bool]], names: tuple[str, ...], start: int, ctx: Ctx
) -> tuple[list[dict[str, Any]], int]:
    """One page of the item's comments in ``order`` (ID, CREATED, AUTHOR_ID), then by id, and the total."""
    query = (
        select(CM)
        .join(B, B.c.comment_id == CM.c.id)
        .where(B.c.entity_type_id == owner.entity_type_id, B.c.entity_id == owner.entity_id)
    )
    columns = {"ID": CM.c.id, "CREATED": CM.c.created, "AUTHOR_ID": CM.c.author_id}
    clauses = [columns[name].desc() if desc else columns[name] for name, desc in order]
    rows = conn.execute(query.order_by(*clauses, CM.c.id)).all()
    page = rows[max(start, 0) : max(start, 0) + PAGE]
    return [render(r, owner, ctx, names) for r in page], len(rows)
