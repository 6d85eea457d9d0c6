"""Every method the server answers, gathered in one registry.

Each family registers its handlers when its module is imported: the API families in ``api/`` and
``batch`` in ``protocol/batch.py``. This module imports them all, so asking it for the registry (or for the
scopes it implements) always sees every method.
"""

from __future__ import annotations

import b24local.api
import b24local.protocol.batch  # noqa: F401 - registers batch on both paths
from b24local.core.registry import Registry, registry


def load() -> Registry:
    return registry


def all_scopes() -> list[str]:
    """The scopes of every method served: a new portal's default webhook gets them all."""
    return registry.scopes()
