"""crm.item.* for every supported type: key order, value forms, write rules, fm multifields (crm-item-get.md,
crm-item-add.md, crm-item-update.md, object-fields.md; docs/fidelity.md "CRM")."""

from __future__ import annotations

import pytest

from b24local.testing import PortalClient
from tests.conftest import start_server
from tests.crm.helpers import ALL_FLAGS, add_item, add_spa, error, result

# crm-item-get.md (lead) and crm-item-add.md (deal) examples, user fields and parentId… left out.
LEAD_KEYS = [
    "id",
    "createdTime",
    "dateCreateShort",
    "updatedTime",
    "dateModifyShort",
    "createdBy",
    "updatedBy",
    "assignedById",
    "opened",
    "companyId",
    "contactId",
    "stageId",
    "isConvert",
    "statusDescription",
    "stageSemanticId",
    "productId",
    "opportunity",
    "currencyId",
    "sourceId",
    "sourceDescription",
    "title",
    "name",
    "lastName",
    "secondName",
    "shortName",
    "companyTitle",
    "post",
    "address",
    "comments",
    "webformId",
    "originatorId",
    "originId",
    "dateClosed",
    "birthdate",
    "honorific",
    "hasPhone",
    "hasEmail",
    "hasImol",
    "login",
    "isReturnCustomer",
    "searchContent",
    "isManualOpportunity",
    "movedBy",
    "movedTime",
    "lastActivityBy",
    "lastActivityTime",
    "phoneMobile",
    "phoneWork",
    "phoneMailing",
    "emailHome",
    "emailWork",
    "emailMailing",
    "skype",
    "icq",
    "imol",
    "email",
    "phone",
    "fm",
    "utmSource",
    "utmMedium",
    "utmCampaign",
    "utmContent",
    "utmTerm",
    "observers",
    "contactIds",
    "entityTypeId",
]
DEAL_KEYS = [
    "id",
    "createdTime",
    "dateCreateShort",
    "updatedTime",
    "dateModifyShort",
    "createdBy",
    "updatedBy",
    "assignedById",
    "opened",
    "leadId",
    "companyId",
    "contactId",
    "quoteId",
    "title",
    "productId",
    "categoryId",
    "stageId",
    "stageSemanticId",
    "isNew",
    "isRecurring",
    "isReturnCustomer",
    "isRepeatedApproach",
    "closed",
    "typeId",
    "opportunity",
    "isManualOpportunity",
    "taxValue",
    "currencyId",
    "probability",
    "comments",
    "begindate",
    "begindateShort",
    "closedate",
    "closedateShort",
    "eventDate",
    "eventDateShort",
    "eventId",
    "eventDescription",
    "locationId",
    "webformId",
    "sourceId",
    "sourceDescription",
    "originatorId",
    "originId",
    "additionalInfo",
    "searchContent",
    "orderStage",
    "movedBy",
    "movedTime",
    "lastActivityBy",
    "lastActivityTime",
    "isWork",
    "isWon",
    "isLose",
    "receivedAmount",
    "lostAmount",
    "hasProducts",
    "utmSource",
    "utmMedium",
    "utmCampaign",
    "utmContent",
    "utmTerm",
    "observers",
    "contactIds",
    "entityTypeId",
]


def test_lead_defaults_and_key_order(portal):
    lead = add_item(portal, 1, {"name": "Ann"})
    assert list(lead) == LEAD_KEYS
    assert lead["title"] == "Lead #1" and lead["stageId"] == "NEW" and lead["stageSemanticId"] == "P"
    assert lead["opened"] == "Y" and lead["assignedById"] == 1 and lead["createdBy"] == 1
    assert lead["companyId"] == 0 and lead["contactId"] == 0 and lead["webformId"] == 0
    assert lead["observers"] == [] and lead["contactIds"] == [] and lead["fm"] == []
    assert lead["phone"] == "" and lead["skype"] is None and lead["hasPhone"] == "N"
    assert lead["dateCreateShort"] is None and lead["isConvert"] is None
    assert lead["createdTime"].endswith("+00:00") and lead["entityTypeId"] == 1
    assert result(portal, "crm.item.get", {"entityTypeId": 1, "id": 1})["item"] == lead


def test_deal_key_order_and_values(portal):
    deal = add_item(
        portal,
        2,
        {
            "title": "Big",
            "opportunity": 999.99,
            "observers": [1],
            "isManualOpportunity": "Y",
            "probability": "50",
            "begindate": "2024-06-18",
            "closedate": "2024-07-30",
        },
    )
    assert list(deal) == DEAL_KEYS
    assert deal["opportunity"] == 999.99 and deal["taxValue"] == 0 and deal["probability"] == 50
    assert deal["isManualOpportunity"] == "Y" and deal["isRecurring"] == "N" and deal["closed"] == "N"
    assert deal["categoryId"] == 0 and deal["stageId"] == "NEW" and deal["isNew"] == "Y"
    assert deal["typeId"] == "SALE" and deal["currencyId"] == "USD" and deal["sourceId"] == "CALL"
    assert deal["begindate"] == "2024-06-18T00:00:00+00:00" and deal["closedate"] == "2024-07-30T00:00:00+00:00"
    assert deal["leadId"] is None and deal["quoteId"] is None and deal["observers"] == [1]
    won = result(portal, "crm.item.update", {"entityTypeId": 2, "id": deal["id"], "fields": {"stageId": "WON"}})["item"]
    assert won["stageSemanticId"] == "S" and won["closed"] == "Y" and won["isNew"] == "N"
    error(
        portal,
        "crm.item.update",
        {"entityTypeId": 2, "id": deal["id"], "fields": {"categoryId": 5}},
        400,
        "CRM_FIELD_ERROR_VALUE_NOT_VALID",
        'Invalid value for field "Pipeline"',
    )


def test_lead_date_closed_follows_final_status(portal):
    lead = add_item(portal, 1)
    assert lead["dateClosed"] is None
    junk = result(portal, "crm.item.update", {"entityTypeId": 1, "id": 1, "fields": {"stageId": "JUNK"}})["item"]
    assert junk["dateClosed"] == junk["updatedTime"] and junk["stageSemanticId"] == "F"
    back = result(portal, "crm.item.update", {"entityTypeId": 1, "id": 1, "fields": {"STAGE_ID": "IN_PROCESS"}})
    assert back["item"]["dateClosed"] is None and back["item"]["stageSemanticId"] == "P"


@pytest.mark.parametrize("etid,title,first_stage", [(1, "Lead", "NEW"), (2, "Deal", "NEW"), (7, "Estimate", "DRAFT")])
def test_default_titles_and_first_stage(portal, etid, title, first_stage):
    first = add_item(portal, etid)
    second = add_item(portal, etid)
    assert (first["title"], second["title"]) == (f"{title} #1", f"{title} #2")
    assert first["stageId"] == first_stage


def test_contact_company_quote_invoice_crud(portal):
    contact = add_item(portal, 3, {"name": "Ann", "lastName": "Lee", "birthdate": "2000-01-01"})
    assert contact["birthdate"] == "2000-01-01T00:00:00+00:00" and contact["typeId"] == "CLIENT"
    assert contact["export"] == "Y" and "title" not in contact
    company = add_item(portal, 4, {"title": "ACME", "revenue": "1000.5", "isMyCompany": "N"})
    assert company["title"] == "ACME" and company["revenue"] == 1000.5 and company["isMyCompany"] == "N"
    quote = add_item(portal, 7, {"companyId": company["id"], "contactIds": [contact["id"]]})
    assert quote["title"] == "Estimate #1" and quote["companyId"] == company["id"]
    assert quote["contactIds"] == [contact["id"]] and quote["contactId"] == contact["id"]
    invoice = add_item(portal, 31, {"title": "Inv", "opportunity": 10})
    assert invoice["stageId"] == f"DT31_{invoice['categoryId']}:N" and invoice["opportunity"] == 10
    assert invoice["accountNumber"] == "1" and list(invoice)[-1] == "entityTypeId"
    for etid, item in ((3, contact), (4, company), (7, quote), (31, invoice)):
        updated = result(
            portal, "crm.item.update", {"entityTypeId": etid, "id": item["id"], "fields": {"comments": "note"}}
        )["item"]
        assert updated["comments"] == "note"
        assert result(portal, "crm.item.delete", {"entityTypeId": etid, "id": item["id"]}) == []
        error(portal, "crm.item.get", {"entityTypeId": etid, "id": item["id"]}, 400, "NOT_FOUND", "Item not found")


def test_ids_per_type_never_reused(portal):
    assert add_item(portal, 2)["id"] == 1
    assert add_item(portal, 1)["id"] == 1
    assert result(portal, "crm.item.delete", {"entityTypeId": 2, "id": 1}) == []
    assert add_item(portal, 2)["id"] == 2


def test_unsupported_types(portal):
    error(
        portal,
        "crm.item.add",
        {"entityTypeId": 5, "fields": {}},
        400,
        "ENTITY_TYPE_NOT_SUPPORTED",
        "Entity type INVOICE is not supported",
    )
    error(
        portal,
        "crm.item.list",
        {"entityTypeId": 5},
        400,
        "ENTITY_TYPE_NOT_SUPPORTED",
        "Entity type INVOICE is not supported",
    )
    for etid in (0, 6, 8, 14, 36, 128, 1030, 99999, -2):
        error(portal, "crm.item.get", {"entityTypeId": etid, "id": 1}, 400, "NOT_FOUND", "SPA not found")


def test_upper_names_unknown_keys_and_empty_values(portal):
    deal = add_item(
        portal,
        2,
        {
            "TITLE": "Upper",
            "ASSIGNED_BY_ID": 1,
            "NO_SUCH_FIELD": 5,
            "bogus": "x",
            "COMMENTS": "c",
            "OPPORTUNITY": 10,
            "id": 77,
            "createdBy": 9,
        },
    )
    assert deal["title"] == "Upper" and deal["comments"] == "c" and deal["id"] == 1 and deal["createdBy"] == 1
    cleared = result(
        portal,
        "crm.item.update",
        {"entityTypeId": 2, "id": 1, "fields": {"comments": "", "opportunity": 0, "OBSERVERS": [], "probability": "0"}},
    )["item"]
    assert cleared["comments"] is None and cleared["opportunity"] == 0 and cleared["probability"] is None
    assert cleared["title"] == "Upper"


def test_opened_default_and_explicit_false(portal):
    assert add_item(portal, 2)["opened"] == "Y"
    assert add_item(portal, 2, {"opened": False})["opened"] == "N"
    assert add_item(portal, 2, {"OPENED": "N"})["opened"] == "N"
    assert add_item(portal, 2, {"opened": ""})["opened"] == "N"


def test_booleans(portal):
    for raw, shown in (
        ("Y", "Y"),
        ("N", "N"),
        (True, "Y"),
        ("true", "Y"),
        ("y", "Y"),
        ("1", "N"),
        (1, "N"),
        (False, "N"),
    ):
        deal = add_item(portal, 2, {"isManualOpportunity": raw})
        assert deal["isManualOpportunity"] == shown, raw


def test_caller_defaults_and_updated_by(portal):
    uid = portal.add_user("Bob")
    hook = portal.add_webhook(uid, scopes=["crm"])
    deal = add_item(portal, 2, {"title": "Mine"}, user=uid, token=hook)
    assert deal["assignedById"] == uid and deal["createdBy"] == uid and deal["updatedBy"] == uid
    assert deal["movedBy"] == uid and deal["lastActivityBy"] == uid
    updated = result(portal, "crm.item.update", {"entityTypeId": 2, "id": deal["id"], "fields": {"title": "Ours"}})
    assert updated["item"]["updatedBy"] == 1 and updated["item"]["createdBy"] == uid
    same = result(
        portal,
        "crm.item.update",
        {"entityTypeId": 2, "id": deal["id"], "fields": {"title": "Ours"}},
        user=uid,
        token=hook,
    )["item"]
    assert same["updatedBy"] == 1  # nothing changed: the save is skipped


def test_value_errors_change_nothing(portal):
    deal = add_item(portal, 2, {"title": "Keep"})
    error(
        portal,
        "crm.item.update",
        {"entityTypeId": 2, "id": 1, "fields": {"title": "New", "observers": 5}},
        400,
        "100",
        "Expected iterable value for multiple field, but got integer instead",
    )
    error(
        portal,
        "crm.item.update",
        {"entityTypeId": 2, "id": 1, "fields": {"title": "New", "observers": "5"}},
        400,
        "100",
        "Expected iterable value for multiple field, but got string instead",
    )
    error(
        portal,
        "crm.item.update",
        {"entityTypeId": 2, "id": 1, "fields": {"title": "New", "assignedById": "abc"}},
        400,
        "CRM_FIELD_ERROR_VALUE_NOT_VALID",
        'Invalid value for field "Assigned to"',
    )
    error(
        portal,
        "crm.item.update",
        {"entityTypeId": 2, "id": 1, "fields": {"opportunity": "lots"}},
        400,
        "CRM_FIELD_ERROR_VALUE_NOT_VALID",
        'Invalid value for field "Amount"',
    )
    error(
        portal,
        "crm.item.add",
        {"entityTypeId": 2, "fields": {"stageId": "NOPE"}},
        400,
        "CRM_FIELD_ERROR_VALUE_NOT_VALID",
        'Invalid value for field "Stage"',
    )
    assert result(portal, "crm.item.get", {"entityTypeId": 2, "id": 1})["item"] == deal
    assert len(result(portal, "crm.item.list", {"entityTypeId": 2})["items"]) == 1


def test_unparsable_date_is_ignored(portal):
    deal = add_item(portal, 2, {"begindate": "not a date", "closedate": "31.12.2025"})
    assert deal["closedate"] == "2025-12-31T00:00:00+00:00"
    assert deal["begindate"] == deal["createdTime"][:10] + "T00:00:00+00:00"


def test_fm_multifields(portal):
    contact = add_item(
        portal,
        3,
        {
            "name": "Ann",
            "fm": [
                {"valueType": "WORK", "value": "+79999999", "typeId": "PHONE"},
                {"valueType": "WORK", "value": "ann@example.com", "typeId": "EMAIL"},
            ],
        },
    )
    fm = contact["fm"]
    assert [(r["typeId"], r["valueType"], r["value"]) for r in fm] == [
        ("PHONE", "WORK", "+79999999"),
        ("EMAIL", "WORK", "ann@example.com"),
    ]
    assert list(fm[0]) == ["id", "valueType", "value", "typeId"]
    assert contact["hasPhone"] == "Y" and contact["hasEmail"] == "Y" and contact["phoneWork"] == "+79999999"
    assert contact["email"] == "ann@example.com"
    phone_id, email_id = fm[0]["id"], fm[1]["id"]
    updated = result(
        portal,
        "crm.item.update",
        {
            "entityTypeId": 3,
            "id": contact["id"],
            "fields": {
                "fm": {
                    str(phone_id): {"value": "+1000", "valueType": "MOBILE"},
                    "n0": {"typeId": "WEB", "valueType": "WORK", "value": "https://example.com"},
                    str(email_id): {"value": ""},
                }
            },
        },
    )["item"]
    assert [(r["typeId"], r["valueType"], r["value"]) for r in updated["fm"]] == [
        ("PHONE", "MOBILE", "+1000"),
        ("WEB", "WORK", "https://example.com"),
    ]
    assert updated["hasEmail"] == "N" and updated["phoneMobile"] == "+1000" and updated["phoneWork"] == ""
    error(
        portal,
        "crm.item.update",
        {"entityTypeId": 3, "id": contact["id"], "fields": {"fm": [{"typeId": "FAX", "value": "1"}]}},
        400,
        "CRM_FIELD_ERROR_VALUE_NOT_VALID",
        'Invalid value for field "Multifields"',
    )
    assert result(portal, "crm.item.get", {"entityTypeId": 3, "id": contact["id"]})["item"]["fm"] == updated["fm"]
    company = add_item(portal, 4, {"fm": [{"typeId": "PHONE", "valueType": "WORK", "value": "1"}]})
    assert company["phone"] == "1"
    deal = add_item(portal, 2, {"fm": [{"typeId": "PHONE", "valueType": "WORK", "value": "1"}]})
    assert "fm" not in deal


def test_smart_process_item_shape(portal):
    add_spa(portal, 1268, "HR", **ALL_FLAGS)
    item = add_item(portal, 1268, {"opportunity": 5, "mycompanyId": 3, "observers": [1], "xmlId": "x1"})
    assert item["title"] == "HR #1" and item["xmlId"] == "x1" and item["mycompanyId"] == 3
    assert list(item)[:10] == [
        "id",
        "xmlId",
        "title",
        "createdBy",
        "updatedBy",
        "movedBy",
        "createdTime",
        "updatedTime",
        "movedTime",
        "categoryId",
    ]
    assert list(item)[-3:] == ["observers", "contactIds", "entityTypeId"]
    assert item["opportunityAccount"] is None and item["currencyId"] == "USD"


@pytest.fixture(scope="module")
def moscow(backend, tmp_path_factory):
    server, schema = start_server(backend, tmp_path_factory.mktemp("crm-msk"), "--timezone", "Europe/Moscow")
    p = PortalClient(server)
    yield p
    p.close()
    server.stop()
    if schema:
        schema.drop()


def test_dates_in_portal_zone(moscow):
    moscow.reset()
    deal = add_item(moscow, 2, {"begindate": "2024-06-18", "eventDate": "2024-06-18T10:00:00+02:00"})
    assert deal["begindate"] == "2024-06-18T03:00:00+03:00"
    assert deal["eventDate"] == "2024-06-18T11:00:00+03:00"
    assert deal["createdTime"].endswith("+03:00")
    listed = result(moscow, "crm.item.list", {"entityTypeId": 2, "filter": {"begindate": "2024-06-18"}})["items"]
    assert [d["id"] for d in listed] == [deal["id"]]
