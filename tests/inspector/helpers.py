"""Data for the inspector's pages, made through the API as a client would make it."""

from __future__ import annotations

from typing import Any

from b24local.testing import PortalClient


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()["result"]


def make_task(p: PortalClient, title: str = "Check the invoices") -> int:
    item = ok(p.v3("tasks.task.add", {"fields": {"title": title, "creatorId": 1, "responsibleId": 1}}))["item"]
    task_id = int(item["id"])
    ok(p.v3("tasks.task.result.add", {"fields": {"taskId": task_id, "text": "All 12 invoices match"}}))
    ok(p.v3("tasks.task.chat.message.send", {"fields": {"taskId": task_id, "text": "Starting on it"}}))
    ok(p.call("task.checklistitem.add", {"TASKID": task_id, "FIELDS": {"TITLE": "Download the statements"}}))
    ok(p.call("task.commentitem.add", {"TASKID": task_id, "FIELDS": {"POST_MESSAGE": "Two invoices are late"}}))
    return task_id


def make_deal(p: PortalClient, title: str = "Big deal", stage: str = "PREPARATION") -> int:
    fields = {"title": title, "stageId": stage, "opportunity": 2500, "currencyId": "EUR"}
    return int(ok(p.call("crm.item.add", {"entityTypeId": 2, "fields": fields}))["item"]["id"])


def make_smart_process(p: PortalClient, title: str = "Repairs") -> int:
    made = ok(p.call("crm.type.add", {"fields": {"title": title, "isStagesEnabled": "Y"}}))["type"]
    etid = int(made["entityTypeId"])
    ok(p.call("crm.item.add", {"entityTypeId": etid, "fields": {"title": "Broken pump"}}))
    return etid
