"""Admin routes for who may call the portal: users, webhooks and access tokens.

* ``GET /_b24local/users``; ``POST /_b24local/users`` ``{name, last_name?, email?, admin?, extranet?, id?}``
  and the profile fields ``second_name?, gender? ("M"/"F"), work_position?, time_zone?, xml_id?,
  personal_city?, departments?`` → 201 ``{"id"}``; ``PATCH /_b24local/users/{id}`` ``{active}``
* ``GET /_b24local/webhooks``; ``POST /_b24local/webhooks`` ``{user?, scopes?, token?}`` → 201 with its
  ``v2``/``v3`` URLs; ``DELETE /_b24local/webhooks/{id}``
* ``POST /_b24local/tokens`` ``{user?, scopes?, expires_in?, app_id?}`` → 201 ``{access_token, …}``;
  ``POST /_b24local/tokens/{id}/revoke``

Every write here may change who a credential is: the dispatcher's credential cache is cleared after it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from b24local.admin.http import AdminContext, AdminError, Id, Schema, answer, path_id, read_body
from b24local.domain import credentials, eventlog, users
from b24local.methods import all_scopes

Name = Annotated[StrictStr, Field(max_length=255)]
PROFILE = {"second_name", "gender", "work_position", "time_zone", "xml_id", "personal_city", "departments"}


class NewUser(Schema):
    name: Annotated[StrictStr, Field(min_length=1, max_length=255)]
    last_name: Name = ""
    email: Name = ""
    admin: StrictBool = False
    extranet: StrictBool = False
    id: Id | None = None
    # profile fields user.get shows and filters by
    second_name: Name = ""
    gender: Literal["", "M", "F"] = ""
    work_position: Name = ""
    time_zone: Annotated[StrictStr, Field(max_length=64)] = ""
    xml_id: Name | None = None
    personal_city: Name | None = None
    departments: list[Id] = Field(default_factory=lambda: [1])


class UserChange(Schema):
    active: StrictBool


class NewWebhook(Schema):
    user: Id = users.ADMIN_ID
    scopes: list[StrictStr] | StrictStr | None = None
    token: Annotated[StrictStr, Field(min_length=1, max_length=255, pattern=r"^[^/\x00-\x20]+$")] | None = None


class NewToken(Schema):
    user: Id = users.ADMIN_ID
    scopes: list[StrictStr] | StrictStr | None = None
    # a negative lifetime makes a token that has already expired (for tests of expired_token)
    expires_in: Annotated[StrictInt, Field(ge=-10 * 365 * 86400, le=10 * 365 * 86400)] = 3600
    app_id: Id | None = None


def _scopes(given: list[str] | str | None) -> list[str]:
    """The scopes asked for; none: every scope the server serves."""
    if given is None:
        return all_scopes()
    return [given] if isinstance(given, str) else given


def routes(ctx: AdminContext) -> list[Route]:
    store = ctx.store
    limit = ctx.max_body

    def credentials_changed() -> None:
        ctx.dispatcher.auth_cache.clear()

    async def user_list(_: Request) -> JSONResponse:
        with store.transaction(write=False) as conn:
            return answer({"users": users.list_users(conn)})

    async def user_add(request: Request) -> JSONResponse:
        body = await read_body(request, NewUser, limit)
        with store.transaction() as conn:
            try:
                new_id = users.create_user(
                    store,
                    conn,
                    name=body.name,
                    last_name=body.last_name,
                    email=body.email,
                    admin=body.admin,
                    user_id=body.id,
                    user_type="extranet" if body.extranet else "employee",
                    date_register=ctx.portal.now(),
                    **body.model_dump(include=PROFILE),
                )
            except ValueError as exc:
                raise AdminError(str(exc)) from exc
            added = users.get_user(conn, new_id)
            assert added is not None
            eventlog.user_registered(conn, now=ctx.portal.now(), user=added)
        credentials_changed()
        return answer({"id": new_id}, 201)

    async def user_update(request: Request) -> JSONResponse:
        user_id = path_id(request)
        body = await read_body(request, UserChange, limit)
        with store.transaction() as conn:
            if not users.set_active(conn, user_id, body.active):
                raise AdminError("no such user", 404)
        credentials_changed()
        return answer({"result": True})

    async def webhook_list(_: Request) -> JSONResponse:
        with store.transaction(write=False) as conn:
            rows = credentials.list_webhooks(conn)
        for row in rows:
            row.pop("token_hash")
        return answer({"webhooks": rows})

    async def webhook_add(request: Request) -> JSONResponse:
        body = await read_body(request, NewWebhook, limit)
        with store.transaction() as conn:
            if users.get_user(conn, body.user) is None:
                raise AdminError(f"user {body.user} does not exist")
            try:
                hook_id, secret = credentials.create_webhook(
                    conn, user_id=body.user, scopes=_scopes(body.scopes), token=body.token
                )
            except ValueError as exc:
                raise AdminError(str(exc)) from exc
        base = f"{request.url.scheme}://{request.url.netloc}"
        return answer(
            {
                "id": hook_id,
                "user": body.user,
                "token": secret,
                "v2": f"{base}/rest/{body.user}/{secret}/",
                "v3": f"{base}/rest/api/{body.user}/{secret}/",
            },
            201,
        )

    async def webhook_delete(request: Request) -> JSONResponse:
        hook_id = path_id(request)
        with store.transaction() as conn:
            if not credentials.delete_webhook(conn, hook_id):
                raise AdminError("no such webhook", 404)
        credentials_changed()
        return answer({"result": True})

    async def token_add(request: Request) -> JSONResponse:
        body = await read_body(request, NewToken, limit)
        with store.transaction() as conn:
            if users.get_user(conn, body.user) is None:
                raise AdminError(f"user {body.user} does not exist")
            try:
                token_id, token = credentials.create_token(
                    conn,
                    user_id=body.user,
                    scopes=_scopes(body.scopes),
                    expires_in=body.expires_in,
                    app_id=body.app_id,
                )
            except ValueError as exc:
                raise AdminError(str(exc)) from exc
        return answer({"id": token_id, "user": body.user, "access_token": token, "expires_in": body.expires_in}, 201)

    async def token_revoke(request: Request) -> JSONResponse:
        token_id = path_id(request)
        with store.transaction() as conn:
            if not credentials.revoke_token(conn, token_id):
                raise AdminError("no such token", 404)
        credentials_changed()
        return answer({"result": True})

    return [
        Route("/_b24local/users", user_list, methods=["GET"]),
        Route("/_b24local/users", user_add, methods=["POST"]),
        Route("/_b24local/users/{id}", user_update, methods=["PATCH"]),
        Route("/_b24local/webhooks", webhook_list, methods=["GET"]),
        Route("/_b24local/webhooks", webhook_add, methods=["POST"]),
        Route("/_b24local/webhooks/{id}", webhook_delete, methods=["DELETE"]),
        Route("/_b24local/tokens", token_add, methods=["POST"]),
        Route("/_b24local/tokens/{id}/revoke", token_revoke, methods=["POST"]),
    ]
