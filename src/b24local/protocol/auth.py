"""Who is calling: a webhook (``/rest/{user}/{code}/…``) or an access token (``auth``/``access_token``
parameter, or ``Authorization: Bearer``), as b24restdocs settings/how-to-call-rest-api/authorization.md
describes (the ``access_token`` name and the Bearer header: observed behaviour of the real server, not
documented). The errors are the seeds' "Statuses and System Error Codes" table (tests/clients/seeds/,
_includes/system-errors.md):

* no credentials, or a code/token the portal does not know → ``NO_AUTH_FOUND`` 401
* webhook over plain HTTP while the portal requires HTTPS → ``INVALID_REQUEST`` "Https required"
* the credential's user is inactive, or the token was revoked → ``INVALID_CREDENTIALS`` 403
* the token has expired → ``expired_token`` 401
"""

from __future__ import annotations

import hmac
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, select

from b24local.core.context import Principal
from b24local.core.errors import ApiError, E
from b24local.domain.credentials import hash_secret
from b24local.store import tables as t


@dataclass(frozen=True)
class Credentials:
    kind: str | None  # "webhook", "token" or None
    user: str = ""
    secret: str = ""


NO_CREDENTIALS = Credentials(None)


def _user_row(conn: Connection, user_id: int) -> Row[Any, Any, Any] | None:
    return conn.execute(
        select(t.users.c.active, t.users.c.is_admin, t.users.c.user_type).where(t.users.c.id == user_id)
    ).first()


def authenticate(conn: Connection, creds: Credentials) -> Principal:
    """The principal behind the credentials (the portal's HTTPS rule is checked before, by the dispatcher)."""
    if creds.kind == "webhook":
        return _webhook(conn, creds)
    if creds.kind == "token":
        return _token(conn, creds)
    raise ApiError(E.NO_AUTH_FOUND)


def _webhook(conn: Connection, creds: Credentials) -> Principal:
    if not creds.user.isdigit():
        raise ApiError(E.NO_AUTH_FOUND)
    user_id = int(creds.user)
    digest = hash_secret(creds.secret)
    rows = conn.execute(
        select(t.webhooks.c.id, t.webhooks.c.token_hash, t.webhooks.c.scopes, t.webhooks.c.active).where(
            t.webhooks.c.user_id == user_id
        )
    ).all()
    match = None
    for row in rows:
        if hmac.compare_digest(row.token_hash, digest):
            match = row
    if match is None:
        raise ApiError(E.NO_AUTH_FOUND)
    user = _user_row(conn, user_id)
    if not match.active or user is None or not user.active:
        raise ApiError(E.INVALID_CREDENTIALS)
    return Principal(
        user_id=user_id,
        is_admin=bool(user.is_admin),
        scopes=frozenset(match.scopes),
        kind="webhook",
        credential_id=match.id,
        is_intranet=user.user_type != "extranet",
    )


def _token(conn: Connection, creds: Credentials) -> Principal:
    row = conn.execute(
        select(
            t.tokens.c.id,
            t.tokens.c.user_id,
            t.tokens.c.scopes,
            t.tokens.c.expires_at,
            t.tokens.c.revoked,
            t.tokens.c.app_id,
        ).where(t.tokens.c.token_hash == hash_secret(creds.secret))
    ).first()
    if row is None:
        raise ApiError(E.NO_AUTH_FOUND)
    if row.revoked:
        raise ApiError(E.INVALID_CREDENTIALS)
    if row.expires_at <= time.time():
        raise ApiError(E.EXPIRED_TOKEN)
    user = _user_row(conn, row.user_id)
    if user is None or not user.active:
        raise ApiError(E.INVALID_CREDENTIALS)
    return Principal(
        user_id=row.user_id,
        is_admin=bool(user.is_admin),
        scopes=frozenset(row.scopes),
        kind="oauth",
        credential_id=row.id,
        app_id=row.app_id,
        is_intranet=user.user_type != "extranet",
        expires_at=float(row.expires_at),
    )


class AuthCache:
    """Recently authenticated credentials, so a busy client does not pay two queries per call.

    Only successes are kept, for ``ttl`` seconds (never past a token's expiry). Admin API writes in this
    process clear it at once (``clear``); credential changes made by another process (the CLI, another
    worker) are seen within ``ttl``.
    """

    def __init__(self, ttl: float = 1.0, size: int = 4096) -> None:
        self.ttl = ttl
        self.size = size
        self._entries: dict[Credentials, tuple[Principal, float]] = {}

    def get(self, creds: Credentials) -> Principal | None:
        entry = self._entries.get(creds)
        if entry is None:
            return None
        if entry[1] <= time.monotonic() or (entry[0].expires_at is not None and entry[0].expires_at <= time.time()):
            self._entries.pop(creds, None)
            return None
        return entry[0]

    def put(self, creds: Credentials, principal: Principal) -> None:
        if len(self._entries) >= self.size:
            self._entries.clear()
        self._entries[creds] = (principal, time.monotonic() + self.ttl)

    def clear(self) -> None:
        self._entries.clear()
