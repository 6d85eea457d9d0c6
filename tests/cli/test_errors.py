"""A bad ``--data-dir`` or ``--database-url`` is one clear line on stderr and exit status 1, never a
traceback, on every command that takes them; and ``serve`` checks its port before printing anything."""

from __future__ import annotations

import socket
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main

from b24local.cli import app
from b24local.testing import free_port
from tests.cli.helpers import run_cli, serving

# every command that opens the store, with arguments that would otherwise work
COMMANDS = {
    "serve": ["serve", "--port", "0"],
    "seed": ["seed", "--tasks", "1"],
    "export": ["export", "out.yaml"],
    "reset": ["reset"],
    "webhook create": ["webhook", "create"],
    "webhook list": ["webhook", "list"],
    "webhook delete": ["webhook", "delete", "1"],
    "user add": ["user", "add", "--name", "Ann"],
    "user list": ["user", "list"],
    "token create": ["token", "create"],
    "token list": ["token", "list"],
    "token revoke": ["token", "revoke", "1"],
    "crm-perm set": ["crm-perm", "set", "--user", "1", "--entity-type", "2", "--no-add"],
    "crm-perm list": ["crm-perm", "list"],
    "crm-perm reset": ["crm-perm", "reset", "--user", "1", "--entity-type", "2"],
}


def store_commands() -> set[str]:
    """The commands of the real CLI that take --data-dir."""
    found = set()

    def walk(command: Any, path: list[str]) -> None:
        if hasattr(command, "commands"):  # a group
            for name, sub in command.commands.items():
                walk(sub, [*path, name])
        elif any("--data-dir" in p.opts for p in command.params):
            found.add(" ".join(path))

    walk(typer.main.get_command(app), [])
    return found


def test_the_list_covers_every_store_command():
    assert set(COMMANDS) == store_commands()


def unusable(case: str, tmp_path: Path) -> tuple[list[str], str]:
    """Options that cannot work, and what the one line must say."""
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    closed = free_port()  # nothing listens there
    return {
        "data dir is a file": (["--data-dir", str(a_file)], f"--data-dir {a_file} is not a directory"),
        "data dir under a file": (["--data-dir", str(a_file / "sub")], "cannot create --data-dir"),
        "data dir in /proc": (["--data-dir", "/proc/b24local-x"], "cannot create --data-dir /proc/b24local-x"),
        "garbage database url": (["--database-url", "::not a url::"], "is not a database URL"),
        "unreachable postgres": (
            ["--database-url", f"postgresql+psycopg://postgres@127.0.0.1:{closed}/b24"],
            f"cannot use the database postgresql+psycopg://postgres@127.0.0.1:{closed}/b24: connection failed",
        ),
        "mysql url": (["--database-url", "mysql://root@127.0.0.1/b24"], "mysql is not supported"),
    }[case]


def assert_one_line_error(done, expected: str) -> None:  # type: ignore[no-untyped-def]
    lines = done.stderr.splitlines()
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stdout == ""


CASES = [
    "data dir is a file",
    "data dir under a file",
    "data dir in /proc",
    "garbage database url",
    "unreachable postgres",
    "mysql url",
]


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", CASES)
def test_unusable_store_is_one_line(case: str, command: str, tmp_path: Path) -> None:
    if case == "data dir in /proc" and not sys.platform.startswith("linux"):
        pytest.skip("/proc is Linux's")
    options, expected = unusable(case, tmp_path)
    assert_one_line_error(run_cli(*COMMANDS[command], *options, cwd=tmp_path), expected)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--redis-url", "redis://127.0.0.1:{closed}/0"], "cannot use --redis-url redis://127.0.0.1:{closed}/0"),
        (["--redis-url", "http://example.invalid"], "cannot use --redis-url"),
        (["--tls-cert", "missing.pem", "--tls-key", "missing-key.pem"], "cannot use --tls-cert missing.pem"),
        (["--tls-cert", "missing.pem"], "--tls-cert and --tls-key go together"),
        (["--timezone", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
        (["--limits", "unlimited"], "limits must be off, cloud or enterprise"),
        (["--log-level", "loud"], "--log-level must be one of"),
        (["--host", "no-such-host.invalid"], "cannot listen on no-such-host.invalid:0"),
    ],
)
def test_serve_refuses_bad_options_in_one_line(options: list[str], expected: str, tmp_path: Path) -> None:
    closed = str(free_port())
    options = [o.replace("{closed}", closed) for o in options]
    done = run_cli("serve", "--port", "0", "--data-dir", str(tmp_path / "d"), *options, cwd=tmp_path)
    assert_one_line_error(done, expected.replace("{closed}", closed))


@pytest.mark.parametrize("port", ["70000", "-1", "http"])
def test_serve_rejects_a_port_outside_0_to_65535(port: str, tmp_path: Path) -> None:
    done = run_cli("serve", "--port", port, "--data-dir", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert "'--port'" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "b24local.db").exists()  # refused before the store was touched


def test_serve_on_a_port_in_use_is_one_line_before_any_url(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_cli("serve", "--port", str(port), "--data-dir", str(tmp_path), cwd=tmp_path)
    assert_one_line_error(done, f"cannot listen on 127.0.0.1:{port}: Address already in use")


def test_serve_port_0_prints_the_port_it_listens_on(tmp_path: Path) -> None:
    import httpx

    with serving("--port", "0", "--data-dir", str(tmp_path), "--webhook-token", "zerotoken") as srv:
        port = int(srv.v2.split(":")[2].split("/")[0])
        assert port > 0
        assert srv.v2 == f"http://127.0.0.1:{port}/rest/1/zerotoken/"
        assert srv.lines[-1].endswith(f"Uvicorn running on http://127.0.0.1:{port} (Press CTRL+C to quit)")
        assert httpx.post(srv.v2 + "server.time").status_code == 200
