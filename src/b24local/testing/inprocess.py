"""b24local inside the test process: uvicorn in a thread on a free port, with its own store."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import uvicorn

from b24local.app import build_app
from b24local.config import Settings
from b24local.runner import listen, prepare
from b24local.store import Store
from b24local.tls import ensure_local_ca


class ThreadedServer:
    """Serve b24local from a background thread (the pytest plugin runs one per test session)."""

    def __init__(
        self,
        data_dir: Path,
        *,
        database_url: str | None = None,
        token: str = "b24localtesttoken",
        timezone: str = "UTC",
        tls: bool = False,
        redis_url: str | None = None,
    ) -> None:
        self.settings = Settings(
            port=0,  # start() binds a free port and keeps it here
            data_dir=data_dir,
            database_url=database_url,
            timezone=timezone,
            webhook_token=token,
            tls=tls,
        )
        self.token = token
        self.redis_url = redis_url  # share limits, faults and idempotency keys with other servers (scale-out)
        self.ca_path: Path | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.store: Store | None = None

    @property
    def base_url(self) -> str:
        host = "localhost" if self.settings.tls else "127.0.0.1"
        return f"{self.settings.scheme}://{host}:{self.settings.port}"

    def start(self, timeout: float = 30.0) -> ThreadedServer:
        store, _ = prepare(self.settings)
        self.store = store
        cert = key = None
        if self.settings.tls:
            files = ensure_local_ca(self.settings.data_dir)
            cert, key, self.ca_path = str(files.cert), str(files.key), files.ca
        # bound here, on a port the system picks, so two servers never race for one port
        sock = listen("127.0.0.1", 0)
        self.settings.port = int(sock.getsockname()[1])
        config = uvicorn.Config(
            build_app(store, redis_url=self.redis_url),
            host="127.0.0.1",
            port=self.settings.port,
            ssl_certfile=cert,
            ssl_keyfile=key,
            log_level="warning",
            access_log=False,
            lifespan="off",
        )
        server = self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=server.run, args=([sock],), name="b24local", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        verify = str(self.ca_path) if self.ca_path else True
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base_url}/_b24local/health", verify=verify).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.02)
        raise RuntimeError("b24local did not start")

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
        if self.store is not None:
            self.store.dispose()
