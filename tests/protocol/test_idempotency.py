"""v3 ``Idempotency-Key``: the store's rules in-process, and end to end on ``tasks.task.add``."""

from __future__ import annotations

import pytest

from b24local.core.errors import ApiError
from b24local.protocol.idempotency import IdempotencyStore, check_key, fingerprint
from tests.protocol.conftest import v3_method_available

REUSED = {
    "error": {
        "code": "BITRIX_REST_V3_EXCEPTION_IDEMPOTENCYKEYREUSEDEXCEPTION",
        "message": "The idempotency key has already been used with a different request body",
    }
}
MALFORMED = {
    "error": {
        "code": "BITRIX_REST_V3_EXCEPTION_INVALIDIDEMPOTENCYKEYEXCEPTION",
        "message": "The Idempotency-Key header must be 1 to 255 printable ASCII characters",
    }
}


@pytest.mark.parametrize("key", ["a", "k" * 255, "order-42/retry 1", "~!@#$%^&*()"])
def test_good_keys(key):
    assert check_key(key) == key


@pytest.mark.parametrize("key", ["", "k" * 256, "tab\there", "ключ", "nul\x00"])
def test_malformed_keys(key):
    with pytest.raises(ApiError) as caught:
        check_key(key)
    assert (caught.value.status, caught.value.code) == (400, MALFORMED["error"]["code"])


def test_store_replays_refuses_other_bodies_and_expires():
    store = IdempotencyStore(lifetime=100)
    scope = ("webhook", 1, None, 1, "tasks.task.add", "k1")
    body = {"fields": {"title": "a", "responsibleId": 1}}
    same = {"fields": {"responsibleId": 1, "title": "a"}}  # key order does not matter
    assert store.lookup(scope, fingerprint(body), now=0) is None
    store.keep(scope, fingerprint(body), 200, {"result": {"item": {"id": 1}}}, now=0)
    assert store.lookup(scope, fingerprint(same), now=50).body == {"result": {"item": {"id": 1}}}
    with pytest.raises(ApiError) as caught:
        store.lookup(scope, fingerprint({"fields": {"title": "b"}}), now=50)
    assert (caught.value.status, caught.value.code) == (422, REUSED["error"]["code"])
    # another user / credential / method is another scope
    assert store.lookup(("webhook", 1, None, 2, "tasks.task.add", "k1"), fingerprint(body), now=50) is None
    # 24 h (here 100 s) later the key is free again
    assert store.lookup(scope, fingerprint({"fields": {"title": "b"}}), now=100) is None
    assert len(store) == 0


def test_store_is_bounded():
    store = IdempotencyStore(max_entries=2)
    for i in range(3):
        store.keep(("s", i), "f", 200, {}, now=0)
    assert len(store) == 2 and store.lookup(("s", 0), "f", now=0) is None


def _needs_task_add(p):
    if not v3_method_available(p, "tasks.task.add"):
        pytest.skip("needs a v3 writing method: tasks.task.add lands with the tasks branch")


def _add(p, fields, key, token=None):
    prefix = f"/rest/api/1/{token or p.token}/"
    return p.http.post(prefix + "tasks.task.add", json={"fields": fields}, headers={"Idempotency-Key": key})


def test_replay_on_the_server(p):
    _needs_task_add(p)
    fields = {"title": "Idempotent", "creatorId": 1, "responsibleId": 1}
    first = _add(p, fields, "key-1")
    assert first.status_code == 200, first.text
    assert first.headers["idempotency-key"] == "key-1"
    assert "idempotent-replayed" not in first.headers
    again = _add(p, fields, "key-1")
    assert again.status_code == 200
    assert again.json() == first.json()  # the stored answer, time block included
    assert (again.headers["idempotent-replayed"], again.headers["idempotency-key"]) == ("true", "key-1")
    # a new key runs the method again
    other = _add(p, fields, "key-2")
    assert other.json()["result"]["item"]["id"] != first.json()["result"]["item"]["id"]
    # the same key from another webhook is another scope
    hook = p.add_webhook(1)
    third = _add(p, fields, "key-1", token=hook)
    assert third.json()["result"]["item"]["id"] not in {
        first.json()["result"]["item"]["id"],
        other.json()["result"]["item"]["id"],
    }


def test_reuse_with_another_body_and_malformed_key_on_the_server(p):
    _needs_task_add(p)
    assert _add(p, {"title": "One", "creatorId": 1, "responsibleId": 1}, "key-9").status_code == 200
    r = _add(p, {"title": "Two", "creatorId": 1, "responsibleId": 1}, "key-9")
    assert (r.status_code, r.json()) == (422, REUSED)
    r = _add(p, {"title": "Three", "creatorId": 1, "responsibleId": 1}, "x" * 256)
    assert (r.status_code, r.json()) == (400, MALFORMED)


def test_errors_are_not_kept(p):
    _needs_task_add(p)
    bad = _add(p, {"responsibleId": 1}, "key-e")  # no title: a validation error
    assert bad.status_code == 400
    assert bad.headers["idempotency-key"] == "key-e"
    good = _add(p, {"title": "Now", "creatorId": 1, "responsibleId": 1}, "key-e")
    assert good.status_code == 200 and "idempotent-replayed" not in good.headers
