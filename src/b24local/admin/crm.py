"""Admin API for CRM access rights: ``/_b24local/crm/permissions``.

* ``GET  /_b24local/crm/permissions[?user=5]`` → ``{"permissions": [{"user", "entityTypeId", "read", "add",
  "update", "delete"}, …]}``
* ``POST /_b24local/crm/permissions`` ``{"user": 5, "entityTypeId": 2, "read": true, "add": false, …}`` →
  ``{"permission": {…}}`` (rights left out keep their value; a new rule starts from all allowed)
* ``DELETE /_b24local/crm/permissions/{user}/{entityTypeId}`` → ``{"result": true}`` (back to all allowed)
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from b24local.domain.crm import permissions as perms
from b24local.domain import users
from b24local.store import Store


def _bad(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": "ADMIN_ERROR", "error_description": message}, status)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value)
    if isinstance(value, int) and abs(value) <= 2**31 - 1:
        return value
    return None


def routes(store: Store) -> list[Route]:
    async def list_rules(request: Request) -> JSONResponse:
        user = request.query_params.get("user")
        user_id = _int(user) if user is not None else None
        if user is not None and user_id is None:
            return _bad("user must be an integer")
        with store.transaction(write=False) as conn:
            return JSONResponse({"permissions": perms.list_rules(conn, user_id)})

    async def set_rule(request: Request) -> JSONResponse:
        try:
            body = await request.json()
        except ValueError:
            return _bad("body is not JSON")
        if not isinstance(body, dict):
            return _bad("body must be a JSON object")
        user_id = _int(body.get("user"))
        entity_type_id = _int(body.get("entityTypeId", body.get("entity_type_id")))
        if user_id is None or entity_type_id is None:
            return _bad("user and entityTypeId are required integers")
        changes: dict[str, bool | None] = {}
        for action in perms.ACTIONS:
            value = body.get(action)
            if value is not None and not isinstance(value, bool):
                return _bad(f"{action} must be true or false")
            changes[action] = value
        with store.transaction() as conn:
            if users.get_user(conn, user_id) is None:
                return _bad(f"user {user_id} does not exist")
            rule = perms.set_rule(conn, user_id, entity_type_id, **changes)
        return JSONResponse({"permission": {"user": user_id, "entityTypeId": entity_type_id, **rule}})

    async def delete_rule(request: Request) -> JSONResponse:
        with store.transaction() as conn:
            removed = perms.delete_rule(conn, int(request.path_params["user"]), int(request.path_params["etid"]))
        if not removed:
            return _bad("no such rule", 404)
        return JSONResponse({"result": True})

    return [
        Route("/_b24local/crm/permissions", list_rules, methods=["GET"]),
        Route("/_b24local/crm/permissions", set_rule, methods=["POST"]),
        Route("/_b24local/crm/permissions/{user:int}/{etid:int}", delete_rule, methods=["DELETE"]),
    ]
