"""The ``b24local`` command: serve, webhook, user, token, reset.

Every command works on the store the server uses (``--data-dir`` or ``--database-url``), also while the
server runs. Every option also reads an environment variable (``B24LOCAL_PORT``, ``B24LOCAL_WEBHOOK_TOKEN``…).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from b24local.cli_portal import register_protocol_commands
from b24local.config import DEFAULT_MAX_BODY, DEFAULT_PORT, Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="A local server that speaks the Bitrix24 REST API.")
webhook_app = typer.Typer(no_args_is_help=True, help="Inbound webhooks.")
user_app = typer.Typer(no_args_is_help=True, help="Portal users.")
token_app = typer.Typer(no_args_is_help=True, help="OAuth-style access tokens.")
app.add_typer(webhook_app, name="webhook")
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")
register_protocol_commands(app)  # portal, fault, requests (issue 5)

console = Console()
err_console = Console(stderr=True)

DataDir = Annotated[
    Path, typer.Option("--data-dir", envvar="B24LOCAL_DATA_DIR", help="Folder for the SQLite store and TLS files.")
]
DatabaseUrl = Annotated[
    Optional[str],
    typer.Option(
        "--database-url",
        envvar="B24LOCAL_DATABASE_URL",
        help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db (default: SQLite in the data dir).",
    ),
]
Scopes = Annotated[list[str], typer.Option("--scope", help="A scope to grant; repeat for more.")]


def _store(data_dir: Path, database_url: str | None):  # type: ignore[no-untyped-def]
    from b24local.bootstrap import ensure_portal
    from b24local.store import Store

    settings = Settings(data_dir=data_dir, database_url=database_url)
    store = Store(settings.db_url)
    store.migrate()
    with store.transaction() as conn:
        ensure_portal(store, conn)
    return store


def _fail(message: str) -> None:
    err_console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(envvar="B24LOCAL_HOST", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="B24LOCAL_PORT", help="Port to listen on.")] = DEFAULT_PORT,
    data_dir: DataDir = Path(".b24local"),
    database_url: DatabaseUrl = None,
    timezone: Annotated[str, typer.Option(envvar="B24LOCAL_TIMEZONE", help="The portal's time zone.")] = "UTC",
    webhook_token: Annotated[
        Optional[str], typer.Option(envvar="B24LOCAL_WEBHOOK_TOKEN", help="Token of the default webhook of user 1.")
    ] = None,
    tls: Annotated[bool, typer.Option(envvar="B24LOCAL_TLS", help="Serve HTTPS with a local CA.")] = False,
    tls_cert: Annotated[Optional[Path], typer.Option(envvar="B24LOCAL_TLS_CERT", help="PEM certificate.")] = None,
    tls_key: Annotated[Optional[Path], typer.Option(envvar="B24LOCAL_TLS_KEY", help="PEM private key.")] = None,
    require_https: Annotated[
        bool, typer.Option(envvar="B24LOCAL_REQUIRE_HTTPS", help="Webhook calls over HTTP fail: INVALID_REQUEST.")
    ] = False,
    max_body: Annotated[int, typer.Option(envvar="B24LOCAL_MAX_BODY", help="Largest request body in bytes.")] = (
        DEFAULT_MAX_BODY
    ),
    log_level: Annotated[str, typer.Option(envvar="B24LOCAL_LOG_LEVEL", help="Server log level.")] = "info",
    workers: Annotated[
        int, typer.Option(envvar="B24LOCAL_WORKERS", min=1, help="Server processes on the one port.")
    ] = 1,
    redis_url: Annotated[
        Optional[str],
        typer.Option(envvar="B24LOCAL_REDIS_URL", help="Share limits, faults and idempotency keys through Redis."),
    ] = None,
    limits: Annotated[
        str, typer.Option(envvar="B24LOCAL_LIMITS", help="Rate and operating limits: off, cloud or enterprise.")
    ] = "off",
) -> None:
    """Serve the Bitrix24 REST API (creates the portal on first start)."""
    from b24local.server import run

    if bool(tls_cert) != bool(tls_key):
        _fail("--tls-cert and --tls-key go together")
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
    try:
        run(settings, log_level=log_level, console=console)
    except ValueError as exc:
        _fail(str(exc))


@app.command()
def seed(
    file: Annotated[Optional[Path], typer.Argument(help="YAML or JSON file of users, tasks, results, CRM items.")] = None,
    tasks: Annotated[int, typer.Option("--tasks", help="Bulk-load this many generated tasks.")] = 0,
    crm_items: Annotated[int, typer.Option("--crm-items", help="Bulk-load this many generated deals.")] = 0,
    data_dir: DataDir = Path(".b24local"),
    database_url: DatabaseUrl = None,
) -> None:
    """Load data: a seed FILE (with its ids), and/or generated bulk data for benchmarks."""
    if file is None and not tasks and not crm_items:
        _fail("give a FILE, --tasks N or --crm-items N")
    store = _store(data_dir, database_url)
    if file is not None:
        from b24local.seeds.documents import load_file

        try:
            summary = load_file(store, file)
        except ValueError as exc:
            _fail(str(exc))
        console.print(f"loaded {summary}")
    if tasks or crm_items:
        from b24local.seeds.bulk import generate

        generate(store, tasks=tasks, crm_items=crm_items, console=console)


@app.command()
def export(
    file: Annotated[Path, typer.Argument(help="Where to write (.yaml, .yml or .json).")],
    data_dir: DataDir = Path(".b24local"),
    database_url: DatabaseUrl = None,
) -> None:
    """Write the portal's users, tasks, results and CRM items in the seed format."""
    from b24local.seeds.documents import dump_file

    store = _store(data_dir, database_url)
    try:
        summary = dump_file(store, file)
    except ValueError as exc:
        _fail(str(exc))
    console.print(f"exported {summary}")


@app.command()
def reset(data_dir: DataDir = Path(".b24local"), database_url: DatabaseUrl = None) -> None:
    """Wipe the portal's data and keep its configuration."""
    from b24local.bootstrap import reset_portal

    store = _store(data_dir, database_url)
    reset_portal(store)
    console.print("portal reset")


# -- webhooks ---------------------------------------------------------------------------------------
@webhook_app.command("create")
def webhook_create(
    user: Annotated[int, typer.Option("--user", help="The user the webhook acts as.")] = 1,
    scope: Scopes = [],  # noqa: B006 - typer reads the default
    token: Annotated[Optional[str], typer.Option("--token", help="The webhook code (random if absent).")] = None,
    base_url: Annotated[
        str, typer.Option("--base-url", envvar="B24LOCAL_BASE_URL", help="Address to print the URL with.")
    ] = f"http://127.0.0.1:{DEFAULT_PORT}",
    data_dir: DataDir = Path(".b24local"),
    database_url: DatabaseUrl = None,
) -> None:
    """Create an inbound webhook; prints its v2 URL on the last line."""
    from b24local.methods import all_scopes
    from b24local.domain import credentials, users

    store = _store(data_dir, database_url)
    scopes = scope or all_scopes()
    with store.transaction() as conn:
        if users.get_user(conn, user) is None:
            _fail(f"user {user} does not exist")
        try:
            hook_id, secret = credentials.create_webhook(conn, user_id=user, scopes=scopes, token=token)
        except ValueError as exc:
            _fail(str(exc))
    console.print(f"webhook {hook_id} for user {user}, scopes: {', '.join(sorted(set(scopes)))}")
    console.print(f"v3: {base_url.rstrip('/')}/rest/api/{user}/{secret}/", soft_wrap=True)
    print(f"{base_url.rstrip('/')}/rest/{user}/{secret}/")


@webhook_app.command("list")
def webhook_list(data_dir: DataDir = Path(".b24local"), database_url: DatabaseUrl = None) -> None:
    """List webhooks (their codes are stored hashed; the first characters are shown)."""
    from b24local.domain import credentials

    store = _store(data_dir, database_url)
    with store.transaction(write=False) as conn:
        rows = credentials.list_webhooks(conn)
    table = Table("id", "user", "code", "scopes", "default")
    for row in rows:
        table.add_row(
            str(row["id"]), str(row["user_id"]), row["token_hint"] + "…", ",".join(row["scopes"]), str(row["is_default"])
        )
    console.print(table)


@webhook_app.command("delete")
def webhook_delete(
    webhook_id: Annotated[int, typer.Argument(help="Webhook id (see `webhook list`).")],
    data_dir: DataDir = Path(".b24local"),
    database_url: DatabaseUrl = None,
) -> None:
    """Delete a webhook."""
    from b24local.domain import credentials

    store = _store(data_dir, database_url)
    with store.transaction() as conn:
        if not credentials.delete_webhook(conn, webhook_id):
            _fail(f"webhook {webhook_id} does not exist")
    console.print(f"webhook {webhook_id} deleted")


# -- users -------------------------------------------------------------------------------------------
@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Option("--name", help="First name.")],
    last_name: Annotated[str, typer.Option("--last-name")] = "",
    email: Annotated[str, typer.Option("--email")] = "",
    admin: Annotated[bool, typer.Option("--admin", help="Portal administrator.")] = False,
    extranet: Annotated[bool, typer.Option("--extranet", help="An extranet (non-intranet) user.")] = False,
    user_id: Annotated[Optional[int], typer.Option("--id", help="Explicit id.")] = None,
    data_dir: DataDir = Path(".b24local"),
    database_url: DatabaseUrl = None,
) -> None:
    """Add a user; prints the new id."""
    from b24local.domain import users

    store = _store(data_dir, database_url)
    with store.transaction() as conn:
        try:
            new_id = users.create_user(
                store,
                conn,
                name=name,
                last_name=last_name,
                email=email,
                admin=admin,
                user_id=user_id,
                user_type="extranet" if extranet else "employee",
            )
        except ValueError as exc:
            _fail(str(exc))
    print(new_id)


@user_app.command("list")
def user_list(data_dir: DataDir = Path(".b24local"), database_url: DatabaseUrl = None) -> None:
    """List users."""
    from b24local.domain import users

    store = _store(data_dir, database_url)
    with store.transaction(write=False) as conn:
        rows = users.list_users(conn)
    table = Table("id", "name", "last name", "email", "admin", "type", "active")
    for row in rows:
        table.add_row(
            str(row["id"]), row["name"], row["last_name"], row["email"], str(row["is_admin"]), row["user_type"],
            str(row["active"]),
        )
    console.print(table)


# -- tokens ------------------------------------------------------------------------------------------
@token_app.command("create")
def token_create(
    user: Annotated[int, typer.Option("--user", help="The user the token acts as.")] = 1,
    scope: Scopes = [],  # noqa: B006
    expires_in: Annotated[int, typer.Option("--expires-in", help="Lifetime in seconds.")] = 3600,
    data_dir: DataDir = Path(".b24local"),
    database_url: DatabaseUrl = None,
) -> None:
    """Issue an access token; prints it alone on the last line. Send it as `auth`."""
    from b24local.methods import all_scopes
    from b24local.domain import credentials, users

    store = _store(data_dir, database_url)
    scopes = scope or all_scopes()
    with store.transaction() as conn:
        if users.get_user(conn, user) is None:
            _fail(f"user {user} does not exist")
        token_id, token = credentials.create_token(conn, user_id=user, scopes=scopes, expires_in=expires_in)
    console.print(f"token {token_id} for user {user}, scopes: {', '.join(sorted(set(scopes)))}, expires in {expires_in} s")
    print(token)


@token_app.command("list")
def token_list(data_dir: DataDir = Path(".b24local"), database_url: DatabaseUrl = None) -> None:
    """List access tokens."""
    from b24local.domain import credentials

    store = _store(data_dir, database_url)
    with store.transaction(write=False) as conn:
        rows = credentials.list_tokens(conn)
    table = Table("id", "user", "token", "scopes", "expires at", "revoked")
    for row in rows:
        table.add_row(
            str(row["id"]), str(row["user_id"]), row["token_hint"] + "…", ",".join(row["scopes"]),
            str(row["expires_at"]), str(row["revoked"]),
        )
    console.print(table)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(help="Token id (see `token list`).")],
    data_dir: DataDir = Path(".b24local"),
    database_url: DatabaseUrl = None,
) -> None:
    """Revoke an access token (calls with it then fail with INVALID_CREDENTIALS)."""
    from b24local.domain import credentials

    store = _store(data_dir, database_url)
    with store.transaction() as conn:
        if not credentials.revoke_token(conn, token_id):
            _fail(f"token {token_id} does not exist")
    console.print(f"token {token_id} revoked")


app.add_typer(__import__("b24local.cli_crm", fromlist=["crm_perm_app"]).crm_perm_app, name="crm-perm")


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()
