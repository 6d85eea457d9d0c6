"""What a handler gets: who calls, on which portal, inside which transaction, and how to run other methods.

The portal and the command runner are described here as protocols, so this ground floor names what a
handler may use without importing the packages that implement it (``domain.portal``,
``protocol.pipeline``).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from sqlalchemy import Connection


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


class MethodInfo(Protocol):
    """What a handler may know of the method it answers (``registry.Method``)."""

    @property
    def name(self) -> str: ...

    @property
    def api(self) -> int: ...


class PortalSettings(Protocol):
    timezone: str


class PortalView(Protocol):
    """What a handler may read of the portal that answers: its settings, its zone and its clock."""

    @property
    def config(self) -> PortalSettings: ...

    @property
    def tz(self) -> ZoneInfo: ...

    def now(self) -> int: ...

    def iso(self, ts: float | int | None) -> str | None: ...


class Answer(Protocol):
    """The envelope of one call as a batch sees it (``Outcome`` in ``protocol.pipeline``)."""

    @property
    def body(self) -> Any: ...


class CommandRunner(Protocol):
    """How a handler runs other methods for the same caller (batch): the dispatcher implements it."""

    def invoke(self, name: str, params: Any, principal: Principal, *, api: int, https: bool) -> Answer: ...

    def command_fault(self, method: str, api: int) -> None: ...

    def one_transaction(self) -> AbstractContextManager[None]: ...


@dataclass
class Call:
    method: MethodInfo
    api: int
    principal: Principal
    portal: PortalView
    conn: Connection  # the call's transaction; batch, which runs no SQL of its own, gets none
    start: float
    https: bool = False
    runner: CommandRunner | None = None
    # values computed once per call and shared by its steps (a task's rights, its facts)
    state: dict[Any, Any] = field(default_factory=dict)

    @property
    def user_id(self) -> int:
        return self.principal.user_id

    @property
    def is_admin(self) -> bool:
        return self.principal.is_admin

    def commands(self) -> CommandRunner:
        """The runner of a call that may run other methods (only batch is given one)."""
        if self.runner is None:
            raise RuntimeError(f"{self.method.name} runs no other methods")
        return self.runner
