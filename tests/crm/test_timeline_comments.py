"""crm.timeline.comment.*: the docs' example requests and answers, errors, several bindings, events, and
comments going with their item."""

from __future__ import annotations

import json
import re
from typing import Any

from b24local.testing import PortalClient
from tests.crm.helpers import error, ok, result
from tests.tasks.helpers import db_exec

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")
GIF = "R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="
# crm-timeline-comment-add.md's body
ADD_EXAMPLE = {
    "fields": {
        "ENTITY_ID": 10,
        "ENTITY_TYPE": "deal",
        "COMMENT": "New comment was added",
        "FILES": [["1.gif", GIF], ["2.gif", GIF]],
    }
}


def seed(portal: PortalClient) -> None:
    portal.seed(
        {
            "crm_items": [
                {"entityTypeId": 2, "id": 10, "fields": {"title": "Deal 10"}},
                {"entityTypeId": 2, "id": 2, "fields": {"title": "Deal 2"}},
                {"entityTypeId": 3, "id": 4, "fields": {"name": "Contact 4"}},
            ]
        }
    )


def outbox(portal: PortalClient) -> list[tuple[str, Any]]:
    rows = db_exec(portal, "SELECT event, data FROM event_outbox WHERE event LIKE 'ONCRMTIMELINE%' ORDER BY id")
    return [(r[0], json.loads(r[1]) if isinstance(r[1], str) else r[1]) for r in rows]


def test_add_get_list_examples(portal):
    seed(portal)
    body = ok(portal, "crm.timeline.comment.add", ADD_EXAMPLE)
    assert body["result"] == 1 and list(body) == ["result", "time"]
    got = result(portal, "crm.timeline.comment.get", {"id": 1})
    assert list(got) == ["ID", "ENTITY_ID", "ENTITY_TYPE", "CREATED", "COMMENT", "AUTHOR_ID", "FILES"]
    assert ISO.match(got["CREATED"])
    # files are not kept: FILES is always empty (PHP's empty array)
    assert {k: v for k, v in got.items() if k != "CREATED"} == {
        "ID": "1",
        "ENTITY_ID": "10",
        "ENTITY_TYPE": "deal",
        "COMMENT": "New comment was added",
        "AUTHOR_ID": "1",
        "FILES": [],
    }
    result(
        portal,
        "crm.timeline.comment.add",
        {"fields": {"ENTITY_ID": 10, "ENTITY_TYPE": "DEAL", "COMMENT": "Test comment"}},
    )
    result(portal, "crm.timeline.comment.add", {"fields": {"ENTITY_ID": 2, "ENTITY_TYPE_ID": 2, "COMMENT": "Other"}})
    # crm-timeline-comment-list.md's body
    select = ["ID", "CREATED", "ENTITY_ID", "ENTITY_TYPE", "AUTHOR_ID", "COMMENT", "FILES"]
    answer = ok(
        portal, "crm.timeline.comment.list", {"filter": {"ENTITY_ID": 10, "ENTITY_TYPE": "deal"}, "select": select}
    )
    assert list(answer) == ["result", "total", "time"] and answer["total"] == 2
    assert [(c["ID"], c["COMMENT"]) for c in answer["result"]] == [
        ("1", "New comment was added"),
        ("2", "Test comment"),
    ]
    assert answer["result"][0] == got
    listed = result(
        portal, "crm.timeline.comment.list",
        {"filter": {"ENTITY_ID": 10, "ENTITY_TYPE": "deal"}, "select": ["ID", "COMMENT"], "order": {"ID": "DESC"}},
    )  # fmt: skip
    assert listed == [{"ID": "2", "COMMENT": "Test comment"}, {"ID": "1", "COMMENT": "New comment was added"}]
    assert outbox(portal) == [("ONCRMTIMELINECOMMENTADD", {"ID": n}) for n in (1, 2, 3)]


def test_update_and_delete_examples(portal):
    seed(portal)
    result(portal, "crm.timeline.comment.add", ADD_EXAMPLE)
    # crm-timeline-comment-update.md's body (its id replaced by ours)
    body = {"id": 1, "fields": {"COMMENT": "Comment was changed", "FILES": [["1.gif", GIF], ["2.gif", GIF]]}}
    assert ok(portal, "crm.timeline.comment.update", body)["result"] == 1
    assert result(portal, "crm.timeline.comment.get", {"id": 1})["COMMENT"] == "Comment was changed"
    # crm-timeline-comment-delete.md's body: the owner named
    body = ok(portal, "crm.timeline.comment.delete", {"id": 1, "ownerTypeId": 2, "ownerId": 10})
    assert body["result"] is None and list(body) == ["result", "time"]
    error(portal, "crm.timeline.comment.get", {"id": 1}, 400, "", "Not found.")
    error(portal, "crm.timeline.comment.delete", {"id": 1}, 400, "NOT_FOUND", "Not found.")
    assert [name for name, _ in outbox(portal)] == [
        "ONCRMTIMELINECOMMENTADD", "ONCRMTIMELINECOMMENTUPDATE", "ONCRMTIMELINECOMMENTDELETE",
    ]  # fmt: skip


def test_errors(portal):
    seed(portal)
    error(portal, "crm.timeline.comment.add", {}, 400, "100", "Could not find value for parameter {fields}")
    error(
        portal,
        "crm.timeline.comment.add",
        {"FIELDS": ADD_EXAMPLE["fields"]},
        400,
        "100",
        "Could not find value for parameter {fields}",
    )
    fields = ADD_EXAMPLE["fields"]
    error(
        portal,
        "crm.timeline.comment.add",
        {"fields": {**fields, "ENTITY_TYPE": "nope"}},
        400,
        "OWNER_NOT_FOUND",
        "Owner was not found",
    )
    error(
        portal,
        "crm.timeline.comment.add",
        {"fields": {**fields, "ENTITY_ID": 0}},
        400,
        "OWNER_NOT_FOUND",
        "Owner was not found",
    )
    error(
        portal,
        "crm.timeline.comment.add",
        {"fields": {**fields, "ENTITY_ID": 99}},
        400,
        "ACCESS_DENIED",
        "Access denied",
    )
    error(
        portal,
        "crm.timeline.comment.add",
        {"fields": {**fields, "COMMENT": "  "}},
        400,
        "INVALID_ARG_VALUE",
        "Empty comment message",
    )
    error(
        portal,
        "crm.timeline.comment.update",
        {"fields": {"COMMENT": "x"}},
        400,
        "100",
        "Could not find value for parameter {id}",
    )
    error(portal, "crm.timeline.comment.update", {"id": 5, "fields": {"COMMENT": "x"}}, 400, "NOT_FOUND", "Not found.")
    error(portal, "crm.timeline.comment.get", {}, 400, "", "ID is not defined or invalid.")
    error(portal, "crm.timeline.comment.list", {"filter": {"ENTITY_ID": 10}}, 400, "", "Access denied.")
    result(portal, "crm.timeline.comment.add", ADD_EXAMPLE)
    error(
        portal,
        "crm.timeline.comment.update",
        {"id": 1, "fields": {"COMMENT": ""}},
        400,
        "INVALID_ARG_VALUE",
        "Empty comment message",
    )
    error(
        portal, "crm.timeline.comment.update", {"id": 1, "ownerTypeId": 2, "ownerId": 2, "fields": {"COMMENT": "x"}},
        400, "NOT_FOUND", "Not found.",
    )  # fmt: skip
    assert outbox(portal) == [("ONCRMTIMELINECOMMENTADD", {"ID": 1})]


def test_a_comment_on_several_items(portal):
    seed(portal)
    result(portal, "crm.timeline.comment.add", ADD_EXAMPLE)
    db_exec(portal, "INSERT INTO crm_timeline_bindings (comment_id, entity_type_id, entity_id) VALUES (1, 3, 4)")
    error(portal, "crm.timeline.comment.delete", {"id": 1}, 400, "MULTIPLE_BINDINGS", "Entity has multiple bindings")
    # editing it for one item gives that item a copy; the other keeps the old text
    new_id = result(
        portal, "crm.timeline.comment.update", {"id": 1, "ownerTypeId": 3, "ownerId": 4, "fields": {"COMMENT": "Mine"}}
    )
    assert new_id == 2
    contact = result(portal, "crm.timeline.comment.list", {"filter": {"ENTITY_ID": 4, "ENTITY_TYPE": "contact"}})
    assert [(c["ID"], c["COMMENT"], c["ENTITY_TYPE"]) for c in contact] == [("2", "Mine", "contact")]
    assert result(portal, "crm.timeline.comment.get", {"id": 1})["COMMENT"] == "New comment was added"
    # b24pysdk names the owner entityTypeId/entityId on update: unknown parameters are ignored
    assert (
        result(
            portal,
            "crm.timeline.comment.update",
            {"id": 1, "entityTypeId": 2, "entityId": 10, "fields": {"COMMENT": "B"}},
        )
        == 1
    )


def test_fields_example(portal):
    got = result(portal, "crm.timeline.comment.fields")
    assert list(got) == ["ID", "CREATED", "ENTITY_ID", "ENTITY_TYPE", "AUTHOR_ID", "COMMENT", "FILES"]
    assert got["ENTITY_ID"] == {
        "type": "integer", "isRequired": True, "isReadOnly": False, "isImmutable": True, "isMultiple": False,
        "isDynamic": False, "title": "ID of the element the comment is attached to",
    }  # fmt: skip
    assert got["FILES"]["type"] == "attached_diskfile" and got["FILES"]["isMultiple"] is True


def test_comments_go_with_their_item(portal):
    seed(portal)
    result(portal, "crm.timeline.comment.add", ADD_EXAMPLE)
    result(
        portal, "crm.timeline.comment.add", {"fields": {"ENTITY_ID": 10, "ENTITY_TYPE": "deal", "COMMENT": "Shared"}}
    )
    db_exec(portal, "INSERT INTO crm_timeline_bindings (comment_id, entity_type_id, entity_id) VALUES (2, 3, 4)")
    result(portal, "crm.item.delete", {"entityTypeId": 2, "id": 10})
    error(portal, "crm.timeline.comment.get", {"id": 1}, 400, "", "Not found.")
    got = result(portal, "crm.timeline.comment.get", {"id": 2})
    assert (got["ENTITY_TYPE"], got["ENTITY_ID"]) == ("contact", "4")
    assert [name for name, _ in outbox(portal)] == ["ONCRMTIMELINECOMMENTADD", "ONCRMTIMELINECOMMENTADD"]


def test_rights(portal):
    seed(portal)
    result(portal, "crm.timeline.comment.add", ADD_EXAMPLE)
    user = portal.add_user("Seller")
    hook = portal.add_webhook(user=user, scopes=["crm"])
    portal.admin("POST", "crm/permissions", json={"user": user, "entityTypeId": 2, "update": False})
    error(portal, "crm.timeline.comment.add", ADD_EXAMPLE, 400, "ACCESS_DENIED", "Access denied", user=user, token=hook)
    assert result(portal, "crm.timeline.comment.get", {"id": 1}, user=user, token=hook)["ID"] == "1"
    portal.admin("POST", "crm/permissions", json={"user": user, "entityTypeId": 2, "read": False})
    error(portal, "crm.timeline.comment.get", {"id": 1}, 400, "", "Access denied.", user=user, token=hook)
    error(
        portal, "crm.timeline.comment.list", {"filter": {"ENTITY_ID": 10, "ENTITY_TYPE": "deal"}}, 400, "",
        "Access denied.", user=user, token=hook,
    )  # fmt: skip
