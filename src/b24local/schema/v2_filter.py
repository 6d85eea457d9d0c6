"""REST v2 list filters and sorting: ``{"<=opportunity": 5000, "@stageId": [...], "0": {"logic": "OR", …}}``.

Generic: a caller gives a ``resolve`` function (field name → its own field object, or None) and a
``convert`` function (field, operator, raw value → comparable value, ValueError when invalid); this module
parses the filter into a tree, evaluates it against rows and sorts rows. ``crm.item.list`` uses it;
``user.get`` can use it the same way.

Prefixes (b24restdocs api-reference/crm/universal/crm-item-list.md): ``>=`` ``>`` ``<=`` ``<`` ``@`` (IN)
``!@`` (NOT IN) ``%`` (substring) ``=%``/``%=`` (LIKE with the caller's ``%``) ``!%`` (no substring)
``!=%``/``!%=`` (NOT LIKE) ``=`` (default) ``!=`` ``!`` (not equal); ``><``/``!><`` (between) are not on the
page: observed behaviour of the real server (not documented). Any numeric key holding an object is a nested
group; ``"logic": "OR"`` inside a group makes it an OR group, otherwise AND (the page's filter examples).

Comparisons behave like the MySQL the real portal runs on: strings compare case-insensitively, NULL never
satisfies ``>``/``<``/LIKE, and an empty filter value (``""``/null) matches an empty or NULL field.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import and_, false, func, not_, or_, true

from b24local.schema import filters
from b24local.schema.filters import AND, OR, Cond, Group, evaluate

PREFIXES = ("!=%", "!%=", "!><", ">=", "<=", "!@", "=%", "%=", "!%", "!=", "><", ">", "<", "@", "%", "=", "!")


class FilterError(Exception):
    """A filter key names no allowed field (``kind="field"``) or carries a bad value (``kind="value"``)."""

    def __init__(self, kind: str, name: str) -> None:
        super().__init__(f"{kind}: {name}")
        self.kind = kind
        self.name = name


class OrderError(Exception):
    """An order key names no sortable field (``kind="field"``) or a bad direction (``kind="direction"``)."""

    def __init__(self, kind: str, name: str, value: Any = None) -> None:
        super().__init__(f"{kind}: {name}")
        self.kind = kind
        self.name = name
        self.value = value


def split_key(key: str) -> tuple[str, str]:
    """``">=opportunity"`` → ``(">=", "opportunity")``; no prefix means ``=``."""
    for prefix in PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return prefix, key[len(prefix) :]
    return "=", key


def _is_group_key(key: Any) -> bool:
    return isinstance(key, int) or (isinstance(key, str) and key.lstrip("-").isdigit())


def parse_filter(
    raw: Any,
    resolve: Callable[[str], Any],
    convert: Callable[[Any, str, Any], Any],
    display: Callable[[str], str] = lambda name: name,
) -> Group:
    """Parse a v2 filter into a tree. Raises FilterError."""
    if raw is None or raw == "" or raw == []:
        return Group()
    if isinstance(raw, list):
        raw = {str(i): v for i, v in enumerate(raw)}
    if not isinstance(raw, dict):
        return Group()
    group = Group()
    for key, value in raw.items():
        if isinstance(key, str) and key.lower() == "logic":
            if isinstance(value, str) and value.upper() == "OR":
                group.logic = OR
            continue
        if _is_group_key(key) and isinstance(value, (dict, list)):
            sub = parse_filter(value, resolve, convert, display)
            if sub:
                group.items.append(sub)
            continue
        op, name = split_key(str(key).strip())
        target = resolve(name)
        if target is None:
            raise FilterError("field", display(name))
        try:
            converted = convert(target, op, value)
        except (ValueError, TypeError) as exc:
            raise FilterError("value", display(name)) from exc
        group.items.append(Cond(target, op, converted))
    if not group.items:
        group.logic = AND  # an empty filter keeps every row, whatever its LOGIC
    return group


# -- evaluation --------------------------------------------------------------------------------------------
def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return value.casefold()
    if isinstance(value, bool):
        return value
    return value


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _eq(actual: Any, expected: Any) -> bool:
    if _empty(expected):
        return _empty(actual)
    if actual is None:
        return False
    if isinstance(actual, bool) or isinstance(expected, bool):
        return bool(actual) == bool(expected)
    if isinstance(actual, (int, float)) and isinstance(expected, (int, float)):
        return float(actual) == float(expected)
    return str(actual).casefold() == str(expected).casefold()


def _cmp(actual: Any, expected: Any, op: str) -> bool:
    if actual is None or expected is None:
        return False
    a, e = _norm(actual), _norm(expected)
    try:
        if op == ">":
            return a > e
        if op == ">=":
            return a >= e
        if op == "<":
            return a < e
        return a <= e
    except TypeError:
        return False


def like_regex(pattern: str) -> re.Pattern[str]:
    """SQL LIKE (``%`` any run, ``_`` one character), case-insensitive."""
    out = []
    for ch in pattern:
        if ch == "%":
            out.append(".*")
        elif ch == "_":
            out.append(".")
        else:
            out.append(re.escape(ch))
    return re.compile("^" + "".join(out) + "$", re.IGNORECASE | re.DOTALL)


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _scalar_match(actual: Any, op: str, value: Any) -> bool:
    if op == "=":
        if isinstance(value, list):
            return any(_eq(actual, v) for v in value) if value else _empty(actual)
        return _eq(actual, value)
    if op in ("!=", "!"):
        return not _scalar_match(actual, "=", value)
    if op == "@":
        return any(_eq(actual, v) for v in _as_list(value) if not _empty(v))
    if op == "!@":
        return not _scalar_match(actual, "@", value)
    if op in (">", ">=", "<", "<="):
        return _cmp(actual, value, op)
    if op == "><":
        bounds = _as_list(value)
        return len(bounds) == 2 and _cmp(actual, bounds[0], ">=") and _cmp(actual, bounds[1], "<=")
    if op == "!><":
        return actual is not None and not _scalar_match(actual, "><", value)
    if op == "%":
        if _empty(value):
            return True
        return actual is not None and str(value).casefold() in str(actual).casefold()
    if op == "!%":
        return not _scalar_match(actual, "%", value)
    if op in ("=%", "%="):
        return actual is not None and bool(like_regex(str(value)).match(str(actual)))
    if op in ("!=%", "!%="):
        return not _scalar_match(actual, "=%", value)
    return False


NEGATIVE = ("!=", "!", "!@", "!%", "!=%", "!%=", "!><")


def _holds(cond: Cond, actual: Any) -> bool:
    """One v2 condition on a field's value (a list for a multiple field: any element may match)."""
    if isinstance(actual, (list, tuple)):
        if cond.op in NEGATIVE:
            positive = {"!=": "=", "!": "=", "!@": "@", "!%": "%", "!=%": "=%", "!%=": "=%", "!><": "><"}[cond.op]
            return not any(_scalar_match(a, positive, cond.value) for a in actual) and not (
                positive == "=" and _empty(cond.value) and not actual
            )
        if _empty(cond.value) and cond.op == "=":
            return not actual
        return any(_scalar_match(a, cond.op, cond.value) for a in actual)
    return _scalar_match(actual, cond.op, cond.value)


def matches(node: Group, getter: Callable[[Any], Any]) -> bool:
    """Does the row (read through ``getter(field)``) satisfy the filter?"""
    return evaluate(node, lambda cond: _holds(cond, getter(cond.field)))


def filter_rows(rows: Iterable[Any], tree: Group, getter: Callable[[Any, Any], Any]) -> list[Any]:
    if not tree:
        return list(rows)
    return [row for row in rows if matches(tree, functools.partial(_field_of, getter, row))]


def _field_of(getter: Callable[[Any, Any], Any], row: Any, field: Any) -> Any:
    return getter(row, field)


# -- order -------------------------------------------------------------------------------------------------
def parse_order(
    raw: Any,
    resolve: Callable[[str], Any],
    display: Callable[[str], str] = lambda name: name,
) -> list[tuple[Any, bool]]:
    """``{"ID": "ASC", "title": "desc"}`` → ``[(field, descending), …]``. Raises OrderError."""
    if raw is None or raw == "" or raw == []:
        return []
    if not isinstance(raw, dict):
        return []
    out: list[tuple[Any, bool]] = []
    for key, direction in raw.items():
        target = resolve(str(key))
        if target is None:
            raise OrderError("field", display(str(key)))
        text = direction.upper() if isinstance(direction, str) else direction
        if text not in ("ASC", "DESC"):
            raise OrderError("direction", display(str(key)), direction)
        out.append((target, text == "DESC"))
    return out


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None or value == [] or value == "":
        return (0, 0)
    if isinstance(value, list):
        value = value[0]
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, (int, float)):
        return (1, value)
    return (2, str(value).casefold())


def sort_rows(rows: list[Any], order: list[tuple[Any, bool]], getter: Callable[[Any, Any], Any]) -> list[Any]:
    """Stable multi-key sort; NULLs first ascending, last descending (MySQL)."""
    return filters.sort_rows(list(rows), order, lambda row, target: _sort_key(getter(row, target)))


# -- the same conditions as SQL -------------------------------------------------------------------------
# ``sql_condition`` gives the SQL of one condition with ``_scalar_match``'s answers for a scalar column (a
# positive test never yields NULL, so a negated one includes rows without a value, as the evaluator does;
# text compares without regard to case). Families with special fields build those conditions themselves.


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def sql_condition(op: str, column: Any, value: Any, *, text: bool = False) -> Any:
    present = column.isnot(None)

    def same(v: Any) -> Any:
        if _empty(v):
            return or_(column.is_(None), column == "") if text else column.is_(None)
        if text:
            return and_(present, func.lower(column) == str(v).lower())
        return and_(present, column == v)

    if op in ("!=", "!", "!@", "!%", "!=%", "!%=", "!><"):
        positive = {"!=": "=", "!": "=", "!@": "@", "!%": "%", "!=%": "=%", "!%=": "=%", "!><": "><"}[op]
        inner = sql_condition(positive, column, value, text=text)
        return and_(present, not_(inner)) if op == "!><" else not_(inner)
    if op == "=":
        if isinstance(value, list):
            return or_(*[same(v) for v in value]) if value else same(None)
        return same(value)
    if op == "@":
        values = [v for v in _as_list(value) if not _empty(v)]
        return or_(*[same(v) for v in values]) if values else false()
    if op in (">", ">=", "<", "<="):
        if value is None or isinstance(value, list):
            return false()
        left, right = (func.lower(column), str(value).lower()) if text else (column, value)
        return and_(present, {">": left > right, ">=": left >= right, "<": left < right, "<=": left <= right}[op])
    if op == "><":
        bounds = _as_list(value)
        if len(bounds) != 2 or None in bounds:
            return false()
        return and_(present, column >= bounds[0], column <= bounds[1])
    if op == "%":
        if _empty(value):
            return true()
        return and_(present, column.ilike("%" + _like_escape(str(value)) + "%", escape="\\"))
    if op in ("=%", "%="):
        return and_(present, column.ilike(str(value), escape="\\" if "\\" in str(value) else None))
    return false()


def where(node: Group, condition: Callable[[Cond], Any]) -> Any:
    """The filter tree as SQL; ``condition`` gives the SQL of one leaf."""
    return filters.to_sql(node, condition)
