"""Admin routes for the request journal: ``GET /_b24local/requests[?method=…&limit=N]`` and
``DELETE /_b24local/requests``."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictStr
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from b24local.admin.http import AdminContext, Schema, answer, validate


class JournalQuery(Schema):
    method: Annotated[StrictStr, Field(max_length=255)] | None = None
    limit: Annotated[StrictStr, Field(pattern=r"^\d{1,9}$")] | None = None


def routes(ctx: AdminContext) -> list[Route]:
    journal = ctx.dispatcher.journal

    async def requests_list(request: Request) -> JSONResponse:
        query = validate(JournalQuery, dict(request.query_params))
        entries = journal.list(query.method, int(query.limit) if query.limit is not None else None)
        return answer({"requests": entries, "size": journal.size})

    async def requests_clear(_: Request) -> JSONResponse:
        return answer({"cleared": journal.clear()})

    return [
        Route("/_b24local/requests", requests_list, methods=["GET"]),
        Route("/_b24local/requests", requests_clear, methods=["DELETE"]),
    ]
