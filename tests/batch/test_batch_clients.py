"""Real clients against a real server: fast_bitrix24 1.8.14 (plain http) and b24pysdk 1.3.2 (https),
both unmodified: b24pysdk/api/callers/call_batch.py and call_list_fast.py (``$result[..]`` references,
``start=-1``), fast_bitrix24/user_request.py (the ``__order`` label of every command)."""

from __future__ import annotations

from typing import Any

import b24pysdk
import fast_bitrix24
import fast_bitrix24.server_response
import pytest

from b24local.testing import PortalClient

NOT_FOUND = {"error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"}


# -- fast_bitrix24 -----------------------------------------------------------------------------------


def fb(portal: PortalClient) -> Any:
    return fast_bitrix24.Bitrix(portal.v2_url(), verbose=False)


def test_fast_bitrix24_call_with_120_items_goes_through_batches(portal):
    ids = [portal.add_user(f"User {i}") for i in range(120)]
    items = [{"filter": {"ID": uid}, "select": ["ID", "NAME"]} for uid in ids]
    # three batches (50 + 50 + 20) sent in parallel, each command labelled by fast_bitrix24's `__order`
    # parameter; the client flattens the per-command lists in the order the batches complete
    users = fb(portal).call("user.get", items)
    assert sorted(users, key=lambda u: int(u["ID"])) == [
        {"ID": str(uid), "NAME": f"User {i}"} for i, uid in enumerate(ids)
    ]


def test_fast_bitrix24_call_with_mixed_methods_answers(portal):
    names = ["user.current", "no.such.method", "server.time", "batch"] * 30
    results = fb(portal).call("method.get", [{"name": n} for n in names])
    assert isinstance(results, tuple) and len(results) == 120
    existing = {"isExisting": True, "isAvailable": True}
    missing = {"isExisting": False, "isAvailable": False}
    assert sorted(results, key=str) == sorted([existing] * 90 + [missing] * 30, key=str)


def test_fast_bitrix24_get_all_over_more_than_50_users(portal):
    ids = {1} | {portal.add_user(f"User {i}") for i in range(130)}
    users = fb(portal).get_all("user.get")
    assert sorted(int(u["ID"]) for u in users) == sorted(ids)
    assert len(users) == 131


def test_fast_bitrix24_get_all_with_filter(portal):
    for i in range(70):
        portal.add_user(f"User {i}")
    users = fb(portal).get_all("user.get", {"filter": {">ID": 10}})
    assert sorted(int(u["ID"]) for u in users) == list(range(11, 72))


def test_fast_bitrix24_call_batch_mixed_successes_and_errors(portal):
    bx = fb(portal)
    ok = bx.call_batch({"halt": 0, "cmd": {"me": "user.current", "now": "server.time"}})
    assert ok["me"]["ID"] == "1" and isinstance(ok["now"], str)
    with pytest.raises(fast_bitrix24.server_response.ErrorInServerResponseException) as info:
        bx.call_batch({"halt": 0, "cmd": {"me": "user.current", "bad": "no.such.method", "nested": "batch"}})
    assert info.value.args[0] == {
        "bad": NOT_FOUND,
        "nested": {
            "error": "ERROR_BATCH_METHOD_NOT_ALLOWED",
            "error_description": "Method is not allowed for batch usage",
        },
    }


# -- b24pysdk (https only) ---------------------------------------------------------------------------


@pytest.fixture
def pysdk(tls_portal: PortalClient) -> Any:
    tls_portal.reset()
    domain = tls_portal.base_url.split("://", 1)[1]
    return b24pysdk.BitrixWebhook(domain=domain, webhook_token=f"1/{tls_portal.token}")


def test_b24pysdk_call_batch(tls_portal, pysdk):
    tls_portal.add_user("current")
    answer = pysdk.call_batch(
        {
            "users": ("user.get", {"filter": {"ID": 2}}),
            "check": ("method.get", {"name": "user.$result[users][0][NAME]"}),
            "bad": ("no.such.method", {}),
            "now": ("server.time", {}),
        }
    )
    result = answer["result"]
    assert list(result) == ["result", "result_error", "result_total", "result_next", "result_time"]
    assert [u["ID"] for u in result["result"]["users"]] == ["2"]
    assert result["result"]["check"] == {"isExisting": True, "isAvailable": True}
    assert result["result_error"] == {"bad": NOT_FOUND}
    assert result["result_total"] == {"users": 1}
    assert result["result_next"] == []
    assert list(result["result_time"]) == ["users", "check", "now"]
    assert set(answer["time"]) >= {"start", "finish", "duration", "processing", "date_start", "date_finish"}


def test_b24pysdk_call_list_fast_user_get(tls_portal, pysdk):
    # users order by SORT/ORDER; the SDK chains `$result[N][49][ID]` with start=-1 inside one batch
    ids = [1] + [tls_portal.add_user(f"U{i}") for i in range(160)]
    got = [int(u["ID"]) for u in pysdk.call_list_fast("user.get")["result"]]
    assert got == ids
    got = [int(u["ID"]) for u in pysdk.call_list_fast("user.get", descending=True)["result"]]
    assert got == ids[::-1]


def test_b24pysdk_call_list_fast_crm_item_list(tls_portal, pysdk):
    # b24pysdk chains `$result[N][items][49][id]` with start=-1: needs crm.item.list's {"items": [...]}
    probe = tls_portal.call("crm.item.list", {"entityTypeId": 2})
    if probe.status_code == 404 and probe.json().get("error") == "ERROR_METHOD_NOT_FOUND":
        pytest.skip("crm.item.list is not registered on this branch yet")
    ids = []
    for i in range(120):
        r = tls_portal.call("crm.item.add", {"entityTypeId": 2, "fields": {"title": f"Deal {i}"}})
        assert r.status_code == 200, r.text
        ids.append(int(r.json()["result"]["item"]["id"]))
    got = [int(item["id"]) for item in pysdk.call_list_fast("crm.item.list", {"entityTypeId": 2})["result"]]
    assert got == sorted(ids)


def test_b24pysdk_call_list_pages_through_batch(tls_portal, pysdk):
    # first page directly, then `start` = 50, 100, … as commands of one batch
    ids = [1] + [tls_portal.add_user(f"U{i}") for i in range(130)]
    got = [int(u["ID"]) for u in pysdk.call_list("user.get")["result"]]
    assert sorted(got) == ids and len(got) == 131
    got = [int(u["ID"]) for u in pysdk.call_list("user.get", {"filter": {">ID": 100}})["result"]]
    assert sorted(got) == list(range(101, 132))
