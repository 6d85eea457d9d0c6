"""Errors of crm.item.* (seed 003; the crm-item-*.md error tables; docs/fidelity.md "CRM"): codes, texts and
HTTP statuses, literally."""

from __future__ import annotations

import pytest

from tests.crm.helpers import add_item, add_spa, error, result

ITEM_METHODS = {
    "crm.item.add": {"entityTypeId": 2, "fields": {}},
    "crm.item.get": {"entityTypeId": 2, "id": 1},
    "crm.item.update": {"entityTypeId": 2, "id": 1, "fields": {}},
    "crm.item.delete": {"entityTypeId": 2, "id": 1},
    "crm.item.list": {"entityTypeId": 2},
    "crm.item.fields": {"entityTypeId": 2},
}


@pytest.mark.parametrize("method", sorted(ITEM_METHODS))
def test_missing_parameters(portal, method):
    params = ITEM_METHODS[method]
    for name in params:
        if name == "fields" and method == "crm.item.list":
            continue
        reduced = {k: v for k, v in params.items() if k != name}
        r = portal.call(method, reduced)
        assert r.status_code == 400
        body = r.json()
        assert body == {"error": "100", "error_description": f"Could not find value for parameter {{{name}}}"}
        assert isinstance(body["error"], str)


def test_parameter_order_of_the_controller(portal):
    # get(int $id, int $entityTypeId): id is bound first; delete(int $entityTypeId, int $id): entityTypeId first
    error(portal, "crm.item.get", {}, 400, "100", "Could not find value for parameter {id}")
    error(portal, "crm.item.delete", {}, 400, "100", "Could not find value for parameter {entityTypeId}")
    error(portal, "crm.item.update", {"entityTypeId": 2}, 400, "100", "Could not find value for parameter {id}")


def test_type_mismatch(portal):
    error(
        portal,
        "crm.item.get",
        {"entityTypeId": 2, "id": "abc"},
        400,
        "100",
        "Invalid value {abc} to match with parameter {id}. Should be value of type int.",
    )
    error(
        portal,
        "crm.item.delete",
        {"entityTypeId": "deal", "id": 1},
        400,
        "100",
        "Invalid value {deal} to match with parameter {entityTypeId}. Should be value of type int.",
    )
    error(
        portal,
        "crm.item.get",
        {"entityTypeId": 2, "id": 1.5},
        400,
        "100",
        "Invalid value {1.5} to match with parameter {id}. Should be value of type int.",
    )
    error(
        portal,
        "crm.item.add",
        {"entityTypeId": 2, "fields": "title"},
        400,
        "100",
        "Invalid value {title} to match with parameter {fields}. Should be value of type array.",
    )
    error(
        portal,
        "crm.item.get",
        {"entityTypeId": [2], "id": 1},
        400,
        "100",
        "Invalid value {Array} to match with parameter {entityTypeId}. Should be value of type int.",
    )
    assert result(portal, "crm.item.list", {"entityTypeId": 2})["items"] == []


def test_not_found_texts(portal):
    add_spa(portal, 1268)
    for method in ("crm.item.get", "crm.item.update", "crm.item.delete"):
        params = {"entityTypeId": 1268, "id": 5, "fields": {"title": "x"}}
        error(portal, method, params, 400, "NOT_FOUND", "Item not found")
        error(portal, method, {**params, "entityTypeId": 1270}, 400, "NOT_FOUND", "SPA not found")
    error(portal, "crm.item.add", {"entityTypeId": 1270, "fields": {}}, 400, "NOT_FOUND", "SPA not found")
    error(portal, "crm.item.fields", {"entityTypeId": 1270}, 400, "NOT_FOUND", "SPA not found")


def test_access_denied(portal):
    add_item(portal, 2, {"title": "Keep"})
    uid = portal.add_user("Bob")
    hook = portal.add_webhook(uid, scopes=["crm"])
    portal.admin(
        "POST",
        "crm/permissions",
        json={"user": uid, "entityTypeId": 2, "read": False, "add": False, "update": False, "delete": False},
    )
    as_bob = {"user": uid, "token": hook}
    error(
        portal,
        "crm.item.add",
        {"entityTypeId": 2, "fields": {"title": "x"}},
        400,
        "ACCESS_DENIED",
        "Access denied",
        **as_bob,
    )
    error(
        portal,
        "crm.item.update",
        {"entityTypeId": 2, "id": 1, "fields": {"title": "x"}},
        400,
        "ACCESS_DENIED",
        "Access denied",
        **as_bob,
    )
    error(portal, "crm.item.delete", {"entityTypeId": 2, "id": 1}, 400, "ACCESS_DENIED", "Access denied", **as_bob)
    error(
        portal,
        "crm.item.get",
        {"entityTypeId": 2, "id": 1},
        400,
        "ACCESS_DENIED",
        "You don't have permission to view this item.",
        **as_bob,
    )
    error(
        portal,
        "crm.item.fields",
        {"entityTypeId": 2},
        400,
        "ACCESS_DENIED",
        "You don't have permission to view this item.",
        **as_bob,
    )
    r = portal.call("crm.item.list", {"entityTypeId": 2}, **as_bob)
    assert r.status_code == 200 and r.json()["result"] == {"items": []} and r.json()["total"] == 0
    # nothing changed
    items = result(portal, "crm.item.list", {"entityTypeId": 2})["items"]
    assert [(i["id"], i["title"]) for i in items] == [(1, "Keep")]


@pytest.mark.parametrize("method", sorted(ITEM_METHODS) + ["crm.type.list", "crm.type.add"])
def test_extranet_user(portal, method):
    add_item(portal, 2, {"title": "Keep"})
    uid = portal.add_user("Guest", extranet=True)
    hook = portal.add_webhook(uid, scopes=["crm"])
    params = ITEM_METHODS.get(method, {"fields": {"title": "x"}})
    error(
        portal,
        method,
        params,
        403,
        "allowed_only_intranet_user",
        "Action allowed only for intranet users",
        user=uid,
        token=hook,
    )
    items = result(portal, "crm.item.list", {"entityTypeId": 2})["items"]
    assert [(i["id"], i["title"]) for i in items] == [(1, "Keep")]
    assert result(portal, "crm.type.list", {})["types"] == []


def test_extranet_admin_is_not_filtered(portal):
    uid = portal.add_user("Boss", extranet=True, admin=True)
    hook = portal.add_webhook(uid, scopes=["crm"])
    assert add_item(portal, 2, {"title": "ok"}, user=uid, token=hook)["createdBy"] == uid


def test_scope_required(portal):
    hook = portal.add_webhook(1, scopes=["task"])
    error(
        portal,
        "crm.item.list",
        {"entityTypeId": 2},
        403,
        "insufficient_scope",
        "The request requires higher privileges than provided by the webhook token",
        token=hook,
    )


def test_out_of_range_numbers(portal):
    error(
        portal,
        "crm.item.add",
        {"entityTypeId": 2, "fields": {"probability": 10**20}},
        400,
        "CRM_FIELD_ERROR_VALUE_NOT_VALID",
        'Invalid value for field "Probability"',
    )
    error(
        portal,
        "crm.item.add",
        {"entityTypeId": 2, "fields": {"assignedById": 2**31}},
        400,
        "CRM_FIELD_ERROR_VALUE_NOT_VALID",
        'Invalid value for field "Assigned to"',
    )
    error(
        portal,
        "crm.item.get",
        {"entityTypeId": 2, "id": 10**20},
        400,
        "100",
        "Invalid value {100000000000000000000} to match with parameter {id}. Should be value of type int.",
    )
    error(portal, "crm.item.get", {"entityTypeId": 2, "id": 2**40}, 400, "NOT_FOUND", "Item not found")
    error(
        portal,
        "crm.item.list",
        {"entityTypeId": 2, "filter": {">id": 10**20}},
        400,
        "INVALID_ARG_VALUE",
        "Invalid filter: field 'ID' has invalid value",
    )
    contact = add_item(portal, 3, {"birthdate": 10**20, "name": "Ann"})
    assert contact["birthdate"] is None and contact["name"] == "Ann"
    huge = add_item(portal, 2, {"opportunity": 1e300})
    assert huge["opportunity"] == 1e300
    error(
        portal,
        "crm.type.add",
        {"fields": {"title": "X", "entityTypeId": 2**40}},
        400,
        "INVALID_ARG_VALUE",
        "entityTypeId is out of allowed range",
    )
