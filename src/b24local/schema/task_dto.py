"""TaskDto: the 95 fields of a task, declared once, in declaration order (b24restdocs
api-reference/tasks/fields-rest-v3.md; seed 004's response for the keys that page leaves out).

Flags per line: ``E`` Editable, ``C`` Editable-but-computed (accepted and ignored), ``R`` required on
add, ``F`` filterable, ``S`` sortable, ``G`` in the default get/add set, ``L`` filled by the list mapper,
``N`` not nullable. Stored fields name their column (snake_case of the field name).
"""

from __future__ import annotations

from typing import Any

from b24local.schema.dto import ARRAY, BOOL, DATETIME, INT, STRING, Dto, Field, camel_to_snake

_U = "UserDto"

# name, type, flags, relation-target (for relations), stored?
_TASK_FIELDS: list[tuple[str, str, str, str | None, bool]] = [
    ("id", INT, "FSGL", None, True),
    ("title", STRING, "ERSGL", None, True),
    ("description", STRING, "EGLN", None, True),
    ("creatorId", INT, "RSLN", None, True),
    ("creator", _U, "L", _U, False),
    ("created", DATETIME, "SL", None, True),
    ("responsibleId", INT, "ERSLN", None, True),
    ("responsible", _U, "L", _U, False),
    ("deadline", DATETIME, "ESGL", None, True),
    ("needsControl", BOOL, "EGL", None, True),
    ("startPlan", DATETIME, "ESGL", None, True),
    ("endPlan", DATETIME, "ESGL", None, True),
    ("fileIds", ARRAY, "EG", None, True),
    ("checklist", ARRAY, "EG", None, False),
    ("groupId", INT, "ESL", None, True),
    ("group", "GroupDto", "L", "GroupDto", False),
    ("stageId", INT, "E", None, True),
    ("stage", "StageDto", "", "StageDto", False),
    ("epicId", INT, "EG", None, True),
    ("storyPoints", INT, "EG", None, True),
    ("flowId", INT, "EL", None, True),
    ("flow", "FlowDto", "L", "FlowDto", False),
    ("priority", STRING, "ESGL", None, True),
    ("status", STRING, "ESGL", None, True),
    ("statusChanged", DATETIME, "EGL", None, True),
    ("accomplices", _U, "L*", _U, False),
    ("auditors", _U, "L*", _U, False),
    ("parentId", INT, "EGL", None, True),
    ("parent", "TaskDto", "", "TaskDto", False),
    ("containsChecklist", BOOL, "CG", None, False),
    ("containsSubTasks", BOOL, "CG", None, False),
    ("containsRelatedTasks", BOOL, "CG", None, False),
    ("containsGanttLinks", BOOL, "CG", None, False),
    ("containsPlacements", BOOL, "CG", None, False),
    ("containsResults", BOOL, "CG", None, False),
    ("numberOfReminders", INT, "CG", None, False),
    ("chatId", INT, "CGL", None, True),
    ("chat", "ChatDto", "", "ChatDto", False),
    ("plannedDuration", INT, "EGL", None, True),
    ("actualDuration", INT, "EGL", None, True),
    ("durationType", STRING, "EGL", None, True),
    ("started", DATETIME, "ESGL", None, True),
    ("estimatedTime", INT, "ESGL", None, True),
    ("replicate", BOOL, "EG", None, True),
    ("changed", DATETIME, "CSGL", None, True),
    ("changedById", INT, "CL", None, True),
    ("changedBy", _U, "L", _U, False),
    ("statusChangedById", INT, "CL", None, True),
    ("statusChangedBy", _U, "L", _U, False),
    ("closedById", INT, "C", None, True),
    ("closedBy", _U, "", _U, False),
    ("closed", DATETIME, "CSGL", None, True),
    ("activity", DATETIME, "CSGL", None, True),
    ("guid", STRING, "CGL", None, True),
    ("xmlId", STRING, "EGL", None, True),
    ("exchangeId", STRING, "EGL", None, True),
    ("exchangeModified", STRING, "EGL", None, True),
    ("outlookVersion", INT, "CGL", None, True),
    ("mark", STRING, "ESGL", None, True),
    ("allowsChangeDeadline", BOOL, "ESGL", None, True),
    ("allowsTimeTracking", BOOL, "ESGL", None, True),
    ("matchesWorkTime", BOOL, "EGL", None, True),
    ("addInReport", BOOL, "EGL", None, True),
    ("isMultitask", BOOL, "EGL", None, True),
    ("siteId", STRING, "CGL", None, True),
    ("forkedByTemplateId", INT, "C", None, True),
    ("forkedByTemplate", "TemplateDto", "", "TemplateDto", False),
    ("deadlineCount", INT, "CGL", None, True),
    ("declineReason", STRING, "CG", None, True),
    ("forumTopicId", INT, "CGL", None, True),
    ("tags", "TagDto", "L*", "TagDto", False),
    ("link", STRING, "CG", None, False),
    ("userFields", "UserFieldDto", "*", "UserFieldDto", False),
    ("rights", ARRAY, "CG", None, False),
    ("archiveLink", STRING, "CG", None, False),
    ("crmItemIds", ARRAY, "EGL", None, True),
    ("crmItems", "CrmItemDto", "L*", "CrmItemDto", False),
    ("reminders", ARRAY, "C", None, False),
    ("elapsedTime", "ElapsedTimeDto", "", "ElapsedTimeDto", False),
    ("requireResult", BOOL, "EG", None, True),
    ("matchesSubTasksTime", BOOL, "EG", None, True),
    ("autocompleteSubTasks", BOOL, "EG", None, True),
    ("allowsChangeDatePlan", BOOL, "EG", None, True),
    ("emailId", INT, "C", None, False),
    ("email", "EmailDto", "", "EmailDto", False),
    ("maxDeadlineChangeDate", DATETIME, "EG", None, True),
    ("maxDeadlineChanges", INT, "EG", None, True),
    ("requireDeadlineChangeReason", BOOL, "EG", None, True),
    ("inFavorite", ARRAY, "CG", None, False),
    ("inPin", ARRAY, "CG", None, False),
    ("inGroupPin", ARRAY, "CG", None, False),
    ("inMute", ARRAY, "CG", None, False),
    ("source", "SourceDto", "", "SourceDto", False),
    ("dependsOn", ARRAY, "CG", None, False),
    ("scenarios", ARRAY, "CG", None, False),
]


# Enums: priority and status as api-reference/tasks/fields-rest-v3.md lists them; mark and durationType as seed
# 004's response shows them ("none", "days"), where the page lists the v2 forms (N/P, secs…monts): their other
# values are observed behaviour of the real server (not documented).
PRIORITIES = ("low", "average", "high")
STATUSES = ("pending", "in_progress", "supposedly_completed", "completed", "deferred", "declined")
MARKS = ("none", "positive", "negative")
DURATION_TYPES = ("seconds", "minutes", "hours", "days", "weeks", "months", "years")
_ALLOWED = {"priority": PRIORITIES, "status": STATUSES, "mark": MARKS, "durationType": DURATION_TYPES}

# What a new task stores when the request leaves a field out (the values of the seed add response).
# Times, authors and the guid are set by the write itself (``domain/tasks.new_row``).
_DEFAULTS: dict[str, Any] = {
    "description": "",
    "needsControl": False,
    "priority": "average",
    "status": "pending",
    "plannedDuration": 0,
    "actualDuration": 0,
    "durationType": "days",
    "estimatedTime": 0,
    "replicate": False,
    "outlookVersion": 1,
    "allowsChangeDeadline": False,
    "allowsTimeTracking": False,
    "matchesWorkTime": False,
    "isMultitask": False,
    "siteId": "s1",
    "crmItemIds": [],
    "requireResult": False,
    "matchesSubTasksTime": False,
    "autocompleteSubTasks": False,
    "allowsChangeDatePlan": False,
    "requireDeadlineChangeReason": False,
}


def _field(name: str, type_: str, flags: str, relation: str | None, stored: bool) -> Field:
    return Field(
        name=name,
        type=type_,
        nullable="N" not in flags,
        editable="E" in flags,
        computed="C" in flags,
        required=("add",) if "R" in flags else (),
        filterable="F" in flags,
        sortable="S" in flags,
        default_get="G" in flags,
        list_mapped="L" in flags,
        relation=relation,
        multiple="*" in flags,
        column=camel_to_snake(name) if stored else None,
        default=_DEFAULTS.get(name),
        allowed=_ALLOWED.get(name),
    )


TASK_DTO = Dto("TaskDto", [_field(*row) for row in _TASK_FIELDS])
assert len(TASK_DTO.fields) == 95

# The 64 keys of the seed add/get response, in the seed's order (= declaration order of the G fields).
DEFAULT_GET = [f.name for f in TASK_DTO.fields if f.default_get]
assert len(DEFAULT_GET) == 64  # seed 004's response has 64 keys

# Related DTOs reachable through dotted select paths (fields-rest-v3.md, "User Object" and the sections after it).
RELATED_DTOS: dict[str, Dto] = {
    "UserDto": Dto(
        "UserDto",
        [
            Field(n, t)
            for n, t in [
                ("id", INT),
                ("name", STRING),
                ("role", STRING),
                ("image", "FileDto"),
                ("gender", STRING),
                ("email", STRING),
                ("externalAuthId", STRING),
                ("rights", ARRAY),
            ]
        ],
    ),
    "GroupDto": Dto(
        "GroupDto",
        [
            Field(n, t)
            for n, t in [("id", INT), ("name", STRING), ("image", "FileDto"), ("type", STRING), ("isVisible", BOOL)]
        ],
    ),
    "StageDto": Dto("StageDto", [Field(n, t) for n, t in [("id", INT), ("title", STRING), ("color", STRING)]]),
    "FlowDto": Dto("FlowDto", [Field(n, t) for n, t in [("id", INT), ("name", STRING)]]),
    "ChatDto": Dto("ChatDto", [Field(n, t) for n, t in [("id", INT), ("entityId", INT), ("entityType", STRING)]]),
    "TagDto": Dto(
        "TagDto", [Field(n, STRING) for n in ["id", "name", "ownerId", "owner", "groupId", "group", "taskId", "task"]]
    ),
    "UserFieldDto": Dto("UserFieldDto", [Field(n, STRING) for n in ["id", "key", "value"]]),
    "CrmItemDto": Dto("CrmItemDto", [Field(n, STRING) for n in ["id", "type", "title"]]),
    "ElapsedTimeDto": Dto(
        "ElapsedTimeDto",
        [
            Field(n, STRING)
            for n in [
                "id",
                "userId",
                "taskId",
                "minutes",
                "seconds",
                "source",
                "text",
                "createdAtTs",
                "startTs",
                "stopTs",
            ]
        ],
    ),
    "EmailDto": Dto(
        "EmailDto", [Field(n, STRING) for n in ["id", "taskId", "mailboxId", "title", "body", "from", "dateTs", "link"]]
    ),
    "SourceDto": Dto("SourceDto", [Field(n, STRING) for n in ["type", "data"]]),
    "TemplateDto": Dto(
        "TemplateDto",
        [
            Field(n, STRING)
            for n in [
                "id",
                "task",
                "title",
                "description",
                "creator",
                "responsibleCollection",
                "deadlineAfterTs",
                "startDatePlanTs",
                "endDatePlanTs",
                "replicate",
                "fileIds",
                "checklist",
                "group",
                "priority",
                "accomplices",
                "auditors",
                "parent",
                "replicateParams",
            ]
        ],
    ),
    "TaskDto": TASK_DTO,
}

# Columns of the ``tasks`` table, derived from the declarations (plus a few internal ones).
STORED = [f for f in TASK_DTO.fields if f.column]
# column → the value a new task stores when nothing else is given
DEFAULT_ROW: dict[str, Any] = {f.column: f.default for f in STORED if f.column and f.default is not None}
