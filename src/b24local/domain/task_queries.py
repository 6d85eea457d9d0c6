"""The v2 task list in SQL: ``tasks.task.list``'s filter keys (``schema/task_v2.FILTERS``) and order keys
answered by the database, like the v3 list (``schema/request.where``).

Values are read as the portal reads them (api-reference/tasks/tasks-task-list.md): numbers with PHP's
``intval``, dates with ``strtotime`` in the portal's zone, statuses, priorities and marks by their v2 codes.
``STATUS`` also knows the meta statuses -1 (overdue: deadline passed, still pending or in progress) and -3
(almost overdue: deadline within a day); -2 (not viewed) matches nothing, b24local keeps no views.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Text, and_, case, cast, exists, false, literal, not_, or_, true
from sqlalchemy.sql.elements import ColumnElement

from b24local.core.php import php_intval, php_string, php_strtotime, php_truthy
from b24local.domain import task_marks
from b24local.domain.tasks import COLUMN
from b24local.schema import task_v2 as v2
from b24local.schema import v2_filter as vf
from b24local.schema.filters import Cond, Group
from b24local.store import tables_tasks as tt

NO_DATE = object()  # a date value strtotime cannot read: no row matches it
ACTIVE = ("pending", "in_progress")
OVERDUE, UNVIEWED, ALMOST_OVERDUE = "-1", "-2", "-3"
DAY = 86400
IGNORED = v2.V2Filter("", None, "ignored")  # a key that names no filter: the condition holds for every row


def _values(value: Any) -> list[Any]:
    return list(value.values()) if isinstance(value, dict) else list(value) if isinstance(value, list) else [value]


def _convert(f: v2.V2Filter, op: str, value: Any, tz: Any) -> Any:
    many = isinstance(value, (list, dict))

    def one(v: Any) -> Any:
        if f.kind in ("int", "member:accomplice", "member:auditor", "member:any"):
            return None if v is None or v == "" else php_intval(v)
        if f.kind == "date":
            if v is None or v == "":
                return None
            moment = php_strtotime(v, tz)
            return NO_DATE if moment is None else moment
        if f.kind == "status":
            code = php_string(v)
            if code in (OVERDUE, UNVIEWED, ALMOST_OVERDUE) or code == "":
                return code or None
            return v2.STATUS_INPUT.get(code, "?")
        if f.kind == "priority":
            return {c: n for n, c in v2.PRIORITY_CODES.items()}.get(php_string(v), "?") if v not in (None, "") else None
        if f.kind == "mark":
            text = php_string(v).upper()
            return {"P": "positive", "N": "negative"}.get(text) if text else None
        if f.kind == "yn":
            return php_string(v).upper() == "Y"
        return None if v is None else php_string(v)

    return [one(v) for v in _values(value)] if many else one(value)


def parse_filter(raw: Any, tz: Any, user_id: int) -> Group:
    """``filter`` of tasks.task.list; keys are matched without regard to case, unknown keys are ignored.
    ``::SUBFILTER-PARAMS: {FAVORITE: Y}`` keeps the caller's favorites."""
    favorite = False
    if isinstance(raw, dict):
        raw = dict(raw)
        sub = raw.pop("::SUBFILTER-PARAMS", None)
        favorite = isinstance(sub, dict) and php_string(sub.get("FAVORITE")).upper() == "Y"

    def resolve(name: str) -> v2.V2Filter:
        return v2.FILTERS.get(name.upper(), IGNORED)

    tree = vf.parse_filter(raw, resolve, lambda f, op, v: _convert(f, op, v, tz))
    if favorite:
        tree = Group(items=[tree, Cond(v2.V2Filter("FAVORITE", None, "favorite"), "=", user_id)])
    return tree


def _column(name: str) -> Any:
    return tt.tasks.c[COLUMN[name]]


def _rank(name: str) -> ColumnElement[Any]:
    """An enumerated column as the number its v2 code is (for comparisons and sorting)."""
    return case(v2.RANKS[name], value=_column(name), else_=0)


def _members(role: str, users: list[int]) -> ColumnElement[bool]:
    m = tt.task_members
    clause = [m.c.task_id == tt.tasks.c.id, m.c.user_id.in_(users)]
    if role != "any":
        clause.append(m.c.role == role)
    found: ColumnElement[bool] = exists().where(*clause)
    if role == "any":
        found = or_(found, tt.tasks.c.creator_id.in_(users), tt.tasks.c.responsible_id.in_(users))
    return found


def _condition(cond: Cond, now: int) -> ColumnElement[bool]:
    f: v2.V2Filter = cond.field
    op, value = cond.op, cond.value
    negated = op in vf.NEGATIVE
    if f.kind == "ignored":
        return true()
    if f.kind == "none":  # b24local keeps no tags, dependencies or sprints: only "no value" matches
        empty = value in (None, "", []) or value == [None]
        return literal(empty != negated)
    if f.kind == "favorite":
        marks = tt.task_user_flags
        return exists().where(
            marks.c.task_id == tt.tasks.c.id, marks.c.user_id == value, marks.c.kind == task_marks.FAVORITE
        )
    if f.kind == "root":
        root = _column("parentId").is_(None)
        return root if php_truthy(value) and php_string(value).upper() != "N" else true()
    if f.kind.startswith("member:"):
        users = [v for v in (value if isinstance(value, list) else [value]) if v is not None]
        found = _members(f.kind.split(":", 1)[1], users)
        return not_(found) if negated else found
    if f.kind == "crm":
        text = cast(_column("crmItemIds"), Text)
        items = [v for v in (value if isinstance(value, list) else [value]) if v]
        found = (
            or_(*[text.like('%"' + vf._like_escape(str(v)) + '"%', escape="\\") for v in items]) if items else false()
        )
        return not_(found) if negated else found
    if f.kind == "status" and op in ("=", "!=", "!", "@", "!@"):
        tokens = value if isinstance(value, list) else [value]
        column = _column("status")
        parts: list[ColumnElement[bool]] = []
        for token in tokens:
            if token == OVERDUE:
                parts.append(and_(column.in_(ACTIVE), _column("deadline") < now))
            elif token == ALMOST_OVERDUE:
                parts.append(and_(column.in_(ACTIVE), _column("deadline") >= now, _column("deadline") < now + DAY))
            elif token in (UNVIEWED, None, "?"):
                parts.append(false())
            else:
                parts.append(column == token)
        found = or_(*parts) if parts else false()
        return not_(found) if negated else found
    if f.kind in ("status", "priority", "mark"):
        ranks = v2.RANKS[f.kind if f.kind != "status" else "status"]
        number = [ranks.get(v, -1) for v in value] if isinstance(value, list) else ranks.get(value, -1)
        return vf.sql_condition(op, _rank(f.source or ""), number)
    if f.kind == "date":
        if value is NO_DATE or (isinstance(value, list) and NO_DATE in value):
            return true() if negated else false()
    assert f.source is not None
    return vf.sql_condition(
        op if not (f.kind == "like" and op == "=") else "=%", _column(f.source), value, text=f.kind in ("text", "like")
    )


def where(tree: Group, now: int) -> ColumnElement[bool]:
    return vf.where(tree, lambda cond: _condition(cond, now))


def order_by(order: list[tuple[str | None, bool]]) -> list[Any]:
    """(TaskDto field or None, descending) → ORDER BY terms; NULLs first ascending, as MySQL sorts."""
    out: list[Any] = []
    for name, desc in order:
        if name is None:
            continue
        column = _rank(name) if name in v2.RANKS else _column(name)
        out.append(column.desc().nulls_last() if desc else column.asc().nulls_first())
    return out
