"""fast_bitrix24 1.8.14 (unmodified, plain http) on product rows, activities and users: its own product-row
test (tests/test_sync.py ``test_product_rows``: ``crm.lead.productrows.set`` then ``get`` with ``ID``),
``get_all`` over ``crm.item.productrow.list`` (a ``{"productRows": [...]}`` page it unwraps) and
``crm.activity.list``, and ``call`` in bulk."""

from __future__ import annotations

import pytest

from tests.crm.helpers import add_item, result

fast_bitrix24 = pytest.importorskip("fast_bitrix24")


def test_its_product_rows_test(portal):
    lead_no = add_item(portal, 1, {"title": "Lead"})["id"]
    b = fast_bitrix24.Bitrix(portal.v2_url(), verbose=False)
    product_rows = [
        {"PRODUCT_NAME": "ssssdsd", "PRICE": 5555, "QUANTITY": 2, "CURRENCY": "USD"},
        {"PRODUCT_ID": 2809, "PRICE": 100, "QUANTITY": 2},
    ]
    assert b.call("crm.lead.productrows.set", {"ID": lead_no, "rows": product_rows}) is True
    # call() with one dict hands back the first element of a list result (its own unwrapping, whatever the
    # server), so the test's len() comparison needs the raw answer
    first = b.call("crm.lead.productrows.get", {"ID": lead_no})
    assert (first["ID"], first["PRODUCT_NAME"]) == ("1", "ssssdsd")
    result_rows = b.call("crm.lead.productrows.get", {"ID": lead_no}, raw=True)["result"]
    assert len(product_rows) == len(result_rows)
    assert [(r["PRODUCT_NAME"], r["PRICE"], r["QUANTITY"]) for r in result_rows] == [("ssssdsd", 5555, 2), ("", 100, 2)]
    assert result(portal, "crm.item.get", {"entityTypeId": 1, "id": lead_no})["item"]["opportunity"] == 11310


def test_get_all_product_rows_and_activities(portal):
    portal.seed({"crm_items": [{"entityTypeId": 2, "id": 1, "fields": {"title": "Deal"}}]})
    rows = [{"productName": f"P{i}", "price": i, "quantity": 1} for i in range(1, 121)]
    result(portal, "crm.item.productrow.set", {"ownerType": "D", "ownerId": 1, "productRows": rows})
    b = fast_bitrix24.Bitrix(portal.v2_url(), verbose=False)
    got = b.get_all("crm.item.productrow.list", {"filter": {"=ownerType": "D", "=ownerId": 1}})
    assert sorted(r["price"] for r in got) == list(range(1, 121))
    todos = [
        {"ownerTypeId": 2, "ownerId": 1, "deadline": "2025-02-03T15:00:00+00:00", "title": f"T{i}"} for i in range(60)
    ]
    added = b.call("crm.activity.todo.add", todos)
    assert sorted(added) == list(range(1, 61))  # it unwraps each {"id": n}
    listed = b.get_all("crm.activity.list", {"filter": {"OWNER_TYPE_ID": 2, "OWNER_ID": 1}, "select": ["ID"]})
    assert sorted(int(a["ID"]) for a in listed) == list(range(1, 61))


def test_users_in_bulk(portal):
    b = fast_bitrix24.Bitrix(portal.v2_url(), verbose=False)
    new = b.call("user.add", [{"EMAIL": f"u{i}@example.com", "UF_DEPARTMENT": [1]} for i in range(3)])
    assert sorted(new) == [2, 3, 4]
    users = b.get_all("user.get", {"filter": {"UF_DEPARTMENT": 1}})
    assert sorted(int(u["ID"]) for u in users) == [1, 2, 3, 4]
