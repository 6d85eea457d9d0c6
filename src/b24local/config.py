"""Settings shared by the server and the CLI.

Every option comes from a command-line flag or its ``B24LOCAL_*`` environment variable (the CLI wires
both); this module only holds the values and derives what follows from them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PORT = 8024
DEFAULT_MAX_BODY = 10 * 1024 * 1024


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    data_dir: Path = field(default_factory=lambda: Path(".b24local"))
    database_url: str | None = None
    timezone: str = "UTC"
    webhook_token: str | None = None
    tls: bool = False
    tls_cert: Path | None = None
    tls_key: Path | None = None
    require_https: bool = False
    max_body: int = DEFAULT_MAX_BODY
    limits: str = "off"
    workers: int = 1
    redis_url: str | None = None

    @property
    def db_url(self) -> str:
        if self.database_url:
            # SQLAlchemy reads a bare postgresql:// as psycopg2; psycopg (3) is the driver b24local installs
            for bare in ("postgresql://", "postgres://"):
                if self.database_url.startswith(bare):
                    return "postgresql+psycopg://" + self.database_url[len(bare) :]
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'b24local.db').resolve()}"

    @property
    def scheme(self) -> str:
        return "https" if self.serves_tls else "http"

    @property
    def serves_tls(self) -> bool:
        return self.tls or bool(self.tls_cert and self.tls_key)

    def ensure_data_dir(self) -> Path:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return self.data_dir


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on", "y"}
