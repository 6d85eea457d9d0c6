"""Alembic environment: migrations run on the connection b24local hands over (Store.migrate)."""

from alembic import context

from b24local.store import db  # noqa: F401 - every table on the metadata
from b24local.store.metadata import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - b24local always passes its connection
    raise RuntimeError("run migrations through b24local (Store.migrate)")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
