"""The filter tree both API versions parse into, and what they share in applying it.

A list filter is a tree of groups (``and``/``or``, possibly negated) whose leaves are conditions
(field, operator, value). REST v3 writes it as ``[["id", ">", 5], {"logic": "or", "conditions": …}]``
(``request.parse_filter``), REST v2 as prefixed keys ``{">ID": 5, "0": {"LOGIC": "OR", …}}``
(``v2_filter.parse_filter``). The two differ in their operators and in how a condition compares
(v3 strictly typed, v2 as the portal's MySQL does), so each family gives its own condition test; the
walk over groups, the multi-key sort and the SQL of groups are the same and live here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import and_, false, not_, or_, true
from sqlalchemy.sql.elements import ColumnElement

AND, OR = "and", "or"


@dataclass
class Cond:
    field: Any  # the family's field declaration (or its name)
    op: str
    value: Any


@dataclass
class Group:
    logic: str = AND
    items: list[Cond | Group] = field(default_factory=list)
    negative: bool = False

    def __bool__(self) -> bool:
        return bool(self.items)


Node = Cond | Group


def evaluate(node: Node, test: Callable[[Cond], bool]) -> bool:
    """Does a row satisfy the tree? ``test`` answers one condition for that row. An empty ``and`` holds,
    an empty ``or`` does not."""
    if isinstance(node, Cond):
        return test(node)
    results = (evaluate(item, test) for item in node.items)
    ok = any(results) if node.logic == OR else all(results)
    return not ok if node.negative else ok


def to_sql(node: Node, condition: Callable[[Cond], ColumnElement[bool]]) -> ColumnElement[bool]:
    """The tree as a SQL condition; ``condition`` gives the SQL of one leaf with ``evaluate``'s answers."""
    if isinstance(node, Cond):
        return condition(node)
    parts = [to_sql(item, condition) for item in node.items]
    if node.logic == OR:
        expr = or_(*parts) if parts else false()
    else:
        expr = and_(*parts) if parts else true()
    return not_(expr) if node.negative else expr


Row = TypeVar("Row")


def sort_rows(rows: list[Row], order: Iterable[tuple[Any, bool]], key: Callable[[Row, Any], Any]) -> list[Row]:
    """Stable multi-key sort in place: ``order`` lists (field, descending); ``key(row, field)`` is the value
    the family sorts that field by. Returns ``rows``."""
    for name, descending in reversed(list(order)):

        def by_field(row: Row, field: Any = name) -> Any:
            return key(row, field)

        rows.sort(key=by_field, reverse=descending)
    return rows
