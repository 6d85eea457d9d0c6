"""Tables of the events family, on the shared ``metadata``.

``event_outbox``: every event a write raised, recorded in the write's own transaction, so that an
answered write always has its event and a rolled-back one never does.
"""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, Index, Integer, String, Table

from b24local.store.metadata import metadata

event_outbox = Table(
    "event_outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event", String(128), nullable=False),
    Column("data", JSON, nullable=False),
    Column("user_id", Integer, nullable=True),  # whose call raised it (0/None: not tied to a user)
    Column("created", BigInteger, nullable=False),
    sqlite_autoincrement=True,
)
Index("ix_event_outbox_event", event_outbox.c.event)
