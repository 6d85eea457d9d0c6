"""CRM access rights set by an administrator (admin API and CLI); administrators are never restricted."""

from __future__ import annotations

from tests.crm.helpers import add_item, error, result


def _bob(portal):
    uid = portal.add_user("Bob")
    return uid, {"user": uid, "token": portal.add_webhook(uid, scopes=["crm"])}


def test_defaults_allow_everything(portal):
    uid, bob = _bob(portal)
    deal = add_item(portal, 2, {"title": "b"}, **bob)
    assert result(portal, "crm.item.get", {"entityTypeId": 2, "id": deal["id"]}, **bob)["item"]["title"] == "b"
    assert result(portal, "crm.item.delete", {"entityTypeId": 2, "id": deal["id"]}, **bob) == []
    assert portal.admin("GET", "crm/permissions").json() == {"permissions": []}


def test_admin_api_rules(portal):
    uid, bob = _bob(portal)
    r = portal.admin("POST", "crm/permissions", json={"user": uid, "entityTypeId": 2, "add": False})
    assert r.status_code == 200
    assert r.json() == {
        "permission": {"user": uid, "entityTypeId": 2, "read": True, "add": False, "update": True, "delete": True}
    }
    error(portal, "crm.item.add", {"entityTypeId": 2, "fields": {}}, 400, "ACCESS_DENIED", "Access denied", **bob)
    assert result(portal, "crm.item.list", {"entityTypeId": 2})["items"] == []  # the denied add left nothing
    assert add_item(portal, 1, {}, **bob)["id"] == 1  # other types are not affected
    r = portal.admin("POST", "crm/permissions", json={"user": uid, "entityTypeId": 2, "update": False})
    assert r.json()["permission"]["add"] is False and r.json()["permission"]["update"] is False
    listed = portal.admin("GET", f"crm/permissions?user={uid}").json()["permissions"]
    assert listed == [{"user": uid, "entityTypeId": 2, "read": True, "add": False, "update": False, "delete": True}]
    deal = add_item(portal, 2, {"title": "admin's"})
    error(
        portal,
        "crm.item.update",
        {"entityTypeId": 2, "id": deal["id"], "fields": {"title": "x"}},
        400,
        "ACCESS_DENIED",
        "Access denied",
        **bob,
    )
    assert result(portal, "crm.item.get", {"entityTypeId": 2, "id": deal["id"]}, **bob)["item"]["title"] == "admin's"
    assert portal.admin("DELETE", f"crm/permissions/{uid}/2").json() == {"result": True}
    assert add_item(portal, 2, {}, **bob)["createdBy"] == uid
    assert portal.admin("DELETE", f"crm/permissions/{uid}/2").status_code == 404


def test_admin_api_validation(portal):
    missing_user = {"user": 99, "entityTypeId": 2, "read": False}
    assert portal.admin("POST", "crm/permissions", json=missing_user).status_code == 400
    assert portal.admin("POST", "crm/permissions", json={"user": 1, "entityTypeId": 2, "read": "no"}).status_code == 400
    assert portal.admin("POST", "crm/permissions", json={"entityTypeId": 2}).status_code == 400


def test_admins_ignore_rules(portal):
    r = portal.admin("POST", "crm/permissions", json={"user": 1, "entityTypeId": 2, "add": False, "read": False})
    assert r.status_code == 200
    deal = add_item(portal, 2, {"title": "still"})
    assert result(portal, "crm.item.get", {"entityTypeId": 2, "id": deal["id"]})["item"]["title"] == "still"


def test_cli(portal):
    uid, bob = _bob(portal)
    out = portal.server.cli(
        "crm-perm", "set", "--user", str(uid), "--entity-type", "2", "--read", "--no-add", "--no-delete"
    )
    assert "add no" in out.stdout and "read yes" in out.stdout
    listing = portal.server.cli("crm-perm", "list").stdout
    assert str(uid) in listing
    error(portal, "crm.item.add", {"entityTypeId": 2, "fields": {}}, 400, "ACCESS_DENIED", "Access denied", **bob)
    deal = add_item(portal, 2, {"title": "x"})
    error(
        portal, "crm.item.delete", {"entityTypeId": 2, "id": deal["id"]}, 400, "ACCESS_DENIED", "Access denied", **bob
    )
    assert result(portal, "crm.item.get", {"entityTypeId": 2, "id": deal["id"]}, **bob)["item"]["id"] == deal["id"]
    portal.server.cli("crm-perm", "reset", "--user", str(uid), "--entity-type", "2")
    assert result(portal, "crm.item.delete", {"entityTypeId": 2, "id": deal["id"]}, **bob) == []
    bad = portal.server.cli("crm-perm", "set", "--user", "999", "--entity-type", "2", "--no-read", check=False)
    assert bad.returncode == 1
