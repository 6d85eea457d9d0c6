"""Small readers of statement results that every family needs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection
from sqlalchemy.sql.dml import Insert


def insert_id(conn: Connection, statement: Insert) -> int:
    """Run an INSERT of one row and give the id the database chose (or that the row named)."""
    key: Any = conn.execute(statement).inserted_primary_key
    return int(key[0])


INT_MIN, INT_MAX = -(2**31), 2**31 - 1  # the INTEGER columns


def fits_int(value: int) -> bool:
    """Can an INTEGER column hold it (PostgreSQL refuses anything wider)?"""
    return INT_MIN <= value <= INT_MAX


def clean_text(text: str, limit: int | None = None) -> str:
    """A text a column can hold: NUL characters dropped (PostgreSQL text cannot hold them), cut to the
    column's length when it has one."""
    text = text.replace("\x00", "")
    return text if limit is None else text[:limit]
