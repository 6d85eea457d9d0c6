"""crm.item.fields for every supported type: one declaration drives descriptions and item keys."""

from __future__ import annotations

import threading

import pytest

from tests.crm.helpers import ALL_FLAGS, add_item, add_spa, result

DESCRIPTION_KEYS = ["type", "isRequired", "isReadOnly", "isImmutable", "isMultiple", "isDynamic", "title", "upperName"]
DISABLED = {
    "dateCreateShort",
    "dateModifyShort",
    "isConvert",
    "productId",
    "shortName",
    "address",
    "login",
    "begindateShort",
    "closedateShort",
    "eventDateShort",
    "isWork",
    "isWon",
    "isLose",
    "receivedAmount",
    "lostAmount",
    "hasProducts",
    "opportunityAccount",
    "taxValueAccount",
    "accountCurrencyId",
}
ALIASES = {
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
}


@pytest.mark.parametrize("etid", [1, 2, 3, 4, 7, 31, 1268])
def test_fields_match_items(portal, etid):
    if etid == 1268:
        add_spa(portal, 1268, "HR", **ALL_FLAGS)
    fields = result(portal, "crm.item.fields", {"entityTypeId": etid})["fields"]
    for name, desc in fields.items():
        keys = [k for k in desc if k not in ("isDeprecated", "statusType", "settings")]
        assert keys == DESCRIPTION_KEYS, (name, list(desc))
        assert desc["upperName"] == "".join("_" + c if c.isupper() else c.upper() for c in name).lstrip("_"), name
    assert fields["id"]["isReadOnly"] is True and fields["opened"]["isRequired"] is True
    item = add_item(portal, etid)
    shown = set(item) - {"entityTypeId"} - DISABLED - ALIASES
    assert shown == set(fields), shown ^ set(fields)
    assert fields.get("contactId", {}).get("isDeprecated", True) is True


def test_uppercase_names_round_trip(portal):
    fields = result(portal, "crm.item.fields", {"entityTypeId": 2})["fields"]
    upper = {desc["upperName"]: name for name, desc in fields.items()}
    assert upper["ASSIGNED_BY_ID"] == "assignedById" and upper["IS_MANUAL_OPPORTUNITY"] == "isManualOpportunity"
    assert fields["stageId"]["statusType"] == "DEAL_STAGE" and fields["sourceId"]["statusType"] == "SOURCE"
    assert fields["observers"]["isMultiple"] is True and fields["companyId"]["settings"] == {"parentEntityTypeId": 4}
    assert list(fields["stageId"]) == [
        "type",
        "isRequired",
        "isReadOnly",
        "isImmutable",
        "isMultiple",
        "isDynamic",
        "statusType",
        "title",
        "upperName",
    ]


def test_concurrent_adds_get_distinct_ids(portal):
    errors, ids = [], []

    def worker():
        for _ in range(5):
            r = portal.call("crm.item.add", {"entityTypeId": 2, "fields": {}})
            if r.status_code != 200:
                errors.append(r.text)
            else:
                ids.append(r.json()["result"]["item"]["id"])

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(ids) == list(range(1, 31))
    body = portal.call("crm.item.list", {"entityTypeId": 2, "select": ["id"]}).json()
    assert body["total"] == 30
