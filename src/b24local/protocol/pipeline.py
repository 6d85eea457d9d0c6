"""The walk of one request (design.md): route → params → portal → auth → limits → registry → handler
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
from typing import Any

from b24local.portal import Portal
from b24local.protocol import params as P
from b24local.protocol.auth import Credentials, authenticate
from b24local.protocol.context import Call, Principal
from b24local.protocol.envelope import error_body, success_body, time_block
from b24local.protocol.errors import ApiError, E, V3
from b24local.protocol.registry import Method, Registry, Result
from b24local.protocol.routing import Route, parse_path
from b24local.store import Store

log = logging.getLogger("b24local")

# The store transaction that handlers share inside ``Dispatcher.one_transaction`` (v3 batch).
_SHARED_CONN: ContextVar[Any] = ContextVar("b24local_shared_conn", default=None)


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


class Dispatcher:
    def __init__(self, store: Store, portal: Portal, registry: Registry) -> None:
        self.store = store
        self.portal = portal
        self.registry = registry

    # -- entry point ---------------------------------------------------------------------------
    def handle(self, req: HttpRequest) -> Outcome:
        route = parse_path(req.path)
        try:
            if route.api == 3:
                return self._v3(route, req)
            return self._v2(route, req)
        except ApiError as err:
            status, body = error_body(route.api, err)
            return Outcome(route.api, status, body, method=route.method, error_code=err.code)

    def _v2(self, route: Route, req: HttpRequest) -> Outcome:
        self._portal_gate()
        method = self.registry.find(2, route.method)
        if method is None:
            raise ApiError(E.ERROR_METHOD_NOT_FOUND)
        try:
            params = P.v2_params(req.query_string, req.body, req.headers, req.http_method)
        except P.BodyDecodeError as exc:
            raise ApiError(E.WRONG_ENCODING) from exc
        creds = _v2_credentials(route.creds, params, req.headers)
        principal = self.authenticate(creds, req.https)
        return self.call(method, params, principal, https=req.https)

    def _v3(self, route: Route, req: HttpRequest) -> Outcome:
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
            # A top-level parameter whose value is null counts as absent (tasks-v3.md §1).
            params = {k: v for k, v in params.items() if v is not None}
        principal = self.authenticate(creds, req.https)
        return self.call(method, params, principal, https=req.https)

    # -- steps ---------------------------------------------------------------------------------
    def _portal_gate(self) -> None:
        if self.portal.config.state == "deleted":
            raise ApiError(E.PORTAL_DELETED)

    def authenticate(self, creds: Credentials, https: bool) -> Principal:
        cfg = self.portal.config
        with self.store.transaction(write=False) as conn:
            principal = authenticate(conn, creds, https=https, require_https=cfg.require_https)
        if cfg.state == "blocked":
            raise ApiError(E.OVERLOAD_LIMIT)
        if cfg.plan == "free":
            raise ApiError(E.ACCESS_DENIED_PLAN)
        return principal

    def call(self, method: Method, params: Any, principal: Principal, *, https: bool) -> Outcome:
        """Scope check, then the handler in its own transaction, then the success envelope."""
        accepted = method.accepts_scopes()
        if accepted and not principal.has_scope(accepted):
            raise ApiError(E.INSUFFICIENT_SCOPE if principal.kind == "webhook" else E.INSUFFICIENT_SCOPE_TOKEN)
        start = time.time()
        began = time.perf_counter()
        value = self.run_handler(method, params, principal, start=start, https=https)
        processing = time.perf_counter() - began
        finish = time.time()
        total = nxt = None
        if isinstance(value, Result):
            value, total, nxt = value.value, value.total, value.next
        body = success_body(method.api, value, time_block(start, finish, processing, self.portal.tz), total, nxt)
        return Outcome(method.api, 200, body, method=method.name, principal=principal)

    def run_handler(self, method: Method, params: Any, principal: Principal, *, start: float, https: bool) -> Any:
        try:
            if not method.transactional:
                call = Call(method, method.api, principal, self.portal, None, start, https)  # type: ignore[arg-type]
                call.state["dispatcher"] = self
                return method.handler(call, params)
            shared = _SHARED_CONN.get()
            if shared is not None:
                call = Call(method, method.api, principal, self.portal, shared, start, https)
                call.state["dispatcher"] = self
                return method.handler(call, params)
            with self.store.transaction(write=method.write) as conn:
                call = Call(method, method.api, principal, self.portal, conn, start, https)
                call.state["dispatcher"] = self
                return method.handler(call, params)
        except ApiError:
            raise
        except Exception as exc:  # noqa: BLE001 - the client gets the catalogue's 500, the log the traceback
            log.exception("method %s failed", method.name)
            raise ApiError(E.INTERNAL_SERVER_ERROR) from exc

    # -- calls made by a handler (batch) -------------------------------------------------------
    def invoke(self, name: str, params: Any, principal: Principal, *, api: int, https: bool) -> Outcome:
        """One method call for an already authenticated principal (a batch command): method lookup, then
        ``call`` — scope check, handler, success envelope — exactly as after an HTTP request's
        authentication. Raises ``ApiError``. Not counted by the request-rate limit: the enclosing HTTP
        request was."""
        # Limits hook: per-method steps (operating-time limit, fault rules, journal per command) belong in
        # ``call``, which every batch command passes; the request-rate bucket belongs in ``handle``, which
        # a batch passes once — so a batch counts as one request.
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


def _v2_credentials(path_creds: Credentials, params: dict[str, Any], headers: dict[str, str]) -> Credentials:
    """Path webhook, else a Bearer header, else ``auth``/``access_token`` parameters (rest source order);
    the credential parameters are always popped."""
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
