"""The one ``MetaData`` every table module declares its tables on."""

from __future__ import annotations

from sqlalchemy import MetaData

metadata = MetaData()

# Tables that ``reset`` keeps: the portal's configuration and the schema version.
CONFIG_TABLES = {"portal_config", "alembic_version"}
