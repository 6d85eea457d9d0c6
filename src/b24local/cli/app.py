"""The root Typer app, the options every store command shares, and how the CLI reports an error.

An error is one line on stderr (``error: …``) and exit status 1, never a traceback: commands raise
``CliError`` (or the runner's ``StartupError``) and ``report`` turns any other failure of the store or
the file system into the same one line. ``B24LOCAL_DEBUG=1`` shows the traceback of an unexpected one.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from sqlalchemy.exc import SQLAlchemyError

from b24local.config import Settings
from b24local.runner import StartupError, first_line, open_portal
from b24local.store import Store

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # `report` prints one line instead
    help="A local server that speaks the Bitrix24 REST API.",
)
# Tables only: plain lines go through `typer.echo`, which never wraps them at the terminal's width.
console = Console()

DataDir = Annotated[
    Path, typer.Option("--data-dir", envvar="B24LOCAL_DATA_DIR", help="Folder for the SQLite store and TLS files.")
]
DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar="B24LOCAL_DATABASE_URL",
        help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db (default: SQLite in the data dir).",
    ),
]
DEFAULT_DATA_DIR = Path(".b24local")
DEBUG_ENV = "B24LOCAL_DEBUG"


class CliError(Exception):
    """A reason the command cannot do what was asked; the text is one line for the user."""


def fail(message: str) -> NoReturn:
    raise CliError(message)


def store_for(data_dir: Path, database_url: str | None) -> Store:
    """The store a server on the same ``--data-dir``/``--database-url`` uses (made on first use)."""
    return open_portal(Settings(data_dir=data_dir, database_url=database_url))


def report(exc: BaseException) -> int:
    """Print ``exc`` as one ``error:`` line on stderr; the exit status to end with."""
    if isinstance(exc, (CliError, StartupError)):
        message = str(exc)
    elif isinstance(exc, SQLAlchemyError):
        message = f"the database refused: {first_line(exc)}"
    elif isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        message = f"{exc.strerror or exc}{where}"
    else:
        message = f"unexpected {type(exc).__name__}: {exc} (set {DEBUG_ENV}=1 to see the traceback)"
    message = " ".join(message.split())  # one line, whatever the message held
    typer.echo(f"{typer.style('error:', fg='red')} {message}", err=True)
    return 1


def run_app() -> None:
    try:
        app()
    except Exception as exc:
        if os.environ.get(DEBUG_ENV) and not isinstance(exc, (CliError, StartupError)):
            raise
        sys.exit(report(exc))
