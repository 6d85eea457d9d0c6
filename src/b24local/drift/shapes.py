"""How two answers to one call are compared: HTTP status, error code and message, and the answer's shape
(key sets, key order, value types) everywhere in the body. Values themselves are not compared (ids,
times and texts differ between any two portals), except that an ISO 8601 date-time's UTC offset is part
of its type: it shows the portal's time zone (api-reference/data-types.md, ``datetime``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from b24local.drift.scenario import Answer

DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?P<offset>Z|[+-]\d{2}:\d{2})$")
KINDS = ("status", "error_code", "error_message", "missing_key", "extra_key", "key_order", "type")


@dataclass
class Difference:
    kind: str  # one of KINDS
    path: str  # where in the body (``result.item.deadline``; list elements as ``[]``); "" for the whole
    expected: Any  # in the reference answer (the portal's)
    actual: Any  # in b24local's answer
    known: str | None = None  # the docs/fidelity.md topic that documents it

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "path": self.path,
            "expected": self.expected,
            "actual": self.actual,
            "known": self.known,
        }


def type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        found = DATETIME.match(value)
        if found:
            offset = found["offset"]
            return f"datetime{'+00:00' if offset == 'Z' else offset}"
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def error_of(body: Any) -> tuple[str | None, str | None]:
    """(code, message) of an error answer in either envelope: v2 ``{"error", "error_description"}``, v3
    ``{"error": {"code", "message"}}``; (None, None) for a success."""
    if not isinstance(body, dict) or "error" not in body:
        return None, None
    err = body["error"]
    if isinstance(err, dict):
        return _text(err.get("code")), _text(err.get("message"))
    return _text(err), _text(body.get("error_description"))


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def compare(expected: Answer, actual: Answer) -> list[Difference]:
    diffs: list[Difference] = []
    if expected.status != actual.status:
        diffs.append(Difference("status", "", expected.status, actual.status))
    code_e, message_e = error_of(expected.json)
    code_a, message_a = error_of(actual.json)
    if code_e != code_a:
        diffs.append(Difference("error_code", "", code_e, code_a))
    if message_e != message_a:
        diffs.append(Difference("error_message", "", message_e, message_a))
    if expected.json is None or actual.json is None:
        if (expected.json is None) != (actual.json is None):
            diffs.append(
                Difference(
                    "type",
                    "",
                    "text" if expected.json is None else type_of(expected.json),
                    "text" if actual.json is None else type_of(actual.json),
                )
            )
        return diffs
    seen: set[tuple[str, str]] = set()
    for diff in _shape(expected.json, actual.json, ""):
        key = (diff.kind, diff.path)
        if key not in seen:  # one line per place: the 50 items of a list differ the same way
            seen.add(key)
            diffs.append(diff)
    return diffs


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _shape(expected: Any, actual: Any, path: str) -> list[Difference]:
    te, ta = type_of(expected), type_of(actual)
    if te != ta:
        return [Difference("type", path, te, ta)]
    diffs: list[Difference] = []
    if isinstance(expected, dict):
        keys_e, keys_a = list(expected), list(actual)
        missing = [k for k in keys_e if k not in actual]
        extra = [k for k in keys_a if k not in expected]
        diffs += [Difference("missing_key", _join(path, k), k, None) for k in missing]
        diffs += [Difference("extra_key", _join(path, k), None, k) for k in extra]
        common_e = [k for k in keys_e if k in actual]
        common_a = [k for k in keys_a if k in expected]
        if common_e != common_a:
            diffs.append(Difference("key_order", path, common_e, common_a))
        for k in common_e:
            diffs += _shape(expected[k], actual[k], _join(path, k))
    elif isinstance(expected, list):
        for e, a in zip(expected, actual, strict=False):
            diffs += _shape(e, a, f"{path}[]")
    return diffs
