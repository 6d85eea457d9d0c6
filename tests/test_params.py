"""PHP-style parameter parsing (protocol/params.py), checked against what PHP's parse_str produces."""

import pytest

from b24local.protocol.params import BodyDecodeError, parse_php_query, v2_params, v3_params


@pytest.mark.parametrize(
    ("qs", "expected"),
    [
        ("fields[TITLE]=x", {"fields": {"TITLE": "x"}}),
        ("select[]=ID&select[]=TITLE", {"select": ["ID", "TITLE"]}),
        ("filter[>ID]=5", {"filter": {">ID": "5"}}),
        ("fields[PHONE][0][VALUE]=1&fields[PHONE][0][VALUE_TYPE]=WORK",
         {"fields": {"PHONE": [{"VALUE": "1", "VALUE_TYPE": "WORK"}]}}),
        ("a=1&a=2", {"a": "2"}),
        ("a+b=c+d", {"a_b": "c d"}),
        ("a.b=1", {"a_b": "1"}),
        ("a[b=1", {"a_b": "1"}),
        ("x=%ZZ", {"x": "%ZZ"}),
        ("x=%41%42", {"x": "AB"}),
        ("x", {"x": ""}),
        ("=x&&", {}),
        ("cmd[0]=a&cmd[1]=b", {"cmd": ["a", "b"]}),
        ("cmd[1]=a&cmd[0]=b", {"cmd": {"1": "a", "0": "b"}}),
        ("a[x][]=1&a[x][]=2&a[y]=3", {"a": {"x": ["1", "2"], "y": "3"}}),
    ],
)  # fmt: skip
def test_parse_php_query(qs, expected):
    assert parse_php_query(qs) == expected


def test_deep_nesting_is_dropped_like_php():
    deep = "a" + "[x]" * 70 + "=1"
    assert parse_php_query(deep + "&b=2") == {"b": "2"}
    assert parse_php_query("a" + "[x]" * 10 + "=1")["a"]["x"]["x"]


def test_invalid_utf8_in_form_is_a_decode_error():
    with pytest.raises(BodyDecodeError):
        parse_php_query("a=%FF%FE")


def test_v2_body_wins_at_top_level():
    params = v2_params("a=1&b=1", b'{"a": 2}', {"content-type": "application/json"}, "POST")
    assert params == {"a": 2, "b": "1"}


def test_v2_broken_json_means_no_body_params():
    assert v2_params("a=1", b"{oops", {"content-type": "application/json"}, "POST") == {"a": "1"}


def test_v2_multipart():
    body = (
        b'--XX\r\nContent-Disposition: form-data; name="fields[TITLE]"\r\n\r\nHello\r\n'
        b'--XX\r\nContent-Disposition: form-data; name="select[]"\r\n\r\nID\r\n--XX--\r\n'
    )
    params = v2_params("", body, {"content-type": "multipart/form-data; boundary=XX"}, "POST")
    assert params == {"fields": {"TITLE": "Hello"}, "select": ["ID"]}


@pytest.mark.parametrize(
    "body,ctype",
    [
        (b"a=1", "application/x-www-form-urlencoded"),
        (b"{x", "application/json"),
        (b'"text"', "application/json"),
        (b"{}", "text/plain"),
    ],
)
def test_v3_rejects_non_json(body, ctype):
    with pytest.raises(BodyDecodeError):
        v3_params(body, {"content-type": ctype})


def test_v3_empty_body_is_no_params():
    assert v3_params(b"", {}) == {}
    assert v3_params(b'{"id": 1}', {"content-type": "application/vnd.api+json"}) == {"id": 1}
