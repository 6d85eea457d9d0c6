"""The inspector's Starlette app: its pages, its static files, and its own HTML error pages.

It answers ``/_b24local/`` and everything under ``/_b24local/ui/``; the admin API keeps every other path
under ``/_b24local/``.
"""

from __future__ import annotations

import logging
from importlib import resources

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from b24local.admin.http import AdminContext
from b24local.inspector import pages_control, pages_data, pages_journal
from b24local.inspector.web import HOME, UI, Pages

log = logging.getLogger("b24local")
STATIC = {"inspector.css": "text/css; charset=utf-8", "live.js": "text/javascript; charset=utf-8"}


def serves(path: str) -> bool:
    return path == HOME or path.startswith(UI + "/")


def inspector_app(ctx: AdminContext) -> Starlette:
    pages = Pages(ctx)
    files = {name: (resources.files("b24local.inspector") / "static" / name).read_bytes() for name in STATIC}

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in files:
            raise HTTPException(404, f"no file {name}")
        return Response(files[name], media_type=STATIC[name], headers={"Cache-Control": "no-cache"})

    async def http_error(_: Request, exc: Exception) -> HTMLResponse:
        assert isinstance(exc, HTTPException)
        return pages.render("error.html", exc.status_code, message=exc.detail)

    async def internal_error(request: Request, exc: Exception) -> HTMLResponse:
        log.error("inspector %s %s failed", request.method, request.url.path, exc_info=exc)
        return pages.render("error.html", 500, message="The page failed; the server log has the details.")

    routes = [
        *pages_journal.routes(pages),
        *pages_data.routes(pages),
        *pages_control.routes(pages),
        Route(f"{UI}/static/{{name}}", static, methods=["GET"]),
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: http_error, Exception: internal_error})
