"""Admin routes for the portal's settings and limits.

* ``GET|PUT|PATCH /_b24local/portal``: plan, state, require_https, limits, timezone. A change takes effect
  at once in this server process (and in the others through Redis) and is saved in the portal's
  configuration, which ``reset`` keeps.
* ``GET /_b24local/limits``; ``PUT /_b24local/limits/operating`` ``{limit?, factor?, charge?, reset?}``.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictFloat, StrictInt, StrictStr
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from b24local.admin.http import AdminContext, AdminError, Schema, answer, read_body
from b24local.domain.portal import ConfigError, PortalConfig

Seconds = Annotated[StrictInt | StrictFloat, Field(ge=0, le=10**9)]


class PortalChange(Schema):
    timezone: Annotated[StrictStr, Field(min_length=1, max_length=64)] | None = None
    require_https: StrictBool | None = None
    plan: Literal["commercial", "free"] | None = None
    state: Literal["active", "blocked", "deleted"] | None = None
    limits: Literal["off", "cloud", "enterprise"] | None = None


class OperatingChange(Schema):
    limit: Seconds | None = None
    factor: Seconds | None = None
    charge: Seconds | None = None
    reset: StrictBool = False


def change_portal(ctx: AdminContext, change: PortalChange) -> PortalConfig:
    """Save the change in the portal's configuration and apply it in this process (and, through Redis,
    in the others). ``AdminError`` when the result is not a valid configuration; nothing changes then."""
    with ctx.store.transaction() as conn:
        config = PortalConfig.load(conn)
        for key, value in change.model_dump(exclude_none=True).items():
            setattr(config, key, value)
        try:
            config.validate()
        except ConfigError as exc:
            raise AdminError(str(exc)) from exc
        config.save(conn)
    old_limits = ctx.portal.config.limits
    ctx.portal.apply(config)
    ctx.config_changed()
    if config.limits != old_limits:
        ctx.dispatcher.bucket.reset()
    return config


def routes(ctx: AdminContext) -> list[Route]:
    dispatcher = ctx.dispatcher

    async def portal_get(_: Request) -> JSONResponse:
        return answer(asdict(ctx.portal.config))

    async def portal_put(request: Request) -> JSONResponse:
        change = await read_body(request, PortalChange, ctx.max_body)
        return answer(asdict(change_portal(ctx, change)))

    async def limits_get(_: Request) -> JSONResponse:
        profile = ctx.portal.config.limits
        return answer(
            {
                "profile": profile,
                "bucket": dispatcher.bucket.snapshot(profile),
                "operating": dispatcher.ledger.settings(),
            }
        )

    async def operating_put(request: Request) -> JSONResponse:
        change = await read_body(request, OperatingChange, ctx.max_body)
        if change.reset:
            dispatcher.ledger.reset()
        given = change.model_fields_set
        values = {k: float(v) if v is not None else None for k, v in change.model_dump().items() if k != "reset"}
        dispatcher.ledger.configure(
            limit=values["limit"],
            factor=values["factor"],
            **({"charge": values["charge"]} if "charge" in given else {}),
        )
        return answer(dispatcher.ledger.settings())

    return [
        Route("/_b24local/portal", portal_get, methods=["GET"]),
        Route("/_b24local/portal", portal_put, methods=["PUT", "PATCH"]),
        Route("/_b24local/limits", limits_get, methods=["GET"]),
        Route("/_b24local/limits/operating", operating_put, methods=["PUT"]),
    ]
