"""The CLI on the store a server uses, while that server runs (issue 2)."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from b24local.testing import ServerProcess


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "b24local", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def test_cli_against_running_server(portal):
    srv = portal.server
    out = srv.cli("user", "add", "--name", "Jane", "--last-name", "Doe", "--email", "jane@example.com").stdout
    uid = int(out.strip().splitlines()[-1])
    assert uid == 2
    assert int(srv.cli("user", "add", "--name", "Boss", "--admin", "--id", "29").stdout.strip().splitlines()[-1]) == 29
    listing = srv.cli("user", "list").stdout
    assert "Jane" in listing and "Boss" in listing
    url = srv.cli("webhook", "create", "--user", str(uid), "--scope", "user", "--token", "janetoken",
                  "--base-url", srv.base_url).stdout.strip().splitlines()[-1]
    assert url == f"{srv.base_url}/rest/{uid}/janetoken/"
    r = httpx.post(url + "user.current")
    assert r.status_code == 200 and r.json()["result"]["NAME"] == "Jane"
    assert "janetoken"[:4] in srv.cli("webhook", "list").stdout
    token = srv.cli("token", "create", "--user", str(uid), "--scope", "user", "--expires-in", "60").stdout
    token = token.strip().splitlines()[-1]
    r = httpx.post(f"{srv.base_url}/rest/user.current", params={"auth": token})
    assert r.json()["result"]["ID"] == str(uid)
    hook_id = [line for line in srv.cli("webhook", "list").stdout.splitlines() if "jane" in line][0].split()[1]
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


def test_serve_first_start_prints_urls_and_keeps_token(tmp_path):
    """Without --webhook-token the first start makes a random one; later starts print it again."""
    import time

    from b24local.testing import free_port

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "b24local", "serve", "--port", str(port), "--data-dir",
                             str(tmp_path / "d")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = [proc.stdout.readline().strip() for _ in range(2)]  # type: ignore[union-attr]
        assert lines[0].startswith(f"v2 webhook: http://127.0.0.1:{port}/rest/1/")
        v2 = lines[0].split(": ", 1)[1]
        assert lines[1] == "v3 webhook: " + v2.replace("/rest/", "/rest/api/")
        token = v2.rstrip("/").split("/")[-1]
        assert len(token) == 16
        for _ in range(100):
            try:
                if httpx.post(v2 + "server.time").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        me = httpx.post(v2 + "user.current").json()["result"]
        assert me["NAME"] == "Admin" and me["ID"] == "1"
        assert httpx.post(v2 + "profile").json()["result"]["ADMIN"] is True
    finally:
        proc.terminate()
        proc.wait(10)
    # the second start prints the same URLs
    proc = subprocess.Popen([sys.executable, "-m", "b24local", "serve", "--port", str(port), "--data-dir",
                             str(tmp_path / "d")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert proc.stdout.readline().strip() == f"v2 webhook: {v2}"  # type: ignore[union-attr]
    finally:
        proc.terminate()
        proc.wait(10)


def test_env_vars_configure_serve(tmp_path):
    from b24local.testing import free_port

    port = free_port()
    server = ServerProcess(data_dir=tmp_path, token="envtoken", port=port,
                           env={"B24LOCAL_TIMEZONE": "Europe/Moscow"})
    server.start()
    try:
        r = httpx.post(f"{server.base_url}/rest/1/envtoken/server.time")
        assert r.json()["result"].endswith("+03:00")
    finally:
        server.stop()


def test_bad_timezone_is_reported(tmp_path):
    r = run_cli("serve", "--data-dir", str(tmp_path), "--timezone", "Mars/Olympus")
    assert r.returncode == 1 and "unknown time zone" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("args", [["--help"], ["serve", "--help"], ["webhook", "--help"], ["token", "create", "--help"]])
def test_help(args):
    assert run_cli(*args).returncode == 0
