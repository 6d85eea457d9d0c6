"""Tables of the event-log family (``main.eventlog.*``), on the shared ``metadata``.

``event_log``: the portal's audit log, one row per recorded action (its columns are those of the real
``b_event_log`` table that EventLogDto maps, api-reference/event-log/main-eventlog-get.md); times are unix
seconds. Migration ``0008_eventlog`` creates it.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table, Text

from b24local.store.metadata import metadata

event_log = Table(
    "event_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("timestamp_x", BigInteger, nullable=False),
    Column("severity", String(32), nullable=False),
    Column("audit_type_id", String(64), nullable=False),
    Column("module_id", String(64), nullable=False),
    Column("item_id", String(255), nullable=False),
    Column("remote_addr", String(64), nullable=True),
    Column("user_agent", Text, nullable=True),
    Column("request_uri", Text, nullable=True),
    Column("site_id", String(8), nullable=True),
    Column("user_id", Integer, nullable=True),
    Column("guest_id", Integer, nullable=True),
    Column("description", Text, nullable=True),
    sqlite_autoincrement=True,
)
Index("ix_event_log_time", event_log.c.timestamp_x)
