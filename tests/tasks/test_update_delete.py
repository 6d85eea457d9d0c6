"""tasks.task.update (seed 002) and tasks.task.delete (seed 000)."""

from __future__ import annotations

import time

import pytest

from tasks.helpers import (
    RV,
    RV_MSG,
    UNKNOWN,
    add_member,
    add_task,
    check_denied,
    check_error,
    check_rv,
    db_exec,
    get_task,
    item,
    ok,
    seed_portal,
    user_with_hook,
)

UPDATE_SEED = {
    "title": "Task Title",
    "deadline": "2025-12-31T23:59:59+02:00",
    "creatorId": 29,
    "responsibleId": 1,
    "crmItemIds": ["L_1000959"],
}


def test_seed_update_example_creator_not_editable(portal):
    """Seed 002's curl body (with creatorId) returns the seed's Editable error, and changes nothing."""
    seed_portal(portal)
    tid = add_task(portal, title="Before")
    before = get_task(portal, tid)
    r = portal.v3("tasks.task.update", {"id": tid, "fields": UPDATE_SEED})
    check_error(
        r,
        400,
        RV,
        RV_MSG,
        [
            item(
                "In DTO `TaskDto`, the field `creatorId` requires the presence of the `Editable` attribute for such a request",
                "creatorId",
            )
        ],
    )
    assert get_task(portal, tid) == before


@pytest.mark.parametrize(
    "field,value",
    [
        ("id", 3),
        ("created", "2025-01-01T00:00:00+00:00"),
        ("accomplices", []),
        ("auditors", []),
        ("creator", {}),
        ("parent", {}),
    ],
)
def test_other_non_editable_fields(portal, field, value):
    tid = add_task(portal)
    r = portal.v3("tasks.task.update", {"id": tid, "fields": {field: value}})
    check_rv(
        r,
        f"In DTO `TaskDto`, the field `{field}` requires the presence of the `Editable` attribute for such a request",
        field,
    )


def test_seed_update_without_creator_succeeds(portal):
    seed_portal(portal)
    tid = add_task(portal, title="Before")
    fields = {k: v for k, v in UPDATE_SEED.items() if k != "creatorId"}
    r = portal.v3("tasks.task.update", {"id": tid, "fields": fields})
    assert ok(r) == {"result": True}
    got = get_task(portal, tid)
    assert got["title"] == "Task Title"
    assert got["deadline"] == "2025-12-31T21:59:59+00:00"
    assert got["crmItemIds"] == ["L_1000959"]


def test_partial_update_and_bumps(portal):
    tid = add_task(portal, title="Keep", description="desc", priority="high")
    before = get_task(portal, tid)
    time.sleep(1.1)
    ok(portal.v3("tasks.task.update", {"id": tid, "fields": {"description": "new"}}))
    after = get_task(portal, tid)
    assert after["title"] == "Keep" and after["priority"] == "high" and after["description"] == "new"
    assert after["outlookVersion"] == before["outlookVersion"] + 1 == 2
    assert after["changed"] > before["changed"] and after["activity"] > before["activity"]
    assert after["statusChanged"] is None
    ok(portal.v3("tasks.task.update", {"id": tid, "fields": {"status": "in_progress"}}))
    after2 = get_task(portal, tid)
    assert after2["status"] == "in_progress" and after2["statusChanged"] is not None
    assert after2["outlookVersion"] == 3
    assert after2["rights"]["pause"] is True and after2["rights"]["start"] is False
    ok(portal.v3("tasks.task.update", {"id": tid, "fields": {"status": "completed"}}))
    done = get_task(portal, tid)
    assert done["closed"] is not None and done["rights"]["complete"] is False and done["rights"]["renew"] is True
    listed = ok(portal.v3("tasks.task.list", {"select": ["changedById", "statusChangedById"]}))["items"]
    assert listed == [{"changedById": 1, "statusChangedById": 1}]


def test_update_errors(portal):
    seed_portal(portal)
    tid = add_task(portal)
    check_rv(portal.v3("tasks.task.update", {"fields": {"title": "x"}}), "Required field `id` is missing", "id")
    check_rv(portal.v3("tasks.task.update", {"id": tid}), "Required field `fields` is missing", "fields")
    check_rv(
        portal.v3("tasks.task.update", {"id": "abc", "fields": {}}),
        "The field `id` requires data type `int` for such a request",
        "id",
    )
    check_rv(
        portal.v3("tasks.task.update", {"id": tid, "fields": {"deadline": "soon"}}),
        "The field `deadline` requires data type `DateTime` for such a request",
        "deadline",
    )
    check_rv(
        portal.v3("tasks.task.update", {"id": tid, "fields": {"responsibleId": 777}}),
        'The user specified in the "Responsible" field was not found',
        "responsibleId",
    )
    check_rv(
        portal.v3("tasks.task.update", {"id": tid, "fields": {"parentId": 777}}),
        'The task specified in the "Parent Task" field was not found',
        "parentId",
    )
    check_rv(
        portal.v3("tasks.task.update", {"id": tid, "fields": {"parentId": tid}}),
        "Cannot bind a node to itself",
        "parentId",
    )
    check_rv(
        portal.v3(
            "tasks.task.update",
            {"id": tid, "fields": {"startPlan": "2025-12-10T00:00:00+00:00", "endPlan": "2025-12-01T00:00:00+00:00"}},
        ),
        "The end date specified in the planning is earlier than the start date",
        "endPlan",
    )
    ok(portal.v3("tasks.task.update", {"id": tid, "fields": {"startPlan": "2000-01-01T00:00:00+00:00"}}))
    check_rv(
        portal.v3("tasks.task.update", {"id": tid, "fields": {"endPlan": "2070-01-01T00:00:00+00:00"}}),
        "The duration of the task specified in the planning is too long",
        "endPlan",
    )
    check_error(
        portal.v3("tasks.task.update", {"id": tid, "fields": {"nope": 1}}),
        400,
        UNKNOWN,
        "Unknown field `nope` for entity `TaskDto`",
    )
    got = get_task(portal, tid)
    assert got["outlookVersion"] == 2 and got["parentId"] is None and got["endPlan"] is None


def test_update_nonexistent_is_access_denied(portal):
    check_denied(portal.v3("tasks.task.update", {"id": 8131, "fields": {"title": "x"}}))


def test_parent_cycles_rejected(portal):
    a = add_task(portal, title="a")
    b = add_task(portal, title="b", parentId=a)
    c = add_task(portal, title="c", parentId=b)
    check_rv(
        portal.v3("tasks.task.update", {"id": a, "fields": {"parentId": c}}),
        "Creating cyclic links in tasks is prohibited",
        "parentId",
    )
    assert get_task(portal, a)["parentId"] is None
    ok(portal.v3("tasks.task.update", {"id": c, "fields": {"parentId": a}}))
    ok(portal.v3("tasks.task.update", {"id": c, "fields": {"parentId": 0}}))
    assert get_task(portal, c)["parentId"] is None


def test_update_rights_per_role(portal):
    """Responsible may change status but not edit; auditor/none may not; nothing changes on denial."""
    creator, ctok = user_with_hook(portal, "Creator")
    resp, rtok = user_with_hook(portal, "Resp")
    aud, atok = user_with_hook(portal, "Auditor")
    stranger, stok = user_with_hook(portal, "Stranger")
    tid = add_task(portal, user=creator, token=ctok, responsibleId=resp)
    add_member(portal, tid, aud, "auditor")
    before = get_task(portal, tid)
    for uid, tok in [(resp, rtok), (aud, atok), (stranger, stok)]:
        check_denied(portal.v3("tasks.task.update", {"id": tid, "fields": {"title": "hack"}}, user=uid, token=tok))
        check_denied(
            portal.v3(
                "tasks.task.update",
                {"id": tid, "fields": {"deadline": "2030-01-01T00:00:00+00:00"}},
                user=uid,
                token=tok,
            )
        )
    for uid, tok in [(aud, atok), (stranger, stok)]:
        check_denied(
            portal.v3("tasks.task.update", {"id": tid, "fields": {"status": "in_progress"}}, user=uid, token=tok)
        )
    assert get_task(portal, tid) == before
    ok(portal.v3("tasks.task.update", {"id": tid, "fields": {"status": "in_progress"}}, user=resp, token=rtok))
    ok(portal.v3("tasks.task.update", {"id": tid, "fields": {"title": "mine"}}, user=creator, token=ctok))
    # allowsChangeDeadline lets the responsible move the deadline
    ok(portal.v3("tasks.task.update", {"id": tid, "fields": {"allowsChangeDeadline": True}}, user=creator, token=ctok))
    ok(
        portal.v3(
            "tasks.task.update", {"id": tid, "fields": {"deadline": "2030-01-01T00:00:00+00:00"}}, user=resp, token=rtok
        )
    )
    got = get_task(portal, tid)
    assert got["title"] == "mine" and got["status"] == "in_progress" and got["deadline"].startswith("2030")


# -- delete ----------------------------------------------------------------------------------------


def test_seed_delete_example(portal):
    tid = add_task(portal)
    r = portal.http.post(
        f"/rest/api/1/{portal.token}/tasks.task.delete",
        content=f'{{"id":{tid}}}'.encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    assert r.status_code == 200 and r.json()["result"] == {"result": True}
    assert list(r.json()) == ["result", "time"]
    check_error(
        portal.v3("tasks.task.get", {"id": tid}),
        400,
        "BITRIX_REST_V3_EXCEPTION_ENTITYNOTFOUNDEXCEPTION",
        f"Record with ID = `{tid}` not found",
    )


def test_delete_errors(portal):
    check_rv(portal.v3("tasks.task.delete", {}), "Required field `id` is missing", "id")
    check_rv(portal.v3("tasks.task.delete", {"filter": [["id", 1]]}), "Required field `id` is missing", "id")
    check_rv(
        portal.v3("tasks.task.delete", {"id": "8131a"}), "Field `id` requires data type `int` for this request", "id"
    )
    check_denied(portal.v3("tasks.task.delete", {"id": 8131}))


def test_update_and_delete_reject_id_with_filter(portal):
    """The update and delete requests allow only one of `id` and `filter` (the rule seed 001 shows for
    results); the task is neither changed nor deleted."""
    tid = add_task(portal, title="kept")
    only_one = [item("Only one of the values must be provided: id, filter")]
    r = portal.http.post(
        f"/rest/api/1/{portal.token}/tasks.task.update",
        json={"id": tid, "filter": [["id", tid]], "fields": {"title": "changed"}},
    )
    assert r.status_code == 400
    assert r.json() == {
        "error": {
            "code": "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION",
            "message": "Error during request object validation",
            "validation": [{"message": "Only one of the values must be provided: id, filter"}],
        }
    }
    check_error(portal.v3("tasks.task.delete", {"id": tid, "filter": [["id", tid]]}), 400, RV, RV_MSG, only_one)
    check_error(
        portal.v3("tasks.task.delete", {"filter": {"logic": "or", "conditions": []}, "id": str(tid)}),
        400,
        RV,
        RV_MSG,
        only_one,
    )
    got = get_task(portal, tid)
    assert got["title"] == "kept" and got["outlookVersion"] == 1
    # an empty filter counts as none
    assert ok(portal.v3("tasks.task.update", {"id": tid, "filter": [], "fields": {"title": "new"}})) == {"result": True}
    assert ok(portal.v3("tasks.task.delete", {"id": tid, "filter": ""})) == {"result": True}


def test_delete_removes_results_and_chat_and_reparents_subtasks(portal):
    top = add_task(portal, title="top")
    mid = add_task(portal, title="mid", parentId=top)
    child1 = add_task(portal, title="c1", parentId=mid)
    child2 = add_task(portal, title="c2", parentId=mid)
    grandchild = add_task(portal, title="g", parentId=child1)
    chat_id = get_task(portal, mid)["chatId"]
    ok(portal.v3("tasks.task.result.add", {"fields": {"taskId": mid, "text": "r"}}))
    ok(portal.v3("tasks.task.chat.message.send", {"fields": {"taskId": mid, "text": "hello"}}))
    assert ok(portal.v3("tasks.task.delete", {"id": mid})) == {"result": True}
    # direct subtasks move to the deleted task's parent; grandchildren keep theirs
    assert get_task(portal, child1)["parentId"] == top
    assert get_task(portal, child2)["parentId"] == top
    assert get_task(portal, grandchild)["parentId"] == child1
    assert db_exec(portal, "SELECT count(*) FROM task_results WHERE task_id = :t", t=mid)[0][0] == 0
    assert db_exec(portal, "SELECT count(*) FROM task_chats WHERE id = :c", c=chat_id)[0][0] == 0
    assert db_exec(portal, "SELECT count(*) FROM task_chat_messages WHERE chat_id = :c", c=chat_id)[0][0] == 0
    # a top-level task's children become top-level
    ok(portal.v3("tasks.task.delete", {"id": top}))
    assert get_task(portal, child1)["parentId"] is None
    check_denied(portal.v3("tasks.task.delete", {"id": mid}))  # already gone


def test_delete_rights(portal):
    creator, ctok = user_with_hook(portal, "Creator")
    resp, rtok = user_with_hook(portal, "Resp")
    acc, atok = user_with_hook(portal, "Acc")
    stranger, stok = user_with_hook(portal, "Stranger")
    tid = add_task(portal, user=creator, token=ctok, responsibleId=resp)
    add_member(portal, tid, acc, "accomplice")
    for uid, tok in [(resp, rtok), (acc, atok), (stranger, stok)]:
        check_denied(portal.v3("tasks.task.delete", {"id": tid}, user=uid, token=tok))
        assert get_task(portal, tid)["id"] == tid
    ok(portal.v3("tasks.task.delete", {"id": tid}, user=creator, token=ctok))
    # an admin deletes anyone's task
    t2 = add_task(portal, user=creator, token=ctok)
    ok(portal.v3("tasks.task.delete", {"id": t2}))
