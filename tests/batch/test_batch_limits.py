"""Batch and the protocol machinery: fault rules per command, the operating limit per command,
one request for the leaky bucket and the journal."""

from __future__ import annotations

from typing import Any

import pytest

QLE = {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"}


def add_fault(portal, **rule: Any) -> None:
    r = portal.admin("POST", "faults", json=rule)
    assert r.status_code == 201, r.text


def test_fault_error_becomes_that_commands_error(portal):
    add_fault(portal, method="user.*", error="QUERY_LIMIT_EXCEEDED", times=1)
    r = portal.call("batch", {"cmd": {"a": "user.current", "b": "user.current", "c": "server.time"}})
    assert r.status_code == 200
    res = r.json()["result"]
    assert res["result_error"] == {"a": QLE}
    assert list(res["result"]) == ["b", "c"]
    assert portal.admin("GET", "faults").json()["faults"] == []  # used up by the one command


def test_fault_with_halt_stops_the_batch(portal):
    add_fault(portal, method="server.time", error="E.ACCESS_DENIED_PLAN")
    r = portal.call("batch", {"cmd": ["user.current", "server.time", "user.current"], "halt": True})
    res = r.json()["result"]
    assert res["result"] == [res["result"][0]] and res["result"][0]["ID"] == "1"
    assert res["result_error"] == {
        "1": {"error": "ACCESS_DENIED", "error_description": "REST API is available only on commercial plans"}
    }


@pytest.mark.parametrize(
    "rule,status,text",
    [
        ({"status": 500}, 500, ""),
        ({"status": 503}, 503, ""),
        ({"body": "<html>oops</html>", "status": 502}, 502, "<html>oops</html>"),
    ],
)
def test_transport_fault_replaces_the_whole_batch_answer(portal, rule, status, text):
    add_fault(portal, method="server.time", times=1, **rule)
    r = portal.call("batch", {"cmd": {"a": "user.current", "b": "server.time"}})
    assert r.status_code == status
    assert r.text == text
    # the rule is used up; the next batch runs normally
    r = portal.call("batch", {"cmd": {"a": "user.current", "b": "server.time"}})
    assert r.status_code == 200 and r.json()["result"]["result_error"] == []


def test_v3_fault_fails_the_whole_batch(portal):
    add_fault(portal, method="tasks.task.add", api=3, error="QUERY_LIMIT_EXCEEDED", times=1)
    probe = portal.v3("tasks.task.get", {"id": 1})
    if probe.status_code == 404 and probe.json()["error"]["code"].endswith("METHODNOTFOUNDEXCEPTION"):
        pytest.skip("tasks.task.* (v3) is not registered on this branch yet")
    before = portal.v3("tasks.task.list", {"select": ["id"]}).json()["result"]["items"]
    r = portal.v3(
        "batch",
        [
            {"method": "tasks.task.list", "query": {"select": ["id"]}},
            {"method": "tasks.task.add", "query": {"fields": {"title": "Never", "creatorId": 1, "responsibleId": 1}}},
        ],
    )
    assert r.status_code == 503 and r.json() == QLE  # the balancer's error keeps its v2 shape
    assert portal.v3("tasks.task.list", {"select": ["id"]}).json()["result"]["items"] == before


def test_operating_limit_per_command(portal):
    assert portal.admin("PUT", "portal", json={"limits": "cloud"}).status_code == 200
    assert portal.admin("PUT", "limits/operating", json={"charge": 200}).status_code == 200
    try:
        r = portal.call("batch", {"cmd": ["profile", "profile", "profile", "profile", "server.time"]})
        res = r.json()["result"]
        # 200 s charged per command: the third `profile` still starts under 480 s, the fourth is blocked
        assert {k: t["operating"] for k, t in res["result_time"].items()} == {"0": 200, "1": 400, "2": 600, "4": 200}
        assert res["result_error"] == {
            "3": {
                "error": "OPERATION_TIME_LIMIT",
                "error_description": "Method is blocked due to operation time limit.",
            }
        }
        assert list(res["result"]) == ["0", "1", "2", "4"]
        # batch itself is not charged
        assert r.json()["time"]["operating"] == 0
    finally:
        portal.admin("PUT", "limits/operating", json={"reset": True})
        portal.admin("PUT", "portal", json={"limits": "off"})


def test_a_batch_is_one_request_for_the_bucket_and_the_journal(portal):
    portal.admin("DELETE", "requests")
    r = portal.call("batch", {"cmd": ["server.time"] * 50})
    assert r.status_code == 200 and len(r.json()["result"]["result"]) == 50
    entries = portal.admin("GET", "requests").json()
    entries = entries.get("requests", entries) if isinstance(entries, dict) else entries
    assert [e["method"] for e in entries] == ["batch"]
    assert portal.admin("PUT", "portal", json={"limits": "cloud"}).status_code == 200
    try:
        level_before = portal.admin("GET", "limits").json()["bucket"]["level"]
        r = portal.call("batch", {"cmd": ["server.time"] * 50})
        assert r.status_code == 200
        level_after = portal.admin("GET", "limits").json()["bucket"]["level"]
        assert level_after - level_before < 1.5  # one request, not 51
    finally:
        portal.admin("PUT", "portal", json={"limits": "off"})
