"""tasks.task.list over v2 (filter prefixes, order, start paging by 50, start=-1) and the task actions: status
changes, delegate, watch, mute, favorite (api-reference/tasks/tasks-task-list.md, status/*.md,
tasks-task-approve.md, tasks-task-delegate.md, user-actions/*.md), and every v2 task method in the v2 batch."""

from __future__ import annotations

from tasks_v2.helpers import DOC_SEED, err2, hook, ok2


def _many(n: int) -> dict:
    return {"tasks": [{"id": i, "title": f"Task {i}", "priority": "high" if i % 2 else "low"} for i in range(1, n + 1)]}


def test_list_paging_by_50(portal):
    portal.seed(_many(120))
    r = portal.call("tasks.task.list", {"order": {"ID": "ASC"}, "select": ["ID", "TITLE"]})
    body = r.json()
    assert list(body) == ["result", "next", "total", "time"]
    assert (body["next"], body["total"]) == (50, 120)
    assert list(body["result"]) == ["tasks"]
    assert body["result"]["tasks"][0] == {"id": "1", "title": "Task 1", "group": []}
    last = portal.call("tasks.task.list", {"order": {"ID": "ASC"}, "select": ["ID"], "start": 101}).json()
    assert list(last) == ["result", "total", "time"]  # start floors to 100; the last page has no next
    assert [t["id"] for t in last["result"]["tasks"]] == [str(i) for i in range(101, 121)]
    fast = portal.call("tasks.task.list", {"order": {"ID": "ASC"}, "filter": {">ID": 100}, "start": -1}).json()
    assert list(fast) == ["result", "time"]
    assert len(fast["result"]["tasks"]) == 20
    # the default order is ID descending
    assert ok2(portal.call("tasks.task.list", {"select": ["ID"]}))["tasks"][0]["id"] == "120"


def test_list_filter_prefixes_and_order(portal):
    portal.seed(DOC_SEED)
    portal.seed(
        {
            "tasks": [
                {
                    "id": 20,
                    "title": "Alpha report",
                    "priority": "high",
                    "status": "in_progress",
                    "deadline": "2020-01-01T00:00:00+00:00",
                },
                {"id": 21, "title": "Beta", "priority": "low", "status": "completed", "responsibleId": 547},
                {"id": 22, "title": "alpha plan", "parentId": 20, "status": "deferred"},
            ]
        }
    )

    def ids(flt, order=None):
        params = {"filter": flt, "select": ["ID"], "order": order or {"ID": "ASC"}}
        return [int(t["id"]) for t in ok2(portal.call("tasks.task.list", params))["tasks"]]

    assert ids({"%TITLE": "alpha"}) == [20, 22]
    assert ids({"TITLE": "Alpha%"}) == [20, 22]
    assert ids({"!STATUS": 6, ">ID": 19, "<ID": 100}) == [20, 21]
    assert ids({"REAL_STATUS": [3, 5]}) == [20, 21]
    assert ids({"PRIORITY": 2, ">=ID": 20}) == [20]
    assert ids({"RESPONSIBLE_ID": 547}) == [21]
    assert ids({"AUDITOR": 547}) == [8017]
    assert ids({"PARENT_ID": 20}) == [22]
    assert ids({"STATUS": -1}) == [20]  # overdue
    assert ids({"<=DEADLINE": "2021-01-01"}) == [20]
    assert ids({"ONLY_ROOT_TASKS": "Y", ">ID": 19, "<ID": 100}) == [20, 21]
    assert ids({"::SUBFILTER-PARAMS": {"FAVORITE": "Y"}}) == []
    assert ids({">ID": 19, "<ID": 100}, {"PRIORITY": "desc", "ID": "asc"}) == [20, 22, 21]
    err2(portal.call("tasks.task.list", {"order": {"STATUS": "asc"}}), "0", "Invalid sorting key")
    rows = ok2(portal.call("tasks.task.list", {"filter": {"ID": 20}, "select": ["ID", "STATUS", "RESPONSIBLE_ID"]}))
    assert rows["tasks"] == [
        {
            "id": "20",
            "responsibleId": "1",
            "status": "3",
            "group": [],
            "responsible": {
                "id": "1",
                "name": "Admin",
                "link": "/company/personal/user/1/",
                "icon": "/bitrix/images/tasks/default_avatar.png",
                "workPosition": "",
            },
            "subStatus": "-1",
        }
    ]


def test_list_sees_only_readable_tasks(portal):
    portal.seed(DOC_SEED)
    token = hook(portal, 547)
    body = portal.call("tasks.task.list", {"select": ["ID"]}, user=547, token=token).json()
    assert [t["id"] for t in body["result"]["tasks"]] == ["8017"]
    assert body["total"] == 1


def test_status_changes(portal):
    portal.seed(DOC_SEED)
    started = ok2(portal.call("tasks.task.start", {"taskId": 1}))["task"]
    assert (started["status"], started["statusChangedBy"], started["action"]["pause"]) == ("3", "1", True)
    assert started["dateStart"] is not None
    assert ok2(portal.call("tasks.task.pause", {"taskId": 1}))["task"]["status"] == "2"
    done = ok2(portal.call("tasks.task.complete", {"taskId": 1}))["task"]
    assert (done["status"], done["closedBy"], done["action"]["renew"]) == ("5", "1", True)
    assert done["closedDate"] is not None
    renewed = ok2(portal.call("tasks.task.renew", {"taskId": 1}))["task"]
    assert (renewed["status"], renewed["closedBy"], renewed["closedDate"]) == ("2", None, None)
    assert ok2(portal.call("tasks.task.defer", {"taskId": 1}))["task"]["status"] == "6"
    # v3 sees the same status
    assert portal.v3("tasks.task.get", {"id": 1}).json()["result"]["item"]["status"] == "deferred"
    history = ok2(portal.call("tasks.task.history.list", {"taskId": 1}))["list"]
    assert [(h["field"], h["value"]) for h in history if h["field"] == "STATUS"] == [
        ("STATUS", {"from": "2", "to": "3"}),
        ("STATUS", {"from": "3", "to": "2"}),
        ("STATUS", {"from": "2", "to": "5"}),
        ("STATUS", {"from": "5", "to": "2"}),
        ("STATUS", {"from": "2", "to": "6"}),
    ]


def test_status_change_errors(portal):
    portal.seed(DOC_SEED)
    token = hook(portal, 547)  # an auditor of 8017: may read, may not act
    for action, code in [("start", "0"), ("complete", "0"), ("pause", "1048582"), ("defer", "1048582")]:
        err2(
            portal.call(f"tasks.task.{action}", {"taskId": 8017}, user=547, token=token),
            code,
            "Action on the task is not allowed",
        )
    err2(portal.call("tasks.task.approve", {"taskId": 8017}), "1048582", "Action on the task is not allowed")
    err2(portal.call("tasks.task.start", {"taskId": 99}), "0", "Action on the task is not allowed")
    err2(portal.call("tasks.task.start", {"taskId": 0}), "0", "wrong task id")


def test_approve_and_disapprove(portal):
    portal.seed(DOC_SEED)
    portal.seed(
        {"tasks": [{"id": 30, "title": "Controlled", "creatorId": 1, "responsibleId": 547, "needsControl": True}]}
    )
    token = hook(portal, 547)
    done = ok2(portal.call("tasks.task.complete", {"taskId": 30}, user=547, token=token))["task"]
    assert done["status"] == "4"  # awaiting the creator's review
    assert ok2(portal.call("tasks.task.disapprove", {"taskId": 30}))["task"]["status"] == "2"
    ok2(portal.call("tasks.task.complete", {"taskId": 30}, user=547, token=token))
    approved = ok2(portal.call("tasks.task.approve", {"taskId": 30}))["task"]
    assert (approved["status"], approved["closedBy"]) == ("5", "1")


def test_delegate_watch_mute_favorite(portal):
    portal.seed(DOC_SEED)
    delegated = ok2(portal.call("tasks.task.delegate", {"taskId": 8017, "userId": 123}))["task"]
    assert (delegated["responsibleId"], delegated["auditors"]) == ("123", ["547", "503"])
    err2(portal.call("tasks.task.delegate", {"taskId": 8017}), "100", "Could not find value for parameter {userId}")
    watched = ok2(portal.call("tasks.task.startwatch", {"taskId": 8017}))["task"]
    assert watched["auditors"] == ["547", "503", "1"]
    assert ok2(portal.call("tasks.task.stopwatch", {"taskId": 8017}))["task"]["auditors"] == ["547", "503"]
    err2(portal.call("tasks.task.startwatch", {"taskId": 99}), "1048584", "a:0:{}")
    assert ok2(portal.call("tasks.task.mute", {"id": 8017}))["task"]["isMuted"] == "Y"
    assert ok2(portal.call("tasks.task.unmute", {"id": 8017}))["task"]["isMuted"] == "N"
    assert ok2(portal.call("tasks.task.mute", {"id": 99})) == []
    assert ok2(portal.call("tasks.task.favorite.add", {"taskId": 8017})) is True
    task = ok2(portal.call("tasks.task.get", {"taskId": 8017}))["task"]
    assert (task["favorite"], task["action"]["addFavorite"], task["action"]["favorite.delete"]) == ("Y", False, True)
    assert portal.v3("tasks.task.get", {"id": 8017}).json()["result"]["item"]["inFavorite"] == [1]
    assert ok2(portal.call("tasks.task.favorite.remove", {"taskId": 8017})) is True
    err2(portal.call("tasks.task.favorite.add", {"taskId": 99}), "1", "Task not found or not accessible")
    history = [h["field"] for h in ok2(portal.call("tasks.task.history.list", {"taskId": 8017}))["list"]]
    assert history == ["RESPONSIBLE_ID", "AUDITORS", "AUDITORS", "AUDITORS"]


def test_every_v2_task_method_in_batch_with_result_references(portal):
    portal.seed(DOC_SEED)
    cmd = {
        "add": "tasks.task.add?fields[TITLE]=From batch&fields[RESPONSIBLE_ID]=1",
        "get": "tasks.task.get?taskId=$result[add][task][id]&select[]=ID&select[]=TITLE",
        "start": "tasks.task.start?taskId=$result[add][task][id]",
        "comment": "task.commentitem.add?TASKID=$result[add][task][id]&FIELDS[POST_MESSAGE]=Hi",
        "list": "tasks.task.list?filter[ID]=$result[add][task][id]&select[]=ID&select[]=STATUS",
        "history": "tasks.task.history.list?taskId=$result[add][task][id]",
        "delete": "tasks.task.delete?taskId=$result[add][task][id]",
    }
    body = ok2(portal.call("batch", {"halt": 0, "cmd": cmd}))
    assert body["result_error"] == []
    tid = body["result"]["add"]["task"]["id"]
    assert body["result"]["get"]["task"]["title"] == "From batch"
    assert body["result"]["start"]["task"]["status"] == "3"
    assert isinstance(body["result"]["comment"], int)
    assert body["result"]["list"]["tasks"] == [{"id": tid, "status": "3", "group": [], "subStatus": "3"}]
    assert body["result_total"] == {"list": 1}
    assert [h["field"] for h in body["result"]["history"]["list"]] == ["NEW", "STATUS", "COMMENT"]
    assert body["result"]["delete"] == {"task": True}
