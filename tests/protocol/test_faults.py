"""Fault rules through a real server: catalogue errors, bare statuses, non-JSON bodies, latency,
cut connections, next-N and probability, glob patterns, the admin API and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import httpx
import pytest

QLE = {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"}


def add(p, **rule) -> dict:
    r = p.admin("POST", "faults", json=rule)
    assert r.status_code == 201, r.text
    return r.json()


def test_next_three_calls_fail_then_succeed(p):
    rule = add(p, method="server.time", error="QUERY_LIMIT_EXCEEDED", times=3)
    assert rule == {
        "id": rule["id"],
        "method": "server.time",
        "api": None,
        "error": "QUERY_LIMIT_EXCEEDED",
        "message": None,
        "status": None,
        "body": None,
        "disconnect": False,
        "latency": 0.0,
        "times": 3,
        "probability": 1.0,
        "fired": 0,
    }
    assert p.call("scope").status_code == 200  # other methods are untouched
    for _ in range(3):
        r = p.call("server.time")
        assert (r.status_code, r.json()) == (503, QLE)
        assert r.headers["content-type"] == "application/json; charset=utf-8"
    assert p.call("server.time").status_code == 200
    assert p.admin("GET", "faults").json() == {"faults": []}  # used up
    hit, passed = p.admin("GET", "requests", params={"method": "server.time", "limit": 2}).json()["requests"][::-1]
    assert (hit["status"], hit["error"], hit["fault"], hit["principal"]) == (
        503,
        "QUERY_LIMIT_EXCEEDED",
        rule["id"],
        None,
    )
    assert (passed["status"], passed["fault"]) == (200, None)
    # the v2 shape on the v3 path too (docs/fidelity.md, "limits: bucket answer"), before the method lookup
    add(p, method="*", error="QUERY_LIMIT_EXCEEDED", times=1)
    r = p.v3("tasks.task.add", {"fields": {"title": "x"}, "auth": "secret-token"})
    assert (r.status_code, r.json()) == (503, QLE)
    entry = p.admin("GET", "requests", params={"limit": 1}).json()["requests"][0]
    assert (entry["api"], entry["method"], entry["params"]) == (3, "tasks.task.add", {"fields": {"title": "x"}})


def test_catalogue_entries_render_per_path(p):
    add(p, method="profile", error="expired_token")
    r = p.call("profile")
    assert (r.status_code, r.json()) == (
        401,
        {"error": "expired_token", "error_description": "The access token provided has expired"},
    )
    add(p, method="tasks.*", api=3, error="OPERATION_TIME_LIMIT")
    r = p.v3("tasks.task.get", {"id": 1})
    assert (r.status_code, r.json()) == (
        429,
        {
            "error": {
                "code": "BITRIX_REST_V3_EXCEPTION_RATELIMITEXCEPTION",
                "message": "Request was blocked because the limit was exceeded.",
            }
        },
    )
    # a qualified catalogue name, with message and status overridden
    add(p, method="scope", error="E.ACCESS_DENIED_PLAN", message="Custom text", status=402)
    r = p.call("scope")
    assert (r.status_code, r.json()) == (402, {"error": "ACCESS_DENIED", "error_description": "Custom text"})


def test_bare_status_and_non_json_body(p):
    add(p, method="server.time", status=500, times=1)
    r = p.call("server.time")
    assert (r.status_code, r.content, r.headers["content-type"]) == (500, b"", "text/plain; charset=utf-8")
    add(p, method="server.time", status=503, times=1)
    assert (p.call("server.time").status_code, p.call("server.time").status_code) == (503, 200)
    add(p, method="server.time", body="<html><body>502 Bad Gateway</body></html>", status=502, times=1)
    r = p.call("server.time")
    assert (r.status_code, r.text) == (502, "<html><body>502 Bad Gateway</body></html>")
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    add(p, method="server.time", body="maintenance", times=1)
    r = p.call("server.time")
    assert (r.status_code, r.text) == (200, "maintenance")


def test_latency(p):
    rule = add(p, method="server.time", latency=0.6, times=1)
    began = time.monotonic()
    r = p.call("server.time")
    assert r.status_code == 200 and time.monotonic() - began >= 0.6  # a lower bound: never flaky
    # the rule is used up, so the next call is not delayed (told by the journal, not by a stopwatch)
    assert p.call("server.time").status_code == 200
    assert p.admin("GET", "faults").json() == {"faults": []}
    latest = p.admin("GET", "requests", params={"method": "server.time", "limit": 2}).json()["requests"]
    assert [e["fault"] for e in latest] == [None, rule["id"]]
    add(p, method="server.time", latency=0.4, error="INTERNAL_SERVER_ERROR", times=1)
    began = time.monotonic()
    r = p.call("server.time")
    assert (r.status_code, r.json()["error"]) == (500, "INTERNAL_SERVER_ERROR")
    assert time.monotonic() - began >= 0.4


def test_disconnect(p):
    rule = add(p, method="server.time", disconnect=True, times=1)
    with httpx.Client(base_url=p.base_url, timeout=10) as fresh:
        with pytest.raises(httpx.TransportError):
            fresh.post(f"/rest/1/{p.token}/server.time", json={})
    assert p.call("server.time").status_code == 200  # the server lives on
    entry = p.admin("GET", "requests", params={"method": "server.time"}).json()["requests"][1]
    assert (entry["status"], entry["fault"]) == (0, rule["id"])


def test_probability(p):
    add(p, method="server.time", error="QUERY_LIMIT_EXCEEDED", probability=0)
    assert all(p.call("server.time").status_code == 200 for _ in range(20))
    p.admin("DELETE", "faults")
    rule = add(p, method="server.time", error="QUERY_LIMIT_EXCEEDED", probability=0.5)
    codes = [p.call("server.time").status_code for _ in range(200)]
    failed = codes.count(503)
    assert 60 <= failed <= 140, failed  # binomial(200, 0.5): outside this range about once in 10^8
    assert p.admin("GET", "faults").json()["faults"][0]["fired"] == failed
    assert p.admin("DELETE", f"faults/{rule['id']}").json() == {"result": True}
    assert p.admin("DELETE", f"faults/{rule['id']}").status_code == 404


def test_first_matching_rule_wins_and_glob(p):
    add(p, method="user.*", error="QUERY_LIMIT_EXCEEDED", times=1)
    add(p, method="user.current", error="INTERNAL_SERVER_ERROR", times=1)
    assert p.call("user.current").status_code == 503
    assert p.call("user.current").status_code == 500
    assert p.call("user.current").status_code == 200


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ({"error": "QUERY_LIMIT_EXCEEDED"}, "method is required (a method name or a glob pattern such as crm.item.*)"),
        (
            {"method": "x", "error": "NO_SUCH_CODE"},
            "unknown error 'NO_SUCH_CODE': give a catalogue code such as QUERY_LIMIT_EXCEEDED",
        ),
        ({"method": "x"}, "a rule needs error, status, body, disconnect or latency"),
        ({"method": "x", "status": 5000}, "status must be an HTTP status (100-599)"),
        ({"method": "x", "error": "QUERY_LIMIT_EXCEEDED", "times": 0}, "times must be a positive integer"),
        ({"method": "x", "error": "QUERY_LIMIT_EXCEEDED", "probability": 2}, "probability must be between 0 and 1"),
        ({"method": "x", "error": "QUERY_LIMIT_EXCEEDED", "colour": 1}, "unknown fault field(s): colour"),
    ],
)
def test_bad_rules_are_refused(p, rule, text):
    r = p.admin("POST", "faults", json=rule)
    assert (r.status_code, r.json()) == (400, {"error": "ADMIN_ERROR", "error_description": text})
    assert p.admin("GET", "faults").json() == {"faults": []}


def test_cli_fault_and_portal_commands(p):
    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "b24local", *args, "--url", p.base_url], capture_output=True, text=True, timeout=60
        )

    done = cli("fault", "add", "tasks.task.add", "--error", "QUERY_LIMIT_EXCEEDED", "--times", "3")
    assert done.returncode == 0, done.stderr
    rule = json.loads(done.stdout)
    assert (rule["method"], rule["times"], rule["error"]) == ("tasks.task.add", 3, "QUERY_LIMIT_EXCEEDED")
    listed = json.loads(cli("fault", "list").stdout)
    assert [f["id"] for f in listed["faults"]] == [rule["id"]]
    for _ in range(3):
        r = p.call("tasks.task.add", {"fields": {"TITLE": "x"}})
        assert (r.status_code, r.json()) == (503, QLE)
    assert json.loads(cli("fault", "list").stdout) == {"faults": []}
    bad = cli("fault", "add", "x", "--error", "NOPE")
    assert bad.returncode == 1 and "unknown error 'NOPE'" in bad.stderr
    assert cli("fault", "clear").returncode == 0

    shown = cli("portal", "set", "--plan", "free")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["plan"] == "free"
    assert p.call("server.time").json()["error"] == "ACCESS_DENIED"
    assert json.loads(cli("portal", "show").stdout)["plan"] == "free"
    assert cli("portal", "set", "--plan", "commercial").returncode == 0
    assert p.call("server.time").status_code == 200
    journal = json.loads(cli("requests", "list", "--method", "server.time", "--limit", "1").stdout)
    assert [e["status"] for e in journal["requests"]] == [200]


def test_reset_clears_runtime_state_but_keeps_settings(p):
    add(p, method="*", latency=0.01)
    p.admin("PUT", "limits/operating", json={"charge": 50})
    p.admin("PUT", "portal", json={"limits": "cloud"})
    assert p.call("server.time").status_code == 200
    assert p.admin("POST", "reset").status_code == 200
    assert p.admin("GET", "faults").json() == {"faults": []}
    assert p.admin("GET", "requests").json()["requests"] == []
    limits = p.admin("GET", "limits").json()
    assert limits["operating"] == {"limit": 480.0, "factor": 1.0, "charge": None}
    assert (limits["profile"], limits["bucket"]["level"]) == ("cloud", 0.0)
