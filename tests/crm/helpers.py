"""Helpers for the CRM tests: calls that must succeed, errors that must match exactly."""

from __future__ import annotations

from typing import Any

from b24local.testing import PortalClient


def ok(portal: PortalClient, method: str, params: Any = None, **kw: Any) -> dict[str, Any]:
    r = portal.call(method, params, **kw)
    assert r.status_code == 200, (method, r.status_code, r.text)
    body = r.json()
    assert "error" not in body, body
    return body


def result(portal: PortalClient, method: str, params: Any = None, **kw: Any) -> Any:
    return ok(portal, method, params, **kw)["result"]


def error(portal: PortalClient, method: str, params: Any, status: int, code: str, text: str, **kw: Any) -> None:
    r = portal.call(method, params, **kw)
    assert r.status_code == status, (r.status_code, r.text)
    assert r.json() == {"error": code, "error_description": text}


def add_spa(portal: PortalClient, entity_type_id: int = 1268, title: str = "HR", **flags: str) -> dict[str, Any]:
    fields = {"title": title, "entityTypeId": entity_type_id, **flags}
    return result(portal, "crm.type.add", {"fields": fields})["type"]


ALL_FLAGS = {
    name: "Y"
    for name in (
        "isCategoriesEnabled",
        "isStagesEnabled",
        "isBeginCloseDatesEnabled",
        "isClientEnabled",
        "isLinkWithProductsEnabled",
        "isMycompanyEnabled",
        "isSourceEnabled",
        "isObserversEnabled",
    )
}


def add_item(
    portal: PortalClient, entity_type_id: int, fields: dict[str, Any] | None = None, **kw: Any
) -> dict[str, Any]:
    return result(portal, "crm.item.add", {"entityTypeId": entity_type_id, "fields": fields or {}}, **kw)["item"]
