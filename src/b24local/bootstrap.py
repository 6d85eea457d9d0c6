"""First start: create the portal (user 1, an administrator named Admin, the root department headed by
them, and a webhook for user 1 with every scope the server implements), and bring back the same portal
after ``reset``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from b24local.domain import credentials, departments, users
from b24local.domain.portal import PortalConfig
from b24local.methods import all_scopes
from b24local.store import Store
from b24local.store import tables as t


@dataclass
class Setup:
    created_portal: bool
    new_token: str | None  # the default webhook's token, when it was made just now


def ensure_portal(store: Store, conn: Connection, webhook_token: str | None = None) -> Setup:
    created = False
    if not conn.execute(select(func.count()).select_from(t.users)).scalar():
        users.create_user(store, conn, name="Admin", admin=True, user_id=users.ADMIN_ID)
        created = True
    if departments.ensure_root(conn, head_id=users.ADMIN_ID):
        store.sync_sequence(conn, t.departments)
    if not conn.execute(select(t.portal_config.c.key)).first():
        PortalConfig().save(conn)
    new_token = None
    if webhook_token is not None:
        digest = credentials.hash_secret(webhook_token)
        if not conn.execute(select(t.webhooks.c.id).where(t.webhooks.c.token_hash == digest)).first():
            _, new_token = credentials.create_webhook(
                conn, user_id=users.ADMIN_ID, scopes=all_scopes(), token=webhook_token, is_default=True
            )
    elif not conn.execute(select(t.webhooks.c.id).where(t.webhooks.c.is_default.is_(True))).first():
        _, new_token = credentials.create_webhook(conn, user_id=users.ADMIN_ID, scopes=all_scopes(), is_default=True)
    return Setup(created, new_token)


def reset_portal(store: Store) -> None:
    """Wipe the portal's data, keep its configuration and default webhooks, and set it up again."""
    with store.transaction() as conn:
        store.wipe(conn)
        ensure_portal(store, conn)
