"""tasks.task.list filters, sorts and pages in SQL; its answers must equal the in-memory rules of
``schema/request.py`` (``matches``/``sort_rows``) for any filter tree (differential test)."""

from __future__ import annotations

import random

from b24local.schema.request import matches, parse_filter
from b24local.schema.task_dto import TASK_DTO

FILTERS = [
    [["id", ">", 3]],
    [["id", "between", [2, 5]], ["id", "!=", 4]],
    [["id", "in", [1, 3, 99]]],
    [{"logic": "or", "conditions": [["id", "<", 2], ["id", ">=", 7]]}],
    [{"logic": "and", "negative": True, "conditions": [["id", ">", 2], ["id", "<", 6]]}],
    [{"logic": "or", "negative": True, "conditions": [["id", "=", 1], ["id", "in", [2, 3]]]}, ["id", "<=", 7]],
    [["id", 5]],
    [["id", [6, 7]]],
]


def test_sql_list_equals_in_memory_rules(portal):
    for i in range(8):
        r = portal.v3("tasks.task.add", {"fields": {"title": f"T{i}", "creatorId": 1, "responsibleId": 1}})
        assert r.status_code == 200, r.text
    rng = random.Random(7)
    for raw in FILTERS:
        flt = parse_filter(TASK_DTO, raw)
        expected = [i for i in range(1, 9) if matches(flt, {"id": i})]
        for desc in (False, True):
            body = {"select": ["id"], "filter": raw, "order": {"id": "DESC" if desc else "ASC"}}
            got = [t["id"] for t in portal.v3("tasks.task.list", body).json()["result"]["items"]]
            assert got == sorted(expected, reverse=desc), raw
        limit = rng.randint(1, 3)
        offset = rng.randint(0, 2)
        body = {"select": ["id"], "filter": raw, "pagination": {"limit": limit, "offset": offset}}
        got = [t["id"] for t in portal.v3("tasks.task.list", body).json()["result"]["items"]]
        assert got == expected[offset : offset + limit], raw
