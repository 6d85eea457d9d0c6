"""record and compare through real processes: a second b24local plays the user's portal, configured to
answer differently (another time zone, a webhook without the crm scope, a fault rule), and the report must
name exactly those differences."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from b24local.testing import PortalClient
from tests.conftest import start_server

SCOPES_WITHOUT_CRM = ["user", "task", "tasks"]
SEED = {
    "users": [{"id": 29, "name": "Anna", "last_name": "Petrova"}],
    "tasks": [
        {"id": 7, "title": "Existed before recording", "creatorId": 29, "responsibleId": 1},
        {"id": 20, "title": "Never read", "creatorId": 1, "responsibleId": 1},
    ],
}
FAULT = {"method": "server.time", "error": "QUERY_LIMIT_EXCEEDED", "times": 1}
URL_LINE = re.compile(r"^v2 webhook: (\S+)$", re.MULTILINE)


@pytest.fixture
def upstream(backend: str, tmp_path: Path) -> Iterator[tuple[PortalClient, str]]:
    """A b24local in Moscow's time zone with user 29 and tasks 7 and 20, and a webhook without ``crm``."""
    server, schema = start_server(backend, tmp_path / "upstream", "--timezone", "Europe/Moscow")
    client = PortalClient(server)
    client.seed(SEED)
    token = client.add_webhook(1, scopes=SCOPES_WITHOUT_CRM)
    yield client, f"{server.base_url}/rest/1/{token}/"
    client.close()
    server.stop()
    if schema:
        schema.drop()


def cli(*args: str, check_exit: int | None = 0) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "b24local", *args], capture_output=True, text=True, timeout=300)
    if check_exit is not None:
        assert done.returncode == check_exit, f"{args}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


class Recording:
    """``b24local record`` running as the user runs it."""

    def __init__(self, upstream: str, out: Path, log: Path) -> None:
        self.log = log
        cmd = [
            sys.executable,
            "-m",
            "b24local",
            "record",
            "--upstream",
            upstream,
            "--listen",
            "127.0.0.1:0",
            "--out",
            str(out),
        ]
        self.process = subprocess.Popen(cmd, stdout=open(log, "wb"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while not URL_LINE.search(log.read_text()):
            assert self.process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        self.v2 = URL_LINE.search(log.read_text()).group(1)  # type: ignore[union-attr]
        self.v3 = self.v2.replace("/rest/", "/rest/api/")

    def stop(self) -> str:
        self.process.terminate()
        self.process.wait(10)
        return self.log.read_text()


def make_calls(v2: str, v3: str) -> list[int]:
    """What the user's tests do through the proxy; returns the statuses the portal gave."""
    with httpx.Client(timeout=30) as http:
        answers = [
            http.post(v2 + "server.time", json={}),
            http.post(v2 + "user.get", data={"ID": "29"}),  # a form, as CRest sends it
            http.post(v3 + "tasks.task.get", json={"id": 7}),
            http.post(
                v3 + "tasks.task.add",
                json={"fields": {"title": "Made while recording", "creatorId": 29, "responsibleId": 1}},
            ),
            http.post(v3 + "tasks.task.get", json={"id": 21, "select": ["id", "title"]}),
            http.post(v2 + "crm.item.list?auth=leaky-secret-value", json={"entityTypeId": 2}),
        ]
    return [a.status_code for a in answers]


EXPECTED = {
    (1, "status", "", 503, 200),
    (1, "error_code", "", "QUERY_LIMIT_EXCEEDED", None),
    (1, "error_message", "", "Too many requests", None),
    (1, "missing_key", "error", "error", None),
    (1, "missing_key", "error_description", "error_description", None),
    (1, "extra_key", "result", None, "result"),
    (1, "extra_key", "time", None, "time"),
    (6, "status", "", 403, 200),
    (6, "error_code", "", "insufficient_scope", None),
    (6, "error_message", "", "The request requires higher privileges than provided by the webhook token", None),
    (6, "missing_key", "error", "error", None),
    (6, "missing_key", "error_description", "error_description", None),
    (6, "extra_key", "result", None, "result"),
    (6, "extra_key", "total", None, "total"),
    (6, "extra_key", "time", None, "time"),
}


def check_report(report: dict[str, Any]) -> None:
    """Exactly the configured differences: the fault, the missing scope, and the time zone's offsets."""
    diffs = [(c["seq"], d) for c in report["calls"] for d in report["calls"][c["seq"] - 1]["differences"]]
    others = {(seq, d["kind"], d["path"], d["expected"], d["actual"]) for seq, d in diffs if d["kind"] != "type"}
    assert others == EXPECTED
    types = [(seq, d) for seq, d in diffs if d["kind"] == "type"]
    assert {(d["expected"], d["actual"]) for _, d in types} == {("datetime+03:00", "datetime+00:00")}
    assert {seq for seq, _ in types} == {2, 3, 4, 5}  # every success, and only them
    for seq in (2, 3, 4, 5):
        paths = {d["path"] for s, d in types if s == seq}
        assert {"time.date_start", "time.date_finish"} <= paths
    assert all(d["known"] is None for _, d in diffs)
    assert [c["actual_status"] for c in report["calls"]] == [200] * 6  # ids mapped, what was read seeded
    assert report["summary"] == {
        "calls": 6,
        "calls_differing": 6,
        "differences": len(diffs),
        "known_differences": 0,
    }


def test_record_then_compare_reports_exactly_the_configured_differences(
    upstream: tuple[PortalClient, str], tmp_path: Path
) -> None:
    portal, hook = upstream
    portal.admin("POST", "faults", json=FAULT)
    scenario = tmp_path / "scenario.json"
    recording = Recording(hook, scenario, tmp_path / "record.log")
    try:
        statuses = make_calls(recording.v2, recording.v3)
    finally:
        log = recording.stop()
    assert statuses == [503, 200, 200, 200, 200, 403]
    assert "recording calls to" in log and "/rest/1/***/" in log

    text = scenario.read_text()
    secret = hook.rstrip("/").rsplit("/", 1)[1]
    assert secret not in text and "leaky-secret-value" not in text
    doc = orjson.loads(text)
    assert doc["upstream"].endswith("/rest/1/***/")
    assert [c["request"]["method"] for c in doc["calls"]] == [
        "server.time",
        "user.get",
        "tasks.task.get",
        "tasks.task.add",
        "tasks.task.get",
        "crm.item.list",
    ]
    assert doc["calls"][1]["request"]["form"] == [["ID", "29"]]
    assert doc["calls"][5]["request"]["query"] == [["auth", "***"]]
    assert doc["calls"][3]["answer"]["json"]["result"]["item"]["id"] == 21

    out = tmp_path / "report.json"
    done = cli("compare", str(scenario), "--json", str(out), check_exit=1)
    check_report(orjson.loads(out.read_bytes()))
    assert "6 calls, 6 differ:" in done.stdout
    assert re.search(r"^\s+1\s+server\.time \(v2\)\s+503→200\s+7 differ$", done.stdout, re.MULTILINE)

    # the same scenario, run live against the portal and a fresh b24local side by side
    portal.admin("POST", "faults", json=FAULT)
    live = tmp_path / "live.json"
    done = cli("compare", "--upstream", hook, str(scenario), "--json", str(live), check_exit=1)
    report = orjson.loads(live.read_bytes())
    check_report(report)
    assert report["reference"].endswith("/rest/1/***/ (live)") and secret not in done.stdout
    # the portal made task 22 this time: the live run mapped 21 → 22 there, 21 → 8 on b24local
    assert [t["id"] for t in portal.v3("tasks.task.list", {"select": ["id"]}).json()["result"]["items"]][-1] == 22


def test_compare_with_the_portals_time_zone_reports_nothing_but_scope_and_fault(
    upstream: tuple[PortalClient, str], tmp_path: Path
) -> None:
    _, hook = upstream
    scenario = tmp_path / "scenario.json"
    recording = Recording(hook, scenario, tmp_path / "record.log")
    try:
        with httpx.Client() as http:
            http.post(recording.v3 + "tasks.task.get", json={"id": 7})
            http.post(recording.v2 + "user.current", json={})
    finally:
        recording.stop()
    done = cli("compare", str(scenario), "--timezone", "Europe/Moscow", check_exit=0)
    assert done.stdout.rstrip().endswith("2 calls, 0 differ: 0 differences, 0 known")


def test_compare_refuses_what_is_not_a_scenario(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"calls": []}')
    done = cli("compare", str(bad), check_exit=1)
    assert done.stderr.strip() == f"error: {bad} is not a scenario written by b24local record (b24local-scenario/1)"
    done = cli("record", "--upstream", "https://example.invalid/nope", "--listen", "127.0.0.1:0", check_exit=1)
    assert "is not a webhook address" in done.stderr
