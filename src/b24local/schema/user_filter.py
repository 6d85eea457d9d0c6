"""The filter of ``user.get`` (api-reference/user/user-get.md): ``{"NAME": "Iv%", "@ID": [1, 3], ...}``.

Every key is a user field, optionally behind a prefix; unknown fields (and fields the caller's scope may not
read) are ignored, as the real server does (observed, not documented). The conditions are evaluated the way
the portal's SQL evaluates them (MySQL, case-insensitive collation):

* no prefix on a text field is a LIKE: ``%`` and ``_`` in the value are wildcards (``"Iv%"``: starts with
  "Iv"), without them it is an exact, case-insensitive match; an array is "any of"; ``ACTIVE`` and
  ``USER_TYPE`` without a prefix are exact (``=``); ``ID`` and ``UF_DEPARTMENT`` compare as numbers;
* ``=`` exact, ``!=`` not equal (a field without a value counts as not equal), ``!`` NOT LIKE (wildcards in
  the value), ``%`` substring, ``!%`` no substring, ``=%``/``%=`` LIKE, ``!=%``/``!%=`` NOT LIKE,
  ``>``/``>=``/``<``/``<=`` (an array: its first element), ``@`` IN, ``!@`` NOT IN;
* an empty value (``""``, null) matches a field without a value (``!`` and the other negations: with one);
  a field without a value satisfies no other comparison;
* dates (``DATE_REGISTER``, ``LAST_LOGIN``, …) take ISO 8601 or ``DD.MM.YYYY[ HH:MM[:SS]]``; a value that
  is no date matches nothing;
* ``UF_DEPARTMENT`` is satisfied when one of the user's departments satisfies the condition (the SQL joins
  the departments), a user without departments counting as one empty department;
* ``NAME_SEARCH`` (any prefix dropped): every word of the value is the user's id or starts the first
  name, last name, second name or position; ``HAS_DEPARTAMENT: "Y"`` keeps users with a department.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime, tzinfo
from typing import Any

from b24local.core.php import php_intval, php_string, php_truthy
from b24local.schema import user_fields
from b24local.schema.filters import AND, Cond, Group, evaluate
from b24local.schema.v2_filter import like_regex

# Filter-only keys every scope has.
EXTRA_KEYS = ("IS_ONLINE", "HAS_DEPARTAMENT", "NAME_SEARCH", "EXTERNAL_AUTH_ID")

INT_FIELDS = {"ID"}
MULTI_INT_FIELDS = {"UF_DEPARTMENT"}
DATE_FIELDS = {"LAST_LOGIN", "DATE_REGISTER", "TIMESTAMP_X", "LAST_ACTIVITY_DATE", *user_fields.DATE_FIELDS}
YES_NO_FIELDS = {"ACTIVE", "IS_ONLINE"}
EXACT_BY_DEFAULT = {"ACTIVE", "USER_TYPE"}
SEARCH_FIELDS = ("NAME", "LAST_NAME", "SECOND_NAME", "WORK_POSITION")

# prefix → operation: E like (no prefix), I equal, N not like, NI not equal, S substring, NS no substring,
# M like with the caller's wildcards, NM its negation, G/GE/L/LE comparisons, IN/NIN lists.
OPERATIONS = {
    "": "E", "=": "I", "!": "N", "!=": "NI", "%": "S", "!%": "NS", "=%": "M", "%=": "M", "!=%": "NM",
    "!%=": "NM", ">": "G", ">=": "GE", "<": "L", "<=": "LE", "@": "IN", "!@": "NIN",
}  # fmt: skip
NEGATIONS = {"N", "NI", "NS", "NM"}
KEY = re.compile(r"^(\W{0,3})(\w.*)$", re.DOTALL)
NO_DATE = object()  # a filter value that is not a date: the condition matches nothing


def _values(value: Any) -> list[Any]:
    return list(value.values()) if isinstance(value, dict) else list(value)


# -- parsing ------------------------------------------------------------------------------------------
def allowed_keys(scopes: set[str] | frozenset[str]) -> set[str]:
    """What a scope may read, and so filter by (schema/user_fields.py), and the filter-only keys."""
    return set(user_fields.readable(scopes)) | set(EXTRA_KEYS)


def parse(source: dict[str, Any], allowed: set[str], tz: tzinfo) -> Group:
    """The conditions of a filter mapping (keys already upper-case), all AND-ed (user.get has no nested
    groups); unknown keys and prefixes are ignored. A condition's ``field`` is the field name."""
    out: list[Cond | Group] = []
    for raw_key, value in source.items():
        m = KEY.match(str(raw_key))
        if not m or m.group(2) not in allowed:
            continue
        prefix, name = m.group(1), m.group(2)
        if name in ("NAME_SEARCH", "HAS_DEPARTAMENT"):
            out.append(Cond(name, "", value))  # their prefix is dropped
            continue
        if prefix not in OPERATIONS:
            continue
        if prefix == "" and name in EXACT_BY_DEFAULT:
            prefix = "="
        out.append(Cond(name, OPERATIONS[prefix], _prepare(name, value, tz)))
    return Group(AND, out)


def _prepare(name: str, value: Any, tz: tzinfo) -> Any:
    """The value as the user API prepares it, then as the SQL layer reads it for the field's type."""
    if name in YES_NO_FIELDS:
        return "Y" if php_truthy(value) and value != "N" else "N"
    if name in INT_FIELDS:
        if isinstance(value, (list, dict)) and value:
            return [php_intval(v) for v in _values(value)]
        return php_intval(value) if not isinstance(value, (list, dict)) else 0
    if name in MULTI_INT_FIELDS:
        if not isinstance(value, (list, dict)):
            return [php_intval(value)] if php_truthy(value) else php_intval(value)
        return [php_intval(v) for v in _values(value)]
    if name in DATE_FIELDS:
        if isinstance(value, (list, dict)):
            return [_date(v, tz) for v in _values(value)]
        return _date(value, tz)
    if isinstance(value, (list, dict)):
        return [php_string(v) for v in _values(value)]
    return php_string(value)


def _date(value: Any, tz: tzinfo) -> Any:
    """Unix seconds, "" (no value) or NO_DATE. ISO 8601 date or date-time, or ``DD.MM.YYYY[ HH:MM[:SS]]``;
    without an offset the portal's zone."""
    text = php_string(value).strip()
    if text == "":
        return ""
    m = re.match(r"^(\d{2})\.(\d{2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$", text)
    if m:
        d, mo, y, h, mi, s = m.groups()
        text = f"{y}-{mo}-{d}" + (f"T{int(h):02d}:{mi}:{s or '00'}" if h else "")
    if not re.match(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$", text):
        return NO_DATE
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        return NO_DATE
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return int(moment.astimezone(UTC).timestamp())


# -- evaluation ---------------------------------------------------------------------------------------
def matches(tree: Group, row: dict[str, Any]) -> bool:
    """``row``: field name → value (text fields str or None, ``ID`` int, ``UF_DEPARTMENT`` list of ints,
    dates unix seconds or None, ``ACTIVE``/``IS_ONLINE`` "Y"/"N"); a missing field has no value."""
    return evaluate(tree, lambda c: _match(c, row))


def _match(c: Cond, row: dict[str, Any]) -> bool:
    if c.field == "NAME_SEARCH":
        return _name_search(c.value, row)
    if c.field == "HAS_DEPARTAMENT":
        return c.value != "Y" or bool(row.get("UF_DEPARTMENT"))
    actual = row.get(c.field)
    if c.field in INT_FIELDS:
        return _int(c.op, actual, c.value)
    if c.field in MULTI_INT_FIELDS:
        return any(_int(c.op, a, c.value) for a in (actual or [None]))
    if c.field in DATE_FIELDS:
        return _date_match(c.op, actual, c.value)
    return _text(c.op, actual, c.value)


# SQL LIKE (``%`` any run, ``_`` one character), case-insensitive; the same patterns recur on every row.
_like = functools.lru_cache(maxsize=512)(like_regex)


def _fold(value: str) -> str:
    return value.casefold()


def _text(op: str, actual: Any, value: Any) -> bool:
    if isinstance(value, list):
        return _text_list(op, actual, value or [""])  # an empty list reads as one empty value
    if op in ("IN", "NIN"):
        return _text_list(op, actual, [value])
    if op in ("G", "GE", "L", "LE"):
        return actual is not None and _compare(op, _fold(actual), _fold(value))
    if value == "":  # no value: the field has none (the negations: it has one)
        empty = actual is None or actual == ""
        return not empty if op in NEGATIONS else empty
    if op == "NI":
        return actual is None or _fold(actual) != _fold(value)
    return actual is not None and _text_one(op, actual, value)


def _text_one(op: str, actual: str, value: str) -> bool:
    """One LIKE / NOT LIKE / equality of a field that has a value."""
    if op in ("I", "IN"):
        return _fold(actual) == _fold(value)
    if op in ("S", "NS"):
        found = _fold(value) in _fold(actual)
    else:  # E, N, M, NM
        found = _like(value).fullmatch(actual) is not None
    return not found if op in NEGATIONS else found


def _text_list(op: str, actual: Any, values: list[str]) -> bool:
    """An array value: IN / NOT IN for equality, any LIKE (OR), every NOT LIKE (AND), or its first
    element for a comparison."""
    if op in ("G", "GE", "L", "LE"):
        return _text(op, actual, values[0])
    if op == "NI":  # NOT IN, or no value at all
        return actual is None or _fold(actual) not in {_fold(v) for v in values}
    if op == "NIN":
        return actual is not None and _fold(actual) not in {_fold(v) for v in values}
    if actual is None:
        return False
    if op in NEGATIONS:
        return all(_text_one(op, actual, v) for v in values)
    return any(_text_one(op, actual, v) for v in values)


def _compare(op: str, left: Any, right: Any) -> bool:
    return {"G": left > right, "GE": left >= right, "L": left < right, "LE": left <= right}[op]


def _int(op: str, actual: Any, value: Any) -> bool:
    if op in ("IN", "NIN"):
        wanted = [php_intval(v) for v in value] if isinstance(value, list) else [php_intval(value)]
        return actual is not None and (actual in wanted) == (op == "IN")
    if op in ("G", "GE", "L", "LE"):
        if isinstance(value, list):
            if not value:
                return False
            value = value[0]
        return actual is not None and _compare(op, actual, value)
    negative = op in NEGATIONS
    if isinstance(value, list):  # IN / NOT IN; a 0 in the list stands for "no value" too
        if not value:
            return negative
        if negative:
            return actual is not None and actual not in value
        return actual in value or (0 in value and actual is None)
    if value == 0:  # 0 means "no value" for a number
        empty = actual is None or actual == 0
        return not empty if negative else empty
    if actual is None:
        return False
    return actual != value if negative else actual == value


def _date_match(op: str, actual: Any, value: Any) -> bool:
    if isinstance(value, list):  # "" and non-dates are NULL inside the list: never equal, and NOT IN fails
        dates = [v for v in value if v not in ("", NO_DATE)]
        if actual is None:
            return False
        if op in ("G", "GE", "L", "LE"):
            return bool(value) and _date_match(op, actual, value[0])
        if op in NEGATIONS or op == "NIN":
            return len(dates) == len(value) and actual not in dates
        return actual in dates
    if value is NO_DATE:
        return False  # a value that is no date retrieves nothing (user-get.md)
    if op in ("G", "GE", "L", "LE"):
        return actual is not None and value != "" and _compare(op, actual, value)
    negative = op in NEGATIONS or op == "NIN"
    if value == "":
        return actual is not None if negative else actual is None
    if actual is None:
        return False
    return actual != value if negative else actual == value


def _name_search(value: Any, row: dict[str, Any]) -> bool:
    words = [w for w in php_string(value).strip().split(" ") if w]
    return all(_search_word(w, row) for w in words)


def _search_word(word: str, row: dict[str, Any]) -> bool:
    if row.get("ID") == php_intval(word):
        return True
    starts = _like(word + "%")
    return any(row.get(f) is not None and starts.fullmatch(row[f]) is not None for f in SEARCH_FIELDS)
