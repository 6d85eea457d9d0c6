"""Tables of the CRM family (items, smart-process types, categories, stages, permissions), on the shared
``metadata``."""

from __future__ import annotations

from b24local.store.tables import metadata  # noqa: F401
