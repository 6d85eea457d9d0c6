"""Scale-out (issue 7): ``--workers``, and two server processes on one PostgreSQL sharing limits, fault
rules, idempotency keys and configuration changes through Redis."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from b24local.testing import PortalClient, ServerProcess
from conftest import PgSchema, pg_base_url, start_server

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


@pytest.fixture
def pair(tmp_path):
    """Two servers on one PostgreSQL schema and one Redis."""
    base = pg_base_url()
    if not base:
        pytest.skip("two servers on one database need B24LOCAL_TEST_DATABASE_URL (PostgreSQL)")
    if not redis_up():
        pytest.skip(f"shared limits and faults need Redis at {REDIS}")
    schema = PgSchema(base)
    servers = []
    try:
        for name in ("a", "b"):
            srv = ServerProcess(data_dir=tmp_path / name, database_url=schema.url, token="pairtoken0000001",
                                extra_args=["--redis-url", REDIS])
            servers.append(srv.start())
        portals = [PortalClient(s) for s in servers]
        portals[0].reset()
        yield portals
        for p in portals:
            p.close()
    finally:
        for srv in servers:
            srv.stop()
        schema.drop()


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


def test_rate_limit_is_enforced_across_both(pair):
    a, b = pair
    a.admin("PUT", "portal", json={"limits": "cloud"}).raise_for_status()
    time.sleep(0.6)  # b notices the configuration change within 0.5 s
    began = time.monotonic()
    codes = [(a if i % 2 else b).call("server.time").status_code for i in range(200)]
    elapsed = time.monotonic() - began
    refused = codes.count(503)
    admitted = 200 - refused
    expected = 50 + 2 * elapsed  # burst 50, drained at 2 per second during the run
    assert abs(admitted - expected) <= 3, (admitted, expected)
    a.admin("PUT", "portal", json={"limits": "off"}).raise_for_status()


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
