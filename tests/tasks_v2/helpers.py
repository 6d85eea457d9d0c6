"""Helpers for the v2 task tests: envelopes checked literally, and a portal seeded with the docs' users."""

from __future__ import annotations

from typing import Any

# The users and tasks the documentation's examples name (api-reference/tasks/tasks-task-*.md).
DOC_SEED: dict[str, Any] = {
    "users": [
        {"id": 123, "name": "Responsible"},
        {"id": 456, "name": "Creator"},
        {
            "id": 503,
            "name": "Maria",
            "last_name": "Johnson",
            "email": "maria@mysite.com",
            "work_position": "Administrator",
        },
        {"id": 547, "name": "Maria", "work_position": "Tester"},
    ],
    "tasks": [
        {"id": 1, "title": "One", "creatorId": 1, "responsibleId": 1},
        {"id": 11, "title": "Eleven", "creatorId": 1, "responsibleId": 1},
        {"id": 8017, "title": "Task Example", "creatorId": 503, "responsibleId": 503, "auditors": [547]},
        {"id": 8131, "title": "To delete", "creatorId": 1, "responsibleId": 1},
    ],
}


def ok2(r: Any) -> Any:
    """A v2 success: HTTP 200, ``result`` then ``time`` (lists add ``next``/``total`` between them)."""
    assert r.status_code == 200, r.text
    body = r.json()
    assert list(body)[0] == "result" and list(body)[-1] == "time", body
    return body["result"]


def err2(r: Any, code: str, description: str, status: int = 400) -> None:
    assert r.status_code == status, r.text
    assert r.json() == {"error": code, "error_description": description}


def hook(portal: Any, user: int, scopes: list[str] | None = None) -> str:
    return str(portal.add_webhook(user=user, scopes=scopes or ["task", "tasks"]))
