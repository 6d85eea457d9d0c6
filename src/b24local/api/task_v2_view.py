"""How a stored task looks over REST v2 (``{"task": {...}}`` of tasks.task.get and the rows of
tasks.task.list), read from the v2 declaration (``schema/task_v2.py``) over the same stored task as v3.

What the declaration calls computed is filled here from the task's other data: its members, its chat
messages (``commentsCount``), its checklist, its elapsed time, and the caller's own marks and rights
(``favorite``, ``isMuted``, ``action``). Forms of the values: api-reference/tasks/fields.md and the examples
of tasks-task-add.md, tasks-task-update.md and status/tasks-task-start.md.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from b24local.core.context import Call
from b24local.domain import chats, checklists, task_marks
from b24local.domain import tasks as T
from b24local.domain.users import full_name
from b24local.schema import task_v2 as v2
from b24local.store import tables as t
from b24local.store import tables_tasks as tt

DEFAULT_AVATAR = "/bitrix/images/tasks/default_avatar.png"
CHECKLIST_ACTIONS = ("modify", "remove", "toggle", "add", "addAccomplice")


def user_object(user: dict[str, Any] | None, user_id: int) -> dict[str, Any]:
    """A user as v2 task rows show them (``creator``, ``responsible``, ``auditorsData``…)."""
    return {
        "id": str(user_id),
        "name": full_name(user) if user else "",
        "link": f"/company/personal/user/{user_id}/",
        "icon": DEFAULT_AVATAR,
        "workPosition": (user or {}).get("work_position") or "",
    }


def selected(select_raw: Any) -> set[str] | None:
    """The UPPER names a ``select`` keeps (unknown and lower-case names drop out); None: the default set."""
    if select_raw is None:
        return None
    names = list(select_raw.values()) if isinstance(select_raw, dict) else list(select_raw)
    if not names or "*" in names:
        return None
    return {n for n in names if isinstance(n, str) and n in v2.BY_UPPER}


class View:
    """Renders the tasks of one call; what several tasks share (users) is read once."""

    def __init__(self, call: Call) -> None:
        self.call = call
        self.users: dict[int, dict[str, Any] | None] = {}

    def _user(self, user_id: int) -> dict[str, Any]:
        if user_id not in self.users:
            row = self.call.conn.execute(select(t.users).where(t.users.c.id == user_id)).mappings().first()
            self.users[user_id] = dict(row) if row else None
        return user_object(self.users[user_id], user_id)

    def _users_map(self, ids: list[int]) -> Any:
        return {str(i): self._user(i) for i in ids} or []

    def render(self, task: dict[str, Any], names: set[str] | None, *, mode: str = "get") -> dict[str, Any]:
        call = self.call
        conn = call.conn
        if names is None:
            names = {f.upper for f in v2.FIELDS if f.default_output}
        elif mode == "get" and names:
            names = names | {"FAVORITE"}  # the controller adds it to any select
        mem = T.members(conn, [task["id"]])[task["id"]]
        values: dict[str, Any] = {}
        for f in v2.FIELDS:
            if f.upper in names:
                values[f.key] = self._value(task, f, mem)
                for companion in v2.COMPANIONS.get(f.upper, ()):
                    values[companion] = self._companion(task, companion, mem)
        values["group"] = []
        if mode == "get":
            rights = T.rights(call, task, mem)
            favorite = task_marks.has(conn, task["id"], call.user_id, task_marks.FAVORITE)
            values["action"] = {v2.action_key(k): v for k, v in v2.actions(rights, favorite).items()}
            if "CHECKLIST" in names:
                values["checkListTree"] = self._tree(task, rights)
                values["checkListCanAdd"] = rights["checklistAdd"]
        out = {key: values[key] for key in v2.OUTPUT_ORDER if key in values}
        if mode == "list" and "STATUS" in names:
            out["subStatus"] = self._sub_status(task)
        return out

    # -- values ------------------------------------------------------------------------------------------
    def _value(self, task: dict[str, Any], f: v2.V2Field, mem: dict[str, list[int]]) -> Any:
        call, conn = self.call, self.call.conn
        if f.upper == "ACCOMPLICES":
            return [str(i) for i in mem["accomplice"]]
        if f.upper == "AUDITORS":
            return [str(i) for i in mem["auditor"]]
        if f.form == v2.COMPUTED:
            return self._computed(task, f.upper)
        value = task.get(f.source or "")
        if f.form == v2.DATE:
            return call.portal.iso(value)
        if f.form == v2.LIST:
            return list(value) if value else False  # an empty user field shows as false
        if f.form == v2.ID and not value:
            return None
        if f.upper == "EXCHANGE_ID" and value is not None:
            return str(value)
        del conn
        return v2.scalar(f.form, value)

    def _computed(self, task: dict[str, Any], upper: str) -> Any:
        call, conn = self.call, self.call.conn
        if upper == "STATUS_CHANGED_DATE":
            return call.portal.iso(task["statusChanged"] or task["created"])
        if upper == "COMMENTS_COUNT":
            count = chats.message_count(conn, task["chatId"]) if task.get("chatId") else 0
            return str(count) if count else None
        if upper == "TIME_SPENT_IN_LOGS":
            spent = conn.execute(
                select(func.sum(tt.task_elapsed.c.seconds)).where(tt.task_elapsed.c.task_id == task["id"])
            ).scalar()
            return str(int(spent)) if spent else None
        if upper == "NEW_COMMENTS_COUNT":
            return 0
        if upper in ("NOT_VIEWED", "IS_PINNED_IN_GROUP"):
            return "N"
        if upper == "SUBORDINATE":
            return "Y" if call.is_admin else "N"
        if upper in ("FAVORITE", "IS_MUTED", "IS_PINNED"):
            kind = {"FAVORITE": task_marks.FAVORITE, "IS_MUTED": task_marks.MUTE, "IS_PINNED": task_marks.PIN}[upper]
            return "Y" if task_marks.has(conn, task["id"], call.user_id, kind) else "N"
        if upper == "CHECKLIST":
            rights = T.rights(call, task)
            found = {str(item["id"]): self._checklist_item(item, rights) for item in checklists.items(conn, task["id"])}
            return found or []
        return None  # SPRINT_ID, BACKLOG_ID, FORUM_ID, VIEWED_DATE, SORTING, UF_MAIL_MESSAGE

    def _companion(self, task: dict[str, Any], key: str, mem: dict[str, list[int]]) -> Any:
        if key == "descriptionInBbcode":
            return "Y"
        if key == "creator":
            return self._user(task["creatorId"])
        if key == "responsible":
            return self._user(task["responsibleId"])
        return self._users_map(mem["accomplice" if key == "accomplicesData" else "auditor"])

    def _sub_status(self, task: dict[str, Any]) -> str:
        deadline = task.get("deadline")
        if task["status"] in ("pending", "in_progress") and deadline is not None and deadline < self.call.portal.now():
            return "-1"
        return v2.STATUS_CODES.get(task["status"], "2")

    # -- checklists ----------------------------------------------------------------------------------------
    def _item_actions(self, rights: dict[str, bool]) -> dict[str, bool]:
        edit = rights["checklistEdit"]
        return {
            "modify": edit,
            "remove": edit,
            "toggle": rights["checklistAdd"],
            "add": rights["checklistAdd"],
            "addAccomplice": rights["checklistAdd"],
        }

    def _checklist_item(self, item: dict[str, Any], rights: dict[str, bool]) -> dict[str, Any]:
        return {
            "id": str(item["id"]),
            "taskId": str(item["task_id"]),
            "createdBy": str(item["created_by"]),
            "parentId": str(item["parent_id"]) if item["parent_id"] else 0,
            "title": item["title"],
            "sortIndex": str(item["sort_index"]),
            "isComplete": "Y" if item["is_complete"] else "N",
            "isImportant": "Y" if item["is_important"] else "N",
            "toggledBy": str(item["toggled_by"]) if item["toggled_by"] else None,
            "toggledDate": self.call.portal.iso(item["toggled_date"]),
            "ufChecklistFiles": False,
            "members": [],
            "attachments": [],
            "entityId": str(item["task_id"]),
            "action": self._item_actions(rights),
        }

    def _tree(self, task: dict[str, Any], rights: dict[str, bool]) -> dict[str, Any]:
        """``checkListTree``: the checklist as nested nodes numbered in walk order (api-reference/tasks/fields.md)."""
        rows = checklists.items(self.call.conn, task["id"])
        children: dict[int, list[dict[str, Any]]] = {}
        for row in rows:
            children.setdefault(row["parent_id"], []).append(row)
        for siblings in children.values():
            siblings.sort(key=lambda r: (r["sort_index"], r["id"]))
        counter = [0]

        def node(row: dict[str, Any] | None, position: str) -> dict[str, Any]:
            node_id = counter[0]
            counter[0] += 1
            kids = children.get(row["id"] if row else 0, [])
            fields: dict[str, Any] = {
                "id": row["id"] if row else None,
                "copiedId": None,
                "entityId": task["id"] if row else None,
                "userId": self.call.user_id,
                "createdBy": row["created_by"] if row else None,
                "parentId": row["parent_id"] if row else None,
                "title": row["title"] if row else "",
                "sortIndex": row["sort_index"] if row else None,
                "displaySortIndex": position,
                "isComplete": bool(row["is_complete"]) if row else False,
                "isImportant": bool(row["is_important"]) if row else False,
                "completedCount": sum(1 for k in kids if k["is_complete"]),
                "members": [],
                "attachments": [],
                "nodeId": None,
            }
            descendants = []
            for index, kid in enumerate(kids, start=1):
                inner = "" if row is None else (f"{position}.{index}" if position else str(index))
                descendants.append(node(kid, inner))
            return {
                "nodeId": node_id,
                "fields": fields,
                "action": self._item_actions(rights) if row else [],
                "descendants": descendants,
            }

        return node(None, "")
