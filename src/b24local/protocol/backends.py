"""The state the protocol keeps between calls, as interfaces with two implementations each.

One server process keeps it in memory (``limits.LeakyBucket``, ``limits.OperatingLedger``,
``faults.FaultBook``, ``idempotency.IdempotencyStore``: the fast default). Several processes share it
through Redis (``redis_backends``). The dispatcher and the admin API only ever see these interfaces.
"""

from __future__ import annotations

from types import EllipsisType
from typing import Any, Protocol

from b24local.protocol.faults import FaultRule
from b24local.protocol.idempotency import Scope, Stored
from b24local.protocol.limits import LedgerKey


class RateBucket(Protocol):
    """The leaky bucket of request rate."""

    def admit(self, profile: str, now: float | None = None) -> bool: ...

    def reset(self) -> None: ...

    def snapshot(self, profile: str) -> dict[str, float | int | None]: ...


class Ledger(Protocol):
    """Method time charged per (credential kind, webhook or app, method) in a sliding window."""

    def settings(self) -> dict[str, float | None]: ...

    def configure(
        self, *, limit: float | None = None, factor: float | None = None, charge: float | None | EllipsisType = ...
    ) -> None: ...

    def reset(self) -> None: ...

    def blocked(self, key: LedgerKey, now: float | None = None) -> bool: ...

    def record(self, key: LedgerKey, duration: float, now: float | None = None) -> float: ...

    def report(self, key: LedgerKey, start: float, now: float | None = None) -> tuple[float, int]: ...


class FaultRules(Protocol):
    """Fault rules, tried in the order they were added."""

    def add(self, data: dict[str, Any]) -> FaultRule: ...

    def list(self) -> list[dict[str, Any]]: ...

    def remove(self, rule_id: int) -> bool: ...

    def clear(self) -> None: ...

    def match(self, method: str, api: int) -> FaultRule | None: ...


class IdempotencyKeys(Protocol):
    """Answers kept under their ``Idempotency-Key`` for replay."""

    def lookup(self, scope: Scope, print_: str, now: float | None = None) -> Stored | None: ...

    def keep(self, scope: Scope, print_: str, status: int, body: Any, now: float | None = None) -> None: ...

    def clear(self) -> None: ...
