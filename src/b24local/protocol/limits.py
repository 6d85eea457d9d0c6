"""Request-rate and operating limits (b24restdocs settings/performance/limits.md; off unless a portal enables
them: docs/fidelity.md, "limits: off by default").

* ``LeakyBucket``: one per portal. Every HTTP request on ``/rest/`` adds 1 (a batch is one request); the
  level drains continuously at ``rate`` per second; a request that would lift the level above ``burst``
  is refused with 503 ``QUERY_LIMIT_EXCEEDED`` and adds nothing.
* ``OperatingLedger``: method time per (credential kind, webhook or app, method) in 10 one-minute
  buckets. A call is charged after it ran; calls charged 0.1 s or less are not counted. Before a call
  runs, a sum above the limit answers 429 ``OPERATION_TIME_LIMIT`` (v3 ``…RATELIMITEXCEPTION``).
  For tests the charged duration can be inflated (``factor``) or fixed (``charge``).

Both live in the server process's memory (one process per portal today).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from types import EllipsisType

# profile → (drain per second, burst)
PROFILES: dict[str, tuple[float, int]] = {"cloud": (2.0, 50), "enterprise": (5.0, 250)}

OPERATING_LIMIT = 480.0  # seconds per method per webhook/app in the 10-minute window (limits.md's worked example)
MINIMAL_FIX_TIME = 0.1  # calls charged this or less are not recorded
BUCKET_SECONDS = 60
BUCKETS = 10
WINDOW = BUCKET_SECONDS * BUCKETS


class LeakyBucket:
    def __init__(self) -> None:
        self.level = 0.0
        self.stamp = 0.0
        self._lock = threading.Lock()

    def admit(self, profile: str, now: float | None = None) -> bool:
        """Count one request under ``profile``; False when it must be refused."""
        spec = PROFILES.get(profile)
        if spec is None:
            return True
        rate, burst = spec
        now = time.monotonic() if now is None else now
        with self._lock:
            if self.stamp:
                self.level = max(0.0, self.level - (now - self.stamp) * rate)
            self.stamp = now
            if self.level + 1 > burst:
                return False
            self.level += 1
            return True

    def reset(self) -> None:
        with self._lock:
            self.level = 0.0
            self.stamp = 0.0

    def snapshot(self, profile: str) -> dict[str, float | int | None]:
        spec = PROFILES.get(profile)
        with self._lock:
            level = self.level
            if spec and self.stamp:
                level = max(0.0, level - (time.monotonic() - self.stamp) * spec[0])
        return {
            "level": round(level, 3),
            "drain_per_second": spec[0] if spec else None,
            "burst": spec[1] if spec else None,
        }


LedgerKey = tuple[str, str, str]  # (kind, "hook:<id>" | "app:<id>" | "token:<id>", method)


@dataclass
class _Usage:
    # minute number → [seconds, unix time of the first counted call in that minute]
    buckets: dict[int, list[float]] = field(default_factory=dict)


class OperatingLedger:
    def __init__(self) -> None:
        self._usage: dict[LedgerKey, _Usage] = {}
        self._lock = threading.Lock()
        self.limit = OPERATING_LIMIT
        self.factor = 1.0  # charged = real duration × factor …
        self.charge: float | None = None  # … or this fixed number of seconds per call

    def settings(self) -> dict[str, float | None]:
        return {"limit": self.limit, "factor": self.factor, "charge": self.charge}

    def configure(
        self, *, limit: float | None = None, factor: float | None = None, charge: float | None | EllipsisType = ...
    ) -> None:
        with self._lock:
            if limit is not None:
                self.limit = limit
            if factor is not None:
                self.factor = factor
            if not isinstance(charge, EllipsisType):
                self.charge = charge

    def reset(self) -> None:
        with self._lock:
            self._usage.clear()
            self.limit = OPERATING_LIMIT
            self.factor = 1.0
            self.charge = None

    def _live(self, usage: _Usage, now: float) -> list[tuple[int, list[float]]]:
        current = int(now) // BUCKET_SECONDS
        for minute in [m for m in usage.buckets if m <= current - BUCKETS]:
            del usage.buckets[minute]
        return sorted(usage.buckets.items())

    def used(self, key: LedgerKey, now: float | None = None) -> float:
        now = time.time() if now is None else now
        with self._lock:
            usage = self._usage.get(key)
            if usage is None:
                return 0.0
            return sum(b[0] for _, b in self._live(usage, now))

    def blocked(self, key: LedgerKey, now: float | None = None) -> bool:
        return self.used(key, now) > self.limit

    def record(self, key: LedgerKey, duration: float, now: float | None = None) -> float:
        """Charge one finished call; returns the seconds charged (0 when not counted)."""
        now = time.time() if now is None else now
        charged = self.charge if self.charge is not None else duration * self.factor
        if charged <= MINIMAL_FIX_TIME:
            return 0.0
        minute = int(now) // BUCKET_SECONDS
        with self._lock:
            usage = self._usage.setdefault(key, _Usage())
            bucket = usage.buckets.setdefault(minute, [0.0, now])
            bucket[0] += charged
        return charged

    def report(self, key: LedgerKey, start: float, now: float | None = None) -> tuple[float, int]:
        """``time.operating`` and ``time.operating_reset_at`` for a call that started at ``start``."""
        now = time.time() if now is None else now
        with self._lock:
            usage = self._usage.get(key)
            live = self._live(usage, now) if usage else []
        if not live:
            return 0.0, int(start) + WINDOW
        operating = sum(b[0] for _, b in live)
        return operating, int(live[0][1][1]) + WINDOW
