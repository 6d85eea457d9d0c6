"""The recording proxy: a client points its webhook address at it; it forwards every call to the user's
portal, answers with the portal's answer, and writes the call and the answer to the scenario file.

Any webhook path is accepted (``/rest/USER/CODE/METHOD`` or ``/rest/api/USER/CODE/METHOD``): the proxy
calls the portal through the ``--upstream`` webhook, whatever user and code the client used.
"""

from __future__ import annotations

import re
import threading
import urllib.parse
from pathlib import Path
from typing import Any

import anyio.to_thread
import httpx
import orjson

from b24local.drift.scenario import Answer, Call, Request, Scenario, mask, mask_pairs, masked_url
from b24local.drift.wire import Webhook, read_answer

CLIENT_PATH = re.compile(r"^/rest/(?P<api>api/)?[^/]+/[^/]+/(?P<method>.+)$")
HOP_HEADERS = {"host", "content-length", "connection", "transfer-encoding", "accept-encoding", "authorization"}


def parse_request(api: int, method: str, http_method: str, query: str, body: bytes, content_type: str) -> Request:
    """What the scenario keeps of a call: its parameters read as the portal reads them, credentials masked."""
    request = Request(api, method, http_method, mask_pairs(urllib.parse.parse_qsl(query, keep_blank_values=True)))
    if not body.strip():
        return request
    if "json" in content_type or body.lstrip()[:1] in (b"{", b"["):
        try:
            request.json = mask(orjson.loads(body))
            return request
        except orjson.JSONDecodeError:
            pass
    request.form = mask_pairs(urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    return request


class Recorder:
    """Forwards calls to the upstream webhook and keeps them in a scenario saved after every call."""

    def __init__(self, upstream: str, out: Path, *, verify: bool = True, timeout: float = 60.0) -> None:
        self.hook = Webhook.parse(upstream)
        self.out = Path(out)
        self.scenario = Scenario(upstream=masked_url(upstream))
        self.client = httpx.Client(verify=verify, timeout=timeout)
        self._lock = threading.Lock()
        self.scenario.save(self.out)

    def forward(self, http_method: str, path: str, query: str, headers: dict[str, str], body: bytes) -> httpx.Response:
        found = CLIENT_PATH.match(path)
        if not found:
            return httpx.Response(404, json={"error": "NOT_FOUND", "error_description": f"not a webhook path: {path}"})
        api = 3 if found["api"] else 2
        url = self.hook.base(api) + found["method"] + (f"?{query}" if query else "")
        sent = {k: v for k, v in headers.items() if k.lower() not in HOP_HEADERS}
        try:
            response = self.client.request(http_method, url, content=body, headers=sent)
        except httpx.HTTPError as exc:
            response = httpx.Response(502, text=f"the portal did not answer: {exc.__class__.__name__}")
            answer = Answer(0, text=response.text)
        else:
            answer = read_answer(response)
        request = parse_request(api, found["method"], http_method, query, body, headers.get("content-type", ""))
        with self._lock:
            answer.json = mask(answer.json)
            self.scenario.calls.append(Call(len(self.scenario.calls) + 1, request, answer))
            self.scenario.save(self.out)
        return response

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        query = scope.get("query_string", b"").decode("latin-1")
        response = await anyio.to_thread.run_sync(
            self.forward, scope["method"], scope["path"], query, headers, b"".join(chunks)
        )
        content_type = response.headers.get("content-type", "application/json")
        body = response.content
        await send(
            {
                "type": "http.response.start",
                "status": response.status_code,
                "headers": [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})

    def close(self) -> None:
        self.client.close()
