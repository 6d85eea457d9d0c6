"""Scale-out: ``--workers``, and two server processes on one PostgreSQL sharing limits, fault
rules, idempotency keys and configuration changes through Redis."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from b24local.protocol import redis_backends
from b24local.testing import PortalClient, ServerProcess
from b24local.testing.inprocess import ThreadedServer
from tests.conftest import PgSchema, pg_base_url, start_server
from tests.protocol.conftest import DEFAULTS

REDIS = "redis://127.0.0.1:6379/0"
TASK = {"fields": {"title": "Shared", "creatorId": 1, "responsibleId": 1}}


def redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS).ping())
    except Exception:  # noqa: BLE001
        return False


@pytest.mark.parametrize("backend_name", ["sqlite", "postgres"])
def test_workers_share_one_port(tmp_path, backend_name):
    server, schema = start_server(backend_name, tmp_path, "--workers", "2")
    try:
        p = PortalClient(server)
        ids = []
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: p.v3("tasks.task.add", TASK), range(40)))
        assert all(a.status_code == 200 for a in answers), [a.text for a in answers if a.status_code != 200][:1]
        ids = sorted(a.json()["result"]["item"]["id"] for a in answers)
        assert ids == list(range(1, 41))
        listed = p.v3("tasks.task.list", {"pagination": {"limit": 100}}).json()["result"]["items"]
        assert len(listed) == 40
        p.close()
    finally:
        server.stop()
        if schema:
            schema.drop()


def shared_schema() -> PgSchema:
    base = pg_base_url()
    if not base:
        pytest.skip("two servers on one database need B24LOCAL_TEST_DATABASE_URL (PostgreSQL)")
    if not redis_up():
        pytest.skip(f"shared limits and faults need Redis at {REDIS}")
    return PgSchema(base)


@pytest.fixture(scope="module")
def pair_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[PortalClient]]:
    """Two server processes on one PostgreSQL schema and one Redis, for the whole module."""
    schema = shared_schema()
    folder = tmp_path_factory.mktemp("pair")
    servers: list[ServerProcess] = []
    try:
        for name in ("a", "b"):
            srv = ServerProcess(
                data_dir=folder / name,
                database_url=schema.url,
                token="pairtoken0000001",
                extra_args=["--redis-url", REDIS],
            )
            servers.append(srv.start())
        portals = [PortalClient(s) for s in servers]
        yield portals
        for p in portals:
            p.close()
    finally:
        for srv in servers:
            srv.stop()
        schema.drop()


@pytest.fixture
def pair(pair_servers: list[PortalClient]) -> list[PortalClient]:
    """Both servers reset (the store, Redis' shared state and each process's own) with the default settings,
    which each applies at once."""
    for p in pair_servers:
        p.reset()
        p.admin("PUT", "portal", json=DEFAULTS).raise_for_status()
    return pair_servers


def test_a_task_made_on_one_is_read_on_the_other(pair):
    a, b = pair
    made = a.v3("tasks.task.add", TASK).json()["result"]["item"]
    got = b.v3("tasks.task.get", {"id": made["id"]}).json()["result"]["item"]
    assert got["title"] == "Shared" and got["guid"] == made["guid"]


def test_concurrent_updates_on_both_lose_nothing(pair):
    a, b = pair
    task_id = a.v3("tasks.task.add", TASK).json()["result"]["item"]["id"]
    fields = ["title", "description", "xmlId", "priority", "estimatedTime"]

    def update(i: int) -> int:
        name = fields[i % len(fields)]
        value = {"priority": ["low", "average", "high"][i % 3], "estimatedTime": i}.get(name, f"v{i}")
        return (a if i % 2 else b).v3("tasks.task.update", {"id": task_id, "fields": {name: value}}).status_code

    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(update, range(200)))
    assert statuses == [200] * 200
    item = a.v3("tasks.task.get", {"id": task_id}).json()["result"]["item"]
    # every update bumps outlookVersion by one under the row lock: none was lost
    assert item["outlookVersion"] == 201
    assert item["title"].startswith("v") and item["description"].startswith("v")


class HeldWallClock:
    """Stands in for the ``time`` module inside ``b24local.protocol.redis_backends``: the wall time the Redis bucket
    drains by stands still until ``advance``; the monotonic clock (configuration reloads) runs as usual."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def __getattr__(self, name: str) -> object:
        return getattr(time, name)


@pytest.fixture
def held_pair(tmp_path: Path) -> Iterator[tuple[PortalClient, PortalClient, HeldWallClock]]:
    """Two servers sharing one PostgreSQL schema and one Redis, whose shared bucket drains only when the test
    moves the clock. They run in this process (``ThreadedServer``) so the test can hold that clock; they
    share nothing but the database and Redis, as two processes do."""
    schema = shared_schema()
    clock = HeldWallClock()
    servers: list[ThreadedServer] = []
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(redis_backends, "time", clock)
            for name in ("a", "b"):
                servers.append(
                    ThreadedServer(
                        tmp_path / name, database_url=schema.url, token="pairtoken0000001", redis_url=REDIS
                    ).start()
                )
            a, b = (PortalClient(base_url=s.base_url, token=s.token) for s in servers)
            a.reset()
            yield a, b, clock
            a.close()
            b.close()
    finally:
        for srv in servers:
            srv.stop()
        schema.drop()


def test_rate_limit_is_enforced_across_both(held_pair):
    a, b, clock = held_pair
    for p in (a, b):  # each applies it at once (no waiting for the other to notice)
        p.admin("PUT", "portal", json={"limits": "cloud"}).raise_for_status()
    codes = [(a if i % 2 else b).call("server.time").status_code for i in range(60)]
    assert codes == [200] * 50 + [503] * 10  # one bucket of 50 for both
    assert a.admin("GET", "limits").json()["bucket"]["level"] == 50.0
    assert b.admin("GET", "limits").json()["bucket"]["level"] == 50.0
    clock.advance(1.0)  # two drain
    assert [a.call("server.time").status_code, b.call("server.time").status_code, a.call("scope").status_code] == [
        200,
        200,
        503,
    ]


def test_fault_rules_and_config_apply_on_both(pair):
    a, b = pair
    a.admin("POST", "faults", json={"method": "server.time", "error": "QUERY_LIMIT_EXCEEDED", "times": 2})
    assert b.call("server.time").status_code == 503
    assert a.call("server.time").status_code == 503
    assert b.call("server.time").status_code == 200
    a.admin("PUT", "portal", json={"plan": "free"}).raise_for_status()
    time.sleep(0.6)
    r = b.call("server.time")
    assert (r.status_code, r.json()["error"]) == (403, "ACCESS_DENIED")
    a.admin("PUT", "portal", json={"plan": "commercial"}).raise_for_status()


def test_idempotency_key_replays_across_processes(pair):
    a, b = pair
    key = {"Idempotency-Key": "k-" + uuid.uuid4().hex}
    first = a.http.post(f"/rest/api/1/{a.token}/tasks.task.add", json=TASK, headers=key)
    again = b.http.post(f"/rest/api/1/{b.token}/tasks.task.add", json=TASK, headers=key)
    assert first.status_code == again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["result"]["item"]["id"] == first.json()["result"]["item"]["id"]


def test_operating_limit_is_counted_across_both(pair):
    a, b = pair
    a.admin("PUT", "portal", json={"limits": "cloud"}).raise_for_status()
    a.admin("PUT", "limits/operating", json={"charge": 100}).raise_for_status()  # each call charged 100 s
    time.sleep(0.6)
    answers = [(a if i % 2 else b).call("user.current") for i in range(5)]
    assert [r.status_code for r in answers] == [200] * 5
    assert answers[-1].json()["time"]["operating"] == 500.0  # both processes' calls in one ledger
    for p in (a, b):
        r = p.call("user.current")
        assert (r.status_code, r.json()["error"]) == (429, "OPERATION_TIME_LIMIT")
    a.admin("PUT", "portal", json={"limits": "off"}).raise_for_status()
