"""fast_bitrix24 1.8.14 (unmodified, plain http): ``get_by_ID``, and its throttling against a server started
with ``serve --limits cloud`` (bucket 50, drain 2/s) finishing without errors. Another client has already
used most of the bucket, so fast_bitrix24 (which starts with an empty bucket of its own) meets
503 QUERY_LIMIT_EXCEEDED answers and must slow down and retry. At most 120 requests in all.

How many answers the bucket refuses depends on how fast the machine sends (it drains meanwhile), so a
fault rule also answers the first ``crm.item.add`` with the same 503: the client meets at least one
whatever the speed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from b24local.testing import PortalClient
from tests.conftest import start_server

fast_bitrix24 = pytest.importorskip("fast_bitrix24")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cloud(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PortalClient]:
    server, schema = start_server(backend, tmp_path_factory.mktemp(f"fb-{backend}"), "--limits", "cloud")
    portal = PortalClient(server)
    yield portal
    portal.close()
    server.stop()
    if schema:
        schema.drop()


def journal(p: PortalClient) -> list[dict]:
    return list(reversed(p.admin("GET", "requests", params={"limit": 500}).json()["requests"]))


def test_get_by_id(portal: PortalClient) -> None:
    portal.seed(ROOT / "examples/seeds/sdk-fixtures.yaml")
    bx = fast_bitrix24.Bitrix(portal.v2_url(), verbose=False)
    ids = list(range(2, 13))
    got = bx.get_by_ID("crm.item.get", ids, ID_field_name="id", params={"entityTypeId": 4})
    assert sorted(int(k) for k in got) == ids
    assert {int(k): v["item"]["title"] for k, v in got.items()} == {i: f"Company {i}" for i in ids}


def test_throttling_under_cloud_limits(cloud: PortalClient) -> None:
    p = cloud
    p.reset()
    p.admin("DELETE", "requests")
    url = p.v2_url()
    with httpx.Client(timeout=30) as other:  # another client has used 48 of the 50
        for _ in range(48):
            assert other.post(url + "server.time").status_code == 200
    p.admin("POST", "faults", json={"method": "crm.item.add", "error": "QUERY_LIMIT_EXCEEDED", "times": 1})
    bx = fast_bitrix24.Bitrix(url, verbose=False)
    titles = []
    for n in range(12):
        added = bx.call("crm.item.add", {"entityTypeId": 2, "fields": {"title": f"Deal {n}"}}, raw=True)
        titles.append(added["result"]["item"]["title"])
    assert titles == [f"Deal {n}" for n in range(12)]
    listed = bx.get_all("crm.item.list", {"entityTypeId": 2, "select": ["id", "title"]})
    assert sorted(i["title"] for i in listed) == sorted(titles)
    entries = journal(p)
    statuses = [e["status"] for e in entries]
    assert 503 in statuses, statuses  # the limit was met (at least the fault rule's)...
    assert all(s in (200, 503) for s in statuses), statuses
    assert len(entries) <= 120, len(entries)
    refused = [e for e in entries if e["status"] == 503]
    assert all(e["method"] in ("crm.item.add", "crm.item.list", "server.time") for e in refused)
