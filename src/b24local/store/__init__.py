"""Storage: SQLAlchemy Core tables, Alembic migrations, one transaction per API call."""

from b24local.store.db import Store

__all__ = ["Store"]
