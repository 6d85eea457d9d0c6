"""Seed 003 (crm.item.delete): every example and error row, literally."""

from __future__ import annotations

import httpx

from tests.crm.helpers import add_item, add_spa, error, result


def _seed_portal(portal):
    add_spa(portal, 1268)
    item = add_item(portal, 1268, {"title": "Seed item"})
    assert item["id"] == 1
    return item


def test_delete_over_webhook_returns_empty_array(portal):
    _seed_portal(portal)
    # the seed's curl: POST JSON {"entityTypeId":1268,"id":1} to /rest/{user}/{webhook}/crm.item.delete
    r = portal.http.post(
        f"/rest/1/{portal.token}/crm.item.delete",
        content=b'{"entityTypeId":1268,"id":1}',
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    assert r.status_code == 200
    body = r.json()
    assert list(body) == ["result", "time"]
    assert body["result"] == []
    assert list(body["time"])[:6] == ["start", "finish", "duration", "processing", "date_start", "date_finish"]
    # the item is gone
    error(portal, "crm.item.get", {"entityTypeId": 1268, "id": 1}, 400, "NOT_FOUND", "Item not found")


def test_delete_over_auth_token(portal):
    _seed_portal(portal)
    token = portal.add_token(1, scopes=["crm"])["access_token"]
    r = portal.http.post(
        "/rest/crm.item.delete",
        content=('{"entityTypeId":1268,"id":1,"auth":"' + token + '"}').encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["result"] == []
    assert list(r.json()) == ["result", "time"]


def test_delete_missing_item_is_not_found(portal):
    _seed_portal(portal)
    error(portal, "crm.item.delete", {"entityTypeId": 1268, "id": 2}, 400, "NOT_FOUND", "Item not found")
    # a second delete of the same item
    assert result(portal, "crm.item.delete", {"entityTypeId": 1268, "id": 1}) == []
    error(portal, "crm.item.delete", {"entityTypeId": 1268, "id": 1}, 400, "NOT_FOUND", "Item not found")


def test_delete_in_unknown_smart_process(portal):
    error(portal, "crm.item.delete", {"entityTypeId": 1268, "id": 1}, 400, "NOT_FOUND", "SPA not found")


def test_delete_denied_changes_nothing(portal):
    _seed_portal(portal)
    uid = portal.add_user("Bob")
    hook = portal.add_webhook(uid, scopes=["crm"])
    r = portal.admin("POST", "crm/permissions", json={"user": uid, "entityTypeId": 1268, "delete": False})
    assert r.status_code == 200, r.text
    error(
        portal,
        "crm.item.delete",
        {"entityTypeId": 1268, "id": 1},
        400,
        "ACCESS_DENIED",
        "Access denied",
        user=uid,
        token=hook,
    )
    assert result(portal, "crm.item.get", {"entityTypeId": 1268, "id": 1})["item"]["title"] == "Seed item"


def test_delete_by_extranet_user(portal):
    _seed_portal(portal)
    uid = portal.add_user("Guest", extranet=True)
    hook = portal.add_webhook(uid, scopes=["crm"])
    error(
        portal,
        "crm.item.delete",
        {"entityTypeId": 1268, "id": 1},
        403,
        "allowed_only_intranet_user",
        "Action allowed only for intranet users",
        user=uid,
        token=hook,
    )
    assert result(portal, "crm.item.get", {"entityTypeId": 1268, "id": 1})["item"]["id"] == 1


def test_delete_form_encoded_and_b24pysdk_name(portal):
    _seed_portal(portal)
    add_item(portal, 1268)
    # PHP-style form body, and the mixed-case name with transport suffix b24pysdk sends
    r = portal.http.post(f"/rest/1/{portal.token}/crm.item.Delete.json", data={"entityTypeId": "1268", "id": "1"})
    assert r.status_code == 200 and r.json()["result"] == []
    r = httpx.get(f"{portal.base_url}/rest/1/{portal.token}/crm.item.delete?entityTypeId=1268&id=2")
    assert r.status_code == 200 and r.json()["result"] == []
