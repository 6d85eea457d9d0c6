"""Real clients against a real server: fast_bitrix24 (plain http) and b24pysdk (https), unmodified."""

from __future__ import annotations

import pytest

from tests.crm.helpers import add_item, add_spa, result


def _batch_available() -> bool:
    from b24local.methods import load as load_all

    return load_all().find(2, "batch") is not None


def test_fast_bitrix24_get_all_deals(portal):
    if not _batch_available():
        pytest.skip("v2 batch not available yet")
    from fast_bitrix24 import Bitrix

    for i in range(120):
        add_item(portal, 2, {"title": f"D{i}"})
    b = Bitrix(portal.v2_url(), verbose=False)
    items = b.get_all("crm.item.list", {"entityTypeId": 2})
    ids = sorted(int(item["id"]) for item in items)
    assert ids == list(range(1, 121))


def test_fast_bitrix24_plain_calls(portal):
    from fast_bitrix24 import Bitrix

    add_spa(portal, 1268)
    b = Bitrix(portal.v2_url(), verbose=False)
    added = b.call("crm.item.add", {"entityTypeId": 1268, "fields": {"title": "via fast"}}, raw=True)
    assert added["result"]["item"]["title"] == "via fast"
    deleted = b.call("crm.item.delete", {"entityTypeId": 1268, "id": 1}, raw=True)
    assert deleted["result"] == []


def test_b24pysdk_item_round_trip(tls_portal, monkeypatch):
    from b24pysdk import Client
    from b24pysdk.credentials import BitrixWebhook
    from b24pysdk.errors import BitrixAPIError

    portal = tls_portal
    portal.reset()
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(portal.server.ca_path))
    add_spa(portal, 1268)
    domain = portal.base_url.split("://", 1)[1]
    client = Client(BitrixWebhook(domain=domain, webhook_token=f"1/{portal.token}"))
    item = client.crm.item.add(entity_type_id=1268, fields={"title": "sdk"}).response.result["item"]
    assert item["id"] == 1 and item["title"] == "sdk"
    got = client.crm.item.get(entity_type_id=1268, bitrix_id=1).response.result["item"]
    assert got == item
    listed = client.crm.item.list(entity_type_id=1268, select=["id", "title"]).response
    assert listed.result == {"items": [{"id": 1, "title": "sdk"}]}
    assert client.crm.item.delete(entity_type_id=1268, bitrix_id=1).response.result == []
    with pytest.raises(BitrixAPIError) as info:
        client.crm.item.delete(entity_type_id=1268, bitrix_id=1).response
    assert info.value.error == "NOT_FOUND" and info.value.error_description == "Item not found"
    assert result(portal, "crm.item.list", {"entityTypeId": 1268})["items"] == []


def test_b24pysdk_fast_and_plain_listers(tls_portal, monkeypatch):
    if not _batch_available():
        pytest.skip("v2 batch not available yet")
    from b24pysdk import Client
    from b24pysdk.credentials import BitrixWebhook

    portal = tls_portal
    portal.reset()
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(portal.server.ca_path))
    for i in range(120):
        add_item(portal, 2, {"title": f"D{i}"})
    domain = portal.base_url.split("://", 1)[1]
    client = Client(BitrixWebhook(domain=domain, webhook_token=f"1/{portal.token}"))
    fast = client.crm.item.list(entity_type_id=2, select=["id"]).as_list_fast().response.result
    assert sorted(item["id"] for item in fast) == list(range(1, 121))
    plain = client.crm.item.list(entity_type_id=2, select=["id"]).as_list().response.result
    assert sorted(item["id"] for item in plain) == list(range(1, 121))


def _node(portal, scenario):
    import json
    import os
    import shutil
    import subprocess
    from pathlib import Path

    node = shutil.which("node")
    js = Path(__file__).resolve().parents[1] / "js"
    if node is None or not (js / "node_modules" / "@bitrix24" / "b24jssdk" / "package.json").is_file():
        pytest.skip("node and tests/js/node_modules (npm ci) are needed for the JS SDK")
    env = {**os.environ, "NODE_EXTRA_CA_CERTS": str(portal.server.ca_path)}
    hook = f"{portal.base_url}/rest/1/{portal.token}"
    done = subprocess.run(
        [node, "crm.mjs", hook, scenario], cwd=js, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"JS SDK scenario {scenario} failed:\n{done.stdout}\n{done.stderr}"
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["ok"] is True
    return out["data"]


def test_js_sdk_list_helpers(tls_portal):
    tls_portal.reset()
    for i in range(120):
        add_item(tls_portal, 2, {"title": f"D{i}"})
    assert sorted(_node(tls_portal, "list")) == list(range(1, 121))
    assert sorted(_node(tls_portal, "fetch")) == list(range(1, 121))


def test_js_sdk_crud(tls_portal):
    tls_portal.reset()
    add_spa(tls_portal, 1268)
    data = _node(tls_portal, "crud")
    assert data["item"]["id"] == 1 and data["item"]["entityTypeId"] == 1268
    assert data["deleted"] == []
    assert data["again"]["isSuccess"] is False
    assert any("Item not found" in e for e in data["again"]["errors"]), data["again"]
