"""What a handler gets: who calls, on which portal, inside which transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from b24local.portal import Portal
    from b24local.protocol.registry import Method


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: a webhook or an access token acting for a user."""

    user_id: int
    is_admin: bool
    scopes: frozenset[str]
    kind: str  # "webhook" or "oauth"
    credential_id: int
    app_id: int | None = None
    is_intranet: bool = True
    expires_at: float | None = None  # access tokens: when they stop being valid

    def has_scope(self, accepted: tuple[str, ...]) -> bool:
        return any(s in self.scopes for s in accepted)


@dataclass
class Call:
    method: "Method"
    api: int
    principal: Principal
    portal: "Portal"
    conn: "Connection"
    start: float
    https: bool = False
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def user_id(self) -> int:
        return self.principal.user_id

    @property
    def is_admin(self) -> bool:
        return self.principal.is_admin
