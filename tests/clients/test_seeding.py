"""Seed documents: ``b24local seed FILE`` / ``b24local export FILE`` and ``POST /_b24local/seed`` /
``GET /_b24local/export`` on a real server, both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from b24local.testing import PortalClient

ROOT = Path(__file__).resolve().parents[2]

DOC = {
    "version": 1,
    "users": [
        {"id": 29, "name": "Anna", "last_name": "Petrova", "email": "anna@example.com"},
        {"id": 31, "name": "Guest", "user_type": "extranet"},
    ],
    "tasks": [
        {
            "id": 11,
            "title": "Seeded eleven",
            "creatorId": 1,
            "responsibleId": 29,
            "accomplices": [31],
            "auditors": [1],
            "results": [{"id": 17, "author_id": 29, "text": "done it", "created_at": 1767225600}],
        },
        {
            "id": 8131,
            "title": "Seeded far",
            "creatorId": 29,
            "responsibleId": 1,
            "status": "in_progress",
            "created": 1767225600,
            "deadline": 1767312000,
        },
    ],
    "crm_types": [{"entityTypeId": 1268, "title": "Seeded process", "isStagesEnabled": True}],
    "crm_items": [
        {"entityTypeId": 1268, "id": 1, "fields": {"title": "Item one"}},
        {"entityTypeId": 2, "id": 40, "fields": {"title": "Deal forty", "opportunity": 120}},
        {
            "entityTypeId": 3,
            "id": 5,
            "fields": {"name": "Ivan", "fm": [{"valueType": "WORK", "value": "+100", "typeId": "PHONE"}]},
        },
    ],
}


def test_seed_then_api_sees_ids(portal: PortalClient) -> None:
    assert portal.seed(DOC) == "2 users, 2 tasks, 1 results, 1 smart-process types, 3 CRM items"
    task = portal.v3(
        "tasks.task.get", {"id": 11, "select": ["id", "title", "responsible.id", "accomplices.id", "auditors.id"]}
    ).json()["result"]["item"]
    assert task == {
        "id": 11,
        "title": "Seeded eleven",
        "responsible": {"id": 29},
        "accomplices": [{"id": 31}],
        "auditors": [{"id": 1}],
    }
    far = portal.v3("tasks.task.get", {"id": 8131, "select": ["id", "status"]}).json()["result"]["item"]
    assert far == {"id": 8131, "status": "in_progress"}
    results = portal.v3("tasks.task.result.list", {"filter": [["taskId", 11]]}).json()["result"]
    assert [(r["id"], r["text"]) for r in results["items"]] == [(17, "done it")]
    item = portal.call("crm.item.get", {"entityTypeId": 1268, "id": 1}).json()["result"]["item"]
    assert (item["id"], item["title"]) == (1, "Item one")
    deal = portal.call("crm.item.get", {"entityTypeId": 2, "id": 40}).json()["result"]["item"]
    assert (deal["id"], deal["title"], deal["opportunity"]) == (40, "Deal forty", 120)
    contact = portal.call("crm.item.get", {"entityTypeId": 3, "id": 5}).json()["result"]["item"]
    assert (contact["name"], contact["fm"][0]["value"]) == ("Ivan", "+100")
    users = portal.call("user.get", {"ID": 29}).json()["result"]
    assert users[0]["NAME"] == "Anna"
    # ids keep going after the seeded ones
    new_task = portal.v3("tasks.task.add", {"fields": {"title": "next", "creatorId": 1, "responsibleId": 1}}).json()
    assert new_task["result"]["item"]["id"] == 8132, new_task
    new_deal = portal.call("crm.item.add", {"entityTypeId": 2, "fields": {"title": "next"}}).json()
    assert new_deal["result"]["item"]["id"] == 41
    new_item = portal.call("crm.item.add", {"entityTypeId": 1268, "fields": {"title": "two"}}).json()
    assert new_item["result"]["item"]["id"] == 2
    assert portal.add_user("Next") == 32
    added = portal.v3("tasks.task.result.add", {"fields": {"taskId": 11, "text": "more"}}).json()
    assert added["result"]["item"]["id"] == 18, added


def test_round_trip_export_reset_seed(portal: PortalClient) -> None:
    portal.seed(DOC)
    portal.call("crm.item.update", {"entityTypeId": 3, "id": 5, "fields": {"lastName": "Sidorov"}})
    first = portal.export()
    assert [t["id"] for t in first["tasks"]] == [11, 8131]
    assert [u["id"] for u in first["users"]] == [1, 29, 31]
    portal.reset()
    assert portal.export()["tasks"] == []
    portal.seed(first)
    second = portal.export()
    assert json.dumps(second, sort_keys=True) == json.dumps(first, sort_keys=True)
    assert [(i["entityTypeId"], i["id"]) for i in second["crm_items"]] == [(2, 40), (3, 5), (1268, 1)]


BAD = [
    ({"tasks": [{"id": 2}]}, "tasks[0]: title is required"),
    ({"tasks": [{"id": "x", "title": "t"}]}, "tasks[0]: id must be a positive integer, got 'x'"),
    ({"tasks": [{"id": 2, "title": "t", "responsibleId": 999}]}, "tasks[0]: responsible_id 999 is not a user"),
    ({"tasks": [{"id": 2, "title": "t", "colour": "red"}]}, "tasks[0]: unknown task fields: colour"),
    ({"users": [{"id": 5, "nick": "x"}]}, "users[0]: unknown user fields: nick"),
    ({"users": [{"id": 5, "is_admin": "yes"}]}, "users[0]: is_admin must be true or false, got 'yes'"),
    ({"users": [{"id": 5, "user_type": "robot"}]}, "users[0]: user_type must be employee or extranet"),
    (
        {"crm_items": [{"entityTypeId": 1300, "id": 1, "fields": {}}]},
        "crm_items[0]: entityTypeId 1300 is not a CRM type of this portal",
    ),
    ({"deals": []}, "unknown sections: deals (known: users, tasks, crm_types, crm_items, event_log)"),
    ({"event_log": [{"id": 3, "colour": "red"}]}, "event_log[0]: unknown event-log fields: colour"),
    ({"event_log": [{"id": 3, "userId": "one"}]}, "event_log[0]: userId must be an integer, got 'one'"),
    ({"version": 2}, "unsupported version 2 (this b24local reads version 1)"),
    (
        {"tasks": [{"id": 2, "title": "t", "status": "done"}]},
        "tasks[0]: status must be one of pending, in_progress, supposedly_completed, completed, deferred, declined, "
        "got 'done'",
    ),
    (
        {"tasks": [{"id": 2, "title": "t", "deadline": "tomorrow"}]},
        "tasks[0]: deadline must be unix seconds or ISO 8601, got 'tomorrow'",
    ),
    (
        {"tasks": [{"id": 2, "title": "t", "needsControl": "Y"}]},
        "tasks[0]: needsControl must be true or false, got 'Y'",
    ),
    ({"tasks": [{"id": 2, "title": "t", "results": [{"id": 1}]}]}, "tasks[0].results[0]: text is required"),
    ({"crm_items": [{"entityTypeId": 2, "id": 3, "fields": {"stageId": "NOPE"}}]}, None),
    ({"tasks": [{"id": 2, "title": "t", "parentId": 5}]}, "task 2: parentId 5 is not a task"),
    ({"tasks": [{"id": 2, "title": "t", "groupId": 2**40}]}, "tasks[0]: groupId is out of range, got 1099511627776"),
]


@pytest.mark.parametrize("doc,message", BAD, ids=[f"bad{n}" for n in range(len(BAD))])
def test_bad_document_writes_nothing(portal: PortalClient, doc: dict, message: str) -> None:
    before = portal.export()
    # a valid user first: it must be rolled back with the bad entry
    r = portal.admin("POST", "seed", json={"users": [{"id": 77, "name": "Rolled back"}], **doc})
    assert r.status_code == 400, r.text
    if message is None:  # an error of crm.item.add itself, named by the entry
        assert r.json()["error_description"].startswith("crm_items[0]: "), r.text
    else:
        assert r.json() == {"error": "ADMIN_ERROR", "error_description": message}
    assert portal.export() == before


def test_bad_body(portal: PortalClient) -> None:
    r = portal.admin("POST", "seed", content=b"[1, 2]")
    assert (r.status_code, r.json()["error_description"]) == (400, "body must be a JSON object (a seed document)")
    r = portal.admin("POST", "seed", content=b"{oops")
    assert (r.status_code, r.json()["error_description"]) == (400, "body is not JSON")


def test_cli_seed_and_export_on_running_server(portal: PortalClient, tmp_path: Path) -> None:
    assert portal.server is not None
    src = tmp_path / "doc.yaml"
    import yaml

    src.write_text(yaml.safe_dump(DOC))
    out = portal.server.cli("seed", str(src))
    assert "loaded 2 users, 2 tasks, 1 results, 1 smart-process types, 3 CRM items" in out.stdout
    # the running server sees the rows at once
    r = portal.v3("tasks.task.get", {"id": 8131, "select": ["id"]}).json()
    assert r["result"]["item"] == {"id": 8131}
    dst = tmp_path / "out.json"
    out = portal.server.cli("export", str(dst))
    assert "exported 3 users, 2 tasks, 1 results, 1 smart-process types, 3 CRM items" in out.stdout
    assert json.loads(dst.read_text()) == portal.export()
    yml = tmp_path / "out.yaml"
    portal.server.cli("export", str(yml))
    assert yaml.safe_load(yml.read_text()) == portal.export()


def test_cli_bad_file(portal: PortalClient, tmp_path: Path) -> None:
    assert portal.server is not None
    bad = tmp_path / "bad.json"
    bad.write_text('{"tasks": [{"id": 3}]}')
    out = portal.server.cli("seed", str(bad), check=False)
    assert out.returncode != 0
    assert "tasks[0]: title is required" in out.stdout + out.stderr
    bad.write_text("{not json")
    out = portal.server.cli("seed", str(bad), check=False)
    assert out.returncode != 0 and "cannot parse bad.json" in out.stdout + out.stderr
    assert portal.export()["tasks"] == []
    out = portal.server.cli("export", str(tmp_path / "no" / "such" / "dir.json"), check=False)
    assert out.returncode != 0 and "cannot write" in out.stdout + out.stderr


def test_iso_times_and_counters_never_go_back(portal: PortalClient) -> None:
    portal.seed({"tasks": [{"id": 4, "title": "ISO", "deadline": "2025-12-31T23:59:59+02:00"}]})
    got = portal.v3("tasks.task.get", {"id": 4, "select": ["deadline"]}).json()["result"]["item"]
    assert got["deadline"] == "2025-12-31T21:59:59+00:00"
    for n in range(3):
        portal.call("crm.item.add", {"entityTypeId": 2, "fields": {"title": f"d{n}"}})
    portal.call("crm.item.delete", {"entityTypeId": 2, "id": 3})
    portal.seed({"crm_items": [{"entityTypeId": 2, "id": 1, "fields": {"title": "again"}}]})
    new = portal.call("crm.item.add", {"entityTypeId": 2, "fields": {"title": "next"}}).json()["result"]["item"]
    assert new["id"] == 4  # 3 was used once: never again


def test_sdk_fixtures_in_one_line(portal: PortalClient) -> None:
    portal.seed(ROOT / "examples/seeds/sdk-fixtures.yaml")
    assert portal.v3("tasks.task.get", {"id": 2}).status_code == 200
    assert (
        portal.v3("tasks.task.get", {"id": 3}).json()["error"]["code"]
        == "BITRIX_REST_V3_EXCEPTION_ENTITYNOTFOUNDEXCEPTION"
    )
    for etid in (3, 4):
        ids = [
            i["id"]
            for i in portal.call("crm.item.list", {"entityTypeId": etid, "select": ["id"]}).json()["result"]["items"]
        ]
        assert ids == list(range(2, 13))
