"""The portal that answers a request: its configuration and clock.

Today there is one portal per store; the Host header could pick one later. The configuration lives in
the ``portal_config`` table, so the CLI and every server process share it, and ``reset`` keeps it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, fields
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, select

from b24local.store import tables as t


class ConfigError(ValueError):
    pass


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"unknown time zone {name!r}") from exc


@dataclass
class PortalConfig:
    timezone: str = "UTC"
    require_https: bool = False
    plan: str = "commercial"  # "commercial" or "free"
    state: str = "active"  # "active", "blocked" or "deleted"
    limits: str = "off"  # "off", "cloud" or "enterprise"

    @classmethod
    def load(cls, conn: Connection) -> PortalConfig:
        rows = dict(conn.execute(select(t.portal_config.c.key, t.portal_config.c.value)).all())
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in rows.items() if k in known})

    def save(self, conn: Connection) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            updated = conn.execute(
                t.portal_config.update().where(t.portal_config.c.key == f.name).values(value=value)
            ).rowcount
            if not updated:
                conn.execute(t.portal_config.insert().values(key=f.name, value=value))

    def validate(self) -> None:
        zone(self.timezone)
        if self.plan not in {"commercial", "free"}:
            raise ConfigError("plan must be commercial or free")
        if self.state not in {"active", "blocked", "deleted"}:
            raise ConfigError("state must be active, blocked or deleted")
        if self.limits not in {"off", "cloud", "enterprise"}:
            raise ConfigError("limits must be off, cloud or enterprise")


class Portal:
    """A portal's configuration as one server process sees it."""

    def __init__(self, config: PortalConfig) -> None:
        self.apply(config)

    def apply(self, config: PortalConfig) -> None:
        config.validate()
        self.config = config
        self.tz = zone(config.timezone)

    def iso(self, ts: float | int | None) -> str | None:
        """Unix seconds as ISO 8601 in the portal's zone (``2026-01-01T00:59:59+03:00``)."""
        if ts is None:
            return None
        return datetime.fromtimestamp(int(ts), self.tz).isoformat()

    @staticmethod
    def now() -> int:
        return int(time.time())
