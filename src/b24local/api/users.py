"""user.current and user.get (scope user, or the narrower user_basic / user_brief)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from b24local.protocol.context import Call
from b24local.protocol.registry import Result, method
from b24local.store import tables as t

PAGE = 50


def render_user(call: Call, row: Any) -> dict[str, Any]:
    iso = call.portal.iso
    return {
        "ID": str(row.id),
        "XML_ID": row.xml_id,
        "ACTIVE": bool(row.active),
        "NAME": row.name,
        "LAST_NAME": row.last_name,
        "SECOND_NAME": row.second_name,
        "EMAIL": row.email,
        "LAST_LOGIN": iso(row.last_login) if row.last_login else "",
        "DATE_REGISTER": iso(row.date_register),
        "IS_ONLINE": "N",
        "TIME_ZONE": row.time_zone,
        "PERSONAL_GENDER": row.gender,
        "WORK_POSITION": row.work_position,
        "UF_DEPARTMENT": list(row.departments or []),
        "USER_TYPE": row.user_type,
    }


@method("user.current", api=2, scope="user", write=False)
def user_current(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    row = call.conn.execute(select(t.users).where(t.users.c.id == call.user_id)).first()
    return render_user(call, row)


@method("user.get", api=2, scope="user", write=False)
def user_get(call: Call, params: dict[str, Any]) -> Result:
    query = select(t.users).order_by(t.users.c.id)
    count = select(func.count()).select_from(t.users)
    start = _start(params.get("start"))
    rows = call.conn.execute(query.offset(start).limit(PAGE)).all()
    total = call.conn.execute(count).scalar() or 0
    nxt = start + len(rows) if start + len(rows) < total else None
    return Result([render_user(call, r) for r in rows], total=total, next=nxt)


def _start(value: Any) -> int:
    try:
        start = int(value)
    except (TypeError, ValueError):
        return 0
    return max(start, 0) // PAGE * PAGE
