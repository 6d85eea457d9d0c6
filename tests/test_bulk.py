"""``b24local seed --tasks N --crm-items N``: bulk data that the API then reads like any other."""

from __future__ import annotations


def test_bulk_tasks_and_deals_read_back_through_the_api(portal):
    portal.v3("tasks.task.add", {"fields": {"title": "Made by hand", "creatorId": 1, "responsibleId": 1}})
    out = portal.server.cli("seed", "--tasks", "2000", "--crm-items", "120")
    assert out.returncode == 0
    task = portal.v3("tasks.task.get", {"id": 1500}).json()["result"]["item"]
    assert task["title"] == "Task 1500" and task["status"] == "pending" and task["chatId"] == 1500
    assert task["guid"].startswith("{") and len(task["rights"]) == 45
    page = portal.v3(
        "tasks.task.list", {"select": ["id", "title"], "filter": [["id", ">", 1990]], "pagination": {"limit": 50}}
    ).json()["result"]["items"]
    assert [t["id"] for t in page] == list(range(1991, 2002))
    # ids go on after the bulk rows
    new = portal.v3("tasks.task.add", {"fields": {"title": "After", "creatorId": 1, "responsibleId": 1}}).json()
    assert new["result"]["item"]["id"] == 2002 and new["result"]["item"]["chatId"] == 2002
    deals = portal.call("crm.item.list", {"entityTypeId": 2, "select": ["id", "title"]}).json()
    assert deals["total"] == 120 and deals["result"]["items"][0] == {"id": 1, "title": "Deal"}
    assert portal.call("crm.item.get", {"entityTypeId": 2, "id": 77}).json()["result"]["item"]["title"] == "Deal 77"
    added = portal.call("crm.item.add", {"entityTypeId": 2, "fields": {"title": "Next"}}).json()
    assert added["result"]["item"]["id"] == 121
