"""The ``b24local`` command (entry point ``b24local.cli:main``), one module per concern:

* ``app``: the root Typer app, the shared ``--data-dir``/``--database-url`` options, error reporting;
* ``serve``: ``b24local serve`` (the work is in ``b24local.runner``);
* ``local_store``: ``seed``, ``export``, ``reset``, ``webhook``, ``user``, ``token`` on the store;
* ``crm_perm``: ``crm-perm`` on the store;
* ``remote``: ``portal``, ``fault``, ``requests`` through a running server's admin API;
* ``drift``: ``record`` (a recording proxy in front of a portal) and ``compare`` (replay and report).

Every store command works on the store a server uses, also while it runs. Every option also reads an
environment variable (``B24LOCAL_PORT``, ``B24LOCAL_WEBHOOK_TOKEN``…).
"""

from __future__ import annotations

import logging

from b24local.cli.app import app, run_app
from b24local.cli.crm_perm import crm_perm_app
from b24local.cli.drift import compare, record
from b24local.cli.local_store import export, reset, seed, token_app, user_app, webhook_app
from b24local.cli.remote import fault_app, portal_app, requests_app
from b24local.cli.serve import serve

app.command()(serve)
app.command()(seed)
app.command()(export)
app.command()(reset)
app.command()(record)
app.command()(compare)
app.add_typer(webhook_app, name="webhook")
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")
app.add_typer(crm_perm_app, name="crm-perm")
app.add_typer(portal_app, name="portal")
app.add_typer(fault_app, name="fault")
app.add_typer(requests_app, name="requests")

__all__ = ["app", "main"]


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    run_app()
