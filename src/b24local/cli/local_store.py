"""Commands that work on the store itself (``--data-dir`` or ``--database-url``), with or without a
server running on it: ``seed``, ``export``, ``reset``, ``webhook``, ``user`` and ``token``.

URLs are printed with the address the last ``b24local serve`` on the same store listened on (it records
it at start), or with ``--base-url``; when neither is known the command says so and prints the paths.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from b24local.bootstrap import reset_portal
from b24local.cli.app import DEFAULT_DATA_DIR, DatabaseUrl, DataDir, console, fail, store_for
from b24local.domain import credentials, users
from b24local.methods import all_scopes
from b24local.runner import served_url
from b24local.seeds.bulk import generate
from b24local.seeds.documents import dump_file, load_file

webhook_app = typer.Typer(no_args_is_help=True, help="Inbound webhooks.")
user_app = typer.Typer(no_args_is_help=True, help="Portal users.")
token_app = typer.Typer(no_args_is_help=True, help="OAuth-style access tokens.")

Scopes = Annotated[list[str], typer.Option("--scope", help="A scope to grant; repeat for more.")]


def seed(
    file: Annotated[Path | None, typer.Argument(help="YAML or JSON file of users, tasks, results, CRM items.")] = None,
    tasks: Annotated[int, typer.Option("--tasks", min=0, help="Bulk-load this many generated tasks.")] = 0,
    crm_items: Annotated[int, typer.Option("--crm-items", min=0, help="Bulk-load this many generated deals.")] = 0,
    data_dir: DataDir = DEFAULT_DATA_DIR,
    database_url: DatabaseUrl = None,
) -> None:
    """Load data: a seed FILE (with its ids), and/or generated bulk data for benchmarks."""
    if file is None and not tasks and not crm_items:
        fail("give a FILE, --tasks N or --crm-items N")
    store = store_for(data_dir, database_url)
    if file is not None:
        try:
            summary = load_file(store, file)
        except ValueError as exc:
            fail(str(exc))
        typer.echo(f"loaded {summary}")
    if tasks or crm_items:
        generate(store, tasks=tasks, crm_items=crm_items, console=console)


def export(
    file: Annotated[Path, typer.Argument(help="Where to write (.yaml, .yml or .json).")],
    data_dir: DataDir = DEFAULT_DATA_DIR,
    database_url: DatabaseUrl = None,
) -> None:
    """Write the portal's users, tasks, results and CRM items in the seed format."""
    store = store_for(data_dir, database_url)
    try:
        summary = dump_file(store, file)
    except ValueError as exc:
        fail(str(exc))
    typer.echo(f"exported {summary}")


def reset(data_dir: DataDir = DEFAULT_DATA_DIR, database_url: DatabaseUrl = None) -> None:
    """Wipe the portal's data and keep its configuration."""
    reset_portal(store_for(data_dir, database_url))
    typer.echo("portal reset")


# -- webhooks ---------------------------------------------------------------------------------------
@webhook_app.command("create")
def webhook_create(
    user: Annotated[int, typer.Option("--user", help="The user the webhook acts as.")] = 1,
    scope: Scopes = [],  # noqa: B006 - typer reads the default
    token: Annotated[str | None, typer.Option("--token", help="The webhook code (random if absent).")] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            envvar="B24LOCAL_BASE_URL",
            help="Print the URLs with this address (default: the one the last `serve` on this store listened on).",
        ),
    ] = None,
    data_dir: DataDir = DEFAULT_DATA_DIR,
    database_url: DatabaseUrl = None,
) -> None:
    """Create an inbound webhook; prints its v2 URL on the last line."""
    store = store_for(data_dir, database_url)
    scopes = scope or all_scopes()
    with store.transaction() as conn:
        if users.get_user(conn, user) is None:
            fail(f"user {user} does not exist")
        try:
            hook_id, secret = credentials.create_webhook(conn, user_id=user, scopes=scopes, token=token)
        except ValueError as exc:
            fail(str(exc))
        base = base_url or served_url(conn)
    typer.echo(f"webhook {hook_id} for user {user}, scopes: {', '.join(sorted(set(scopes)))}")
    if base is None:
        typer.echo(
            "note: no `b24local serve` has run on this store yet, so its address is unknown: the paths below "
            "go after it (or pass --base-url)",
            err=True,
        )
    prefix = (base or "").rstrip("/")
    typer.echo(f"v3: {prefix}/rest/api/{user}/{secret}/")
    typer.echo(f"{prefix}/rest/{user}/{secret}/")


@webhook_app.command("list")
def webhook_list(data_dir: DataDir = DEFAULT_DATA_DIR, database_url: DatabaseUrl = None) -> None:
    """List webhooks (their codes are stored hashed; the first characters are shown)."""
    store = store_for(data_dir, database_url)
    with store.transaction(write=False) as conn:
        rows = credentials.list_webhooks(conn)
    table = Table("id", "user", "code", "scopes", "default")
    for row in rows:
        table.add_row(
            str(row["id"]),
            str(row["user_id"]),
            row["token_hint"] + "…",
            ",".join(row["scopes"]),
            str(row["is_default"]),
        )
    console.print(table)


@webhook_app.command("delete")
def webhook_delete(
    webhook_id: Annotated[int, typer.Argument(help="Webhook id (see `webhook list`).")],
    data_dir: DataDir = DEFAULT_DATA_DIR,
    database_url: DatabaseUrl = None,
) -> None:
    """Delete a webhook."""
    store = store_for(data_dir, database_url)
    with store.transaction() as conn:
        if not credentials.delete_webhook(conn, webhook_id):
            fail(f"webhook {webhook_id} does not exist")
    typer.echo(f"webhook {webhook_id} deleted")


# -- users -------------------------------------------------------------------------------------------
@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Option("--name", help="First name.")],
    last_name: Annotated[str, typer.Option("--last-name")] = "",
    email: Annotated[str, typer.Option("--email")] = "",
    admin: Annotated[bool, typer.Option("--admin", help="Portal administrator.")] = False,
    extranet: Annotated[bool, typer.Option("--extranet", help="An extranet (non-intranet) user.")] = False,
    user_id: Annotated[int | None, typer.Option("--id", help="Explicit id.")] = None,
    data_dir: DataDir = DEFAULT_DATA_DIR,
    database_url: DatabaseUrl = None,
) -> None:
    """Add a user; prints the new id."""
    store = store_for(data_dir, database_url)
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
            fail(str(exc))
    typer.echo(str(new_id))


@user_app.command("list")
def user_list(data_dir: DataDir = DEFAULT_DATA_DIR, database_url: DatabaseUrl = None) -> None:
    """List users."""
    store = store_for(data_dir, database_url)
    with store.transaction(write=False) as conn:
        rows = users.list_users(conn)
    table = Table("id", "name", "last name", "email", "admin", "type", "active")
    for row in rows:
        table.add_row(
            str(row["id"]),
            row["name"],
            row["last_name"],
            row["email"],
            str(row["is_admin"]),
            row["user_type"],
            str(row["active"]),
        )
    console.print(table)


# -- tokens ------------------------------------------------------------------------------------------
@token_app.command("create")
def token_create(
    user: Annotated[int, typer.Option("--user", help="The user the token acts as.")] = 1,
    scope: Scopes = [],  # noqa: B006 - typer reads the default
    expires_in: Annotated[int, typer.Option("--expires-in", help="Lifetime in seconds.")] = 3600,
    data_dir: DataDir = DEFAULT_DATA_DIR,
    database_url: DatabaseUrl = None,
) -> None:
    """Issue an access token; prints it alone on the last line. Send it as `auth`."""
    store = store_for(data_dir, database_url)
    scopes = scope or all_scopes()
    with store.transaction() as conn:
        if users.get_user(conn, user) is None:
            fail(f"user {user} does not exist")
        token_id, token = credentials.create_token(conn, user_id=user, scopes=scopes, expires_in=expires_in)
    typer.echo(f"token {token_id} for user {user}, scopes: {', '.join(sorted(set(scopes)))}, expires in {expires_in} s")
    typer.echo(token)


@token_app.command("list")
def token_list(data_dir: DataDir = DEFAULT_DATA_DIR, database_url: DatabaseUrl = None) -> None:
    """List access tokens."""
    store = store_for(data_dir, database_url)
    with store.transaction(write=False) as conn:
        rows = credentials.list_tokens(conn)
    table = Table("id", "user", "token", "scopes", "expires at", "revoked")
    for row in rows:
        table.add_row(
            str(row["id"]),
            str(row["user_id"]),
            row["token_hint"] + "…",
            ",".join(row["scopes"]),
            str(row["expires_at"]),
            str(row["revoked"]),
        )
    console.print(table)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(help="Token id (see `token list`).")],
    data_dir: DataDir = DEFAULT_DATA_DIR,
    database_url: DatabaseUrl = None,
) -> None:
    """Revoke an access token (calls with it then fail with INVALID_CREDENTIALS)."""
    store = store_for(data_dir, database_url)
    with store.transaction() as conn:
        if not credentials.revoke_token(conn, token_id):
            fail(f"token {token_id} does not exist")
    typer.echo(f"token {token_id} revoked")
