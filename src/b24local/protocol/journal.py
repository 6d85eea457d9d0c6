"""The request journal: the last N calls on ``/rest/`` (default 1000) in a ring buffer.

Each entry: id, time, api, method, params (as the method received them, credentials removed; large
parameter sets are replaced by a note of their size), principal, HTTP status, error code, duration, the
fault rule that fired, whether it was an idempotent replay, and the answer's body (bounded like the
parameters; the text of a non-JSON answer; null for a cut connection). Memory stays bounded: at most
``size`` entries of at most ``MAX_PARAMS`` bytes of parameters and of answer each.

The answer is attached after the server has written it (``attach``): the journal keeps the very bytes the
client got, so a call costs no second serialization; they are read back as JSON only when the journal is
listed.
"""

from __future__ import annotations

import fnmatch
import itertools
import threading
from collections import deque
from typing import Any

import orjson

DEFAULT_SIZE = 1000
MAX_PARAMS = 16 * 1024


def _bounded(params: Any) -> Any:
    if params is None:
        return None
    try:
        raw = orjson.dumps(params, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:
        return {"_unserializable": True}
    if len(raw) > MAX_PARAMS:
        return {"_truncated": True, "_bytes": len(raw)}
    return orjson.loads(raw)  # a private copy: later changes by handlers do not show


def _public(entry: dict[str, Any]) -> dict[str, Any]:
    """A copy of an entry as it is shown, its answer's JSON bytes read back (call under the lock)."""
    answer = entry["answer"]
    if isinstance(answer, bytes):
        try:
            return {**entry, "answer": orjson.loads(answer)}
        except orjson.JSONDecodeError:
            return {**entry, "answer": answer.decode("utf-8", "replace")}
    return dict(entry)


class Journal:
    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self._entries: deque[dict[str, Any]] = deque(maxlen=size)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        return self._entries.maxlen or 0

    def resize(self, size: int) -> None:
        with self._lock:
            self._entries = deque(self._entries, maxlen=size)

    def record(
        self,
        *,
        time: float,
        api: int,
        method: str,
        params: Any,
        principal: dict[str, Any] | None,
        status: int,
        error: str | None,
        duration: float,
        fault: int | None = None,
        replayed: bool = False,
    ) -> dict[str, Any]:
        """Add a call; the entry is returned so that its answer can be attached once it is written."""
        entry = {
            "id": 0,
            "time": time,
            "api": api,
            "method": method,
            "params": _bounded(params),
            "principal": principal,
            "status": status,
            "error": error,
            "duration": duration,
            "fault": fault,
            "replayed": replayed,
            "answer": None,
        }
        with self._lock:
            entry["id"] = next(self._ids)
            self._entries.append(entry)
        return entry

    def attach(self, entry: dict[str, Any], body: bytes, *, json: bool) -> None:
        """The body the client got: JSON bytes (read back when listed) or a text; over ``MAX_PARAMS``
        bytes, a note of its size."""
        if len(body) > MAX_PARAMS:
            answer: Any = {"_truncated": True, "_bytes": len(body)}
        else:
            answer = body if json else body.decode("utf-8", "replace")
        with self._lock:
            entry["answer"] = answer

    def get(self, entry_id: int) -> dict[str, Any] | None:
        with self._lock:
            for entry in self._entries:
                if entry["id"] == entry_id:
                    return _public(entry)
        return None

    def newer_than(self, entry_id: int) -> list[dict[str, Any]]:
        """The entries recorded after ``entry_id``, newest first (the inspector's live journal)."""
        with self._lock:
            entries = [_public(e) for e in self._entries if e["id"] > entry_id]
        entries.reverse()
        return entries

    def list(self, method: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Newest first; ``method`` filters by name (case-insensitive, glob patterns allowed)."""
        with self._lock:
            entries = [_public(e) for e in self._entries]
        entries.reverse()
        if method:
            pattern = method.lower()
            entries = [e for e in entries if fnmatch.fnmatchcase(e["method"], pattern)]
        if limit is not None:
            entries = entries[:limit]
        return entries

    def clear(self) -> int:
        with self._lock:
            count = len(self._entries)
            self._entries.clear()
            return count
