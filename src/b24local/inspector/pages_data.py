"""The portal's data: users and webhooks; tasks with their results and chat; CRM items per type, with a
board by stage for the types that have stages; the events writes raised. Read-only pages: plain HTML and links, no script needed."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from b24local.core.errors import ApiError
from b24local.inspector.reader import PAGE, TASK_LIST_SELECT, PortalReader
from b24local.inspector.web import UI, Pages, int_param

# The columns of a CRM item list, those the type has (api-reference/crm/universal/crm-item-list.md)
ITEM_COLUMNS = [
    "id",
    "title",
    "name",
    "lastName",
    "stageId",
    "categoryId",
    "opportunity",
    "currencyId",
    "assignedById",
    "createdTime",
]


def routes(pages: Pages) -> list[Route]:
    ctx = pages.ctx

    async def users_page(_: Request) -> HTMLResponse:
        reader = PortalReader(ctx)
        return pages.render("users.html", users=reader.users(), webhooks=reader.webhooks(), tokens=reader.tokens())

    async def tasks_page(request: Request) -> HTMLResponse:
        offset = max(int_param(request, "offset", 0) or 0, 0)
        tasks = PortalReader(ctx).tasks(offset)
        return pages.render("tasks.html", tasks=tasks, columns=TASK_LIST_SELECT, offset=offset, page=PAGE)

    async def task_page(request: Request) -> HTMLResponse:
        task_id = int_param(request, "id") or 0
        reader = PortalReader(ctx)
        task = reader.task(task_id)
        if task is None:
            raise HTTPException(404, f"task {task_id} does not exist")
        chat_id = task.get("chatId")
        return pages.render(
            "task.html",
            task=task,
            results=reader.task_results(task_id),
            messages=reader.chat_messages(chat_id if isinstance(chat_id, int) else None),
            checklists=reader.checklists(task_id),
            history=reader.task_history(task_id),
        )

    async def crm_page(_: Request) -> HTMLResponse:
        return pages.render("crm.html", types=PortalReader(ctx).crm_types())

    def entity_type(request: Request, reader: PortalReader) -> tuple[int, str]:
        etid = int_param(request, "etid") or 0
        title = reader.crm_title(etid)
        if title is None:
            raise HTTPException(404, f"there is no CRM type {etid}")
        return etid, title

    async def crm_items_page(request: Request) -> HTMLResponse:
        reader = PortalReader(ctx)
        etid, title = entity_type(request, reader)
        start = max(int_param(request, "start", 0) or 0, 0)
        items, total = reader.crm_items(etid, start)
        columns = [c for c in ITEM_COLUMNS if any(c in item for item in items)] or ["id"]
        boards = any(stages for _, stages in reader.pipelines(etid))
        return pages.render(
            "crm_items.html",
            etid=etid,
            title=title,
            items=items,
            total=total,
            start=start,
            columns=columns,
            boards=boards,
        )

    async def crm_board_page(request: Request) -> HTMLResponse:
        reader = PortalReader(ctx)
        etid, title = entity_type(request, reader)
        pipelines = reader.pipelines(etid)
        category = int_param(request, "category", pipelines[0][0] if pipelines else None)
        if category not in dict(pipelines):
            raise HTTPException(404, f"CRM type {etid} has no pipeline {category}")
        return pages.render(
            "crm_board.html",
            etid=etid,
            title=title,
            category=category,
            pipelines=[cat for cat, stages in pipelines if stages],
            columns=reader.board(etid, category),
        )

    async def crm_item_page(request: Request) -> HTMLResponse:
        reader = PortalReader(ctx)
        etid, title = entity_type(request, reader)
        item_id = int_param(request, "id") or 0
        try:
            item = reader.crm_item(etid, item_id)
        except ApiError:
            item = None
        if item is None:
            raise HTTPException(404, f"{title} {item_id} does not exist")
        return pages.render("crm_item.html", etid=etid, title=title, item=item)

    async def events_page(_: Request) -> HTMLResponse:
        return pages.render("events.html", events=PortalReader(ctx).events())

    return [
        Route(f"{UI}/users", users_page, methods=["GET"]),
        Route(f"{UI}/events", events_page, methods=["GET"]),
        Route(f"{UI}/tasks", tasks_page, methods=["GET"]),
        Route(f"{UI}/tasks/{{id}}", task_page, methods=["GET"]),
        Route(f"{UI}/crm", crm_page, methods=["GET"]),
        Route(f"{UI}/crm/{{etid}}", crm_items_page, methods=["GET"]),
        Route(f"{UI}/crm/{{etid}}/board", crm_board_page, methods=["GET"]),
        Route(f"{UI}/crm/{{etid}}/{{id}}", crm_item_page, methods=["GET"]),
    ]
