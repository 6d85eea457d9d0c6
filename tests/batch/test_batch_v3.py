"""v3 ``batch`` on ``/rest/api/…`` through a real server (api-reference/rest-v3.md, "Batch call").

The format errors and method lookup run now; the tests that need a v3 method (``tasks.task.*``) skip
until that family is registered on the server.
"""

from __future__ import annotations

from typing import Any

import pytest

SELECT = "BITRIX_REST_V3_EXCEPTION_INVALIDSELECTEXCEPTION"


def select_error(text: str) -> dict[str, Any]:
    return {"error": {"code": SELECT, "message": f"Unable to recognize select expression `{text}`"}}


def post(portal, body: Any):
    return portal.http.post(f"/rest/api/1/{portal.token}/batch", json=body)


def require_tasks(portal) -> None:
    r = portal.v3("tasks.task.get", {"id": 1})
    if r.status_code == 404 and r.json()["error"]["code"].endswith("METHODNOTFOUNDEXCEPTION"):
        pytest.skip("tasks.task.* (v3) is not registered on this branch yet")


def test_empty_batch(portal):
    for body in ([], {}):
        r = post(portal, body)
        assert r.status_code == 200, r.text
        assert list(r.json()) == ["result", "time"]
        assert r.json()["result"] == []


@pytest.mark.parametrize(
    "body,text",
    [
        (
            {"halt": 0, "cmd": {"a": "server.time"}},
            "Invalid batch format - the 'cmd' format of REST v2 is not supported, expected an array of commands",
        ),
        (
            {"cmd": ["server.time"]},
            "Invalid batch format - the 'cmd' format of REST v2 is not supported, expected an array of commands",
        ),
        (["server.time"], "Invalid batch command '0' - expected an object with 'method' and 'query'"),
        ([{"query": {}}], "Invalid batch command '0' - 'method' is required"),
        ([{"method": "", "query": {}}], "Invalid batch command '0' - 'method' is required"),
        ([{"method": "x.y", "query": {}}, {"method": "x.y"}], "Invalid batch command '1' - 'query' is required"),
        ([{"method": "x.y", "query": "id=1"}], "Invalid batch command '0' - 'query' must be an object"),
        ([{"method": "x.y", "query": [1]}], "Invalid batch command '0' - 'query' must be an object"),
        ([{"method": "x.y", "query": {}, "as": 5}], "Invalid batch command '0' - 'as' must be a non-empty string"),
        (
            [{"method": "x.y", "query": {}, "as": "t"}, {"method": "x.z", "query": {}, "as": "t"}],
            "Duplicate batch alias 't'",
        ),
        ([{"method": "x.y", "query": {}}] * 51, "Invalid batch format - at most 50 commands are allowed"),
        ([{"method": "batch", "query": {}}], "Method 'batch' cannot be called inside batch"),
    ],
)
def test_format_errors(portal, body, text):
    r = post(portal, body)
    assert r.status_code == 400, r.text
    assert r.json() == select_error(text)


def test_unknown_or_v2_only_method_fails_whole_batch_before_running(portal):
    for name in ("no.such.method", "server.time", "user.current"):
        r = post(portal, [{"method": name, "query": {}}])
        assert r.status_code == 404
        assert r.json() == {
            "error": {
                "code": "BITRIX_REST_V3_EXCEPTION_METHODNOTFOUNDEXCEPTION",
                "message": f'Method "{name}" was not found.',
            }
        }


def test_auth_and_json_errors_are_the_ordinary_ones(portal):
    r = portal.http.post("/rest/api/1/wrongwrongwrong1/batch", json=[])
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "BITRIX_REST_V3_EXCEPTION_ACCESSDENIEDEXCEPTION"
    r = portal.http.post(
        f"/rest/api/1/{portal.token}/batch",
        content=b"cmd[a]=server.time",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "BITRIX_REST_V3_EXCEPTION_INVALIDJSONEXCEPTION"


# -- with tasks.task.* registered ---------------------------------------------------------------------


def test_ref_and_result_order(portal):
    require_tasks(portal)
    r = post(
        portal,
        {
            "0": {
                "method": "tasks.task.add",
                "query": {"fields": {"title": "Batch A", "creatorId": 1, "responsibleId": 1}},
                "as": "a",
                "parallel": True,
            },
            "1": {
                "method": "tasks.task.add",
                "query": {"fields": {"title": "Batch B", "creatorId": 1, "responsibleId": 1}},
            },
            "2": {"method": "tasks.task.get", "query": {"id": {"$ref": "a.item.id"}, "select": ["id", "title"]}},
            "3": {"method": "tasks.task.get", "query": {"id": {"$ref": "1.item.id"}, "select": ["id", "title"]}},
        },
    )
    assert r.status_code == 200, r.text
    result = r.json()["result"]
    assert isinstance(result, list) and len(result) == 4
    a_id, b_id = result[0]["item"]["id"], result[1]["item"]["id"]
    assert result[2] == {"item": {"id": a_id, "title": "Batch A"}}
    assert result[3] == {"item": {"id": b_id, "title": "Batch B"}}


def test_ref_array(portal):
    require_tasks(portal)
    ids = [
        portal.v3("tasks.task.add", {"fields": {"title": f"T{i}", "creatorId": 1, "responsibleId": 1}}).json()[
            "result"
        ]["item"]["id"]
        for i in range(3)
    ]
    r = post(
        portal,
        [
            {"method": "tasks.task.list", "query": {"select": ["id"], "order": {"id": "asc"}}, "as": "list"},
            {
                "method": "tasks.task.list",
                "query": {"select": ["id", "title"], "filter": [["id", "in", {"$refArray": "list.items.id"}]]},
            },
        ],
    )
    assert r.status_code == 200, r.text
    assert sorted(t["id"] for t in r.json()["result"][1]["items"]) == sorted(ids)


@pytest.mark.parametrize(
    "ref,text",
    [
        ({"$ref": "nobody.item.id"}, "Path 'nobody.item.id' not found in context"),
        ({"$ref": "a.item.title.x"}, "Invalid context path 'a.item.title.x' - expected array at 'x'"),
        ({"$refArray": "a"}, "Invalid $refArray format - expected 'path.to.array.field'"),
        ({"$refArray": "a.item.title.id"}, "Path 'a.item.title' must point to an array or iterable"),
        ({"$refArray": ["a"]}, "Invalid $refArray value - expected string"),
    ],
)
def test_bad_reference_rolls_back_everything(portal, ref, text):
    require_tasks(portal)
    before = portal.v3("tasks.task.list", {"select": ["id"]}).json()["result"]["items"]
    r = post(
        portal,
        [
            {
                "method": "tasks.task.add",
                "query": {"fields": {"title": "Rolled back", "creatorId": 1, "responsibleId": 1}},
                "as": "a",
            },
            {"method": "tasks.task.get", "query": {"id": ref}},
        ],
    )
    assert r.status_code == 400
    assert r.json() == select_error(text)
    assert portal.v3("tasks.task.list", {"select": ["id"]}).json()["result"]["items"] == before


def test_failing_item_answers_for_the_batch_and_writes_nothing(portal):
    require_tasks(portal)
    before = portal.v3("tasks.task.list", {"select": ["id"]}).json()["result"]["items"]
    r = post(
        portal,
        [
            {
                "method": "tasks.task.add",
                "query": {"fields": {"title": "Rolled back", "creatorId": 1, "responsibleId": 1}},
            },
            {"method": "tasks.task.get", "query": {}},
        ],
    )
    single = portal.v3("tasks.task.get", {})
    assert r.status_code == single.status_code == 400
    assert r.json() == single.json()
    assert portal.v3("tasks.task.list", {"select": ["id"]}).json()["result"]["items"] == before
