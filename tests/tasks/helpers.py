"""Helpers for the tasks tests: seed data, error assertions, users with their own webhooks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

SEED_ITEM = json.loads((Path(__file__).with_name("seed_004_item.json")).read_text())
SEED_FIELDS = {
    "title": "Task Title",
    "deadline": "2025-12-31T23:59:59+02:00",
    "creatorId": 29,
    "responsibleId": 1,
    "crmItemIds": ["L_1000959"],
}
RV = "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION"
DV = "BITRIX_REST_V3_EXCEPTION_VALIDATION_DTOVALIDATIONEXCEPTION"
RFV = "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTFILTERVALIDATIONEXCEPTION"
AD = "BITRIX_REST_V3_EXCEPTION_ACCESSDENIEDEXCEPTION"
UNKNOWN = "BITRIX_REST_V3_EXCEPTION_UNKNOWNDTOPROPERTYEXCEPTION"
RV_MSG = "Error during request object validation"
DV_MSG = "Object validation error"


def check_error(r: Any, status: int, code: str, message: str, validation: list[dict[str, Any]] | None = None) -> None:
    """The whole error body, literally (no ``time`` block, key order included)."""
    assert r.status_code == status, r.text
    body = r.json()
    inner: dict[str, Any] = {"code": code, "message": message}
    if validation is not None:
        inner["validation"] = validation
    assert body == {"error": inner}, body
    assert list(body["error"]) == list(inner)
    for got, want in zip(body["error"].get("validation", []), validation or [], strict=False):
        assert list(got) == list(want)


def item(message: str, field: str | None = None) -> dict[str, Any]:
    return {"message": message, "field": field} if field is not None else {"message": message}


def check_rv(r: Any, message: str, field: str | None) -> None:
    check_error(r, 400, RV, RV_MSG, [item(message, field)])


def check_denied(r: Any) -> None:
    check_error(r, 403, AD, "Access denied")


def ok(r: Any) -> Any:
    assert r.status_code == 200, r.text
    body = r.json()
    assert list(body) == ["result", "time"]
    return body["result"]


def seed_portal(portal: Any) -> None:
    """Users 1 (admin, exists) and 29 of the seed examples."""
    portal.add_user("Creator", id=29)


def add_task(portal: Any, user: int = 1, token: str | None = None, **fields: Any) -> int:
    body = {"title": "T", "creatorId": user, "responsibleId": user, **fields}
    return int(ok(portal.v3("tasks.task.add", {"fields": body}, user=user, token=token))["item"]["id"])


def get_task(portal: Any, task_id: int, select: list[str] | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {"id": task_id}
    if select is not None:
        params["select"] = select
    return ok(portal.v3("tasks.task.get", params))["item"]


def user_with_hook(portal: Any, name: str = "User", admin: bool = False) -> tuple[int, str]:
    uid = portal.add_user(name, admin=admin)
    return uid, portal.add_webhook(user=uid, scopes=["tasks"])


def db_exec(portal: Any, sql: str, **params: Any) -> list[Any]:
    """Direct access to the server's real database (to set up accomplices/auditors, which v3 cannot)."""
    engine = create_engine(portal.server.database_url)
    try:
        with engine.begin() as conn:
            res = conn.execute(text(sql), params)
            return list(res) if res.returns_rows else []
    finally:
        engine.dispose()


def add_member(portal: Any, task_id: int, user_id: int, role: str) -> None:
    db_exec(
        portal, "INSERT INTO task_members (task_id, user_id, role) VALUES (:t, :u, :r)", t=task_id, u=user_id, r=role
    )
