"""Raising events: a write records each event it raises in the outbox, inside its own transaction.

Delivery reads the outbox after the commit, so an answered write always has its events, a failed or
rolled-back write never does, and a server killed after a commit still delivers what was committed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from b24local.schema.events import EventDef
from b24local.store.tables_events import event_outbox


def emit(conn: Connection, event: EventDef, *, user_id: int | None, now: int, **ids: Any) -> None:
    """Record ``event`` with the ``data`` its declaration builds from ``ids``."""
    conn.execute(
        event_outbox.insert().values(event=event.name, data=event.payload(**ids), user_id=user_id, created=now)
    )


def recent(conn: Connection, limit: int = 200) -> list[dict[str, Any]]:
    """The events raised last, newest first (the inspector's events page)."""
    q = select(event_outbox).order_by(event_outbox.c.id.desc()).limit(limit)
    return [dict(r) for r in conn.execute(q).mappings()]
