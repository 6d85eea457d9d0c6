"""tasks.task.* over REST v2: the documentation's example requests and their answers, on the same tasks as v3
(api-reference/tasks/tasks-task-add.md, -update.md, -get.md, -list.md, -delete.md, -get-fields.md,
-get-access.md)."""

from __future__ import annotations

from tasks_v2.helpers import DOC_SEED, err2, hook, ok2

TASK_KEYS = (
    "id parentId title description mark priority multitask notViewed replicate stageId sprintId backlogId createdBy "
    "createdDate responsibleId changedBy changedDate statusChangedBy closedBy closedDate activityDate dateStart "
    "deadline startDatePlan endDatePlan guid xmlId commentsCount serviceCommentsCount allowChangeDeadline "
    "allowTimeTracking taskControl addInReport forkedByTemplateId timeEstimate timeSpentInLogs matchWorkTime "
    "forumTopicId forumId siteId subordinate exchangeModified exchangeId outlookVersion viewedDate sorting "
    "durationFact isMuted isPinned isPinnedInGroup flowId descriptionInBbcode status statusChangedDate durationPlan "
    "durationType favorite groupId auditors accomplices checklist group creator responsible accomplicesData "
    "auditorsData newCommentsCount action checkListTree checkListCanAdd"
).split()
ACTION_KEYS = (
    "accept decline complete approve disapprove start pause delegate remove edit defer renew create changeDeadline "
    "checklistAddItems addFavorite deleteFavorite rate take edit.originator checklist.reorder elapsedtime.add "
    "dayplan.timer.toggle edit.plan checklist.add favorite.add favorite.delete"
).split()


def test_add_documented_example(portal):
    portal.seed(DOC_SEED)
    body = {
        "fields": {
            "TITLE": "Task Title",
            "DEADLINE": "2025-12-31T23:59:59",
            "CREATED_BY": 456,
            "RESPONSIBLE_ID": 123,
            "UF_CRM_TASK": ["L_4", "C_7", "CO_5", "D_10"],
            "UF_TASK_WEBDAV_FILES": ["n12345", "n67890"],
        }
    }
    task = ok2(portal.call("tasks.task.add", body))["task"]
    assert list(task) == TASK_KEYS
    assert list(task["action"]) == ACTION_KEYS
    assert task["title"] == "Task Title"
    assert (task["createdBy"], task["responsibleId"], task["priority"], task["status"]) == ("456", "123", "1", "2")
    assert task["deadline"] == "2025-12-31T23:59:59+00:00"  # the portal's zone is UTC
    assert (task["mark"], task["parentId"], task["closedBy"], task["closedDate"]) == (None, None, None, None)
    assert (task["multitask"], task["taskControl"], task["favorite"], task["isMuted"]) == ("N", "N", "N", "N")
    assert (task["groupId"], task["stageId"], task["group"], task["checklist"]) == ("0", "0", [], [])
    assert task["guid"].startswith("{") and task["guid"].endswith("}")
    assert task["creator"] == {
        "id": "456",
        "name": "Creator",
        "link": "/company/personal/user/456/",
        "icon": "/bitrix/images/tasks/default_avatar.png",
        "workPosition": "",
    }
    assert (task["accomplicesData"], task["auditorsData"], task["newCommentsCount"]) == ([], [], 0)
    # the same task over v3, with the UF values
    item = portal.v3("tasks.task.get", {"id": int(task["id"])}).json()["result"]["item"]
    assert (item["crmItemIds"], item["fileIds"]) == (["L_4", "C_7", "CO_5", "D_10"], [12345, 67890])
    flt = [["id", int(task["id"])]]
    row = portal.v3("tasks.task.list", {"select": ["creatorId", "responsibleId"], "filter": flt}).json()
    row = row["result"]["items"][0]
    assert row == {"creatorId": 456, "responsibleId": 123}
    got = ok2(
        portal.call("tasks.task.get", {"taskId": task["id"], "select": ["ID", "UF_CRM_TASK", "UF_TASK_WEBDAV_FILES"]})
    )
    assert got["task"]["ufCrmTask"] == ["L_4", "C_7", "CO_5", "D_10"]
    assert got["task"]["ufTaskWebdavFiles"] == [12345, 67890]


def test_add_errors(portal):
    err2(portal.call("tasks.task.add", {}), "100", "Could not find value for parameter {fields}")
    err2(
        portal.call("tasks.task.add", {"fields": {"RESPONSIBLE_ID": 1}}),
        "ERROR_CORE",
        "Task title is not specified<br>",
    )
    err2(
        portal.call("tasks.task.add", {"fields": {"TITLE": "x"}}), "ERROR_CORE", "Responsible person not specified<br>"
    )
    err2(
        portal.call("tasks.task.add", {"fields": {"TITLE": "x", "RESPONSIBLE_ID": 999}}),
        "ERROR_CORE",
        'User specified in the "Responsible" field not found<br>',
    )
    err2(
        portal.call("tasks.task.add", {"fields": {"TITLE": "x", "RESPONSIBLE_ID": 1, "STATUS": 9}}),
        "ERROR_CORE",
        "Incorrect status<br>",
    )
    err2(
        portal.call("tasks.task.add", {"fields": {"TITLE": "x", "RESPONSIBLE_ID": 1, "PARENT_ID": 77}}),
        "ERROR_CORE",
        'Task specified in the "Parent Task" field not found<br>',
    )
    plan = {"START_DATE_PLAN": "2025-01-02", "END_DATE_PLAN": "2025-01-01"}
    err2(
        portal.call("tasks.task.add", {"fields": {"TITLE": "x", "RESPONSIBLE_ID": 1, **plan}}),
        "ERROR_CORE",
        "The end date in scheduling is earlier than the start date<br>",
    )
    assert portal.v3("tasks.task.list", {}).json()["result"]["items"] == []  # nothing was written


def test_update_documented_example(portal):
    portal.seed(DOC_SEED)
    body = {
        "taskId": 11,
        "fields": {
            "UF_CRM_TASK": ["L_4", "C_7", "CO_5", "D_10"],
            "UF_TASK_WEBDAV_FILES": ["n12345"],
            "RESPONSIBLE_ID": 123,
        },
    }
    task = ok2(portal.call("tasks.task.update", body))["task"]
    assert list(task) == TASK_KEYS
    assert (task["id"], task["responsibleId"], task["outlookVersion"], task["changedBy"]) == ("11", "123", "2", "1")
    listed = portal.v3("tasks.task.list", {"select": ["id", "responsibleId"], "filter": [["id", 11]]})
    assert listed.json()["result"]["items"] == [{"id": 11, "responsibleId": 123}]
    # a change made over v3 shows over v2
    portal.v3("tasks.task.update", {"id": 11, "fields": {"title": "From v3", "priority": "high"}})
    task = ok2(portal.call("tasks.task.get", {"taskId": 11}))["task"]
    assert (task["title"], task["priority"]) == ("From v3", "2")


def test_update_errors(portal):
    portal.seed(DOC_SEED)
    err2(
        portal.call("tasks.task.update", {"fields": {"TITLE": "x"}}),
        "100",
        "CTaskItem All parameters in the constructor must have real class type",
    )
    err2(portal.call("tasks.task.update", {"taskId": "abc", "fields": {"TITLE": "x"}}), "0", "wrong task id")
    err2(portal.call("tasks.task.update", {"taskId": 11}), "100", "Could not find value for parameter {fields}")
    err2(
        portal.call("tasks.task.update", {"taskId": 11, "fields": {"PARENT_ID": 11}}),
        "ERROR_CORE",
        "Cannot bind the node to itself<br>",
    )
    err2(
        portal.call("tasks.task.update", {"taskId": 11, "fields": {"RESPONSIBLE_ID": 999}}),
        "ERROR_CORE",
        'The user specified in the "Responsible" field was not found<br>',
    )
    err2(portal.call("tasks.task.update", {"taskId": 11, "fields": {"STATUS": 0}}), "ERROR_CORE", "Invalid status<br>")
    err2(
        portal.call("tasks.task.update", {"taskId": 999, "fields": {"TITLE": "x"}}),
        "0",
        "Action on the task is not allowed",
    )
    outsider = hook(portal, 547)
    err2(
        portal.call("tasks.task.update", {"taskId": 11, "fields": {"TITLE": "x"}}, user=547, token=outsider),
        "0",
        "Action on the task is not allowed",
    )
    assert ok2(portal.call("tasks.task.get", {"taskId": 11}))["task"]["title"] == "Eleven"


def test_get_documented_example(portal):
    portal.seed(DOC_SEED)
    select = [
        "ID",
        "TITLE",
        "DESCRIPTION",
        "CREATED_BY",
        "RESPONSIBLE_ID",
        "DEADLINE",
        "UF_CRM_TASK",
        "UF_TASK_WEBDAV_FILES",
    ]
    task = ok2(portal.call("tasks.task.get", {"taskId": 8017, "select": select}))["task"]
    assert list(task) == [
        "id",
        "title",
        "description",
        "createdBy",
        "responsibleId",
        "deadline",
        "ufCrmTask",
        "ufTaskWebdavFiles",
        "descriptionInBbcode",
        "favorite",
        "group",
        "creator",
        "responsible",
        "action",
    ]
    assert (task["id"], task["createdBy"], task["ufCrmTask"], task["ufTaskWebdavFiles"]) == (
        "8017",
        "503",
        False,
        False,
    )
    assert task["creator"]["name"] == "Maria Johnson" and task["creator"]["workPosition"] == "Administrator"
    # lower-case and unknown names drop out of select
    assert list(ok2(portal.call("tasks.task.get", {"taskId": 8017, "select": ["id", "TITLE", "NOPE"]}))["task"]) == [
        "title",
        "favorite",
        "group",
        "action",
    ]


def test_get_errors_and_missing_task(portal):
    portal.seed(DOC_SEED)
    assert ok2(portal.call("tasks.task.get", {"taskId": 3})) == []
    err2(portal.call("tasks.task.get", {"taskId": -1}), "0", "wrong task id")
    err2(
        portal.call("tasks.task.get", {}),
        "100",
        "CTaskItem All parameters in the constructor must have real class type",
    )
    err2(
        portal.call("tasks.task.get", {"taskId": 11, "select": ""}),
        "100",
        "Invalid value {} to match with parameter {select}. Should be value of type array.",
    )
    outsider = hook(portal, 123)
    assert ok2(portal.call("tasks.task.get", {"taskId": 11}, user=123, token=outsider)) == []
    # `id` binds the task too
    assert ok2(portal.call("tasks.task.get", {"id": 11, "select": ["ID"]}))["task"]["id"] == "11"


def test_delete_documented_example(portal):
    portal.seed(DOC_SEED)
    assert ok2(portal.call("tasks.task.delete", {"taskId": 8131})) == {"task": True}
    err2(portal.call("tasks.task.delete", {"taskId": 8131}), "1048582", "No access to delete the task")
    assert portal.v3("tasks.task.get", {"id": 8131}).status_code == 400  # gone for v3 too


def test_get_fields(portal):
    fields = ok2(portal.call("tasks.task.getFields", {}))["fields"]
    assert list(fields)[:4] == ["ID", "PARENT_ID", "TITLE", "DESCRIPTION"]
    assert list(fields)[-3:] == ["UF_CRM_TASK", "UF_TASK_WEBDAV_FILES", "UF_MAIL_MESSAGE"]
    assert len(fields) == 64
    assert fields["ID"] == {"title": "ID", "type": "integer", "primary": True}
    assert fields["STATUS"] == {
        "title": "Status",
        "type": "enum",
        "values": {"2": "Pending", "3": "In Progress", "4": "Awaiting Review", "5": "Completed", "6": "Deferred"},
        "default": 2,
    }
    assert fields["DURATION_TYPE"]["values"] == ["secs", "mins", "hours", "days", "weeks", "months", "years"]
    assert fields["TITLE"] == {"title": "Title", "type": "string", "required": True}


def test_getaccess_documented_example(portal):
    portal.seed(DOC_SEED)
    allowed = ok2(portal.call("tasks.task.getaccess", {"taskId": 8017, "users": [503, 547]}))["allowedActions"]
    assert list(allowed) == ["503", "547"]
    creator, auditor = allowed["503"], allowed["547"]
    assert len(creator) == 27 and list(creator)[:3] == ["ACCEPT", "DECLINE", "COMPLETE"]
    assert (creator["COMPLETE"], creator["EDIT"], creator["REMOVE"], creator["START"]) == (True, True, True, True)
    assert (auditor["COMPLETE"], auditor["EDIT"], auditor["ADD_FAVORITE"]) == (False, False, True)
    assert (
        ok2(portal.call("tasks.task.getaccess", {"taskId": 8017, "users": [9999]}))["allowedActions"]["9999"]["CREATE"]
        is False
    )
    err2(
        portal.call("tasks.task.getaccess", {"taskId": 8017, "users": ""}),
        "100",
        "Invalid value {} to match with parameter {users}. Should be value of type array.",
    )
    stranger = hook(portal, 123)
    assert ok2(portal.call("tasks.task.getaccess", {"taskId": 8017}, user=123, token=stranger)) == {
        "allowedActions": []
    }
