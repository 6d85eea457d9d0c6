"""Admin routes for fault rules (``protocol/faults.py`` describes a rule):
``GET|POST|DELETE /_b24local/faults``, ``DELETE /_b24local/faults/{id}``."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from b24local.admin.http import AdminContext, AdminError, answer, path_id, read_json


def routes(ctx: AdminContext) -> list[Route]:
    faults = ctx.dispatcher.faults

    async def faults_list(_: Request) -> JSONResponse:
        return answer({"faults": faults.list()})

    async def faults_add(request: Request) -> JSONResponse:
        body = await read_json(request, ctx.max_body)
        if not isinstance(body, dict):
            raise AdminError("body must be a JSON object")
        try:
            rule = faults.add(body)  # the rule's own schema: faults.rule_from_dict
        except ValueError as exc:
            raise AdminError(str(exc)) from exc
        return answer(rule.as_dict(), 201)

    async def faults_clear(_: Request) -> JSONResponse:
        faults.clear()
        return answer({"result": True})

    async def fault_delete(request: Request) -> JSONResponse:
        if not faults.remove(path_id(request)):
            raise AdminError("no such fault rule", 404)
        return answer({"result": True})

    return [
        Route("/_b24local/faults", faults_list, methods=["GET"]),
        Route("/_b24local/faults", faults_add, methods=["POST"]),
        Route("/_b24local/faults", faults_clear, methods=["DELETE"]),
        Route("/_b24local/faults/{id}", fault_delete, methods=["DELETE"]),
    ]
