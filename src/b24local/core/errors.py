"""The error catalogue: every error the server can answer, declared once.

An entry holds the code, the HTTP status and the message template. Code anywhere raises
``ApiError(ENTRY, **placeholders)``; the envelope renders it in the shape of the API that was called:

* v2 (``/rest/…``): ``{"error": CODE, "error_description": TEXT}``
* v3 (``/rest/api/…``): ``{"error": {"code": CODE, "message": TEXT[, "validation": [...]]}}``

A v2 entry may name the v3 entry it turns into on ``/rest/api/`` (docs/fidelity.md, "Protocol": bad auth
there is ``…ACCESSDENIEDEXCEPTION`` 401, a missing scope ``…INSUFFICIENTSCOPEEXCEPTION``, and so on). Entries
marked ``v2_everywhere`` keep their v2 shape on every path (the balancer's ``QUERY_LIMIT_EXCEEDED``).

Sources (paths in bitrix24/b24restdocs): the "Statuses and System Error Codes" table of the seed
documents (tests/clients/seeds/) and ``_includes/system-errors.md``; ``api-reference/rest-v3.md`` and the
error tables of ``api-reference/tasks/*-rest-v3.md`` and ``api-reference/tasks/result/*.md``; those of
``api-reference/crm/universal/crm-item-*.md`` and ``user-defined-object-types/crm-type-*.md``. Where they
disagree, the choice is a row of docs/fidelity.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ErrorDef:
    code: str
    status: int
    message: str
    family: str = "v2"  # "v2" or "v3": the envelope it belongs to
    v3: ErrorDef | None = None  # what it becomes on /rest/api/
    v2_everywhere: bool = False
    validation: bool = False  # v3: the body always carries a ``validation`` list

    def render_message(self, params: dict[str, Any]) -> str:
        if not params:
            return self.message
        text = self.message
        for key, value in params.items():
            text = text.replace("#" + key.upper() + "#", str(value))
        return text


class ApiError(Exception):
    """An error answer. Raise it from any layer; the envelope renders it."""

    def __init__(
        self,
        error: ErrorDef,
        *,
        validation: list[dict[str, Any]] | None = None,
        message: str | None = None,
        status: int | None = None,
        extra: dict[str, Any] | None = None,
        **params: Any,
    ) -> None:
        self.error = error
        self.params = params
        self.message = message if message is not None else error.render_message(params)
        self.status = status if status is not None else error.status
        self.validation = validation
        self.extra = extra
        super().__init__(f"{error.code}: {self.message}")

    @property
    def code(self) -> str:
        return self.error.code


def v3_validation(error: ErrorDef, *items: tuple[str, str | None]) -> ApiError:
    """A v3 validation error with ``(message, field)`` items; ``field`` None leaves the key out."""
    rendered: list[dict[str, Any]] = []
    for text, field in items:
        item: dict[str, Any] = {"message": text}
        if field is not None:
            item["field"] = field
        rendered.append(item)
    return ApiError(error, validation=rendered)


def _v3(name: str, status: int, message: str, validation: bool = False) -> ErrorDef:
    return ErrorDef("BITRIX_REST_V3_" + name, status, message, family="v3", validation=validation)


class V3:
    """``BITRIX_REST_V3_*`` codes (api-reference/rest-v3.md "Structure of an unsuccessful response"; the
    error tables of the v3 tasks pages)."""

    REQUEST_VALIDATION = _v3(
        "EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION", 400, "Error during request object validation", True
    )
    DTO_VALIDATION = _v3("EXCEPTION_VALIDATION_DTOVALIDATIONEXCEPTION", 400, "Object validation error", True)
    REQUEST_FILTER_VALIDATION = _v3(
        "EXCEPTION_VALIDATION_REQUESTFILTERVALIDATIONEXCEPTION", 400, "Error during request object validation", True
    )
    INVALID_JSON = _v3("EXCEPTION_INVALIDJSONEXCEPTION", 400, "Invalid JSON.")
    UNKNOWN_DTO_PROPERTY = _v3(
        "EXCEPTION_UNKNOWNDTOPROPERTYEXCEPTION", 400, "Unknown field `#FIELD#` for entity `#DTO#`"
    )
    UNKNOWN_FILTER_OPERATOR = _v3("EXCEPTION_UNKNOWNFILTEROPERATOREXCEPTION", 400, "Unknown filter operator")
    INVALID_FILTER = _v3("EXCEPTION_INVALIDFILTEREXCEPTION", 400, "Unable to recognize filter expression `#FILTER#`")
    INVALID_ORDER = _v3("EXCEPTION_INVALIDORDEREXCEPTION", 400, "Unable to recognize sorting parameter `#ORDER#`")
    INVALID_PAGINATION = _v3(
        "EXCEPTION_INVALIDPAGINATIONEXCEPTION", 400, "Unable to recognize pagination parameter `#PAGE#`"
    )
    INVALID_SELECT = _v3("EXCEPTION_INVALIDSELECTEXCEPTION", 400, "Unable to recognize select expression `#SELECT#`")
    ENTITY_NOT_FOUND = _v3("EXCEPTION_ENTITYNOTFOUNDEXCEPTION", 400, "Record with ID = `#ID#` not found")
    ACCESS_DENIED = _v3("EXCEPTION_ACCESSDENIEDEXCEPTION", 403, "Access denied")
    AUTH_FAILED = _v3("EXCEPTION_ACCESSDENIEDEXCEPTION", 401, "Access denied")
    INSUFFICIENT_SCOPE = _v3(
        "EXCEPTION_INSUFFICIENTSCOPEEXCEPTION", 403, "Insufficient access rights: required scope is missing"
    )
    METHOD_NOT_FOUND = _v3("EXCEPTION_METHODNOTFOUNDEXCEPTION", 404, 'Method "#METHOD#" was not found.')
    RATE_LIMIT = _v3("EXCEPTION_RATELIMITEXCEPTION", 429, "Request was blocked because the limit was exceeded.")
    INTERNAL = _v3("EXCEPTION_INTERNAL_INTERNALEXCEPTION", 500, "Something's gone wrong.")
    FIELD_NOT_FOUND = _v3("REALISATION_EXCEPTION_FIELDNOTFOUNDEXCEPTION", 404, "Field `#FIELD#` not found")
    IDEMPOTENCY_KEY_REUSED = _v3(
        "EXCEPTION_IDEMPOTENCYKEYREUSEDEXCEPTION",
        422,
        "The idempotency key has already been used with a different request body",
    )
    INVALID_IDEMPOTENCY_KEY = _v3(
        "EXCEPTION_INVALIDIDEMPOTENCYKEYEXCEPTION",
        400,
        "The Idempotency-Key header must be 1 to 255 printable ASCII characters",
    )
    PAYLOAD_TOO_LARGE = _v3("EXCEPTION_PAYLOADTOOLARGEEXCEPTION", 413, "Request body is larger than #LIMIT# bytes")
    # -- main.eventlog.* (api-reference/event-log/main-eventlog-get.md, -list.md, -tail.md) --
    ENTRY_NOT_FOUND = _v3("EXCEPTION_ENTITYNOTFOUNDEXCEPTION", 400, "Entry with ID = `#ID#` not found")
    EVENTLOG_PAGINATION = _v3(
        "EXCEPTION_INVALIDPAGINATIONEXCEPTION", 400, "Cannot recognize pagination parameter `#PAGE#`"
    )


# Validation item texts (the error tables of api-reference/tasks/*-rest-v3.md and api-reference/tasks/result/*.md);
# ``#FIELD#`` etc. are filled by ``fill``.
class Msg:
    REQUIRED_FIELD = "Required field `#FIELD#` is missing"
    FIELD_TYPE = "Field `#FIELD#` requires data type `#TYPE#` for this request"
    DTO_ATTRIBUTE = (
        "In DTO `#DTO#`, the field `#FIELD#` requires the presence of the `#ATTRIBUTE#` attribute for such a request"
    )
    NOT_FILLABLE = "Field `#FIELD#` is not available for filling"
    FILTER_REQUIRED = "A filter for the required field `#FIELD#` must be specified"
    AT_LEAST_ONE = "At least one required field must be filled: #FIELDS#"
    ONLY_ONE = "Only one of the values must be provided: #FIELDS#"
    NOT_EMPTY = "The field value cannot be empty"

    # -- tasks (REST v3) family: seed 004 (add) and seed 002 (update) texts; tasks-task-*-rest-v3.md --
    REQUIRED_NOT_SPECIFIED = "Required field `#FIELD#` is not specified"
    TASK_BAD_TITLE = "Task title not specified"
    TASK_ADD_BAD_RESPONSIBLE = 'User specified in the "Executor" field not found'
    TASK_ADD_BAD_CREATOR = ""  # seed 004 shows the creator row's text as `""`
    TASK_ADD_BAD_PARENT = 'Task specified in the "Parent Task" field not found'
    TASK_ADD_BAD_PLAN_DATES = "The end date specified in the planning is earlier than the start date"
    TASK_ADD_BAD_DURATION = "The planning duration specified is too long"
    TASK_UPDATE_BAD_RESPONSIBLE = 'The user specified in the "Responsible" field was not found'
    TASK_UPDATE_BAD_PARENT = 'The task specified in the "Parent Task" field was not found'
    TASK_UPDATE_BAD_PLAN_DATES = "The end date specified in the planning is earlier than the start date"
    TASK_UPDATE_BAD_DURATION = "The duration of the task specified in the planning is too long"
    TASK_PARENT_SELF = "Cannot bind a node to itself"
    TASK_PARENT_CYCLE = "Creating cyclic links in tasks is prohibited"
    TASK_INCORRECT_STATUS = "Incorrect status"
    RESULT_TASK_ID_POSITIVE = "Task id must be positive"
    RESULT_TASK_NOT_FOUND = "Task not found"
    RESULT_NOT_FOUND = "Result not found"
    MESSAGE_NOT_FOUND = "Message not found"
    # seed 001's top-level message of REQUESTVALIDATION on tasks.task.result.delete (seeds 002/004 use
    # V3.REQUEST_VALIDATION's "Error during request object validation")
    RESULT_DELETE_VALIDATION = "Error validating the request object"
    # seed 002's wording of the type error on tasks.task.update (seed 004: Msg.FIELD_TYPE)
    FIELD_TYPE_UPDATE = "The field `#FIELD#` requires data type `#TYPE#` for such a request"


def fill(template: str, **params: Any) -> str:
    for key, value in params.items():
        template = template.replace("#" + key.upper() + "#", str(value))
    return template


class E:
    """General v2 errors (the seeds' "Statuses and System Error Codes" table) and CRM errors."""

    INTERNAL_SERVER_ERROR = ErrorDef("INTERNAL_SERVER_ERROR", 500, "Internal server error", v3=V3.INTERNAL)
    ERROR_UNEXPECTED_ANSWER = ErrorDef("ERROR_UNEXPECTED_ANSWER", 500, "Server returned an unexpected response")
    QUERY_LIMIT_EXCEEDED = ErrorDef("QUERY_LIMIT_EXCEEDED", 503, "Too many requests", v2_everywhere=True)
    ERROR_BATCH_METHOD_NOT_ALLOWED = ErrorDef(
        "ERROR_BATCH_METHOD_NOT_ALLOWED", 405, "Method is not allowed for batch usage"
    )
    ERROR_BATCH_LENGTH_EXCEEDED = ErrorDef("ERROR_BATCH_LENGTH_EXCEEDED", 400, "Max batch length exceeded")
    NO_AUTH_FOUND = ErrorDef("NO_AUTH_FOUND", 401, "Wrong authorization data", v3=V3.AUTH_FAILED)
    INVALID_REQUEST = ErrorDef("INVALID_REQUEST", 400, "Https required", v3=V3.AUTH_FAILED)
    OVERLOAD_LIMIT = ErrorDef("OVERLOAD_LIMIT", 503, "REST API is blocked due to overload", v3=V3.AUTH_FAILED)
    ACCESS_DENIED_PLAN = ErrorDef(
        "ACCESS_DENIED", 403, "REST API is available only on commercial plans", v3=V3.AUTH_FAILED
    )
    INVALID_CREDENTIALS = ErrorDef("INVALID_CREDENTIALS", 403, "Invalid request credentials", v3=V3.AUTH_FAILED)
    ERROR_MANIFEST_IS_NOT_AVAILABLE = ErrorDef("ERROR_MANIFEST_IS_NOT_AVAILABLE", 404, "Manifest is not available")
    INSUFFICIENT_SCOPE = ErrorDef(
        "insufficient_scope",
        403,
        "The request requires higher privileges than provided by the webhook token",
        v3=V3.INSUFFICIENT_SCOPE,
    )
    INSUFFICIENT_SCOPE_TOKEN = ErrorDef(
        "insufficient_scope",
        403,
        "The request requires higher privileges than provided by the access token",
        v3=V3.INSUFFICIENT_SCOPE,
    )
    EXPIRED_TOKEN = ErrorDef("expired_token", 401, "The access token provided has expired", v3=V3.AUTH_FAILED)
    USER_ACCESS_ERROR = ErrorDef(
        "user_access_error", 403, "The user does not have access to the application", v3=V3.AUTH_FAILED
    )
    PORTAL_DELETED = ErrorDef("PORTAL_DELETED", 500, "Portal was deleted", v3=V3.AUTH_FAILED)
    ERROR_METHOD_NOT_FOUND = ErrorDef("ERROR_METHOD_NOT_FOUND", 404, "Method not found!", v3=V3.METHOD_NOT_FOUND)
    OPERATION_TIME_LIMIT = ErrorDef(
        "OPERATION_TIME_LIMIT", 429, "Method is blocked due to operation time limit.", v3=V3.RATE_LIMIT
    )
    PAYLOAD_TOO_LARGE = ErrorDef(
        "PAYLOAD_TOO_LARGE", 413, "Request body is larger than #LIMIT# bytes", v3=V3.PAYLOAD_TOO_LARGE
    )
    WRONG_ENCODING = ErrorDef("WRONG_ENCODING", 400, "Wrong request encoding")
    ACCESS_DENIED_APP_CONTEXT = ErrorDef("ACCESS_DENIED", 403, "Access denied! Application context required")
    ACCESS_DENIED_USER = ErrorDef("ACCESS_DENIED", 403, "Access denied! User authorization required")
    ERROR_CORE = ErrorDef("ERROR_CORE", 400, "#TEXT#")
    ERROR_ARGUMENT = ErrorDef("ERROR_ARGUMENT", 400, "#TEXT#")
    USER_UNKNOWN_SORT = ErrorDef(
        "100", 400, "Unknown field definition `#FIELD#` (#FIELD#) for \\Bitrix\\Intranet\\User Entity."
    )
    INVALID_ARG_VALUE = ErrorDef("INVALID_ARG_VALUE", 400, "#TEXT#")

    # CRM (seed 003's error table; the error tables of api-reference/crm/universal/crm-item-*.md)
    NOT_FOUND_ITEM = ErrorDef("NOT_FOUND", 400, "Item not found")
    NOT_FOUND_SPA = ErrorDef("NOT_FOUND", 400, "SPA not found")
    ACCESS_DENIED = ErrorDef("ACCESS_DENIED", 400, "Access denied")
    ALLOWED_ONLY_INTRANET_USER = ErrorDef("allowed_only_intranet_user", 403, "Action allowed only for intranet users")
    MISSING_PARAMETER = ErrorDef("100", 400, "Could not find value for parameter {#NAME#}")
    WRONG_PARAMETER_TYPE = ErrorDef(
        "100", 400, "Invalid value {#VALUE#} to match with parameter {#NAME#}. Should be value of type #TYPE#."
    )
    ENTITY_TYPE_NOT_SUPPORTED = ErrorDef("ENTITY_TYPE_NOT_SUPPORTED", 400, "Entity type #NAME# is not supported")

    # -- CRM items and types (crm-item-*.md and user-defined-object-types/crm-type-*.md error tables) --
    CRM_READ_DENIED = ErrorDef("ACCESS_DENIED", 400, "You don't have permission to view this item.")
    CRM_TYPE_NOT_FOUND = ErrorDef("0", 400, "SPA not found")
    CRM_TYPE_HAS_ITEMS = ErrorDef("BX_ERROR", 400, "You cannot delete an entity type that has elements")
    CRM_ENTITY_TYPE_OUT_OF_RANGE = ErrorDef("INVALID_ARG_VALUE", 400, "entityTypeId is out of allowed range")
    CRM_ENTITY_TYPE_TAKEN = ErrorDef("INVALID_ARG_VALUE", 400, "entityTypeId #ID# is already used by another SPA")
    CRM_FIELD_VALUE_NOT_VALID = ErrorDef("CRM_FIELD_ERROR_VALUE_NOT_VALID", 400, 'Invalid value for field "#FIELD#"')
    CRM_FIELD_REQUIRED = ErrorDef("CRM_FIELD_ERROR_REQUIRED", 400, 'The "#FIELD#" field is required')
    CRM_EXPECTED_ITERABLE = ErrorDef("100", 400, "Expected iterable value for multiple field, but got #TYPE# instead")
    CRM_FILTER_FIELD = ErrorDef("INVALID_ARG_VALUE", 400, "Invalid filter: field '#FIELD#' is not allowed in filter")
    CRM_FILTER_VALUE = ErrorDef("INVALID_ARG_VALUE", 400, "Invalid filter: field '#FIELD#' has invalid value")
    CRM_ORDER_FIELD = ErrorDef("INVALID_ARG_VALUE", 400, "Invalid order: field '#FIELD#' is not allowed in order")
    CRM_ORDER_DIRECTION = ErrorDef(
        "INVALID_ARG_VALUE",
        400,
        "Invalid order: allowed sort directions are ASC, DESC. But got '#VALUE#' for field '#FIELD#'",
    )

    # -- CRM product rows, activities, timeline comments; users and departments (issue 13, second half) --
    # crm.item.productrow.* and crm.timeline.comment.add/update/delete: the codes of their pages' error
    # tables, the texts observed on the real server (not documented); a missing product row is
    # NOT_FOUND_ITEM above (crm-item-productrow-get.md's example).
    CRM_OWNER_NOT_FOUND = ErrorDef("OWNER_NOT_FOUND", 400, "Owner was not found")
    CRM_ARGUMENT_REQUIRED = ErrorDef("REQUIRED_ARG_MISSING", 400, "Argument '#NAME#' is required")
    CRM_FIELD_NOT_UPDATABLE = ErrorDef("INVALID_ARG_VALUE", 400, "Field '#FIELD#' not available for update")
    CRM_FILTER_NOT_SCALAR = ErrorDef(
        "INVALID_ARG_VALUE", 400, "Value for filter key '#KEY#' should be either string or number"
    )
    CRM_RECORD_NOT_FOUND = ErrorDef("NOT_FOUND", 400, "Not found.")  # comments, to-dos (their pages' example)
    CRM_EMPTY_COMMENT = ErrorDef("INVALID_ARG_VALUE", 400, "Empty comment message")
    CRM_MULTIPLE_BINDINGS = ErrorDef("MULTIPLE_BINDINGS", 400, "Entity has multiple bindings")
    CRM_WRONG_DATETIME = ErrorDef("WRONG_DATETIME_FORMAT", 400, "Wrong datetime format")
    # product-row normalisation (observed behaviour of the real server, not documented; code 0 as crm.type's)
    PRODUCT_ROW_RATE_REQUIRED = ErrorDef(
        "0",
        400,
        "Discount Rate (DISCOUNT_RATE) is required if Percentage Discount Type (DISCOUNT_TYPE_ID) is used. ID = #ID#",
    )
    PRODUCT_ROW_SUM_REQUIRED = ErrorDef(
        "0",
        400,
        "Discount Sum (DISCOUNT_SUM) is required if Monetary Discount Type (DISCOUNT_TYPE_ID) is used. ID = #ID#",
    )
    PRODUCT_ROW_FULL_DISCOUNT_SUM_REQUIRED = ErrorDef(
        "0",
        400,
        "Discount Sum (DISCOUNT_SUM) is required if Percentage Discount Type (DISCOUNT_TYPE_ID) is used and "
        "Discount Rate (DISCOUNT_RATE) is 100%. ID = #ID#",
    )
    # crm.deal.productrows.set (lead, quote): the same three rules in the legacy texts (crm-deal-productrows-set.md)
    PRODUCT_ROWS_RATE_REQUIRED = ErrorDef(
        "ERROR_CORE",
        400,
        "Discount Rate (DISCOUNT_RATE) is required if Percentage Discount Type (DISCOUNT_TYPE_ID) is defined.<br>",
    )
    PRODUCT_ROWS_SUM_REQUIRED = ErrorDef(
        "ERROR_CORE",
        400,
        "Discount Sum (DISCOUNT_SUM) is required if Monetary Discount Type (DISCOUNT_TYPE_ID) is defined.<br>",
    )
    PRODUCT_ROWS_FULL_DISCOUNT_SUM_REQUIRED = ErrorDef(
        "ERROR_CORE",
        400,
        "Discount Sum (DISCOUNT_SUM) is required if Percentage Discount Type (DISCOUNT_TYPE_ID) is defined and "
        "Discount Rate (DISCOUNT_RATE) is 100%<br>",
    )
    # The legacy CRM methods (product rows, activities, timeline comments' get/list): an empty code, texts
    # ending with a period (crm-activity-*.md, crm-deal-productrows-*.md, crm-timeline-comment-get.md,
    # crm-timeline-bindings-bind.md for the ENTITY_ texts).
    LEGACY_ID_INVALID = ErrorDef("", 400, "ID is not defined or invalid.")
    LEGACY_PARAMETER_ID_INVALID = ErrorDef("", 400, "The parameter id is invalid or not defined.")
    LEGACY_ROWS_NOT_ARRAY = ErrorDef("", 400, "The parameter rows must be array.")
    LEGACY_ACCESS_DENIED = ErrorDef("", 400, "Access denied.")
    LEGACY_NOT_FOUND = ErrorDef("", 400, "Not found.")
    LEGACY_PARAMETER_NOT_ARRAY = ErrorDef("", 400, "Parameter '#NAME#' must be array.")
    LEGACY_ENTITY_ID_INVALID = ErrorDef("", 400, "ENTITY_ID is not defined or invalid.")
    LEGACY_ENTITY_TYPE_INVALID = ErrorDef("", 400, "ENTITY_TYPE is not defined or invalid.")
    ACTIVITY_NOT_FOUND = ErrorDef("", 400, "Activity is not found.")
    ACTIVITY_SUBJECT = ErrorDef("", 400, "The field SUBJECT is not defined or empty.")
    ACTIVITY_RESPONSIBLE = ErrorDef("", 400, "The field RESPONSIBLE_ID is not defined or invalid.")
    ACTIVITY_TYPE = ErrorDef("", 400, "The field TYPE_ID is not defined or invalid.")
    ACTIVITY_TYPE_NOT_SUPPORTED = ErrorDef("", 400, 'The activity type "#NAME# is not supported in current context".')
    ACTIVITY_NO_PROVIDER = ErrorDef(
        "", 400, "The custom activity without provider is not supported in current context."
    )
    ACTIVITY_COMMUNICATIONS = ErrorDef("", 400, "The field COMMUNICATIONS is not defined or invalid.")
    ACTIVITY_ONE_COMMUNICATION = ErrorDef(
        "", 400, "The only one communication is allowed for activity of specified type."
    )
    ACTIVITY_NO_BINDING = ErrorDef(
        "", 400, "Could not build binding. Please ensure that owner info and communications are defined correctly."
    )
    ACTIVITY_OWNER_NOT_FOUND = ErrorDef("", 400, "Could not find '#NAME#' with ID: #ID#")
    # user.add / user.update (api-reference/user/user-add.md, user-update.md; ERROR_ARGUMENT answers carry
    # "argument": "" as the docs' example shows)
    USER_ACCESS_DENIED = ErrorDef("ERROR_CORE", 400, "access_denied")
    USER_NOT_UPDATED = ErrorDef("ERROR_CORE", 400, "")
    USER_WRONG_EMAIL = ErrorDef("ERROR_ARGUMENT", 400, "wrong_email")
    USER_EMAIL_TAKEN = ErrorDef("ERROR_ARGUMENT", 400, "A user with this email already exists")
    USER_NO_DEPARTMENT = ErrorDef("ERROR_ARGUMENT", 400, "no_extranet_field")
    USER_NO_GROUP_CODE = ErrorDef("ERROR_GROUPID", 400, "Group code not specified")
    USER_BAD_GROUP = ErrorDef("ERROR_NO_GROUP", 400, "Group is specified incorrectly")
    # a narrower user scope's user.add/update (user-scope.md; the HTTP 200: observed, not documented)
    USER_SCOPE_TOO_NARROW = ErrorDef(
        "insufficient_scope", 200, "The request requires higher privileges than provided by the access token"
    )
    # department.* (api-reference/departments/department-add.md, -update.md, -delete.md)
    DEPARTMENT_NAME_MISSING = ErrorDef("ERROR_CORE", 400, "Department name not provided.<br>")
    DEPARTMENT_SECOND_ROOT = ErrorDef(
        "ERROR_CORE", 400, "There can only be one top-level department in the company structure"
    )
    DEPARTMENT_NOT_FOUND = ErrorDef("ERROR_CORE", 400, "Department not found")
    DEPARTMENT_ACCESS_DENIED = ErrorDef("ERROR_CORE", 400, "Access denied")


class T2:
    """Tasks over REST v2 (``tasks.task.*`` on ``/rest/``, the positional ``task.*`` methods): the codes and
    texts of api-reference/tasks/tasks-task-*.md, status/*.md, user-actions/*.md, result/*.md and the
    comment-item, checklist-item and elapsed-item pages. Every one answers HTTP 400, as those pages say."""

    WRONG_ID = ErrorDef("0", 400, "wrong task id")
    NO_ID = ErrorDef("100", 400, "CTaskItem All parameters in the constructor must have real class type")
    # start, complete, delegate and update wrap the exception's message (code "0"); pause, defer, renew,
    # approve and disapprove keep the task exception's code (status/*.md error tables)
    NOT_ALLOWED = ErrorDef("0", 400, "Action on the task is not allowed")
    NOT_ALLOWED_TE = ErrorDef("1048582", 400, "Action on the task is not allowed")
    DELETE_DENIED = ErrorDef("1048582", 400, "No access to delete the task")
    WATCH_DENIED = ErrorDef("1048584", 400, "a:0:{}")
    FAVORITE_DENIED = ErrorDef("1", 400, "Task not found or not accessible")
    BAD_ORDER = ErrorDef("0", 400, "Invalid sorting key")
    BAD_SELECT = ErrorDef("0", 400, "Invalid select data")
    ACCESS_DENIED = ErrorDef("0", 400, "Access denied.")
    TASK_NOT_FOUND = ErrorDef("0", 400, "Task not found.")
    COMMENT_NOT_FOUND = ErrorDef("0", 400, "Comment not found.")
    RESULT_EXISTS = ErrorDef("0", 400, "Result already exists.")
    USER_NOT_FOUND = ErrorDef("0", 400, "User not found.")
    GROUP_NOT_FOUND = ErrorDef("0", 400, "Group not found or access denied.")
    # add (api-reference/tasks/tasks-task-add.md): the JSON example's text for the title, the table's for the
    # others, each with the ``<br>`` that ends every ERROR_CORE message of the task core
    ADD_TITLE = ErrorDef("ERROR_CORE", 400, "Task title is not specified<br>")
    ADD_NO_RESPONSIBLE = ErrorDef("ERROR_CORE", 400, "Responsible person not specified<br>")
    ADD_RESPONSIBLE = ErrorDef("ERROR_CORE", 400, 'User specified in the "Responsible" field not found<br>')
    ADD_CREATOR = ErrorDef("ERROR_CORE", 400, 'User specified in the "Creator" field not found<br>')
    ADD_STATUS = ErrorDef("ERROR_CORE", 400, "Incorrect status<br>")
    ADD_PARENT = ErrorDef("ERROR_CORE", 400, 'Task specified in the "Parent Task" field not found<br>')
    ADD_PLAN_ORDER = ErrorDef("ERROR_CORE", 400, "The end date in scheduling is earlier than the start date<br>")
    ADD_PLAN_LENGTH = ErrorDef("ERROR_CORE", 400, "The specified task duration is too long<br>")
    # update (api-reference/tasks/tasks-task-update.md)
    UPDATE_RESPONSIBLE = ErrorDef("ERROR_CORE", 400, 'The user specified in the "Responsible" field was not found<br>')
    UPDATE_STATUS = ErrorDef("ERROR_CORE", 400, "Invalid status<br>")
    UPDATE_PARENT = ErrorDef("ERROR_CORE", 400, 'The task specified in the "Parent Task" field was not found<br>')
    UPDATE_PARENT_SELF = ErrorDef("ERROR_CORE", 400, "Cannot bind the node to itself<br>")
    UPDATE_PARENT_CYCLE = ErrorDef("ERROR_CORE", 400, "Creating cyclic links in tasks is prohibited<br>")
    UPDATE_PLAN_ORDER = ErrorDef(
        "ERROR_CORE", 400, "The end date specified in the scheduling is earlier than the start date<br>"
    )
    UPDATE_PLAN_LENGTH = ErrorDef(
        "ERROR_CORE", 400, "The duration of the task specified in the scheduling is too long<br>"
    )
    # the positional task.* methods (comment-item, checklist-item, elapsed-item pages): task exceptions
    # rendered as "TASKS_ERROR_EXCEPTION_#<code>; <message>; <code>/TE/<name><br>"
    TE_MISSING = ErrorDef(
        "ERROR_CORE",
        400,
        "TASKS_ERROR_EXCEPTION_#256; Param ##INDEX# (#NAME#) expected by method #CLASS#::#METHOD#(), but not given.;"
        " 256/TE/WRONG_ARGUMENTS<br>",
    )
    TE_WRONG_TYPE = ErrorDef(
        "ERROR_CORE",
        400,
        'TASKS_ERROR_EXCEPTION_#256; Param ##INDEX# (#NAME#) for method #CLASS#::#METHOD#() expected to be of type "#TYPE#",'
        " but given something else.; 256/TE/WRONG_ARGUMENTS<br>",
    )
    TE_BAD_KEY = ErrorDef(
        "ERROR_CORE",
        400,
        'TASKS_ERROR_EXCEPTION_#256; Param ##INDEX# (#NAME#) for method #CLASS#::#METHOD#() must not contain key "#KEY#".;'
        " 256/TE/WRONG_ARGUMENTS<br>",
    )
    TE_NOT_ALLOWED = ErrorDef(
        "ERROR_CORE", 400, "TASKS_ERROR_EXCEPTION_#4; Action is not allowed; 4/TE/ACTION_NOT_ALLOWED<br>"
    )
    TE_FAILED = ErrorDef("ERROR_CORE", 400, "TASKS_ERROR_EXCEPTION_#8; #TEXT#; 8/TE/ACTION_FAILED_TO_BE_PROCESSED<br>")
    TE_NOT_FOUND = ErrorDef(
        "ERROR_CORE",
        400,
        "TASKS_ERROR_EXCEPTION_#512; #WHAT# not found or not accessible; 512/TE/ITEM_NOT_FOUND_OR_NOT_ACCESSIBLE<br>",
    )
    TE_ASSERT = ErrorDef("ERROR_CORE", 400, "TASKS_ERROR_ASSERT_EXCEPTION<br>")
    COMMENT_NO_TEXT = ErrorDef("ERROR_CORE", 400, "Comment text is not specified<br>")
    COMMENT_ADD_DENIED = ErrorDef("ERROR_CORE", 400, "Insufficient permissions to add a comment.<br>")
    CHECKLIST_NO_TITLE = ErrorDef(
        "ERROR_CORE", 400, "TASKS_ERROR_EXCEPTION_#8; Item name not specified; 8/TE/ACTION_FAILED_TO_BE_PROCESSED<br>"
    )
    ELAPSED_NOT_FOUND = ErrorDef("ERROR_CORE", 400, "TASKS_ERROR_EXCEPTION_#1; Task not found; 1/TE/TASK_NOT_FOUND<br>")


def v3_shape(error: ErrorDef) -> ErrorDef:
    """The entry as it renders on ``/rest/api/``."""
    if error.family == "v3" or error.v2_everywhere:
        return error
    return error.v3 or error
