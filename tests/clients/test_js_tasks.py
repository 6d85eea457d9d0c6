"""@bitrix24/b24jssdk 2.2.0 (pinned in tests/js, unmodified) over ``--tls`` with ``NODE_EXTRA_CA_CERTS``:
``actions.v3.call.make`` on the task methods (incl. the METHODNOTFOUND answer for a method v3 lacks) and the
v3 list helpers ``callList`` / ``fetchList`` over 250 tasks. Each failure shows every request and answer."""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

import pytest

from b24local.testing import PortalClient
from tests.conftest import JS_DIR


def run(node: str, portal: PortalClient, scenario: str) -> dict[str, Any]:
    hook = f"{portal.base_url}/rest/1/{portal.token}"
    env = {**os.environ, "NODE_EXTRA_CA_CERTS": str(portal.ca_path)}
    done = subprocess.run(
        [node, "tasks.mjs", hook, scenario], cwd=JS_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"JS SDK scenario {scenario} failed:\n{done.stdout}\n{done.stderr}"
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["ok"] is True
    return out


def test_v3_call_make_on_task_methods(node: str, tls_portal: PortalClient) -> None:
    tls_portal.reset()
    tls_portal.seed({"users": [{"id": 29, "name": "Creator"}]})
    out = run(node, tls_portal, "crud")
    data = out["data"]
    tid = data["created"]["id"]
    report = json.dumps(out["exchanges"], indent=1)[:4000]
    assert data["created"]["title"] == "From the JS SDK", report
    assert data["got"] == {"id": tid, "title": "From the JS SDK", "status": "pending"}, report
    assert data["updated"] == {"result": True}, report
    assert data["listed"] == [{"id": tid, "title": "Renamed by JS"}], report
    assert data["read"] is True, report
    assert (data["result"]["taskId"], data["result"]["text"]) == (tid, "JS result"), report
    assert [r["text"] for r in data["results"]] == ["JS result"], report
    assert data["deleted"] == {"result": True}, report
    assert data["missing"]["isSuccess"] is False, report
    assert any("not found" in e for e in data["missing"]["errors"]), report
    assert all("/rest/api/1/" in e["request"]["url"] for e in out["exchanges"]), report


def test_v3_method_not_found(node: str, tls_portal: PortalClient) -> None:
    tls_portal.reset()
    out = run(node, tls_portal, "notfound")
    report = json.dumps(out["exchanges"], indent=1)
    assert out["data"]["isSuccess"] is False, report
    assert out["data"]["errors"] == ['Method "crm.item.list" was not found.'], report
    (exchange,) = out["exchanges"]
    assert exchange["answer"]["status"] == 404, report
    assert exchange["answer"]["data"]["error"]["code"] == "BITRIX_REST_V3_EXCEPTION_METHODNOTFOUNDEXCEPTION", report


@pytest.fixture
def many_tasks(tls_portal: PortalClient) -> list[int]:
    tls_portal.reset()
    ids = list(range(5, 5 + 250 * 3, 3))  # 250 tasks with gaps in their ids
    tls_portal.seed({"tasks": [{"id": i, "title": f"Task {i}"} for i in ids]})
    return ids


def test_v3_call_list_over_250_tasks(node: str, tls_portal: PortalClient, many_tasks: list[int]) -> None:
    out = run(node, tls_portal, "callList")
    assert out["data"] == many_tasks, json.dumps(out["exchanges"][:3], indent=1)
    assert len(out["exchanges"]) == 3  # 100 + 100 + 50: a short page ends it


def test_v3_fetch_list_over_250_tasks(node: str, tls_portal: PortalClient, many_tasks: list[int]) -> None:
    out = run(node, tls_portal, "fetchList")
    pages = out["data"]
    assert [len(p) for p in pages] == [100, 100, 50], json.dumps(out["exchanges"][:3], indent=1)
    assert [i for p in pages for i in p] == many_tasks
