"""Shared fixtures: real ``b24local serve`` processes on SQLite and on PostgreSQL.

``portal`` is the fixture most tests use: a running server (one per backend for the whole session) reset
to a fresh portal before each test. Every test that uses it runs once per backend. PostgreSQL runs need
``B24LOCAL_TEST_DATABASE_URL`` (CI sets it); without it they are skipped with that reason.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from b24local.testing import PortalClient, ServerProcess

PG_ENV = "B24LOCAL_TEST_DATABASE_URL"
BACKENDS = ["sqlite", "postgres"]
SEED_TOKEN = "testtoken0000001"


def pg_base_url() -> str | None:
    return os.environ.get(PG_ENV) or None


class PgSchema:
    """A private schema in the test database, so parallel servers never see each other's data."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.name = "b24t_" + uuid.uuid4().hex[:12]
        engine = create_engine(base, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{self.name}"'))
        engine.dispose()

    @property
    def url(self) -> str:
        url = make_url(self.base)
        return url.update_query_dict({"options": f"-csearch_path={self.name}"}).render_as_string(hide_password=False)

    def drop(self) -> None:
        engine = create_engine(self.base, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE'))
        engine.dispose()


def database_url_for(backend: str, folder: Path) -> tuple[str, PgSchema | None]:
    if backend == "sqlite":
        return f"sqlite:///{folder / 'b24local.db'}", None
    base = pg_base_url()
    if not base:
        pytest.skip(f"PostgreSQL runs need {PG_ENV} (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)")
    schema = PgSchema(base)
    return schema.url, schema


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of the current backend for one test."""
    url, schema = database_url_for(backend, tmp_path)
    yield url
    if schema:
        schema.drop()


def start_server(backend: str, folder: Path, *extra: str, tls: bool = False, env: dict[str, str] | None = None):
    url, schema = database_url_for(backend, folder)
    server = ServerProcess(
        data_dir=folder, database_url=url, token=SEED_TOKEN, extra_args=list(extra), tls=tls, env=env or {}
    )
    server.start()
    return server, schema


@pytest.fixture(scope="session")
def server(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    srv, schema = start_server(backend, tmp_path_factory.mktemp(f"srv-{backend}"))
    yield srv
    srv.stop()
    if schema:
        schema.drop()


@pytest.fixture(scope="session")
def session_portal(server: ServerProcess) -> Iterator[PortalClient]:
    p = PortalClient(server)
    yield p
    p.close()


@pytest.fixture
def portal(session_portal: PortalClient) -> PortalClient:
    """The session's server, reset to a fresh portal (user 1 Admin and its webhook)."""
    session_portal.reset()
    return session_portal


@pytest.fixture(scope="session")
def tls_server(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A ``--tls`` server per backend for the https-only clients (b24pysdk, the JS SDK)."""
    srv, schema = start_server(backend, tmp_path_factory.mktemp(f"tls-{backend}"), tls=True)
    yield srv
    srv.stop()
    if schema:
        schema.drop()


@pytest.fixture
def tls_portal(tls_server: ServerProcess, monkeypatch: pytest.MonkeyPatch) -> Iterator[PortalClient]:
    """The TLS server reset to a fresh portal, with REQUESTS_CA_BUNDLE pointing at its CA."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tls_server.ca_path))
    p = PortalClient(tls_server)
    p.reset()
    yield p
    p.close()


JS_DIR = Path(__file__).resolve().parent / "js"


@pytest.fixture(scope="session")
def node() -> str:
    """The node binary, with the pinned @bitrix24/b24jssdk installed in tests/js (``npm ci`` once)."""
    exe = shutil.which("node")
    if exe is None:
        pytest.skip("node is not installed")
    with open(JS_DIR / ".npm-ci.lock", "w") as lock:  # xdist workers: one `npm ci` at a time
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (JS_DIR / "node_modules" / "@bitrix24" / "b24jssdk" / "package.json").is_file():
            npm = shutil.which("npm")
            if npm is None:
                pytest.skip("npm is not installed and tests/js/node_modules is missing")
            done = subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund"], cwd=JS_DIR, capture_output=True, text=True, timeout=600
            )
            assert done.returncode == 0, f"npm ci failed:\n{done.stdout}\n{done.stderr}"
    return exe
