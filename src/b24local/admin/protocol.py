"""Admin routes of the protocol family (issue 5), under ``/_b24local/``:

* ``GET|PUT /_b24local/portal``: plan, state, require_https, limits, timezone. A change takes effect at
  once in this server process and is saved in the portal's configuration.
* ``GET /_b24local/limits``; ``PUT /_b24local/limits/operating`` (limit, factor, charge).
* ``GET|POST|DELETE /_b24local/faults``, ``DELETE /_b24local/faults/{id}``.
* ``GET|DELETE /_b24local/requests`` (the journal; ``?method=`` filters, ``?limit=`` caps).
* ``GET|POST /_b24local/apps``, ``PUT|DELETE /_b24local/apps/{id}`` (apps restricted to some users).

Plain JSON bodies; errors are ``{"error": "ADMIN_ERROR", "error_description": …}`` with a 4xx status.
"""

from __future__ import annotations

import functools
from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from b24local.domain import apps as apps_domain
from b24local.domain.portal import ConfigError, PortalConfig

if TYPE_CHECKING:
    from b24local.app import B24App

Endpoint = Callable[[Request], Awaitable[JSONResponse]]


class _Bad(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _guard(fn: Endpoint) -> Endpoint:
    @functools.wraps(fn)
    async def wrapper(request: Request) -> JSONResponse:
        try:
            return await fn(request)
        except (_Bad, ValueError) as exc:
            status = exc.status if isinstance(exc, _Bad) else 400
            return JSONResponse({"error": "ADMIN_ERROR", "error_description": str(exc)}, status)

    return wrapper


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        value = await request.json()
    except ValueError as exc:
        raise _Bad("body is not JSON") from exc
    if not isinstance(value, dict):
        raise _Bad("body must be a JSON object")
    return value


def _number(body: dict[str, Any], key: str, *, minimum: float = 0.0) -> float | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
        raise _Bad(f"{key} must be a number >= {minimum:g}")
    return float(value)


PORTAL_KEYS = {f.name for f in fields(PortalConfig)}


def protocol_routes(app: "B24App") -> list[Route]:
    store = app.store
    dispatcher = app.dispatcher

    # -- portal settings ----------------------------------------------------------------------
    @_guard
    async def portal_get(_: Request) -> JSONResponse:
        return JSONResponse(asdict(app.portal.config))

    @_guard
    async def portal_put(request: Request) -> JSONResponse:
        body = await _body(request)
        unknown = sorted(set(body) - PORTAL_KEYS)
        if unknown:
            raise _Bad(f"unknown setting(s): {', '.join(unknown)}; known: {', '.join(sorted(PORTAL_KEYS))}")
        if "require_https" in body and not isinstance(body["require_https"], bool):
            raise _Bad("require_https must be true or false")
        for key in PORTAL_KEYS - {"require_https"}:
            if key in body and not isinstance(body[key], str):
                raise _Bad(f"{key} must be a string")
        with store.transaction() as conn:
            config = PortalConfig.load(conn)
            for key, value in body.items():
                setattr(config, key, value)
            try:
                config.validate()
            except ConfigError as exc:
                raise _Bad(str(exc)) from exc
            config.save(conn)
        old_limits = app.portal.config.limits
        app.portal.apply(config)
        app.config_changed()
        if config.limits != old_limits:
            dispatcher.bucket.reset()
        return JSONResponse(asdict(config))

    # -- limits -------------------------------------------------------------------------------
    @_guard
    async def limits_get(_: Request) -> JSONResponse:
        profile = app.portal.config.limits
        return JSONResponse(
            {"profile": profile, "bucket": dispatcher.bucket.snapshot(profile), "operating": dispatcher.ledger.settings()}
        )

    @_guard
    async def operating_put(request: Request) -> JSONResponse:
        body = await _body(request)
        unknown = sorted(set(body) - {"limit", "factor", "charge", "reset"})
        if unknown:
            raise _Bad(f"unknown field(s): {', '.join(unknown)}; known: charge, factor, limit, reset")
        limit = _number(body, "limit")
        factor = _number(body, "factor")
        changes: dict[str, Any] = {"limit": limit, "factor": factor}
        if "charge" in body:
            changes["charge"] = _number(body, "charge")
        if body.get("reset"):
            dispatcher.ledger.reset()
        dispatcher.ledger.configure(**changes)
        return JSONResponse(dispatcher.ledger.settings())

    # -- faults -------------------------------------------------------------------------------
    @_guard
    async def faults_list(_: Request) -> JSONResponse:
        return JSONResponse({"faults": dispatcher.faults.list()})

    @_guard
    async def faults_add(request: Request) -> JSONResponse:
        rule = dispatcher.faults.add(await _body(request))
        return JSONResponse(rule.as_dict(), 201)

    @_guard
    async def faults_clear(_: Request) -> JSONResponse:
        dispatcher.faults.clear()
        return JSONResponse({"result": True})

    @_guard
    async def fault_delete(request: Request) -> JSONResponse:
        if not dispatcher.faults.remove(int(request.path_params["id"])):
            raise _Bad("no such fault rule", 404)
        return JSONResponse({"result": True})

    # -- journal ------------------------------------------------------------------------------
    @_guard
    async def requests_list(request: Request) -> JSONResponse:
        limit = request.query_params.get("limit")
        if limit is not None and not limit.isdigit():
            raise _Bad("limit must be a non-negative integer")
        entries = dispatcher.journal.list(request.query_params.get("method"), int(limit) if limit else None)
        return JSONResponse({"requests": entries, "size": dispatcher.journal.size})

    @_guard
    async def requests_clear(_: Request) -> JSONResponse:
        return JSONResponse({"cleared": dispatcher.journal.clear()})

    # -- apps ---------------------------------------------------------------------------------
    @_guard
    async def apps_list(_: Request) -> JSONResponse:
        with store.transaction(write=False) as conn:
            return JSONResponse({"apps": apps_domain.list_apps(conn)})

    @_guard
    async def apps_add(request: Request) -> JSONResponse:
        body = await _body(request)
        code = body.get("code", "")
        if not isinstance(code, str):
            raise _Bad("code must be a string")
        with store.transaction() as conn:
            app_id = apps_domain.create_app(conn, code=code, users=body.get("users"))
        return JSONResponse({"id": app_id, "code": code, "users": body.get("users")}, 201)

    @_guard
    async def apps_put(request: Request) -> JSONResponse:
        body = await _body(request)
        if "users" not in body:
            raise _Bad("users is required (a list of user ids, or null for every user)")
        with store.transaction() as conn:
            if not apps_domain.set_users(conn, int(request.path_params["id"]), body["users"]):
                raise _Bad("no such app", 404)
        return JSONResponse({"result": True})

    @_guard
    async def apps_delete(request: Request) -> JSONResponse:
        with store.transaction() as conn:
            if not apps_domain.delete_app(conn, int(request.path_params["id"])):
                raise _Bad("no such app", 404)
        return JSONResponse({"result": True})

    return [
        Route("/_b24local/portal", portal_get, methods=["GET"]),
        Route("/_b24local/portal", portal_put, methods=["PUT", "PATCH"]),
        Route("/_b24local/limits", limits_get, methods=["GET"]),
        Route("/_b24local/limits/operating", operating_put, methods=["PUT"]),
        Route("/_b24local/faults", faults_list, methods=["GET"]),
        Route("/_b24local/faults", faults_add, methods=["POST"]),
        Route("/_b24local/faults", faults_clear, methods=["DELETE"]),
        Route("/_b24local/faults/{id:int}", fault_delete, methods=["DELETE"]),
        Route("/_b24local/requests", requests_list, methods=["GET"]),
        Route("/_b24local/requests", requests_clear, methods=["DELETE"]),
        Route("/_b24local/apps", apps_list, methods=["GET"]),
        Route("/_b24local/apps", apps_add, methods=["POST"]),
        Route("/_b24local/apps/{id:int}", apps_put, methods=["PUT"]),
        Route("/_b24local/apps/{id:int}", apps_delete, methods=["DELETE"]),
    ]
