"""A tiny Bitrix24 integration: open a deal (REST v2, ``crm.item.add``) and a follow-up task bound to it
(REST v3, ``tasks.task.add`` with ``crmItemIds``). Works against a real portal or against b24local."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx

DEAL = 2  # entityTypeId of deals


class BitrixError(RuntimeError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


@dataclass
class FollowUp:
    deal_id: int
    task_id: int


def _call(url: str, method: str, params: dict) -> dict:
    answer = httpx.post(url + method, json=params, timeout=30).json()
    error = answer.get("error")
    if isinstance(error, dict):  # REST v3
        raise BitrixError(error.get("code", ""), error.get("message", ""))
    if error:  # REST v2
        raise BitrixError(error, answer.get("error_description", ""))
    return answer["result"]


def open_deal(
    v2_webhook: str, v3_webhook: str, title: str, amount: float, manager_id: int, follow_up_days: int = 3
) -> FollowUp:
    """Create the deal for ``manager_id`` and a task for them to call the client in ``follow_up_days``."""
    deal = _call(
        v2_webhook,
        "crm.item.add",
        {"entityTypeId": DEAL, "fields": {"title": title, "opportunity": amount, "assignedById": manager_id}},
    )["item"]
    deadline = (datetime.now(UTC) + timedelta(days=follow_up_days)).replace(microsecond=0)
    task = _call(
        v3_webhook,
        "tasks.task.add",
        {
            "fields": {
                "title": f"Call the client about: {title}",
                "creatorId": 1,
                "responsibleId": manager_id,
                "deadline": deadline.isoformat(),
                "crmItemIds": [f"D_{deal['id']}"],
            }
        },
    )["item"]
    return FollowUp(deal_id=int(deal["id"]), task_id=int(task["id"]))
