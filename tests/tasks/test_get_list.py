"""tasks.task.get (select, dotted relations, 403 vs ENTITYNOTFOUND) and tasks.task.list
(tasks-task-get-rest-v3.md, tasks-task-list-rest-v3.md; docs/fidelity.md "Get", "List")."""

from __future__ import annotations

from tasks.helpers import (
    SEED_FIELDS,
    UNKNOWN,
    add_member,
    add_task,
    check_denied,
    check_error,
    check_rv,
    ok,
    seed_portal,
    user_with_hook,
)

INVALID_FILTER = "BITRIX_REST_V3_EXCEPTION_INVALIDFILTEREXCEPTION"


def test_get_select_and_relations(portal):
    seed_portal(portal)
    parent = add_task(portal, title="Parent")
    tid = ok(portal.v3("tasks.task.add", {"fields": {**SEED_FIELDS, "parentId": parent}}))["item"]["id"]
    got = ok(
        portal.v3(
            "tasks.task.get",
            {
                "id": tid,
                "select": [
                    "chat.id",
                    "status",
                    "responsible.name",
                    "title",
                    "creator.name",
                    "parent.title",
                    "creatorId",
                    "created",
                    "responsibleId",
                    "groupId",
                    "stageId",
                ],
            },
        )
    )["item"]
    # declaration order, id always, list-only fields silently omitted
    assert list(got) == ["id", "title", "creator", "responsible", "status", "parent", "chat"]
    assert got["creator"] == {"name": "Creator"} and got["responsible"] == {"name": "Admin"}
    assert got["parent"] == {"title": "Parent"}
    assert set(got["chat"]) == {"id"} and isinstance(got["chat"]["id"], int)
    # only relation paths → default set plus the relations at their declaration position
    got = ok(portal.v3("tasks.task.get", {"id": tid, "select": ["responsible.id", "responsible.email"]}))["item"]
    keys = list(got)
    assert len(keys) == 65 and keys.index("responsible") == keys.index("description") + 1
    assert got["responsible"] == {"id": 1, "email": None}
    # missing relations
    got = ok(portal.v3("tasks.task.get", {"id": parent, "select": ["parent.title", "accomplices.name", "group.name"]}))
    assert got["item"]["parent"] is None and got["item"]["accomplices"] == [] and got["item"]["group"] is None
    # a string select is one element
    assert ok(portal.v3("tasks.task.get", {"id": tid, "select": "title"}))["item"] == {"id": tid, "title": "Task Title"}


def test_get_select_errors(portal):
    tid = add_task(portal)
    check_error(
        portal.v3("tasks.task.get", {"id": tid, "select": ["nope"]}),
        400,
        UNKNOWN,
        "Unknown field `nope` for entity `TaskDto`",
    )
    check_error(
        portal.v3("tasks.task.get", {"id": tid, "select": ["status.name"]}),
        400,
        UNKNOWN,
        "Unknown field `status.name` for entity `TaskDto`",
    )
    check_error(
        portal.v3("tasks.task.get", {"id": tid, "select": ["responsible.salary"]}),
        400,
        UNKNOWN,
        "Unknown field `salary` for entity `UserDto`",
    )
    check_error(
        portal.v3("tasks.task.get", {"id": tid, "select": [1]}),
        400,
        "BITRIX_REST_V3_EXCEPTION_INVALIDSELECTEXCEPTION",
        "Unable to recognize select expression `1`",
    )
    check_rv(portal.v3("tasks.task.get", {}), "Required field `id` is missing", "id")
    check_rv(portal.v3("tasks.task.get", {"id": [1]}), "Field `id` requires data type `int` for this request", "id")


def test_get_missing_and_forbidden(portal):
    tid = add_task(portal)
    check_error(
        portal.v3("tasks.task.get", {"id": 3}),
        400,
        "BITRIX_REST_V3_EXCEPTION_ENTITYNOTFOUNDEXCEPTION",
        "Record with ID = `3` not found",
    )
    uid, tok = user_with_hook(portal)
    check_denied(portal.v3("tasks.task.get", {"id": 3}, user=uid, token=tok))
    check_denied(portal.v3("tasks.task.get", {"id": tid}, user=uid, token=tok))
    add_member(portal, tid, uid, "auditor")
    got = ok(portal.v3("tasks.task.get", {"id": tid}, user=uid, token=tok))["item"]
    assert got["rights"]["read"] is True and got["rights"]["edit"] is False
    assert got["link"] == f"/company/personal/user/{uid}/tasks/task/view/{tid}/"


def _ids(portal, **params):
    return [i["id"] for i in ok(portal.v3("tasks.task.list", {"select": ["id"], **params}))["items"]]


def test_list_default_and_select(portal):
    seed_portal(portal)
    a = add_task(portal, title="A")
    b = ok(portal.v3("tasks.task.add", {"fields": SEED_FIELDS}))["item"]["id"]
    assert ok(portal.v3("tasks.task.list", {}))["items"] == [{"id": a}, {"id": b}]
    got = ok(
        portal.v3(
            "tasks.task.list",
            {"select": ["title", "creatorId", "responsible.name", "rights", "link", "parentId", "deadline"]},
        )
    )
    assert got["items"][1] == {
        "title": "Task Title",
        "creatorId": 29,
        "responsible": {"name": "Admin"},
        "deadline": "2025-12-31T21:59:59+00:00",
        "parentId": 0,
    }
    assert list(got) == ["items"]  # no total / next (api-reference/rest-v3.md, "Unified response format")


ADMIN_DTO = {
    "id": 1,
    "name": "Admin",
    "role": None,
    "image": None,
    "gender": None,
    "email": None,
    "externalAuthId": None,
    "rights": None,
}


def test_list_select_relations_and_id(portal):
    """The list mapper fills only what was selected (`id` too) and only its own fields; a relation named
    alone is the whole related object (observed on the real server; api-reference/tasks/tasks-task-list-rest-v3.md:
    "The set of fields depends on the `select` parameter"). `get` always has `id` and fills relations only
    through dotted paths."""
    seed_portal(portal)
    tid = ok(portal.v3("tasks.task.add", {"fields": SEED_FIELDS}))["item"]["id"]
    creator = {**ADMIN_DTO, "id": 29, "name": "Creator"}

    def listed(select):
        return ok(portal.v3("tasks.task.list", {"select": select}))["items"]

    def got(select):
        return ok(portal.v3("tasks.task.get", {"id": tid, "select": select}))["item"]

    r = portal.http.post(f"/rest/api/1/{portal.token}/tasks.task.list", json={"select": ["chat"]})
    assert r.status_code == 200 and r.json()["result"] == {"items": [[]]}  # an empty PHP array
    assert got(["chat"]) == {"id": tid}
    assert listed(["id", "chat"]) == [{"id": tid}]
    assert listed(["responsible"]) == [{"responsible": ADMIN_DTO}]
    assert list(listed(["responsible"])[0]["responsible"]) == list(ADMIN_DTO)
    assert got(["responsible"]) == {"id": tid}
    assert listed(["responsible", "id", "creator"]) == [{"id": tid, "creator": creator, "responsible": ADMIN_DTO}]
    assert list(listed(["responsible", "id", "creator"])[0]) == ["id", "creator", "responsible"]
    assert listed(["responsible", "responsible.email"]) == [{"responsible": {"email": None}}]
    assert listed(["changedBy", "statusChangedBy"]) == [{"changedBy": ADMIN_DTO, "statusChangedBy": None}]
    assert listed(["crmItems", "tags", "flow", "group"]) == [{"group": None, "flow": None, "tags": [], "crmItems": []}]
    uid = portal.add_user("Helper", email="helper@example.com")
    add_member(portal, tid, uid, "accomplice")
    helper = {**ADMIN_DTO, "id": uid, "name": "Helper", "email": "helper@example.com"}
    assert listed(["accomplices", "auditors"]) == [{"accomplices": [helper], "auditors": []}]
    assert listed(["accomplices.name"]) == [{"accomplices": [{"name": "Helper"}]}]
    # relations the list mapper does not fill are omitted like any other such field
    assert listed(["parent", "stage", "closedBy", "chat", "rights"]) == [[]]
    assert listed(["id", "parent", "title"]) == [{"id": tid, "title": "Task Title"}]
    assert listed([]) == [{"id": tid}] and listed(["id"]) == [{"id": tid}]


def test_every_select_field_answers(portal):
    """Each TaskDto field alone in `select` answers 200: `get` with `id` and at most that field, `list` with at
    most that field (nothing is a 500)."""
    seed_portal(portal)
    parent = add_task(portal, title="Parent")
    tid = ok(portal.v3("tasks.task.add", {"fields": {**SEED_FIELDS, "parentId": parent}}))["item"]["id"]
    names = [f["name"] for f in ok(portal.v3("tasks.task.field.list", {"select": ["name"]}))["items"]]
    assert len(names) == 95
    for name in names:
        item_ = ok(portal.v3("tasks.task.get", {"id": tid, "select": [name]}))["item"]
        assert item_["id"] == tid and set(item_) <= {"id", name}, name
        rows = ok(portal.v3("tasks.task.list", {"select": [name], "filter": [["id", tid]]}))["items"]
        assert len(rows) == 1 and (rows[0] == [] or list(rows[0]) == [name]), name


def test_list_filter_operators_and_logic(portal):
    ids = [add_task(portal, title=f"t{i}") for i in range(6)]
    assert _ids(portal, filter=[["id", ids[2]]]) == [ids[2]]
    assert _ids(portal, filter=[["id", "=", ids[2]]]) == [ids[2]]
    assert _ids(portal, filter=[["id", "!=", ids[2]]]) == ids[:2] + ids[3:]
    assert _ids(portal, filter=[["id", ">", ids[3]]]) == ids[4:]
    assert _ids(portal, filter=[["id", ">=", ids[3]]]) == ids[3:]
    assert _ids(portal, filter=[["id", "<", ids[1]]]) == ids[:1]
    assert _ids(portal, filter=[["id", "<=", ids[1]]]) == ids[:2]
    assert _ids(portal, filter=[["id", "in", [ids[0], ids[5]]]]) == [ids[0], ids[5]]
    assert _ids(portal, filter=[["id", [ids[1], ids[4]]]]) == [ids[1], ids[4]]
    assert _ids(portal, filter=[["id", "between", [ids[1], ids[3]]]]) == ids[1:4]
    assert _ids(portal, filter=[["id", ">", ids[0]], ["id", "<", ids[3]]]) == ids[1:3]
    assert _ids(portal, filter=[{"logic": "or", "conditions": [["id", ids[0]], ["id", ids[5]]]}]) == [ids[0], ids[5]]
    assert (
        _ids(portal, filter=[{"logic": "or", "negative": True, "conditions": [["id", ids[0]], ["id", ids[5]]]}])
        == ids[1:5]
    )
    assert _ids(
        portal, filter=[{"type": "condition", "leftOperand": "id", "operator": "<=", "rightOperand": ids[0]}]
    ) == [ids[0]]
    assert _ids(portal, filter=["id", ids[3]]) == [ids[3]]


def test_list_filter_errors(portal):
    add_task(portal)
    check_rv(
        portal.v3("tasks.task.list", {"filter": [["title", "x"]]}),
        "In DTO `TaskDto`, the field `title` requires the presence of the `Filterable` attribute for such a request",
        "title",
    )
    check_error(
        portal.v3("tasks.task.list", {"filter": [["nope", 1]]}),
        400,
        UNKNOWN,
        "Unknown field `nope` for entity `TaskDto`",
    )
    check_error(
        portal.v3("tasks.task.list", {"filter": [["id", "like", 1]]}),
        400,
        "BITRIX_REST_V3_EXCEPTION_UNKNOWNFILTEROPERATOREXCEPTION",
        "Unknown filter operator",
    )
    check_rv(
        portal.v3("tasks.task.list", {"filter": [["id", "1000"]]}),
        "Field `id` requires data type `int` for this request",
        "id",
    )
    check_error(
        portal.v3("tasks.task.list", {"filter": [["id", "=", [1, 2]]]}),
        400,
        INVALID_FILTER,
        'Unable to recognize filter expression `["id","=",[1,2]]`',
    )
    check_error(
        portal.v3("tasks.task.list", {"filter": [["id", "between", [1]]]}),
        400,
        INVALID_FILTER,
        'Unable to recognize filter expression `["id","between",[1]]`',
    )
    check_error(
        portal.v3("tasks.task.list", {"filter": [{"logic": "xor", "conditions": []}]}),
        400,
        INVALID_FILTER,
        'Unable to recognize filter expression `{"logic":"xor","conditions":[]}`',
    )
    check_error(
        portal.v3("tasks.task.list", {"filter": "id=1"}),
        400,
        INVALID_FILTER,
        "Unable to recognize filter expression `id=1`",
    )


def test_list_order_quirk_and_errors(portal):
    a = add_task(portal, title="b")
    b = add_task(portal, title="a")
    # id ASC always comes first: ordering by title does not reorder (docs/fidelity.md, "List order")
    assert _ids(portal, order={"title": "asc"}) == [a, b]
    assert _ids(portal, order={"title": "asc", "id": "DESC"}) == [b, a]
    check_error(
        portal.v3("tasks.task.list", {"order": {"id": "up"}}),
        400,
        "BITRIX_REST_V3_EXCEPTION_INVALIDORDEREXCEPTION",
        "Unable to recognize sorting parameter `up`",
    )
    check_error(
        portal.v3("tasks.task.list", {"order": ["id"]}),
        400,
        "BITRIX_REST_V3_EXCEPTION_INVALIDORDEREXCEPTION",
        'Unable to recognize sorting parameter `["id"]`',
    )
    check_rv(
        portal.v3("tasks.task.list", {"order": {"description": "asc"}}),
        "In DTO `TaskDto`, the field `description` requires the presence of the `Sortable` attribute for such a "
        "request",
        "description",
    )
    check_error(
        portal.v3("tasks.task.list", {"order": {"x": "asc"}}), 400, UNKNOWN, "Unknown field `x` for entity `TaskDto`"
    )


def test_list_pagination(portal):
    ids = [add_task(portal) for _ in range(5)]
    assert _ids(portal, pagination={"limit": 2}) == ids[:2]
    assert _ids(portal, pagination={"limit": 2, "offset": 3}) == ids[3:]
    assert _ids(portal, pagination={"limit": "2", "page": 2, "offset": 0}) == ids[2:4]
    assert _ids(portal, pagination={"limit": 2, "page": 0}) == ids[:2]
    assert _ids(portal, pagination={"limit": 5000}) == ids
    for bad in ({"limit": "abc"}, {"limit": 0}, {"offset": "x"}):
        r = portal.v3("tasks.task.list", {"pagination": bad})
        import json

        check_error(
            r,
            400,
            "BITRIX_REST_V3_EXCEPTION_INVALIDPAGINATIONEXCEPTION",
            f"Unable to recognize pagination parameter `{json.dumps(bad, separators=(',', ':'))}`",
        )


def test_list_visibility(portal):
    owner, otok = user_with_hook(portal, "Owner")
    other, xtok = user_with_hook(portal, "Other")
    mine = add_task(portal, user=owner, token=otok)
    watched = add_task(portal)
    add_member(portal, watched, other, "auditor")
    add_task(portal)
    assert [i["id"] for i in ok(portal.v3("tasks.task.list", {"select": ["id"]}, user=owner, token=otok))["items"]] == [
        mine
    ]
    assert [i["id"] for i in ok(portal.v3("tasks.task.list", {"select": ["id"]}, user=other, token=xtok))["items"]] == [
        watched
    ]
    assert len(ok(portal.v3("tasks.task.list", {}))["items"]) == 3
