"""Small readers of statement results that every family needs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection
from sqlalchemy.sql.dml import Insert


def insert_id(conn: Connection, statement: Insert) -> int:
    """Run an INSERT of one row and give the id the database chose (or that the row named)."""
    key: Any = conn.execute(statement).inserted_primary_key
    return int(key[0])
