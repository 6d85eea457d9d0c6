"""What goes with a deleted CRM item: its product rows, its activity bindings and its timeline-comment
bindings; an activity or comment left without a binding is deleted (observed behaviour of the real server,
not documented).

An activity or comment also bound to another item survives with its other bindings; an activity whose
owner was the deleted item takes its next binding as owner. Deleted activities raise ONCRMACTIVITYDELETE
(the events fire for "activities of all kinds", activities/events/index.md); comments removed with their
item raise nothing (their events are documented for manual deletion and crm.timeline.comment.delete).
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, select, update

from b24local.domain import events
from b24local.schema import events as ev
from b24local.store import tables_crm_products as tp
from b24local.store import tables_crm_timeline as tt


def item_deleted(conn: Connection, entity_type_id: int, item_id: int, *, user_id: int, now: int) -> None:
    rows = tp.crm_product_rows
    conn.execute(delete(rows).where(rows.c.owner_type_id == entity_type_id, rows.c.owner_id == item_id))
    _activities(conn, entity_type_id, item_id, user_id=user_id, now=now)
    _comments(conn, entity_type_id, item_id)


def _activities(conn: Connection, entity_type_id: int, item_id: int, *, user_id: int, now: int) -> None:
    b, a, c = tt.crm_activity_bindings, tt.crm_activities, tt.crm_activity_communications
    bound = [
        r.activity_id
        for r in conn.execute(
            select(b.c.activity_id).where(b.c.owner_type_id == entity_type_id, b.c.owner_id == item_id)
        ).all()
    ]
    if not bound:
        return
    conn.execute(delete(b).where(b.c.owner_type_id == entity_type_id, b.c.owner_id == item_id))
    for activity_id in sorted(set(bound)):
        remaining = conn.execute(
            select(b.c.owner_type_id, b.c.owner_id).where(b.c.activity_id == activity_id).order_by(b.c.id).limit(1)
        ).first()
        if remaining is None:
            conn.execute(delete(c).where(c.c.activity_id == activity_id))
            conn.execute(delete(a).where(a.c.id == activity_id))
            events.emit(conn, ev.CRM_ACTIVITY_EVENTS["DELETE"], user_id=user_id, now=now, id=activity_id)
            continue
        conn.execute(
            update(a)
            .where(a.c.id == activity_id, a.c.owner_type_id == entity_type_id, a.c.owner_id == item_id)
            .values(owner_type_id=remaining.owner_type_id, owner_id=remaining.owner_id)
        )


def _comments(conn: Connection, entity_type_id: int, item_id: int) -> None:
    b, cm = tt.crm_timeline_bindings, tt.crm_timeline_comments
    bound = [
        r.comment_id
        for r in conn.execute(
            select(b.c.comment_id).where(b.c.entity_type_id == entity_type_id, b.c.entity_id == item_id)
        ).all()
    ]
    if not bound:
        return
    conn.execute(delete(b).where(b.c.entity_type_id == entity_type_id, b.c.entity_id == item_id))
    for comment_id in sorted(set(bound)):
        if conn.execute(select(b.c.id).where(b.c.comment_id == comment_id).limit(1)).first() is None:
            conn.execute(delete(cm).where(cm.c.id == comment_id))
