"""EventLogDto: the 13 fields of an event-log entry (``main.eventlog.*``), declared once.

Names, types and the ``Filterable``/``Sortable`` fields follow api-reference/event-log/main-eventlog-field-list.md
(only ``id``, ``timestampX``, ``auditTypeId``, ``userId`` and ``guestId`` carry them, though the list page's
prose says "similar to select"). Every field is in the default output, in this order.
"""

from __future__ import annotations

from b24local.schema.dto import DATETIME, INT, STRING, Dto, Field


def _f(name: str, type_: str, column: str, indexed: bool = False) -> Field:
    return Field(name, type_, filterable=indexed, sortable=indexed, default_get=True, list_mapped=True, column=column)


EVENT_LOG_DTO = Dto(
    "EventLogDto",
    [
        _f("id", INT, "id", True),
        _f("timestampX", DATETIME, "timestamp_x", True),
        _f("severity", STRING, "severity"),
        _f("auditTypeId", STRING, "audit_type_id", True),
        _f("moduleId", STRING, "module_id"),
        _f("itemId", STRING, "item_id"),
        _f("remoteAddr", STRING, "remote_addr"),
        _f("userAgent", STRING, "user_agent"),
        _f("requestUri", STRING, "request_uri"),
        _f("siteId", STRING, "site_id"),
        _f("userId", INT, "user_id", True),
        _f("guestId", INT, "guest_id", True),
        _f("description", STRING, "description"),
    ],
)
