"""The Redis implementations of ``backends`` (``--redis-url``): the leaky bucket, fault rules,
idempotency keys and the operating-time ledger, shared by several server processes, and the version of
the portal's configuration that tells them to reload it. The request journal stays per process.
"""

from __future__ import annotations

import fnmatch
import random
import time
from types import EllipsisType
from typing import Any

import orjson

from b24local.core.errors import V3, ApiError
from b24local.protocol.faults import FaultRule, rule_from_dict
from b24local.protocol.idempotency import LIFETIME, Scope, Stored
from b24local.protocol.limits import (
    BUCKET_SECONDS,
    BUCKETS,
    MINIMAL_FIX_TIME,
    OPERATING_LIMIT,
    PROFILES,
    WINDOW,
    LedgerKey,
    OperatingLedger,
)

# Atomically drain, then admit one request if it fits: KEYS[1] bucket hash; ARGV rate, burst, now.
_ADMIT = """
local level = tonumber(redis.call('HGET', KEYS[1], 'level') or '0')
local stamp = tonumber(redis.call('HGET', KEYS[1], 'stamp') or '0')
local rate, burst, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if stamp > 0 then level = math.max(0, level - (now - stamp) * rate) end
local ok = 0
if level + 1 <= burst then level = level + 1; ok = 1 end
redis.call('HSET', KEYS[1], 'level', tostring(level), 'stamp', tostring(now))
redis.call('EXPIRE', KEYS[1], 3600)
return ok
"""

# Count one firing of a rule; returns the rule (JSON) or nil when it is used up. KEYS[1] rules hash.
_FIRE = """
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return nil end
local rule = cjson.decode(raw)
rule['fired'] = rule['fired'] + 1
if rule['times'] ~= cjson.null then
  rule['times'] = rule['times'] - 1
  if rule['times'] <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(rule)) end
else
  redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(rule))
end
return raw
"""


def connect(url: str) -> Any:
    import redis

    client = redis.Redis.from_url(url)
    client.ping()
    return client


class RedisBucket:
    def __init__(self, client: Any, prefix: str) -> None:
        self.client = client
        self.key = prefix + "bucket"
        self._admit = client.register_script(_ADMIT)

    def admit(self, profile: str, now: float | None = None) -> bool:
        spec = PROFILES.get(profile)
        if spec is None:
            return True
        rate, burst = spec
        return bool(self._admit(keys=[self.key], args=[rate, burst, time.time() if now is None else now]))

    def reset(self) -> None:
        self.client.delete(self.key)

    def snapshot(self, profile: str) -> dict[str, float | int | None]:
        spec = PROFILES.get(profile)
        data = self.client.hgetall(self.key)
        level = float(data.get(b"level", 0) or 0)
        stamp = float(data.get(b"stamp", 0) or 0)
        if spec and stamp:
            level = max(0.0, level - (time.time() - stamp) * spec[0])
        return {
            "level": round(level, 3),
            "drain_per_second": spec[0] if spec else None,
            "burst": spec[1] if spec else None,
        }


class RedisFaultBook:
    """Fault rules every process sees; a rule's ``times`` counts down across all of them."""

    def __init__(self, client: Any, prefix: str) -> None:
        self.client = client
        self.key = prefix + "faults"
        self.ids = prefix + "fault_ids"
        self._fire = client.register_script(_FIRE)
        self._random = random.Random()

    def _rules(self) -> list[FaultRule]:
        rows = self.client.hgetall(self.key)
        rules = [FaultRule(**orjson.loads(raw)) for raw in rows.values()]
        return sorted(rules, key=lambda r: r.id)

    def add(self, data: dict[str, Any]) -> FaultRule:
        rule = rule_from_dict(data, int(self.client.incr(self.ids)))
        self.client.hset(self.key, str(rule.id), orjson.dumps(rule.as_dict()))
        return rule

    def list(self) -> list[dict[str, Any]]:
        return [r.as_dict() for r in self._rules()]

    def remove(self, rule_id: int) -> bool:
        return bool(self.client.hdel(self.key, str(rule_id)))

    def clear(self) -> None:
        self.client.delete(self.key)

    def match(self, method: str, api: int) -> FaultRule | None:
        if not self.client.hlen(self.key):
            return None
        name = method.lower()
        for rule in self._rules():
            if rule.api is not None and rule.api != api:
                continue
            if not fnmatch.fnmatchcase(name, rule.method):
                continue
            if rule.probability < 1 and self._random.random() >= rule.probability:
                continue
            raw = self._fire(keys=[self.key], args=[str(rule.id)])
            if raw is None:
                continue  # another process used its last firing
            return rule
        return None


class RedisIdempotency:
    def __init__(self, client: Any, prefix: str, lifetime: float = LIFETIME) -> None:
        self.client = client
        self.prefix = prefix + "idem:"
        self.lifetime = lifetime

    def _key(self, scope: Scope) -> str:
        return self.prefix + orjson.dumps(list(scope)).decode()

    def lookup(self, scope: Scope, print_: str, now: float | None = None) -> Stored | None:
        raw = self.client.get(self._key(scope))
        if raw is None:
            return None
        stored = orjson.loads(raw)
        if stored["fingerprint"] != print_:
            raise ApiError(V3.IDEMPOTENCY_KEY_REUSED)
        return Stored(stored["fingerprint"], stored["at"] + self.lifetime, stored["status"], stored["body"])

    def keep(self, scope: Scope, print_: str, status: int, body: Any, now: float | None = None) -> None:
        value = {"fingerprint": print_, "status": status, "body": body, "at": time.time() if now is None else now}
        self.client.set(self._key(scope), orjson.dumps(value), ex=int(self.lifetime), nx=True)

    def clear(self) -> None:
        keys = list(self.client.scan_iter(self.prefix + "*"))
        if keys:
            self.client.delete(*keys)

    def __len__(self) -> int:
        return sum(1 for _ in self.client.scan_iter(self.prefix + "*"))


class RedisConfigVersion:
    """A counter bumped when the portal's configuration changes, so other processes reload it."""

    def __init__(self, client: Any, prefix: str, every: float = 0.5) -> None:
        self.client = client
        self.key = prefix + "config_version"
        self.every = every
        self.seen = self._read()
        self.checked = time.monotonic()

    def _read(self) -> int:
        return int(self.client.get(self.key) or 0)

    def bump(self) -> None:
        self.seen = int(self.client.incr(self.key))

    def changed(self) -> bool:
        now = time.monotonic()
        if now - self.checked < self.every:
            return False
        self.checked = now
        current = self._read()
        if current != self.seen:
            self.seen = current
            return True
        return False


class RedisLedger(OperatingLedger):
    """The operating-time ledger in Redis: every process charges and reads the same buckets, and the
    admin API's limit, inflation factor and fixed charge set on one process apply on all."""

    def __init__(self, client: Any, prefix: str) -> None:
        super().__init__()
        self.client = client
        self.prefix = prefix + "ledger:"
        self.settings_key = prefix + "ledger_settings"

    # -- settings, shared --------------------------------------------------------------------------
    def _settings(self) -> tuple[float, float, float | None]:
        raw = self.client.hgetall(self.settings_key)
        limit = float(raw[b"limit"]) if b"limit" in raw else OPERATING_LIMIT
        factor = float(raw[b"factor"]) if b"factor" in raw else 1.0
        charge = raw.get(b"charge")
        return limit, factor, (float(charge) if charge not in (None, b"") else None)

    def settings(self) -> dict[str, float | None]:
        limit, factor, charge = self._settings()
        return {"limit": limit, "factor": factor, "charge": charge}

    def configure(
        self, *, limit: float | None = None, factor: float | None = None, charge: float | None | EllipsisType = ...
    ) -> None:
        if limit is not None:
            self.client.hset(self.settings_key, "limit", limit)
        if factor is not None:
            self.client.hset(self.settings_key, "factor", factor)
        if not isinstance(charge, EllipsisType):
            self.client.hset(self.settings_key, "charge", "" if charge is None else charge)

    def reset(self) -> None:
        keys = [self.settings_key, *self.client.scan_iter(self.prefix + "*")]
        self.client.delete(*keys)

    # -- usage, shared -----------------------------------------------------------------------------
    def _key(self, key: LedgerKey) -> str:
        return self.prefix + "|".join(key)

    def _live_buckets(self, key: LedgerKey, now: float) -> list[tuple[int, float, float]]:
        """(minute, seconds, first call time) of the last ten minutes, oldest first."""
        raw = self.client.hgetall(self._key(key))
        current = int(now) // BUCKET_SECONDS
        out = []
        for field, value in raw.items():
            name = field.decode()
            if name.startswith("m:"):
                minute = int(name[2:])
                if minute > current - BUCKETS:
                    first = float(raw.get(f"f:{minute}".encode(), now))
                    out.append((minute, float(value), first))
        return sorted(out)

    def used(self, key: LedgerKey, now: float | None = None) -> float:
        now = time.time() if now is None else now
        return sum(seconds for _, seconds, _ in self._live_buckets(key, now))

    def blocked(self, key: LedgerKey, now: float | None = None) -> bool:
        return self.used(key, now) > self._settings()[0]

    def record(self, key: LedgerKey, duration: float, now: float | None = None) -> float:
        now = time.time() if now is None else now
        _, factor, charge = self._settings()
        charged = charge if charge is not None else duration * factor
        if charged <= MINIMAL_FIX_TIME:
            return 0.0
        minute = int(now) // BUCKET_SECONDS
        name = self._key(key)
        pipe = self.client.pipeline()
        pipe.hincrbyfloat(name, f"m:{minute}", charged)
        pipe.hsetnx(name, f"f:{minute}", now)
        pipe.expire(name, WINDOW + BUCKET_SECONDS)
        pipe.execute()
        return charged

    def report(self, key: LedgerKey, start: float, now: float | None = None) -> tuple[float, int]:
        now = time.time() if now is None else now
        live = self._live_buckets(key, now)
        if not live:
            return 0.0, int(start) + WINDOW
        return sum(seconds for _, seconds, _ in live), int(live[0][2]) + WINDOW
