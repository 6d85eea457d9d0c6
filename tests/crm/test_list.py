"""crm.item.list (api-reference/crm/universal/crm-item-list.md): pages of 50, start, select, filter prefixes,
nested OR groups, order, errors."""

from __future__ import annotations

from tests.crm.helpers import add_item, error, ok, result


def _deals(portal, n):
    for i in range(1, n + 1):
        add_item(portal, 2, {"title": f"Deal {i:03d}", "opportunity": i * 10, "probability": i % 7})


def ids(body):
    return [item["id"] for item in body["result"]["items"]]


def test_paging(portal):
    _deals(portal, 120)
    first = ok(portal, "crm.item.list", {"entityTypeId": 2, "select": ["id"]})
    assert list(first) == ["result", "next", "total", "time"]
    assert ids(first) == list(range(1, 51)) and first["next"] == 50 and first["total"] == 120
    second = ok(portal, "crm.item.list", {"entityTypeId": 2, "select": ["id"], "start": 50})
    assert ids(second) == list(range(51, 101)) and second["next"] == 100
    last = ok(portal, "crm.item.list", {"entityTypeId": 2, "select": ["id"], "start": "100"})
    assert ids(last) == list(range(101, 121)) and "next" not in last and last["total"] == 120
    floored = ok(portal, "crm.item.list", {"entityTypeId": 2, "select": ["id"], "start": 73})
    assert ids(floored) == list(range(51, 101)) and floored["next"] == 100
    beyond = ok(portal, "crm.item.list", {"entityTypeId": 2, "select": ["id"], "start": 500})
    assert ids(beyond) == [] and beyond["total"] == 120 and "next" not in beyond
    nocount = ok(portal, "crm.item.list", {"entityTypeId": 2, "select": ["id"], "start": -1})
    assert ids(nocount) == list(range(1, 51)) and list(nocount) == ["result", "time"]


def test_keyset_paging_like_fast_listers(portal):
    _deals(portal, 120)
    seen, last = [], 0
    while True:
        body = ok(
            portal,
            "crm.item.list",
            {"entityTypeId": 2, "order": {"ID": "ASC"}, "filter": {">ID": last}, "select": ["ID"], "start": -1},
        )
        page = ids(body)
        if not page:
            break
        seen += page
        last = page[-1]
    assert seen == list(range(1, 121))


def test_select(portal):
    add_item(portal, 1, {"name": "Ann", "fm": [{"typeId": "PHONE", "valueType": "WORK", "value": "1"}]})
    items = result(portal, "crm.item.list", {"entityTypeId": 1, "select": ["NAME", "id", "title", "nope", "fm"]})
    assert items["items"] == [{"id": 1, "title": "Lead #1", "name": "Ann"}]
    full = result(portal, "crm.item.list", {"entityTypeId": 1})["items"][0]
    assert full == result(portal, "crm.item.get", {"entityTypeId": 1, "id": 1})["item"]
    star = result(portal, "crm.item.list", {"entityTypeId": 1, "select": ["*"]})["items"][0]
    assert star == full and star["fm"][0]["value"] == "1"
    assert result(portal, "crm.item.list", {"entityTypeId": 1, "select": ["nope"]})["items"] == [[]]


def test_filter_prefixes(portal):
    _deals(portal, 10)
    cases = [
        ({">=opportunity": 50}, [5, 6, 7, 8, 9, 10]),
        ({">opportunity": 50}, [6, 7, 8, 9, 10]),
        ({"<=opportunity": 30}, [1, 2, 3]),
        ({"<opportunity": "30"}, [1, 2]),
        ({"@id": [2, 4, 99]}, [2, 4]),
        ({"!@ID": [1, 2, 3, 4, 5, 6, 7, 8]}, [9, 10]),
        ({"%title": "deal 00"}, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
        ({"=%title": "Deal 01%"}, [10]),
        ({"%=TITLE": "%9"}, [9]),
        ({"!%title": "00"}, [10]),
        ({"=probability": 3}, [3, 10]),
        ({"probability": "3"}, [3, 10]),
        ({"!=probability": 3}, [1, 2, 4, 5, 6, 7, 8, 9]),
        ({"!probability": 3}, [1, 2, 4, 5, 6, 7, 8, 9]),
        ({"stageId": "NEW", "<id": 3}, [1, 2]),
        ({"0": {"logic": "OR", "0": {"id": 1}, "1": {"id": 10}}}, [1, 10]),
        ({"logic": "OR", "id": 1, "ID": 2}, [1, 2]),
        ({"0": {"logic": "OR", "0": {"<id": 3}, "1": {">id": 8}}, "!id": 9}, [1, 2, 10]),
        ({"isManualOpportunity": "N", "@stageId": ["NEW", "WON"]}, list(range(1, 11))),
        ({"!=comments": ""}, []),
        ({"comments": ""}, list(range(1, 11))),
    ]
    for flt, expected in cases:
        got = ids(ok(portal, "crm.item.list", {"entityTypeId": 2, "filter": flt, "select": ["id"]}))
        assert got == expected, (flt, got)


def test_doc_example_nested_or_on_leads(portal):
    add_item(
        portal,
        1,
        {
            "name": "Admin",
            "stageId": "NEW",
            "sourceId": "WEB",
            "assignedById": 1,
            "opportunity": 19000,
            "isManualOpportunity": "Y",
        },
    )
    add_item(portal, 1, {"stageId": "NEW", "sourceId": "WEB", "opportunity": 19000, "isManualOpportunity": "Y"})
    add_item(
        portal,
        1,
        {
            "name": "John",
            "lastName": "Doe",
            "stageId": "IN_PROCESS",
            "sourceId": "ADVERTISING",
            "opportunity": 12000,
            "isManualOpportunity": "Y",
        },
    )
    add_item(
        portal,
        1,
        {"name": "Cat", "stageId": "JUNK", "sourceId": "WEB", "opportunity": 6000, "isManualOpportunity": "Y"},
    )
    body = ok(
        portal,
        "crm.item.list",
        {
            "entityTypeId": 1,
            "select": [
                "id",
                "title",
                "lastName",
                "name",
                "stageId",
                "sourceId",
                "assignedById",
                "opportunity",
                "isManualOpportunity",
            ],
            "filter": {
                "0": {"logic": "OR", "0": {"!=name": ""}, "1": {"!=lastName": ""}},
                "@stageId": ["NEW", "IN_PROCESS"],
                "@sourceId": ["WEB", "ADVERTISING"],
                "@assignedById": [1, 6],
                ">=opportunity": 5000,
                "<=opportunity": 20000,
                "isManualOpportunity": "Y",
            },
            "order": {"lastName": "ASC", "name": "ASC"},
        },
    )
    items = body["result"]["items"]
    assert [i["id"] for i in items] == [1, 3] and body["total"] == 2
    assert list(items[0]) == [
        "id",
        "assignedById",
        "stageId",
        "opportunity",
        "sourceId",
        "title",
        "name",
        "lastName",
        "isManualOpportunity",
    ]
    assert items[0]["lastName"] is None and items[0]["opportunity"] == 19000


def test_order(portal):
    _deals(portal, 5)
    for order, expected in (
        ({"opportunity": "DESC"}, [5, 4, 3, 2, 1]),
        ({"OPPORTUNITY": "desc"}, [5, 4, 3, 2, 1]),
        ({"stageId": "ASC", "id": "DESC"}, [5, 4, 3, 2, 1]),
        ({"probability": "DESC"}, [5, 4, 3, 2, 1]),
        ({"TITLE": "asc"}, [1, 2, 3, 4, 5]),
        ({}, [1, 2, 3, 4, 5]),
    ):
        assert ids(ok(portal, "crm.item.list", {"entityTypeId": 2, "order": order})) == expected, order


def test_list_errors(portal):
    add_item(portal, 2)
    error(
        portal,
        "crm.item.list",
        {"entityTypeId": 2, "filter": {"nope": 1}},
        400,
        "INVALID_ARG_VALUE",
        "Invalid filter: field 'NOPE' is not allowed in filter",
    )
    error(
        portal,
        "crm.item.list",
        {"entityTypeId": 2, "filter": {">=someField": 1}},
        400,
        "INVALID_ARG_VALUE",
        "Invalid filter: field 'SOME_FIELD' is not allowed in filter",
    )
    error(
        portal,
        "crm.item.list",
        {"entityTypeId": 2, "filter": {">id": "abc"}},
        400,
        "INVALID_ARG_VALUE",
        "Invalid filter: field 'ID' has invalid value",
    )
    error(
        portal,
        "crm.item.list",
        {"entityTypeId": 2, "order": {"nope": "ASC"}},
        400,
        "INVALID_ARG_VALUE",
        "Invalid order: field 'NOPE' is not allowed in order",
    )
    error(
        portal,
        "crm.item.list",
        {"entityTypeId": 2, "order": {"title": "UP"}},
        400,
        "INVALID_ARG_VALUE",
        "Invalid order: allowed sort directions are ASC, DESC. But got 'UP' for field 'TITLE'",
    )
    error(
        portal,
        "crm.item.list",
        {"entityTypeId": 2, "filter": "x"},
        400,
        "100",
        "Invalid value {x} to match with parameter {filter}. Should be value of type array.",
    )
    error(portal, "crm.item.list", {}, 400, "100", "Could not find value for parameter {entityTypeId}")


def test_form_encoded_list(portal):
    _deals(portal, 3)
    r = portal.http.post(
        f"/rest/1/{portal.token}/crm.item.list",
        data={"entityTypeId": "2", "filter[>ID]": "1", "order[ID]": "DESC", "select[]": "ID"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["result"]["items"] == [{"id": 3}, {"id": 2}]
