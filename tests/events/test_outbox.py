"""Every write records its events in the outbox of the same transaction; a failed write records none."""

from __future__ import annotations

from typing import Any

from tasks.helpers import SEED_FIELDS, db_exec, seed_portal


def outbox(portal: Any) -> list[tuple[str, Any]]:
    return [(r[0], r[1]) for r in db_exec(portal, "SELECT event, data FROM event_outbox ORDER BY id")]


def data(raw: Any) -> Any:
    import json

    return json.loads(raw) if isinstance(raw, str) else raw


def test_task_writes_raise_their_events(portal):
    seed_portal(portal)
    task_id = portal.v3("tasks.task.add", {"fields": SEED_FIELDS}).json()["result"]["item"]["id"]
    assert portal.v3("tasks.task.update", {"id": task_id, "fields": {"title": "New"}}).status_code == 200
    assert portal.v3("tasks.task.delete", {"id": task_id}).status_code == 200
    events = [(name, data(raw)) for name, raw in outbox(portal)]
    assert events == [
        (
            "ONTASKADD",
            {
                "FIELDS_BEFORE": "undefined",
                "FIELDS_AFTER": {"ID": str(task_id)},
                "IS_ACCESSIBLE_BEFORE": "N",
                "IS_ACCESSIBLE_AFTER": "undefined",
            },
        ),
        (
            "ONTASKUPDATE",
            {
                "FIELDS_BEFORE": {"ID": str(task_id)},
                "FIELDS_AFTER": {"ID": str(task_id)},
                "IS_ACCESSIBLE_BEFORE": "undefined",
                "IS_ACCESSIBLE_AFTER": "undefined",
            },
        ),
        (
            "ONTASKDELETE",
            {
                "FIELDS_BEFORE": {"ID": str(task_id)},
                "FIELDS_AFTER": "undefined",
                "IS_ACCESSIBLE_BEFORE": "undefined",
                "IS_ACCESSIBLE_AFTER": "N",
            },
        ),
    ]


def test_a_failed_write_records_nothing(portal):
    seed_portal(portal)
    bad = portal.v3("tasks.task.add", {"fields": {**SEED_FIELDS, "responsibleId": 999}})
    assert bad.status_code == 400
    # a v3 batch is all or nothing: the second command fails, so the first one's event is gone too
    batch = portal.http.post(
        f"/rest/api/1/{portal.token}/batch",
        json=[
            {"method": "tasks.task.add", "query": {"fields": SEED_FIELDS}},
            {"method": "tasks.task.add", "query": {"fields": {**SEED_FIELDS, "responsibleId": 999}}},
        ],
    )
    assert batch.status_code == 400
    assert outbox(portal) == []


def test_crm_writes_raise_the_entity_events(portal):
    deal = portal.call("crm.item.add", {"entityTypeId": 2, "fields": {"title": "D"}}).json()["result"]["item"]["id"]
    portal.call("crm.item.update", {"entityTypeId": 2, "id": deal, "fields": {"title": "E"}})
    portal.call("crm.item.update", {"entityTypeId": 2, "id": deal, "fields": {"title": "E"}})  # no change: no event
    portal.call("crm.item.delete", {"entityTypeId": 2, "id": deal})
    smart = portal.call("crm.type.add", {"fields": {"title": "Smart"}}).json()["result"]["type"]
    item = portal.call("crm.item.add", {"entityTypeId": smart["entityTypeId"], "fields": {"title": "S"}})
    item_id = item.json()["result"]["item"]["id"]
    events = [(name, data(raw)) for name, raw in outbox(portal)]
    assert events == [
        ("ONCRMDEALADD", {"FIELDS": {"ID": str(deal)}}),
        ("ONCRMDEALUPDATE", {"FIELDS": {"ID": str(deal)}}),
        ("ONCRMDEALDELETE", {"FIELDS": {"ID": str(deal)}}),
        ("ONCRMTYPEADD", {"FIELDS": {"ID": str(smart["id"])}}),
        ("ONCRMDYNAMICITEMADD", {"FIELDS": {"ID": str(item_id), "ENTITY_TYPE_ID": str(smart["entityTypeId"])}}),
    ]
