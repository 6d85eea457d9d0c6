"""The leaky bucket and the operating limit through a real server.

The bucket drains with the clock (2 requests a second under ``cloud``), so a test that counts requests
against wall time passes or fails with the machine's speed. The bucket tests therefore run a real server
in this process (``ThreadedServer``: uvicorn, HTTP, the store) whose bucket reads a clock the test holds
still and moves on by hand; every count is then exact. The operating-limit tests need no clock.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from b24local.protocol import limits
from b24local.testing import PortalClient
from b24local.testing.inprocess import ThreadedServer
from tests.conftest import SEED_TOKEN, database_url_for
from tests.protocol.conftest import DEFAULTS, set_portal, v3_method_available

QLE = {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"}
OTL = {"error": "OPERATION_TIME_LIMIT", "error_description": "Method is blocked due to operation time limit."}


class HeldClock:
    """Stands in for the ``time`` module inside ``b24local.protocol.limits``: the bucket's monotonic clock
    stands still until ``advance``; wall time (the operating ledger's) runs as usual."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def __getattr__(self, name: str) -> object:
        return getattr(time, name)


@pytest.fixture(scope="module")
def held_server(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[PortalClient, HeldClock]]:
    folder = tmp_path_factory.mktemp(f"held-{backend}")
    url, schema = database_url_for(backend, folder)
    clock = HeldClock()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(limits, "time", clock)
        server = ThreadedServer(folder, database_url=url, token=SEED_TOKEN).start()
        portal = PortalClient(base_url=server.base_url, token=SEED_TOKEN)
        try:
            yield portal, clock
        finally:
            portal.close()
            server.stop()
            if schema:
                schema.drop()


@pytest.fixture
def held(held_server: tuple[PortalClient, HeldClock]) -> Iterator[tuple[PortalClient, HeldClock]]:
    """The held-clock server, reset to a fresh portal with the default settings."""
    portal, _ = held_server
    portal.reset()
    set_portal(portal, **DEFAULTS)
    yield held_server
    set_portal(portal, **DEFAULTS)


def test_cloud_bucket_under_a_burst_of_200(held):
    p, clock = held
    set_portal(p, limits="cloud")
    statuses = [p.call("server.time").status_code for _ in range(200)]
    # burst 50, and the clock stands still: nothing drains during the burst
    assert statuses == [200] * 50 + [503] * 150
    # past the limit the balancer's answer is the v2 shape on every path, before anything else
    r = p.call("no.such.method")
    assert (r.status_code, r.json()) == (503, QLE)
    r = p.v3("tasks.task.get", {"id": 1})
    assert (r.status_code, r.json()) == (503, QLE)
    r = p.http.post("/rest/server.time", json={})  # no credentials at all
    assert (r.status_code, r.json()) == (503, QLE)
    bucket = p.admin("GET", "limits").json()["bucket"]
    assert bucket == {"level": 50.0, "drain_per_second": 2.0, "burst": 50}
    # the bucket drains two a second; a refused call adds nothing
    clock.advance(1.0)
    assert [p.call("server.time").status_code for _ in range(3)] == [200, 200, 503]
    clock.advance(0.25)
    assert p.call("server.time").status_code == 503  # half a request drained: not room for one
    clock.advance(0.25)
    assert [p.call("server.time").status_code for _ in range(2)] == [200, 503]


def test_enterprise_bucket_is_larger_and_off_is_off(held):
    p, _ = held
    set_portal(p, limits="enterprise")
    assert [p.call("server.time").status_code for _ in range(251)] == [200] * 250 + [503]
    set_portal(p, limits="off")
    assert all(p.call("server.time").status_code == 200 for _ in range(60))


def test_every_request_counts_once(held):
    p, _ = held
    set_portal(p, limits="cloud")
    codes = [p.call("scope").status_code for _ in range(50)]
    assert codes == [200] * 50
    assert p.admin("GET", "limits").json()["bucket"]["level"] == 50.0
    assert p.call("scope").status_code == 503


def test_a_batch_counts_as_one_request(held):
    p, _ = held
    set_portal(p, limits="cloud")
    r = p.call("batch", {"cmd": {f"c{i}": "server.time" for i in range(40)}})
    assert r.status_code == 200
    assert p.admin("GET", "limits").json()["bucket"]["level"] == 1.0
    assert [p.call("scope").status_code for _ in range(49)] == [200] * 49
    assert p.call("scope").status_code == 503


def test_operating_limit_with_fixed_charge(p):
    set_portal(p, limits="cloud")
    r = p.admin("PUT", "limits/operating", json={"charge": 100})
    assert r.json() == {"limit": 480.0, "factor": 1.0, "charge": 100.0}
    blocks = []
    for _ in range(5):
        r = p.call("server.time")
        assert r.status_code == 200
        blocks.append(r.json()["time"])
    assert [b["operating"] for b in blocks] == [100.0, 200.0, 300.0, 400.0, 500.0]
    first = blocks[0]
    assert first["start"] + 600 <= first["operating_reset_at"] <= first["start"] + 601
    assert {b["operating_reset_at"] for b in blocks} == {first["operating_reset_at"]}  # the oldest bucket
    assert list(first) == [
        "start",
        "finish",
        "duration",
        "processing",
        "date_start",
        "date_finish",
        "operating_reset_at",
        "operating",
    ]
    r = p.call("server.time")
    assert (r.status_code, r.json()) == (429, OTL)
    # per method …
    assert p.call("scope").json()["time"]["operating"] == 100.0
    # … and per webhook
    other = p.add_webhook(1)
    assert p.call("server.time", token=other).json()["time"]["operating"] == 100.0
    # a refused call is not charged; resetting the ledger opens the method again
    p.admin("PUT", "limits/operating", json={"reset": True})
    assert p.call("server.time").json()["time"]["operating"] == 0.0


def test_operating_limit_with_inflated_durations(p):
    set_portal(p, limits="cloud")
    p.admin("PUT", "limits/operating", json={"factor": 1e7})
    seen = []
    for _ in range(30):
        r = p.call("profile")
        if r.status_code != 200:
            break
        seen.append(r.json()["time"]["operating"])
    assert (r.status_code, r.json()) == (429, OTL)
    assert seen and seen == sorted(seen) and seen[0] > 0.1
    assert seen[-1] > 480  # the last answered call reported the sum that then blocked the method


def test_short_calls_are_not_counted_and_off_reports_zero(p):
    r = p.call("server.time").json()["time"]
    assert (r["operating"], r["operating_reset_at"]) == (0.0, r["start"] + 600)
    set_portal(p, limits="cloud")
    p.admin("PUT", "limits/operating", json={"charge": 0.1})
    for _ in range(3):
        t = p.call("server.time").json()["time"]
        assert (t["operating"], t["operating_reset_at"]) == (0.0, t["start"] + 600)
    bad = p.admin("PUT", "limits/operating", json={"factor": -1})
    assert (bad.status_code, bad.json()["error_description"]) == (
        400,
        "factor: Input should be greater than or equal to 0",
    )


def test_operating_limit_v3_shape(p):
    if not v3_method_available(p, "tasks.task.list"):
        pytest.skip("needs a v3 method (tasks.task.list lands with the tasks branch)")
    set_portal(p, limits="cloud")
    p.admin("PUT", "limits/operating", json={"charge": 500})
    assert p.v3("tasks.task.list", {}).status_code == 200
    r = p.v3("tasks.task.list", {})
    assert (r.status_code, r.json()) == (
        429,
        {
            "error": {
                "code": "BITRIX_REST_V3_EXCEPTION_RATELIMITEXCEPTION",
                "message": "Request was blocked because the limit was exceeded.",
            }
        },
    )
