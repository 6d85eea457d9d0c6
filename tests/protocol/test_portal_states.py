"""Portal switches and credential states reach the seed errors through the ordinary request path."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select

from b24local.store import tables as t
from tests.protocol.conftest import set_portal, v3_method_available

V3_DENIED = {"error": {"code": "BITRIX_REST_V3_EXCEPTION_ACCESSDENIEDEXCEPTION", "message": "Access denied"}}


def v2_error(code: str, text: str) -> dict:
    return {"error": code, "error_description": text}


def stored_config(portal) -> dict:
    engine = create_engine(portal.server.database_url)
    try:
        with engine.connect() as conn:
            return dict(conn.execute(select(t.portal_config.c.key, t.portal_config.c.value)).all())
    finally:
        engine.dispose()


def test_settings_show_and_validate(p):
    r = p.admin("GET", "portal")
    assert r.status_code == 200
    assert r.json() == {
        "timezone": "UTC",
        "require_https": False,
        "plan": "commercial",
        "state": "active",
        "limits": "off",
    }
    bad = p.admin("PUT", "portal", json={"plan": "gold"})
    assert (bad.status_code, bad.json()) == (
        400,
        {"error": "ADMIN_ERROR", "error_description": "plan: Input should be 'commercial' or 'free'"},
    )
    bad = p.admin("PUT", "portal", json={"color": "red"})
    assert bad.status_code == 400 and bad.json()["error_description"] == "color: Extra inputs are not permitted"
    bad = p.admin("PUT", "portal", json={"require_https": "yes"})
    assert bad.status_code == 400
    bad = p.admin("PUT", "portal", json={"timezone": "Mars/Base"})
    assert (bad.status_code, bad.json()["error_description"]) == (400, "unknown time zone 'Mars/Base'")
    assert p.admin("GET", "portal").json()["plan"] == "commercial"  # bad input changed nothing


def test_timezone_takes_effect_at_once(p):
    assert p.call("server.time").json()["result"].endswith("+00:00")
    set_portal(p, timezone="Europe/Moscow")
    body = p.call("server.time").json()
    assert body["result"].endswith("+03:00") and body["time"]["date_start"].endswith("+03:00")


@pytest.mark.parametrize(
    ("settings", "status", "code", "text"),
    [
        ({"plan": "free"}, 403, "ACCESS_DENIED", "REST API is available only on commercial plans"),
        ({"state": "blocked"}, 503, "OVERLOAD_LIMIT", "REST API is blocked due to overload"),
        ({"state": "deleted"}, 500, "PORTAL_DELETED", "Portal was deleted"),
        ({"require_https": True}, 400, "INVALID_REQUEST", "Https required"),
    ],
)
def test_portal_switch_v2(p, settings, status, code, text):
    assert p.call("server.time").status_code == 200
    set_portal(p, **settings)
    assert {k: stored_config(p)[k] for k in settings} == settings  # saved in portal_config
    r = p.call("server.time")
    assert (r.status_code, r.json()) == (status, v2_error(code, text))
    assert list(r.json()) == ["error", "error_description"]
    entry = p.admin("GET", "requests", params={"limit": 1}).json()["requests"][0]
    assert (entry["method"], entry["status"], entry["error"]) == ("server.time", status, code)
    set_portal(p, plan="commercial", state="active", require_https=False)
    assert p.call("server.time").status_code == 200  # switched back at once


def test_deleted_portal_v3_and_unknown_method(p):
    set_portal(p, state="deleted")
    # checked before the method lookup, on both paths
    r = p.call("no.such.method")
    assert (r.status_code, r.json()) == (500, v2_error("PORTAL_DELETED", "Portal was deleted"))
    r = p.v3("no.such.method", {})
    assert (r.status_code, r.json()) == (401, V3_DENIED)


def test_free_plan_blocks_tokens_too(p):
    token = p.add_token(1)["access_token"]
    set_portal(p, plan="free")
    r = p.call_with_auth("server.time", {}, token)
    assert (r.status_code, r.json()) == (
        403,
        v2_error("ACCESS_DENIED", "REST API is available only on commercial plans"),
    )


def test_require_https_only_for_webhooks(p):
    token = p.add_token(1)["access_token"]
    set_portal(p, require_https=True)
    assert p.call_with_auth("server.time", {}, token).status_code == 200
    r = p.call("server.time")
    assert (r.status_code, r.json()) == (400, v2_error("INVALID_REQUEST", "Https required"))


def test_expired_and_revoked_tokens(p):
    expired = p.add_token(1, expires_in=-5)["access_token"]
    r = p.call_with_auth("server.time", {}, expired)
    assert (r.status_code, r.json()) == (401, v2_error("expired_token", "The access token provided has expired"))
    made = p.add_token(1)
    assert p.call_with_auth("server.time", {}, made["access_token"]).status_code == 200
    assert p.admin("POST", f"tokens/{made['id']}/revoke").status_code == 200
    r = p.call_with_auth("server.time", {}, made["access_token"])
    assert (r.status_code, r.json()) == (403, v2_error("INVALID_CREDENTIALS", "Invalid request credentials"))


def test_app_restricted_to_some_users(p):
    other = p.add_user("Other")
    r = p.admin("POST", "apps", json={"code": "local.app", "users": [1]})
    assert r.status_code == 201
    app_id = r.json()["id"]
    assert p.admin("GET", "apps").json() == {"apps": [{"id": app_id, "code": "local.app", "users": [1]}]}
    mine = p.add_token(1, app_id=app_id)["access_token"]
    theirs = p.add_token(other, app_id=app_id)["access_token"]
    assert p.call_with_auth("server.time", {}, mine).status_code == 200
    r = p.call_with_auth("server.time", {}, theirs)
    assert (r.status_code, r.json()) == (
        403,
        v2_error("user_access_error", "The user does not have access to the application"),
    )
    # opening the app to every user lets the same token through
    assert p.admin("PUT", f"apps/{app_id}", json={"users": None}).status_code == 200
    assert p.call_with_auth("server.time", {}, theirs).status_code == 200
    assert p.admin("PUT", f"apps/{app_id}", json={"users": ["x"]}).status_code == 400
    assert p.admin("PUT", "apps/999", json={"users": None}).status_code == 404


@pytest.mark.parametrize("settings", [{"plan": "free"}, {"state": "blocked"}, {"require_https": True}])
def test_portal_switch_v3_renders_access_denied(p, settings):
    if not v3_method_available(p, "tasks.task.list"):
        pytest.skip("needs a v3 method (tasks.task.list lands with the tasks branch)")
    set_portal(p, **settings)
    r = p.v3("tasks.task.list", {})
    assert (r.status_code, r.json()) == (401, V3_DENIED)
