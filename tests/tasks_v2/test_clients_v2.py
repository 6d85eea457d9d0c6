"""The published clients, unmodified, on the v2 task methods: b24pysdk 1.3.2 with its default (v2) task
wrappers over ``--tls`` (add, get, list with ``as_list`` and ``as_list_fast``, update, complete, a comment,
delete) and fast_bitrix24 (``get_all`` over tasks.task.list, ``call`` of tasks.task.add in bulk,
``get_by_ID`` of tasks.task.get)."""

from __future__ import annotations

import pytest

from b24local.testing import PortalClient

b24pysdk = pytest.importorskip("b24pysdk")
fast_bitrix24 = pytest.importorskip("fast_bitrix24")


def sdk(p: PortalClient):  # type: ignore[no-untyped-def]
    from b24pysdk import BitrixWebhook, Client

    domain = p.base_url.split("://", 1)[1]
    return Client(BitrixWebhook(domain=domain, webhook_token=f"1/{p.token}"))


def test_b24pysdk_v2_task_wrappers(tls_portal: PortalClient) -> None:
    p = tls_portal
    p.seed({"tasks": [{"id": i, "title": f"Seeded {i}"} for i in range(1, 121)]})
    task = sdk(p).tasks.task
    added = task.add(fields={"TITLE": "From b24pysdk", "RESPONSIBLE_ID": 1}).result
    tid = int(added["task"]["id"])
    assert added["task"]["title"] == "From b24pysdk"
    got = task.get(tid, select=["ID", "TITLE", "STATUS"]).result["task"]
    assert (got["id"], got["title"], got["status"]) == (str(tid), "From b24pysdk", "2")
    rows = task.list(select=["ID"], order={"ID": "ASC"}).as_list().result
    assert [int(r["id"]) for r in rows] == list(range(1, 122))
    fast = task.list(select=["ID"]).as_list_fast().result
    assert [int(r["id"]) for r in fast] == list(range(1, 122))
    updated = task.update(tid, fields={"TITLE": "Renamed"}).result["task"]
    assert updated["title"] == "Renamed"
    assert task.complete(tid).result["task"]["status"] == "5"
    comment = sdk(p).task.commentitem.add(tid, {"POST_MESSAGE": "From b24pysdk"}).result
    assert isinstance(comment, int)
    assert [h["field"] for h in task.history.list(tid).result["list"]] == ["NEW", "TITLE", "STATUS", "COMMENT"]
    assert task.delete(tid).result == {"task": True}
    assert task.get(tid).result == []


def test_fast_bitrix24_get_all_call_and_get_by_id(portal: PortalClient) -> None:
    portal.seed({"tasks": [{"id": i, "title": f"Seeded {i}"} for i in range(1, 131)]})
    bx = fast_bitrix24.Bitrix(portal.v2_url(), verbose=False)
    added = bx.call("tasks.task.add", [{"fields": {"TITLE": f"Bulk {n}", "RESPONSIBLE_ID": 1}} for n in range(3)])
    assert [a["title"] for a in added] == ["Bulk 0", "Bulk 1", "Bulk 2"]  # the client unwraps {"task": …}
    rows = bx.get_all("tasks.task.list", {"select": ["ID", "TITLE"]})
    ids = [int(r["id"]) for r in rows]
    assert sorted(ids) == list(range(1, 134)) and len(ids) == len(set(ids))  # every task exactly once
    got = bx.get_by_ID("tasks.task.get", [5, 7, 9], ID_field_name="taskId", params={"select": ["ID", "TITLE"]})
    assert {int(k): v["task"]["title"] for k, v in got.items()} == {5: "Seeded 5", 7: "Seeded 7", 9: "Seeded 9"}
