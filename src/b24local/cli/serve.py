"""``b24local serve``: the options; ``b24local.runner`` does the work."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from b24local.cli.app import DEFAULT_DATA_DIR, DatabaseUrl, DataDir, fail
from b24local.config import DEFAULT_MAX_BODY, DEFAULT_PORT, Settings
from b24local.runner import run

LOG_LEVELS = ("critical", "error", "warning", "info", "debug", "trace")  # uvicorn's


def serve(
    host: Annotated[str, typer.Option(envvar="B24LOCAL_HOST", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(envvar="B24LOCAL_PORT", min=0, max=65535, help="Port to listen on (0: any free port).")
    ] = DEFAULT_PORT,
    data_dir: DataDir = DEFAULT_DATA_DIR,
    database_url: DatabaseUrl = None,
    timezone: Annotated[str, typer.Option(envvar="B24LOCAL_TIMEZONE", help="The portal's time zone.")] = "UTC",
    webhook_token: Annotated[
        str | None, typer.Option(envvar="B24LOCAL_WEBHOOK_TOKEN", help="Token of the default webhook of user 1.")
    ] = None,
    tls: Annotated[bool, typer.Option(envvar="B24LOCAL_TLS", help="Serve HTTPS with a local CA.")] = False,
    tls_cert: Annotated[Path | None, typer.Option(envvar="B24LOCAL_TLS_CERT", help="PEM certificate.")] = None,
    tls_key: Annotated[Path | None, typer.Option(envvar="B24LOCAL_TLS_KEY", help="PEM private key.")] = None,
    require_https: Annotated[
        bool, typer.Option(envvar="B24LOCAL_REQUIRE_HTTPS", help="Webhook calls over HTTP fail: INVALID_REQUEST.")
    ] = False,
    max_body: Annotated[
        int, typer.Option(envvar="B24LOCAL_MAX_BODY", min=1, help="Largest request body in bytes.")
    ] = DEFAULT_MAX_BODY,
    log_level: Annotated[
        str, typer.Option(envvar="B24LOCAL_LOG_LEVEL", help=f"Server log level: {', '.join(LOG_LEVELS)}.")
    ] = "info",
    workers: Annotated[
        int, typer.Option(envvar="B24LOCAL_WORKERS", min=1, help="Server processes on the one port.")
    ] = 1,
    redis_url: Annotated[
        str | None,
        typer.Option(envvar="B24LOCAL_REDIS_URL", help="Share limits, faults and idempotency keys through Redis."),
    ] = None,
    limits: Annotated[
        str, typer.Option(envvar="B24LOCAL_LIMITS", help="Rate and operating limits: off, cloud or enterprise.")
    ] = "off",
) -> None:
    """Serve the Bitrix24 REST API (creates the portal on first start).

    It binds the port first, records the address in the store (so `webhook create` prints URLs that work),
    then prints the default webhook's URLs.
    """
    if bool(tls_cert) != bool(tls_key):
        fail("--tls-cert and --tls-key go together")
    if log_level.lower() not in LOG_LEVELS:
        fail(f"--log-level must be one of {', '.join(LOG_LEVELS)}")
    settings = Settings(
        host=host,
        port=port,
        data_dir=data_dir,
        database_url=database_url,
        timezone=timezone,
        webhook_token=webhook_token,
        tls=tls,
        tls_cert=tls_cert,
        tls_key=tls_key,
        require_https=require_https,
        max_body=max_body,
        limits=limits,
        workers=workers,
        redis_url=redis_url,
    )
    run(settings, log_level=log_level.lower())
