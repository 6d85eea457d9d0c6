"""``Idempotency-Key`` end to end through the ASGI app in-process, with a stand-in v3 writing method
(no v3 writing method is registered on this branch yet; the server-process tests in
test_idempotency.py cover ``tasks.task.add`` once it lands)."""

from __future__ import annotations

import itertools

import pytest
from starlette.testclient import TestClient

from b24local.app import build_app
from b24local.bootstrap import ensure_portal
from b24local.core.errors import V3, ApiError
from b24local.core.registry import Method, registry
from b24local.store import Store
from tests.protocol.test_idempotency import MALFORMED, REUSED

NAME = "b24local.test.create"


@pytest.fixture
def client(database_url, monkeypatch):
    counter = itertools.count(1)

    def create(call, params):
        if "title" not in params:
            raise ApiError(V3.ACCESS_DENIED)
        return {"item": {"id": next(counter), "title": params["title"]}}

    monkeypatch.setitem(registry.methods, (3, NAME), Method(NAME, 3, None, create, write=True))
    monkeypatch.setitem(registry.methods, (3, NAME + "read"), Method(NAME + "read", 3, None, create, write=False))
    store = Store(database_url)
    store.migrate()
    with store.transaction() as conn:
        ensure_portal(store, conn, webhook_token="inproc")
    with TestClient(build_app(store)) as c:
        yield c
    store.dispose()


def post(client, body, key=None, method=NAME, hook="inproc"):
    headers = {} if key is None else {"Idempotency-Key": key}
    return client.post(f"/rest/api/1/{hook}/{method}", json=body, headers=headers)


def test_replay_reuse_and_malformed(client):
    first = post(client, {"title": "a"}, "k1")
    assert first.status_code == 200 and first.json()["result"]["item"]["id"] == 1
    assert first.headers["idempotency-key"] == "k1" and "idempotent-replayed" not in first.headers
    again = post(client, {"title": "a"}, "k1")
    assert again.json() == first.json()
    assert (again.headers["idempotent-replayed"], again.headers["idempotency-key"]) == ("true", "k1")
    r = post(client, {"title": "b"}, "k1")
    assert (r.status_code, r.json()) == (422, REUSED)
    assert post(client, {"title": "a"}, "k2").json()["result"]["item"]["id"] == 2
    assert post(client, {"title": "a"}).json()["result"]["item"]["id"] == 3  # no key: runs every time
    for bad in ["", "x" * 256, "ключ"]:
        r = client.post(f"/rest/api/1/inproc/{NAME}", json={"title": "a"}, headers={"Idempotency-Key": bad.encode()})
        assert (r.status_code, r.json()) == (400, MALFORMED)
    journal = client.get("/_b24local/requests", params={"method": NAME}).json()["requests"]
    assert [e["replayed"] for e in journal if e["status"] == 200] == [False, False, True, False]


def test_errors_are_not_kept_and_reads_are_not_replayed(client):
    r = post(client, {}, "k3")
    assert r.status_code == 403 and r.headers["idempotency-key"] == "k3"
    ok = post(client, {"title": "now"}, "k3")
    assert ok.status_code == 200 and "idempotent-replayed" not in ok.headers
    # a reading method echoes a valid key but always runs
    one = post(client, {"title": "r"}, "k4", method=NAME + "read")
    two = post(client, {"title": "r"}, "k4", method=NAME + "read")
    assert one.json()["result"]["item"]["id"] != two.json()["result"]["item"]["id"]
    assert two.headers["idempotency-key"] == "k4" and "idempotent-replayed" not in two.headers
    # the key's scope includes the credential
    reset = client.post("/_b24local/webhooks", json={"user": 1, "token": "otherhook"})
    assert reset.status_code == 201
    assert post(client, {"title": "now"}, "k3", hook="otherhook").headers.get("idempotent-replayed") is None
