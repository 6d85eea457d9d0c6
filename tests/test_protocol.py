"""The wire, through a real ``b24local serve`` process on SQLite and PostgreSQL: URL forms, parameter
encodings, authentication failures, the error catalogue and the envelopes."""

from __future__ import annotations

import re

import pytest

TIME_KEYS = [
    "start",
    "finish",
    "duration",
    "processing",
    "date_start",
    "date_finish",
    "operating_reset_at",
    "operating",
]
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


def assert_time_block(time: dict) -> None:
    assert list(time) == TIME_KEYS
    assert isinstance(time["start"], int)
    assert isinstance(time["finish"], float)
    assert time["duration"] == pytest.approx(time["finish"] - time["start"])
    assert isinstance(time["processing"], float) and time["processing"] >= 0
    assert ISO.match(time["date_start"]) and ISO.match(time["date_finish"])
    assert time["operating_reset_at"] == time["start"] + 600
    assert time["operating"] == 0


def v2_error(r, status: int, code: str, text: str) -> None:
    assert r.status_code == status, r.text
    assert r.json() == {"error": code, "error_description": text}


def v3_error(r, status: int, code: str, text: str) -> None:
    assert r.status_code == status, r.text
    assert r.json() == {"error": {"code": code, "message": text}}


# -- URL forms -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        "/rest/1/{t}/server.time",
        "/rest/1/{t}/server.time/",
        "/rest/1/{t}/server.time.json",
        "/rest/1/{t}/SERVER.Time.json/",
        "/rest/1/{t}/server.time?bx24_request_id=abc",
    ],
)
def test_v2_webhook_url_forms(portal, path):
    r = portal.http.post(path.format(t=portal.token))
    assert r.status_code == 200, r.text
    body = r.json()
    assert list(body) == ["result", "time"]
    assert ISO.match(body["result"])
    assert_time_block(body["time"])
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    assert r.headers["access-control-allow-origin"] == "*"


def test_v2_get_works_too(portal):
    r = portal.http.get(f"/rest/1/{portal.token}/server.time")
    assert r.status_code == 200


def test_v2_access_token_forms(portal):
    token = portal.add_token(user=1)["access_token"]
    assert portal.http.post("/rest/server.time", params={"auth": token}).status_code == 200
    assert portal.http.post("/rest/server.time", data={"auth": token}).status_code == 200
    assert portal.http.post("/rest/server.time", json={"auth": token}).status_code == 200
    assert portal.http.post("/rest/server.time.json", params={"access_token": token}).status_code == 200
    r = portal.http.post("/rest/user.current", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200 and r.json()["result"]["ID"] == "1"
    # `auth` is a credential, not a parameter the method sees
    r = portal.http.post("/rest/method.get", json={"auth": token, "name": "user.get"})
    assert r.json()["result"] == {"isExisting": True, "isAvailable": True}


def test_v2_webhook_in_query_aplogin(portal):
    r = portal.http.post("/rest/server.time", params={"aplogin": "1", "ap": portal.token})
    assert r.status_code == 200


def test_v3_forms(portal):
    token = portal.add_token(user=1)["access_token"]
    # v3 has no server.time; an unknown v3 method answers METHODNOTFOUND whatever the auth
    r = portal.http.post(f"/rest/api/1/{portal.token}/server.time", json={})
    v3_error(r, 404, "BITRIX_REST_V3_EXCEPTION_METHODNOTFOUNDEXCEPTION", 'Method "server.time" was not found.')
    r = portal.http.post("/rest/api/server.time", json={"auth": token})
    assert r.status_code == 404


# -- parameters ------------------------------------------------------------------------------------
def test_v2_parameter_encodings(portal):
    base = f"/rest/1/{portal.token}/method.get"
    expected = {"isExisting": True, "isAvailable": True}
    assert portal.http.post(base, params={"name": "user.get"}).json()["result"] == expected
    assert portal.http.post(base, data={"name": "user.get"}).json()["result"] == expected
    assert portal.http.post(base, json={"name": "user.get"}).json()["result"] == expected
    assert portal.http.post(base, files={"name": (None, "user.get")}).json()["result"] == expected
    # body wins over the query string
    r = portal.http.post(base + "?name=nothing.here", json={"name": "user.get"})
    assert r.json()["result"] == expected


def test_v2_bracket_filters_reach_the_method(portal):
    for i in range(3):
        portal.add_user(f"U{i}", email=f"u{i}@example.com")
    r = portal.http.post(
        f"/rest/1/{portal.token}/user.get",
        content="FILTER[>ID]=2&FILTER[ACTIVE]=Y",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert [u["ID"] for u in r.json()["result"]] == ["3", "4"]
    r = portal.http.post(f"/rest/1/{portal.token}/user.get?FILTER[@ID][]=1&FILTER[@ID][]=3")
    assert [u["ID"] for u in r.json()["result"]] == ["1", "3"]


def test_malformed_bodies_never_crash(portal):
    url = f"/rest/1/{portal.token}/user.get"
    form = {"content-type": "application/x-www-form-urlencoded"}
    # broken percent-encoding stays literal (PHP urldecode)
    r = portal.http.post(url, content="FILTER[NAME]=%ZZ", headers=form)
    assert r.status_code == 200 and r.json()["result"] == []
    # invalid UTF-8
    v2_error(
        portal.http.post(url, content=b"FILTER[NAME]=%FF%FE", headers=form),
        400,
        "WRONG_ENCODING",
        "Wrong request encoding",
    )
    # deeply nested key is dropped as PHP drops it: the call runs without it
    r = portal.http.post(url, content="FILTER" + "[x]" * 100 + "=1", headers=form)
    assert r.status_code == 200 and len(r.json()["result"]) == 1
    # broken JSON on v2 means no parameters (PHP json_decode failure)
    r = portal.http.post(url, content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 200 and r.json()["total"] == 1


def test_v3_invalid_json(portal):
    url = f"/rest/api/1/{portal.token}/batch"
    for content, ctype in [
        (b"{oops", "application/json"),
        (b"id=1", "application/x-www-form-urlencoded"),
        (b"42", "application/json"),
    ]:
        r = portal.http.post(url, content=content, headers={"content-type": ctype})
        if r.status_code == 404:
            pytest.skip("no v3 method registered yet to receive a body")
        v3_error(r, 400, "BITRIX_REST_V3_EXCEPTION_INVALIDJSONEXCEPTION", "Invalid JSON.")


def test_body_limit(tmp_path, backend):
    from conftest import start_server

    server, schema = start_server(backend, tmp_path, "--max-body", "1000")
    try:
        from b24local.testing import PortalClient

        p = PortalClient(server)
        r = p.http.post(
            f"/rest/1/{p.token}/server.time",
            content=b"a=" + b"x" * 2000,
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        v2_error(r, 413, "PAYLOAD_TOO_LARGE", "Request body is larger than 1000 bytes")
        r = p.http.post(
            f"/rest/api/1/{p.token}/tasks.task.add",
            content=b"{" + b" " * 2000 + b"}",
            headers={"content-type": "application/json"},
        )
        v3_error(r, 413, "BITRIX_REST_V3_EXCEPTION_PAYLOADTOOLARGEEXCEPTION", "Request body is larger than 1000 bytes")
        assert p.http.post(f"/rest/1/{p.token}/server.time").status_code == 200
        p.close()
    finally:
        server.stop()
        if schema:
            schema.drop()


# -- errors: method, auth, scope -------------------------------------------------------------------
def test_unknown_method_comes_before_auth(portal):
    v2_error(portal.http.post("/rest/1/wrong/no.such.method"), 404, "ERROR_METHOD_NOT_FOUND", "Method not found!")
    v2_error(portal.http.post("/rest/no.such.method"), 404, "ERROR_METHOD_NOT_FOUND", "Method not found!")
    v2_error(portal.http.post("/rest/1/wrong/"), 404, "ERROR_METHOD_NOT_FOUND", "Method not found!")
    v3_error(
        portal.http.post("/rest/api/1/wrong/no.such", json={}),
        404,
        "BITRIX_REST_V3_EXCEPTION_METHODNOTFOUNDEXCEPTION",
        'Method "no.such" was not found.',
    )


def test_auth_failures_v2(portal):
    v2_error(portal.http.post("/rest/server.time"), 401, "NO_AUTH_FOUND", "Wrong authorization data")
    v2_error(portal.http.post("/rest/1/wrongtoken/server.time"), 401, "NO_AUTH_FOUND", "Wrong authorization data")
    v2_error(portal.http.post(f"/rest/2/{portal.token}/server.time"), 401, "NO_AUTH_FOUND", "Wrong authorization data")
    v2_error(
        portal.http.post("/rest/server.time", params={"auth": "nope"}), 401, "NO_AUTH_FOUND", "Wrong authorization data"
    )
    expired = portal.add_token(user=1, expires_in=-5)["access_token"]
    v2_error(
        portal.http.post("/rest/server.time", params={"auth": expired}),
        401,
        "expired_token",
        "The access token provided has expired",
    )
    revoked = portal.add_token(user=1)
    portal.admin("POST", f"tokens/{revoked['id']}/revoke").raise_for_status()
    v2_error(
        portal.http.post("/rest/server.time", params={"auth": revoked["access_token"]}),
        403,
        "INVALID_CREDENTIALS",
        "Invalid request credentials",
    )
    # the webhook's user is deactivated
    uid = portal.add_user("Gone")
    hook = portal.add_webhook(user=uid)
    assert portal.call("server.time", user=uid, token=hook).status_code == 200
    portal.admin("PATCH", f"users/{uid}", json={"active": False}).raise_for_status()
    v2_error(
        portal.call("server.time", user=uid, token=hook), 403, "INVALID_CREDENTIALS", "Invalid request credentials"
    )


def test_auth_failures_v3(portal):
    denied = ("BITRIX_REST_V3_EXCEPTION_ACCESSDENIEDEXCEPTION", "Access denied")
    url = "/rest/api/1/wrongtoken/batch"
    r = portal.http.post(url, json={})
    if r.status_code == 404:
        pytest.skip("no v3 method registered yet")
    v3_error(r, 401, *denied)
    v3_error(portal.http.post("/rest/api/batch", json={}), 401, *denied)
    expired = portal.add_token(user=1, expires_in=-5)["access_token"]
    v3_error(portal.http.post("/rest/api/batch", json={"auth": expired}), 401, *denied)


def test_scopes(portal):
    hook = portal.add_webhook(user=1, scopes=["crm"])
    # global methods need no scope
    assert portal.call("server.time", token=hook).status_code == 200
    assert portal.call("scope", token=hook).json()["result"] == ["crm"]
    v2_error(
        portal.call("user.current", token=hook),
        403,
        "insufficient_scope",
        "The request requires higher privileges than provided by the webhook token",
    )
    token = portal.add_token(user=1, scopes=["crm"])["access_token"]
    v2_error(
        portal.http.post("/rest/user.current", params={"auth": token}),
        403,
        "insufficient_scope",
        "The request requires higher privileges than provided by the access token",
    )
    # user_brief satisfies user.* methods with its narrower field list
    brief = portal.add_webhook(user=1, scopes=["user_brief"])
    result = portal.call("user.current", token=brief).json()["result"]
    assert "EMAIL" not in result and result["ID"] == "1"


def test_require_https(tmp_path, backend):
    from conftest import start_server

    server, schema = start_server(backend, tmp_path, "--require-https")
    try:
        from b24local.testing import PortalClient

        p = PortalClient(server)
        v2_error(p.call("server.time"), 400, "INVALID_REQUEST", "Https required")
        token = p.add_token(user=1)["access_token"]
        # tokens are not webhooks: the HTTPS rule is the webhook's (apauth)
        assert p.http.post("/rest/server.time", params={"auth": token}).status_code == 200
        p.close()
    finally:
        server.stop()
        if schema:
            schema.drop()


# -- service methods -------------------------------------------------------------------------------
def test_service_methods(portal):
    hook = portal.add_webhook(user=1, scopes=["user", "crm"])
    r = portal.call("scope", token=hook).json()
    assert r["result"] == ["crm", "user"]
    full = portal.call("scope", {"full": True}, token=hook).json()["result"]
    from b24local.methods import load as load_all

    assert full == load_all().scopes() and "user" in full
    names = portal.call("methods", token=hook).json()["result"]
    assert "server.time" in names and "user.get" in names
    assert portal.call("methods", {"scope": ""}, token=hook).json()["result"] == sorted(
        ["app.info", "method.get", "methods", "profile", "scope", "server.time", "batch"]
        if "batch" in names
        else ["app.info", "method.get", "methods", "profile", "scope", "server.time"]
    )
    assert portal.call("method.get", {"name": "user.get"}, token=hook).json()["result"] == {
        "isExisting": True,
        "isAvailable": True,
    }
    assert portal.call("method.get", {"name": "nope"}, token=hook).json()["result"] == {
        "isExisting": False,
        "isAvailable": False,
    }
    assert portal.call("method.get", {}, token=hook).json()["result"] == {"isExisting": False, "isAvailable": False}
    profile = portal.call("profile").json()["result"]
    assert list(profile) == ["ID", "ADMIN", "NAME", "LAST_NAME", "PERSONAL_GENDER", "TIME_ZONE", "TIME_ZONE_OFFSET"]
    assert profile["ID"] == "1" and profile["ADMIN"] is True and profile["NAME"] == "Admin"
    info = portal.call("app.info", token=hook).json()["result"]
    assert info == {"SCOPE": ["crm", "user"], "LICENSE": "en_ent10000"}
    token = portal.add_token(user=1)["access_token"]
    v2_error(
        portal.http.post("/rest/app.info", params={"auth": token}),
        403,
        "ACCESS_DENIED",
        "Access denied! Application context required",
    )


def test_user_current_and_get(portal):
    me = portal.call("user.current").json()
    assert list(me) == ["result", "time"]
    assert me["result"]["ID"] == "1" and me["result"]["ACTIVE"] is True and me["result"]["NAME"] == "Admin"
    assert me["result"]["UF_DEPARTMENT"] == [1] and me["result"]["USER_TYPE"] == "employee"
    assert "XML_ID" not in me["result"]  # null values are left out
    for i in range(2, 61):
        portal.add_user(f"Name{i}", last_name="Smith" if i % 2 else "Jones", email=f"u{i}@example.com")
    page1 = portal.call("user.get").json()
    assert list(page1) == ["result", "next", "total", "time"]
    assert page1["total"] == 60 and page1["next"] == 50 and len(page1["result"]) == 50
    page2 = portal.call("user.get", {"start": 50}).json()
    assert "next" not in page2 and [u["ID"] for u in page2["result"]] == [str(i) for i in range(51, 61)]
    assert portal.call("user.get", {"start": 57}).json()["result"][0]["ID"] == "51"  # floored to 50
    one = portal.call("user.get", {"ID": 7}).json()
    assert [u["ID"] for u in one["result"]] == ["7"] and one["total"] == 1
    jones = portal.call("user.get", {"FILTER": {"LAST_NAME": "Jones", ">ID": 50}}).json()["result"]
    assert [u["ID"] for u in jones] == ["52", "54", "56", "58", "60"]
    like = portal.call("user.get", {"filter": {"%EMAIL": "u1"}}).json()["result"]
    assert {u["ID"] for u in like} == {str(i) for i in [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]}
    desc = portal.call("user.get", {"sort": "ID", "order": "desc"}).json()["result"]
    assert desc[0]["ID"] == "60"
    selected = portal.call("user.get", {"ID": 2, "select": ["ID", "EMAIL"]}).json()["result"]
    assert selected == [{"ID": "2", "EMAIL": "u2@example.com"}]
    empty = portal.call("user.get", {"ID": 999}).json()
    assert list(empty) == ["result", "time"] and empty["result"] == []
    nocount = portal.call("user.get", {"start": -1}).json()
    assert nocount["total"] == 0 and "next" not in nocount
    v2_error(
        portal.call("user.get", {"sort": "NOPE", "order": "ASC"}),
        400,
        "100",
        "Unknown field definition `NOPE` (NOPE) for \\Bitrix\\Intranet\\User Entity.",
    )
    r = portal.call("user.get", {"sort": "ID", "order": "sideways"})
    assert r.status_code == 400 and r.json() == {
        "error": "ERROR_ARGUMENT",
        "error_description": 'Invalid order "SIDEWAYS"',
        "argument": "",
    }


def test_errors_carry_no_time_block_and_v2_empty_maps_are_lists(portal):
    r = portal.call("no.such")
    assert "time" not in r.json()
    r = portal.call("user.get", {"ID": 1, "select": ["UF_DEPARTMENT"]})
    assert r.json()["result"] == [{"UF_DEPARTMENT": [1]}]


def test_reset_restores_fresh_portal(portal):
    uid = portal.add_user("Temp")
    hook = portal.add_webhook(user=1)
    portal.reset()
    assert portal.call("user.get", {"ID": uid}).json()["result"] == []
    assert portal.call("server.time", token=hook).status_code == 401  # only the default webhook survives
    assert portal.call("server.time").status_code == 200
    assert portal.add_user("Again") == 2  # ids start over


def test_xml_transport(portal):
    r = portal.http.post(f"/rest/1/{portal.token}/user.get.xml", json={"ID": 1, "select": ["ID", "ACTIVE"]})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/xml; charset=utf-8"
    text = r.text
    assert text.startswith(
        '<?xml version="1.0" encoding="utf-8"?><response><result><item><ID>1</ID>'
        "<ACTIVE>1</ACTIVE></item></result><total>1</total><time><start>"
    )
    assert text.endswith("</time></response>")
    r = portal.http.post("/rest/1/nope/server.time.xml")
    assert r.status_code == 401 and r.text == (
        '<?xml version="1.0" encoding="utf-8"?><response><error>NO_AUTH_FOUND'
        "</error><error_description>Wrong authorization data"
        "</error_description></response>"
    )
