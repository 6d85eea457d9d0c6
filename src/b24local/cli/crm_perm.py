"""``b24local crm-perm``: what non-admin users may do with CRM items, per entity type. The rules live in
the store, so these work like the other store commands (``--data-dir``/``--database-url``).

    b24local crm-perm set --user 5 --entity-type 2 --read --no-add --no-update --no-delete
    b24local crm-perm list [--user 5]
    b24local crm-perm reset --user 5 --entity-type 2
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from b24local.cli.app import DEFAULT_DATA_DIR, DatabaseUrl, DataDir, console, fail, store_for
from b24local.domain import users
from b24local.domain.crm import permissions as perms

crm_perm_app = typer.Typer(no_args_is_help=True, help="CRM access rights of non-admin users (per entity type).")

Flag = bool | None


@crm_perm_app.command("set")
def perm_set(
    user: Annotated[int, typer.Option("--user", help="User id.")],
    entity_type: Annotated[int, typer.Option("--entity-type", help="entityTypeId (1 lead, 2 deal, 1268 …).")],
    read: Annotated[Flag, typer.Option("--read/--no-read", help="May read items.")] = None,
    add: Annotated[Flag, typer.Option("--add/--no-add", help="May add items.")] = None,
    update: Annotated[Flag, typer.Option("--update/--no-update", help="May update items.")] = None,
    delete: Annotated[Flag, typer.Option("--delete/--no-delete", help="May delete items.")] = None,
    data_dir: DataDir = DEFAULT_DATA_DIR,
    database_url: DatabaseUrl = None,
) -> None:
    """Allow or deny reading, adding, updating, deleting (rights not given keep their value)."""
    store = store_for(data_dir, database_url)
    with store.transaction() as conn:
        if users.get_user(conn, user) is None:
            fail(f"user {user} does not exist")
        rule = perms.set_rule(conn, user, entity_type, read=read, add=add, update=update, delete=delete)
    typer.echo(
        f"user {user}, entity type {entity_type}: "
        + ", ".join(f"{a} {'yes' if rule[a] else 'no'}" for a in perms.ACTIONS)
    )


@crm_perm_app.command("list")
def perm_list(
    user: Annotated[int | None, typer.Option("--user", help="Only this user.")] = None,
    data_dir: DataDir = DEFAULT_DATA_DIR,
    database_url: DatabaseUrl = None,
) -> None:
    """List the rules (users without a rule may do everything)."""
    store = store_for(data_dir, database_url)
    with store.transaction(write=False) as conn:
        rows = perms.list_rules(conn, user)
    table = Table("user", "entity type", "read", "add", "update", "delete")
    for row in rows:
        table.add_row(str(row["user"]), str(row["entityTypeId"]), *("yes" if row[a] else "no" for a in perms.ACTIONS))
    console.print(table)


@crm_perm_app.command("reset")
def perm_reset(
    user: Annotated[int, typer.Option("--user", help="User id.")],
    entity_type: Annotated[int, typer.Option("--entity-type", help="entityTypeId.")],
    data_dir: DataDir = DEFAULT_DATA_DIR,
    database_url: DatabaseUrl = None,
) -> None:
    """Remove a rule (the user may do everything with that type again)."""
    store = store_for(data_dir, database_url)
    with store.transaction() as conn:
        if not perms.delete_rule(conn, user, entity_type):
            fail(f"no rule for user {user} and entity type {entity_type}")
    typer.echo(f"rule for user {user}, entity type {entity_type} removed")
