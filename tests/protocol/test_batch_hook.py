"""The per-command fault hook that batch calls (``Dispatcher.command_fault``), in-process."""

from __future__ import annotations

import time

import pytest

from b24local.core.errors import ApiError
from b24local.domain.portal import Portal, PortalConfig
from b24local.methods import load as load_all
from b24local.protocol.faults import TransportFault
from b24local.protocol.pipeline import Dispatcher
from b24local.store import Store


@pytest.fixture
def dispatcher(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'hook.db'}")
    yield Dispatcher(store, Portal(PortalConfig()), load_all())
    store.dispose()


def test_command_fault(dispatcher):
    dispatcher.command_fault("crm.item.add", 2)  # no rules: nothing happens
    dispatcher.faults.add({"method": "crm.item.*", "error": "QUERY_LIMIT_EXCEEDED", "times": 1})
    with pytest.raises(ApiError) as caught:
        dispatcher.command_fault("crm.item.add", 2)
    assert (caught.value.code, caught.value.status, caught.value.message) == (
        "QUERY_LIMIT_EXCEEDED",
        503,
        "Too many requests",
    )
    dispatcher.command_fault("crm.item.add", 2)  # used up
    dispatcher.faults.add({"method": "server.time", "status": 500, "times": 1})
    with pytest.raises(TransportFault):
        dispatcher.command_fault("server.time", 2)
    dispatcher.faults.add({"method": "server.time", "latency": 0.3, "times": 1})
    began = time.monotonic()
    dispatcher.command_fault("server.time", 2)
    assert time.monotonic() - began >= 0.3
    dispatcher.faults.add({"method": "tasks.task.add", "api": 3, "error": "QUERY_LIMIT_EXCEEDED"})
    dispatcher.command_fault("tasks.task.add", 2)  # api 3 only
    with pytest.raises(ApiError):
        dispatcher.command_fault("tasks.task.add", 3)
