"""The portal's event log (``main.eventlog.*``): what the portal records, and reading it back.

What b24local records, and why (the audit types a portal's open modules write; api-reference/event-log/
main-eventlog-tail.md shows the REST one):

* ``USER_AUTHORIZE`` (module ``rest``, severity ``SECURITY``): the first call of each hour made with a
  webhook (``applicationType`` ``apauth``) or an OAuth access token (``oauth``), by that credential's user.
  A real portal writes this record for REST authorisations, once per user, application and hour.
* ``USER_REGISTER`` (module ``main``): a user added through the admin API, as a portal with the
  "register new users in the log" option records ``CUser::Add``.

Webhook creation and deletion and task deletion are not recorded: no module of a real portal writes an
event-log record for them (task deletions go to the task history and the recycle bin instead). Seed files
can arrange any entry with a known id (``seeds/documents.py``, section ``event_log``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Connection, and_, select

from b24local.store.rows import insert_id
from b24local.store.tables_eventlog import event_log

SECURITY = "SECURITY"
HOUR = 3600


def record(
    conn: Connection,
    *,
    now: int,
    audit_type: str,
    module: str,
    item_id: str,
    user_id: int | None,
    description: Any = None,
    severity: str = SECURITY,
    remote_addr: str | None = None,
    user_agent: str | None = None,
    request_uri: str | None = None,
) -> int:
    text = description if isinstance(description, str) or description is None else orjson.dumps(description).decode()
    return insert_id(
        conn,
        event_log.insert().values(
            timestamp_x=now,
            severity=severity,
            audit_type_id=audit_type,
            module_id=module,
            item_id=item_id or "UNKNOWN",
            remote_addr=remote_addr,
            user_agent=user_agent,
            request_uri=request_uri,
            site_id="s1",
            user_id=user_id,
            guest_id=0,
            description=text,
        ),
    )


def authorized_this_hour(conn: Connection, *, now: int, user_id: int, kind: str, credential_id: int) -> bool:
    """Has this credential's ``USER_AUTHORIZE`` of the current hour (UTC, the portal's clock) been written?"""
    period = now - now % HOUR
    application_type = "apauth" if kind == "webhook" else "oauth"
    marker = f'"applicationId":{credential_id},'
    return (
        conn.execute(
            select(event_log.c.id).where(
                and_(
                    event_log.c.audit_type_id == "USER_AUTHORIZE",
                    event_log.c.module_id == "rest",
                    event_log.c.user_id == user_id,
                    event_log.c.timestamp_x >= period,
                    event_log.c.description.like(f'%"applicationType":"{application_type}"%'),
                    event_log.c.description.like(f"%{marker}%"),
                )
            )
        ).first()
        is not None
    )


def rest_authorized(
    conn: Connection,
    *,
    now: int,
    user_id: int,
    kind: str,
    credential_id: int,
    remote_addr: str = "",
    user_agent: str = "",
) -> None:
    """Write ``USER_AUTHORIZE`` for a REST credential unless this hour's is already there."""
    if authorized_this_hour(conn, now=now, user_id=user_id, kind=kind, credential_id=credential_id):
        return
    period = now - now % HOUR
    application_type = "apauth" if kind == "webhook" else "oauth"
    record(
        conn,
        now=now,
        audit_type="USER_AUTHORIZE",
        module="rest",
        item_id=str(user_id),
        user_id=user_id,
        description={
            "userId": user_id,
            "method": "rest",
            "applicationType": application_type,
            "applicationId": credential_id,
            "timePeriod": datetime.fromtimestamp(period, UTC).strftime("%Y-%m-%d %H"),
        },
        remote_addr=remote_addr or None,
        user_agent=user_agent or None,
    )


def user_registered(conn: Connection, *, now: int, user: dict[str, Any]) -> None:
    record(
        conn,
        now=now,
        audit_type="USER_REGISTER",
        module="main",
        item_id=str(user["id"]),
        user_id=user["id"],
        description={
            "login": user.get("email") or "",
            "name": user.get("name") or "",
            "lastName": user.get("last_name") or "",
        },
    )
