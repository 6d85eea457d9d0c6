"""@bitrix24/b24jssdk 2.2.0 (pinned in tests/js/package.json + package-lock.json, unmodified) against a
real https server: v2 batch with `$result[..]`, v3 batch with `$ref` (b24jssdk's
packages/jssdk/src/tools/batch-ref-v3.ts)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from b24local.testing import PortalClient

JS = Path(__file__).resolve().parents[1] / "js"


def run(node: str, portal: PortalClient, scenario: str) -> dict[str, Any]:
    hook = f"{portal.base_url}/rest/1/{portal.token}"
    env = {**os.environ, "NODE_EXTRA_CA_CERTS": str(portal.server.ca_path)}
    done = subprocess.run(
        [node, "batch.mjs", hook, scenario], cwd=JS, env=env, capture_output=True, text=True, timeout=120
    )
    # on a client failure the script prints each request and answer it saw
    assert done.returncode == 0, f"JS SDK scenario {scenario} failed:\n{done.stdout}\n{done.stderr}"
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["ok"] is True
    return out


def test_js_v2_batch_with_result_reference(node, tls_portal):
    tls_portal.reset()
    out = run(node, tls_portal, "v2")
    data = out["data"]
    assert data["me"]["ID"] == "1"
    assert [u["ID"] for u in data["same"]] == ["1"]
    assert data["now"].endswith("+00:00")
    (exchange,) = out["exchanges"]
    assert "/rest/1/" in exchange["request"]["url"] and "/batch?" in exchange["request"]["url"]
    assert exchange["answer"]["status"] == 200


def test_js_v2_batch_reports_command_errors(node, tls_portal):
    tls_portal.reset()
    out = run(node, tls_portal, "v2errors")
    assert out["data"] == {"isSuccess": False, "errors": ["Method not found!"]}


def test_js_v3_batch_unknown_method(node, tls_portal):
    tls_portal.reset()
    out = run(node, tls_portal, "v3unknown")
    assert out["data"] == {"isSuccess": False, "errors": ['Method "server.time" was not found.']}
    assert out["exchanges"][0]["answer"]["status"] == 404


def test_js_v3_batch_with_ref(node, tls_portal):
    tls_portal.reset()
    probe = tls_portal.v3("tasks.task.add", {})
    if probe.status_code == 404 and probe.json()["error"]["code"].endswith("METHODNOTFOUNDEXCEPTION"):
        pytest.skip("tasks.task.add (v3) is not registered on this branch yet")
    out = run(node, tls_portal, "v3")
    # named calls come back by name, each the command's own `result`
    created = out["data"]["created"]["item"]
    again = out["data"]["again"]["item"]
    assert created["title"] == "From the JS SDK"
    assert again == {"id": created["id"], "title": "From the JS SDK"}
    (exchange,) = out["exchanges"]
    assert "/rest/api/1/" in exchange["request"]["url"]
    assert exchange["request"]["data"]["1"]["query"]["id"] == {"$ref": "created.item.id"}
