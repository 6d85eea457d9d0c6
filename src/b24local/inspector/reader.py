"""What the inspector shows, read through the same code the API answers with.

Entities (tasks, results, CRM items, smart-process types) are read by running the registered method
handlers themselves, as the portal's administrator, in a read-only transaction: the page shows exactly what
``tasks.task.get`` or ``crm.item.list`` would answer, in the same renderings, and the inspector has no SQL of
its own. What no method returns (users with their flags, webhooks, a task's chat, a type's stages) comes
from the domain functions the admin API uses.

Handlers run directly (``Dispatcher.run_handler``), not through ``Dispatcher.handle``: reading for the page
is not a call on the portal, so it is not journaled, not counted by the limits and not hit by fault rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from b24local.admin.http import AdminContext
from b24local.core.context import Principal
from b24local.core.errors import ApiError
from b24local.core.registry import Result
from b24local.domain import chats, checklists, credentials, events, users
from b24local.domain.crm import entities
from b24local.domain.crm.types import SYSTEM_TYPES, Stage
from b24local.methods import all_scopes

# The columns of the task list: fields the v3 list mapper fills (api-reference/tasks/tasks-task-list-rest-v3.md)
TASK_LIST_SELECT = ["id", "title", "status", "priority", "creatorId", "responsibleId", "deadline", "created"]
PAGE = 50


@dataclass
class TypeSummary:
    entity_type_id: int
    title: str
    total: int
    has_stages: bool


class PortalReader:
    """One page's reads; each method opens its own read-only transaction."""

    def __init__(self, ctx: AdminContext) -> None:
        self.ctx = ctx
        self.dispatcher = ctx.dispatcher
        self._admin: Principal | None = None

    # -- the API's own handlers -------------------------------------------------------------------
    def _principal(self) -> Principal:
        """The portal's first administrator: it may read everything the API can show."""
        if self._admin is None:
            with self.ctx.store.transaction(write=False) as conn:
                admins = [u for u in users.list_users(conn) if u.get("is_admin")]
            user_id = int(admins[0]["id"]) if admins else users.ADMIN_ID
            self._admin = Principal(user_id, True, frozenset(all_scopes()), "webhook", 0)
        return self._admin

    def run(self, name: str, params: dict[str, Any], api: int) -> Result:
        """The value of a read method as its handler returns it (``ApiError`` as the API raises it)."""
        method = self.dispatcher.registry.find(api, name)
        if method is None or method.write:
            raise LookupError(f"{name} is not a read method of REST v{api}")
        value = self.dispatcher.run_handler(
            method, params, self._principal(), start=float(self.ctx.portal.now()), https=False
        )
        return value if isinstance(value, Result) else Result(value)

    # -- who may call -----------------------------------------------------------------------------
    def users(self) -> list[dict[str, Any]]:
        with self.ctx.store.transaction(write=False) as conn:
            return [{**u, "full_name": users.full_name(u)} for u in users.list_users(conn)]

    def webhooks(self) -> list[dict[str, Any]]:
        with self.ctx.store.transaction(write=False) as conn:
            return credentials.list_webhooks(conn)

    def tokens(self) -> list[dict[str, Any]]:
        with self.ctx.store.transaction(write=False) as conn:
            return credentials.list_tokens(conn)

    def webhook(self, webhook_id: int) -> dict[str, Any] | None:
        return next((w for w in self.webhooks() if w["id"] == webhook_id), None)

    def events(self) -> list[dict[str, Any]]:
        with self.ctx.store.transaction(write=False) as conn:
            return events.recent(conn)

    # -- tasks ------------------------------------------------------------------------------------
    def tasks(self, offset: int = 0) -> list[dict[str, Any]]:
        params = {"select": TASK_LIST_SELECT, "order": {"id": "desc"}, "pagination": {"limit": PAGE, "offset": offset}}
        return list(self.run("tasks.task.list", params, 3).value["items"])

    def task(self, task_id: int) -> dict[str, Any] | None:
        """``tasks.task.get`` with its default fields and the chat; ``None`` when there is no such task."""
        try:
            item = self.run("tasks.task.get", {"id": task_id}, 3).value["item"]
        except ApiError:
            return None
        return dict(item)

    def task_results(self, task_id: int) -> list[dict[str, Any]]:
        return list(self.run("tasks.task.result.list", {"filter": [["taskId", "=", task_id]]}, 3).value["items"])

    def chat_messages(self, chat_id: int | None) -> list[dict[str, Any]]:
        if not chat_id:
            return []
        with self.ctx.store.transaction(write=False) as conn:
            return chats.task_messages(conn, chat_id)

    def checklists(self, task_id: int) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
        """Each checklist of the task (a root item) with its items, in their order."""
        with self.ctx.store.transaction(write=False) as conn:
            rows = checklists.items(conn, task_id)
        ordered = sorted(rows, key=lambda r: (r["sort_index"], r["id"]))
        roots = [r for r in ordered if not r["parent_id"]]
        return [(root, [r for r in ordered if r["parent_id"] == root["id"]]) for root in roots]

    def task_history(self, task_id: int) -> list[dict[str, Any]]:
        """``tasks.task.history.list`` as it answers."""
        return list(self.run("tasks.task.history.list", {"taskId": task_id}, 2).value["list"])

    # -- CRM --------------------------------------------------------------------------------------
    def crm_types(self) -> list[TypeSummary]:
        """The system types and every smart process, with how many items each holds."""
        found = [(etid, title) for etid, (_, title) in SYSTEM_TYPES.items()]
        found += [
            (int(t["entityTypeId"]), str(t["title"]))
            for t in self.run("crm.type.list", {"start": -1}, 2).value["types"]
        ]
        return [
            TypeSummary(etid, title, self.crm_total(etid), any(stages for _, stages in self.pipelines(etid)))
            for etid, title in found
        ]

    def crm_total(self, entity_type_id: int) -> int:
        try:
            return int(self.run("crm.item.list", {"entityTypeId": entity_type_id, "select": ["id"]}, 2).total or 0)
        except ApiError:
            return 0

    def crm_items(self, entity_type_id: int, start: int = 0) -> tuple[list[dict[str, Any]], int]:
        params = {"entityTypeId": entity_type_id, "order": {"id": "DESC"}, "start": start}
        answer = self.run("crm.item.list", params, 2)
        return list(answer.value["items"]), int(answer.total or 0)

    def crm_item(self, entity_type_id: int, item_id: int) -> dict[str, Any] | None:
        try:
            return dict(self.run("crm.item.get", {"entityTypeId": entity_type_id, "id": item_id}, 2).value["item"])
        except ApiError:
            return None

    def crm_title(self, entity_type_id: int) -> str | None:
        with self.ctx.store.transaction(write=False) as conn:
            try:
                return entities.resolve_entity(conn, entity_type_id).title
            except ApiError:
                return None

    def pipelines(self, entity_type_id: int) -> list[tuple[int | None, list[Stage]]]:
        """Each pipeline (category) of the type with its stages; one ``None`` pipeline for leads and quotes."""
        with self.ctx.store.transaction(write=False) as conn:
            entity = entities.resolve_entity(conn, entity_type_id)
            cats: list[int | None] = list(entity.categories) or [entity.default_category]
            return [(cat, entity.stages(cat)) for cat in cats]

    def board(self, entity_type_id: int, category: int | None) -> list[tuple[Stage, list[dict[str, Any]]]]:
        """The items of one pipeline by stage (the first page of each stage's column)."""
        stages = dict(self.pipelines(entity_type_id)).get(category, [])
        columns = []
        for stage in stages:
            params = {"entityTypeId": entity_type_id, "filter": {"stageId": stage.id}, "order": {"id": "DESC"}}
            columns.append((stage, list(self.run("crm.item.list", params, 2).value["items"])))
        return columns
