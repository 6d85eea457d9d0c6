"""Tables of the tasks family (tasks, results, chats, members…), on the shared ``metadata``."""

from __future__ import annotations

from b24local.store.tables import metadata  # noqa: F401
