"""b24pysdk 1.3.2 (unmodified) over ``--tls`` with ``REQUESTS_CA_BUNDLE``: what tests/tasks/test_sdk.py,
tests/crm/test_clients.py and tests/protocol/test_clients.py do not cover yet: v3 task results and
access.get, v2 crm.item add/get/update/delete through its crm wrappers, and its error mapping (its own
exception classes for validation, access denied, not found, and QUERY_LIMIT_EXCEEDED after its retries)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from b24local.testing import PortalClient

b24pysdk = pytest.importorskip("b24pysdk")

SEED = {
    "users": [{"id": 29, "name": "Creator"}, {"id": 30, "name": "Outsider"}],
    "tasks": [{"id": 11, "title": "Eleven", "creatorId": 29, "responsibleId": 1}],
}


@pytest.fixture
def p(tls_portal: PortalClient) -> Iterator[PortalClient]:
    """The session's TLS server, reset (conftest's ``tls_portal``), with this module's users and task."""
    tls_portal.seed(SEED)
    yield tls_portal
    tls_portal.admin("DELETE", "faults")


def client(p: PortalClient, user: int = 1, token: str | None = None, version: int = 3):  # type: ignore[no-untyped-def]
    from b24pysdk import BitrixWebhook, Client

    domain = p.base_url.split("://", 1)[1]
    return Client(BitrixWebhook(domain=domain, webhook_token=f"{user}/{token or p.token}"), prefer_version=version)


def test_task_results_and_access(p: PortalClient) -> None:
    task = client(p).tasks.task
    added = task.result.add(fields={"taskId": 11, "text": "First result"}).result
    assert list(added) == ["item"]
    rid = added["item"]["id"]
    assert (added["item"]["taskId"], added["item"]["text"]) == (11, "First result")
    listed = task.result.list(filter=[["taskId", 11]]).result
    assert [(r["id"], r["text"]) for r in listed["items"]] == [(rid, "First result")]
    updated = task.result.update(rid, fields={"text": "Changed"}).result
    assert (updated["item"]["id"], updated["item"]["text"]) == (rid, "Changed")
    listed = task.result.list(filter=[["taskId", 11]]).result
    assert listed["items"][0]["text"] == "Changed"
    assert task.result.delete(rid).result == {"result": True}
    assert task.result.list(filter=[["taskId", 11]]).result["items"] == []
    access = task.access.get(11).result
    assert p.v3("tasks.task.access.get", {"id": 11}).json()["result"] == access
    assert (access["read"], access["edit"], access["admin"]) == (True, True, True)
    # the creator (not admin) may not change the director
    hook = p.add_webhook(29)
    assert client(p, 29, hook).tasks.task.access.get(11).result["changeDirector"] is False


def test_crm_item_wrappers(p: PortalClient) -> None:
    item = client(p, version=2).crm.item
    added = item.add(2, {"title": "From b24pysdk", "opportunity": 250}).result["item"]
    did = added["id"]
    assert (added["title"], added["opportunity"], added["entityTypeId"]) == ("From b24pysdk", 250, 2)
    assert item.get(2, did).result["item"] == added
    updated = item.update(2, did, {"title": "Renamed"}).result["item"]
    assert (updated["id"], updated["title"]) == (did, "Renamed")
    assert item.delete(2, did).result == []
    journal = p.admin("GET", "requests", params={"method": "crm.item.delete"}).json()["requests"]
    assert journal and journal[0]["status"] == 200


def test_error_mapping_v3(p: PortalClient) -> None:
    from b24pysdk.errors.v3 import (
        BitrixAPIAccessDeniedException,
        BitrixAPIEntityNotFoundException,
        BitrixAPIValidationRequestValidationException,
    )

    task = client(p).tasks.task
    with pytest.raises(BitrixAPIValidationRequestValidationException) as bad:
        task.update(11, fields={"creatorId": 1}).result
    assert "Error during request object validation" in str(bad.value)
    with pytest.raises(BitrixAPIEntityNotFoundException) as missing:
        task.get(999).result
    assert "Record with ID = `999` not found" in str(missing.value)
    outsider = client(p, 30, p.add_webhook(30)).tasks.task
    with pytest.raises(BitrixAPIAccessDeniedException) as denied:
        outsider.get(11).result
    assert "Access denied" in str(denied.value)


def test_error_mapping_v2(p: PortalClient) -> None:
    from b24pysdk.errors import BitrixAPIAccessDenied, BitrixAPIError, BitrixAPINotFound

    item = client(p, version=2).crm.item
    with pytest.raises(BitrixAPINotFound) as missing:
        item.get(2, 999).result
    assert "Item not found" in str(missing.value)
    did = item.add(2, {"title": "Hidden"}).result["item"]["id"]
    assert (
        p.admin(
            "POST", "crm/permissions", json={"user": 30, "entityTypeId": 2, "read": False, "update": False}
        ).status_code
        == 200
    )
    outsider = client(p, 30, p.add_webhook(30), version=2).crm.item
    with pytest.raises(BitrixAPIError) as denied:
        outsider.update(2, did, {"title": "x"}).result
    assert isinstance(denied.value, BitrixAPIAccessDenied), repr(denied.value)


def test_query_limit_exceeded_after_retries(p: PortalClient) -> None:
    from b24pysdk.errors import BitrixAPIQueryLimitExceeded

    r = p.admin("POST", "faults", json={"method": "crm.item.list", "error": "QUERY_LIMIT_EXCEEDED", "times": 5})
    assert r.status_code == 201, r.text
    p.admin("DELETE", "requests")
    with pytest.raises(BitrixAPIQueryLimitExceeded):
        client(p, version=2).crm.item.list(2).result
    statuses = [e["status"] for e in p.admin("GET", "requests", params={"method": "crm.item.list"}).json()["requests"]]
    assert statuses == [503, 503, 503]  # three attempts, then its own exception
