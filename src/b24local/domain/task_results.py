"""Task results (api-reference/tasks/result/*.md): rows, their ResultDto output and the author/admin rules."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update

from b24local.core.context import Call
from b24local.domain.users import get_user, user_dto
from b24local.schema.request import Select
from b24local.schema.result_dto import RESULT_DEFAULT, RESULT_DTO
from b24local.store import tables_tasks as tt
from b24local.store.rows import insert_id

FIELD_OF = {
    "id": "id",
    "task_id": "taskId",
    "text": "text",
    "author_id": "authorId",
    "created_at": "createdAt",
    "updated_at": "updatedAt",
    "status": "status",
    "message_id": "messageId",
    "file_ids": "fileIds",
}


def as_fields(row: Any) -> dict[str, Any]:
    return {FIELD_OF[k]: v for k, v in dict(row).items()}


def load(call: Call, result_id: int, *, for_update: bool = False) -> dict[str, Any] | None:
    q = select(tt.task_results).where(tt.task_results.c.id == result_id)
    if for_update:
        q = q.with_for_update()
    row = call.conn.execute(q).mappings().first()
    return as_fields(row) if row else None


def for_task(call: Call, task_id: int) -> list[dict[str, Any]]:
    q = select(tt.task_results).where(tt.task_results.c.task_id == task_id)
    return [as_fields(r) for r in call.conn.execute(q).mappings()]


def create(call: Call, task_id: int, text: str, message_id: int | None = None) -> int:
    return insert_id(
        call.conn,
        tt.task_results.insert().values(
            task_id=task_id,
            author_id=call.user_id,
            text=text,
            created_at=call.portal.now(),
            updated_at=None,
            status="open",
            message_id=message_id,
            file_ids=[],
        ),
    )


def set_text(call: Call, result_id: int, text: str) -> None:
    call.conn.execute(
        update(tt.task_results).where(tt.task_results.c.id == result_id).values(text=text, updated_at=call.portal.now())
    )


def remove(call: Call, result_id: int) -> None:
    call.conn.execute(delete(tt.task_results).where(tt.task_results.c.id == result_id))


def can_edit(call: Call, result: dict[str, Any]) -> bool:
    return result["authorId"] == call.user_id  # author only, no admin override (tasks-task-result-update.md)


def can_remove(call: Call, result: dict[str, Any]) -> bool:
    return result["authorId"] == call.user_id or call.is_admin


def render(call: Call, result: dict[str, Any], sel: Select | None) -> dict[str, Any]:
    """A result as the real server fills it (observed behaviour): `id` always; without `select` the default
    set; `author` only when selected: alone it is the whole UserDto, with dotted paths only those sub-fields
    (api-reference/tasks/result/tasks-task-result-list-rest-v3.md lists `author` among the select values)."""
    plain = set(RESULT_DEFAULT) if (sel is None or not sel.plain) else set(sel.plain) | {"id"}
    relations: dict[str, list[str] | None] = dict(sel.relations) if sel else {}
    if "author" in plain and "author" not in relations:
        relations["author"] = None
    out: dict[str, Any] = {}
    for f in RESULT_DTO.fields:
        name = f.name
        if name in relations:
            out[name] = user_dto(get_user(call.conn, result["authorId"]), relations[name])
        elif name in plain:
            if name == "rights":
                out[name] = {"edit": can_edit(call, result), "remove": can_remove(call, result)}
            elif name in ("createdAt", "updatedAt"):
                out[name] = call.portal.iso(result[name])
            elif name == "fileIds":
                out[name] = result[name] or []
            else:
                out[name] = result[name]
    return out
