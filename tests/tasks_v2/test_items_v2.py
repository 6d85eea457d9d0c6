"""The positional task.* methods and the v2 results/history/counters, with the documentation's example
requests (api-reference/tasks/comment-item/*.md, checklist-item/*.md, elapsed-item/*.md, result/*.md,
tasks-task-history-list.md, tasks-task-counters-get.md)."""

from __future__ import annotations

from events.test_outbox import data, outbox

from tasks_v2.helpers import DOC_SEED, err2, hook, ok2

COMMENT_KEYS = [
    "POST_MESSAGE_HTML",
    "ID",
    "AUTHOR_ID",
    "AUTHOR_NAME",
    "AUTHOR_EMAIL",
    "POST_DATE",
    "POST_MESSAGE",
    "ATTACHED_OBJECTS",
]
CHECKLIST_KEYS = (
    "ID TASK_ID PARENT_ID CREATED_BY TITLE SORT_INDEX IS_COMPLETE IS_IMPORTANT TOGGLED_BY TOGGLED_DATE MEMBERS ATTACHMENTS"
).split()


def test_comments_are_the_task_chat(portal):
    portal.seed(DOC_SEED)
    body = {
        "TASKID": 8017,
        "FIELDS": {
            "POST_MESSAGE": "Text of the new task comment",
            "AUTHOR_ID": 503,
            "POST_DATE": "2025-07-15T14:30:00+02:00",
        },
    }
    cid = ok2(portal.call("task.commentitem.add", body))
    assert isinstance(cid, int)
    got = ok2(portal.call("task.commentitem.get", {"TASKID": 8017, "ITEMID": cid}))
    assert list(got) == COMMENT_KEYS
    assert got == {
        "POST_MESSAGE_HTML": None,
        "ID": str(cid),
        "AUTHOR_ID": "503",
        "AUTHOR_NAME": "Maria Johnson",
        "AUTHOR_EMAIL": "maria@mysite.com",
        "POST_DATE": "2025-07-15T12:30:00+00:00",
        "POST_MESSAGE": "Text of the new task comment",
        "ATTACHED_OBJECTS": [],
    }
    second = ok2(portal.call("task.commentitem.add", {"TASKID": 8017, "FIELDS": {"POST_MESSAGE": "Second"}}))
    listed = ok2(
        portal.call(
            "task.commentitem.getlist",
            {"TASKID": 8017, "ORDER": {"POST_DATE": "asc"}, "FILTER": {"AUTHOR_ID": 503, ">=POST_DATE": "2025-01-01"}},
        )
    )
    assert [c["ID"] for c in listed] == [str(cid)]
    assert [c["ID"] for c in ok2(portal.call("task.commentitem.getlist", {"TASKID": 8017}))] == [str(second), str(cid)]
    assert (
        ok2(
            portal.call(
                "task.commentitem.update",
                {"TASKID": 8017, "ITEMID": second, "FIELDS": {"POST_MESSAGE": "Comment updated"}},
            )
        )
        is True
    )
    assert (
        ok2(portal.call("task.commentitem.isactionallowed", {"TASKID": 8017, "ITEMID": second, "ACTIONID": 2})) is True
    )
    # v3 reads the comment as a message of the task's chat: a result can be made from it
    made = portal.v3("tasks.task.result.addfromchatmessage", {"fields": {"messageId": second}}).json()["result"]["item"]
    assert made["text"] == "Comment updated"
    assert ok2(portal.call("task.commentitem.delete", {"TASKID": 8017, "ITEMID": second})) is True


def test_comment_errors(portal):
    portal.seed(DOC_SEED)
    err2(
        portal.call("task.commentitem.add", {"TASKID": 8017, "FIELDS": {"POST_MESSAGE": ""}}),
        "ERROR_CORE",
        "Comment text is not specified<br>",
    )
    err2(
        portal.call("task.commentitem.add", {"TASKID": "x", "FIELDS": {"POST_MESSAGE": "a"}}),
        "ERROR_CORE",
        'TASKS_ERROR_EXCEPTION_#256; Param #0 (taskId) for method ctaskcommentitem::add() expected to be of type "integer", but given something else.; 256/TE/WRONG_ARGUMENTS<br>',
    )
    err2(
        portal.call("task.commentitem.add", {"TASKID": 8017, "FIELDS": {"TEXT": "a"}}),
        "ERROR_CORE",
        'TASKS_ERROR_EXCEPTION_#256; Param #1 (arFields) for method ctaskcommentitem::add() must not contain key "TEXT".; 256/TE/WRONG_ARGUMENTS<br>',
    )
    err2(
        portal.call("task.commentitem.get", {"TASKID": 8017}),
        "ERROR_CORE",
        "TASKS_ERROR_EXCEPTION_#256; Param #1 (itemId) expected by method ctaskcommentitem::get(), but not given.; 256/TE/WRONG_ARGUMENTS<br>",
    )
    # the documented positional slip: FILTER sent where ORDER belongs
    err2(
        portal.call("task.commentitem.getlist", {"TASKID": 8017, "FILTER": {">=POST_DATE": "2025-01-01"}}),
        "ERROR_CORE",
        'TASKS_ERROR_EXCEPTION_#256; Param #1 (arOrder) for method ctaskcommentitem::getlist() must not contain key ">=POST_DATE".; 256/TE/WRONG_ARGUMENTS<br>',
    )
    cid = ok2(portal.call("task.commentitem.add", {"TASKID": 8017, "FIELDS": {"POST_MESSAGE": "Mine"}}))
    token = hook(portal, 503)
    err2(
        portal.call("task.commentitem.delete", {"TASKID": 8017, "ITEMID": cid}, user=503, token=token),
        "ERROR_CORE",
        "TASKS_ERROR_EXCEPTION_#4; Action is not allowed; 4/TE/ACTION_NOT_ALLOWED<br>",
    )
    stranger = hook(portal, 123)
    err2(
        portal.call(
            "task.commentitem.add", {"TASKID": 8017, "FIELDS": {"POST_MESSAGE": "x"}}, user=123, token=stranger
        ),
        "ERROR_CORE",
        "Insufficient permissions to add a comment.<br>",
    )


def test_checklist_items(portal):
    portal.seed(DOC_SEED)
    first = ok2(
        portal.call("task.checklistitem.add", {"TASKID": 8017, "FIELDS": {"TITLE": "Checklist 1", "PARENT_ID": 0}})
    )
    body = {
        "TASKID": 8017,
        "FIELDS": {
            "TITLE": "Prepare the report",
            "PARENT_ID": first,
            "SORT_INDEX": 200,
            "IS_COMPLETE": "N",
            "IS_IMPORTANT": "Y",
            "MEMBERS": {"547": {"TYPE": "A"}},
        },
    }
    item = ok2(portal.call("task.checklistitem.add", body))
    got = ok2(portal.call("task.checklistitem.get", {"TASKID": 8017, "ITEMID": item}))
    assert list(got) == CHECKLIST_KEYS
    assert (got["PARENT_ID"], got["SORT_INDEX"], got["IS_IMPORTANT"], got["TOGGLED_BY"], got["TOGGLED_DATE"]) == (
        str(first),
        "200",
        "Y",
        None,
        "",
    )
    assert [(m["ID"], m["TYPE"]) for m in got["MEMBERS"]] == [("547", "A")]
    root = ok2(portal.call("task.checklistitem.get", {"TASKID": 8017, "ITEMID": first}))
    assert root["PARENT_ID"] == 0
    assert ok2(portal.call("task.checklistitem.complete", {"TASKID": 8017, "ITEMID": item})) is True
    assert ok2(portal.call("task.checklistitem.complete", {"TASKID": 8017, "ITEMID": 999})) is False
    listed = ok2(portal.call("task.checklistitem.getlist", {"TASKID": 8017, "ORDER": {"IS_COMPLETE": "ASC"}}))
    assert [(i["ID"], i["IS_COMPLETE"]) for i in listed] == [(str(first), "N"), (str(item), "Y")]
    assert (
        ok2(
            portal.call(
                "task.checklistitem.update", {"TASKID": 8017, "ITEMID": item, "FIELDS": {"TITLE": "Prepare report"}}
            )
        )
        is None
    )
    assert (
        ok2(portal.call("task.checklistitem.isactionallowed", {"TASKID": 8017, "ITEMID": item, "ACTIONID": 2})) is True
    )
    # the checklist shows in both renderings; the member joined the task as an accomplice
    v2task = ok2(portal.call("tasks.task.get", {"taskId": 8017}))["task"]
    assert list(v2task["checklist"]) == [str(first), str(item)] and v2task["accomplices"] == ["547"]
    assert v2task["checkListTree"]["descendants"][0]["descendants"][0]["fields"]["title"] == "Prepare report"
    v3 = portal.v3("tasks.task.get", {"id": 8017, "select": ["checklist", "containsChecklist"]}).json()["result"][
        "item"
    ]
    assert v3 == {"id": 8017, "checklist": [first, item], "containsChecklist": True}
    assert ok2(portal.call("task.checklistitem.delete", {"TASKID": 8017, "ITEMID": first})) is True
    assert ok2(portal.call("task.checklistitem.getlist", {"TASKID": 8017})) == []
    history = [h["field"] for h in ok2(portal.call("tasks.task.history.list", {"taskId": 8017}))["list"]]
    assert history == [
        "CHECKLIST_ITEM_CREATE",
        "ACCOMPLICES",
        "CHECKLIST_ITEM_CREATE",
        "CHECKLIST_ITEM_CHECK",
        "CHECKLIST_ITEM_RENAME",
        "CHECKLIST_ITEM_REMOVE",
    ]
    err2(
        portal.call("task.checklistitem.add", {"TASKID": 8017, "FIELDS": {"SORT_INDEX": 1}}),
        "ERROR_CORE",
        "TASKS_ERROR_EXCEPTION_#8; Item name not specified; 8/TE/ACTION_FAILED_TO_BE_PROCESSED<br>",
    )
    err2(
        portal.call("task.checklistitem.get", {"TASKID": 8017, "ITEMID": 479}),
        "ERROR_CORE",
        "TASKS_ERROR_EXCEPTION_#512; Check listitem not found or not accessible; 512/TE/ITEM_NOT_FOUND_OR_NOT_ACCESSIBLE<br>",
    )


def test_elapsed_items(portal):
    portal.seed(DOC_SEED)
    rid = ok2(
        portal.call(
            "task.elapseditem.add", {"TASKID": 8017, "ARFIELDS": {"SECONDS": 3600, "COMMENT_TEXT": "comment text"}}
        )
    )
    got = ok2(portal.call("task.elapseditem.get", {"TASKID": 8017, "ITEMID": rid}))
    assert list(got) == [
        "ID",
        "TASK_ID",
        "USER_ID",
        "COMMENT_TEXT",
        "SECONDS",
        "MINUTES",
        "SOURCE",
        "CREATED_DATE",
        "DATE_START",
        "DATE_STOP",
    ]
    assert (got["TASK_ID"], got["USER_ID"], got["SECONDS"], got["MINUTES"], got["SOURCE"]) == (
        "8017",
        "1",
        "3600",
        "60",
        "2",
    )
    # the documented bare array: records of every task, newest first
    body = portal.call("task.elapseditem.getlist", [{"ID": "desc"}, {">=CREATED_DATE": "2024-02-16"}]).json()
    assert list(body) == ["result", "total", "time"] and body["total"] == 1
    assert body["result"][0]["ID"] == str(rid)
    assert (
        ok2(portal.call("task.elapseditem.update", {"TASKID": 8017, "ITEMID": rid, "ARFIELDS": {"SECONDS": 113}}))
        is None
    )
    assert (
        ok2(portal.call("tasks.task.get", {"taskId": 8017, "select": ["TIME_SPENT_IN_LOGS"]}))["task"][
            "timeSpentInLogs"
        ]
        == "113"
    )
    assert ok2(portal.call("task.elapseditem.isactionallowed", {"TASKID": 8017, "ITEMID": rid, "ACTIONID": 1})) is True
    assert ok2(portal.call("task.elapseditem.delete", {"TASKID": 8017, "ITEMID": rid})) is None
    assert ok2(portal.call("task.elapseditem.getlist", {"TASKID": 8017})) == []


def test_results_from_comments(portal):
    portal.seed(DOC_SEED)
    cid = ok2(
        portal.call("task.commentitem.add", {"TASKID": 8017, "FIELDS": {"POST_MESSAGE": "Respond on [B]Monday[/B]."}})
    )
    made = ok2(portal.call("tasks.task.result.addFromComment", {"commentId": cid}))
    assert list(made) == [
        "id",
        "taskId",
        "commentId",
        "createdBy",
        "createdAt",
        "updatedAt",
        "status",
        "text",
        "formattedText",
        "files",
    ]
    assert (made["taskId"], made["commentId"], made["createdBy"], made["status"], made["files"]) == (
        8017,
        cid,
        1,
        0,
        None,
    )
    assert made["formattedText"] == "Respond on <b>Monday</b>."
    err2(portal.call("tasks.task.result.addFromComment", {"commentId": cid}), "0", "Result already exists.")
    err2(portal.call("tasks.task.result.addFromComment", {"commentId": 999}), "0", "Comment not found.")
    listed = ok2(portal.call("tasks.task.result.list", {"taskId": 8017}))
    assert [(r["id"], r["files"]) for r in listed] == [(made["id"], [])]
    # the same result over v3
    v3 = portal.v3("tasks.task.result.list", {"filter": [["taskId", 8017]]}).json()["result"]["items"]
    assert [(r["id"], r["messageId"]) for r in v3] == [(made["id"], cid)]
    assert ok2(portal.call("tasks.task.result.deleteFromComment", {"commentId": cid})) is None
    assert ok2(portal.call("tasks.task.result.list", {"taskId": 8017})) == []
    err2(portal.call("tasks.task.result.list", {"taskId": 99}), "0", "Access denied.")
    err2(
        portal.call("tasks.task.result.list", {"taskId": "x"}),
        "100",
        "Invalid value {x} to match with parameter {taskId}. Should be value of type int.",
    )
    assert portal.call("tasks.task.result.delete", {"id": 1}).json()["error"] == "ERROR_METHOD_NOT_FOUND"


def test_history_documented_request_and_counters(portal):
    portal.seed(DOC_SEED)
    ok2(portal.call("task.commentitem.add", {"TASKID": 8017, "FIELDS": {"POST_MESSAGE": "a"}}))
    listed = ok2(
        portal.call(
            "tasks.task.history.list", {"taskId": 8017, "filter": {"FIELD": "COMMENT"}, "order": {"createdDate": "ASC"}}
        )
    )
    (entry,) = listed["list"]
    assert list(entry) == ["id", "createdDate", "field", "value", "user"]
    assert entry["user"] == {"id": 1, "name": "Admin", "lastName": "", "secondName": "", "login": ""}
    assert ok2(portal.call("tasks.task.history.list", {"taskId": 999})) == {"list": []}
    stranger = hook(portal, 123)
    err2(portal.call("tasks.task.history.list", {"taskId": 8017}, user=123, token=stranger), "0", "Access denied.")
    portal.seed({"tasks": [{"id": 40, "title": "Late", "responsibleId": 547, "deadline": "2020-01-01T00:00:00+00:00"}]})
    body = portal.call("tasks.task.counters.get", {"userId": 547, "groupId": 0, "type": "view_all"}).json()
    assert list(body) == ["result", "total", "time"]
    assert body["result"] == {
        "expired": {"counter": 1, "code": 6291456},
        "new_comments": {"counter": 0, "code": 12582912},
    }
    assert body["total"] == 1
    err2(portal.call("tasks.task.counters.get", {"groupId": 5}), "0", "Group not found or access denied.")


def test_comment_writes_raise_their_events(portal):
    portal.seed(DOC_SEED)
    cid = ok2(portal.call("task.commentitem.add", {"TASKID": 8017, "FIELDS": {"POST_MESSAGE": "a"}}))
    ok2(portal.call("task.commentitem.update", {"TASKID": 8017, "ITEMID": cid, "FIELDS": {"POST_MESSAGE": "b"}}))
    ok2(portal.call("task.commentitem.delete", {"TASKID": 8017, "ITEMID": cid}))
    events = [(name, data(raw)) for name, raw in outbox(portal) if name.startswith("ONTASKCOMMENT")]
    ids = {"ID": str(cid), "TASK_ID": "8017"}
    assert events == [
        (
            "ONTASKCOMMENTADD",
            {
                "FIELDS_BEFORE": "undefined",
                "FIELDS_AFTER": ids,
                "IS_ACCESSIBLE_BEFORE": "undefined",
                "IS_ACCESSIBLE_AFTER": "undefined",
            },
        ),
        (
            "ONTASKCOMMENTUPDATE",
            {
                "FIELDS_BEFORE": ids,
                "FIELDS_AFTER": {**ids, "ACTION": "EDIT"},
                "IS_ACCESSIBLE_BEFORE": "undefined",
                "IS_ACCESSIBLE_AFTER": "undefined",
            },
        ),
        (
            "ONTASKCOMMENTDELETE",
            {
                "FIELDS_BEFORE": ids,
                "FIELDS_AFTER": {**ids, "ACTION": "DEL"},
                "IS_ACCESSIBLE_BEFORE": "undefined",
                "IS_ACCESSIBLE_AFTER": "undefined",
            },
        ),
    ]
