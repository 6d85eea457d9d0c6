"""The PHP rules of batch command parsing and references, checked on the pure functions (the server
tests in test_batch_v2.py / test_batch_v3.py drive the same code end to end)."""

from __future__ import annotations

import pytest

from b24local.core.errors import ApiError
from b24local.core.php import php_truthy
from b24local.protocol import batch as B

ANSWERS = {
    "result": {
        "me": {"ID": "1", "NAME": "Admin", "ADMIN": True, "N": None},
        "list": {"items": [{"id": 5}, {"id": 7}]},
        "f": 1.5,
    },
    "next": {"u": 50},
    "total": {"u": 61},
    "time": {"me": {"start": 1700000000}},
    "error": {"bad": {"error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"}},
}


@pytest.mark.parametrize(
    "query,expected",
    [
        ("id=$result[me][ID]", {"id": "1"}),
        ("id=$result[me]", {"id": ANSWERS["result"]["me"]}),  # whole value: the array itself
        ("x=$result[list][items][1][id]", {"x": 7}),
        ("x=$result[list][items][49][id]", {"x": [{"id": 5}, {"id": 7}]}),  # stops at the missing key
        ("t=Hello $result[me][NAME]!", {"t": "Hello Admin"}),  # the match runs to the next whitespace
        ("t=a $result[me][NAME] b $total[u] c", {"t": "a Admin b 61 c"}),
        ("t=[$result[me][ADMIN]]", {"t": "[1"}),
        ("t=x $result[me][N] y", {"t": "x Array y"}),  # null is not set: the walk keeps the array
        ("t=x $result[f][0] y", {"t": "x 1.5 y"}),
        ("n=$next[u]&c=$total[u]&s=$time[me][start]", {"n": 50, "c": 61, "s": 1700000000}),
        ("e=$error[bad][error]", {"e": "ERROR_METHOD_NOT_FOUND"}),
        ("e=$ERROR[bad][error]", {"e": None}),  # the keyword matches, the group name does not
        ("r=$result", {"r": "$result"}),  # no [..] segment: left alone
        ("filter[>ID]=$result[list][items][0][id]&__order=order0001", {"filter": {">ID": 5}, "__order": "order0001"}),
        ("auth=abc&access_token=d&aplogin=1&ap=x&id=2", {"id": "2"}),
        ("a[]=$result[me][ID]&a[]=2", {"a": ["1", "2"]}),
        ("", {}),
    ],
)
def test_command_params(query, expected):
    assert B.command_params(query, ANSWERS) == expected


def test_split_command_like_parse_url():
    assert B.split_command("user.get?filter[ID]=1") == ("user.get", "filter[ID]=1")
    assert B.split_command("user.get") == ("user.get", "")
    assert B.split_command("user.get?a=1#frag") == ("user.get", "a=1")
    assert B.split_command("?a=1") == ("", "a=1")


@pytest.mark.parametrize(
    "value,truthy",
    [
        (True, True),
        (False, False),
        (1, True),
        (0, False),
        ("1", True),
        ("0", False),
        ("", False),
        ("false", True),
        ("N", True),
        ([], False),
        (None, False),
        (0.0, False),
    ],
)
def test_halt_is_php_bool(value, truthy):
    assert php_truthy(value) is truthy


def test_php_map():
    assert B.php_map({}) == {}
    assert B.php_map({"0": "a", "1": "b"}) == ["a", "b"]
    assert B.php_map({"1": "b"}) == {"1": "b"}
    assert B.php_map({"1": "b", "0": "a"}) == {"1": "b", "0": "a"}


CONTEXT = {"a": {"item": {"id": 3, "title": "T"}}, "1": {"items": [{"id": 4}, {"id": 9}]}}


def test_v3_refs():
    query = {
        "id": {"$ref": "a.item.id"},
        "filter": [["id", "in", {"$refArray": "1.items.id"}]],
        "n": {"$ref": "1.items.1.id"},
    }
    assert B.resolve_v3(query, CONTEXT) == {"id": 3, "filter": [["id", "in", [4, 9]]], "n": 9}


@pytest.mark.parametrize(
    "value,message",
    [
        ({"$ref": "b.item.id"}, "Path 'b.item.id' not found in context"),
        ({"$ref": "a.item.title.x"}, "Invalid context path 'a.item.title.x' - expected array at 'x'"),
        ({"$refArray": "1.items.name"}, "Field 'name' not found in items"),
        ({"$refArray": "a.item.id"}, "Items in 'a.item' must be arrays or objects"),
    ],
)
def test_v3_ref_errors(value, message):
    with pytest.raises(ApiError) as info:
        B.resolve_v3({"x": value}, CONTEXT)
    assert info.value.code == "BITRIX_REST_V3_EXCEPTION_INVALIDSELECTEXCEPTION"
    assert info.value.message == f"Unable to recognize select expression `{message}`"
