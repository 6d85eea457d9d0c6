"""crm.activity.* and crm.activity.todo.add: the docs' example requests, the legacy layer's errors, rights,
events, and what happens to activities when their item is deleted."""

from __future__ import annotations

import json
import re
from typing import Any

from b24local.testing import PortalClient
from tests.crm.helpers import error, ok, result
from tests.tasks.helpers import db_exec

OUTPUT_KEYS = [
    "ID", "OWNER_ID", "OWNER_TYPE_ID", "TYPE_ID", "PROVIDER_ID", "PROVIDER_TYPE_ID", "PROVIDER_GROUP_ID",
    "ASSOCIATED_ENTITY_ID", "SUBJECT", "CREATED", "LAST_UPDATED", "START_TIME", "END_TIME", "DEADLINE",
    "COMPLETED", "STATUS", "RESPONSIBLE_ID", "PRIORITY", "NOTIFY_TYPE", "NOTIFY_VALUE", "DESCRIPTION",
    "DESCRIPTION_TYPE", "DIRECTION", "LOCATION", "SETTINGS", "ORIGINATOR_ID", "ORIGIN_ID", "AUTHOR_ID",
    "EDITOR_ID", "PROVIDER_PARAMS", "PROVIDER_DATA", "RESULT_MARK", "RESULT_VALUE", "RESULT_SUM",
    "RESULT_CURRENCY_ID", "RESULT_STATUS", "RESULT_STREAM", "RESULT_SOURCE_ID", "AUTOCOMPLETE_RULE",
]  # fmt: skip
# crm-activity-fields.md's answer: name, type, title and the flags that are true
ACTIVITY_FIELDS_EXAMPLE = [
    ("ID", "integer", "ID", ("isReadOnly",)),
    ("OWNER_ID", "integer", "Owner ID", ("isImmutable",)),
    ("OWNER_TYPE_ID", "crm_enum_ownertype", "Owner Type", ("isImmutable",)),
    ("TYPE_ID", "crm_enum_activitytype", "Type", ("isRequired", "isImmutable")),
    ("PROVIDER_ID", "string", "Provider ID", ()),
    ("PROVIDER_TYPE_ID", "string", "Provider Type", ()),
    ("PROVIDER_GROUP_ID", "string", "Connector Type", ()),
    ("ASSOCIATED_ENTITY_ID", "integer", "Associated Entity ID", ("isReadOnly",)),
    ("SUBJECT", "string", "Subject", ("isRequired",)),
    ("START_TIME", "datetime", "Start", ()),
    ("END_TIME", "datetime", "Deadline", ()),
    ("DEADLINE", "datetime", "Execution Deadline", ()),
    ("COMPLETED", "char", "Completed", ()),
    ("STATUS", "crm_enum_activitystatus", "Status", ()),
    ("RESPONSIBLE_ID", "user", "Responsible", ("isRequired",)),
    ("PRIORITY", "crm_enum_activitypriority", "Priority", ()),
    ("NOTIFY_TYPE", "crm_enum_activitynotifytype", "Notification Type", ()),
    ("NOTIFY_VALUE", "integer", "Notification Parameter", ()),
    ("DESCRIPTION", "string", "Description", ()),
    ("DESCRIPTION_TYPE", "crm_enum_contenttype", "Description Type", ()),
    ("DIRECTION", "crm_enum_activitydirection", "Direction", ()),
    ("LOCATION", "string", "Location", ()),
    ("CREATED", "datetime", "Creation Date", ("isReadOnly",)),
    ("AUTHOR_ID", "user", "Created By", ("isReadOnly",)),
    ("LAST_UPDATED", "datetime", "Last Updated Date", ("isReadOnly",)),
    ("EDITOR_ID", "user", "Edited By", ("isReadOnly",)),
    ("SETTINGS", "object", "Settings", ()),
    ("ORIGIN_ID", "string", "External Code", ()),
    ("ORIGINATOR_ID", "string", "External Source", ()),
    ("RESULT_STATUS", "integer", "RESULT_STATUS", ()),
    ("RESULT_STREAM", "integer", "RESULT_STREAM", ()),
    ("RESULT_SOURCE_ID", "string", "RESULT_SOURCE_ID", ()),
    ("PROVIDER_PARAMS", "object", "Provider Parameters", ()),
    ("PROVIDER_DATA", "string", "Provider Data", ()),
    ("RESULT_MARK", "integer", "RESULT_MARK", ()),
    ("RESULT_VALUE", "double", "RESULT_VALUE", ()),
    ("RESULT_SUM", "double", "RESULT_SUM", ()),
    ("RESULT_CURRENCY_ID", "string", "RESULT_CURRENCY_ID", ()),
    ("AUTOCOMPLETE_RULE", "integer", "Autocomplete", ()),
    ("BINDINGS", "crm_activity_binding", "Bindings", ("isReadOnly", "isMultiple")),
    ("COMMUNICATIONS", "crm_activity_communication", "Communication Channel", ("isRequired", "isMultiple")),
    ("FILES", "diskfile", "Files", ("isMultiple",)),
    ("WEBDAV_ELEMENTS", "diskfile", "Added Files", ("isMultiple", "isDeprecated")),
    ("IS_INCOMING_CHANNEL", "char", "IS_INCOMING_CHANNEL", ("isReadOnly",)),
]  # fmt: skip

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")

# crm-activity-add.md, the cURL example's body
ADD_EXAMPLE = {
    "fields": {
        "OWNER_TYPE_ID": 2,
        "OWNER_ID": 102,
        "TYPE_ID": 2,
        "COMMUNICATIONS": [{"VALUE": "+499832322323", "ENTITY_ID": 134, "ENTITY_TYPE_ID": 3}],
        "SUBJECT": "New call",
        "START_TIME": "2023-12-31T12:00:00+00:00",
        "END_TIME": "2023-12-31T12:30:00+00:00",
        "COMPLETED": "N",
        "PRIORITY": 3,
        "RESPONSIBLE_ID": 1,
        "DESCRIPTION": "Important call",
        "DESCRIPTION_TYPE": 3,
        "DIRECTION": 2,
        "FILES": [{"fileData": ["example.jpg", "base64_encoded_content_here"]}],
    }
}


def seed(portal: PortalClient) -> None:
    portal.seed(
        {
            "crm_items": [
                {"entityTypeId": 2, "id": 102, "fields": {"title": "Deal 102"}},
                {"entityTypeId": 3, "id": 134, "fields": {"name": "Klaus"}},
                {"entityTypeId": 3, "id": 102, "fields": {"name": "Anna"}},
            ]
        }
    )


def outbox(portal: PortalClient) -> list[tuple[str, Any]]:
    rows = db_exec(portal, "SELECT event, data FROM event_outbox ORDER BY id")
    return [(r[0], json.loads(r[1]) if isinstance(r[1], str) else r[1]) for r in rows]


def test_add_example_then_get(portal):
    seed(portal)
    body = ok(portal, "crm.activity.add", ADD_EXAMPLE)
    assert body["result"] == 1 and list(body) == ["result", "time"]
    got = result(portal, "crm.activity.get", {"id": 1})
    assert list(got) == OUTPUT_KEYS
    assert ISO.match(got["CREATED"]) and got["LAST_UPDATED"] == got["CREATED"]
    assert {k: v for k, v in got.items() if k not in ("CREATED", "LAST_UPDATED")} == {
        "ID": "1",
        "OWNER_ID": "102",
        "OWNER_TYPE_ID": "2",
        "TYPE_ID": "2",
        "PROVIDER_ID": "VOXIMPLANT_CALL",
        "PROVIDER_TYPE_ID": "CALL",
        "PROVIDER_GROUP_ID": None,
        "ASSOCIATED_ENTITY_ID": "0",
        "SUBJECT": "New call",
        "START_TIME": "2023-12-31T12:00:00+00:00",
        "END_TIME": "2023-12-31T12:30:00+00:00",
        "DEADLINE": "2023-12-31T12:00:00+00:00",
        "COMPLETED": "N",
        "STATUS": "1",
        "RESPONSIBLE_ID": "1",
        "PRIORITY": "3",
        "NOTIFY_TYPE": "0",
        "NOTIFY_VALUE": "0",
        "DESCRIPTION": "Important call",
        "DESCRIPTION_TYPE": "3",
        "DIRECTION": "2",
        "LOCATION": "",
        "SETTINGS": [],
        "ORIGINATOR_ID": None,
        "ORIGIN_ID": None,
        "AUTHOR_ID": "1",
        "EDITOR_ID": "1",
        "PROVIDER_PARAMS": [],
        "PROVIDER_DATA": None,
        "RESULT_MARK": "0",
        "RESULT_VALUE": None,
        "RESULT_SUM": None,
        "RESULT_CURRENCY_ID": None,
        "RESULT_STATUS": "0",
        "RESULT_STREAM": "0",
        "RESULT_SOURCE_ID": None,
        "AUTOCOMPLETE_RULE": "0",
    }
    # the communication's contact is bound too: the BINDINGS filter finds the call from either item
    for pair in ({"OWNER_TYPE_ID": 2, "OWNER_ID": 102}, {"OWNER_TYPE_ID": 3, "OWNER_ID": 134}):
        assert [a["ID"] for a in result(portal, "crm.activity.list", {"filter": {"BINDINGS": [pair]}})] == ["1"]
    assert outbox(portal)[-1] == ("ONCRMACTIVITYADD", {"FIELDS": {"ID": "1"}})


def test_list_example_with_communications(portal):
    seed(portal)
    for subject in ("First", "Second"):
        comm = [{"VALUE": "499152222222", "ENTITY_ID": 102, "ENTITY_TYPE_ID": 3}]
        fields = {"OWNER_TYPE_ID": 3, "OWNER_ID": 102, "TYPE_ID": 2, "SUBJECT": subject, "COMMUNICATIONS": comm}
        result(portal, "crm.activity.add", {"fields": fields})
    result(portal, "crm.activity.add", ADD_EXAMPLE)
    # crm-activity-list.md's body
    body = {
        "order": {"ID": "DESC"},
        "filter": {"OWNER_TYPE_ID": 3, "OWNER_ID": 102},
        "select": ["*", "COMMUNICATIONS"],
        "start": 0,
    }
    answer = ok(portal, "crm.activity.list", body)
    assert list(answer) == ["result", "total", "time"] and answer["total"] == 2
    listed = answer["result"]
    assert [a["SUBJECT"] for a in listed] == ["Second", "First"]
    assert list(listed[0]) == [*OUTPUT_KEYS, "COMMUNICATIONS"]
    assert listed[0]["COMMUNICATIONS"] == [
        {"ID": "2", "TYPE": "PHONE", "VALUE": "499152222222", "ENTITY_ID": "102", "ENTITY_TYPE_ID": "3"}
    ]
    # without select COMMUNICATIONS they are not there; a select names the keys
    got = result(portal, "crm.activity.list", {"filter": {"ID": "1"}, "select": ["ID", "SUBJECT", "TYPE_ID"]})
    assert got == [{"ID": "1", "TYPE_ID": "2", "SUBJECT": "First"}]
    # default order: START_TIME ascending; a filter with prefixes
    assert [a["ID"] for a in result(portal, "crm.activity.list", {"filter": {">ID": 1, "%SUBJECT": "call"}})] == ["3"]
    # the page's BINDINGS example: activities bound to any deal or contact
    body = {
        "order": {"ID": "DESC"},
        "filter": {"BINDINGS": [{"OWNER_TYPE_ID": 2}, {"OWNER_TYPE_ID": 3}]},
        "select": ["*", "COMMUNICATIONS"],
        "start": 0,
    }
    assert [a["ID"] for a in result(portal, "crm.activity.list", body)] == ["3", "2", "1"]
    # its FILES example: files are not kept, so the list is empty
    got = result(
        portal, "crm.activity.list", {"filter": {"ID": "3"}, "select": ["*", "STORAGE_ELEMENT_IDS"], "start": 0}
    )
    assert got[0]["FILES"] == [] and list(got[0])[:-1] == OUTPUT_KEYS
    error(portal, "crm.activity.list", {"filter": "x"}, 400, "", "Parameter 'filter' must be array.")
    error(portal, "crm.activity.list", {"order": "x"}, 400, "", "Parameter 'order' must be array.")


def test_update_and_delete_examples(portal):
    seed(portal)
    result(portal, "crm.activity.add", ADD_EXAMPLE)
    # crm-activity-update.md's body (its id replaced by ours)
    body = {"id": 1, "fields": {"RESPONSIBLE_ID": 1, "DESCRIPTION": "New description of the activity"}}
    assert ok(portal, "crm.activity.update", body)["result"] is True
    got = result(portal, "crm.activity.get", {"id": 1})
    assert got["DESCRIPTION"] == "New description of the activity"
    # the owner and type are immutable; COMPLETED moves the status
    result(portal, "crm.activity.update", {"id": 1, "fields": {"OWNER_ID": 5, "TYPE_ID": 1, "COMPLETED": "Y"}})
    got = result(portal, "crm.activity.get", {"ID": 1})
    assert (got["OWNER_ID"], got["TYPE_ID"], got["COMPLETED"], got["STATUS"]) == ("102", "2", "Y", "2")
    assert ok(portal, "crm.activity.delete", {"id": 1})["result"] is True
    error(portal, "crm.activity.get", {"id": 1}, 400, "", "Activity is not found.")
    error(portal, "crm.activity.delete", {"id": 1}, 400, "", "Activity is not found.")
    assert [name for name, _ in outbox(portal)][-4:] == [
        "ONCRMACTIVITYADD", "ONCRMACTIVITYUPDATE", "ONCRMACTIVITYUPDATE", "ONCRMACTIVITYDELETE",
    ]  # fmt: skip


def test_add_errors_in_the_legacy_order(portal):
    seed(portal)
    base = {"OWNER_TYPE_ID": 2, "OWNER_ID": 102, "SUBJECT": "S"}
    phone = [{"VALUE": "+1"}]
    error(portal, "crm.activity.add", {"fields": base}, 400, "", "The field TYPE_ID is not defined or invalid.")
    error(
        portal, "crm.activity.add", {"fields": {**base, "TYPE_ID": 3}}, 400, "",
        'The activity type "Task is not supported in current context".',
    )  # fmt: skip
    error(
        portal, "crm.activity.add", {"fields": {**base, "TYPE_ID": 6}}, 400, "",
        "The custom activity without provider is not supported in current context.",
    )  # fmt: skip
    error(
        portal, "crm.activity.add", {"fields": {**base, "TYPE_ID": 2}}, 400, "",
        "The field COMMUNICATIONS is not defined or invalid.",
    )  # fmt: skip
    # a call keeps PHONE communications only
    error(
        portal, "crm.activity.add", {"fields": {**base, "TYPE_ID": 2, "COMMUNICATIONS": [{"VALUE": "a@b.c", "TYPE": "EMAIL"}]}},
        400, "", "The field COMMUNICATIONS is not defined or invalid.",
    )  # fmt: skip
    error(
        portal, "crm.activity.add", {"fields": {**base, "TYPE_ID": 1, "COMMUNICATIONS": phone * 2}}, 400, "",
        "The only one communication is allowed for activity of specified type.",
    )  # fmt: skip
    error(
        portal, "crm.activity.add", {"fields": {"TYPE_ID": 4, "SUBJECT": "S", "COMMUNICATIONS": phone}}, 400, "",
        "The field COMMUNICATIONS is not defined or invalid.",
    )  # fmt: skip
    error(
        portal, "crm.activity.add", {"fields": {**base, "SUBJECT": "", "TYPE_ID": 2, "COMMUNICATIONS": phone}}, 400, "",
        "The field SUBJECT is not defined or empty.",
    )  # fmt: skip
    error(
        portal, "crm.activity.add", {"fields": {**base, "OWNER_ID": 5, "TYPE_ID": 2, "COMMUNICATIONS": phone}}, 400,
        "", "Could not find 'DEAL' with ID: 5",
    )  # fmt: skip
    error(portal, "crm.activity.get", {}, 400, "", "ID is not defined or invalid.")
    error(portal, "crm.activity.update", {"id": "x", "fields": {}}, 400, "", "ID is not defined or invalid.")
    # an e-mail takes several addresses; the owner's responsible is the default
    deal_user = portal.add_user("Owner of deals")
    result(portal, "crm.item.update", {"entityTypeId": 2, "id": 102, "fields": {"assignedById": deal_user}})
    emails = [{"VALUE": "a@example.com"}, {"VALUE": "b@example.com", "TYPE": "EMAIL"}]
    new_id = result(portal, "crm.activity.add", {"fields": {**base, "TYPE_ID": 4, "COMMUNICATIONS": emails}})
    got = result(
        portal, "crm.activity.list", {"filter": {"ID": new_id}, "select": ["RESPONSIBLE_ID", "COMMUNICATIONS"]}
    )
    assert got[0]["RESPONSIBLE_ID"] == str(deal_user)
    assert [(c["TYPE"], c["VALUE"]) for c in got[0]["COMMUNICATIONS"]] == [
        ("EMAIL", "a@example.com"), ("EMAIL", "b@example.com"),
    ]  # fmt: skip
    assert db_exec(portal, "SELECT count(*) FROM crm_activities")[0][0] == 1  # the failures wrote nothing


def test_fields(portal):
    got = result(portal, "crm.activity.fields")
    expected = {}
    for name, type_, title, flags in ACTIVITY_FIELDS_EXAMPLE:
        description = {flag: flag in flags for flag in ("isRequired", "isReadOnly", "isImmutable", "isMultiple")}
        expected[name] = {"type": type_, **description, "isDynamic": False}
        if "isDeprecated" in flags:
            expected[name]["isDeprecated"] = True
        expected[name]["title"] = title
    assert got == expected and list(got) == list(expected)
    assert [list(v) for v in got.values()][-2] == [
        "type", "isRequired", "isReadOnly", "isImmutable", "isMultiple", "isDynamic", "isDeprecated", "title",
    ]  # fmt: skip
    comm = result(portal, "crm.activity.communication.fields")
    assert list(comm) == ["ID", "ACTIVITY_ID", "ENTITY_ID", "ENTITY_TYPE_ID", "TYPE", "VALUE"]
    assert comm["ACTIVITY_ID"]["title"] == "Case"


def test_todo_add_example(portal):
    portal.seed({"crm_items": [{"entityTypeId": 2, "id": 1, "fields": {"title": "Deal"}}]})
    five = portal.add_user("Five", id=5)
    # crm-activity-todo-add.md's body (the docs fill the deadline from `date -Iseconds`)
    body = {
        "ownerTypeId": 2, "ownerId": 1, "deadline": "2025-02-03T15:00:00+00:00", "title": "Activity Title",
        "description": "Activity Description", "responsibleId": five, "pingOffsets": [0, 15], "colorId": "2",
    }  # fmt: skip
    answer = ok(portal, "crm.activity.todo.add", body)
    assert answer["result"] == {"id": 1} and list(answer) == ["result", "time"]
    got = result(portal, "crm.activity.get", {"id": 1})
    assert {k: got[k] for k in ("TYPE_ID", "PROVIDER_ID", "PROVIDER_TYPE_ID", "SUBJECT", "DESCRIPTION")} == {
        "TYPE_ID": "6",
        "PROVIDER_ID": "CRM_TODO",
        "PROVIDER_TYPE_ID": "TODO",
        "SUBJECT": "Activity Title",
        "DESCRIPTION": "Activity Description",
    }
    assert (got["DEADLINE"], got["END_TIME"], got["RESPONSIBLE_ID"], got["COMPLETED"]) == (
        "2025-02-03T15:00:00+00:00", "2025-02-03T15:00:00+00:00", "5", "N",
    )  # fmt: skip
    todos = result(portal, "crm.activity.list", {"filter": {"PROVIDER_ID": "CRM_TODO"}})
    assert [a["ID"] for a in todos] == ["1"]
    # a follow-up to-do completes its parent
    result(portal, "crm.activity.todo.add", {**body, "parentActivityId": 1})
    assert result(portal, "crm.activity.get", {"id": 1})["COMPLETED"] == "Y"
    assert result(portal, "crm.activity.get", {"id": 2})["ASSOCIATED_ENTITY_ID"] == "1"


def test_todo_add_errors(portal):
    portal.seed({"crm_items": [{"entityTypeId": 2, "id": 1, "fields": {"title": "Deal"}}]})
    body = {"ownerTypeId": 2, "ownerId": 1, "deadline": "2025-02-03T15:00:00"}
    error(
        portal, "crm.activity.todo.add", {"ownerId": 1}, 400, "100", "Could not find value for parameter {ownerTypeId}"
    )
    error(
        portal,
        "crm.activity.todo.add",
        {"ownerTypeId": 2, "ownerId": 1},
        400,
        "100",
        "Could not find value for parameter {deadline}",
    )
    error(
        portal,
        "crm.activity.todo.add",
        {**body, "deadline": "soon"},
        400,
        "WRONG_DATETIME_FORMAT",
        "Wrong datetime format",
    )
    error(portal, "crm.activity.todo.add", {**body, "ownerTypeId": 99}, 400, "OWNER_NOT_FOUND", "Owner was not found")
    error(portal, "crm.activity.todo.add", {**body, "ownerId": 2}, 400, "NOT_FOUND", "Not found.")
    user = portal.add_user("Seller")
    hook = portal.add_webhook(user=user, scopes=["crm"])
    portal.admin("POST", "crm/permissions", json={"user": user, "entityTypeId": 2, "update": False})
    error(portal, "crm.activity.todo.add", body, 400, "ACCESS_DENIED", "Access denied", user=user, token=hook)


def test_rights_follow_the_bound_items(portal):
    seed(portal)
    result(portal, "crm.activity.add", ADD_EXAMPLE)
    user = portal.add_user("Seller")
    hook = portal.add_webhook(user=user, scopes=["crm"])
    portal.admin("POST", "crm/permissions", json={"user": user, "entityTypeId": 2, "update": False})
    error(portal, "crm.activity.add", ADD_EXAMPLE, 400, "", "Access denied.", user=user, token=hook)
    error(
        portal,
        "crm.activity.update",
        {"id": 1, "fields": {"SUBJECT": "x"}},
        400,
        "",
        "Access denied.",
        user=user,
        token=hook,
    )
    error(portal, "crm.activity.delete", {"id": 1}, 400, "", "Access denied.", user=user, token=hook)
    assert result(portal, "crm.activity.get", {"id": 1}, user=user, token=hook)["SUBJECT"] == "New call"
    portal.admin("POST", "crm/permissions", json={"user": user, "entityTypeId": 2, "read": False})
    error(portal, "crm.activity.get", {"id": 1}, 400, "", "Access denied.", user=user, token=hook)
    assert ok(portal, "crm.activity.list", {}, user=user, token=hook)["result"] == []


def test_deleting_an_item_removes_its_activities(portal):
    seed(portal)
    # bound to the deal only (a communication of the deal itself) and to the deal and a contact
    only_deal = {
        "OWNER_TYPE_ID": 2,
        "OWNER_ID": 102,
        "TYPE_ID": 2,
        "SUBJECT": "Alone",
        "COMMUNICATIONS": [{"VALUE": "+1"}],
    }
    result(portal, "crm.activity.add", {"fields": only_deal})
    result(portal, "crm.activity.add", ADD_EXAMPLE)
    result(portal, "crm.item.delete", {"entityTypeId": 2, "id": 102})
    error(portal, "crm.activity.get", {"id": 1}, 400, "", "Activity is not found.")
    survivor = result(portal, "crm.activity.get", {"id": 2})
    assert (survivor["OWNER_TYPE_ID"], survivor["OWNER_ID"]) == ("3", "134")
    events = [e for e in outbox(portal) if e[0] in ("ONCRMACTIVITYDELETE", "ONCRMDEALDELETE")]
    assert events == [("ONCRMACTIVITYDELETE", {"FIELDS": {"ID": "1"}}), ("ONCRMDEALDELETE", {"FIELDS": {"ID": "102"}})]
