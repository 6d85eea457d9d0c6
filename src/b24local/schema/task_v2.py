"""The REST v2 rendering of a task (``tasks.task.*`` over ``/rest/``), declared next to TaskDto.

A v2 task is the same stored task as a v3 one (``schema/task_dto.py``); this module declares only how v2
names and writes it: every field of ``tasks.task.getFields`` with its UPPER_SNAKE name (used by ``fields``,
``select``, ``filter`` and ``order``), the TaskDto field it shows, the form of its value and its
``getFields`` description. The output key is the name camel-cased as the server does (``UF_CRM_TASK`` →
``ufCrmTask``). ``getFields``, select, filter, order, input and output are all read from here.

Sources: api-reference/tasks/tasks-task-get-fields.md (names, titles, types, defaults, in its order),
api-reference/tasks/fields.md and the examples of tasks-task-add.md / tasks-task-update.md /
status/tasks-task-start.md (output keys, their order and value forms), tasks-task-list.md (filter and order
keys).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# -- value forms ------------------------------------------------------------------------------------
# How a stored value shows over v2 (and how a v2 input value is read back):
ID = "id"  # a number as a string, null when none (``parentId``, ``closedBy``)
ID0 = "id0"  # a number as a string, "0" when none (``groupId``, ``stageId``)
NUM = "num"  # a number as a string, null when none
TEXT = "text"
YN = "yn"  # a boolean as "Y"/"N"
DATE = "date"  # ISO 8601 in the portal's zone, null when none
PRIORITY = "priority"
STATUS = "status"
MARK = "mark"
DURATION = "duration"
IDS = "ids"  # a list of ids as strings
LIST = "list"  # a list as stored (``UF_CRM_TASK``)
COMPUTED = "computed"  # not a stored TaskDto value: the view computes it

# v3 enum value ↔ v2 code (api-reference/tasks/fields.md; REAL_STATUS 1..7 of the task status list)
PRIORITY_CODES = {"low": "0", "average": "1", "high": "2"}
STATUS_CODES = {
    "pending": "2",
    "in_progress": "3",
    "supposedly_completed": "4",
    "completed": "5",
    "deferred": "6",
    "declined": "7",
}
# "1" is the legacy "new" status, shown today as pending
STATUS_INPUT = {**{code: name for name, code in STATUS_CODES.items()}, "1": "pending"}
MARK_CODES: dict[str, str | None] = {"none": None, "positive": "P", "negative": "N"}
DURATION_CODES = {
    "seconds": "secs",
    "minutes": "mins",
    "hours": "hours",
    "days": "days",
    "weeks": "weeks",
    "months": "months",
    "years": "years",
}
# SE_PARAMETER codes (api-reference/tasks/tasks-task-add.md): the TaskDto flag each one sets
SE_PARAMETERS = {1: "matchesSubTasksTime", 2: "autocompleteSubTasks", 3: "requireResult"}


def camel(upper: str) -> str:
    """``UF_CRM_TASK`` → ``ufCrmTask``, as the v2 controller converts every output key."""
    head, *rest = upper.lower().split("_")
    return head + "".join(part.capitalize() for part in rest)


@dataclass(frozen=True)
class V2Field:
    upper: str
    source: str | None  # the TaskDto field shown (None: computed by the view)
    form: str
    describe: dict[str, Any]  # the ``getFields`` description
    writable: bool = False  # accepted in add/update ``fields``
    history: str | None = None  # tracked in the task history: "value", "date" (timestamps) or "blank"
    default_output: bool = True  # part of the output without ``select`` (UF fields are not)

    @property
    def key(self) -> str:
        return camel(self.upper)


def _d(title: str | None, type_: str, **extra: Any) -> dict[str, Any]:
    return {"title": title, "type": type_, **extra}


_YN = {"Y": "Yes", "N": "No"}


def _f(upper: str, source: str | None, form: str, describe: dict[str, Any], **kw: Any) -> V2Field:
    return V2Field(upper, source, form, describe, **kw)


# In the order of tasks.task.getFields.
FIELDS: list[V2Field] = [
    _f("ID", "id", ID, _d("ID", "integer", primary=True)),
    _f("PARENT_ID", "parentId", ID, _d("Base Task ID", "integer", default=0), writable=True, history="value"),
    _f("TITLE", "title", TEXT, _d("Title", "string", required=True), writable=True, history="value"),
    _f("DESCRIPTION", "description", TEXT, _d("Description", "string"), writable=True, history="blank"),
    _f(
        "MARK",
        "mark",
        MARK,
        _d("Rating", "enum", values={"N": "Negative", "P": "Positive"}, default=None),
        writable=True,
        history="value",
    ),
    _f(
        "PRIORITY",
        "priority",
        PRIORITY,
        _d("Priority", "enum", values={"2": "High", "1": "Medium", "0": "Low"}, default=1),
        writable=True,
        history="value",
    ),
    _f(
        "STATUS",
        "status",
        STATUS,
        _d(
            "Status",
            "enum",
            values={"2": "Pending", "3": "In Progress", "4": "Awaiting Review", "5": "Completed", "6": "Deferred"},
            default=2,
        ),
        writable=True,
        history="value",
    ),
    _f("MULTITASK", "isMultitask", YN, _d("Multitask", "enum", values=_YN, default="N"), writable=True),
    _f("NOT_VIEWED", None, COMPUTED, _d(None, "enum", values=_YN, default="N")),
    _f("REPLICATE", "replicate", YN, _d("Recurring Task", "enum", values=_YN, default="N"), writable=True),
    _f("GROUP_ID", "groupId", ID0, _d("Project", "integer", default=0), writable=True, history="value"),
    _f("STAGE_ID", "stageId", ID0, _d("Stage", "integer", default=0), writable=True, history="value"),
    _f("SPRINT_ID", None, COMPUTED, _d("Sprint", "integer", default=0)),
    _f("BACKLOG_ID", None, COMPUTED, _d("Backlog", "integer", default=0)),
    _f("CREATED_BY", "creatorId", ID, _d("Creator", "integer", required=True), writable=True, history="value"),
    _f("CREATED_DATE", "created", DATE, _d(None, "datetime")),
    _f(
        "RESPONSIBLE_ID",
        "responsibleId",
        ID,
        _d("Participant", "integer", required=True),
        writable=True,
        history="value",
    ),
    _f("ACCOMPLICES", None, IDS, _d(None, "array"), writable=True, history="value"),
    _f("AUDITORS", None, IDS, _d(None, "array"), writable=True, history="value"),
    _f("CHANGED_BY", "changedById", ID, _d("Modified By", "integer")),
    _f("CHANGED_DATE", "changed", DATE, _d("Modification Date", "datetime")),
    _f("STATUS_CHANGED_BY", "statusChangedById", ID, _d("Status Changed By", "integer")),
    _f("STATUS_CHANGED_DATE", None, COMPUTED, _d("Status Change Date", "datetime")),
    _f("CLOSED_BY", "closedById", ID, _d("Closed By", "integer", default=None)),
    _f("CLOSED_DATE", "closed", DATE, _d("Closure Date", "datetime", default=None)),
    _f("ACTIVITY_DATE", "activity", DATE, _d(None, "datetime", default=None)),
    _f("DATE_START", "started", DATE, _d("Start Date", "datetime", default=None)),
    _f("DEADLINE", "deadline", DATE, _d("Deadline", "datetime", default=None), writable=True, history="date"),
    _f(
        "START_DATE_PLAN",
        "startPlan",
        DATE,
        _d("Planned Start", "datetime", default=None),
        writable=True,
        history="date",
    ),
    _f(
        "END_DATE_PLAN",
        "endPlan",
        DATE,
        _d("Planned Completion", "datetime", default=None),
        writable=True,
        history="date",
    ),
    _f("GUID", "guid", TEXT, _d("GUID", "string", default=None)),
    _f("XML_ID", "xmlId", TEXT, _d("XML_ID", "string", default=None), writable=True),
    _f("COMMENTS_COUNT", None, COMPUTED, _d("Number of Comments", "integer", default=0)),
    _f("SERVICE_COMMENTS_COUNT", None, COMPUTED, _d(None, "integer", default=0)),
    _f("NEW_COMMENTS_COUNT", None, COMPUTED, _d(None, "integer", default=0)),
    _f(
        "ALLOW_CHANGE_DEADLINE",
        "allowsChangeDeadline",
        YN,
        _d(None, "enum", values=_YN, default="N"),
        writable=True,
    ),
    _f("ALLOW_TIME_TRACKING", "allowsTimeTracking", YN, _d(None, "enum", values=_YN, default="N"), writable=True),
    _f("TASK_CONTROL", "needsControl", YN, _d("Accept Work", "enum", values=_YN, default="N"), writable=True),
    _f("ADD_IN_REPORT", "addInReport", YN, _d("Add to Report", "enum", values=_YN, default="N"), writable=True),
    _f(
        "FORKED_BY_TEMPLATE_ID",
        "forkedByTemplateId",
        ID,
        _d("Created from Template", "enum", values=_YN, default="N"),
    ),
    _f("TIME_ESTIMATE", "estimatedTime", NUM, _d("Estimated Time", "integer"), writable=True, history="value"),
    _f("TIME_SPENT_IN_LOGS", None, COMPUTED, _d("Time Spent from Change History", "integer")),
    _f("MATCH_WORK_TIME", "matchesWorkTime", YN, _d("Skip Weekends", "integer"), writable=True),
    _f("FORUM_TOPIC_ID", "forumTopicId", ID, _d("FORUM_TOPIC_ID", "integer")),
    _f("FORUM_ID", None, COMPUTED, _d("FORUM_ID", "integer")),
    _f("SITE_ID", "siteId", TEXT, _d("SITE_ID", "string")),
    _f("SUBORDINATE", None, COMPUTED, _d("Subordinate Task", "enum", values=_YN, default=None)),
    _f("FAVORITE", None, COMPUTED, _d(None, "enum", values=_YN, default=None)),
    _f("EXCHANGE_MODIFIED", "exchangeModified", TEXT, _d("EXCHANGE_MODIFIED", "datetime", default=None)),
    _f("EXCHANGE_ID", "exchangeId", TEXT, _d("EXCHANGE_ID", "integer", default=None)),
    _f("OUTLOOK_VERSION", "outlookVersion", NUM, _d("OUTLOOK_VERSION", "integer", default=None)),
    _f("VIEWED_DATE", None, COMPUTED, _d("Last Viewed Date", "datetime")),
    _f("SORTING", None, COMPUTED, _d("Sorting Index", "double")),
    _f("DURATION_PLAN", "plannedDuration", NUM, _d("Spent (planned)", "integer"), writable=True, history="value"),
    _f("DURATION_FACT", "actualDuration", NUM, _d("Spent (actual)", "integer")),
    _f("CHECKLIST", None, COMPUTED, _d(None, "array")),
    _f(
        "DURATION_TYPE",
        "durationType",
        DURATION,
        _d("DURATION_TYPE", "enum", values=list(DURATION_CODES.values()), default="days"),
        writable=True,
    ),
    _f("IS_MUTED", None, COMPUTED, _d(None, "enum", values=_YN, default="N")),
    _f("IS_PINNED", None, COMPUTED, _d(None, "enum", values=_YN, default="N")),
    _f("IS_PINNED_IN_GROUP", None, COMPUTED, _d(None, "enum", values=_YN, default="N")),
    _f("FLOW_ID", "flowId", ID, _d("Flow", "integer", default=0), writable=True, history="value"),
    _f("UF_CRM_TASK", "crmItemIds", LIST, _d("CRM Entities", "crm"), writable=True, default_output=False),
    _f(
        "UF_TASK_WEBDAV_FILES",
        "fileIds",
        LIST,
        _d("Upload Files", "disk_file"),
        writable=True,
        default_output=False,
    ),
    _f("UF_MAIL_MESSAGE", None, COMPUTED, _d(None, "mail_message"), default_output=False),
]
BY_UPPER: dict[str, V2Field] = {f.upper: f for f in FIELDS}
BY_SOURCE: dict[str, V2Field] = {f.source: f for f in FIELDS if f.source}

# Keys a row shows besides the fields, and where (S: task.php get/list; D: the examples). Each is shown
# when the field it follows (the value) is in the row.
COMPANIONS: dict[str, tuple[str, ...]] = {
    "DESCRIPTION": ("descriptionInBbcode",),
    "CREATED_BY": ("creator",),
    "RESPONSIBLE_ID": ("responsible",),
    "ACCOMPLICES": ("accomplicesData",),
    "AUDITORS": ("auditorsData",),
}

# The order of the keys of a v2 task (the row order of the examples of tasks-task-update.md and
# status/tasks-task-start.md; UF values sit before ``descriptionInBbcode`` as in tasks-task-get.md).
OUTPUT_ORDER: tuple[str, ...] = tuple(
    """
    id parentId title description mark priority multitask notViewed replicate stageId sprintId backlogId
    createdBy createdDate responsibleId changedBy changedDate statusChangedBy closedBy closedDate activityDate
    dateStart deadline startDatePlan endDatePlan guid xmlId commentsCount serviceCommentsCount
    allowChangeDeadline allowTimeTracking taskControl addInReport forkedByTemplateId timeEstimate
    timeSpentInLogs matchWorkTime forumTopicId forumId siteId subordinate exchangeModified exchangeId
    outlookVersion viewedDate sorting durationFact isMuted isPinned isPinnedInGroup flowId ufCrmTask
    ufTaskWebdavFiles ufMailMessage descriptionInBbcode status statusChangedDate durationPlan durationType
    favorite groupId auditors accomplices checklist group creator responsible accomplicesData auditorsData
    newCommentsCount action checkListTree checkListCanAdd
    """.split()
)
assert {f.key for f in FIELDS} <= set(OUTPUT_ORDER)

# -- the ``action`` map and ``tasks.task.getaccess`` ---------------------------------------------------
# (name, the v3 right it reads). api-reference/tasks/fields.md#action; the 27 names of getaccess in UPPER
# case, ``action`` camel-cases them (dotted names lower-cased). ``accept``/``decline`` are deprecated
# (always false); ``create`` is the right to create tasks, which every user has; the favorite pair follows
# whether the caller already marked the task.
ACTIONS: tuple[tuple[str, str | None], ...] = (
    ("ACCEPT", None),
    ("DECLINE", None),
    ("COMPLETE", "complete"),
    ("APPROVE", "approve"),
    ("DISAPPROVE", "disapprove"),
    ("START", "start"),
    ("PAUSE", "pause"),
    ("DELEGATE", "delegate"),
    ("REMOVE", "remove"),
    ("EDIT", "edit"),
    ("DEFER", "defer"),
    ("RENEW", "renew"),
    ("CREATE", "create"),
    ("CHANGE_DEADLINE", "deadline"),
    ("CHECKLIST_ADD_ITEMS", "checklistAdd"),
    ("ADD_FAVORITE", "addFavorite"),
    ("DELETE_FAVORITE", "deleteFavorite"),
    ("RATE", "mark"),
    ("TAKE", "take"),
    ("EDIT.ORIGINATOR", "changeDirector"),
    ("CHECKLIST.REORDER", "checklistEdit"),
    ("ELAPSEDTIME.ADD", "elapsedTime"),
    ("DAYPLAN.TIMER.TOGGLE", "timeTracking"),
    ("EDIT.PLAN", "deadline"),
    ("CHECKLIST.ADD", "checklistAdd"),
    ("FAVORITE.ADD", "addFavorite"),
    ("FAVORITE.DELETE", "deleteFavorite"),
)


def action_key(upper: str) -> str:
    return upper.lower() if "." in upper else camel(upper)


def actions(rights: dict[str, bool], favorite: bool) -> dict[str, bool]:
    """The 27 allowed actions (UPPER names) from the v3 rights of one user and whether they marked it."""
    derived = {**rights, "create": True, "addFavorite": rights["favorite"] and not favorite}
    derived["deleteFavorite"] = rights["favorite"] and favorite
    return {name: bool(derived[right]) if right else False for name, right in ACTIONS}


# -- list: filter and order keys (api-reference/tasks/tasks-task-list.md) ---------------------------------
@dataclass(frozen=True)
class V2Filter:
    name: str
    source: str | None  # TaskDto field compared (None: a special condition)
    kind: str  # "int", "text", "like" (text, LIKE without a prefix), "date", "status", "priority", "mark",
    # "yn", "member:<role>", "root", "crm", "none" (b24local keeps no such data: nothing matches a value)
    extra: dict[str, Any] = field(default_factory=dict)


FILTERS: dict[str, V2Filter] = {
    f.name: f
    for f in [
        V2Filter("ID", "id", "int"),
        V2Filter("PARENT_ID", "parentId", "int"),
        V2Filter("GROUP_ID", "groupId", "int"),
        V2Filter("CREATED_BY", "creatorId", "int"),
        V2Filter("STATUS_CHANGED_BY", "statusChangedById", "int"),
        V2Filter("PRIORITY", "priority", "priority"),
        V2Filter("FORUM_TOPIC_ID", "forumTopicId", "int"),
        V2Filter("RESPONSIBLE_ID", "responsibleId", "int"),
        V2Filter("TITLE", "title", "like"),
        V2Filter("TAG", None, "none"),
        V2Filter("REAL_STATUS", "status", "status"),
        V2Filter("STATUS", "status", "status"),
        V2Filter("MARK", "mark", "mark"),
        V2Filter("SITE_ID", "siteId", "text"),
        V2Filter("ADD_IN_REPORT", "addInReport", "yn"),
        V2Filter("DATE_START", "started", "date"),
        V2Filter("DEADLINE", "deadline", "date"),
        V2Filter("CREATED_DATE", "created", "date"),
        V2Filter("CLOSED_DATE", "closed", "date"),
        V2Filter("CHANGED_DATE", "changed", "date"),
        V2Filter("ACCOMPLICE", None, "member:accomplice"),
        V2Filter("AUDITOR", None, "member:auditor"),
        V2Filter("MEMBER", None, "member:any"),
        V2Filter("DEPENDS_ON", None, "none"),
        V2Filter("ONLY_ROOT_TASKS", None, "root"),
        V2Filter("STAGE_ID", "stageId", "int"),
        V2Filter("SPRINT_ID", None, "none"),
        V2Filter("BACKLOG_ID", None, "none"),
        V2Filter("FLOW_ID", "flowId", "int"),
        V2Filter("UF_CRM_TASK", "crmItemIds", "crm"),
    ]
}

# Order keys (CTasks::getAvailableOrderFields) → the TaskDto field sorted by; None: b24local keeps nothing to
# sort by, the key is accepted and the rows keep their order.
ORDER_KEYS: dict[str, str | None] = {
    "ID": "id",
    "TITLE": "title",
    "TIME_SPENT_IN_LOGS": None,
    "DATE_START": "started",
    "CREATED_DATE": "created",
    "CHANGED_DATE": "changed",
    "CLOSED_DATE": "closed",
    "ACTIVITY_DATE": "activity",
    "START_DATE_PLAN": "startPlan",
    "END_DATE_PLAN": "endPlan",
    "DEADLINE": "deadline",
    "REAL_STATUS": "status",
    "STATUS_COMPLETE": None,
    "PRIORITY": "priority",
    "MARK": "mark",
    "CREATED_BY_LAST_NAME": None,
    "RESPONSIBLE_LAST_NAME": None,
    "GROUP_ID": "groupId",
    "TIME_ESTIMATE": "estimatedTime",
    "ALLOW_CHANGE_DEADLINE": "allowsChangeDeadline",
    "ALLOW_TIME_TRACKING": "allowsTimeTracking",
    "MATCH_WORK_TIME": "matchesWorkTime",
    "FAVORITE": None,
    "SORTING": None,
    "IS_PINNED": None,
    "IS_PINNED_IN_GROUP": None,
}

# The sort rank of enumerated values (they sort by their v2 code, as the real columns hold codes).
RANKS: dict[str, dict[str, int]] = {
    "priority": {name: int(code) for name, code in PRIORITY_CODES.items()},
    "status": {name: int(code) for name, code in STATUS_CODES.items()},
    "mark": {"none": 0, "negative": 1, "positive": 2},
}

PAGE = 50  # tasks.task.list pages are always 50 rows


def scalar(form: str, value: Any) -> Any:
    """A stored TaskDto value in its v2 form (dates excepted: they need the portal's zone)."""
    if form in (ID, NUM):
        return None if value is None else str(value)
    if form == ID0:
        return str(value or 0)
    if form == YN:
        return "Y" if value else "N"
    if form == PRIORITY:
        return PRIORITY_CODES.get(value, "1")
    if form == STATUS:
        return STATUS_CODES.get(value, "2")
    if form == MARK:
        return MARK_CODES.get(value)
    if form == DURATION:
        return DURATION_CODES.get(value, value)
    if form == IDS:
        return [str(v) for v in value or []]
    return value


# The task history (tasks.task.history.list) names its records by the v2 names of the tracked fields.
TRACKED: tuple[V2Field, ...] = tuple(f for f in FIELDS if f.history)
