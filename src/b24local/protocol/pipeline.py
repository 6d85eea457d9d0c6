"""The walk of one request (docs/architecture.md): route → params → portal → auth → limits → registry → handler
→ store → envelope. Each step raises ``ApiError``; nothing else reaches the client as an error, and an
unexpected exception becomes ``INTERNAL_SERVER_ERROR`` with the traceback only in the server log.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Connection

from b24local.core.context import Call, Principal
from b24local.core.errors import V3, ApiError, E
from b24local.core.registry import Method, Raw, Registry, Result
from b24local.domain import eventlog
from b24local.domain.apps import app_allows
from b24local.domain.portal import Portal
from b24local.protocol import params as P
from b24local.protocol.auth import AuthCache, Credentials, authenticate
from b24local.protocol.backends import FaultRules, IdempotencyKeys, Ledger, RateBucket
from b24local.protocol.envelope import error_body, success_body, time_block
from b24local.protocol.faults import FaultBook, FaultRule, TransportFault
from b24local.protocol.idempotency import HEADER as IDEMPOTENCY_HEADER
from b24local.protocol.idempotency import IdempotencyStore, check_key, fingerprint
from b24local.protocol.journal import Journal
from b24local.protocol.limits import LeakyBucket, LedgerKey, OperatingLedger
from b24local.protocol.routing import Route, parse_path
from b24local.store import Store

log = logging.getLogger("b24local")

# The store transaction that handlers share inside ``Dispatcher.one_transaction`` (v3 batch).
_SHARED_CONN: ContextVar[Any] = ContextVar("b24local_shared_conn", default=None)
# What a handler that opens no transaction of its own (batch) finds as ``Call.conn``.
NO_CONNECTION = cast(Connection, None)


@dataclass
class HttpRequest:
    http_method: str
    path: str
    query_string: str
    headers: dict[str, str]
    body: bytes
    https: bool
    client: str = ""


@dataclass
class Outcome:
    """What one call produced, before it is written as HTTP."""

    api: int
    status: int
    body: Any
    method: str = ""
    principal: Principal | None = None
    error_code: str | None = None
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    # limits and fault rules: wait before answering; or answer raw bytes (status, body, content type);
    # or cut the connection
    delay: float = 0.0
    raw: tuple[int, bytes, bytes] | None = None
    disconnect: bool = False
    transport: str = "json"  # v2 ``.xml`` suffix answers XML
    journal_entry: dict[str, Any] | None = None  # where the written answer is attached (``Journal.attach``)


@dataclass
class Trace:
    """What the walk learned about one request, for the journal and the answer's extra headers."""

    params: Any = None
    principal: Principal | None = None
    delay: float = 0.0
    fault: int | None = None
    replayed: bool = False
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)


@dataclass
class Backends:
    """The protocol's state between calls: in this process's memory, or shared through Redis."""

    bucket: RateBucket = field(default_factory=LeakyBucket)
    ledger: Ledger = field(default_factory=OperatingLedger)
    faults: FaultRules = field(default_factory=FaultBook)
    idempotency: IdempotencyKeys = field(default_factory=IdempotencyStore)


class Dispatcher:
    def __init__(self, store: Store, portal: Portal, registry: Registry, backends: Backends | None = None) -> None:
        self.store = store
        self.portal = portal
        self.registry = registry
        backends = backends or Backends()
        self.bucket = backends.bucket
        self.ledger = backends.ledger
        self.faults = backends.faults
        self.idempotency = backends.idempotency
        self.journal = Journal()  # per process, always
        self.auth_cache = AuthCache()

    def reset_runtime(self) -> None:
        """``/_b24local/reset``: forget faults, journal, idempotency keys, limit counters and charges."""
        self.bucket.reset()
        self.ledger.reset()
        self.faults.clear()
        self.journal.clear()
        self.idempotency.clear()
        self.auth_cache.clear()

    # -- entry point ---------------------------------------------------------------------------
    def handle(self, req: HttpRequest) -> Outcome:
        route = parse_path(req.path)
        trace = Trace()
        wall = time.time()
        began = time.perf_counter()
        try:
            outcome = self._walk(route, req, trace)
        except ApiError as err:
            status, body = error_body(route.api, err)
            outcome = Outcome(route.api, status, body, method=route.method, error_code=err.code)
        except TransportFault as fault:
            outcome = _transport_outcome(route, fault.rule)
            trace.fault = fault.rule.id
        outcome.delay += trace.delay
        outcome.transport = route.transport
        outcome.headers = [*outcome.headers, *trace.headers]
        if outcome.principal is None:
            outcome.principal = trace.principal
        outcome.journal_entry = self._journal(route, outcome, trace, wall, time.perf_counter() - began)
        return outcome

    def _walk(self, route: Route, req: HttpRequest, trace: Trace) -> Outcome:
        self._rate_gate()
        rule = self.faults.match(route.method, route.api) if route.method else None
        if rule is not None:
            trace.fault = rule.id
            trace.delay = rule.latency
            trace.params = _params_for_journal(route, req)
            if rule.replaces_transport:
                raise TransportFault(rule)
            err = rule.api_error()
            if err is not None:
                raise err
        if route.api == 3:
            return self._v3(route, req, trace)
        return self._v2(route, req, trace)

    def command_fault(self, method: str, api: int) -> None:
        """Batch hook: call before each command runs. Sleeps a matching rule's latency, then raises its
        ``ApiError`` (the command's error) or ``TransportFault`` (replaces the whole answer; let it
        propagate out of the batch), or returns when no rule fires."""
        rule = self.faults.match(method, api)
        if rule is not None:
            rule.apply_in_command()

    def _journal(self, route: Route, outcome: Outcome, trace: Trace, wall: float, duration: float) -> dict[str, Any]:
        p = outcome.principal
        return self.journal.record(
            time=wall,
            api=route.api,
            method=route.method,
            params=trace.params,
            principal=None
            if p is None
            else {"kind": p.kind, "user_id": p.user_id, "credential_id": p.credential_id, "app_id": p.app_id},
            status=0 if outcome.disconnect else (outcome.raw[0] if outcome.raw else outcome.status),
            error=outcome.error_code,
            duration=duration,
            fault=trace.fault,
            replayed=trace.replayed,
        )

    def _rate_gate(self) -> None:
        profile = self.portal.config.limits
        if profile != "off" and not self.bucket.admit(profile):
            raise ApiError(E.QUERY_LIMIT_EXCEEDED)

    def _v2(self, route: Route, req: HttpRequest, trace: Trace) -> Outcome:
        self._portal_gate()
        method = self.registry.find(2, route.method)
        if method is None:
            raise ApiError(E.ERROR_METHOD_NOT_FOUND)
        try:
            params = P.v2_params(req.query_string, req.body, req.headers, req.http_method)
        except P.BodyDecodeError as exc:
            raise ApiError(E.WRONG_ENCODING) from exc
        creds = _v2_credentials(route.creds, params, req.headers)
        trace.params = params
        principal = self.authenticate(creds, req.https)
        trace.principal = principal
        return self.call(method, params, principal, https=req.https)

    def _v3(self, route: Route, req: HttpRequest, trace: Trace) -> Outcome:
        self._portal_gate()
        method = self.registry.find(3, route.method)
        if method is None:
            raise ApiError(V3.METHOD_NOT_FOUND, method=route.method)
        try:
            params = P.v3_params(req.body, req.headers)
        except P.BodyDecodeError as exc:
            raise ApiError(V3.INVALID_JSON) from exc
        creds = route.creds
        if isinstance(params, dict):
            token = params.pop("auth", None)
            if creds.kind is None and isinstance(token, str) and token:
                creds = Credentials("token", secret=token)
            # A top-level parameter whose value is null counts as absent (observed behaviour of the real server,
            # not documented).
            params = {k: v for k, v in params.items() if v is not None}
        trace.params = params
        principal = self.authenticate(creds, req.https)
        trace.principal = principal
        key = req.headers.get(IDEMPOTENCY_HEADER)
        if key is None:
            return self.call(method, params, principal, https=req.https)
        return self._idempotent(method, params, principal, check_key(key), trace, https=req.https)

    def _idempotent(
        self, method: Method, params: Any, principal: Principal, key: str, trace: Trace, *, https: bool
    ) -> Outcome:
        """v3 ``Idempotency-Key``: echo it; on writing methods replay a kept success or run and keep."""
        trace.headers.append((b"idempotency-key", key.encode("ascii")))
        if not method.write:
            return self.call(method, params, principal, https=https)
        scope = (principal.kind, principal.credential_id, principal.app_id, principal.user_id, method.name, key)
        print_ = fingerprint(params)
        stored = self.idempotency.lookup(scope, print_)
        if stored is not None:
            trace.replayed = True
            return Outcome(
                3,
                stored.status,
                stored.body,
                method=method.name,
                principal=principal,
                headers=[(b"idempotent-replayed", b"true")],
            )
        outcome = self.call(method, params, principal, https=https)
        if outcome.status == 200:
            self.idempotency.keep(scope, print_, outcome.status, outcome.body)
        return outcome

    # -- steps ---------------------------------------------------------------------------------
    def _portal_gate(self) -> None:
        if self.portal.config.state == "deleted":
            raise ApiError(E.PORTAL_DELETED)

    def authenticate(self, creds: Credentials, https: bool) -> Principal:
        cfg = self.portal.config
        if creds.kind == "webhook" and cfg.require_https and not https:
            raise ApiError(E.INVALID_REQUEST)
        principal = self.auth_cache.get(creds)
        if principal is None:
            with self.store.transaction(write=False) as conn:
                principal = authenticate(conn, creds)
                if principal.app_id is not None and not app_allows(conn, principal.app_id, principal.user_id):
                    raise ApiError(E.USER_ACCESS_ERROR)
                logged = eventlog.authorized_this_hour(conn, **self._authorization(principal))
            if not logged:
                with self.store.transaction() as conn:
                    eventlog.rest_authorized(conn, **self._authorization(principal))
            self.auth_cache.put(creds, principal)
        if cfg.state == "blocked":
            raise ApiError(E.OVERLOAD_LIMIT)
        if cfg.plan == "free":
            raise ApiError(E.ACCESS_DENIED_PLAN)
        return principal

    def _authorization(self, principal: Principal) -> dict[str, Any]:
        """Who the event log's ``USER_AUTHORIZE`` record of a REST call names (``domain/eventlog.py``)."""
        return {
            "now": self.portal.now(),
            "user_id": principal.user_id,
            "kind": principal.kind,
            "credential_id": principal.app_id if principal.app_id is not None else principal.credential_id,
        }

    def call(self, method: Method, params: Any, principal: Principal, *, https: bool) -> Outcome:
        """Scope check, then the handler in its own transaction, then the success envelope."""
        accepted = method.accepts_scopes()
        if accepted and not principal.has_scope(accepted):
            raise ApiError(E.INSUFFICIENT_SCOPE if principal.kind == "webhook" else E.INSUFFICIENT_SCOPE_TOKEN)
        key = self._ledger_key(method, principal)
        if key is not None and self.ledger.blocked(key):
            raise ApiError(E.OPERATION_TIME_LIMIT)
        start = time.time()
        began = time.perf_counter()
        try:
            value = self.run_handler(method, params, principal, start=start, https=https)
        finally:
            processing = time.perf_counter() - began
            if key is not None:
                self.ledger.record(key, processing)
        finish = time.time()
        operating, reset_at = self.ledger.report(key, start) if key is not None else (0.0, None)
        if isinstance(value, Raw):
            return Outcome(method.api, 200, value.body, method=method.name, principal=principal)
        total = nxt = None
        if isinstance(value, Result):
            value, total, nxt = value.value, value.total, value.next
        block = time_block(start, finish, processing, self.portal.tz, operating, reset_at)
        body = success_body(method.api, value, block, total, nxt)
        return Outcome(method.api, 200, body, method=method.name, principal=principal)

    def _ledger_key(self, method: Method, principal: Principal) -> LedgerKey | None:
        """Operating-limit account: per method per webhook or app; ``batch`` itself is not counted."""
        if self.portal.config.limits == "off" or method.name == "batch":
            return None
        if principal.kind == "webhook":
            return ("webhook", f"hook:{principal.credential_id}", method.name)
        if principal.app_id is not None:
            return ("oauth", f"app:{principal.app_id}", method.name)
        return ("oauth", f"token:{principal.credential_id}", method.name)

    def run_handler(self, method: Method, params: Any, principal: Principal, *, start: float, https: bool) -> Any:
        try:
            if not method.transactional:  # batch: its commands open their own transactions
                call = Call(method, method.api, principal, self.portal, NO_CONNECTION, start, https, runner=self)
                return method.handler(call, params)
            shared = _SHARED_CONN.get()
            if shared is not None:
                return method.handler(Call(method, method.api, principal, self.portal, shared, start, https), params)
            with self.store.transaction(write=method.write) as conn:
                return method.handler(Call(method, method.api, principal, self.portal, conn, start, https), params)
        except ApiError:
            raise
        except Exception as exc:
            log.exception("method %s failed", method.name)
            raise ApiError(E.INTERNAL_SERVER_ERROR) from exc

    # -- calls made by a handler (batch) -------------------------------------------------------
    def invoke(self, name: str, params: Any, principal: Principal, *, api: int, https: bool) -> Outcome:
        """One method call for an already authenticated principal (a batch command): method lookup, then
        ``call`` — scope check, handler, success envelope — exactly as after an HTTP request's
        authentication. Raises ``ApiError``. Not counted by the request-rate limit: the enclosing HTTP
        request was."""
        # Limits: the operating-time limit lives in ``call``, which every batch command passes; the rate
        # bucket and the journal live in ``handle``, which a batch passes once (one request); the batch
        # itself calls ``command_fault`` before each command.
        method = self.registry.find(api, name)
        if method is None:
            raise ApiError(E.ERROR_METHOD_NOT_FOUND if api == 2 else V3.METHOD_NOT_FOUND, method=name.lower())
        return self.call(method, params, principal, https=https)

    @contextmanager
    def one_transaction(self) -> Iterator[None]:
        """Handlers run inside this block share ONE write transaction: all commit, or an error rolls
        every one of them back (v3 batch)."""
        with self.store.transaction(write=True) as conn:
            token = _SHARED_CONN.set(conn)
            try:
                yield
            finally:
                _SHARED_CONN.reset(token)


def _params_for_journal(route: Route, req: HttpRequest) -> Any:
    """The call's parameters without credentials, for the journal of a call a fault rule answered."""
    try:
        if route.api == 3:
            params = P.v3_params(req.body, req.headers)
            if isinstance(params, dict):
                params.pop("auth", None)
            return params
        params = P.v2_params(req.query_string, req.body, req.headers, req.http_method)
        _v2_credentials(route.creds, params, req.headers)
        return params
    except Exception:  # noqa: BLE001 - unreadable parameters are simply not journaled
        return None


def _transport_outcome(route: Route, rule: FaultRule) -> Outcome:
    status, body, content_type = rule.raw_answer()
    return Outcome(
        route.api, status, None, method=route.method, raw=(status, body, content_type), disconnect=rule.disconnect
    )


def _v2_credentials(path_creds: Credentials, params: dict[str, Any], headers: dict[str, str]) -> Credentials:
    """Path webhook, else a Bearer header, else ``auth``/``access_token`` parameters (the real server's
    order: observed behaviour, not documented); the credential parameters are always popped."""
    token = params.pop("auth", None)
    access_token = params.pop("access_token", None)
    aplogin = params.pop("aplogin", None)
    ap = params.pop("ap", None)
    if path_creds.kind is not None:
        return path_creds
    if isinstance(aplogin, str) and isinstance(ap, str):
        return Credentials("webhook", aplogin, ap)
    header = headers.get("authorization", "")
    if header[:7].lower() == "bearer " and header[7:].strip():
        return Credentials("token", secret=header[7:].strip())
    for candidate in (token, access_token):
        if isinstance(candidate, str) and candidate:
            return Credentials("token", secret=candidate)
    return Credentials(None)
