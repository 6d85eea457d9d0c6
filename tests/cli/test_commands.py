"""The store commands on the store a server uses, while that server runs, and the URLs they print."""

from __future__ import annotations

import httpx
import pytest

from tests.cli.helpers import run_cli, serving


def test_cli_against_running_server(portal):
    srv = portal.server
    out = srv.cli("user", "add", "--name", "Jane", "--last-name", "Doe", "--email", "jane@example.com").stdout
    uid = int(out.strip().splitlines()[-1])
    assert uid == 2
    assert int(srv.cli("user", "add", "--name", "Boss", "--admin", "--id", "29").stdout.strip().splitlines()[-1]) == 29
    listing = srv.cli("user", "list").stdout
    assert "Jane" in listing and "Boss" in listing
    # the URL printed is the one the server recorded when it started listening
    url = srv.cli("webhook", "create", "--user", str(uid), "--scope", "user", "--token", "janetoken").stdout
    url = url.strip().splitlines()[-1]
    assert url == f"{srv.base_url}/rest/{uid}/janetoken/"
    r = httpx.post(url + "user.current")
    assert r.status_code == 200 and r.json()["result"]["NAME"] == "Jane"
    assert "janetoken"[:4] in srv.cli("webhook", "list").stdout
    token = srv.cli("token", "create", "--user", str(uid), "--scope", "user", "--expires-in", "60").stdout
    token = token.strip().splitlines()[-1]
    r = httpx.post(f"{srv.base_url}/rest/user.current", params={"auth": token})
    assert r.json()["result"]["ID"] == str(uid)
    hook_id = next(line for line in srv.cli("webhook", "list").stdout.splitlines() if "jane" in line).split()[1]
    srv.cli("webhook", "delete", hook_id)
    assert httpx.post(url + "user.current").status_code == 401
    # errors are reported, not raised as tracebacks
    bad = srv.cli("user", "add", "--name", "Dup", "--id", "29", check=False)
    assert bad.returncode == 1 and "already exists" in bad.stderr and "Traceback" not in bad.stderr
    bad = srv.cli("webhook", "create", "--user", "999", check=False)
    assert bad.returncode == 1 and "does not exist" in bad.stderr
    srv.cli("reset")
    assert portal.call("user.get", {"ID": uid}).json()["result"] == []
    assert portal.call("server.time").status_code == 200


def test_webhook_urls_follow_the_server_and_base_url_overrides(tmp_path):
    data = str(tmp_path / "d")
    with serving("--port", "0", "--data-dir", data, "--webhook-token", "firsttoken"):
        pass
    with serving("--port", "0", "--data-dir", data, "--webhook-token", "firsttoken") as srv:
        base = srv.v2.removesuffix("/rest/1/firsttoken/")
        made = run_cli("webhook", "create", "--scope", "user", "--token", "second", "--data-dir", data)
        assert made.returncode == 0, made.stderr
        assert made.stdout.splitlines()[-2:] == [f"v3: {base}/rest/api/1/second/", f"{base}/rest/1/second/"]
        assert httpx.post(f"{base}/rest/1/second/user.current").json()["result"]["ID"] == "1"
    other = run_cli("webhook", "create", "--token", "third", "--base-url", "https://b24.example/", "--data-dir", data)
    assert other.stdout.splitlines()[-1] == "https://b24.example/rest/1/third/"


def test_webhook_create_before_any_serve_says_the_address_is_unknown(tmp_path):
    made = run_cli("webhook", "create", "--token", "early", "--data-dir", str(tmp_path))
    assert made.returncode == 0
    assert made.stdout.splitlines()[-2:] == ["v3: /rest/api/1/early/", "/rest/1/early/"]
    assert "no `b24local serve` has run on this store yet" in made.stderr


def test_serve_first_start_prints_urls_and_keeps_token(tmp_path):
    """Without --webhook-token the first start makes a random one; later starts print it again."""
    data = str(tmp_path / "d")
    with serving("--port", "0", "--data-dir", data) as srv:
        v2 = srv.v2
        assert srv.line("v3 webhook: ") == "v3 webhook: " + v2.replace("/rest/", "/rest/api/")
        assert len(v2.rstrip("/").split("/")[-1]) == 16
        me = httpx.post(v2 + "user.current").json()["result"]
        assert me["NAME"] == "Admin" and me["ID"] == "1"
        assert httpx.post(v2 + "profile").json()["result"]["ADMIN"] is True
    token = v2.rstrip("/").split("/")[-1]
    with serving("--port", "0", "--data-dir", data) as again:
        assert again.v2.endswith(f"/rest/1/{token}/")


def test_env_vars_configure_serve(tmp_path, monkeypatch):
    monkeypatch.setenv("B24LOCAL_TIMEZONE", "Europe/Moscow")
    monkeypatch.setenv("B24LOCAL_PORT", "0")
    with serving("--data-dir", str(tmp_path), "--webhook-token", "envtoken") as srv:
        assert httpx.post(srv.v2 + "server.time").json()["result"].endswith("+03:00")


@pytest.mark.parametrize(
    "args", [["--help"], ["serve", "--help"], ["webhook", "--help"], ["token", "create", "--help"]]
)
def test_help(args):
    assert run_cli(*args).returncode == 0
