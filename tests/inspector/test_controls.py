"""What a person changes from the inspector, in a real browser: fault rules, portal states, reset, seed; and
the read-only pages with JavaScript off."""

from __future__ import annotations

import os
import re
import subprocess
from typing import Any

import httpx
import orjson

from b24local.testing import PortalClient
from tests.inspector.helpers import make_task
from tests.inspector.test_pages import open_page

QLE = {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"}


def test_add_a_fault_rule_watch_it_count_down_and_remove_it(page: Any, p: PortalClient) -> None:
    open_page(page, "/_b24local/ui/faults")
    page.fill("input[name=method]", "server.time")
    page.fill("input[name=error]", "QUERY_LIMIT_EXCEEDED")
    page.fill("input[name=times]", "3")
    page.click("#fault-form button")
    page.wait_for_selector("#faults tr[data-rule]")
    rule_id = int(page.locator("#faults tr[data-rule]").get_attribute("data-rule") or 0)
    assert p.admin("GET", "faults").json()["faults"][0]["id"] == rule_id
    assert page.locator("#faults td.times").inner_text() == "3"

    page.evaluate("window.__notReloaded = true")
    first = p.call("server.time")
    assert (first.status_code, first.json()) == (503, QLE)
    page.wait_for_selector("#faults td.times >> text=2")  # counted down, without a reload
    assert page.evaluate("window.__notReloaded") is True

    page.click(f'#faults tr[data-rule="{rule_id}"] button')
    page.wait_for_selector("#faults >> text=No fault rules")
    assert p.admin("GET", "faults").json() == {"faults": []}
    assert p.call("server.time").status_code == 200


def test_a_bad_fault_rule_is_refused_with_its_reason_and_nothing_added(page: Any, p: PortalClient) -> None:
    open_page(page, "/_b24local/ui/faults")
    page.fill("input[name=method]", "crm.*")
    page.fill("input[name=error]", "NO_SUCH_CODE")
    page.click("#fault-form button")
    page.wait_for_selector(".error")
    assert "unknown error 'NO_SUCH_CODE'" in page.locator(".error").inner_text()
    assert page.locator("input[name=method]").input_value() == "crm.*"  # the form keeps what was typed
    assert p.admin("GET", "faults").json() == {"faults": []}


def test_portal_states_reset_and_seed_from_the_portal_page(page: Any, p: PortalClient) -> None:
    open_page(page, "/_b24local/ui/portal")
    page.select_option("select[name=state]", "blocked")
    page.click("#portal-form button")
    page.wait_for_selector(".notice >> text=settings saved")
    blocked = p.call("server.time")
    assert (blocked.status_code, blocked.json()["error"]) == (503, "OVERLOAD_LIMIT")
    assert "blocked" in page.locator("header .state").inner_text()
    page.select_option("select[name=state]", "active")
    page.fill("input[name=timezone]", "Mars/Olympus")
    page.click("#portal-form button")
    page.wait_for_selector(".error")
    assert "unknown time zone 'Mars/Olympus'" in page.locator(".error").inner_text()
    assert p.admin("GET", "portal").json()["state"] == "blocked"  # a refused change changes nothing
    p.admin("PUT", "portal", json={"state": "active"})

    open_page(page, "/_b24local/ui/portal")
    page.fill("textarea[name=document]", "users:\n  - {id: 29, name: Anna, last_name: Petrova}\n")
    page.click("#seed-form button")
    page.wait_for_selector(".notice >> text=loaded")
    assert [u["id"] for u in p.admin("GET", "users").json()["users"]] == [1, 29]

    make_task(p)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#reset-form button")
    page.wait_for_selector(".notice >> text=the portal was reset")
    assert [u["id"] for u in p.admin("GET", "users").json()["users"]] == [1]
    assert p.v3("tasks.task.list", {}).json()["result"] == {"items": []}


def test_forms_posted_from_another_site_are_refused(p: PortalClient) -> None:
    r = httpx.post(
        p.base_url + "/_b24local/ui/faults",
        data={"method": "*", "status": "500"},
        headers={"Origin": "http://attacker.example"},
    )
    assert r.status_code == 403
    assert p.admin("GET", "faults").json() == {"faults": []}
    r = httpx.post(p.base_url + "/_b24local/ui/reset", headers={"Origin": "http://attacker.example"})
    assert r.status_code == 403


def test_read_only_pages_work_with_javascript_off(page_without_js: Any, p: PortalClient) -> None:
    page = page_without_js
    task_id = make_task(p, "Plan the launch")
    for path in (
        "/_b24local/",
        "/_b24local/ui/users",
        "/_b24local/ui/tasks",
        "/_b24local/ui/crm",
        "/_b24local/ui/faults",
    ):
        open_page(page, path)
    open_page(page, "/_b24local/ui/journal?method=tasks.task.add")
    page.locator("#journal tbody tr td:nth-child(3) a").click()
    page.locator(f"text=task {task_id}").click()
    page.wait_for_url(re.compile(rf"/_b24local/ui/tasks/{task_id}$"))
    assert "Plan the launch" in page.locator("h1").inner_text()
    # forms work without the script too (plain POST and 303 back)
    open_page(page, "/_b24local/ui/faults")
    page.fill("input[name=method]", "user.current")
    page.fill("input[name=status]", "500")
    page.click("#fault-form button")
    page.wait_for_selector("#faults tr[data-rule]")
    assert p.call("user.current").status_code == 500


def test_the_curl_line_repeats_the_call(page: Any, p: PortalClient) -> None:
    """The page's curl line, run in a shell with B24_TOKEN set, gets the answer the journal shows."""
    p.call("user.get", {"FILTER": {"ID": 1}, "note": "it's"})
    p.v3("tasks.task.list", {"select": ["id"]})
    token = p.add_token(1)["access_token"]
    p.call_with_auth("user.current", {}, token)
    p.call_with_auth("tasks.task.list", {"select": ["id", "title"]}, token, api=3)
    for method in ("user.get", "tasks.task.list"):
        for kind, secret in (("webhook", p.token), ("oauth", token)):
            entries = [e for e in p.admin("GET", "requests", params={"method": method}).json()["requests"]]
            entry = next((e for e in entries if e["principal"]["kind"] == kind), None)
            if entry is None:
                continue
            open_page(page, f"/_b24local/ui/journal/{entry['id']}")
            line = page.locator("#curl").inner_text()
            assert line.startswith("curl -s -X POST ")
            done = subprocess.run(
                ["bash", "-c", line],
                capture_output=True,
                text=True,
                timeout=30,
                env={**os.environ, "B24_TOKEN": secret},
            )
            assert done.returncode == 0, done.stderr
            repeated = orjson.loads(done.stdout)
            assert repeated["result"] == entry["answer"]["result"], (method, kind)
    oauth_user = next(e for e in p.admin("GET", "requests").json()["requests"] if e["method"] == "user.current")
    open_page(page, f"/_b24local/ui/journal/{oauth_user['id']}")
    assert "Authorization: Bearer $B24_TOKEN" in page.locator("#curl").inner_text()
