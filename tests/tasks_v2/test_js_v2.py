"""@bitrix24/b24jssdk 2.2.0 (pinned in tests/js, unmodified) over ``--tls``: ``callMethod('tasks.task.get')``,
``callListMethod('tasks.task.list')``, ``actions.v2.call.make``, and ``actions.v3.callList.make`` /
``fetchList.make`` over ``main.eventlog.list``, with the seeds the SDK's own live suite assumes (task 2 exists,
task 3 does not)."""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

from b24local.testing import PortalClient
from tests.conftest import JS_DIR


def run(node: str, portal: PortalClient, scenario: str) -> dict[str, Any]:
    hook = f"{portal.base_url}/rest/1/{portal.token}"
    env = {**os.environ, "NODE_EXTRA_CA_CERTS": str(portal.ca_path)}
    done = subprocess.run(
        [node, "tasks_v2.mjs", hook, scenario], cwd=JS_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"JS SDK scenario {scenario} failed:\n{done.stdout}\n{done.stderr}"
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["ok"] is True
    return dict(out)


def test_v2_task_calls(node: str, tls_portal: PortalClient) -> None:
    tls_portal.seed({"tasks": [{"id": i, "title": f"Task {i}"} for i in [2, *range(4, 60)]]})
    out = run(node, tls_portal, "v2")
    data = out["data"]
    report = json.dumps(out["exchanges"][:4], indent=1)[:3000]
    assert data["task"]["id"] == "2" and data["task"]["title"] == "Task 2", report
    assert data["operating"] >= 0 and data["resetAt"] > 0, report
    assert data["missing"] == [], report
    assert data["wrong"]["code"] == "ERR_BAD_REQUEST" and data["wrong"]["status"] == 400, report
    assert data["made"] == "From JS", report
    assert data["listed"] == [2, *range(4, 61)], report
    assert all("/rest/1/" in e["request"]["url"] for e in out["exchanges"]), report


def test_v3_list_helpers_over_the_event_log(node: str, tls_portal: PortalClient) -> None:
    tls_portal.seed(
        {
            "event_log": [
                {"id": i, "timestampX": "2026-01-30T14:05:38+02:00", "itemId": "1", "userId": 1} for i in range(1, 26)
            ]
        }
    )
    out = run(node, tls_portal, "eventlog")
    data = out["data"]
    report = json.dumps(out["exchanges"][:3], indent=1)[:3000]
    assert data["listed"][:25] == list(range(1, 26)), report
    assert len(data["listed"]) >= 26, report  # the webhook's own USER_AUTHORIZE entry follows the seeded ones
    assert [i for chunk in data["chunks"] for i in chunk] == data["listed"], report
    assert all(chunk for chunk in data["chunks"]), report
    assert all("/rest/api/1/" in e["request"]["url"] for e in out["exchanges"]), report
