"""REST v3 ``Idempotency-Key`` (b24restdocs api-reference/rest-v3.md, "Repeated calls without duplicates").

* The key is 1 to 255 printable ASCII characters, else 400 ``…INVALIDIDEMPOTENCYKEYEXCEPTION``.
* On a writing method the first successful answer is kept for 24 hours under (credential, user,
  method, key). The same key with the same body replays that answer with ``Idempotent-Replayed: true``;
  the same key with another body is 422 ``…IDEMPOTENCYKEYREUSEDEXCEPTION``. Errors are not kept, so a
  failed call may be retried with its key.
* Every answer to a call that carried a valid key echoes it in ``Idempotency-Key``.

Kept in the server process's memory, at most ``MAX_ENTRIES`` answers (the oldest go first).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import orjson

from b24local.core.errors import V3, ApiError

HEADER = "idempotency-key"
LIFETIME = 24 * 3600
MAX_ENTRIES = 10000

Scope = tuple[Any, ...]


def check_key(value: str) -> str:
    """The key itself, or 400 when it is not 1-255 printable ASCII characters."""
    if not 1 <= len(value) <= 255 or any(not 0x20 <= ord(ch) <= 0x7E for ch in value):
        raise ApiError(V3.INVALID_IDEMPOTENCY_KEY)
    return value


def fingerprint(params: Any) -> str:
    """Bodies are the same when their parsed JSON is the same (key order and spacing do not matter)."""
    try:
        raw = orjson.dumps(params, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    except TypeError:  # e.g. an integer wider than 64 bits: fall back to the standard library
        raw = json.dumps(params, sort_keys=True, default=str).encode()
    return hashlib.sha256(raw).hexdigest()


@dataclass
class Stored:
    fingerprint: str
    expires: float
    status: int
    body: Any


class IdempotencyStore:
    def __init__(self, lifetime: float = LIFETIME, max_entries: int = MAX_ENTRIES) -> None:
        self.lifetime = lifetime
        self.max_entries = max_entries
        self._entries: OrderedDict[Scope, Stored] = OrderedDict()
        self._lock = threading.Lock()

    def lookup(self, scope: Scope, print_: str, now: float | None = None) -> Stored | None:
        """The stored answer to replay, None to run the call, or 422 when the body differs."""
        now = time.time() if now is None else now
        with self._lock:
            stored = self._entries.get(scope)
            if stored is not None and stored.expires <= now:
                del self._entries[scope]
                stored = None
        if stored is None:
            return None
        if stored.fingerprint != print_:
            raise ApiError(V3.IDEMPOTENCY_KEY_REUSED)
        return stored

    def keep(self, scope: Scope, print_: str, status: int, body: Any, now: float | None = None) -> None:
        now = time.time() if now is None else now
        with self._lock:
            self._entries[scope] = Stored(print_, now + self.lifetime, status, body)
            self._entries.move_to_end(scope)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
