"""``--tls``: a local CA, HTTPS serving, and the lines that make clients trust it."""

from __future__ import annotations

import ssl

import httpx
import pytest

from b24local.testing import ServerProcess
from tests.cli.helpers import serving


def test_tls_serves_https_with_a_trusted_local_ca(tmp_path):
    with serving("--tls", "--port", "0", "--data-dir", str(tmp_path), "--webhook-token", "tlstoken") as srv:
        ca = tmp_path.resolve() / "tls" / "ca.pem"
        assert f"REQUESTS_CA_BUNDLE={ca}" in srv.lines and f"NODE_EXTRA_CA_CERTS={ca}" in srv.lines
        port = int(srv.v2.split(":")[2].split("/")[0])
        assert srv.v2 == f"https://127.0.0.1:{port}/rest/1/tlstoken/"
        r = httpx.post(f"https://localhost:{port}/rest/1/tlstoken/server.time", verify=str(ca))
        assert r.status_code == 200
        r = httpx.post(f"https://127.0.0.1:{port}/rest/1/tlstoken/user.current", verify=str(ca))
        assert r.json()["result"]["ID"] == "1"
        with pytest.raises(httpx.ConnectError):
            httpx.post(f"https://localhost:{port}/rest/1/tlstoken/server.time", verify=ssl.create_default_context())


def test_tls_requires_https_flag_accepts_https(tmp_path):
    server = ServerProcess(data_dir=tmp_path, token="tlstoken", tls=True, extra_args=["--require-https"])
    server.start()
    try:
        r = httpx.post(f"{server.base_url}/rest/1/tlstoken/server.time", verify=str(server.ca_path))
        assert r.status_code == 200
    finally:
        server.stop()
