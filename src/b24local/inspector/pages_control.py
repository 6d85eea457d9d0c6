"""What a person changes from the inspector: fault rules (add, watch them count down, remove), the portal's
plan, state, limits and time zone, and reset, seed and export. Every change goes through the same
functions as the admin API (``admin/``), so the two can never disagree; forms post and come back (303)."""

from __future__ import annotations

import urllib.parse
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from b24local.admin.http import AdminError, validate
from b24local.admin.seed_files import load_document
from b24local.admin.settings import PortalChange, change_portal
from b24local.admin.site import reset_all
from b24local.inspector.web import UI, Pages, back, int_param, read_form
from b24local.seeds import documents

# Codes offered in the fault form (any catalogue code or name is accepted): those the docs' error pages
# name most (_includes/system-errors.md, error-codes.md)
COMMON_ERRORS = [
    "QUERY_LIMIT_EXCEEDED",
    "OPERATION_TIME_LIMIT",
    "INTERNAL_SERVER_ERROR",
    "expired_token",
    "insufficient_scope",
    "NO_AUTH_FOUND",
    "ACCESS_DENIED",
    "OVERLOAD_LIMIT",
    "BITRIX_REST_V3_EXCEPTION_RATELIMITEXCEPTION",
]


def fault_from_form(form: dict[str, str]) -> dict[str, Any]:
    """The form's fields as the rule description ``protocol.faults.rule_from_dict`` validates; empty fields
    are left out, numbers are read as numbers (a bad one stays text, so the rule's own check names it)."""
    rule: dict[str, Any] = {}
    for name in ("method", "error", "message", "body"):
        if form.get(name, "").strip():
            rule[name] = form[name].strip() if name != "body" else form[name]
    for name in ("api", "status", "times"):
        text = form.get(name, "").strip()
        if text:
            rule[name] = int(text) if text.lstrip("-").isdigit() else text
    for name in ("latency", "probability"):
        text = form.get(name, "").strip()
        if text:
            try:
                rule[name] = float(text)
            except ValueError:
                rule[name] = text
    if form.get("disconnect"):
        rule["disconnect"] = True
    return rule


def done(notice: str) -> str:
    """The portal page, with a line saying what was done."""
    return f"{UI}/portal?" + urllib.parse.urlencode({"done": notice})


def routes(pages: Pages) -> list[Route]:
    ctx = pages.ctx
    faults = ctx.dispatcher.faults

    def faults_view(status: int = 200, error: str | None = None, form: dict[str, str] | None = None) -> HTMLResponse:
        return pages.render(
            "faults.html", status, rules=faults.list(), errors=COMMON_ERRORS, error=error, form=form or {}
        )

    async def faults_page(_: Request) -> HTMLResponse:
        return faults_view()

    async def fault_rows(_: Request) -> HTMLResponse:
        return pages.render("_fault_rows.html", rules=faults.list())

    async def fault_add(request: Request) -> Response:
        form = await read_form(request)
        try:
            faults.add(fault_from_form(form))
        except ValueError as exc:
            return faults_view(400, str(exc), form)
        return back(f"{UI}/faults")

    async def fault_remove(request: Request) -> Response:
        await read_form(request)
        faults.remove(int_param(request, "id") or 0)  # already gone (its times ran out): nothing to do
        return back(f"{UI}/faults")

    def portal_view(status: int = 200, error: str | None = None, notice: str | None = None) -> HTMLResponse:
        return pages.render(
            "portal.html",
            status,
            profile=ctx.portal.config.limits,
            bucket=ctx.dispatcher.bucket.snapshot(ctx.portal.config.limits),
            operating=ctx.dispatcher.ledger.settings(),
            error=error,
            notice=notice,
        )

    async def portal_page(request: Request) -> HTMLResponse:
        return portal_view(notice=request.query_params.get("done"))

    async def portal_change(request: Request) -> Response:
        form = await read_form(request)
        values: dict[str, Any] = {k: form[k] for k in ("timezone", "plan", "state", "limits") if form.get(k)}
        values["require_https"] = form.get("require_https") == "on"
        try:
            change_portal(ctx, validate(PortalChange, values))
        except AdminError as exc:
            return portal_view(400, exc.message)
        return back(done("settings saved"))

    async def reset(request: Request) -> Response:
        await read_form(request)
        reset_all(ctx)
        return back(done("the portal was reset"))

    async def seed(request: Request) -> Response:
        form = await read_form(request)
        try:
            doc = documents.parse(form.get("document", ""), form.get("format") == "json" and "form.json" or "")
            loaded = await load_document(ctx, doc)
        except (documents.SeedError, AdminError) as exc:
            return portal_view(400, str(exc))
        return back(done(f"loaded {loaded}"))

    return [
        Route(f"{UI}/faults", faults_page, methods=["GET"]),
        Route(f"{UI}/faults/rows", fault_rows, methods=["GET"]),
        Route(f"{UI}/faults", fault_add, methods=["POST"]),
        Route(f"{UI}/faults/{{id}}/delete", fault_remove, methods=["POST"]),
        Route(f"{UI}/portal", portal_page, methods=["GET"]),
        Route(f"{UI}/portal", portal_change, methods=["POST"]),
        Route(f"{UI}/reset", reset, methods=["POST"]),
        Route(f"{UI}/seed", seed, methods=["POST"]),
    ]
