"""*.field.list/.field.get derived from the declarations; request-processing order
(docs/fidelity.md, "Which error wins")."""

from __future__ import annotations

from tasks.helpers import (
    DV,
    DV_MSG,
    SEED_FIELDS,
    SEED_ITEM,
    UNKNOWN,
    add_task,
    check_denied,
    check_error,
    check_rv,
    get_task,
    item,
    ok,
    seed_portal,
    user_with_hook,
)

DESCR_KEYS = [
    "name",
    "type",
    "title",
    "description",
    "validationRules",
    "requiredGroups",
    "filterable",
    "sortable",
    "editable",
    "multiple",
    "elementType",
]


def test_task_field_list(portal):
    items = ok(portal.v3("tasks.task.field.list", {}))["items"]
    assert len(items) == 95
    assert all(list(i) == DESCR_KEYS for i in items)
    names = [i["name"] for i in items]
    assert [n for n in names if n in SEED_ITEM] == list(SEED_ITEM)  # same declaration order
    by = {i["name"]: i for i in items}
    assert by["title"] == {
        "name": "title",
        "type": "string",
        "title": "title",
        "description": None,
        "validationRules": [],
        "requiredGroups": ["add"],
        "filterable": False,
        "sortable": True,
        "editable": False,
        "multiple": False,
        "elementType": None,
    }
    assert by["id"]["filterable"] is True and by["id"]["type"] == "int"
    assert by["deadline"]["type"] == "object" and by["deadline"]["requiredGroups"] is None
    assert by["accomplices"]["multiple"] is True and by["accomplices"]["elementType"] == "object"
    assert by["creator"]["type"] == "object" and by["creator"]["elementType"] == "object"
    assert by["needsControl"]["type"] == "bool"
    for prefix in ("tasks.task.access", "tasks.task.file"):
        assert ok(portal.v3(prefix + ".field.list", {}))["items"] == items


def test_field_get_and_select(portal):
    got = ok(portal.v3("tasks.task.field.get", {"name": "creatorId"}))["item"]
    assert got["requiredGroups"] == ["add"] and got["sortable"] is True
    got = ok(portal.v3("tasks.task.field.get", {"name": "id", "select": ["type", "name"]}))["item"]
    assert got == {"name": "id", "type": "int"}
    items = ok(portal.v3("tasks.task.field.list", {"select": ["name"]}))["items"]
    assert items[:2] == [{"name": "id"}, {"name": "title"}]
    check_error(
        portal.v3("tasks.task.field.get", {"name": "nope"}),
        404,
        "BITRIX_REST_V3_REALISATION_EXCEPTION_FIELDNOTFOUNDEXCEPTION",
        "Field `nope` not found",
    )
    check_rv(portal.v3("tasks.task.field.get", {}), "Required field `name` is missing", "name")
    check_error(
        portal.v3("tasks.task.field.list", {"select": ["x"]}),
        400,
        UNKNOWN,
        "Unknown field `x` for entity `DtoFieldDto`",
    )


def test_other_dto_field_methods(portal):
    res = ok(portal.v3("tasks.task.result.field.list", {}))["items"]
    assert [i["name"] for i in res] == [
        "id",
        "taskId",
        "text",
        "authorId",
        "author",
        "createdAt",
        "updatedAt",
        "status",
        "fileIds",
        "rights",
        "messageId",
    ]
    assert {i["name"]: i["requiredGroups"] for i in res}["text"] == ["add", "update"]
    msg = ok(portal.v3("tasks.task.chat.message.field.list", {}))["items"]
    assert [(i["name"], i["type"], i["requiredGroups"]) for i in msg] == [
        ("id", "int", None),
        ("taskId", "int", ["send"]),
        ("text", "string", ["send"]),
    ]
    assert ok(portal.v3("tasks.task.chat.message.field.get", {"name": "text"}))["item"]["name"] == "text"
    assert ok(portal.v3("tasks.task.result.field.get", {"name": "messageId"}))["item"]["requiredGroups"] == [
        "addFromChatMessage"
    ]


# -- which error wins (docs/fidelity.md) -------------------------------------------------------------


def test_scope_wins_over_bad_params(portal):
    uid = portal.add_user("NoTasks")
    tok = portal.add_webhook(user=uid, scopes=["user"])
    r = portal.v3("tasks.task.add", {"fields": {"foo": 1}}, user=uid, token=tok)
    check_error(
        r,
        403,
        "BITRIX_REST_V3_EXCEPTION_INSUFFICIENTSCOPEEXCEPTION",
        "Insufficient access rights: required scope is missing",
    )


def test_add_order_of_faults(portal):
    seed_portal(portal)
    # unknown key before a type error that comes later in the body; the first bad key wins
    r = portal.v3("tasks.task.add", {"fields": {"foo": 1, "deadline": "bad"}})
    check_error(r, 400, UNKNOWN, "Unknown field `foo` for entity `TaskDto`")
    r = portal.v3("tasks.task.add", {"fields": {"deadline": "bad", "foo": 1}})
    check_rv(r, "Field `deadline` requires data type `DateTime` for this request", "deadline")
    # a type error wins over missing required fields
    check_rv(
        portal.v3("tasks.task.add", {"fields": {"deadline": "bad"}}),
        "Field `deadline` requires data type `DateTime` for this request",
        "deadline",
    )
    # missing required wins over not-fillable
    check_rv(
        portal.v3("tasks.task.add", {"fields": {"id": 1, "title": "x", "creatorId": 1}}),
        "Required field `responsibleId` is missing",
        "responsibleId",
    )
    # not-fillable wins over the access check and command validation
    uid, tok = user_with_hook(portal)
    check_error(
        portal.v3("tasks.task.add", {"fields": {**SEED_FIELDS, "responsibleId": 777, "id": 1}}, user=uid, token=tok),
        400,
        DV,
        DV_MSG,
        [item("Field `id` is not available for filling", "id")],
    )
    # access wins over command validation (missing responsible)
    check_denied(portal.v3("tasks.task.add", {"fields": {**SEED_FIELDS, "responsibleId": 777}}, user=uid, token=tok))
    # creator before responsible, responsible before parent, parent before plan dates
    check_rv(
        portal.v3("tasks.task.add", {"fields": {**SEED_FIELDS, "creatorId": 555, "responsibleId": 777}}),
        "",
        "creatorId",
    )
    check_rv(
        portal.v3("tasks.task.add", {"fields": {**SEED_FIELDS, "responsibleId": 777, "parentId": 99}}),
        'User specified in the "Executor" field not found',
        "responsibleId",
    )
    check_rv(
        portal.v3(
            "tasks.task.add",
            {
                "fields": {
                    **SEED_FIELDS,
                    "parentId": 99,
                    "startPlan": "2025-01-02T00:00:00+00:00",
                    "endPlan": "2025-01-01T00:00:00+00:00",
                }
            },
        ),
        'Task specified in the "Parent Task" field not found',
        "parentId",
    )
    assert ok(portal.v3("tasks.task.list", {}))["items"] == []


def test_update_order_of_faults(portal):
    tid = add_task(portal)
    # missing id wins over everything in fields
    check_rv(
        portal.v3("tasks.task.update", {"fields": {"creatorId": 1, "foo": 2}}), "Required field `id` is missing", "id"
    )
    # the Editable rule (request build) wins over "task does not exist" (access)
    check_rv(
        portal.v3("tasks.task.update", {"id": 9999, "fields": {"creatorId": 29}}),
        "In DTO `TaskDto`, the field `creatorId` requires the presence of the `Editable` attribute for such a request",
        "creatorId",
    )
    # a bad type wins over access denied
    check_rv(
        portal.v3("tasks.task.update", {"id": 9999, "fields": {"deadline": 5}}),
        "The field `deadline` requires data type `DateTime` for such a request",
        "deadline",
    )
    # access denied wins over command validation
    uid, tok = user_with_hook(portal)
    check_denied(portal.v3("tasks.task.update", {"id": tid, "fields": {"parentId": tid}}, user=uid, token=tok))
    # self-binding is reported before the plan dates
    check_rv(
        portal.v3(
            "tasks.task.update",
            {
                "id": tid,
                "fields": {
                    "parentId": tid,
                    "startPlan": "2025-01-02T00:00:00+00:00",
                    "endPlan": "2025-01-01T00:00:00+00:00",
                },
            },
        ),
        "Cannot bind a node to itself",
        "parentId",
    )
    assert get_task(portal, tid)["outlookVersion"] == 1


def test_result_and_list_order_of_faults(portal):
    add_task(portal)
    # the id type error comes before the id/filter rules
    check_error(
        portal.v3("tasks.task.result.delete", {"id": "x", "filter": [1]}),
        400,
        "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION",
        "Error validating the request object",
        [item("Field `id` requires data type `int` for this request", "id")],
    )
    # select is checked before the missing filter of result.list
    check_error(
        portal.v3("tasks.task.result.list", {"select": ["zzz"]}),
        400,
        UNKNOWN,
        "Unknown field `zzz` for entity `ResultDto`",
    )
    # list: select, then filter, then order, then pagination
    check_error(
        portal.v3("tasks.task.list", {"select": ["zzz"], "filter": [["nope", 1]]}),
        400,
        UNKNOWN,
        "Unknown field `zzz` for entity `TaskDto`",
    )
    check_error(
        portal.v3("tasks.task.list", {"filter": [["nope", 1]], "order": {"x": "bad"}}),
        400,
        UNKNOWN,
        "Unknown field `nope` for entity `TaskDto`",
    )
    check_error(
        portal.v3("tasks.task.list", {"order": {"id": "bad"}, "pagination": {"limit": 0}}),
        400,
        "BITRIX_REST_V3_EXCEPTION_INVALIDORDEREXCEPTION",
        "Unable to recognize sorting parameter `bad`",
    )
    # get: id type before select
    check_rv(
        portal.v3("tasks.task.get", {"id": "x", "select": ["zzz"]}),
        "Field `id` requires data type `int` for this request",
        "id",
    )
