"""The overview (the numbers first) and the request journal: the list, filtered by method and status and
growing live, and one call with its request, its answer and a curl line to repeat it."""

from __future__ import annotations

import fnmatch
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from b24local.domain.crm.types import COMPANY, CONTACT, DEAL, LEAD, QUOTE
from b24local.inspector import stats
from b24local.inspector.reader import PortalReader
from b24local.inspector.web import HOME, UI, Pages, int_param

ROWS_SHOWN = 200
# crm.<entity>.* methods name their entity type in the method (api-reference/crm/index.md)
CRM_PREFIXES = {
    "crm.lead.": LEAD,
    "crm.deal.": DEAL,
    "crm.contact.": CONTACT,
    "crm.company.": COMPANY,
    "crm.quote.": QUOTE,
}


def status_matches(entry: dict[str, Any], wanted: str) -> bool:
    """``wanted``: an exact status (``404``), a class (``4xx``), ``errors`` or ``ok``."""
    if not wanted:
        return True
    status = entry["status"]
    if wanted == "errors":
        return stats.failed(entry)
    if wanted == "ok":
        return not stats.failed(entry)
    if len(wanted) == 3 and wanted.endswith("xx") and wanted[0].isdigit():
        return status // 100 == int(wanted[0])
    return str(status) == wanted


def _filtered(entries: list[dict[str, Any]], method: str, status: str) -> list[dict[str, Any]]:
    if method:
        pattern = method.lower()
        entries = [e for e in entries if fnmatch.fnmatchcase(e["method"], pattern)]
    return [e for e in entries if status_matches(e, status)]


def _ci(mapping: Any, *names: str) -> Any:
    """A parameter by name in any letter case (v2 reads ``ID`` and ``id`` alike)."""
    if not isinstance(mapping, dict):
        return None
    lowered = {str(k).lower(): v for k, v in mapping.items()}
    for name in names:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None


def _int(value: Any) -> int | None:
    text = str(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    return int(text) if text.isdigit() else None


def links(entry: dict[str, Any]) -> list[tuple[str, str]]:
    """Pages of the entities a call touched: the task or CRM item it read or wrote."""
    method, params = entry["method"], entry["params"]
    result = _ci(entry["answer"], "result")
    made = _ci(_ci(result, "item"), "id")
    found: list[tuple[str, str]] = []
    if method.startswith("tasks.task."):
        task_id = None
        if ".result." in method or ".chat." in method:  # the task is named in the params or in ``fields``
            task_id = _int(_ci(params, "taskId")) or _int(_ci(_ci(params, "fields"), "taskId"))
        task_id = task_id or _int(_ci(params, "id")) or (_int(made) if method == "tasks.task.add" else None)
        if task_id:
            found.append((f"task {task_id}", f"{UI}/tasks/{task_id}"))
    etid = next((t for p, t in CRM_PREFIXES.items() if method.startswith(p)), None)
    if method.startswith("crm.item."):
        etid = _int(_ci(params, "entityTypeId"))
    if etid is not None:
        item_id = _int(_ci(params, "id")) or _int(made) or (_int(result) if method.endswith(".add") else None)
        if item_id:
            found.append((f"CRM item {etid}/{item_id}", f"{UI}/crm/{etid}/{item_id}"))
        else:
            found.append((f"CRM type {etid}", f"{UI}/crm/{etid}"))
    return found


def routes(pages: Pages) -> list[Route]:
    ctx = pages.ctx
    journal = ctx.dispatcher.journal

    def filters(request: Request) -> tuple[str, str]:
        return request.query_params.get("method", "").strip(), request.query_params.get("status", "").strip()

    async def overview(_: Request) -> HTMLResponse:
        entries = journal.list()
        reader = PortalReader(ctx)
        counts = {
            "users": len(reader.users()),
            "webhooks": len(reader.webhooks()),
            "faults": len(ctx.dispatcher.faults.list()),
        }
        return pages.render(
            "overview.html",
            numbers=stats.numbers(entries, ctx.portal.now()),
            entries=entries[:10],
            counts=counts,
            limits=ctx.dispatcher.bucket.snapshot(ctx.portal.config.limits),
        )

    async def journal_page(request: Request) -> HTMLResponse:
        method, status = filters(request)
        entries = _filtered(journal.list(), method, status)[:ROWS_SHOWN]
        newest = max((e["id"] for e in journal.list(limit=1)), default=0)
        return pages.render("journal.html", entries=entries, method=method, status=status, newest=newest)

    async def journal_rows(request: Request) -> HTMLResponse:
        """The rows recorded after ``after`` that pass the filters, newest first (the live journal's poll);
        ``X-Last-Id`` is the newest id seen, filtered or not, for the next poll."""
        method, status = filters(request)
        after = int_param(request, "after", 0) or 0
        fresh = journal.newer_than(after)
        last = fresh[0]["id"] if fresh else after
        return pages.render(
            "_journal_rows.html", entries=_filtered(fresh, method, status), fresh=True, headers={"X-Last-Id": str(last)}
        )

    async def request_page(request: Request) -> HTMLResponse:
        entry_id = int_param(request, "id")
        entry = journal.get(entry_id or 0)
        if entry is None:
            raise HTTPException(404, f"call {entry_id} is no longer in the journal")
        principal = entry["principal"] or {}
        credential = None
        if principal.get("kind") == "webhook":
            credential = PortalReader(ctx).webhook(int(principal["credential_id"]))
        base_url = str(request.base_url).rstrip("/")
        return pages.render("request.html", e=entry, links=links(entry), credential=credential, base_url=base_url)

    return [
        Route(HOME, overview, methods=["GET"]),
        Route(f"{UI}/journal", journal_page, methods=["GET"]),
        Route(f"{UI}/journal/rows", journal_rows, methods=["GET"]),
        Route(f"{UI}/journal/{{id}}", request_page, methods=["GET"]),
    ]
