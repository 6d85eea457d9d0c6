"""crm.item.productrow.* and crm.deal/lead/quote.productrows.*: the docs' example requests and answers,
derived prices, errors, and the owner's amount following its rows."""

from __future__ import annotations

from typing import Any

from b24local.testing import PortalClient
from tests.crm.helpers import add_item, add_spa, error, ok, result
from tests.tasks.helpers import db_exec

ROW_KEYS = [
    "id", "ownerId", "ownerType", "productId", "productName", "price", "priceAccount", "priceExclusive",
    "priceNetto", "priceBrutto", "quantity", "discountTypeId", "discountRate", "discountSum", "taxRate",
    "taxIncluded", "customized", "measureCode", "measureName", "sort", "xmlId", "type",
]  # fmt: skip


def seed_deals(portal: PortalClient, *ids: int) -> None:
    portal.seed({"crm_items": [{"entityTypeId": 2, "id": i, "fields": {"title": f"Deal {i}"}} for i in ids]})


def deal(portal: PortalClient, deal_id: int) -> dict[str, Any]:
    return result(portal, "crm.item.get", {"entityTypeId": 2, "id": deal_id})["item"]


# crm-item-productrow-add.md, the cURL example's body
ADD_EXAMPLE = {
    "fields": {
        "ownerId": 13142,
        "ownerType": "D",
        "productId": 9621,
        "price": 80000,
        "quantity": 2,
        "discountTypeId": 2,
        "discountRate": 20,
        "taxRate": 20,
        "taxIncluded": "Y",
        "measureCode": 796,
        "sort": 10,
    }
}


def test_add_example_derives_the_documented_prices(portal):
    seed_deals(portal, 13142)
    body = ok(portal, "crm.item.productrow.add", ADD_EXAMPLE)
    assert list(body) == ["result", "time"]
    row = body["result"]["productRow"]
    assert list(row) == ROW_KEYS
    # the docs' answer, but for productName (b24local has no catalog: "iphone 14" came from it)
    assert row == {
        "id": 1,
        "ownerId": 13142,
        "ownerType": "D",
        "productId": 9621,
        "productName": "",
        "price": 80000,
        "priceAccount": 80000,
        "priceExclusive": 66666.67,
        "priceNetto": 83333.34,
        "priceBrutto": 100000.01,
        "quantity": 2,
        "discountTypeId": 2,
        "discountRate": 20,
        "discountSum": 16666.67,
        "taxRate": 20,
        "taxIncluded": "Y",
        "customized": "Y",
        "measureCode": 796,
        "measureName": "pcs",
        "sort": 10,
        "xmlId": "",
        "type": 4,
    }
    # the deal's amount follows its rows: 80000 × 2, of which 20 % tax included
    item = deal(portal, 13142)
    assert (item["opportunity"], item["taxValue"], item["isManualOpportunity"]) == (160000, 26666.67, "N")
    # the deal changed through its own update: its event, no product-row event (none exists)
    events = [r[0] for r in db_exec(portal, "SELECT event FROM event_outbox ORDER BY id")]
    assert events[-1:] == ["ONCRMDEALUPDATE"] and "ONCRMDEALUPDATE" not in events[:-1]


def test_update_example_recomputes_the_row(portal):
    seed_deals(portal, 13142)
    row_id = result(portal, "crm.item.productrow.add", ADD_EXAMPLE)["productRow"]["id"]
    # crm-item-productrow-update.md's body (its row id replaced by ours)
    body = {
        "id": row_id,
        "fields": {
            "productId": 9621,
            "price": 90000,
            "quantity": 3,
            "discountTypeId": 2,
            "discountRate": 10,
            "taxRate": 10,
            "taxIncluded": "Y",
            "measureCode": 796,
            "sort": 20,
        },
    }
    row = result(portal, "crm.item.productrow.update", body)["productRow"]
    assert {k: row[k] for k in ("id", "price", "priceExclusive", "priceNetto", "priceBrutto", "discountSum")} == {
        "id": row_id,
        "price": 90000,
        "priceExclusive": 81818.18,
        "priceNetto": 90909.09,
        "priceBrutto": 100000,
        "discountSum": 9090.91,
    }
    assert (row["quantity"], row["discountRate"], row["taxRate"], row["sort"]) == (3, 10, 10, 20)
    assert result(portal, "crm.item.productrow.get", {"id": row_id}) == {"productRow": row}
    assert deal(portal, 13142)["opportunity"] == 270000


def test_set_example_replaces_the_rows(portal):
    seed_deals(portal, 13143)
    result(portal, "crm.item.productrow.add", {"fields": {"ownerType": "D", "ownerId": 13143, "price": 5}})
    # crm-item-productrow-set.md's body
    body = {
        "ownerType": "D",
        "ownerId": 13143,
        "productRows": [
            {"productId": 9621, "price": 99999.99, "quantity": 1, "sort": 10},
            {"productId": 9623, "price": 15900, "quantity": 2, "sort": 10},
        ],
    }
    got = result(portal, "crm.item.productrow.set", body)["productRows"]
    assert [list(r) for r in got] == [ROW_KEYS, ROW_KEYS]
    first, second = got
    assert first == {
        "id": 2,
        "ownerId": 13143,
        "ownerType": "D",
        "productId": 9621,
        "productName": "",
        "price": 99999.99,
        "priceAccount": 99999.99,
        "priceExclusive": 99999.99,
        "priceNetto": 99999.99,
        "priceBrutto": 99999.99,
        "quantity": 1,
        "discountTypeId": 2,
        "discountRate": 0,
        "discountSum": 0,
        "taxRate": None,
        "taxIncluded": "N",
        "customized": "Y",
        "measureCode": 796,
        "measureName": "pcs",
        "sort": 10,
        "xmlId": "",
        "type": 4,
    }
    assert (second["id"], second["productId"], second["price"], second["quantity"]) == (3, 9623, 15900, 2)
    # the old row is gone; the amount is the new rows' total
    error(portal, "crm.item.productrow.get", {"id": 1}, 400, "NOT_FOUND", "Item not found")
    assert deal(portal, 13143)["opportunity"] == 131799.99
    # an empty list clears the rows, and the amount with them
    assert result(portal, "crm.item.productrow.set", {**body, "productRows": []}) == {"productRows": []}
    item = deal(portal, 13143)
    assert (item["opportunity"], item["taxValue"]) == (0, 0)


def test_list_example_filters_and_orders(portal):
    seed_deals(portal, 13142)
    for price, measure in ((90000, 796), (5550, 6), (10, 796)):
        row = {"ownerType": "D", "ownerId": 13142, "productId": 9621, "price": price, "measureCode": measure}
        result(portal, "crm.item.productrow.add", {"fields": row})
    # crm-item-productrow-list.md's body
    body = {"filter": {"=ownerType": "D", "=ownerId": 13142, ">price": 5000}, "order": {"price": "desc"}}
    answer = ok(portal, "crm.item.productrow.list", body)
    assert list(answer) == ["result", "total", "time"]
    assert answer["total"] == 2
    got = answer["result"]["productRows"]
    assert [(r["price"], r["measureCode"], r["measureName"]) for r in got] == [(90000, 796, "pcs"), (5550, 6, "m")]
    # UPPER_CASE keys work as well; a LIKE on the name; paging keys
    body = {"filter": {"=OWNER_TYPE": "D", "=OWNER_ID": "13142", "<=PRICE": 5550}, "order": {"ID": "ASC"}}
    assert [r["price"] for r in result(portal, "crm.item.productrow.list", body)["productRows"]] == [5550, 10]


def test_list_needs_the_owner_keys(portal):
    seed_deals(portal, 1)
    error(
        portal, "crm.item.productrow.list", {"filter": {"ownerType": "D", "=ownerId": 1}}, 400,
        "REQUIRED_ARG_MISSING", "Argument '=ownerType' is required",
    )  # fmt: skip
    error(
        portal, "crm.item.productrow.list", {"filter": {"=ownerType": "D"}}, 400,
        "REQUIRED_ARG_MISSING", "Argument '=ownerId' is required",
    )  # fmt: skip
    error(
        portal, "crm.item.productrow.list", {"filter": {"=ownerType": "D", "=ownerId": 1, ">price": [1]}}, 400,
        "INVALID_ARG_VALUE", "Value for filter key '>price' should be either string or number",
    )  # fmt: skip
    # an owner without rows (even one that does not exist) lists nothing
    answer = ok(portal, "crm.item.productrow.list", {"filter": {"=ownerType": "D", "=ownerId": 77}})
    assert (answer["result"], answer["total"]) == ({"productRows": []}, 0)


def test_delete_example_answers_null(portal):
    seed_deals(portal, 5)
    row = result(portal, "crm.item.productrow.add", {"fields": {"ownerType": "D", "ownerId": 5, "price": 100}})
    assert deal(portal, 5)["opportunity"] == 100
    body = ok(portal, "crm.item.productrow.delete", {"id": row["productRow"]["id"]})
    assert body["result"] is None and list(body) == ["result", "time"]
    error(portal, "crm.item.productrow.delete", {"id": row["productRow"]["id"]}, 400, "NOT_FOUND", "Item not found")
    assert deal(portal, 5)["opportunity"] == 0


def test_owner_errors(portal):
    seed_deals(portal, 1)
    add_item(portal, 3, {"name": "Contact"})
    fields = {"ownerType": "D", "ownerId": 2, "price": 1}
    error(portal, "crm.item.productrow.add", {"fields": fields}, 400, "OWNER_NOT_FOUND", "Owner was not found")
    fields = {"ownerType": "C", "ownerId": 1, "price": 1}
    error(
        portal, "crm.item.productrow.add", {"fields": fields}, 400,
        "ENTITY_TYPE_NOT_SUPPORTED", "Entity type CONTACT is not supported",
    )  # fmt: skip
    fields = {"ownerType": "I", "ownerId": 1}
    error(
        portal, "crm.item.productrow.add", {"fields": fields}, 400,
        "ENTITY_TYPE_NOT_SUPPORTED", "Entity type INVOICE is not supported",
    )  # fmt: skip
    error(portal, "crm.item.productrow.add", {}, 400, "100", "Could not find value for parameter {fields}")
    error(portal, "crm.item.productrow.get", {}, 400, "100", "Could not find value for parameter {id}")
    error(
        portal, "crm.item.productrow.set", {"ownerType": "D", "ownerId": 1}, 400,
        "100", "Could not find value for parameter {productRows}",
    )  # fmt: skip
    assert (
        result(portal, "crm.item.productrow.list", {"filter": {"=ownerType": "D", "=ownerId": 1}})["productRows"] == []
    )


def test_update_without_writable_fields(portal):
    seed_deals(portal, 1)
    row_id = result(portal, "crm.item.productrow.add", {"fields": {"ownerType": "D", "ownerId": 1}})["productRow"]["id"]
    error(
        portal, "crm.item.productrow.update", {"id": row_id, "fields": {"priceNetto": 5, "nope": 1}}, 400,
        "INVALID_ARG_VALUE", "Field 'priceNetto' not available for update",
    )  # fmt: skip
    error(portal, "crm.item.productrow.update", {"id": 999, "fields": {"price": 1}}, 400, "NOT_FOUND", "Item not found")


def test_discount_rules(portal):
    seed_deals(portal, 1)
    base = {"ownerType": "D", "ownerId": 1, "price": 100}
    error(
        portal, "crm.item.productrow.add", {"fields": {**base, "discountTypeId": 1}}, 400, "0",
        "Discount Sum (DISCOUNT_SUM) is required if Monetary Discount Type (DISCOUNT_TYPE_ID) is used. ID = ",
    )  # fmt: skip
    error(
        portal, "crm.item.productrow.add", {"fields": {**base, "discountTypeId": 2}}, 400, "0",
        "Discount Rate (DISCOUNT_RATE) is required if Percentage Discount Type (DISCOUNT_TYPE_ID) is used. ID = ",
    )  # fmt: skip
    # a monetary discount gives its percentage
    row = result(portal, "crm.item.productrow.add", {"fields": {**base, "discountTypeId": 1, "discountSum": 25}})
    row = row["productRow"]
    assert (row["discountRate"], row["discountSum"], row["priceNetto"], row["priceBrutto"]) == (20, 25, 125, 125)
    assert result(portal, "crm.item.productrow.list", {"filter": {"=ownerType": "D", "=ownerId": 1}})[
        "productRows"
    ] == [row]


def test_manual_amount_is_kept(portal):
    seed_deals(portal, 1)
    result(
        portal,
        "crm.item.update",
        {"entityTypeId": 2, "id": 1, "fields": {"isManualOpportunity": "Y", "opportunity": 7}},
    )
    result(portal, "crm.item.productrow.add", {"fields": {"ownerType": "D", "ownerId": 1, "price": 50, "taxRate": 25}})
    item = deal(portal, 1)
    assert (item["opportunity"], item["taxValue"]) == (7, 10)
    # back to automatic mode: the rows decide; a written amount is replaced while there are rows
    item = result(portal, "crm.item.update", {"entityTypeId": 2, "id": 1, "fields": {"isManualOpportunity": "N"}})[
        "item"
    ]
    assert item["opportunity"] == 50
    item = result(portal, "crm.item.update", {"entityTypeId": 2, "id": 1, "fields": {"opportunity": 1}})["item"]
    assert item["opportunity"] == 50


def test_smart_process_rows_and_type_code(portal):
    add_spa(portal, 1268, isLinkWithProductsEnabled="Y")
    add_spa(portal, 1270, title="No products")
    add_item(portal, 1268, {"title": "S"})
    add_item(portal, 1270, {"title": "N"})
    row = result(portal, "crm.item.productrow.add", {"fields": {"ownerType": "T4f4", "ownerId": 1, "price": 3}})
    assert row["productRow"]["ownerType"] == "T4f4"
    error(
        portal, "crm.item.productrow.add", {"fields": {"ownerType": "T4F6", "ownerId": 1}}, 400,
        "ENTITY_TYPE_NOT_SUPPORTED", "Entity type DYNAMIC_1270 is not supported",
    )  # fmt: skip
    assert result(portal, "crm.item.get", {"entityTypeId": 1268, "id": 1})["item"]["opportunity"] == 3


def test_fields_example(portal):
    got = result(portal, "crm.item.productrow.fields")["fields"]
    assert list(got) == [
        "id", "ownerId", "ownerType", "productId", "productName", "price", "priceExclusive", "priceNetto",
        "priceBrutto", "quantity", "discountTypeId", "discountRate", "discountSum", "taxRate", "taxIncluded",
        "customized", "measureCode", "measureName", "sort", "type", "storeId",
    ]  # fmt: skip
    assert got["ownerId"] == {
        "type": "integer", "isRequired": True, "isReadOnly": False, "isImmutable": True, "isMultiple": False,
        "isDynamic": False, "title": "Owner ID",
    }  # fmt: skip
    assert got["priceExclusive"]["title"] == "Discounted price excluding tax" and got["priceExclusive"]["isReadOnly"]
    assert got["taxIncluded"]["type"] == "char" and got["storeId"]["title"] == "STORE_ID"


def test_access_rights(portal):
    seed_deals(portal, 1)
    row = result(portal, "crm.item.productrow.add", {"fields": {"ownerType": "D", "ownerId": 1}})["productRow"]
    user = portal.add_user("Seller")
    hook = portal.add_webhook(user=user, scopes=["crm"])
    portal.admin("POST", "crm/permissions", json={"user": user, "entityTypeId": 2, "update": False})
    error(
        portal,
        "crm.item.productrow.add",
        {"fields": {"ownerType": "D", "ownerId": 1}},
        400,
        "ACCESS_DENIED",
        "Access denied",
        user=user,
        token=hook,
    )
    error(
        portal,
        "crm.item.productrow.delete",
        {"id": row["id"]},
        400,
        "ACCESS_DENIED",
        "Access denied",
        user=user,
        token=hook,
    )
    assert result(portal, "crm.item.productrow.get", {"id": row["id"]}, user=user, token=hook)["productRow"] == row
    error(portal, "crm.deal.productrows.set", {"id": 1, "rows": []}, 400, "", "Access denied.", user=user, token=hook)
    portal.admin("POST", "crm/permissions", json={"user": user, "entityTypeId": 2, "read": False})
    error(
        portal,
        "crm.item.productrow.get",
        {"id": row["id"]},
        400,
        "ACCESS_DENIED",
        "Access denied",
        user=user,
        token=hook,
    )
    error(
        portal, "crm.item.productrow.list", {"filter": {"=ownerType": "D", "=ownerId": 1}}, 400,
        "ACCESS_DENIED", "Access denied", user=user, token=hook,
    )  # fmt: skip
    error(portal, "crm.deal.productrows.get", {"id": 1}, 400, "", "Access denied.", user=user, token=hook)
    assert len(result(portal, "crm.deal.productrows.get", {"id": 1})) == 1


# -- legacy crm.deal.productrows.* ---------------------------------------------------------------------------
LEGACY_KEYS = [
    "ID", "OWNER_ID", "OWNER_TYPE", "PRODUCT_ID", "PRODUCT_NAME", "ORIGINAL_PRODUCT_NAME", "PRODUCT_DESCRIPTION",
    "PRICE", "PRICE_EXCLUSIVE", "PRICE_NETTO", "PRICE_BRUTTO", "PRICE_ACCOUNT", "QUANTITY", "DISCOUNT_TYPE_ID",
    "DISCOUNT_RATE", "DISCOUNT_SUM", "TAX_RATE", "TAX_INCLUDED", "CUSTOMIZED", "MEASURE_CODE", "MEASURE_NAME",
    "SORT", "XML_ID", "TYPE", "STORE_ID", "RESERVE_ID", "DATE_RESERVE_END", "RESERVE_QUANTITY",
]  # fmt: skip

# crm-deal-productrows-set.md (crm-lead-productrows-set.md sends the same rows)
LEGACY_SET_ROWS = [
    {
        "PRODUCT_ID": 456, "PRICE": 1000, "QUANTITY": 10, "DISCOUNT_TYPE_ID": 1, "DISCOUNT_SUM": 100, "TAX_RATE": 13,
        "MEASURE_CODE": 796, "MEASURE_NAME": "pcs", "SORT": 10,
    },
    {
        "PRODUCT_NAME": "Product #2", "PRICE": 500, "QUANTITY": 5, "DISCOUNT_TYPE_ID": 2, "DISCOUNT_RATE": 10,
        "TAX_RATE": 10, "MEASURE_CODE": 166, "MEASURE_NAME": "kg", "SORT": 20,
    },
]  # fmt: skip


def test_legacy_deal_set_and_get_examples(portal):
    seed_deals(portal, 5)
    answer = ok(portal, "crm.deal.productrows.set", {"id": 5, "rows": LEGACY_SET_ROWS})
    assert answer["result"] is True and list(answer) == ["result", "time"]
    got = result(portal, "crm.deal.productrows.get", {"id": 5})
    assert [list(r) for r in got] == [LEGACY_KEYS, LEGACY_KEYS]
    first, second = got
    assert first == {
        "ID": "1",
        "OWNER_ID": "5",
        "OWNER_TYPE": "D",
        "PRODUCT_ID": 456,
        "PRODUCT_NAME": "",
        "ORIGINAL_PRODUCT_NAME": "",
        "PRODUCT_DESCRIPTION": None,
        "PRICE": 1000,
        "PRICE_EXCLUSIVE": 884.96,
        "PRICE_NETTO": 984.96,
        "PRICE_BRUTTO": 1113,
        "PRICE_ACCOUNT": "1000.00000000",
        "QUANTITY": 10,
        "DISCOUNT_TYPE_ID": 1,
        "DISCOUNT_RATE": 10.15,
        "DISCOUNT_SUM": 100,
        "TAX_RATE": 13,
        "TAX_INCLUDED": "N",
        "CUSTOMIZED": "Y",
        "MEASURE_CODE": 796,
        "MEASURE_NAME": "pcs",
        "SORT": 10,
        "XML_ID": "",
        "TYPE": 4,
        "STORE_ID": None,
        "RESERVE_ID": None,
        "DATE_RESERVE_END": None,
        "RESERVE_QUANTITY": None,
    }
    assert (second["PRODUCT_NAME"], second["MEASURE_CODE"], second["MEASURE_NAME"], second["TYPE"]) == (
        "Product #2", 166, "kg", 1,
    )  # fmt: skip
    assert deal(portal, 5)["opportunity"] == 12500
    # rows come back by SORT, then ID
    result(portal, "crm.deal.productrows.set", {"id": 5, "rows": [{"PRICE": 1, "SORT": 30}, {"PRICE": 2, "SORT": 5}]})
    assert [r["PRICE"] for r in result(portal, "crm.deal.productrows.get", {"ID": 5})] == [2, 1]


def test_legacy_lead_row_keeps_its_precise_price(portal):
    add_item(portal, 1, {"title": "Lead"})
    # the second row of crm-lead-productrows-get.md's answer: PRICE 22175.328, 40 % off, 12 % tax not included
    row = {"PRODUCT_ID": 6595, "PRODUCT_NAME": "Product #2", "PRICE": 22175.328, "DISCOUNT_TYPE_ID": 2,
           "DISCOUNT_RATE": 40, "TAX_RATE": 12, "TAX_INCLUDED": "N", "SORT": 30}  # fmt: skip
    assert result(portal, "crm.lead.productrows.set", {"id": 1, "rows": [row]}) is True
    got = result(portal, "crm.lead.productrows.get", {"id": 1})[0]
    assert {k: got[k] for k in ("PRICE", "PRICE_EXCLUSIVE", "PRICE_NETTO", "PRICE_BRUTTO", "PRICE_ACCOUNT")} == {
        "PRICE": 22175.328,
        "PRICE_EXCLUSIVE": 19799.4,
        "PRICE_NETTO": 32999,
        "PRICE_BRUTTO": 36958.88,
        "PRICE_ACCOUNT": "22175.32800000",
    }
    assert (got["DISCOUNT_SUM"], got["OWNER_TYPE"]) == (13199.6, "L")


def test_legacy_quote_example(portal):
    add_item(portal, 7, {"title": "Estimate"})
    # crm-quote-product-rows-set.md's body
    rows = [
        {"PRODUCT_ID": 459, "PRICE": 3000, "QUANTITY": 1, "DISCOUNT_TYPE_ID": 2, "DISCOUNT_RATE": 0, "TAX_RATE": 0,
         "TAX_INCLUDED": "Y", "MEASURE_CODE": 796, "MEASURE_NAME": "pcs", "SORT": 10},
        {"PRODUCT_NAME": "Support Service", "PRICE": 1500, "QUANTITY": 2, "DISCOUNT_TYPE_ID": 2, "DISCOUNT_RATE": 0,
         "TAX_RATE": 0, "TAX_INCLUDED": "Y", "MEASURE_CODE": 796, "MEASURE_NAME": "pcs", "SORT": 20},
    ]  # fmt: skip
    assert result(portal, "crm.quote.productrows.set", {"id": 1, "rows": rows}) is True
    got = result(portal, "crm.quote.productrows.get", {"id": 1})
    assert [(r["OWNER_TYPE"], r["PRICE"], r["TAX_RATE"], r["TAX_INCLUDED"]) for r in got] == [
        ("Q", 3000, 0, "Y"), ("Q", 1500, 0, "Y"),
    ]  # fmt: skip
    assert result(portal, "crm.item.get", {"entityTypeId": 7, "id": 1})["item"]["opportunity"] == 6000


def test_legacy_errors(portal):
    seed_deals(portal, 1)
    error(portal, "crm.deal.productrows.get", {}, 400, "", "The parameter id is invalid or not defined.")
    error(
        portal,
        "crm.deal.productrows.set",
        {"id": 0, "rows": []},
        400,
        "",
        "The parameter id is invalid or not defined.",
    )
    error(portal, "crm.deal.productrows.set", {"id": 1}, 400, "", "The parameter rows must be array.")
    error(portal, "crm.deal.productrows.set", {"id": 2, "rows": []}, 400, "", "Not found.")
    error(
        portal, "crm.deal.productrows.set", {"id": 1, "rows": [{"PRICE": 1, "DISCOUNT_TYPE_ID": 2, "DISCOUNT_RATE": 100}]},
        400, "ERROR_CORE",
        "Discount Sum (DISCOUNT_SUM) is required if Percentage Discount Type (DISCOUNT_TYPE_ID) is defined and "
        "Discount Rate (DISCOUNT_RATE) is 100%<br>",
    )  # fmt: skip
    error(
        portal, "crm.deal.productrows.set", {"id": 1, "rows": [{"PRICE": 1, "DISCOUNT_TYPE_ID": 1}]}, 400, "ERROR_CORE",
        "Discount Sum (DISCOUNT_SUM) is required if Monetary Discount Type (DISCOUNT_TYPE_ID) is defined.<br>",
    )  # fmt: skip
    # a failed set changes nothing; a missing deal has no rows
    assert result(portal, "crm.deal.productrows.get", {"id": 1}) == []
    assert result(portal, "crm.deal.productrows.get", {"id": 99}) == []


def test_deleting_the_owner_removes_its_rows(portal):
    seed_deals(portal, 1, 2)
    result(portal, "crm.deal.productrows.set", {"id": 1, "rows": [{"PRICE": 1}]})
    result(portal, "crm.deal.productrows.set", {"id": 2, "rows": [{"PRICE": 2}]})
    result(portal, "crm.item.delete", {"entityTypeId": 2, "id": 1})
    error(portal, "crm.item.productrow.get", {"id": 1}, 400, "NOT_FOUND", "Item not found")
    assert [r["ID"] for r in result(portal, "crm.deal.productrows.get", {"id": 2})] == ["2"]
