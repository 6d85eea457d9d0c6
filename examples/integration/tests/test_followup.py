"""The integration's tests: each gets a fresh portal from the b24local pytest plugin."""

import pytest
from deal_followup import BitrixError, open_deal


def test_deal_and_follow_up_task(b24local):
    manager = b24local.add_user("Maria", last_name="Manager")
    done = open_deal(b24local.v2_url(), b24local.v3_url(), "Big order", 1500, manager)

    deal = b24local.call("crm.item.get", {"entityTypeId": 2, "id": done.deal_id}).json()["result"]["item"]
    assert (deal["title"], deal["opportunity"], deal["assignedById"]) == ("Big order", 1500, manager)

    task = b24local.v3(
        "tasks.task.get", {"id": done.task_id, "select": ["title", "responsible.id", "crmItemIds"]}
    ).json()
    assert task["result"]["item"] == {
        "id": done.task_id,
        "title": "Call the client about: Big order",
        "responsible": {"id": manager},
        "crmItemIds": [f"D_{done.deal_id}"],
    }


def test_unknown_manager_is_refused(b24local):
    with pytest.raises(BitrixError) as info:
        open_deal(b24local.v2_url(), b24local.v3_url(), "Nobody's deal", 10, manager_id=999)
    assert info.value.code == "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION"


def test_seeded_portal(b24local):
    b24local.seed({"users": [{"id": 7, "name": "Seeded"}]})
    done = open_deal(b24local.v2_url(), b24local.v3_url(), "On a seeded portal", 1, manager_id=7)
    assert done.deal_id == 1 and done.task_id == 1
