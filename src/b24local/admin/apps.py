"""Admin routes for applications restricted to some users: ``GET|POST /_b24local/apps``,
``PUT|DELETE /_b24local/apps/{id}``."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictStr
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from b24local.admin.http import AdminContext, AdminError, Id, Schema, answer, path_id, read_body
from b24local.domain import apps


class NewApp(Schema):
    code: Annotated[StrictStr, Field(max_length=255)] = ""
    users: list[Id] | None = None  # null: every user may use the app


class AppUsers(Schema):
    users: list[Id] | None  # required; null: every user


def routes(ctx: AdminContext) -> list[Route]:
    store = ctx.store

    def credentials_changed() -> None:
        ctx.dispatcher.auth_cache.clear()

    async def apps_list(_: Request) -> JSONResponse:
        with store.transaction(write=False) as conn:
            return answer({"apps": apps.list_apps(conn)})

    async def apps_add(request: Request) -> JSONResponse:
        body = await read_body(request, NewApp, ctx.max_body)
        with store.transaction() as conn:
            app_id = apps.create_app(conn, code=body.code, users=body.users)
        return answer({"id": app_id, "code": body.code, "users": body.users}, 201)

    async def apps_put(request: Request) -> JSONResponse:
        app_id = path_id(request)
        body = await read_body(request, AppUsers, ctx.max_body)
        with store.transaction() as conn:
            if not apps.set_users(conn, app_id, body.users):
                raise AdminError("no such app", 404)
        credentials_changed()
        return answer({"result": True})

    async def apps_delete(request: Request) -> JSONResponse:
        app_id = path_id(request)
        with store.transaction() as conn:
            if not apps.delete_app(conn, app_id):
                raise AdminError("no such app", 404)
        credentials_changed()
        return answer({"result": True})

    return [
        Route("/_b24local/apps", apps_list, methods=["GET"]),
        Route("/_b24local/apps", apps_add, methods=["POST"]),
        Route("/_b24local/apps/{id}", apps_put, methods=["PUT"]),
        Route("/_b24local/apps/{id}", apps_delete, methods=["DELETE"]),
    ]
