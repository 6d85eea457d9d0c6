"""The comparison of two answers, and the documented differences it may mark as known."""

from __future__ import annotations

import re
from pathlib import Path

from b24local.drift import known
from b24local.drift.scenario import Answer, Call, Request
from b24local.drift.shapes import compare, type_of

FIDELITY = Path(__file__).resolve().parents[2] / "docs" / "fidelity.md"


def kinds(expected: object, actual: object, s1: int = 200, s2: int = 200) -> list[tuple[str, str, object, object]]:
    return [(d.kind, d.path, d.expected, d.actual) for d in compare(Answer(s1, expected), Answer(s2, actual))]


def test_key_sets_order_and_types_are_compared_not_values() -> None:
    assert kinds({"result": {"a": 1, "b": "x"}}, {"result": {"a": 2, "b": "y"}}) == []
    assert kinds({"result": {"a": 1, "b": 2}}, {"result": {"b": 2, "a": 1}}) == [
        ("key_order", "result", ["a", "b"], ["b", "a"])
    ]
    assert kinds({"result": {"a": 1}}, {"result": {"a": "1"}}) == [("type", "result.a", "int", "string")]
    assert kinds({"result": [{"id": 1}, {"id": 2}]}, {"result": [{"id": "1"}, {"id": "2"}]}) == [
        ("type", "result[].id", "int", "string")  # one line for every element that differs the same way
    ]
    assert kinds({"a": 1, "b": 2}, {"a": 1, "c": 3}) == [("missing_key", "b", "b", None), ("extra_key", "c", None, "c")]


def test_datetimes_carry_their_offset_and_errors_their_code_and_message() -> None:
    assert type_of("2026-01-01T10:00:00+03:00") == "datetime+03:00"
    assert type_of("2026-01-01T10:00:00Z") == "datetime+00:00"
    assert type_of("2026-01-01") == "string"
    v3 = {"error": {"code": "BITRIX_REST_V3_EXCEPTION_ACCESSDENIEDEXCEPTION", "message": "Access denied"}}
    other = {"error": {"code": "BITRIX_REST_V3_EXCEPTION_ACCESSDENIEDEXCEPTION", "message": "No access"}}
    assert kinds(v3, other, 403, 401) == [("status", "", 403, 401), ("error_message", "", "Access denied", "No access")]
    assert kinds({"result": 1}, None) == [("type", "", "object", "text")]


def test_known_differences_are_marked_with_their_fidelity_topic() -> None:
    topics = set(re.findall(r"^\| ([^|]+?) \|", FIDELITY.read_text(encoding="utf-8"), re.MULTILINE))
    assert {k.topic for k in known.KNOWN} <= topics
    call = Call(1, Request(3, "batch", json=[]), Answer(400))
    expected = {"error": {"code": "BITRIX_REST_V3_EXCEPTION_INVALIDSELECTEXCEPTION", "message": "Bad batch"}}
    actual = {"error": {"code": "BITRIX_REST_V3_EXCEPTION_INVALIDSELECTEXCEPTION", "message": "Invalid batch format"}}
    [diff] = compare(Answer(400, expected), Answer(400, actual))
    assert known.mark(call, diff, "BITRIX_REST_V3_EXCEPTION_INVALIDSELECTEXCEPTION").known == "batch: v3 format errors"
    other = Call(1, Request(3, "tasks.task.get", json={}), Answer(400))
    [diff] = compare(Answer(400, expected), Answer(400, actual))
    assert known.mark(other, diff, "BITRIX_REST_V3_EXCEPTION_INVALIDSELECTEXCEPTION").known is None
