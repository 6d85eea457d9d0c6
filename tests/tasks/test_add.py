"""tasks.task.add: seed 004 literally (success shape, defaults, every error row); its example users exist
(docs/fidelity.md, "Creator on add")."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from conftest import start_server

from b24local.testing import PortalClient
from tasks.helpers import (
    DV,
    DV_MSG,
    RV,
    RV_MSG,
    SEED_FIELDS,
    SEED_ITEM,
    UNKNOWN,
    add_task,
    check_error,
    check_rv,
    item,
    ok,
    seed_portal,
)

DYNAMIC = {"id", "chatId", "changed", "activity", "guid", "link", "archiveLink"}


def test_seed_example_shape_and_defaults(portal):
    seed_portal(portal)
    r = portal.v3("tasks.task.add", {"fields": SEED_FIELDS})
    result = ok(r)
    assert list(result) == ["item"]
    got = result["item"]
    assert list(got) == list(SEED_ITEM)  # the seed's 64 keys in the seed's order
    assert len(got) == 64
    for key, want in SEED_ITEM.items():
        if key in DYNAMIC or key == "deadline":
            continue
        assert got[key] == want, key
    assert list(got["rights"]) == list(SEED_ITEM["rights"])
    assert got["deadline"] == "2025-12-31T21:59:59+00:00"  # default portal zone UTC
    assert re.fullmatch(r"\{[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\}", got["guid"])
    tid = got["id"]
    assert got["link"] == f"/company/personal/user/1/tasks/task/view/{tid}/"
    m = re.fullmatch(
        rf"/bitrix/tools/disk/uf\.php\?entityId={tid}&entity=TASKS_TASK&fieldName=UF_TASK_WEBDAV_FILES"
        r"&signature=([0-9a-f]{64})&action=downloadArchiveByEntity&ncc=1",
        got["archiveLink"],
    )
    assert m
    assert isinstance(got["chatId"], int) and got["chatId"] > 0
    assert got["changed"] == got["activity"]
    assert abs(datetime.fromisoformat(got["changed"]).timestamp() - r.json()["time"]["start"]) <= 2
    # a second task: a new id, a new chat, a different signature
    got2 = ok(portal.v3("tasks.task.add", {"fields": SEED_FIELDS}))["item"]
    assert got2["id"] == tid + 1
    assert got2["chatId"] != got["chatId"]
    assert got2["archiveLink"].split("signature=")[1][:64] != m.group(1)
    # get returns the same default set
    again = ok(portal.v3("tasks.task.get", {"id": tid}))["item"]
    assert {k: v for k, v in again.items()} == got


def test_seed_curl_example_literally(portal):
    """The seed curl body, sent as raw bytes with the seed's headers."""
    seed_portal(portal)
    body = (
        b'{"fields":{"title":"Task Title","deadline":"2025-12-31T23:59:59+02:00","creatorId":29,'
        b'"responsibleId":1,"crmItemIds":["L_1000959"]}}'
    )
    r = portal.http.post(
        f"/rest/api/1/{portal.token}/tasks.task.add",
        content=body,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    assert r.status_code == 200
    assert r.json()["result"]["item"]["title"] == "Task Title"
    # and with the access token in the body
    tok = portal.add_token(user=1, scopes=["tasks"])["access_token"]
    r = portal.call_with_auth("tasks.task.add", {"fields": SEED_FIELDS}, tok, api=3)
    assert r.status_code == 200 and r.json()["result"]["item"]["crmItemIds"] == ["L_1000959"]


@pytest.fixture(scope="module")
def moscow(backend, tmp_path_factory):
    srv, schema = start_server(backend, tmp_path_factory.mktemp("msk"), "--timezone", "Europe/Moscow")
    p = PortalClient(srv)
    yield p
    p.close()
    srv.stop()
    if schema:
        schema.drop()


def test_seed_deadline_in_portal_zone(moscow):
    moscow.reset()
    seed_portal(moscow)
    got = ok(moscow.v3("tasks.task.add", {"fields": SEED_FIELDS}))["item"]
    assert got["deadline"] == "2026-01-01T00:59:59+03:00"
    assert got["changed"].endswith("+03:00") and got["activity"].endswith("+03:00")
    fetched = ok(moscow.v3("tasks.task.get", {"id": got["id"], "select": ["deadline"]}))["item"]
    assert fetched == {"id": got["id"], "deadline": "2026-01-01T00:59:59+03:00"}


def _count(portal) -> int:
    return len(ok(portal.v3("tasks.task.list", {}))["items"])


# -- error rows of seed 004 -----------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["title", "creatorId", "responsibleId"])
def test_required_field(portal, missing):
    seed_portal(portal)
    fields = {k: v for k, v in SEED_FIELDS.items() if k != missing}
    check_rv(portal.v3("tasks.task.add", {"fields": fields}), f"Required field `{missing}` is missing", missing)
    assert _count(portal) == 0


def test_required_fields_all_listed(portal):
    r = portal.v3("tasks.task.add", {"fields": {"description": "x"}})
    check_error(
        r,
        400,
        RV,
        RV_MSG,
        [
            item("Required field `title` is missing", "title"),
            item("Required field `creatorId` is missing", "creatorId"),
            item("Required field `responsibleId` is missing", "responsibleId"),
        ],
    )


def test_required_fields_param(portal):
    check_rv(portal.v3("tasks.task.add", {}), "Required field `fields` is missing", "fields")
    check_rv(portal.v3("tasks.task.add", {"fields": None}), "Required field `fields` is missing", "fields")
    check_rv(
        portal.v3("tasks.task.add", {"fields": "x"}),
        "Field `fields` requires data type `array` for this request",
        "fields",
    )


def test_wrong_type_deadline(portal):
    """The seed's error example, literally."""
    seed_portal(portal)
    for bad in ["2025-12-31 23:59:59", "31.12.2025", "2025-12-31", 1767225599, "2025-12-31T23:59:59.5+02:00"]:
        r = portal.v3("tasks.task.add", {"fields": {**SEED_FIELDS, "deadline": bad}})
        check_rv(r, "Field `deadline` requires data type `DateTime` for this request", "deadline")
    assert _count(portal) == 0


@pytest.mark.parametrize(
    "field,value,type_",
    [
        ("creatorId", "abc", "int"),
        ("creatorId", None, "int"),
        ("responsibleId", [1], "int"),
        ("title", {"a": 1}, "string"),
        ("needsControl", [True], "bool"),
        ("crmItemIds", "L_1", "array"),
        ("startPlan", "tomorrow", "DateTime"),
        ("description", None, "string"),
        ("parentId", "x", "int"),
    ],
)
def test_wrong_type(portal, field, value, type_):
    seed_portal(portal)
    r = portal.v3("tasks.task.add", {"fields": {**SEED_FIELDS, field: value}})
    check_rv(r, f"Field `{field}` requires data type `{type_}` for this request", field)
    assert _count(portal) == 0


def test_coercion(portal):
    """PHP coercive typing (docs/fidelity.md, "Scalar typing of `fields`"): numeric strings for ints, any
    scalar for bools, numbers for strings."""
    seed_portal(portal)
    got = ok(
        portal.v3(
            "tasks.task.add",
            {
                "fields": {
                    "title": 123,
                    "creatorId": "29",
                    "responsibleId": 1.0,
                    "needsControl": "N",
                    "replicate": 0,
                    "priority": "high",
                    "mark": "positive",
                    "durationType": "hours",
                    "deadline": "2025-06-01T10:00:00Z",
                }
            },
        )
    )["item"]
    assert got["title"] == "123"
    assert got["needsControl"] is True and got["replicate"] is False
    assert (got["priority"], got["mark"], got["durationType"]) == ("high", "positive", "hours")
    assert got["deadline"] == "2025-06-01T10:00:00+00:00"
    # unknown enum strings are ignored (defaults stay)
    got = ok(
        portal.v3(
            "tasks.task.add", {"fields": {**SEED_FIELDS, "priority": "urgent", "mark": "P", "durationType": "monts"}}
        )
    )["item"]
    assert (got["priority"], got["mark"], got["durationType"]) == ("average", "none", "days")


def test_missing_executor(portal):
    seed_portal(portal)
    r = portal.v3("tasks.task.add", {"fields": {**SEED_FIELDS, "responsibleId": 4242}})
    check_rv(r, 'User specified in the "Executor" field not found', "responsibleId")
    assert _count(portal) == 0


def test_missing_creator(portal):
    """Decision 18: the creator must exist; seed 004 shows this row's text as `""` (an empty message)."""
    r = portal.v3("tasks.task.add", {"fields": SEED_FIELDS})  # user 29 does not exist yet
    check_rv(r, "", "creatorId")
    assert _count(portal) == 0


def test_missing_parent(portal):
    seed_portal(portal)
    r = portal.v3("tasks.task.add", {"fields": {**SEED_FIELDS, "parentId": 999}})
    check_rv(r, 'Task specified in the "Parent Task" field not found', "parentId")
    assert _count(portal) == 0
    parent = add_task(portal)
    child = ok(portal.v3("tasks.task.add", {"fields": {**SEED_FIELDS, "parentId": parent}}))["item"]
    assert child["parentId"] == parent
    assert (
        ok(portal.v3("tasks.task.get", {"id": parent, "select": ["containsSubTasks"]}))["item"]["containsSubTasks"]
        is True
    )


def test_end_plan_before_start(portal):
    seed_portal(portal)
    r = portal.v3(
        "tasks.task.add",
        {"fields": {**SEED_FIELDS, "startPlan": "2025-12-10T10:00:00+00:00", "endPlan": "2025-12-09T10:00:00+00:00"}},
    )
    check_rv(r, "The end date specified in the planning is earlier than the start date", "endPlan")
    assert _count(portal) == 0


def test_plan_too_long(portal):
    seed_portal(portal)
    r = portal.v3(
        "tasks.task.add",
        {"fields": {**SEED_FIELDS, "startPlan": "2000-01-01T00:00:00+00:00", "endPlan": "2070-01-01T00:00:00+00:00"}},
    )
    check_rv(r, "The planning duration specified is too long", "endPlan")
    assert _count(portal) == 0
    # exactly 2147483647 seconds is still accepted
    ok(
        portal.v3(
            "tasks.task.add",
            {
                "fields": {
                    **SEED_FIELDS,
                    "startPlan": "2000-01-01T00:00:00+00:00",
                    "endPlan": "2068-01-19T03:14:07+00:00",
                }
            },
        )
    )


def test_blank_title(portal):
    seed_portal(portal)
    check_rv(
        portal.v3("tasks.task.add", {"fields": {**SEED_FIELDS, "title": "   "}}), "Task title not specified", "title"
    )


def test_unknown_field(portal):
    seed_portal(portal)
    r = portal.v3("tasks.task.add", {"fields": {**SEED_FIELDS, "foo": 1}})
    check_error(r, 400, UNKNOWN, "Unknown field `foo` for entity `TaskDto`")


def test_not_fillable_fields(portal):
    seed_portal(portal)
    r = portal.v3("tasks.task.add", {"fields": {**SEED_FIELDS, "id": 5, "accomplices": [{"id": 1}]}})
    check_error(
        r,
        400,
        DV,
        DV_MSG,
        [
            item("Field `id` is not available for filling", "id"),
            item("Field `accomplices` is not available for filling", "accomplices"),
        ],
    )
    assert _count(portal) == 0


def test_computed_fields_accepted_and_ignored(portal):
    seed_portal(portal)
    got = ok(
        portal.v3(
            "tasks.task.add",
            {"fields": {**SEED_FIELDS, "guid": "{x}", "outlookVersion": 7, "rights": {}, "link": "/x", "chatId": 9999}},
        )
    )["item"]
    assert got["guid"] != "{x}" and got["outlookVersion"] == 1 and got["link"] != "/x" and got["chatId"] != 9999


def test_status_on_add(portal):
    seed_portal(portal)
    got = ok(portal.v3("tasks.task.add", {"fields": {**SEED_FIELDS, "status": "in_progress"}}))["item"]
    assert got["status"] == "in_progress" and got["statusChanged"] is not None and got["started"] is not None
    check_rv(
        portal.v3("tasks.task.add", {"fields": {**SEED_FIELDS, "status": "declined"}}), "Incorrect status", "status"
    )


def test_non_admin_creates_for_other_creator(portal):
    seed_portal(portal)
    uid = portal.add_user("Employee")
    tok = portal.add_webhook(user=uid, scopes=["tasks"])
    # the seed body (creator 29, responsible 1) from an ordinary employee: not allowed
    r = portal.v3("tasks.task.add", {"fields": SEED_FIELDS}, user=uid, token=tok)
    assert r.status_code == 403 and r.json()["error"]["code"] == "BITRIX_REST_V3_EXCEPTION_ACCESSDENIEDEXCEPTION"
    assert _count(portal) == 0
    # as the creator, or as the responsible of someone else's task: allowed
    ok(portal.v3("tasks.task.add", {"fields": {**SEED_FIELDS, "creatorId": uid}}, user=uid, token=tok))
    item_ = ok(portal.v3("tasks.task.add", {"fields": {**SEED_FIELDS, "responsibleId": uid}}, user=uid, token=tok))
    rights = item_["item"]["rights"]
    assert rights["read"] and not rights["edit"] and not rights["remove"]
