"""Fault injection: rules that make chosen calls fail the way a real portal or its network can fail.

A rule matches a method name (exact, or a glob pattern such as ``crm.item.*`` or ``*``), optionally
only on one API (2 or 3), and then does one of:

* ``error``: answer a catalogue entry, named by its code (``QUERY_LIMIT_EXCEEDED``, ``expired_token``,
  ``BITRIX_REST_V3_EXCEPTION_RATELIMITEXCEPTION``; the first entry with that code) or by its catalogue
  name (``E.ACCESS_DENIED_PLAN``, ``V3.RATE_LIMIT``). It renders like the real error, in the shape of
  the path that was called; ``message`` and ``status`` may override the text and the HTTP status;
* ``status`` alone: a bare HTTP status (e.g. 500 or 503) with an empty ``text/plain`` body;
* ``body``: a non-JSON body (``text/html``; HTTP ``status``, default 200);
* ``disconnect``: the connection is cut before any byte of an answer is sent;
* ``latency`` (seconds): added before the answer; alone, the call then runs normally.

How often: the next ``times`` matching calls (then the rule is gone), or every matching call; each
with ``probability`` (default 1). Rules are tried in the order they were added; the first that fires
wins.

Inside a batch each command is checked too (``Dispatcher.command_fault``): an ``error`` becomes that
command's error; a bare status, a non-JSON body or a disconnect replaces the whole batch's answer
(``TransportFault``).
"""

from __future__ import annotations

import fnmatch
import itertools
import random
import threading
import time
from dataclasses import asdict, dataclass
from typing import Any

from b24local.core.errors import V3, ApiError, E, ErrorDef


class TransportFault(BaseException):
    """Replace the whole HTTP answer (bare status, non-JSON body or a cut connection).

    A ``BaseException`` on purpose: handlers and the batch loop catch ``Exception`` to turn bugs into
    ``INTERNAL_SERVER_ERROR``; this one must pass through them to the dispatcher (transactions still
    roll back, since context managers see every exception).
    """

    def __init__(self, rule: FaultRule) -> None:
        super().__init__(f"fault rule {rule.id}")
        self.rule = rule


def _catalogue() -> list[tuple[str, ErrorDef]]:
    entries: list[tuple[str, ErrorDef]] = []
    for prefix, cls in (("E", E), ("V3", V3)):
        for name, value in vars(cls).items():
            if isinstance(value, ErrorDef):
                entries.append((f"{prefix}.{name}", value))
    return entries


def find_entry(name: str) -> ErrorDef | None:
    """A catalogue entry by qualified name (``E.X``/``V3.X``), else by code (first declared), else by name."""
    entries = _catalogue()
    for qualified, entry in entries:
        if qualified == name:
            return entry
    for _, entry in entries:
        if entry.code == name:
            return entry
    for qualified, entry in entries:
        if qualified.split(".", 1)[1] == name:
            return entry
    return None


@dataclass
class FaultRule:
    id: int
    method: str
    api: int | None = None
    error: str | None = None
    message: str | None = None
    status: int | None = None
    body: str | None = None
    disconnect: bool = False
    latency: float = 0.0
    times: int | None = None  # remaining firings; None = every matching call
    probability: float = 1.0
    fired: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    # -- what it does -------------------------------------------------------------------------
    @property
    def replaces_transport(self) -> bool:
        return self.disconnect or self.body is not None or (self.error is None and self.status is not None)

    def api_error(self) -> ApiError | None:
        if self.error is None or self.replaces_transport:
            return None
        entry = find_entry(self.error)
        assert entry is not None  # checked when the rule was made
        return ApiError(entry, message=self.message, status=self.status)

    def raw_answer(self) -> tuple[int, bytes, bytes]:
        """(status, body, content type) of a transport-level answer."""
        if self.body is not None:
            return self.status or 200, self.body.encode(), b"text/html; charset=utf-8"
        return self.status or 500, b"", b"text/plain; charset=utf-8"

    def apply_in_command(self) -> None:
        """Inside a batch: sleep the latency, then raise what the rule answers (if anything)."""
        if self.latency:
            time.sleep(self.latency)
        if self.replaces_transport:
            raise TransportFault(self)
        err = self.api_error()
        if err is not None:
            raise err


def rule_from_dict(data: dict[str, Any], rule_id: int) -> FaultRule:
    """Validate an admin/CLI description of a rule; ``ValueError`` says what is wrong."""
    known = {"method", "api", "error", "message", "status", "body", "disconnect", "latency", "times", "probability"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"unknown fault field(s): {', '.join(unknown)}")
    method = data.get("method")
    if not isinstance(method, str) or not method:
        raise ValueError("method is required (a method name or a glob pattern such as crm.item.*)")
    api = data.get("api")
    if api is not None and api not in (2, 3):
        raise ValueError("api must be 2 or 3")
    error = data.get("error")
    if error is not None:
        if not isinstance(error, str) or find_entry(error) is None:
            raise ValueError(f"unknown error {error!r}: give a catalogue code such as QUERY_LIMIT_EXCEEDED")
    message = data.get("message")
    if message is not None and not isinstance(message, str):
        raise ValueError("message must be a string")
    status = data.get("status")
    if status is not None and (isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599):
        raise ValueError("status must be an HTTP status (100-599)")
    body = data.get("body")
    if body is not None and not isinstance(body, str):
        raise ValueError("body must be a string")
    disconnect = data.get("disconnect", False)
    if not isinstance(disconnect, bool):
        raise ValueError("disconnect must be true or false")
    latency = data.get("latency", 0) or 0
    if isinstance(latency, bool) or not isinstance(latency, (int, float)) or not 0 <= latency <= 120:
        raise ValueError("latency must be a number of seconds from 0 to 120")
    times = data.get("times")
    if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
        raise ValueError("times must be a positive integer")
    probability = data.get("probability", 1)
    if isinstance(probability, bool) or not isinstance(probability, (int, float)) or not 0 <= probability <= 1:
        raise ValueError("probability must be between 0 and 1")
    if error is None and status is None and body is None and not disconnect and not latency:
        raise ValueError("a rule needs error, status, body, disconnect or latency")
    if error is not None and (body is not None or disconnect):
        raise ValueError("error goes with neither body nor disconnect")
    return FaultRule(
        id=rule_id,
        method=method.lower(),
        api=api,
        error=error,
        message=message,
        status=status,
        body=body,
        disconnect=disconnect,
        latency=float(latency),
        times=times,
        probability=float(probability),
    )


class FaultBook:
    """The active rules of one server process."""

    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._random = random.Random()

    def add(self, data: dict[str, Any]) -> FaultRule:
        with self._lock:
            rule = rule_from_dict(data, next(self._ids))
            self._rules.append(rule)
            return rule

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            return [r.as_dict() for r in self._rules]

    def remove(self, rule_id: int) -> bool:
        with self._lock:
            before = len(self._rules)
            self._rules = [r for r in self._rules if r.id != rule_id]
            return len(self._rules) != before

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def match(self, method: str, api: int) -> FaultRule | None:
        """The rule that fires for this call, if any (its ``times`` is counted down)."""
        if not self._rules:
            return None
        name = method.lower()
        with self._lock:
            for rule in self._rules:
                if rule.api is not None and rule.api != api:
                    continue
                if not fnmatch.fnmatchcase(name, rule.method):
                    continue
                if rule.probability < 1 and self._random.random() >= rule.probability:
                    continue
                rule.fired += 1
                if rule.times is not None:
                    rule.times -= 1
                    if rule.times <= 0:
                        self._rules.remove(rule)
                return rule
        return None
