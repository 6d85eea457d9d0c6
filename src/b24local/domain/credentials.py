"""Webhooks and access tokens. Secrets are stored as SHA-256 hashes, never in clear."""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import Any

from sqlalchemy import Connection, select

from b24local.core.scopes import PORTAL_SCOPES
from b24local.store import tables as t
from b24local.store.rows import insert_id


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> str:
    # Bitrix webhook codes are 16 lower-case alphanumerics; ours are the same shape.
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(secrets.choice(alphabet) for _ in range(16))


def check_scopes(scopes: list[str]) -> list[str]:
    """The scopes, sorted and once each; ``ValueError`` names any a portal does not know."""
    unknown = sorted(set(scopes) - PORTAL_SCOPES)
    if unknown:
        raise ValueError(f"unknown scope(s) {', '.join(unknown)} (see api-reference/scopes/permissions.md)")
    return sorted(set(scopes))


def create_webhook(
    conn: Connection,
    *,
    user_id: int,
    scopes: list[str],
    token: str | None = None,
    title: str = "",
    is_default: bool = False,
) -> tuple[int, str]:
    token = token or new_secret()
    if not token or "/" in token or len(token) > 255:
        raise ValueError("a webhook token must be 1 to 255 characters without '/'")
    digest = hash_secret(token)
    if conn.execute(select(t.webhooks.c.id).where(t.webhooks.c.token_hash == digest)).first():
        raise ValueError("a webhook with this token already exists")
    new_id = insert_id(
        conn,
        t.webhooks.insert().values(
            user_id=user_id,
            token_hash=digest,
            token_hint=token[:4],
            scopes=check_scopes(scopes),
            title=title,
            active=True,
            is_default=is_default,
            created_at=int(time.time()),
        ),
    )
    return int(new_id), token


def list_webhooks(conn: Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(select(t.webhooks).order_by(t.webhooks.c.id)).mappings()]


def delete_webhook(conn: Connection, webhook_id: int) -> bool:
    return bool(conn.execute(t.webhooks.delete().where(t.webhooks.c.id == webhook_id)).rowcount)


def create_token(
    conn: Connection,
    *,
    user_id: int,
    scopes: list[str],
    expires_in: int = 3600,
    app_id: int | None = None,
) -> tuple[int, str]:
    token = secrets.token_hex(32)
    now = int(time.time())
    new_id = insert_id(
        conn,
        t.tokens.insert().values(
            user_id=user_id,
            token_hash=hash_secret(token),
            token_hint=token[:4],
            scopes=check_scopes(scopes),
            app_id=app_id,
            expires_at=now + expires_in,
            revoked=False,
            created_at=now,
        ),
    )
    return int(new_id), token


def list_tokens(conn: Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(select(t.tokens).order_by(t.tokens.c.id)).mappings()]


def revoke_token(conn: Connection, token_id: int) -> bool:
    return bool(conn.execute(t.tokens.update().where(t.tokens.c.id == token_id).values(revoked=True)).rowcount)
