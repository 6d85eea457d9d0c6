"""b24pysdk 1.3.2 (unmodified, over ``--tls``) on what CRM items carry and on the company's people: product
rows (``crm.item.productrow``, ``crm.deal.productrows``), activities and to-dos, timeline comments, and
its ``user`` and ``department`` wrappers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from b24local.testing import PortalClient

b24pysdk = pytest.importorskip("b24pysdk")


@pytest.fixture
def p(tls_portal: PortalClient) -> Iterator[PortalClient]:
    tls_portal.seed(
        {
            "crm_items": [
                {"entityTypeId": 2, "id": 13142, "fields": {"title": "Deal"}},
                {"entityTypeId": 3, "id": 7, "fields": {"name": "Klaus"}},
            ]
        }
    )
    yield tls_portal


def client(p: PortalClient):  # type: ignore[no-untyped-def]
    from b24pysdk import BitrixWebhook, Client

    domain = p.base_url.split("://", 1)[1]
    return Client(BitrixWebhook(domain=domain, webhook_token=f"1/{p.token}"), prefer_version=2)


def test_product_rows(p: PortalClient) -> None:
    crm = client(p).crm
    rows = crm.item.productrow
    added = rows.add(
        {
            "ownerId": 13142,
            "ownerType": "D",
            "productId": 9621,
            "price": 80000,
            "quantity": 2,
            "discountRate": 20,
            "taxRate": 20,
            "taxIncluded": "Y",
        }
    ).result["productRow"]
    assert (added["priceExclusive"], added["priceBrutto"], added["discountSum"]) == (66666.67, 100000.01, 16666.67)
    assert rows.get(added["id"]).result == {"productRow": added}
    updated = rows.update(added["id"], {"quantity": 3}).result["productRow"]
    assert updated["quantity"] == 3
    listed = rows.list(filter={"=ownerType": "D", "=ownerId": 13142}, order={"id": "asc"}).result
    assert listed == {"productRows": [updated]}
    replaced = rows.set(
        13142, "D", [{"productId": 1, "price": 10}, {"productId": 2, "price": 20, "quantity": 3}]
    ).result
    assert [r["price"] for r in replaced["productRows"]] == [10, 20]
    assert rows.get_available_for_payment(13142, "D").result == replaced
    assert rows.delete(replaced["productRows"][0]["id"]).result is None
    assert "ownerType" in rows.fields().result["fields"]
    assert crm.item.get(2, 13142).result["item"]["opportunity"] == 60
    # the legacy wrappers on the same rows
    assert crm.deal.productrows.set(13142, [{"PRODUCT_NAME": "Box", "PRICE": 5, "QUANTITY": 4}]).result is True
    got = crm.deal.productrows.get(13142).result
    assert [(r["PRODUCT_NAME"], r["PRICE"], r["QUANTITY"], r["OWNER_TYPE"]) for r in got] == [("Box", 5, 4, "D")]
    assert crm.item.get(2, 13142).result["item"]["opportunity"] == 20


def test_activities_and_todos(p: PortalClient) -> None:
    activity = client(p).crm.activity
    # b24pysdk 1.3.2's todo.add takes only a datetime deadline and hands it to requests' JSON encoder, which
    # cannot encode it (a TypeError before anything is sent): the to-do is made over plain HTTP instead
    with pytest.raises(TypeError):
        activity.todo.add(2, 13142, datetime(2025, 2, 3, 15, 0, tzinfo=UTC), title="Call back").result
    todo = {"ownerTypeId": 2, "ownerId": 13142, "deadline": "2025-02-03T15:00:00+00:00", "title": "Call back"}
    assert p.call("crm.activity.todo.add", todo).json()["result"] == {"id": 1}
    call_id = activity.add(
        {"OWNER_TYPE_ID": 3, "OWNER_ID": 7, "TYPE_ID": 2, "SUBJECT": "Call", "COMMUNICATIONS": [{"VALUE": "+100"}]}
    ).result
    assert call_id == 2
    got = activity.get(1).result
    assert (got["PROVIDER_ID"], got["SUBJECT"], got["DEADLINE"]) == (
        "CRM_TODO",
        "Call back",
        "2025-02-03T15:00:00+00:00",
    )
    listed = activity.list(filter={"OWNER_TYPE_ID": 3}, select=["ID", "SUBJECT", "COMMUNICATIONS"]).result
    assert [(a["ID"], a["SUBJECT"], a["COMMUNICATIONS"][0]["VALUE"]) for a in listed] == [("2", "Call", "+100")]
    assert activity.update(2, {"COMPLETED": "Y"}).result is True
    assert activity.get(2).result["STATUS"] == "2"
    assert activity.delete(2).result is True
    assert activity.fields().result["SUBJECT"]["isRequired"] is True


def test_timeline_comments(p: PortalClient) -> None:
    comment = client(p).crm.timeline.comment
    new_id = comment.add({"ENTITY_ID": 13142, "ENTITY_TYPE": "deal", "COMMENT": "Hello"}).result
    assert new_id == 1
    assert comment.get(1).result["COMMENT"] == "Hello"
    assert comment.update(1, {"COMMENT": "Changed"}, owner_type_id=2, owner_id=13142).result == 1
    listed = comment.list(filter={"ENTITY_ID": 13142, "ENTITY_TYPE": "deal"}, select=["ID", "COMMENT"]).result
    assert listed == [{"ID": "1", "COMMENT": "Changed"}]
    assert comment.delete(1, owner_type_id=2, owner_id=13142).result is None
    assert comment.list(filter={"ENTITY_ID": 13142, "ENTITY_TYPE": "deal"}).result == []
    assert list(comment.fields().result)[:2] == ["ID", "CREATED"]


def test_users_and_departments(p: PortalClient) -> None:
    c = client(p)
    dept = c.department.add("Sales", 1, sort=100, uf_head=1).result
    assert c.department.get(bitrix_id=dept).result == [
        {"ID": str(dept), "NAME": "Sales", "SORT": 100, "PARENT": "1", "UF_HEAD": "1"}
    ]
    assert c.department.update(dept, name="Sales & Marketing").result is True
    assert [d["NAME"] for d in c.department.get(parent=1).result] == ["Sales & Marketing"]
    assert c.department.fields().result["UF_HEAD"] == "Manager"
    user_id = c.user.add({"EMAIL": "anna@example.com", "NAME": "Anna", "UF_DEPARTMENT": [dept]}).result
    assert c.user.update({"ID": user_id, "LAST_NAME": "Schmidt"}).result is True
    found = c.user.search(filter={"NAME": "An"}).result
    assert [(u["ID"], u["LAST_NAME"], u["UF_DEPARTMENT"]) for u in found] == [(str(user_id), "Schmidt", [dept])]
    assert c.user.get(filter={"UF_DEPARTMENT": dept}, admin_mode=True).result[0]["EMAIL"] == "anna@example.com"
    assert c.user.fields().result["UF_DEPARTMENT"] == "Units"
    assert c.department.delete(dept).result is True
    assert c.user.get(filter={"ID": user_id}).result[0]["UF_DEPARTMENT"] == []
