"""The TaskDto declaration against api-reference/tasks/fields-rest-v3.md and seed 004 (no server needed)."""

from __future__ import annotations

from b24local.schema.task_dto import DEFAULT_GET, TASK_DTO
from b24local.store import tables_tasks as tt
from tasks.helpers import SEED_ITEM


def test_task_dto_declaration():
    assert len(TASK_DTO.fields) == 95
    assert DEFAULT_GET == list(SEED_ITEM)
    by = TASK_DTO.by_name
    assert [f.name for f in TASK_DTO.fields if f.required] == ["title", "creatorId", "responsibleId"]
    assert [f.name for f in TASK_DTO.fields if f.filterable] == ["id"]
    assert [f.name for f in TASK_DTO.fields if f.sortable] == [
        "id",
        "title",
        "creatorId",
        "created",
        "responsibleId",
        "deadline",
        "startPlan",
        "endPlan",
        "groupId",
        "priority",
        "status",
        "started",
        "estimatedTime",
        "changed",
        "closed",
        "activity",
        "mark",
        "allowsChangeDeadline",
        "allowsTimeTracking",
    ]
    not_editable = [f.name for f in TASK_DTO.fields if not f.editable and not f.computed]
    assert {
        "id",
        "creatorId",
        "created",
        "accomplices",
        "auditors",
        "creator",
        "responsible",
        "parent",
        "chat",
        "tags",
        "userFields",
        "crmItems",
    } <= set(not_editable)
    assert by["responsibleId"].editable and not by["creatorId"].editable
    assert not by["description"].nullable and not by["creatorId"].nullable
    assert by["accomplices"].multiple and by["accomplices"].relation == "UserDto"
    # the list mapper's field set (observed on the real server; docs/fidelity.md "List")
    assert {f.name for f in TASK_DTO.fields if f.list_mapped} == set(
        "id,title,description,activity,deadline,creator,creatorId,responsible,responsibleId,groupId,group,flowId,"
        "flow,created,closed,changed,estimatedTime,allowsTimeTracking,allowsChangeDeadline,mark,startPlan,endPlan,"
        "status,tags,crmItems,crmItemIds,parentId,statusChanged,needsControl,guid,xmlId,siteId,forumTopicId,chatId,"
        "priority,accomplices,auditors,plannedDuration,actualDuration,durationType,started,changedBy,changedById,"
        "statusChangedBy,statusChangedById,exchangeId,outlookVersion,deadlineCount,exchangeModified,"
        "matchesWorkTime,addInReport,isMultitask".split(",")
    )


def test_tasks_table_follows_the_declaration():
    stored = [f.column for f in TASK_DTO.fields if f.column]
    assert [c.name for c in tt.tasks.columns] == stored
