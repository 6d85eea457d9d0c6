"""Seed files: load users, tasks, results and CRM items with their ids (``b24local seed FILE``) and write the
same format back (``b24local export FILE``). Filled by issue 6."""

from __future__ import annotations

from pathlib import Path

from b24local.store import Store


def load_file(store: Store, path: Path) -> str:
    raise ValueError("seed files are not supported yet")


def dump_file(store: Store, path: Path) -> str:
    raise NotImplementedError
