"""``b24local serve``: prepare the store and the portal, then run uvicorn."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rich.console import Console

from b24local.config import Settings
from b24local.domain.portal import ConfigError, PortalConfig

TOKEN_FILE = "default-webhook"


def prepare(settings: Settings):  # type: ignore[no-untyped-def]
    """Migrate, create the portal if the store is empty, and write the serve flags into its configuration.

    Returns the store and the default webhook token when it is known (new, given, or kept from first start).
    """
    from b24local.bootstrap import ensure_portal
    from b24local.store import Store

    data_dir = settings.ensure_data_dir()
    store = Store(settings.db_url)
    store.migrate()
    with store.transaction() as conn:
        setup = ensure_portal(store, conn, settings.webhook_token)
        config = PortalConfig.load(conn)
        config.timezone = settings.timezone
        config.require_https = settings.require_https
        config.limits = settings.limits
        try:
            config.validate()
        except ConfigError as exc:
            raise ValueError(str(exc)) from exc
        config.save(conn)
    token = settings.webhook_token
    token_file = data_dir / TOKEN_FILE
    if setup.new_token and settings.webhook_token is None:
        token = setup.new_token
        token_file.write_text(token + "\n")
        os.chmod(token_file, 0o600)
    elif token is None and token_file.exists():
        token = token_file.read_text().strip() or None
    return store, token


def run(settings: Settings, *, log_level: str = "info", console: Console | None = None) -> None:
    import uvicorn

    from b24local.app import build_app

    console = console or Console()
    store, token = prepare(settings)
    ssl_cert: Path | None = settings.tls_cert
    ssl_key: Path | None = settings.tls_key
    if settings.tls and not ssl_cert:
        from b24local.tls import ensure_local_ca

        files = ensure_local_ca(settings.data_dir)
        ssl_cert, ssl_key = files.cert, files.key
        console.print("TLS with a local CA. Make clients trust it with:")
        print(f"REQUESTS_CA_BUNDLE={files.ca.resolve()}")
        print(f"NODE_EXTRA_CA_CERTS={files.ca.resolve()}")
    base = f"{settings.scheme}://{settings.host}:{settings.port}"
    if token:
        print(f"v2 webhook: {base}/rest/1/{token}/")
        print(f"v3 webhook: {base}/rest/api/1/{token}/")
    else:
        console.print(
            "The default webhook exists but its code is not known here; make one with "
            "`b24local webhook create --user 1`."
        )
    common: dict[str, Any] = dict(
        host=settings.host,
        port=settings.port,
        ssl_certfile=str(ssl_cert) if ssl_cert else None,
        ssl_keyfile=str(ssl_key) if ssl_key else None,
        log_level=log_level,
        access_log=False,
        lifespan="off",
        server_header=False,
    )
    if settings.workers > 1:
        if not settings.redis_url:
            console.print(
                "[yellow]note:[/yellow] without --redis-url each worker keeps its own rate-limit bucket, "
                "operating ledger, fault rules and idempotency keys"
            )
        # Each worker process builds its own app from these (migrations and the portal are ready already).
        store.dispose()
        os.environ[FACTORY_ENV_DB] = settings.db_url
        os.environ[FACTORY_ENV_MAX_BODY] = str(settings.max_body)
        if settings.redis_url:
            os.environ[FACTORY_ENV_REDIS] = settings.redis_url
        uvicorn.run("b24local.server:factory", factory=True, workers=settings.workers, **common)
        return
    uvicorn.Server(uvicorn.Config(build_app(store, max_body=settings.max_body, redis_url=settings.redis_url),
                                  **common)).run()


FACTORY_ENV_DB = "B24LOCAL_WORKER_DATABASE_URL"
FACTORY_ENV_MAX_BODY = "B24LOCAL_WORKER_MAX_BODY"
FACTORY_ENV_REDIS = "B24LOCAL_WORKER_REDIS_URL"


def factory():  # type: ignore[no-untyped-def]
    """The app of one ``--workers`` process, built from what the parent put in the environment."""
    from b24local.app import build_app
    from b24local.store import Store

    store = Store(os.environ[FACTORY_ENV_DB])
    return build_app(store, max_body=int(os.environ[FACTORY_ENV_MAX_BODY]),
                     redis_url=os.environ.get(FACTORY_ENV_REDIS) or None)
