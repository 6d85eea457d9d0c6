"""Make the inspector screenshots in docs/img/ (and the README): a fresh b24local with some data and some
traffic, photographed by Debian's chromium through Playwright.

    python docs/screenshots.py            # needs the [test] extra and `apt-get install chromium`
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

from b24local.testing.inprocess import ThreadedServer

OUT = Path(__file__).resolve().parent / "img"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = {
    "inspector-overview.png": "/_b24local/",
    "inspector-journal.png": "/_b24local/ui/journal",
    "inspector-call.png": "/_b24local/ui/journal/{call}",
    "inspector-task.png": "/_b24local/ui/tasks/1",
    "inspector-board.png": "/_b24local/ui/crm/2/board",
    "inspector-faults.png": "/_b24local/ui/faults",
}


def traffic(base: str, token: str) -> int:
    """Users, tasks, deals and a few failing calls; returns the journal id of the task's creation."""
    http = httpx.Client(base_url=base, timeout=30)
    v2, v3 = f"/rest/1/{token}/", f"/rest/api/1/{token}/"
    http.post(
        "/_b24local/seed",
        json={
            "users": [
                {"id": 29, "name": "Anna", "last_name": "Petrova"},
                {"id": 30, "name": "Ivan", "last_name": "Sokolov"},
            ]
        },
    )
    made = http.post(
        v3 + "tasks.task.add",
        json={
            "fields": {
                "title": "Prepare the quarterly report",
                "creatorId": 29,
                "responsibleId": 1,
                "deadline": "2026-03-31T18:00:00+00:00",
            }
        },
    )
    call = int(http.get("/_b24local/requests", params={"limit": 1}).json()["requests"][0]["id"])
    task_id = made.json()["result"]["item"]["id"]
    http.post(
        v3 + "tasks.task.chat.message.send", json={"fields": {"taskId": task_id, "text": "Numbers from sales are in"}}
    )
    http.post(v3 + "tasks.task.result.add", json={"fields": {"taskId": task_id, "text": "Report sent to the board"}})
    for title in ("Collect the numbers", "Write the summary"):
        http.post(v2 + "task.checklistitem.add", json={"TASKID": task_id, "FIELDS": {"TITLE": title}})
    for title in ("Call the supplier", "Renew the licences"):
        http.post(v3 + "tasks.task.add", json={"fields": {"title": title, "creatorId": 1, "responsibleId": 30}})
    deals = [
        ("Website redesign", "NEW", 4200),
        ("CRM rollout", "PREPARATION", 18000),
        ("Support contract", "EXECUTING", 9600),
        ("Hardware", "WON", 2300),
        ("Training", "NEW", 1500),
    ]
    for title, stage, amount in deals:
        http.post(
            v2 + "crm.item.add",
            json={
                "entityTypeId": 2,
                "fields": {"title": title, "stageId": stage, "opportunity": amount, "currencyId": "EUR"},
            },
        )
    http.post(v2 + "crm.item.list", json={"entityTypeId": 2, "filter": {"stageId": "NEW"}})
    http.post(v3 + "tasks.task.get", json={"id": 99})
    http.post(v2 + "no.such.method", json={})
    http.post("/_b24local/faults", json={"method": "crm.item.*", "error": "QUERY_LIMIT_EXCEEDED", "times": 3})
    http.post(v2 + "crm.item.get", json={"entityTypeId": 2, "id": 1})
    http.post("/_b24local/faults", json={"method": "tasks.task.update", "status": 500, "probability": 0.5})
    http.post(v2 + "user.current", json={})
    return call


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        server = ThreadedServer(Path(folder), token="docs0000token").start()
        try:
            call = traffic(server.base_url, server.token)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 760})
                for name, path in PAGES.items():
                    page.goto(server.base_url + path.format(call=call))
                    page.screenshot(path=str(OUT / name))
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
