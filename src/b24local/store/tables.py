"""The foundation's tables (portal configuration, users, departments, webhooks, access tokens), declared once with
SQLAlchemy Core. Each family declares its own tables in its ``tables_*`` module on the same
``metadata``; the migrations in ``migrations/versions`` build the same schema, and ``tests/test_store.py``
checks that the two agree.

Times are stored as integer Unix seconds (UTC); the API renders them in the portal's time zone.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    String,
    Table,
)

from b24local.store.metadata import metadata

# Portal configuration: survives `reset`.
portal_config = Table(
    "portal_config",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", JSON, nullable=True),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("name", String(255), nullable=False, default=""),
    Column("last_name", String(255), nullable=False, default=""),
    Column("second_name", String(255), nullable=False, default=""),
    Column("email", String(255), nullable=False, default=""),
    Column("is_admin", Boolean, nullable=False, default=False),
    Column("user_type", String(32), nullable=False, default="employee"),
    Column("xml_id", String(255), nullable=True),
    Column("gender", String(1), nullable=False, default=""),
    Column("work_position", String(255), nullable=False, default=""),
    Column("departments", JSON, nullable=True),
    Column("time_zone", String(64), nullable=False, default=""),
    Column("date_register", BigInteger, nullable=False),
    Column("last_login", BigInteger, nullable=True),
    Column("personal_city", String(255), nullable=True),
    # the other profile fields user.add / user.update write (schema/user_fields.py), by their REST name
    Column("profile", JSON, nullable=True),
    sqlite_autoincrement=True,
)

# The company structure (department.*): a tree under one root department; users name theirs in
# ``users.departments`` (UF_DEPARTMENT).
departments = Table(
    "departments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(255), nullable=False),
    Column("sort", Integer, nullable=False),
    Column("parent_id", Integer, nullable=True),
    Column("head_id", Integer, nullable=True),
    sqlite_autoincrement=True,
)
Index("ix_departments_parent", departments.c.parent_id)

webhooks = Table(
    "webhooks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("token_hint", String(8), nullable=False, default=""),
    Column("scopes", JSON, nullable=False),
    Column("title", String(255), nullable=False, default=""),
    Column("active", Boolean, nullable=False, default=True),
    Column("is_default", Boolean, nullable=False, default=False),
    Column("created_at", BigInteger, nullable=False),
    sqlite_autoincrement=True,
)
Index("ix_webhooks_user", webhooks.c.user_id)

tokens = Table(
    "tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("token_hint", String(8), nullable=False, default=""),
    Column("scopes", JSON, nullable=False),
    Column("app_id", Integer, nullable=True),
    Column("expires_at", BigInteger, nullable=False),
    Column("revoked", Boolean, nullable=False, default=False),
    Column("created_at", BigInteger, nullable=False),
    sqlite_autoincrement=True,
)
