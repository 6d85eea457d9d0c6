"""ResultDto (task results, api-reference/tasks/result/) and MessageDto (task chat messages), declared once."""

from __future__ import annotations

from b24local.schema.dto import ARRAY, DATETIME, INT, STRING, Dto, Field

RESULT_DTO = Dto(
    "ResultDto",
    [
        Field("id", INT, filterable=True, sortable=True, default_get=True, list_mapped=True),
        Field("taskId", INT, required=("add",), filterable=True, default_get=True, list_mapped=True),
        Field("text", STRING, editable=True, required=("add", "update"), default_get=True, list_mapped=True),
        Field("authorId", INT, filterable=True, sortable=True, default_get=True, list_mapped=True),
        Field("author", "UserDto", relation="UserDto", list_mapped=True),
        Field("createdAt", DATETIME, sortable=True, default_get=True, list_mapped=True),
        Field("updatedAt", DATETIME, sortable=True, default_get=True, list_mapped=True),
        Field("status", STRING, filterable=True, sortable=True, default_get=True, list_mapped=True),
        Field("fileIds", ARRAY, default_get=True, list_mapped=True),
        Field("rights", ARRAY, default_get=True, list_mapped=True),
        # accepted and ignored on add (observed behaviour of the real server, not documented: tasks-task-result-add.md
        # lists taskId and text only); the one required field of tasks-task-result-addfromchatmessage.md
        Field(
            "messageId",
            INT,
            computed=True,
            required=("addFromChatMessage",),
            filterable=True,
            sortable=True,
            default_get=True,
            list_mapped=True,
        ),
    ],
)

RESULT_DEFAULT = [f.name for f in RESULT_DTO.fields if f.default_get]

MESSAGE_DTO = Dto(
    "MessageDto",
    [
        Field("id", INT),
        Field("taskId", INT, required=("send",)),
        Field("text", STRING, required=("send",)),
    ],
)
