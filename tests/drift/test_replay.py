"""Id mapping and seeding of a replay, on scenario calls written by hand."""

from __future__ import annotations

from b24local.drift.replay import IdMap, learn_created, seed_document
from b24local.drift.scenario import Answer, Call, Request


def test_ids_made_by_the_portal_are_mapped_in_later_calls() -> None:
    ids = IdMap()
    v2_task = Call(
        1,
        Request(2, "tasks.task.add", json={"fields": {"TITLE": "x"}}),
        Answer(200, {"result": {"task": {"id": "21"}}}),
    )
    learn_created(ids, v2_task, Answer(200, {"result": {"task": {"id": "8"}}}))
    deal = Call(2, Request(2, "crm.item.add", json={"entityTypeId": 2}), Answer(200, {"result": {"item": {"id": 40}}}))
    learn_created(ids, deal, Answer(200, {"result": {"item": {"id": 1}}}))
    assert ids.request(Request(3, "tasks.task.get", json={"id": 21})).json == {"id": 8}
    assert ids.request(Request(2, "tasks.task.get", form=[("taskId", "21")])).form == [("taskId", "8")]
    assert ids.request(Request(3, "tasks.task.result.add", json={"fields": {"taskId": 21}})).json == {
        "fields": {"taskId": 8}
    }
    assert ids.request(Request(2, "crm.item.get", json={"entityTypeId": 2, "id": 40})).json == {
        "entityTypeId": 2,
        "id": 1,
    }
    # another id space: deal 40 is not contact 40, task 21 is not result 21
    assert ids.request(Request(2, "crm.item.get", json={"entityTypeId": 3, "id": 40})).json["id"] == 40
    assert ids.request(Request(3, "tasks.task.result.delete", json={"id": 21})).json == {"id": 21}
    # a failed add maps nothing
    failed = Call(3, Request(3, "tasks.task.add", json={}), Answer(400, {"error": {"code": "X", "message": "m"}}))
    learn_created(ids, failed, Answer(200, {"result": {"item": {"id": 9}}}))
    assert len(ids.ids) == 2


def test_what_the_scenario_read_without_making_it_is_seeded() -> None:
    calls = [
        Call(
            1,
            Request(2, "user.get", form=[("ID", "29")]),
            Answer(200, {"result": [{"ID": "29", "NAME": "Anna", "LAST_NAME": "P"}]}),
        ),
        Call(
            2,
            Request(3, "tasks.task.get", json={"id": 7}),
            Answer(200, {"result": {"item": {"id": 7, "title": "Old"}}}),
        ),
        Call(
            3,
            Request(3, "tasks.task.add", json={"fields": {"creatorId": 31}}),
            Answer(200, {"result": {"item": {"id": 9}}}),
        ),
        Call(4, Request(3, "tasks.task.get", json={"id": 9}), Answer(200, {"result": {"item": {"id": 9}}})),
        Call(
            5,
            Request(2, "crm.item.get", json={"entityTypeId": 2, "id": 40}),
            Answer(200, {"result": {"item": {"id": 40, "title": "Deal", "stageId": "WON"}}}),
        ),
        Call(
            6,
            Request(3, "tasks.task.add", json={"fields": {"responsibleId": 999}}),
            Answer(400, {"error": {"code": "V", "message": "m"}}),
        ),
    ]
    assert seed_document(calls) == {
        "users": [{"id": 29, "name": "Anna", "last_name": "P"}, {"id": 31, "name": "User 31"}],
        "tasks": [{"id": 7, "title": "Old", "creatorId": 1, "responsibleId": 1}],
        "crm_items": [{"entityTypeId": 2, "id": 40, "fields": {"title": "Deal", "stageId": "WON"}}],
    }
