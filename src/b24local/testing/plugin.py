"""pytest plugin for testing your Bitrix24 integration against b24local (registered as ``pytest11``).

Fixtures:

* ``b24local`` — a fresh portal for each test (reset before the test): ``b24local.v2_url()`` /
  ``b24local.v3_url()`` are webhook URLs of user 1 (an administrator); helpers ``add_user``,
  ``add_webhook``, ``add_token``, ``reset``, ``call``, ``v3``, ``admin`` and ``ca_path`` (with ``--b24local-tls``).
* ``b24local_server`` — the session's server: b24local in a thread on a free port with its own SQLite
  store in a temporary folder. Each pytest-xdist worker gets its own server and store.

Options: ``--b24local-tls`` (serve HTTPS with a local CA, for the official SDKs),
``--b24local-timezone ZONE``, ``--b24local-database-url URL`` (default: SQLite in a temporary folder).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from b24local.testing.inprocess import ThreadedServer
from b24local.testing.server import PortalClient


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("b24local", "b24local: a local Bitrix24 REST API")
    group.addoption("--b24local-tls", action="store_true", default=False, help="serve HTTPS with a local CA")
    group.addoption("--b24local-timezone", default="UTC", help="the portal's time zone")
    group.addoption("--b24local-database-url", default=None, help="store URL (default: SQLite in a temp dir)")


@pytest.fixture(scope="session")
def b24local_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ThreadedServer]:
    config = request.config
    server = ThreadedServer(
        tmp_path_factory.mktemp("b24local"),
        database_url=config.getoption("--b24local-database-url"),
        timezone=config.getoption("--b24local-timezone"),
        tls=config.getoption("--b24local-tls"),
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _b24local_session_portal(b24local_server: ThreadedServer) -> Iterator[PortalClient]:
    portal = PortalClient(
        base_url=b24local_server.base_url, token=b24local_server.token, ca_path=b24local_server.ca_path
    )
    yield portal
    portal.close()


@pytest.fixture
def b24local(_b24local_session_portal: PortalClient) -> PortalClient:
    """A freshly reset portal: user 1 (Admin) and its webhook, nothing else."""
    _b24local_session_portal.reset()
    return _b24local_session_portal
