"""What ``b24local serve`` does around uvicorn: open and prepare the store, bind the socket, record the
address it listens on in the store, print the webhook URLs, then serve; plus the app factory of each
``--workers`` process. The in-process test server (``testing/inprocess.py``) shares ``prepare``.

Every way the store or the socket can be unusable ends in a ``StartupError`` whose text is one line for
the user, so the CLI never has to show a traceback for a bad flag.

The store commands use this module too, so the server's own parts (uvicorn, the app, TLS, Redis) are
imported only where serving needs them.
"""

from __future__ import annotations

import inspect
import logging
import os
import socket
import ssl
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from sqlalchemy import Connection, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from b24local.bootstrap import ensure_portal
from b24local.config import Settings
from b24local.domain.portal import ConfigError, PortalConfig
from b24local.store import Store
from b24local.store import tables as t

if TYPE_CHECKING:
    import uvicorn

    from b24local.app import B24App

TOKEN_FILE = "default-webhook"
# The address the last `serve` on this store listened on, kept next to the portal's configuration (it
# survives `reset`) so that offline commands print URLs that work.
SERVED_URL_KEY = "served_url"
BACKENDS = ("sqlite", "postgresql")


class StartupError(Exception):
    """b24local cannot open its store or listen; the text is one line meant for the user."""


# -- the store ---------------------------------------------------------------------------------------
def shown(url: str) -> str:
    """A database URL fit to print (no password)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def first_line(exc: BaseException) -> str:
    """The driver's own message (``DBAPIError.orig``) without SQLAlchemy's background links."""
    inner = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = [line.strip() for line in str(inner).splitlines() if line.strip()]
    return lines[0] if lines else type(inner).__name__


def check_database_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StartupError(
            f"--database-url {url!r} is not a database URL (e.g. postgresql+psycopg://user@host/db)"
        ) from None
    backend = parsed.get_backend_name()
    if backend not in BACKENDS:
        raise StartupError(
            f"--database-url: {backend} is not supported; b24local keeps its data in SQLite or PostgreSQL"
        )
    try:
        parsed.get_dialect().import_dbapi()
    except (NoSuchModuleError, ImportError):
        raise StartupError(
            f"--database-url: the driver {parsed.drivername!r} is not installed "
            "(b24local comes with postgresql+psycopg:// and sqlite:///)"
        ) from None
    return parsed


def ensure_data_dir(path: Path) -> Path:
    if path.exists() and not path.is_dir():
        raise StartupError(f"--data-dir {path} is not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StartupError(f"cannot create --data-dir {path}: {exc.strerror or exc}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise StartupError(f"--data-dir {path} is not writable")
    return path


@contextmanager
def store_errors(url: str) -> Iterator[None]:
    """Turn what the database (or the file system under SQLite) refuses into one line."""
    try:
        yield
    except SQLAlchemyError as exc:
        raise StartupError(f"cannot use the database {shown(url)}: {first_line(exc)}") from None
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise StartupError(f"cannot use the database {shown(url)}: {exc.strerror or exc}{where}") from None
    except Exception as exc:
        # alembic is loaded by the migration that raised; importing it up front costs every command 0.1 s
        from alembic.util.exc import CommandError

        if isinstance(exc, CommandError):  # e.g. a schema made by a newer b24local
            raise StartupError(f"cannot migrate the database {shown(url)}: {exc}") from None
        raise


def open_store(settings: Settings) -> Store:
    """The store of ``--data-dir``/``--database-url``, migrated. The data dir is only touched when it holds
    the store (no ``--database-url``)."""
    url = settings.db_url
    check_database_url(url)
    if not settings.database_url:
        ensure_data_dir(settings.data_dir)
    with store_errors(url):
        store = Store(url)
        store.migrate()
    return store


def open_portal(settings: Settings) -> Store:
    """``open_store``, with the portal made on first use (user 1 and its default webhook)."""
    store = open_store(settings)
    with store_errors(settings.db_url), store.transaction() as conn:
        ensure_portal(store, conn)
    return store


def prepare(settings: Settings) -> tuple[Store, str | None]:
    """Open the store, make sure the portal exists, and write the serve flags into its configuration.

    Returns the store and the default webhook token when it is known (new, given, or kept from first start).
    """
    data_dir = ensure_data_dir(settings.data_dir)  # serve keeps its webhook code and TLS files there
    store = open_store(settings)
    with store_errors(settings.db_url), store.transaction() as conn:
        setup = ensure_portal(store, conn, settings.webhook_token)
        config = PortalConfig.load(conn)
        config.timezone = settings.timezone
        config.require_https = settings.require_https
        config.limits = settings.limits
        try:
            config.validate()
        except ConfigError as exc:
            raise StartupError(str(exc)) from None
        config.save(conn)
    token = settings.webhook_token
    token_file = data_dir / TOKEN_FILE
    try:
        if setup.new_token and settings.webhook_token is None:
            token = setup.new_token
            token_file.write_text(token + "\n")
            os.chmod(token_file, 0o600)
        elif token is None and token_file.exists():
            token = token_file.read_text().strip() or None
    except OSError as exc:
        raise StartupError(f"cannot keep the webhook code in {token_file}: {exc.strerror or exc}") from None
    return store, token


# -- the address -------------------------------------------------------------------------------------
def listen(host: str, port: int) -> socket.socket:
    """Bind the server's socket first, so a port in use fails before anything is printed; port 0 picks one."""
    if not 0 <= port <= 65535:
        raise StartupError(f"--port {port} is not a port (0-65535)")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family=family)
    # as uvicorn's own bind: a restart may reuse the port while old connections linger in TIME_WAIT
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        reason = exc.strerror or str(exc)
        raise StartupError(f"cannot listen on {host}:{port}: {reason}") from None
    # Listening now queues connections until uvicorn accepts them: the URLs printed next work at once.
    sock.listen(2048)  # uvicorn's default backlog
    sock.set_inheritable(True)  # --workers: the worker processes accept on it
    return sock


def url_for(scheme: str, host: str, port: int) -> str:
    """The address clients use: a wildcard host is reached through the loopback address."""
    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    return f"{scheme}://[{host}]:{port}" if ":" in host else f"{scheme}://{host}:{port}"


def record_url(store: Store, url: str) -> None:
    with store.transaction() as conn:
        updated = conn.execute(
            t.portal_config.update().where(t.portal_config.c.key == SERVED_URL_KEY).values(value=url)
        ).rowcount
        if not updated:
            conn.execute(t.portal_config.insert().values(key=SERVED_URL_KEY, value=url))


def served_url(conn: Connection) -> str | None:
    """The address the last ``serve`` on this store listened on, or None when none has run yet."""
    row = conn.execute(select(t.portal_config.c.value).where(t.portal_config.c.key == SERVED_URL_KEY)).first()
    return str(row[0]) if row and row[0] else None


# -- serving -----------------------------------------------------------------------------------------
def _check_tls_files(cert: Path, key: Path) -> None:
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(cert, key)
    except (OSError, ssl.SSLError) as exc:
        raise StartupError(f"cannot use --tls-cert {cert} with --tls-key {key}: {exc.strerror or exc}") from None


def run(settings: Settings, *, log_level: str = "info", out: TextIO | None = None) -> None:
    """Serve until stopped. Every check that can fail runs before the first line is printed to ``out``."""
    import uvicorn

    out = out or sys.stdout
    store, token = prepare(settings)
    ssl_cert: Path | None = settings.tls_cert
    ssl_key: Path | None = settings.tls_key
    ca: Path | None = None
    if settings.tls and not ssl_cert:
        from b24local.tls import ensure_local_ca

        try:
            files = ensure_local_ca(settings.data_dir)
        except OSError as exc:
            raise StartupError(f"cannot write the local CA in {settings.data_dir}: {exc.strerror or exc}") from None
        ssl_cert, ssl_key, ca = files.cert, files.key, files.ca
    if ssl_cert and ssl_key:
        _check_tls_files(ssl_cert, ssl_key)
    if settings.redis_url:
        _check_redis(settings.redis_url)
    app = _build_app(store, settings) if settings.workers == 1 else None
    sock = listen(settings.host, settings.port)
    port = int(sock.getsockname()[1])
    base = url_for(settings.scheme, settings.host, port)
    with store_errors(settings.db_url):
        record_url(store, base)

    if ca is not None:
        print("TLS with a local CA. Make clients trust it with:", file=out)
        print(f"REQUESTS_CA_BUNDLE={ca.resolve()}", file=out)
        print(f"NODE_EXTRA_CA_CERTS={ca.resolve()}", file=out)
    if token:
        print(f"v2 webhook: {base}/rest/1/{token}/", file=out)
        print(f"v3 webhook: {base}/rest/api/1/{token}/", file=out)
    else:
        print(
            "The default webhook exists but its code is not known here; make one with "
            "`b24local webhook create --user 1`.",
            file=out,
        )
    if settings.workers > 1 and not settings.redis_url:
        print(
            "note: without --redis-url each worker keeps its own rate-limit bucket, operating ledger, "
            "fault rules and idempotency keys",
            file=out,
        )
    out.flush()

    common: dict[str, Any] = dict(
        host=settings.host,
        port=port,
        ssl_certfile=str(ssl_cert) if ssl_cert else None,
        ssl_keyfile=str(ssl_key) if ssl_key else None,
        log_level=log_level,
        access_log=False,
        lifespan="off",
        server_header=False,
    )
    if app is not None:
        config = uvicorn.Config(app, **common)
        _log_running(base)
        uvicorn.Server(config).run(sockets=[sock])
        return
    # Each worker process builds its own app from these (migrations and the portal are ready already).
    store.dispose()
    os.environ[FACTORY_ENV_DB] = settings.db_url
    os.environ[FACTORY_ENV_MAX_BODY] = str(settings.max_body)
    if settings.redis_url:
        os.environ[FACTORY_ENV_REDIS] = settings.redis_url
    config = uvicorn.Config("b24local.runner:factory", factory=True, workers=settings.workers, **common)
    _log_running(base)
    _run_workers(config, sock)


def _log_running(base: str) -> None:
    # uvicorn logs this line when it binds the socket itself; here it was bound above, so say it for it
    # (after uvicorn.Config has set up its loggers).
    logging.getLogger("uvicorn.error").info("Uvicorn running on %s (Press CTRL+C to quit)", base)


def _check_redis(url: str) -> None:
    import redis

    from b24local.protocol.redis_backends import connect

    try:
        connect(url).close()
    except (redis.RedisError, ValueError) as exc:  # ValueError: not a redis:// URL
        raise StartupError(f"cannot use --redis-url {url}: {exc}") from None


def _build_app(store: Store, settings: Settings) -> B24App:
    from b24local.app import build_app

    return build_app(store, max_body=settings.max_body, redis_url=settings.redis_url)


def _run_workers(config: uvicorn.Config, sock: socket.socket) -> None:
    """uvicorn's own ``--workers`` supervisor on the socket bound above."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    # older uvicorn releases (0.30 among them) take the worker entry as ``target``; newer ones make it
    extra = {"target": uvicorn.Server(config).run} if "target" in inspect.signature(Multiprocess).parameters else {}
    Multiprocess(config, sockets=[sock], **extra).run()


FACTORY_ENV_DB = "B24LOCAL_WORKER_DATABASE_URL"
FACTORY_ENV_MAX_BODY = "B24LOCAL_WORKER_MAX_BODY"
FACTORY_ENV_REDIS = "B24LOCAL_WORKER_REDIS_URL"


def factory() -> B24App:
    """The app of one ``--workers`` process, built from what the parent put in the environment."""
    from b24local.app import build_app

    store = Store(os.environ[FACTORY_ENV_DB])
    return build_app(
        store, max_body=int(os.environ[FACTORY_ENV_MAX_BODY]), redis_url=os.environ.get(FACTORY_ENV_REDIS) or None
    )
