"""The ``/_b24local/`` admin API: one Starlette app made of the route modules of this package.

Bodies and answers are plain JSON (not Bitrix envelopes); every route validates its input against its own
schema and answers errors in one shape (``admin/http.py``).
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from b24local.admin import accounts, apps, crm_rights, faults, journal, seed_files, settings
from b24local.admin.http import (
    AdminContext,
    AdminError,
    admin_error,
    answer,
    internal_error,
    method_not_allowed,
    not_found,
)
from b24local.bootstrap import reset_portal


def reset_all(ctx: AdminContext) -> None:
    """Wipe the portal's data and this process's runtime state (faults, journal, limits, keys)."""
    reset_portal(ctx.store)
    ctx.dispatcher.reset_runtime()


def _service_routes(ctx: AdminContext) -> list[Route]:
    async def health(_: Request) -> JSONResponse:
        return answer({"status": "ok"})

    async def reset(_: Request) -> JSONResponse:
        reset_all(ctx)
        return answer({"result": True})

    return [
        Route("/_b24local/health", health, methods=["GET"]),
        Route("/_b24local/reset", reset, methods=["POST"]),
    ]


def admin_app(ctx: AdminContext) -> Starlette:
    routes = [
        *_service_routes(ctx),
        *accounts.routes(ctx),
        *settings.routes(ctx),
        *faults.routes(ctx),
        *journal.routes(ctx),
        *apps.routes(ctx),
        *crm_rights.routes(ctx),
        *seed_files.routes(ctx),
    ]
    return Starlette(
        routes=routes,
        exception_handlers={
            AdminError: admin_error,
            404: not_found,
            405: method_not_allowed,
            Exception: internal_error,
        },
    )
