"""tasks.task.result.* (seed 001 for delete; api-reference/tasks/result/*.md) and task chat messages."""

from __future__ import annotations

from tasks.helpers import (
    DV,
    DV_MSG,
    RFV,
    RV,
    RV_MSG,
    UNKNOWN,
    add_task,
    check_denied,
    check_error,
    check_rv,
    db_exec,
    item,
    ok,
    user_with_hook,
)

RESULT_KEYS = ["id", "taskId", "text", "authorId", "createdAt", "updatedAt", "status", "fileIds", "rights", "messageId"]


def add_result(portal, task_id, text="done", user=1, token=None):
    return ok(
        portal.v3("tasks.task.result.add", {"fields": {"taskId": task_id, "text": text}}, user=user, token=token)
    )["item"]


def results(portal, task_id):
    return ok(portal.v3("tasks.task.result.list", {"filter": [["taskId", task_id]]}))["items"]


def test_result_add_shape(portal):
    tid = add_task(portal)
    got = add_result(portal, tid, "Result text")
    assert list(got) == RESULT_KEYS
    assert got["taskId"] == tid and got["text"] == "Result text" and got["authorId"] == 1
    assert got["status"] == "open" and got["updatedAt"] is None and got["fileIds"] == []
    assert got["rights"] == {"edit": True, "remove": True} and got["messageId"] is None
    assert ok(portal.v3("tasks.task.get", {"id": tid, "select": ["containsResults"]}))["item"]["containsResults"]


def test_result_add_errors(portal):
    tid = add_task(portal)
    check_rv(portal.v3("tasks.task.result.add", {}), "Required field `fields` is missing", "fields")
    check_error(
        portal.v3("tasks.task.result.add", {"fields": {"text": "x"}}),
        400,
        DV,
        DV_MSG,
        [item("Required field `taskId` is not specified", "taskId")],
    )
    check_error(
        portal.v3("tasks.task.result.add", {"fields": {"taskId": tid, "text": "x", "fileIds": [1]}}),
        400,
        DV,
        DV_MSG,
        [item("Field `fileIds` is not available for filling", "fileIds")],
    )
    check_error(
        portal.v3("tasks.task.result.add", {"fields": {"taskId": tid, "foo": 1}}),
        400,
        UNKNOWN,
        "Unknown field `foo` for entity `ResultDto`",
    )
    check_rv(
        portal.v3("tasks.task.result.add", {"fields": {"taskId": 0, "text": "x"}}), "Task id must be positive", "taskId"
    )
    check_rv(portal.v3("tasks.task.result.add", {"fields": {"taskId": 999, "text": "x"}}), "Task not found", "taskId")
    uid, tok = user_with_hook(portal)
    check_denied(portal.v3("tasks.task.result.add", {"fields": {"taskId": 999, "text": "x"}}, user=uid, token=tok))
    check_denied(portal.v3("tasks.task.result.add", {"fields": {"taskId": tid, "text": "x"}}, user=uid, token=tok))
    # messageId is accepted and ignored on add
    assert add_result(portal, tid)["messageId"] is None
    assert len(results(portal, tid)) == 1


def test_seed_result_delete_example(portal):
    tid = add_task(portal)
    rid = add_result(portal, tid)["id"]
    r = portal.http.post(
        f"/rest/api/1/{portal.token}/tasks.task.result.delete",
        content=f'{{"id":{rid}}}'.encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    assert r.status_code == 200 and r.json()["result"] == {"result": True}
    assert results(portal, tid) == []


SEED001_MSG = "Error validating the request object"


def test_seed_result_delete_error_example_literally(portal):
    r = portal.http.post(
        f"/rest/api/1/{portal.token}/tasks.task.result.delete",
        content=b"{}",
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    assert r.status_code == 400
    assert r.json() == {
        "error": {
            "code": "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION",
            "message": "Error validating the request object",
            "validation": [
                {"message": "At least one required field must be filled: id, filter"},
                {"message": "Only one of the values must be provided: id, filter"},
            ],
        }
    }


def test_seed_result_delete_id_filter_rules(portal):
    tid = add_task(portal)
    rid = add_result(portal, tid)["id"]
    RV_MSG = SEED001_MSG  # noqa: N806 - this method's wording (seed 001)
    both_missing = [
        item("At least one required field must be filled: id, filter"),
        item("Only one of the values must be provided: id, filter"),
    ]
    check_error(portal.v3("tasks.task.result.delete", {}), 400, RV, RV_MSG, both_missing)
    check_error(portal.v3("tasks.task.result.delete", {"id": 0}), 400, RV, RV_MSG, both_missing)
    check_error(
        portal.v3("tasks.task.result.delete", {"id": rid, "filter": [["id", rid]]}),
        400,
        RV,
        RV_MSG,
        [item("Only one of the values must be provided: id, filter")],
    )
    check_error(
        portal.v3("tasks.task.result.delete", {"filter": [["id", rid]]}),
        400,
        RV,
        RV_MSG,
        [item("Required field `id` is missing", "id")],
    )
    check_error(
        portal.v3("tasks.task.result.delete", {"id": "x"}),
        400,
        RV,
        RV_MSG,
        [item("Field `id` requires data type `int` for this request", "id")],
    )
    assert len(results(portal, tid)) == 1


def test_result_delete_rights(portal):
    author, atok = user_with_hook(portal, "Author")
    other, otok = user_with_hook(portal, "Other")
    tid = add_task(portal, user=author, token=atok, responsibleId=other)
    rid = add_result(portal, tid, user=author, token=atok)["id"]
    # the task's responsible (not the author) may neither delete nor update it
    check_denied(portal.v3("tasks.task.result.delete", {"id": rid}, user=other, token=otok))
    check_denied(portal.v3("tasks.task.result.update", {"id": rid, "fields": {"text": "x"}}, user=other, token=otok))
    check_denied(portal.v3("tasks.task.result.delete", {"id": 9999}, user=other, token=otok))
    assert [r["text"] for r in results(portal, tid)] == ["done"]
    seen = ok(portal.v3("tasks.task.result.list", {"filter": [["taskId", tid]]}, user=other, token=otok))["items"]
    assert seen[0]["rights"] == {"edit": False, "remove": False}
    # the admin may delete but not edit (tasks-task-result-update.md: "author of the result"; docs/fidelity.md
    # "Results: update", "Results: delete")
    check_denied(portal.v3("tasks.task.result.update", {"id": rid, "fields": {"text": "x"}}))
    admin_view = results(portal, tid)[0]["rights"]
    assert admin_view == {"edit": False, "remove": True}
    check_error(
        portal.v3("tasks.task.result.delete", {"id": 9999}), 400, RV, SEED001_MSG, [item("Result not found", "id")]
    )
    ok(portal.v3("tasks.task.result.delete", {"id": rid}))
    # the author deletes their own
    rid2 = add_result(portal, tid, user=author, token=atok)["id"]
    ok(portal.v3("tasks.task.result.delete", {"id": rid2}, user=author, token=atok))
    assert results(portal, tid) == []


def test_result_update(portal):
    tid = add_task(portal)
    rid = add_result(portal, tid)["id"]
    got = ok(portal.v3("tasks.task.result.update", {"id": rid, "fields": {"text": "better", "taskId": 12345}}))["item"]
    assert list(got) == RESULT_KEYS
    assert got["text"] == "better" and got["updatedAt"] is not None and got["taskId"] == tid
    check_error(
        portal.v3("tasks.task.result.update", {"id": rid, "fields": {}}),
        400,
        DV,
        DV_MSG,
        [item("Required field `text` is not specified", "text")],
    )
    check_error(
        portal.v3("tasks.task.result.update", {"id": rid, "fields": {"text": "x", "status": "closed"}}),
        400,
        DV,
        DV_MSG,
        [item("Field `status` is not available for filling", "status")],
    )
    check_denied(portal.v3("tasks.task.result.update", {"id": 999, "fields": {"text": "x"}}))
    assert results(portal, tid)[0]["text"] == "better"


def test_result_update_id_filter_rules(portal):
    """The update request carries delete's rules on `id`/`filter` (seed 001; tasks-task-result-update.md
    lists both texts); nothing changes."""
    tid = add_task(portal)
    rid = add_result(portal, tid, "kept")["id"]
    update = "tasks.task.result.update"
    only_one = [item("Only one of the values must be provided: id, filter")]
    r = portal.http.post(
        f"/rest/api/1/{portal.token}/{update}", json={"id": rid, "filter": [["id", rid]], "fields": {"text": "changed"}}
    )
    assert r.status_code == 400
    assert r.json() == {
        "error": {
            "code": "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION",
            "message": "Error validating the request object",
            "validation": [{"message": "Only one of the values must be provided: id, filter"}],
        }
    }
    check_error(
        portal.v3(update, {"filter": [["id", rid]], "id": rid, "fields": {"text": "x"}}), 400, RV, SEED001_MSG, only_one
    )
    both_missing = [
        item("At least one required field must be filled: id, filter"),
        item("Only one of the values must be provided: id, filter"),
    ]
    check_error(portal.v3(update, {"fields": {"text": "x"}}), 400, RV, SEED001_MSG, both_missing)
    check_error(portal.v3(update, {"id": 0, "filter": [], "fields": {"text": "x"}}), 400, RV, SEED001_MSG, both_missing)
    check_error(
        portal.v3(update, {"filter": [["id", rid]], "fields": {"text": "x"}}),
        400,
        RV,
        SEED001_MSG,
        [item("Required field `id` is missing", "id")],
    )
    # the request object is built first: `fields` missing or malformed wins over the id/filter rules
    check_error(
        portal.v3(update, {"id": rid, "filter": [["id", rid]]}),
        400,
        RV,
        SEED001_MSG,
        [item("Required field `fields` is missing", "fields")],
    )
    check_error(
        portal.v3(update, {"id": "x", "filter": [["id", rid]], "fields": {"text": "x"}}),
        400,
        RV,
        SEED001_MSG,
        [item("Field `id` requires data type `int` for this request", "id")],
    )
    check_error(
        portal.v3(update, {"filter": [["id", rid]], "fields": {"nope": 1}}),
        400,
        UNKNOWN,
        "Unknown field `nope` for entity `ResultDto`",
    )
    got = results(portal, tid)
    assert [(r["text"], r["updatedAt"]) for r in got] == [("kept", None)]


def test_result_list(portal):
    tid = add_task(portal)
    other = add_task(portal)
    ids = [add_result(portal, tid, f"r{i}")["id"] for i in range(3)]
    add_result(portal, other, "elsewhere")
    check_rv(portal.v3("tasks.task.result.list", {}), "The field value cannot be empty", "filter")
    check_rv(portal.v3("tasks.task.result.list", {"filter": []}), "The field value cannot be empty", "filter")
    check_error(
        portal.v3("tasks.task.result.list", {"filter": [["id", ">", 0]]}),
        400,
        RFV,
        RV_MSG,
        [item("A filter for the required field `taskId` must be specified", "filter.taskId")],
    )
    check_rv(
        portal.v3("tasks.task.result.list", {"filter": [["taskId", str(tid)]]}),
        "Field `taskId` requires data type `int` for this request",
        "taskId",
    )
    assert [r["id"] for r in results(portal, tid)] == ids
    got = ok(
        portal.v3(
            "tasks.task.result.list",
            {
                "filter": [["taskId", tid], ["id", ">", ids[0]]],
                "order": {"id": "desc"},
                "select": ["text", "author.name"],
            },
        )
    )
    assert got["items"] == [
        {"id": ids[2], "text": "r2", "author": {"name": "Admin"}},
        {"id": ids[1], "text": "r1", "author": {"name": "Admin"}},
    ]
    got = ok(portal.v3("tasks.task.result.list", {"filter": [["taskId", tid]], "pagination": {"limit": 1, "page": 2}}))
    assert [r["id"] for r in got["items"]] == [ids[1]]
    uid, tok = user_with_hook(portal)
    check_denied(portal.v3("tasks.task.result.list", {"filter": [["taskId", tid]]}, user=uid, token=tok))


def test_chat_message_send_and_result_from_message(portal):
    tid = add_task(portal)
    assert ok(portal.v3("tasks.task.chat.message.send", {"fields": {"taskId": tid, "text": "Fixed it"}})) == {
        "result": True
    }
    chat_id = ok(portal.v3("tasks.task.get", {"id": tid, "select": ["chat.id", "chat.entityType", "chat.entityId"]}))[
        "item"
    ]["chat"]
    assert chat_id["entityType"] == "TASKS_TASK" and chat_id["entityId"] == tid
    msg_id = db_exec(portal, "SELECT id FROM task_chat_messages WHERE chat_id = :c", c=chat_id["id"])[0][0]
    got = ok(portal.v3("tasks.task.result.addfromchatmessage", {"fields": {"messageId": msg_id}}))["item"]
    assert got["text"] == "Fixed it" and got["messageId"] == msg_id and got["taskId"] == tid
    check_error(
        portal.v3("tasks.task.result.addfromchatmessage", {"fields": {}}),
        400,
        DV,
        DV_MSG,
        [item("Required field `messageId` is not specified", "messageId")],
    )
    check_denied(portal.v3("tasks.task.result.addfromchatmessage", {"fields": {"messageId": 99999}}))
    uid, tok = user_with_hook(portal)
    check_denied(
        portal.v3("tasks.task.result.addfromchatmessage", {"fields": {"messageId": msg_id}}, user=uid, token=tok)
    )
    # send errors
    check_error(
        portal.v3("tasks.task.chat.message.send", {"fields": {"taskId": tid}}),
        400,
        DV,
        DV_MSG,
        [item("Required field `text` is not specified", "text")],
    )
    check_error(
        portal.v3("tasks.task.chat.message.send", {"fields": {"taskId": tid, "text": "x", "id": 1}}),
        400,
        DV,
        DV_MSG,
        [item("Field `id` is not available for filling", "id")],
    )
    check_error(
        portal.v3("tasks.task.chat.message.send", {"fields": {"taskId": tid, "text": "x", "z": 1}}),
        400,
        UNKNOWN,
        "Unknown field `z` for entity `MessageDto`",
    )
    check_denied(
        portal.v3("tasks.task.chat.message.send", {"fields": {"taskId": tid, "text": "x"}}, user=uid, token=tok)
    )
    check_denied(portal.v3("tasks.task.chat.message.send", {"fields": {"taskId": 999, "text": "x"}}))
    assert db_exec(portal, "SELECT count(*) FROM task_chat_messages")[0][0] == 1


def test_result_list_select_author(portal):
    """`author` in select: alone the whole UserDto, with dotted paths only those sub-fields; `id` always
    (api-reference/tasks/result/tasks-task-result-list-rest-v3.md lists `author` among the select values)."""
    uid = portal.add_user("Anna", last_name="Smith", email="anna@example.com")
    tok = portal.add_webhook(user=uid, scopes=["tasks"])
    tid = add_task(portal, user=uid, token=tok)
    rid = add_result(portal, tid, "by Anna", user=uid, token=tok)["id"]
    anna = {
        "id": uid,
        "name": "Anna Smith",
        "role": None,
        "image": None,
        "gender": None,
        "email": "anna@example.com",
        "externalAuthId": None,
        "rights": None,
    }

    def listed(select):
        got = ok(
            portal.v3("tasks.task.result.list", {"filter": [["taskId", tid]], "select": select}, user=uid, token=tok)
        )["items"]
        assert len(got) == 1
        return got[0]

    assert listed(["author"]) == {"id": rid, "author": anna}
    assert list(listed(["author"])["author"]) == list(anna)
    assert listed(["id", "author"]) == {"id": rid, "author": anna}
    assert listed("author") == {"id": rid, "author": anna}
    assert listed(["author", "author.name"]) == {"id": rid, "author": {"name": "Anna Smith"}}
    assert listed(["author.email", "text", "author.id"]) == {
        "id": rid,
        "text": "by Anna",
        "author": {"id": uid, "email": "anna@example.com"},
    }
    full = listed(["author.name"])  # only relation paths: the default set, `author` at its place
    assert list(full) == [
        "id",
        "taskId",
        "text",
        "authorId",
        "author",
        "createdAt",
        "updatedAt",
        "status",
        "fileIds",
        "rights",
        "messageId",
    ]
    assert full["author"] == {"name": "Anna Smith"}
    r = portal.http.post(
        f"/rest/api/{uid}/{tok}/tasks.task.result.list", json={"filter": [["taskId", tid]], "select": ["id", "author"]}
    )
    assert r.status_code == 200 and r.json()["result"] == {"items": [{"id": rid, "author": anna}]}
    check_error(
        portal.v3("tasks.task.result.list", {"filter": [["taskId", tid]], "select": ["author.salary"]}),
        400,
        UNKNOWN,
        "Unknown field `salary` for entity `UserDto`",
    )


def test_result_list_every_select_field(portal):
    """Each ResultDto field alone in `select` answers 200 with `id` and that field (nothing is a 500)."""
    tid = add_task(portal)
    rid = add_result(portal, tid)["id"]
    fields = [f["name"] for f in ok(portal.v3("tasks.task.result.field.list", {}))["items"]]
    assert fields == RESULT_KEYS[:4] + ["author"] + RESULT_KEYS[4:]
    for name in fields:
        got = ok(portal.v3("tasks.task.result.list", {"filter": [["taskId", tid]], "select": [name]}))["items"]
        assert list(got[0]) == (["id"] if name == "id" else ["id", name]), name
        assert got[0]["id"] == rid
