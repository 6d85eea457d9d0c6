"""The company structure over REST v2 (scope ``department``): department.get, .add, .update, .delete,
.fields (api-reference/departments/). Parameters: ``sort``/``order`` in any letter case, filter keys
exactly ``ID``, ``NAME`` (the full name), ``SORT``, ``PARENT``, ``UF_HEAD`` (department-get.md); beyond the
page, observed behaviour of the real server (not documented): ``FILTER``, when given, replaces the
top-level keys, ``START`` or ``start`` picks the page, ``ID``, ``PARENT`` and ``UF_HEAD`` may be lists.
"""

from __future__ import annotations

from typing import Any

from b24local.core.context import Call
from b24local.core.errors import ApiError, E
from b24local.core.php import php_intval, php_string
from b24local.core.registry import Result, method
from b24local.domain import departments
from b24local.schema import departments as sd

PAGE = 50


def render(row: Any) -> dict[str, Any]:
    """``SORT`` a number, ids strings; ``PARENT`` and ``UF_HEAD`` only when set (department-get.md)."""
    out: dict[str, Any] = {"ID": str(row.id), "NAME": row.name, "SORT": int(row.sort)}
    if row.parent_id is not None:
        out["PARENT"] = str(row.parent_id)
    if row.head_id is not None:
        out["UF_HEAD"] = str(row.head_id)
    return out


def _value(row: Any, name: str) -> Any:
    return {"ID": row.id, "NAME": row.name, "SORT": row.sort, "PARENT": row.parent_id, "UF_HEAD": row.head_id}[name]


def _matches(row: Any, name: str, wanted: Any) -> bool:
    actual = _value(row, name)
    if name == "NAME":
        return isinstance(wanted, (str, int, float)) and str(actual).casefold() == php_string(wanted).casefold()
    listed = list(wanted.values()) if isinstance(wanted, dict) else wanted if isinstance(wanted, list) else [wanted]
    return actual is not None and actual in {php_intval(v) for v in listed}


def _sort_order(params: dict[str, Any]) -> tuple[str | None, bool]:
    upper = {str(k).upper(): v for k, v in params.items()}
    sort, order = upper.get("SORT"), upper.get("ORDER")
    field = sort.upper() if isinstance(sort, str) and sort.upper() in sd.FIELDS else None
    return field, isinstance(order, str) and order.upper() == "DESC"


@method("department.fields", api=2, scope="department", write=False)
def department_fields(call: Call, params: dict[str, Any]) -> dict[str, str]:
    return dict(sd.FIELDS)


@method("department.get", api=2, scope="department", write=False)
def department_get(call: Call, params: dict[str, Any]) -> Any:
    source = params.get("FILTER", params.get("filter"))
    if not isinstance(source, dict):
        source = params
    sort_field, descending = _sort_order(params)
    rows = departments.tree_order(departments.all_departments(call.conn))
    for name in sd.FIELDS:
        if name not in source or (name == "SORT" and source is params and sort_field is not None):
            continue  # a ``SORT`` naming a field sorts; a number filters
        rows = [r for r in rows if _matches(r, name, source[name])]
    if sort_field is not None:
        numeric = sort_field in sd.NUMERIC

        def key(r: Any) -> tuple[int, Any]:
            value = _value(r, sort_field)
            return (0, 0) if value is None else (1, value if numeric else str(value).casefold())

        rows = sorted(rows, key=key, reverse=descending)
    raw_start = params.get("START", params.get("start"))
    start = max(php_intval(raw_start), 0) // PAGE * PAGE if not isinstance(raw_start, (dict, list)) else 0
    page = [render(r) for r in rows[start : start + PAGE]]
    nxt = start + len(page) if start + len(page) < len(rows) else None
    return Result(page, total=len(rows), next=nxt)


def _upper(params: dict[str, Any]) -> dict[str, Any]:
    return {str(k).upper(): v for k, v in params.items()}


def _int(params: dict[str, Any], name: str) -> int:
    value = params.get(name)
    return 0 if isinstance(value, (dict, list)) else php_intval(value)


def _admin(call: Call) -> None:
    """Changing the structure needs the right to change it: administrators."""
    if not call.is_admin:
        raise ApiError(E.DEPARTMENT_ACCESS_DENIED)


def _department(call: Call, params: dict[str, Any]) -> Any:
    row = departments.load(call.conn, _int(params, "ID"))
    if row is None:
        raise ApiError(E.DEPARTMENT_NOT_FOUND)
    return row


@method("department.add", api=2, scope="department")
def department_add(call: Call, params: dict[str, Any]) -> int:
    params = _upper(params)
    _admin(call)
    name = "" if isinstance(params.get("NAME"), (dict, list)) else php_string(params.get("NAME")).strip()
    return departments.add(
        call.conn,
        name=name,
        parent_id=_int(params, "PARENT"),
        sort=_int(params, "SORT"),
        head_id=_int(params, "UF_HEAD") or None,
    )


@method("department.update", api=2, scope="department")
def department_update(call: Call, params: dict[str, Any]) -> bool:
    params = _upper(params)
    _admin(call)
    row = _department(call, params)
    changes: dict[str, Any] = {}
    if "NAME" in params and not isinstance(params["NAME"], (dict, list)):
        changes["name"] = php_string(params["NAME"]).strip()
    for key, column in (("SORT", "sort"), ("PARENT", "parent_id"), ("UF_HEAD", "head_id")):
        if key in params:
            changes[column] = _int(params, key)
    departments.update_department(call.conn, row, changes)
    return True


@method("department.delete", api=2, scope="department")
def department_delete(call: Call, params: dict[str, Any]) -> bool:
    params = _upper(params)
    _admin(call)
    departments.delete_department(call.conn, _department(call, params))
    return True
