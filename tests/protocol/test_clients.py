"""Real clients retry through injected faults: fast_bitrix24 (plain HTTP) and b24pysdk (HTTPS)."""

from __future__ import annotations

import time

import pytest

from b24local.testing import PortalClient


def add(p: PortalClient, **rule) -> dict:
    r = p.admin("POST", "faults", json=rule)
    assert r.status_code == 201, r.text
    return r.json()


def journal_statuses(p: PortalClient, method: str) -> list[int]:
    return [e["status"] for e in reversed(p.admin("GET", "requests", params={"method": method}).json()["requests"])]


def test_fast_bitrix24_retries_query_limit_exceeded(p):
    from fast_bitrix24 import Bitrix

    p.admin("DELETE", "requests")
    add(p, method="user.get", error="QUERY_LIMIT_EXCEEDED", times=3)
    bx = Bitrix(p.v2_url(), verbose=False)
    result = bx.call("user.get", {"FILTER": {"ID": 1}}, raw=True)
    assert [u["ID"] for u in result["result"]] == ["1"]
    assert journal_statuses(p, "user.get") == [503, 503, 503, 200]
    assert p.admin("GET", "faults").json() == {"faults": []}


def test_fast_bitrix24_retries_a_bare_503_and_a_cut_connection(p):
    from fast_bitrix24 import Bitrix

    p.admin("DELETE", "requests")
    add(p, method="server.time", status=503, times=1)
    add(p, method="server.time", disconnect=True, times=1)
    bx = Bitrix(p.v2_url(), verbose=False)
    assert isinstance(bx.call("server.time", raw=True)["result"], str)
    assert journal_statuses(p, "server.time") == [503, 0, 200]


@pytest.fixture
def hook(tls_portal: PortalClient, monkeypatch: pytest.MonkeyPatch):
    from b24pysdk import BitrixWebhook

    tls_portal.reset()
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tls_portal.server.ca_path))
    domain = tls_portal.base_url.split("://", 1)[1]
    yield BitrixWebhook(domain=domain, webhook_token=f"1/{tls_portal.token}")
    tls_portal.admin("DELETE", "faults")
    tls_portal.admin("PUT", "portal", json={"require_https": False})


def test_b24pysdk_retries_query_limit_exceeded(tls_portal, hook):
    add(tls_portal, method="server.time", error="QUERY_LIMIT_EXCEEDED", times=2)
    began = time.monotonic()
    answer = hook.call_method("server.time")
    assert isinstance(answer["result"], str)
    assert time.monotonic() - began >= 3.0  # its delays: 1 s, then 2 s
    assert journal_statuses(tls_portal, "server.time") == [503, 503, 200]


def test_b24pysdk_gives_up_after_three_attempts(tls_portal, hook):
    from b24pysdk.errors import BitrixAPIQueryLimitExceeded

    add(tls_portal, method="profile", error="QUERY_LIMIT_EXCEEDED", times=3)
    with pytest.raises(BitrixAPIQueryLimitExceeded):
        hook.call_method("profile")
    assert tls_portal.admin("GET", "faults").json() == {"faults": []}
    assert hook.call_method("profile")["result"]["ID"] == "1"


def test_require_https_lets_https_webhooks_through(tls_portal, hook):
    assert tls_portal.admin("PUT", "portal", json={"require_https": True}).status_code == 200
    assert isinstance(hook.call_method("server.time")["result"], str)
