"""Tables of the protocol family, on the shared ``metadata``.

``apps``: local applications that access tokens can belong to (``tokens.app_id``). ``users`` is the list
of user ids allowed to use the app; NULL means every user (b24restdocs _includes/system-errors.md: an app
whose access is restricted to some users answers ``user_access_error`` to the others).
"""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, Integer, String, Table

from b24local.store.metadata import metadata

apps = Table(
    "apps",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(255), nullable=False, default=""),
    Column("users", JSON, nullable=True),
    Column("created_at", BigInteger, nullable=False),
    sqlite_autoincrement=True,
)
