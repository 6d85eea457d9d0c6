"""Concurrent writes through the real server lose nothing (read-modify-write under SELECT … FOR UPDATE)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from tasks.helpers import add_task, get_task, ok


def test_parallel_updates_and_adds(portal):
    tid = add_task(portal)
    url = portal.v3_url()

    def bump(i: int) -> int:
        with httpx.Client(timeout=60) as c:
            return c.post(url + "tasks.task.update", json={"id": tid, "fields": {"description": f"d{i}"}}).status_code

    def add(i: int) -> int:
        with httpx.Client(timeout=60) as c:
            r = c.post(url + "tasks.task.add", json={"fields": {"title": f"t{i}", "creatorId": 1, "responsibleId": 1}})
            return r.json()["result"]["item"]["chatId"]

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(bump, range(12)))
        chat_ids = list(pool.map(add, range(8)))
    assert statuses == [200] * 12
    assert get_task(portal, tid)["outlookVersion"] == 13
    assert len(set(chat_ids)) == 8
    assert len(ok(portal.v3("tasks.task.list", {}))["items"]) == 9
