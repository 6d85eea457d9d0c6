"""Start a real ``b24local serve`` process and talk to it.

``ServerProcess`` runs the CLI in a subprocess on a free port and waits for ``/_b24local/health``.
``PortalClient`` wraps one running server with the calls a test needs: Bitrix calls over v2 and v3, and the
admin API (reset, users, webhooks, tokens).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

URL_LINE = re.compile(r"^v2 webhook: https?://[^\s/]+:(\d+)/", re.MULTILINE)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServerProcess:
    data_dir: Path
    database_url: str | None = None
    token: str = "testtoken0000001"
    extra_args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    port: int = 0
    tls: bool = False
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    @property
    def scheme(self) -> str:
        return "https" if self.tls else "http"

    @property
    def base_url(self) -> str:
        host = "localhost" if self.tls else "127.0.0.1"
        return f"{self.scheme}://{host}:{self.port}"

    @property
    def ca_path(self) -> Path | None:
        return self.data_dir / "tls" / "ca.pem" if self.tls else None

    def cli_args(self) -> list[str]:
        args = ["--data-dir", str(self.data_dir)]
        if self.database_url:
            args += ["--database-url", self.database_url]
        return args

    def start(self, timeout: float = 30.0) -> ServerProcess:
        """Start ``b24local serve`` and wait until it answers. Without a fixed ``port`` the server picks a
        free one (``--port 0``) and the port is read from the URL it prints, so two servers never race for
        one port."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = self.data_dir / f"server-{uuid.uuid4().hex[:8]}.log"
        cmd = [
            sys.executable,
            "-m",
            "b24local",
            "serve",
            "--port",
            str(self.port),
            "--webhook-token",
            self.token,
            *self.cli_args(),
            *(["--tls"] if self.tls else []),
            *self.extra_args,
        ]
        log = open(self.log_path, "wb")
        self.process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **self.env})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"b24local serve exited early:\n{self.log()}")
            if self._listening():
                try:
                    r = httpx.get(f"{self.base_url}/_b24local/health", verify=str(self.ca_path) if self.tls else True)
                    if r.status_code == 200:
                        return self
                except (httpx.HTTPError, OSError):  # not accepting yet
                    pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"b24local serve did not become healthy:\n{self.log()}")

    def _listening(self) -> bool:
        """True once serve printed its webhook URL (it binds the port before printing); learns the port."""
        found = URL_LINE.search(self.log())
        if found is None:
            return False
        self.port = int(found.group(1))
        return True

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path and self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run ``b24local ARGS --data-dir … [--database-url …]`` against this server's store."""
        cmd = [sys.executable, "-m", "b24local", *args, *self.cli_args()]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
        return result


class PortalClient:
    """A running server seen from a test: Bitrix calls and the admin API.

    Build it from a ``ServerProcess`` or from any base URL (an in-process server, a server started by hand).
    """

    def __init__(
        self,
        server: ServerProcess | None = None,
        *,
        base_url: str | None = None,
        token: str | None = None,
        ca_path: Path | None = None,
    ) -> None:
        self.server = server
        if server is not None:
            base_url, token, ca_path = server.base_url, server.token, server.ca_path
        assert base_url and token, "a PortalClient needs a server or a base_url and token"
        self.base_url = base_url
        self.token = token
        self.ca_path = ca_path
        self.http = httpx.Client(base_url=self.base_url, timeout=30, verify=str(ca_path) if ca_path else True)

    # -- URLs --------------------------------------------------------------------------------------
    def v2_url(self, user: int = 1, token: str | None = None) -> str:
        return f"{self.base_url}/rest/{user}/{token or self.token}/"

    def v3_url(self, user: int = 1, token: str | None = None) -> str:
        return f"{self.base_url}/rest/api/{user}/{token or self.token}/"

    # -- Bitrix calls ------------------------------------------------------------------------------
    def call(
        self, method: str, params: Any = None, *, user: int = 1, token: str | None = None, api: int = 2
    ) -> httpx.Response:
        """POST a JSON call through a webhook (v2 ``/rest/…`` or v3 ``/rest/api/…``)."""
        prefix = "/rest/api" if api == 3 else "/rest"
        return self.http.post(f"{prefix}/{user}/{token or self.token}/{method}", json=params or {})

    def v3(self, method: str, params: Any = None, **kw: Any) -> httpx.Response:
        return self.call(method, params, api=3, **kw)

    def call_with_auth(self, method: str, params: dict[str, Any], access_token: str, api: int = 2) -> httpx.Response:
        prefix = "/rest/api" if api == 3 else "/rest"
        return self.http.post(f"{prefix}/{method}", json={**params, "auth": access_token})

    # -- admin -------------------------------------------------------------------------------------
    def reset(self) -> None:
        self.http.post("/_b24local/reset").raise_for_status()

    def add_user(self, name: str = "User", **fields: Any) -> int:
        r = self.http.post("/_b24local/users", json={"name": name, **fields})
        r.raise_for_status()
        return int(r.json()["id"])

    def add_webhook(self, user: int = 1, scopes: list[str] | None = None, token: str | None = None) -> str:
        body: dict[str, Any] = {"user": user}
        if scopes is not None:
            body["scopes"] = scopes
        if token is not None:
            body["token"] = token
        r = self.http.post("/_b24local/webhooks", json=body)
        r.raise_for_status()
        return str(r.json()["token"])

    def add_token(
        self, user: int = 1, scopes: list[str] | None = None, expires_in: int = 3600, **kw: Any
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"user": user, "expires_in": expires_in, **kw}
        if scopes is not None:
            body["scopes"] = scopes
        r = self.http.post("/_b24local/tokens", json=body)
        r.raise_for_status()
        return dict(r.json())

    def seed(self, doc: dict[str, Any] | str | Path) -> str:
        """Load a seed document (a mapping, or a YAML/JSON file path) with its ids; returns the summary."""
        if isinstance(doc, (str, Path)):
            from b24local.seeds.documents import parse

            doc = parse(Path(doc).read_text(encoding="utf-8"), str(doc))
        r = self.http.post("/_b24local/seed", json=doc)
        if r.status_code != 200:
            raise ValueError(f"seed failed ({r.status_code}): {r.text}")
        return str(r.json()["loaded"])

    def export(self) -> dict[str, Any]:
        """The portal's users, tasks, results, smart-process types and CRM items in the seed format."""
        r = self.http.get("/_b24local/export")
        r.raise_for_status()
        return dict(r.json())

    def admin(self, http_method: str, path: str, **kw: Any) -> httpx.Response:
        return self.http.request(http_method, f"/_b24local/{path.lstrip('/')}", **kw)

    def close(self) -> None:
        self.http.close()
