"""Service methods of the global scope: server.time, scope, methods, method.get, profile, app.info
(b24restdocs api-reference/common/system/*.md, api-reference/common/users/profile.md). They need no scope
(their pages name only `basic`, which is not among the scopes of api-reference/scopes/permissions.md)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from b24local.core.context import Call
from b24local.core.errors import ApiError, E
from b24local.core.registry import method, registry
from b24local.domain import users

LICENSE = "en_ent10000"


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in {"", "0", "false", "n", "no"}
    return bool(value)


@method("server.time", api=2, scope=None, write=False)
def server_time(call: Call, params: dict[str, Any]) -> str:
    return call.portal.iso(call.start) or ""


@method("scope", api=2, scope=None, write=False)
def scope(call: Call, params: dict[str, Any]) -> list[str]:
    if _truthy(params.get("full")):
        return registry.scopes()
    return sorted(call.principal.scopes)


def _available(call: Call, scope_name: str | None) -> bool:
    if scope_name is None:
        return True
    accepted = next(m for m in registry.methods.values() if m.scope == scope_name).accepts_scopes()
    return call.principal.has_scope(accepted)


@method("methods", api=2, scope=None, write=False)
def methods(call: Call, params: dict[str, Any]) -> list[str]:
    full = _truthy(params.get("full"))
    wanted = params.get("scope", None)
    names = []
    for m in registry.methods.values():
        if m.api != 2:
            continue
        if wanted is not None:
            if (wanted or None) != m.scope:
                continue
        elif not full and not _available(call, m.scope):
            continue
        names.append(m.name)
    return sorted(names)


@method("method.get", api=2, scope=None, write=False)
def method_get(call: Call, params: dict[str, Any]) -> dict[str, bool]:
    name = params.get("name")
    if not isinstance(name, str) or not name:
        return {"isExisting": False, "isAvailable": False}
    found = registry.find(2, name)
    if found is None:
        return {"isExisting": False, "isAvailable": False}
    return {"isExisting": True, "isAvailable": _available(call, found.scope)}


@method("profile", api=2, scope=None, write=False)
def profile(call: Call, params: dict[str, Any]) -> Any:
    user = users.get_user(call.conn, call.user_id)
    if user is None:
        raise ApiError(E.ACCESS_DENIED_USER)
    if not user["active"]:
        return []
    tz = user["time_zone"] or call.portal.config.timezone
    offset = int((datetime.now(call.portal.tz).utcoffset() or timedelta(0)).total_seconds())
    return {
        "ID": str(user["id"]),
        "ADMIN": bool(user["is_admin"]),
        "NAME": user["name"],
        "LAST_NAME": user["last_name"],
        "PERSONAL_GENDER": user["gender"],
        "TIME_ZONE": tz,
        "TIME_ZONE_OFFSET": offset,
    }


@method("app.info", api=2, scope=None, write=False)
def app_info(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    if call.principal.kind == "webhook":
        return {"SCOPE": sorted(call.principal.scopes), "LICENSE": LICENSE}
    if call.principal.app_id is None:
        raise ApiError(E.ACCESS_DENIED_APP_CONTEXT)
    return {
        "ID": call.principal.app_id,
        "CODE": f"local.app{call.principal.app_id}",
        "VERSION": 1,
        "STATUS": "L",
        "INSTALLED": True,
        "PAYMENT_EXPIRED": "N",
        "DAYS": None,
        "LANGUAGE_ID": "en",
        "LICENSE": LICENSE,
        "LICENSE_TYPE": "ent10000",
        "LICENSE_FAMILY": "ent",
    }
