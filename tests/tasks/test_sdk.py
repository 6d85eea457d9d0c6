"""b24pysdk 1.3.2 (unmodified) with prefer_version=3 against a --tls server: add, get, list, update, delete."""

from __future__ import annotations

import pytest

b24pysdk = pytest.importorskip("b24pysdk")


def test_sdk_round_trip(tls_portal, monkeypatch):
    from b24pysdk import BitrixWebhook, Client

    p = tls_portal
    p.reset()
    p.add_user("Creator", id=29)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(p.server.ca_path))
    port = p.server.port
    client = Client(BitrixWebhook(domain=f"localhost:{port}", webhook_token=f"1/{p.token}"), prefer_version=3)
    task = client.tasks.task

    added = task.add(
        fields={
            "title": "Task Title",
            "deadline": "2025-12-31T23:59:59+02:00",
            "creatorId": 29,
            "responsibleId": 1,
            "crmItemIds": ["L_1000959"],
        }
    ).result
    assert list(added) == ["item"]
    item = added["item"]
    tid = item["id"]
    assert item["title"] == "Task Title" and item["crmItemIds"] == ["L_1000959"]

    got = task.get(tid, select=["title", "status", "responsible.name"]).result
    got = got["item"]
    assert got == {"id": tid, "title": "Task Title", "status": "pending", "responsible": {"name": "Admin"}}

    task.add(fields={"title": "Second", "creatorId": 1, "responsibleId": 1}).result
    listed = task.list(
        select=["id", "title"], filter=[["id", ">=", tid]], order={"id": "desc"}, pagination={"limit": 10}
    ).result
    items = listed["items"]
    assert [i["title"] for i in items] == ["Second", "Task Title"]

    updated = task.update(tid, fields={"title": "Renamed", "status": "in_progress"}).result
    assert updated == {"result": True}
    again = task.get(tid, select=["title", "status"]).result
    assert again["item"] == {"id": tid, "title": "Renamed", "status": "in_progress"}

    deleted = task.delete(tid).result
    assert deleted == {"result": True}
    r = p.v3("tasks.task.get", {"id": tid})
    assert r.json()["error"]["code"] == "BITRIX_REST_V3_EXCEPTION_ENTITYNOTFOUNDEXCEPTION"
