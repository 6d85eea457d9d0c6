"""Sending one scenario request to a portal (or a b24local) through its webhook, and reading the answer."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

import httpx
import orjson

from b24local.drift.scenario import WEBHOOK_URL, Answer, Request


@dataclass(frozen=True)
class Webhook:
    """A webhook address: ``https://PORTAL/rest/USER/CODE/`` (the v3 address is derived from it)."""

    origin: str
    user: str
    code: str

    @classmethod
    def parse(cls, url: str) -> Webhook:
        found = WEBHOOK_URL.match(url.strip())
        if not found:
            raise ValueError(f"{url!r} is not a webhook address such as https://PORTAL/rest/1/CODE/")
        return cls(found["origin"], found["user"], found["code"])

    def base(self, api: int) -> str:
        middle = "/rest/api/" if api == 3 else "/rest/"
        return f"{self.origin}{middle}{self.user}/{self.code}/"


def read_answer(response: httpx.Response) -> Answer:
    content_type = response.headers.get("content-type", "")
    if "json" in content_type or response.content[:1] in (b"{", b"["):
        try:
            return Answer(response.status_code, json=orjson.loads(response.content))
        except orjson.JSONDecodeError:
            pass
    return Answer(response.status_code, text=response.text)


def send(client: httpx.Client, hook: Webhook, request: Request) -> Answer:
    url = hook.base(request.api) + request.method
    if request.query:
        url += "?" + urllib.parse.urlencode(request.query)
    headers: dict[str, str] = {}
    content = b""
    if request.json is not None:
        content, headers["Content-Type"] = orjson.dumps(request.json), "application/json"
    elif request.form is not None:
        content = urllib.parse.urlencode(request.form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        response = client.request(request.http_method, url, content=content, headers=headers)
    except httpx.HTTPError as exc:  # a cut connection is an answer too (status 0)
        return Answer(0, text=f"no answer: {exc.__class__.__name__}")
    return read_answer(response)
