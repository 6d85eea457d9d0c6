"""Admin routes for seed documents (``seeds/documents.py``):

* ``POST /_b24local/seed`` with the document as a JSON body → ``{"result": true, "loaded": "<summary>"}``;
  a bad document answers 400 ``{"error": "ADMIN_ERROR", "error_description": …}`` and writes nothing.
* ``GET /_b24local/export`` → the document (the same format ``b24local export FILE.json`` writes).

Loading and exporting run in a worker thread: a large document never holds up the API.
"""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from b24local.admin.http import AdminContext, AdminError, answer, read_json
from b24local.seeds import documents


async def load_document(ctx: AdminContext, doc: dict[str, Any]) -> str:
    """Load a seed document (in a worker thread); its summary, or ``AdminError`` and nothing written."""
    try:
        loaded = await asyncio.to_thread(documents.load, ctx.store, doc)
    except documents.SeedError as exc:
        raise AdminError(str(exc)) from exc
    ctx.dispatcher.auth_cache.clear()  # a document may replace users
    return loaded


def routes(ctx: AdminContext) -> list[Route]:
    async def seed(request: Request) -> JSONResponse:
        doc = await read_json(request, ctx.max_body)
        if not isinstance(doc, dict):
            raise AdminError("body must be a JSON object (a seed document)")
        return answer({"result": True, "loaded": await load_document(ctx, doc)})

    async def export(_: Request) -> JSONResponse:
        return answer(await asyncio.to_thread(documents.export, ctx.store))

    return [
        Route("/_b24local/seed", seed, methods=["POST"]),
        Route("/_b24local/export", export, methods=["GET"]),
    ]
