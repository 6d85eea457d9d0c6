"""``--tls``: a local CA, HTTPS serving, and the lines that make clients trust it (issue 2)."""

from __future__ import annotations

import ssl
import subprocess
import sys
import time

import httpx
import pytest

from b24local.testing import ServerProcess, free_port


def test_tls_serves_https_with_a_trusted_local_ca(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "b24local", "serve", "--tls", "--port", str(port), "--data-dir", str(tmp_path),
         "--webhook-token", "tlstoken"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        out = [proc.stdout.readline().strip() for _ in range(5)]  # type: ignore[union-attr]
        ca = tmp_path.resolve() / "tls" / "ca.pem"
        assert f"REQUESTS_CA_BUNDLE={ca}" in out and f"NODE_EXTRA_CA_CERTS={ca}" in out
        assert f"v2 webhook: https://127.0.0.1:{port}/rest/1/tlstoken/" in out
        for _ in range(200):
            try:
                r = httpx.post(f"https://localhost:{port}/rest/1/tlstoken/server.time", verify=str(ca))
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        assert r.status_code == 200
        r = httpx.post(f"https://127.0.0.1:{port}/rest/1/tlstoken/user.current", verify=str(ca))
        assert r.json()["result"]["ID"] == "1"
        with pytest.raises(httpx.ConnectError):
            httpx.post(f"https://localhost:{port}/rest/1/tlstoken/server.time", verify=ssl.create_default_context())
    finally:
        proc.terminate()
        proc.wait(10)


def test_tls_requires_https_flag_accepts_https(tmp_path):
    server = ServerProcess(data_dir=tmp_path, token="tlstoken", tls=True, extra_args=["--require-https"])
    server.start()
    try:
        r = httpx.post(f"{server.base_url}/rest/1/tlstoken/server.time", verify=str(server.ca_path))
        assert r.status_code == 200
    finally:
        server.stop()
