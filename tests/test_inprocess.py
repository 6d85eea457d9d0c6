"""The ASGI app in-process (no server process), on both backends: the same walk as over the network."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from b24local.app import build_app
from b24local.bootstrap import ensure_portal
from b24local.store import Store


@pytest.fixture
def client(database_url):
    store = Store(database_url)
    store.migrate()
    with store.transaction() as conn:
        ensure_portal(store, conn, webhook_token="inproc")
    with TestClient(build_app(store, max_body=2048)) as c:
        yield c
    store.dispose()


def test_inprocess_calls(client):
    r = client.post("/rest/1/inproc/user.current.json")
    assert r.status_code == 200 and r.json()["result"]["NAME"] == "Admin"
    assert client.post("/rest/1/bad/user.current").json() == {
        "error": "NO_AUTH_FOUND",
        "error_description": "Wrong authorization data",
    }
    assert client.post("/rest/1/inproc/nope").status_code == 404
    r = client.post("/rest/1/inproc/server.time", content=b"x" * 5000)
    assert r.status_code == 413
    assert client.get("/_b24local/health").json() == {"status": "ok"}
    assert client.get("/_b24local/nothing").status_code == 404


def test_handler_crash_is_a_catalogue_500(client, monkeypatch):
    def boom(call, params):
        raise KeyError("secret detail")

    from b24local.core.registry import registry

    m = registry.find(2, "server.time")
    monkeypatch.setitem(registry.methods, (2, "server.time"), type(m)(**{**m.__dict__, "handler": boom}))
    r = client.post("/rest/1/inproc/server.time")
    assert r.status_code == 500
    assert r.json() == {"error": "INTERNAL_SERVER_ERROR", "error_description": "Internal server error"}
    assert "secret" not in r.text
