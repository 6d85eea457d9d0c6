"""Fixtures of the batch tests: a TLS server for the https-only clients (b24pysdk, the JS SDK)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from b24local.testing import Portal
from tests.conftest import start_server


@pytest.fixture(scope="module")
def tls_portal(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    server, schema = start_server(backend, tmp_path_factory.mktemp(f"batch-tls-{backend}"), tls=True)
    old = os.environ.get("REQUESTS_CA_BUNDLE")
    os.environ["REQUESTS_CA_BUNDLE"] = str(server.ca_path)
    portal = Portal(server)
    try:
        yield portal
    finally:
        portal.close()
        server.stop()
        if schema:
            schema.drop()
        if old is None:
            os.environ.pop("REQUESTS_CA_BUNDLE", None)
        else:
            os.environ["REQUESTS_CA_BUNDLE"] = old
