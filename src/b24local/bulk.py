"""Bulk generation of tasks and CRM items straight into the store, for benchmarks
(``b24local seed --tasks N --crm-items N``). Filled by issue 7."""

from __future__ import annotations

from typing import Any

from b24local.store import Store


def generate(store: Store, *, tasks: int = 0, crm_items: int = 0, console: Any = None) -> None:
    raise NotImplementedError
