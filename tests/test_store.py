"""Storage: migrations match the declared tables, transactions, durability, reset."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from b24local.bootstrap import ensure_portal, reset_portal
from b24local.domain import credentials, users
from b24local.domain.portal import PortalConfig
from b24local.store import Store
from b24local.store import tables as t
from b24local.store.metadata import metadata


@pytest.fixture
def store(database_url):
    s = Store(database_url)
    s.migrate()
    yield s
    s.dispose()


def test_migrations_build_exactly_the_declared_schema(store):
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_migrate_twice_is_harmless(store):
    store.migrate()
    with store.transaction() as conn:
        ensure_portal(store, conn)
        ensure_portal(store, conn)
        assert len(users.list_users(conn)) == 1


def test_failed_transaction_leaves_nothing(store):
    with store.transaction() as conn:
        ensure_portal(store, conn)
    with pytest.raises(RuntimeError):
        with store.transaction() as conn:
            users.create_user(store, conn, name="Ghost")
            raise RuntimeError("boom")
    with store.transaction(write=False) as conn:
        assert [u["name"] for u in users.list_users(conn)] == ["Admin"]


def test_committed_write_is_visible_to_a_new_engine(store, database_url):
    with store.transaction() as conn:
        ensure_portal(store, conn)
        users.create_user(store, conn, name="Durable")
    store.dispose()
    other = Store(database_url)
    with other.transaction(write=False) as conn:
        assert "Durable" in [u["name"] for u in users.list_users(conn)]
    other.dispose()


def test_explicit_ids_keep_the_sequence_ahead(store):
    with store.transaction() as conn:
        ensure_portal(store, conn)
        users.create_user(store, conn, name="Forty", user_id=40)
        assert users.create_user(store, conn, name="Next") == 41


def test_reset_keeps_configuration_and_default_webhook(store):
    with store.transaction() as conn:
        setup = ensure_portal(store, conn, webhook_token="keepme")
        assert setup.created_portal and setup.new_token == "keepme"
        cfg = PortalConfig.load(conn)
        cfg.timezone = "Asia/Tokyo"
        cfg.save(conn)
        users.create_user(store, conn, name="Extra")
        credentials.create_webhook(conn, user_id=1, scopes=["user"], token="extra")
    reset_portal(store)
    with store.transaction(write=False) as conn:
        assert PortalConfig.load(conn).timezone == "Asia/Tokyo"
        assert [u["name"] for u in users.list_users(conn)] == ["Admin"]
        hooks = conn.execute(select(t.webhooks.c.token_hash)).scalars().all()
        assert hooks == [credentials.hash_secret("keepme")]


def test_secrets_are_stored_hashed(store):
    with store.transaction() as conn:
        ensure_portal(store, conn, webhook_token="plainsecret")
        _, token = credentials.create_token(conn, user_id=1, scopes=["user"])
        stored = [r["token_hash"] for r in credentials.list_webhooks(conn) + credentials.list_tokens(conn)]
    assert "plainsecret" not in stored and token not in stored
    assert credentials.hash_secret("plainsecret") in stored
