"""A scenario: the calls a client made through ``b24local record`` and the portal's answers, one JSON file.

Secrets never reach the file: the webhook's code in the upstream address, and every parameter or answer
key that carries a credential (``auth``, ``access_token``, ``refresh_token``, …), are replaced by
``MASK``.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson

FORMAT = "b24local-scenario/1"
MASK = "***"
# keys whose values are credentials, in parameters and answers (settings/oauth/index.md)
SECRET_KEYS = {"auth", "access_token", "refresh_token", "application_token", "client_secret", "password", "ap"}
WEBHOOK_URL = re.compile(r"^(?P<origin>https?://[^/]+)/rest/(?:api/)?(?P<user>\d+)/(?P<code>[^/]+)/?$")


class ScenarioError(ValueError):
    pass


def mask(value: Any) -> Any:
    """``value`` with every credential-carrying key's value replaced by ``MASK``."""
    if isinstance(value, dict):
        return {k: MASK if str(k).lower() in SECRET_KEYS else mask(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask(v) for v in value]
    return value


def mask_pairs(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Form fields (``auth=…``, ``fields[TITLE]=…``), their credentials masked."""
    return [(k, MASK if k.split("[", 1)[0].lower() in SECRET_KEYS else v) for k, v in pairs]


def masked_url(url: str) -> str:
    found = WEBHOOK_URL.match(url)
    if not found:
        return url
    return f"{found['origin']}/rest/{found['user']}/{MASK}/"


@dataclass
class Request:
    api: int  # 2: /rest/, 3: /rest/api/
    method: str  # as the client wrote it after the webhook (``crm.item.add.json``)
    http_method: str = "POST"
    query: list[tuple[str, str]] = field(default_factory=list)
    json: Any = None  # a JSON body
    form: list[tuple[str, str]] | None = None  # a form body

    @property
    def name(self) -> str:
        """The method's name, without a transport suffix and in lower case (the portal's matching)."""
        return self.method.lower().removesuffix("/").removesuffix(".json")


@dataclass
class Answer:
    status: int
    json: Any = None  # a JSON answer
    text: str | None = None  # anything else (an HTML error page, an empty body)


@dataclass
class Call:
    seq: int
    request: Request
    answer: Answer


@dataclass
class Scenario:
    upstream: str = ""
    calls: list[Call] = field(default_factory=list)
    format: str = FORMAT

    def to_json(self) -> bytes:
        return orjson.dumps(asdict(self), option=orjson.OPT_INDENT_2)

    def save(self, path: Path) -> None:
        """Written whole to a temporary file and renamed: a reader never sees half a scenario."""
        path = Path(path)
        fd, tmp = tempfile.mkstemp(dir=path.parent or Path("."), prefix=f".{path.name}.")
        with os.fdopen(fd, "wb") as out:
            out.write(self.to_json())
        os.replace(tmp, path)


def _pairs(value: Any) -> list[tuple[str, str]]:
    return [(str(k), str(v)) for k, v in value]


def load(path: Path) -> Scenario:
    try:
        doc = orjson.loads(Path(path).read_bytes())
    except OSError as exc:
        raise ScenarioError(f"cannot read {path}: {exc.strerror or exc}") from None
    except orjson.JSONDecodeError as exc:
        raise ScenarioError(f"{path} is not JSON: {exc}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ScenarioError(f"{path} is not a scenario written by b24local record ({FORMAT})")
    try:
        calls = []
        for c in doc["calls"]:
            r, a = c["request"], c["answer"]
            form = _pairs(r["form"]) if r.get("form") is not None else None
            request = Request(
                int(r["api"]), str(r["method"]), str(r["http_method"]), _pairs(r["query"]), r["json"], form
            )
            calls.append(Call(int(c["seq"]), request, Answer(int(a["status"]), a.get("json"), a.get("text"))))
    except (KeyError, TypeError, ValueError) as exc:
        raise ScenarioError(f"{path}: a call is not in the scenario format ({exc})") from None
    return Scenario(str(doc.get("upstream", "")), calls)
