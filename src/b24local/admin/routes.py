"""The ``/_b24local/`` admin API: health, reset, users, webhooks and tokens.

Bodies and answers are plain JSON (not Bitrix envelopes). Errors answer ``{"error": "...",
"error_description": "..."}`` with a 4xx status.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from b24local.admin.protocol import protocol_routes
from b24local.bootstrap import reset_portal
from b24local.methods import all_scopes
from b24local.domain import credentials, users

if TYPE_CHECKING:
    from b24local.app import B24App


class AdminError(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


async def _json(request: Request) -> dict[str, Any]:
    body = await request.body()
    if not body.strip():
        return {}
    try:
        value = await request.json()
    except ValueError as exc:
        raise AdminError("body is not JSON") from exc
    if not isinstance(value, dict):
        raise AdminError("body must be a JSON object")
    return value


def _int(body: dict[str, Any], key: str, default: int | None = None) -> int | None:
    value = body.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).lstrip("-").isdigit():
        raise AdminError(f"{key} must be an integer")
    return int(value)


def _scopes(body: dict[str, Any]) -> list[str]:
    scopes = body.get("scopes") or body.get("scope") or all_scopes()
    if isinstance(scopes, str):
        scopes = [scopes]
    if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
        raise AdminError("scopes must be a list of strings")
    return scopes


def admin_app(app: "B24App") -> Starlette:
    store = app.store

    def base_url(request: Request) -> str:
        return f"{request.url.scheme}://{request.url.netloc}"

    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def reset(_: Request) -> JSONResponse:
        reset_portal(store)
        return JSONResponse({"result": True})

    async def user_list(_: Request) -> JSONResponse:
        with store.transaction(write=False) as conn:
            rows = users.list_users(conn)
        return JSONResponse({"users": rows})

    async def user_add(request: Request) -> JSONResponse:
        body = await _json(request)
        name = body.get("name")
        if not isinstance(name, str) or not name:
            raise AdminError("name is required")
        with store.transaction() as conn:
            try:
                new_id = users.create_user(
                    store,
                    conn,
                    name=name,
                    last_name=str(body.get("last_name", "")),
                    email=str(body.get("email", "")),
                    admin=bool(body.get("admin", False)),
                    user_id=_int(body, "id"),
                    user_type="extranet" if body.get("extranet") else "employee",
                )
            except ValueError as exc:
                raise AdminError(str(exc)) from exc
        return JSONResponse({"id": new_id}, 201)

    async def user_update(request: Request) -> JSONResponse:
        body = await _json(request)
        if "active" not in body:
            raise AdminError("only `active` can be changed")
        with store.transaction() as conn:
            if not users.set_active(conn, int(request.path_params["id"]), bool(body["active"])):
                raise AdminError("no such user", 404)
        return JSONResponse({"result": True})

    async def webhook_list(_: Request) -> JSONResponse:
        with store.transaction(write=False) as conn:
            rows = credentials.list_webhooks(conn)
        for row in rows:
            row.pop("token_hash")
        return JSONResponse({"webhooks": rows})

    async def webhook_add(request: Request) -> JSONResponse:
        body = await _json(request)
        user_id = _int(body, "user", 1)
        assert user_id is not None
        token = body.get("token")
        with store.transaction() as conn:
            if users.get_user(conn, user_id) is None:
                raise AdminError(f"user {user_id} does not exist")
            try:
                hook_id, secret = credentials.create_webhook(
                    conn, user_id=user_id, scopes=_scopes(body), token=token if isinstance(token, str) else None
                )
            except ValueError as exc:
                raise AdminError(str(exc)) from exc
        base = base_url(request)
        return JSONResponse(
            {
                "id": hook_id,
                "user": user_id,
                "token": secret,
                "v2": f"{base}/rest/{user_id}/{secret}/",
                "v3": f"{base}/rest/api/{user_id}/{secret}/",
            },
            201,
        )

    async def webhook_delete(request: Request) -> JSONResponse:
        with store.transaction() as conn:
            if not credentials.delete_webhook(conn, int(request.path_params["id"])):
                raise AdminError("no such webhook", 404)
        return JSONResponse({"result": True})

    async def token_add(request: Request) -> JSONResponse:
        body = await _json(request)
        user_id = _int(body, "user", 1)
        expires_in = _int(body, "expires_in", 3600)
        assert user_id is not None and expires_in is not None
        with store.transaction() as conn:
            if users.get_user(conn, user_id) is None:
                raise AdminError(f"user {user_id} does not exist")
            token_id, token = credentials.create_token(
                conn, user_id=user_id, scopes=_scopes(body), expires_in=expires_in, app_id=_int(body, "app_id")
            )
        return JSONResponse({"id": token_id, "user": user_id, "access_token": token, "expires_in": expires_in}, 201)

    async def token_revoke(request: Request) -> JSONResponse:
        with store.transaction() as conn:
            if not credentials.revoke_token(conn, int(request.path_params["id"])):
                raise AdminError("no such token", 404)
        return JSONResponse({"result": True})

    async def admin_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, AdminError)
        return JSONResponse({"error": "ADMIN_ERROR", "error_description": str(exc)}, exc.status)

    async def not_found(request: Request, _exc: Exception) -> JSONResponse:
        return JSONResponse({"error": "NOT_FOUND", "error_description": f"No route {request.url.path}"}, 404)

    return Starlette(
        routes=[
            Route("/_b24local/health", health, methods=["GET"]),
            Route("/_b24local/reset", reset, methods=["POST"]),
            Route("/_b24local/users", user_list, methods=["GET"]),
            Route("/_b24local/users", user_add, methods=["POST"]),
            Route("/_b24local/users/{id:int}", user_update, methods=["PATCH"]),
            Route("/_b24local/webhooks", webhook_list, methods=["GET"]),
            Route("/_b24local/webhooks", webhook_add, methods=["POST"]),
            Route("/_b24local/webhooks/{id:int}", webhook_delete, methods=["DELETE"]),
            Route("/_b24local/tokens", token_add, methods=["POST"]),
            Route("/_b24local/tokens/{id:int}/revoke", token_revoke, methods=["POST"]),
            *protocol_routes(app),  # portal settings, limits, faults, journal, apps (issue 5)
            *__import__("b24local.admin.crm", fromlist=["routes"]).routes(store),  # CRM rights (admin/crm.py)
            *__import__("b24local.admin.seed_files", fromlist=["routes"]).routes(store),  # seed/export (issue 6)
        ],
        exception_handlers={AdminError: admin_error, 404: not_found},
    )
