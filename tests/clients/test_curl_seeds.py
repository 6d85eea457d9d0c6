"""Every curl example of the seed documents (tests/clients/seeds/*.txt),
run with the real ``curl`` binary exactly as written: only the address, user id, webhook and access token
placeholders are replaced. The server runs with ``--tls`` (the examples say ``https://``); curl trusts the
local CA through ``CURL_CA_BUNDLE`` and reads ``-s`` and the status write-out from a ``.curlrc``, so the
command text itself is untouched. The data the examples expect (users 1 and 29, tasks 11 and 8131, result
17, smart process 1268 with item 1) comes from a seed document."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from b24local.testing import PortalClient

HERE = Path(__file__).resolve().parent
SEEDS = HERE / "seeds"
ITEM_KEYS = list(json.loads((HERE.parent / "tasks" / "seed_004_item.json").read_text()))
TIME_V3 = ["start", "finish", "duration", "processing", "date_start", "date_finish", "operating_reset_at", "operating"]

SEED_DOC = {
    "users": [{"id": 29, "name": "Creator"}],
    "tasks": [
        {
            "id": 11,
            "title": "Eleven",
            "creatorId": 1,
            "responsibleId": 1,
            "results": [{"id": 17, "author_id": 1, "text": "Result seventeen"}],
        },
        {"id": 8131, "title": "Task 8131", "creatorId": 1, "responsibleId": 1},
    ],
    "crm_types": [{"entityTypeId": 1268, "title": "Seed process"}],
    "crm_items": [{"entityTypeId": 1268, "id": 1, "fields": {"title": "Item 1"}}],
}


def curl_examples() -> list[tuple[str, str]]:
    """(id, command text) of every ``curl …`` example, with its backslash-continued lines."""
    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines = path.read_text().splitlines()
        n = 0
        for i, line in enumerate(lines):
            if not line.strip().startswith("curl "):
                continue
            block = [line]
            j = i
            while block[-1].rstrip().endswith("\\"):
                j += 1
                block.append(lines[j])
            n += 1
            found.append((f"{path.stem[:3]}-{n}", "\n".join(block)))
    return found


EXAMPLES = curl_examples()


def test_all_examples_found() -> None:
    assert len(EXAMPLES) == 10  # two per seed document: webhook and `auth` token


# seed 002 (docs/fidelity.md, "Clients, seed files"): the example sends `creatorId`, which tasks.task.update refuses
UPDATE_ANSWER = {
    "error": {
        "code": "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION",
        "message": "Error during request object validation",
        "validation": [
            {
                "message": "In DTO `TaskDto`, the field `creatorId` requires the presence of the `Editable` "
                "attribute for such a request",
                "field": "creatorId",
            }
        ],
    }
}
STATUS = {"tasks.task.update": "400"}


def expected(method: str, body: dict) -> None:
    if method == "tasks.task.update":
        assert body == UPDATE_ANSWER
        return
    if method == "crm.item.delete":
        assert list(body) == ["result", "time"] and body["result"] == []
        return
    assert list(body) == ["result", "time"] and list(body["time"]) == TIME_V3
    if method == "tasks.task.add":
        item = body["result"]["item"]
        assert list(body["result"]) == ["item"] and list(item) == ITEM_KEYS
        assert (item["title"], item["crmItemIds"], item["status"]) == ("Task Title", ["L_1000959"], "pending")
        assert item["deadline"] == "2025-12-31T21:59:59+00:00"  # the portal's zone (UTC) renders the instant
    else:
        assert body["result"] == {"result": True}


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs the curl binary")
@pytest.mark.parametrize("example", [e[1] for e in EXAMPLES], ids=[e[0] for e in EXAMPLES])
def test_curl_example(tls_portal: PortalClient, example: str, tmp_path: Path) -> None:
    portal = tls_portal
    portal.reset()
    portal.seed(SEED_DOC)
    address = portal.base_url.removeprefix("https://")
    token = portal.add_token(user=1)["access_token"]
    command = (
        example.replace("**put_your_bitrix24_address**", address)
        .replace("**put_your_user_id_here**", "1")
        .replace("**put_your_webhook_here**", portal.token)
        .replace("**put_access_token_here**", token)
    )
    assert "**" not in command
    (tmp_path / ".curlrc").write_text('silent\nshow-error\nwrite-out = "\\n%{http_code}"\n')
    env = {
        "PATH": "/usr/bin:/bin:/usr/local/bin",
        "CURL_HOME": str(tmp_path),
        "HOME": str(tmp_path),
        "CURL_CA_BUNDLE": str(portal.ca_path),
    }
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env, timeout=60)
    text, _, status = done.stdout.rpartition("\n")
    report = f"request:\n{command}\nexit {done.returncode}, status {status}\nanswer:\n{text}\n{done.stderr}"
    method = re.search(r"/([a-z.]+)\s*$", command).group(1)  # type: ignore[union-attr]
    assert done.returncode == 0 and status == STATUS.get(method, "200"), report
    try:
        expected(method, json.loads(text))
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{report}") from exc
    # and the example did what it says
    if method == "tasks.task.delete":
        assert portal.v3("tasks.task.get", {"id": 8131}).status_code != 200, report
    elif method == "tasks.task.result.delete":
        items = portal.v3("tasks.task.result.list", {"filter": [["taskId", 11]]}).json()["result"]["items"]
        assert items == [], report
    elif method == "tasks.task.update":
        got = portal.v3("tasks.task.get", {"id": 11, "select": ["title", "creator.id"]}).json()["result"]["item"]
        assert got == {"id": 11, "title": "Eleven", "creator": {"id": 1}}, report  # refused: nothing changed
    elif method == "tasks.task.add":
        got = portal.v3("tasks.task.get", {"id": 8132, "select": ["title", "creator.id", "responsible.id"]})
        assert got.json()["result"]["item"] == {
            "id": 8132,
            "title": "Task Title",
            "creator": {"id": 29},
            "responsible": {"id": 1},
        }, report
    elif method == "crm.item.delete":
        r = portal.call("crm.item.get", {"entityTypeId": 1268, "id": 1})
        assert r.json()["error"] == "NOT_FOUND", report
