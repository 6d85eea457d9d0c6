"""Every inspector page in a real browser (Debian's chromium through Playwright) against a real server."""

from __future__ import annotations

import re
from typing import Any

import httpx

from b24local.testing import PortalClient
from tests.inspector.helpers import make_deal, make_smart_process, make_task


def open_page(page: Any, path: str) -> Any:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    return response


def test_every_page_opens_and_shows_the_portal(page: Any, p: PortalClient) -> None:
    task_id = make_task(p)
    deal_id = make_deal(p)
    etid = make_smart_process(p)
    p.add_user("Anna", last_name="Petrova", email="anna@example.com")

    open_page(page, "/_b24local/")
    assert page.locator("h1").inner_text() == "Overview"
    cards = page.locator("#numbers .card").all_inner_texts()
    assert any("requests per second" in c for c in cards) and any("errors" in c for c in cards)
    assert page.locator("text=Slowest methods").count() == 1

    open_page(page, "/_b24local/ui/users")
    assert "Anna Petrova" in page.locator("#users").inner_text()
    assert page.locator("#webhooks tbody tr").count() == 1

    open_page(page, "/_b24local/ui/tasks")
    assert page.locator("#tasks tbody tr").count() == 1
    assert "Check the invoices" in page.locator("#tasks").inner_text()

    open_page(page, f"/_b24local/ui/tasks/{task_id}")
    assert page.locator("#results").inner_text().count("All 12 invoices match") == 1
    assert "Starting on it" in page.locator("#chat").inner_text()
    assert "Two invoices are late" in page.locator("#chat").inner_text()
    assert page.locator("#checklists").inner_text().split("\n") == ["Checklist 1", "☐ Download the statements"]
    assert "CHECKLIST_ITEM_CREATE" in page.locator("#history").inner_text()

    open_page(page, "/_b24local/ui/crm")
    rows = {r.split("\t")[1]: r for r in page.locator("#crm-types tbody tr").all_inner_texts()}
    assert rows["Deal"].split("\t")[2] == "1" and rows["Repairs"].split("\t")[2] == "1"

    open_page(page, "/_b24local/ui/crm/2")
    assert "Big deal" in page.locator("#items").inner_text()
    open_page(page, "/_b24local/ui/crm/2/board")
    column = page.locator('.column[data-stage="PREPARATION"]')
    assert "Big deal" in column.inner_text() and "2500" in column.inner_text()
    assert "Big deal" not in page.locator('.column[data-stage="NEW"]').inner_text()
    open_page(page, f"/_b24local/ui/crm/2/{deal_id}")
    assert re.search(r"stageId\s+PREPARATION", page.locator("#item").inner_text())

    open_page(page, f"/_b24local/ui/crm/{etid}/board")
    assert "Broken pump" in page.locator(f'.column[data-stage="DT{etid}_{_category(p, etid)}:NEW"]').inner_text()

    open_page(page, "/_b24local/ui/events")
    events = page.locator("#events tbody tr td:nth-child(3)").all_inner_texts()
    assert events[-1] == "ONTASKADD" and "ONCRMDEALADD" in events

    open_page(page, "/_b24local/ui/faults")
    assert "No fault rules" in page.locator("#faults").inner_text()
    open_page(page, "/_b24local/ui/portal")
    assert page.locator("select[name=state]").input_value() == "active"

    open_page(page, "/_b24local/ui/journal")
    methods = page.locator("#journal tbody tr td:nth-child(3)").all_inner_texts()
    # only the test's own calls: what the pages read is not a call on the portal
    assert methods == [
        "crm.item.list",
        "crm.item.add",
        "crm.type.add",
        "crm.item.add",
        "task.commentitem.add",
        "task.checklistitem.add",
        "tasks.task.chat.message.send",
        "tasks.task.result.add",
        "tasks.task.add",
    ]


def _category(p: PortalClient, etid: int) -> int:
    items = p.call("crm.item.list", {"entityTypeId": etid}).json()["result"]["items"]
    return int(items[0]["categoryId"])


def test_unknown_pages_answer_404_in_html(p: PortalClient) -> None:
    for path in ("/_b24local/ui/tasks/99", "/_b24local/ui/crm/999", "/_b24local/ui/journal/12345", "/_b24local/ui/x"):
        r = httpx.get(p.base_url + path)
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html"), path
    # the admin API keeps its own paths and JSON errors
    assert p.admin("GET", "nope").json()["error"] == "NOT_FOUND"
    assert p.admin("GET", "health").json() == {"status": "ok"}


def test_follow_a_task_from_the_journal_to_its_page(page: Any, p: PortalClient) -> None:
    task_id = make_task(p, "Call the supplier")
    open_page(page, "/_b24local/ui/journal?method=tasks.task.add")
    rows = page.locator("#journal tbody tr")
    assert rows.count() == 1
    rows.first.locator("td:nth-child(3) a").click()
    page.wait_for_url(re.compile(r"/_b24local/ui/journal/\d+$"))
    assert page.locator("h1").inner_text().endswith("tasks.task.add")
    assert '"title": "Call the supplier"' in page.locator("#params").inner_text()
    assert f'"id": {task_id}' in page.locator("#answer").inner_text()
    page.locator(f"text=task {task_id}").click()
    page.wait_for_url(re.compile(rf"/_b24local/ui/tasks/{task_id}$"))
    assert page.locator("h1").inner_text() == f"Task {task_id}: Call the supplier"
    assert "All 12 invoices match" in page.locator("#results").inner_text()


def test_journal_filters_by_method_and_status(page: Any, p: PortalClient) -> None:
    p.call("server.time")
    p.call("no.such.method")
    p.call("user.current")
    open_page(page, "/_b24local/ui/journal?status=errors")
    assert page.locator("#journal tbody tr td:nth-child(3)").all_inner_texts() == ["no.such.method"]
    page.fill("input[name=method]", "*.time")
    page.select_option("select[name=status]", "")
    page.click("form.filters button")
    page.wait_for_url(re.compile(r"method=\*\.time"))
    assert page.locator("#journal tbody tr td:nth-child(3)").all_inner_texts() == ["server.time"]


def test_a_new_call_appears_in_the_journal_without_a_reload(page: Any, p: PortalClient) -> None:
    p.call("server.time")
    open_page(page, "/_b24local/ui/journal")
    page.evaluate("window.__notReloaded = true")
    assert page.locator("#journal tbody tr").count() == 1
    p.call("user.current")
    page.wait_for_selector("#journal tbody tr:first-child >> text=user.current")
    assert page.evaluate("window.__notReloaded") is True
    assert page.locator("#journal tbody tr td:nth-child(3)").all_inner_texts() == ["user.current", "server.time"]
    # a filtered live journal only takes the calls that pass its filter
    open_page(page, "/_b24local/ui/journal?status=errors")
    p.call("server.time")
    p.call("no.such.thing")
    page.wait_for_selector("#journal tbody tr >> text=no.such.thing")
    assert page.locator("#journal tbody tr td:nth-child(3)").all_inner_texts() == ["no.such.thing"]
