"""The events a portal raises, declared once: the name a handler binds, the scope an application needs to
bind it, and the ``data`` its delivery carries. Writes raise them through ``domain.events.emit``; binding,
``events`` and delivery read this catalogue.

Payloads follow each event's page in the docs (``api-reference/tasks/events-tasks/``,
``api-reference/crm/*/events/``); ids travel as strings, as a form-encoded delivery carries them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Payload = Callable[..., dict[str, Any]]


@dataclass(frozen=True)
class EventDef:
    name: str  # upper case, as delivered (``ONTASKADD``)
    scope: str  # the scope an application must hold to bind it
    payload: Payload  # keyword ids → the event's ``data``


CATALOGUE: dict[str, EventDef] = {}


def declare(name: str, scope: str, payload: Payload) -> EventDef:
    event = EventDef(name, scope, payload)
    if name in CATALOGUE:
        raise ValueError(f"event {name} declared twice")
    CATALOGUE[name] = event
    return event


def fields_id(*, id: int, **_: Any) -> dict[str, Any]:
    return {"FIELDS": {"ID": str(id)}}


# -- tasks (api-reference/tasks/events-tasks/on-task-add.md, on-task-update.md, on-task-delete.md) ------
def _task_added(*, id: int) -> dict[str, Any]:
    return {
        "FIELDS_BEFORE": "undefined",
        "FIELDS_AFTER": {"ID": str(id)},
        "IS_ACCESSIBLE_BEFORE": "N",
        "IS_ACCESSIBLE_AFTER": "undefined",
    }


def _task_updated(*, id: int) -> dict[str, Any]:
    return {
        "FIELDS_BEFORE": {"ID": str(id)},
        "FIELDS_AFTER": {"ID": str(id)},
        "IS_ACCESSIBLE_BEFORE": "undefined",
        "IS_ACCESSIBLE_AFTER": "undefined",
    }


def _task_deleted(*, id: int) -> dict[str, Any]:
    return {
        "FIELDS_BEFORE": {"ID": str(id)},
        "FIELDS_AFTER": "undefined",
        "IS_ACCESSIBLE_BEFORE": "undefined",
        "IS_ACCESSIBLE_AFTER": "N",
    }


TASK_ADD = declare("ONTASKADD", "task", _task_added)
TASK_UPDATE = declare("ONTASKUPDATE", "task", _task_updated)
TASK_DELETE = declare("ONTASKDELETE", "task", _task_deleted)


# -- task comments (api-reference/tasks/comment-item/events-comment/on-task-comment-add.md, -update.md,
# -delete.md; the comment-item form, whose ID is the comment's) ----------------------------------------
def _comment_added(*, id: int, task_id: int) -> dict[str, Any]:
    return {
        "FIELDS_BEFORE": "undefined",
        "FIELDS_AFTER": {"ID": str(id), "TASK_ID": str(task_id)},
        "IS_ACCESSIBLE_BEFORE": "undefined",
        "IS_ACCESSIBLE_AFTER": "undefined",
    }


def _comment_changed(action: str) -> Payload:
    def payload(*, id: int, task_id: int) -> dict[str, Any]:
        return {
            "FIELDS_BEFORE": {"ID": str(id), "TASK_ID": str(task_id)},
            "FIELDS_AFTER": {"ID": str(id), "TASK_ID": str(task_id), "ACTION": action},
            "IS_ACCESSIBLE_BEFORE": "undefined",
            "IS_ACCESSIBLE_AFTER": "undefined",
        }

    return payload


TASK_COMMENT_ADD = declare("ONTASKCOMMENTADD", "task", _comment_added)
TASK_COMMENT_UPDATE = declare("ONTASKCOMMENTUPDATE", "task", _comment_changed("EDIT"))
TASK_COMMENT_DELETE = declare("ONTASKCOMMENTDELETE", "task", _comment_changed("DEL"))


# -- CRM items (api-reference/crm/deals/events/, leads/events/, contacts/events/, companies/events/,
# quote/events/, universal/events/) --------------------------------------------------------------------
def _dynamic(*, id: int, entity_type_id: int) -> dict[str, Any]:
    return {"FIELDS": {"ID": str(id), "ENTITY_TYPE_ID": str(entity_type_id)}}


CRM_ITEM_EVENTS: dict[str, dict[str, EventDef]] = {
    entity: {action: declare(f"ONCRM{entity}{action}", "crm", fields_id) for action in ("ADD", "UPDATE", "DELETE")}
    for entity in ("LEAD", "DEAL", "CONTACT", "COMPANY", "QUOTE")
}
# Smart processes and smart invoices; a handler may also bind ONCRMDYNAMICITEMADD_{entityTypeId}.
DYNAMIC_ITEM_EVENTS = {
    action: declare(f"ONCRMDYNAMICITEM{action}", "crm", _dynamic) for action in ("ADD", "UPDATE", "DELETE")
}
CRM_TYPE_EVENTS = {action: declare(f"ONCRMTYPE{action}", "crm", fields_id) for action in ("ADD", "UPDATE", "DELETE")}


# -- CRM activities and timeline comments (api-reference/crm/timeline/activities/events/,
# api-reference/crm/timeline/comments/events/: "Comment events pass only the identifier of the comment in
# the data.ID field") ---------------------------------------------------------------------------------
def _comment(*, id: int) -> dict[str, Any]:
    return {"ID": id}


CRM_ACTIVITY_EVENTS = {
    action: declare(f"ONCRMACTIVITY{action}", "crm", fields_id) for action in ("ADD", "UPDATE", "DELETE")
}
CRM_TIMELINE_COMMENT_EVENTS = {
    action: declare(f"ONCRMTIMELINECOMMENT{action}", "crm", _comment) for action in ("ADD", "UPDATE", "DELETE")
}


# -- users (api-reference/common/events/on-user-add.md): the new user's profile, keys in the docs' order;
# a field without a value is left out ("may be absent or have a value of null") ------------------------
USER_ADD_KEYS = (
    "ID", "ACTIVE", "EMAIL", "NAME", "LAST_NAME", "PERSONAL_GENDER", "PERSONAL_BIRTHDAY", "UF_DEPARTMENT",
    "DATE_REGISTER", "WORK_POSITION", "UF_EMPLOYMENT_DATE",
)  # fmt: skip


def _user_added(*, id: int, user: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"ID": id}
    for key in USER_ADD_KEYS[1:]:
        if user.get(key) not in (None, ""):
            data[key] = user[key]
    return data


USER_ADD = declare("ONUSERADD", "user", _user_added)
