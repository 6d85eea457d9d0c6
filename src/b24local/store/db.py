"""Engine, transactions, migrations and reset for SQLite (WAL, the default) and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event, func, select, text
from sqlalchemy.engine import make_url

from b24local.store import tables as t
from b24local.store import (  # noqa: F401 - every table on the metadata
    tables_crm,
    tables_crm_products,
    tables_crm_timeline,
    tables_eventlog,
    tables_events,
    tables_protocol,
    tables_tasks,
)
from b24local.store.metadata import CONFIG_TABLES, metadata

MIGRATIONS = Path(__file__).with_name("migrations")


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 30},
        pool_size=8,
        max_overflow=16,
    )

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (pysqlite's implicit transactions would defer it).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        # FULL: a commit is on disk before the answer leaves ("a write answered with success is on disk").
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # Writers take the lock up front so two processes never deadlock upgrading a read lock.
        write = conn.get_execution_options().get("b24_write", True)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        parsed = make_url(url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        if self.is_sqlite:
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            self.engine = _sqlite_engine(url)
        else:
            self.engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
        self._migrated = False
        self._lock = threading.Lock()

    # -- transactions -------------------------------------------------------------------------
    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Connection]:
        """One transaction: committed when the block ends normally, rolled back on any exception."""
        with self.engine.connect() as conn:
            conn.execution_options(b24_write=write)
            with conn.begin():
                yield conn

    # -- schema --------------------------------------------------------------------------------
    def migrate(self) -> None:
        """Bring the schema to the newest migration (safe to call from several processes)."""
        from alembic import command
        from alembic.config import Config

        with self._lock:
            cfg = Config()
            cfg.set_main_option("script_location", str(MIGRATIONS))
            with self.engine.connect() as conn:
                if not self.is_sqlite:
                    conn.execute(text("SELECT pg_advisory_lock(824024)"))
                    conn.commit()
                try:
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "heads")
                    conn.commit()
                finally:
                    if not self.is_sqlite:
                        conn.execute(text("SELECT pg_advisory_unlock(824024)"))
                        conn.commit()
            self._migrated = True

    def sync_sequence(self, conn: Connection, table: Table) -> None:
        """After rows were inserted with explicit ids, make the next generated id follow them."""
        if self.is_sqlite:
            return  # AUTOINCREMENT's sqlite_sequence follows explicit ids by itself
        pk = table.c.id
        highest = conn.execute(select(func.max(pk))).scalar() or 0
        conn.execute(
            text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v, :called)"),
            {"t": table.name, "v": max(highest, 1), "called": highest > 0},
        )

    def wipe(self, conn: Connection) -> None:
        """Delete the portal's data (everything but its configuration and default webhooks)."""
        data_tables = [tb for tb in metadata.sorted_tables if tb.name not in CONFIG_TABLES]
        truncated = [tb for tb in data_tables if tb is not t.webhooks]
        if self.is_sqlite:
            for tb in reversed(truncated):
                conn.execute(tb.delete())
            names = ", ".join(f"'{tb.name}'" for tb in truncated)
            has_seq = conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='sqlite_sequence'"
            ).first()
            if has_seq:
                conn.exec_driver_sql(f"DELETE FROM sqlite_sequence WHERE name IN ({names})")
        else:
            names = ", ".join(f'"{tb.name}"' for tb in truncated)
            conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        conn.execute(t.webhooks.delete().where(t.webhooks.c.is_default.is_(False)))
        self.sync_sequence(conn, t.webhooks)

    def dispose(self) -> None:
        self.engine.dispose()
