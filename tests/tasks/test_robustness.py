"""Malformed input never produces a 500: every task method answers a documented 4xx (or 200)."""

from __future__ import annotations

from tasks.helpers import add_task, ok

METHODS = [
    "tasks.task.add",
    "tasks.task.update",
    "tasks.task.delete",
    "tasks.task.get",
    "tasks.task.list",
    "tasks.task.access.get",
    "tasks.task.chat.message.send",
    "tasks.task.result.add",
    "tasks.task.result.addfromchatmessage",
    "tasks.task.result.update",
    "tasks.task.result.delete",
    "tasks.task.result.list",
    "tasks.task.field.get",
    "tasks.task.field.list",
    "tasks.task.result.field.get",
]

WEIRD = [
    None,
    True,
    0,
    -1,
    1.5,
    2**40,
    -(2**40),
    1e300,
    "99999999999",
    "",
    "x",
    [],
    [1, [2]],
    {},
    {"a": {"b": []}},
    [None],
    ["id", "in", "x"],
    [{"logic": "or"}],
    {"logic": "or", "conditions": [["id", ">", "2020-01-01"]]},
    [["id", "between", [1, "a"]]],
    [["taskId", 1], ["status", "in", [None, "open"]]],
]
KEYS = ["id", "fields", "select", "filter", "order", "pagination", "name"]


def test_no_server_errors(portal):
    tid = add_task(portal)
    for m in METHODS:
        for key in KEYS:
            for value in WEIRD:
                r = portal.v3(m, {key: value} if key != "fields" else {"id": tid, key: value})
                assert r.status_code < 500, (m, key, value, r.text)
                assert "error" in r.json() or "result" in r.json()
        for value in WEIRD:
            r = portal.v3(
                m,
                {
                    "fields": {
                        "taskId": tid,
                        "text": value,
                        "title": value,
                        "creatorId": 1,
                        "responsibleId": 1,
                        "messageId": value,
                    },
                    "id": tid,
                },
            )
            assert r.status_code < 500, (m, value, r.text)
    # raw bodies: a JSON array and a JSON scalar
    for body in (b"[]", b"5", b'"x"', b"null"):
        r = portal.http.post(
            f"/rest/api/1/{portal.token}/tasks.task.add", content=body, headers={"Content-Type": "application/json"}
        )
        assert r.status_code < 500, (body, r.text)
    assert isinstance(ok(portal.v3("tasks.task.list", {}))["items"], list)


def test_integers_beyond_32_bits_are_type_errors(portal):
    from tasks.helpers import check_rv

    big = 2**40
    tid = add_task(portal)
    check_rv(portal.v3("tasks.task.get", {"id": big}), "Field `id` requires data type `int` for this request", "id")
    check_rv(
        portal.v3("tasks.task.update", {"id": tid, "fields": {"groupId": big}}),
        "The field `groupId` requires data type `int` for such a request",
        "groupId",
    )
    check_rv(
        portal.v3("tasks.task.add", {"fields": {"title": "x", "creatorId": 1, "responsibleId": big}}),
        "Field `responsibleId` requires data type `int` for this request",
        "responsibleId",
    )
    check_rv(
        portal.v3("tasks.task.result.list", {"filter": [["taskId", big]]}),
        "Field `taskId` requires data type `int` for this request",
        "taskId",
    )
    check_rv(
        portal.v3("tasks.task.list", {"filter": [["id", ">", big]]}),
        "Field `id` requires data type `int` for this request",
        "id",
    )


def test_nul_characters_are_dropped(portal):
    tid = add_task(portal, title="a\u0000b", description="x\u0000")
    got = ok(portal.v3("tasks.task.get", {"id": tid, "select": ["title", "description"]}))["item"]
    assert got == {"id": tid, "title": "ab", "description": "x"}
    ok(portal.v3("tasks.task.chat.message.send", {"fields": {"taskId": tid, "text": "\u0000hi"}}))
    ok(portal.v3("tasks.task.result.add", {"fields": {"taskId": tid, "text": "\u0000r"}}))
