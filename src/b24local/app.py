"""Builds the ASGI application: ``/rest/…`` goes to the dispatcher, the inspector's pages (``/_b24local/`` and
``/_b24local/ui/…``) to the inspector, every other ``/_b24local/…`` path to the admin API."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from typing import Any

from b24local import methods
from b24local.admin.site import admin_app
from b24local.config import DEFAULT_MAX_BODY
from b24local.core.errors import ApiError, E
from b24local.domain.portal import Portal, PortalConfig
from b24local.inspector import site as inspector
from b24local.protocol import redis_backends
from b24local.protocol.envelope import JSON_HEADERS, XML_HEADERS, dumps, dumps_xml, error_body
from b24local.protocol.pipeline import Backends, Dispatcher, HttpRequest, Outcome
from b24local.protocol.redis_backends import RedisConfigVersion
from b24local.protocol.routing import parse_path
from b24local.store import Store

Scope = dict[str, Any]
log = logging.getLogger("b24local")


class B24App:
    """The whole server as one ASGI callable: the composition root, where every part is put together."""

    def __init__(self, store: Store, max_body: int = DEFAULT_MAX_BODY, redis_url: str | None = None) -> None:
        self.store = store
        self.max_body = max_body
        with store.transaction(write=False) as conn:
            config = PortalConfig.load(conn)
        self.portal = Portal(config)
        self.config_version: RedisConfigVersion | None = None
        backends = Backends()
        if redis_url:
            # Several processes: bucket, ledger, fault rules, idempotency keys and config changes go through Redis.
            client = redis_backends.connect(redis_url)
            prefix = "b24local:" + hashlib.sha256(store.url.encode()).hexdigest()[:12] + ":"
            backends = Backends(
                bucket=redis_backends.RedisBucket(client, prefix),
                ledger=redis_backends.RedisLedger(client, prefix),
                faults=redis_backends.RedisFaultBook(client, prefix),
                idempotency=redis_backends.RedisIdempotency(client, prefix),
            )
            self.config_version = redis_backends.RedisConfigVersion(client, prefix)
        self.dispatcher = Dispatcher(store, self.portal, methods.load(), backends)
        self.admin = admin_app(self)
        self.inspector = inspector.inspector_app(self)

    def config_changed(self) -> None:
        """The admin API changed the portal's configuration: tell the other processes."""
        if self.config_version is not None:
            self.config_version.bump()

    def _reload_config_if_changed(self) -> None:
        if self.config_version is not None and self.config_version.changed():
            with self.store.transaction(write=False) as conn:
                self.portal.apply(PortalConfig.load(conn))

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if self.config_version is not None:
            self._reload_config_if_changed()
        if scope["type"] == "http" and scope["path"].startswith("/rest/"):
            await self._rest(scope, receive, send)
        elif scope["type"] == "http" and inspector.serves(scope["path"]):
            await self.inspector(scope, receive, send)
        else:
            await self.admin(scope, receive, send)

    async def _rest(self, scope: Scope, receive: Any, send: Any) -> None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        http_method = scope["method"]
        if http_method == "OPTIONS":
            await _send(send, 200, b"", JSON_HEADERS)
            return
        try:
            body = await self._read_body(headers, receive)
        except ApiError as err:
            api = parse_path(scope["path"]).api
            status, payload = error_body(api, err)
            await _send(send, status, dumps(payload), JSON_HEADERS)
            return
        req = HttpRequest(
            http_method=http_method,
            path=scope["path"],
            query_string=scope.get("query_string", b"").decode("latin-1"),
            headers=headers,
            body=body,
            https=scope.get("scheme") == "https",
            client=(scope.get("client") or ("", 0))[0],
        )
        outcome = self.dispatcher.handle(req)
        await self._respond(send, outcome)

    async def _read_body(self, headers: dict[str, str], receive: Any) -> bytes:
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body:
            raise ApiError(E.PAYLOAD_TOO_LARGE, limit=self.max_body)
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise ApiError(E.PAYLOAD_TOO_LARGE, limit=self.max_body)
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    async def _respond(self, send: Any, outcome: Outcome) -> None:
        if outcome.delay:
            await asyncio.sleep(outcome.delay)
        if outcome.disconnect:
            await _cut(send)
            return
        if outcome.raw is not None:
            status, body, content_type = outcome.raw
            self._journal_answer(outcome, body, json=False)
            await _send(send, status, body, [(b"content-type", content_type)])
            return
        xml = outcome.transport == "xml"
        try:
            body = dumps_xml(outcome.body) if xml else dumps(outcome.body)
        except (TypeError, ValueError):  # a value JSON cannot carry: the catalogue's 500, never a bare one
            log.exception("could not encode the answer of %s", outcome.method)
            status, payload = error_body(outcome.api, ApiError(E.INTERNAL_SERVER_ERROR))
            outcome.status, outcome.headers, body = status, [], dumps(payload)
            xml = False
        self._journal_answer(outcome, body, json=not xml)
        await _send(send, outcome.status, body, (XML_HEADERS if xml else JSON_HEADERS) + outcome.headers)

    def _journal_answer(self, outcome: Outcome, body: bytes, *, json: bool) -> None:
        if outcome.journal_entry is not None:
            self.dispatcher.journal.attach(outcome.journal_entry, body, json=json)


async def _cut(send: Any) -> None:
    """Drop the connection without answering (a fault rule's ``disconnect``).

    uvicorn's ``send`` is a method of the request cycle that holds the socket's transport: abort it.
    Elsewhere, start an answer that promises a body and never send it; the server then closes.
    """
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is not None and hasattr(transport, "abort"):
        transport.abort()
        await asyncio.sleep(0)  # let the server see the connection is gone before it tries to answer
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1")]})


async def _send(send: Any, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [*headers, (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def build_app(store: Store, max_body: int = DEFAULT_MAX_BODY, redis_url: str | None = None) -> B24App:
    return B24App(store, max_body=max_body, redis_url=redis_url)
