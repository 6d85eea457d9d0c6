"""What every inspector page shares: the templates, the paths, reading a form, refusing cross-site posts."""

from __future__ import annotations

import json
import urllib.parse
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from b24local.admin.http import INT32, AdminContext
from b24local.inspector import curl

HOME = "/_b24local/"
UI = "/_b24local/ui"
FORM_LIMIT = 1024 * 1024  # a seed document pasted into the form may be large; nothing else is


def _pretty(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False, default=str)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def make_env(ctx: AdminContext) -> Environment:
    env = Environment(loader=PackageLoader("b24local.inspector", "templates"), autoescape=select_autoescape())
    env.filters["pretty"] = _pretty
    env.filters["ms"] = _ms
    env.filters["when"] = lambda ts: (ctx.portal.iso(ts) or "")[:19].replace("T", " ")
    env.filters["curl"] = curl.curl_line
    env.globals.update(HOME=HOME, UI=UI)
    return env


# which tab of the navigation a page belongs to
SECTION = {"request": "journal", "task": "tasks", "crm_items": "crm", "crm_board": "crm", "crm_item": "crm"}


class Pages:
    """The templates of one server and how a page answers."""

    def __init__(self, ctx: AdminContext) -> None:
        self.ctx = ctx
        self.env = make_env(ctx)

    def render(
        self, template: str, code: int = 200, headers: dict[str, str] | None = None, **values: Any
    ) -> HTMLResponse:
        name = template.removesuffix(".html")
        values.setdefault("here", SECTION.get(name, name))
        html = self.env.get_template(template).render(portal=self.ctx.portal.config, **values)
        return HTMLResponse(html, code, headers=headers)


def back(path: str) -> RedirectResponse:
    """After a form's POST: show the page again (303, so a reload does not post twice)."""
    return RedirectResponse(path, 303)


def same_origin(request: Request) -> None:
    """A form may only be posted from the inspector itself: a page of another site must not be able to make
    the browser reset the portal. Browsers send ``Origin`` with every POST; a client without one (curl) is
    not a browser and is let through, as the admin API lets it through."""
    origin = request.headers.get("origin")
    if origin is None:
        return
    host = request.headers.get("host", "")
    if urllib.parse.urlsplit(origin).netloc != host:
        raise HTTPException(403, "cross-site form posts are refused")


async def read_form(request: Request) -> dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body (what an HTML form posts), one value a name."""
    same_origin(request)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > FORM_LIMIT:
            raise HTTPException(413, f"the form is larger than {FORM_LIMIT} bytes")
        chunks.append(chunk)
    try:
        text = b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(400, "the form is not UTF-8") from None
    return {k: v[-1] for k, v in urllib.parse.parse_qs(text, keep_blank_values=True).items()}


def int_param(request: Request, name: str, default: int | None = None) -> int | None:
    """A whole-number query or path parameter; a malformed one names nothing (404)."""
    raw = request.path_params.get(name, request.query_params.get(name))
    if raw is None or raw == "":
        return default
    text = str(raw)
    if not (text.isdigit() or (text[:1] == "-" and text[1:].isdigit())) or abs(int(text)) > INT32:
        raise HTTPException(404, f"no such {name}")
    return int(text)
