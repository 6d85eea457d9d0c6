"""CRM activities (``crm.activity.*``): every field declared once, with the type and flags
``crm.activity.fields`` reports and how b24local keeps its value.

The table (``store/tables_crm_timeline.py``) takes its columns from ``STORED``; ``crm.activity.fields``,
writes (which keys ``add``/``update`` accept), the get/list rendering and the list filter read the rest.
Values are answered as the legacy CRM REST layer answers them: scalars as strings, ``null`` for no value,
datetimes ISO 8601 in the portal's zone, empty objects as ``[]``.

Sources: api-reference/crm/timeline/activities/activity-base/crm-activity-fields.md (types, flags,
titles, the ``.fields`` order), crm-activity-get.md (the order of an activity's keys),
crm-activity-communication-fields.md; api-reference/crm/data-types.md (activity enumerations).
"""

from __future__ import annotations

from dataclasses import dataclass

# how a value is kept: a column kind, or not kept at all
INT, TIME, BOOL, TEXT, LONGTEXT, FLOAT, OBJECT, NOT_KEPT = (
    "int",
    "time",
    "bool",
    "text",
    "longtext",
    "float",
    "object",
    "",
)


@dataclass(frozen=True)
class ActivityField:
    name: str
    type: str
    title: str
    kept: str  # INT, TIME, …; NOT_KEPT for bindings, communications (their own tables) and files
    required: bool = False
    read_only: bool = False
    immutable: bool = False
    multiple: bool = False
    deprecated: bool = False

    @property
    def column(self) -> str:
        return self.name.lower()

    def describe(self) -> dict[str, object]:
        out: dict[str, object] = {
            "type": self.type,
            "isRequired": self.required,
            "isReadOnly": self.read_only,
            "isImmutable": self.immutable,
            "isMultiple": self.multiple,
            "isDynamic": False,
        }
        if self.deprecated:
            out["isDeprecated"] = True
        out["title"] = self.title
        return out


def _f(name: str, type_: str, title: str, kept: str, **kw: bool) -> ActivityField:
    return ActivityField(name, type_, title, kept, **kw)


# In crm.activity.fields order.
FIELDS: tuple[ActivityField, ...] = (
    _f("ID", "integer", "ID", INT, read_only=True),
    _f("OWNER_ID", "integer", "Owner ID", INT, immutable=True),
    _f("OWNER_TYPE_ID", "crm_enum_ownertype", "Owner Type", INT, immutable=True),
    _f("TYPE_ID", "crm_enum_activitytype", "Type", INT, required=True, immutable=True),
    _f("PROVIDER_ID", "string", "Provider ID", TEXT),
    _f("PROVIDER_TYPE_ID", "string", "Provider Type", TEXT),
    _f("PROVIDER_GROUP_ID", "string", "Connector Type", TEXT),
    _f("ASSOCIATED_ENTITY_ID", "integer", "Associated Entity ID", INT, read_only=True),
    _f("SUBJECT", "string", "Subject", TEXT, required=True),
    _f("START_TIME", "datetime", "Start", TIME),
    _f("END_TIME", "datetime", "Deadline", TIME),
    _f("DEADLINE", "datetime", "Execution Deadline", TIME),
    _f("COMPLETED", "char", "Completed", BOOL),
    _f("STATUS", "crm_enum_activitystatus", "Status", INT),
    _f("RESPONSIBLE_ID", "user", "Responsible", INT, required=True),
    _f("PRIORITY", "crm_enum_activitypriority", "Priority", INT),
    _f("NOTIFY_TYPE", "crm_enum_activitynotifytype", "Notification Type", INT),
    _f("NOTIFY_VALUE", "integer", "Notification Parameter", INT),
    _f("DESCRIPTION", "string", "Description", LONGTEXT),
    _f("DESCRIPTION_TYPE", "crm_enum_contenttype", "Description Type", INT),
    _f("DIRECTION", "crm_enum_activitydirection", "Direction", INT),
    _f("LOCATION", "string", "Location", TEXT),
    _f("CREATED", "datetime", "Creation Date", TIME, read_only=True),
    _f("AUTHOR_ID", "user", "Created By", INT, read_only=True),
    _f("LAST_UPDATED", "datetime", "Last Updated Date", TIME, read_only=True),
    _f("EDITOR_ID", "user", "Edited By", INT, read_only=True),
    _f("SETTINGS", "object", "Settings", OBJECT),
    _f("ORIGIN_ID", "string", "External Code", TEXT),
    _f("ORIGINATOR_ID", "string", "External Source", TEXT),
    _f("RESULT_STATUS", "integer", "RESULT_STATUS", INT),
    _f("RESULT_STREAM", "integer", "RESULT_STREAM", INT),
    _f("RESULT_SOURCE_ID", "string", "RESULT_SOURCE_ID", TEXT),
    _f("PROVIDER_PARAMS", "object", "Provider Parameters", OBJECT),
    _f("PROVIDER_DATA", "string", "Provider Data", LONGTEXT),
    _f("RESULT_MARK", "integer", "RESULT_MARK", INT),
    _f("RESULT_VALUE", "double", "RESULT_VALUE", FLOAT),
    _f("RESULT_SUM", "double", "RESULT_SUM", FLOAT),
    _f("RESULT_CURRENCY_ID", "string", "RESULT_CURRENCY_ID", TEXT),
    _f("AUTOCOMPLETE_RULE", "integer", "Autocomplete", INT),
    _f("BINDINGS", "crm_activity_binding", "Bindings", NOT_KEPT, read_only=True, multiple=True),
    _f("COMMUNICATIONS", "crm_activity_communication", "Communication Channel", NOT_KEPT, required=True, multiple=True),
    _f("FILES", "diskfile", "Files", NOT_KEPT, multiple=True),
    _f("WEBDAV_ELEMENTS", "diskfile", "Added Files", NOT_KEPT, multiple=True, deprecated=True),
    _f("IS_INCOMING_CHANNEL", "char", "IS_INCOMING_CHANNEL", BOOL, read_only=True),
)
BY_NAME = {f.name: f for f in FIELDS}
STORED = tuple(f for f in FIELDS if f.kept and f.name != "ID")

# An activity as crm.activity.get answers it (crm-activity-get.md): these keys in this order. ``list``
# answers the same keys, and ``COMMUNICATIONS`` (last) only when ``select`` names it.
OUTPUT: tuple[str, ...] = (
    "ID", "OWNER_ID", "OWNER_TYPE_ID", "TYPE_ID", "PROVIDER_ID", "PROVIDER_TYPE_ID", "PROVIDER_GROUP_ID",
    "ASSOCIATED_ENTITY_ID", "SUBJECT", "CREATED", "LAST_UPDATED", "START_TIME", "END_TIME", "DEADLINE",
    "COMPLETED", "STATUS", "RESPONSIBLE_ID", "PRIORITY", "NOTIFY_TYPE", "NOTIFY_VALUE", "DESCRIPTION",
    "DESCRIPTION_TYPE", "DIRECTION", "LOCATION", "SETTINGS", "ORIGINATOR_ID", "ORIGIN_ID", "AUTHOR_ID",
    "EDITOR_ID", "PROVIDER_PARAMS", "PROVIDER_DATA", "RESULT_MARK", "RESULT_VALUE", "RESULT_SUM",
    "RESULT_CURRENCY_ID", "RESULT_STATUS", "RESULT_STREAM", "RESULT_SOURCE_ID", "AUTOCOMPLETE_RULE",
)  # fmt: skip

# What add (and update) may write; the rest is kept by the server (ids, authors, times, bindings).
WRITABLE = tuple(f for f in STORED if not f.read_only and f.name not in ("OWNER_ID", "OWNER_TYPE_ID", "TYPE_ID"))

# The communication of an activity (crm-activity-communication-fields.md), in .fields order; a list answer
# shows its keys in the order of COMMUNICATION_OUTPUT (crm-activity-list.md).
COMMUNICATION_FIELDS: tuple[ActivityField, ...] = (
    _f("ID", "integer", "ID", INT, read_only=True),
    _f("ACTIVITY_ID", "integer", "Case", INT, read_only=True),
    _f("ENTITY_ID", "integer", "Entity element ID", INT),
    _f("ENTITY_TYPE_ID", "integer", "Entity type", INT),
    _f("TYPE", "string", "Type", TEXT),
    _f("VALUE", "string", "Value", TEXT),
)
COMMUNICATION_OUTPUT = ("ID", "TYPE", "VALUE", "ENTITY_ID", "ENTITY_TYPE_ID")

# Activity types (api-reference/crm/data-types.md, crm_enum_activitytype) and what crm.activity.add makes
MEETING, CALL, TASK, EMAIL, ACTIVITY, PROVIDER = 1, 2, 3, 4, 5, 6
TYPE_NAMES = {
    MEETING: "Meeting",
    CALL: "Call",
    TASK: "Task",
    EMAIL: "E-mail",
    ACTIVITY: "Activity",
    PROVIDER: "Provider",
}
# Status (crm_enum_activitystatus), priority, direction, content type
WAITING, COMPLETED = 1, 2
PRIORITY_MEDIUM = 2
PLAIN_TEXT = 1
INCOMING, OUTGOING = 1, 2
# The universal activity crm.activity.todo.add makes (api-reference/crm/timeline/activities/todo/index.md)
TODO_PROVIDER, TODO_PROVIDER_TYPE = "CRM_TODO", "TODO"
