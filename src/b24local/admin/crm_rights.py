"""Admin routes for what non-admin users may do with CRM items, per entity type:

* ``GET  /_b24local/crm/permissions[?user=5]`` → ``{"permissions": [{"user", "entityTypeId", "read", "add",
  "update", "delete"}, …]}``
* ``POST /_b24local/crm/permissions`` ``{"user": 5, "entityTypeId": 2, "read": true, "add": false, …}`` →
  ``{"permission": {…}}`` (rights left out keep their value; a new rule starts from all allowed)
* ``DELETE /_b24local/crm/permissions/{user}/{entityTypeId}`` → ``{"result": true}`` (back to all allowed)
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AliasChoices, Field, StrictBool, StrictStr
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from b24local.admin.http import AdminContext, AdminError, Id, Schema, answer, path_id, read_body, validate
from b24local.domain import users
from b24local.domain.crm import permissions as perms


class RuleQuery(Schema):
    user: Annotated[StrictStr, Field(pattern=r"^\d{1,10}$")] | None = None


class RuleChange(Schema):
    user: Id
    entityTypeId: Id = Field(validation_alias=AliasChoices("entityTypeId", "entity_type_id"))  # noqa: N815
    read: StrictBool | None = None
    add: StrictBool | None = None
    update: StrictBool | None = None
    delete: StrictBool | None = None


def routes(ctx: AdminContext) -> list[Route]:
    store = ctx.store

    async def list_rules(request: Request) -> JSONResponse:
        query = validate(RuleQuery, dict(request.query_params))
        user_id = int(query.user) if query.user is not None else None
        with store.transaction(write=False) as conn:
            return answer({"permissions": perms.list_rules(conn, user_id)})

    async def set_rule(request: Request) -> JSONResponse:
        body = await read_body(request, RuleChange, ctx.max_body)
        changes = {action: getattr(body, action) for action in perms.ACTIONS}
        with store.transaction() as conn:
            if users.get_user(conn, body.user) is None:
                raise AdminError(f"user {body.user} does not exist")
            rule = perms.set_rule(conn, body.user, body.entityTypeId, **changes)
        return answer({"permission": {"user": body.user, "entityTypeId": body.entityTypeId, **rule}})

    async def delete_rule(request: Request) -> JSONResponse:
        user_id, entity_type_id = path_id(request, "user"), path_id(request, "etid")
        with store.transaction() as conn:
            if not perms.delete_rule(conn, user_id, entity_type_id):
                raise AdminError("no such rule", 404)
        return answer({"result": True})

    return [
        Route("/_b24local/crm/permissions", list_rules, methods=["GET"]),
        Route("/_b24local/crm/permissions", set_rule, methods=["POST"]),
        Route("/_b24local/crm/permissions/{user}/{etid}", delete_rule, methods=["DELETE"]),
    ]
