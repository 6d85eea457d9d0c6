"""Admin API for seed documents (``seeds/documents.py``):

* ``POST /_b24local/seed`` with the document as a JSON body → ``{"result": true, "loaded": "<summary>"}``;
  a bad document answers 400 ``{"error": "ADMIN_ERROR", "error_description": …}`` and writes nothing.
* ``GET /_b24local/export`` → the document (the same format ``b24local export FILE.json`` writes).
"""

from __future__ import annotations

import asyncio
import json

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from b24local.seeds import documents as seeding
from b24local.store import Store


def _bad(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": "ADMIN_ERROR", "error_description": message}, status)


def routes(store: Store) -> list[Route]:
    async def seed(request: Request) -> JSONResponse:
        body = await request.body()
        try:
            doc = json.loads(body or b"{}")
        except ValueError:
            return _bad("body is not JSON")
        if not isinstance(doc, dict):
            return _bad("body must be a JSON object (a seed document)")
        try:
            loaded = await asyncio.to_thread(seeding.load, store, doc)
        except ValueError as exc:
            return _bad(str(exc))
        return JSONResponse({"result": True, "loaded": loaded})

    async def export(_: Request) -> JSONResponse:
        doc = await asyncio.to_thread(seeding.export, store)
        return JSONResponse(doc)

    return [
        Route("/_b24local/seed", seed, methods=["POST"]),
        Route("/_b24local/export", export, methods=["GET"]),
    ]

