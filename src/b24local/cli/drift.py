"""``b24local record`` and ``b24local compare``: the drift check between b24local and the user's portal.

``record`` is a recording proxy in front of the portal's webhook; ``compare`` replays what it recorded
against a fresh b24local (or runs it against the portal and b24local side by side with ``--upstream``) and
reports every difference in status, error code and message, key sets, key order and value types.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import httpx
import typer

from b24local.cli.app import fail
from b24local.drift import report
from b24local.drift.compare import Target, run
from b24local.drift.proxy import Recorder
from b24local.drift.replay import seed_document
from b24local.drift.scenario import ScenarioError, load, masked_url
from b24local.drift.wire import Webhook, send
from b24local.runner import StartupError, listen, url_for

Insecure = Annotated[bool, typer.Option("--insecure", help="Do not verify the portal's TLS certificate.")]
LOCAL_TOKEN = "b24localcompare"


def _listen_address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit():
        fail(f"--listen {value!r} is not HOST:PORT (e.g. 127.0.0.1:8025)")
    return host.strip("[]"), int(port)


def record(
    upstream: Annotated[str, typer.Option(help="The portal's webhook: https://PORTAL/rest/USER/CODE/")],
    listen_at: Annotated[str, typer.Option("--listen", help="Where the proxy listens: HOST:PORT.")] = "127.0.0.1:8025",
    out: Annotated[Path, typer.Option("--out", help="The scenario file, rewritten after every call.")] = Path(
        "scenario.json"
    ),
    insecure: Insecure = False,
) -> None:
    """Record a scenario: forward every call to the portal, answer with its answer, write both down."""
    import uvicorn  # the server's parts are imported when a server starts, as `serve` does (runner.py)

    try:
        Webhook.parse(upstream)
    except ValueError as exc:
        fail(str(exc))
    host, port = _listen_address(listen_at)
    try:
        sock = listen(host, port)
    except StartupError as exc:
        fail(str(exc))
    recorder = Recorder(upstream, out, verify=not insecure)
    base = url_for("http", host, int(sock.getsockname()[1]))
    typer.echo(f"recording calls to {masked_url(upstream)} into {out}")
    typer.echo(f"v2 webhook: {base}/rest/1/record/")
    typer.echo(f"v3 webhook: {base}/rest/api/1/record/")
    config = uvicorn.Config(recorder, log_level="warning", access_log=False, lifespan="off", server_header=False)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        recorder.close()
        typer.echo(f"{len(recorder.scenario.calls)} calls recorded in {out}")


def compare(
    scenario_path: Annotated[Path, typer.Argument(metavar="SCENARIO", help="A file written by b24local record.")],
    upstream: Annotated[
        str | None,
        typer.Option(help="Run the calls against this webhook too, live, instead of reading the recorded answers."),
    ] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the report as JSON to this file.")] = None,
    timezone: Annotated[str, typer.Option(help="The fresh b24local's time zone.")] = "UTC",
    insecure: Insecure = False,
) -> None:
    """Replay a scenario against a fresh b24local and report every difference from the portal's answers.

    Exits with status 1 when a difference is not a documented one (docs/fidelity.md)."""
    try:
        scenario = load(scenario_path)
    except ScenarioError as exc:
        fail(str(exc))
    try:
        hook = Webhook.parse(upstream) if upstream else None
    except ValueError as exc:
        fail(str(exc))
    # the server's parts are imported when a server starts, as `serve` does (runner.py): other commands stay quick
    from b24local.testing.inprocess import ThreadedServer

    with tempfile.TemporaryDirectory(prefix="b24local-compare-") as folder:
        try:
            server = ThreadedServer(Path(folder), token=LOCAL_TOKEN, timezone=timezone).start()
        except (StartupError, RuntimeError) as exc:
            fail(f"cannot start a fresh b24local: {exc}")
        try:
            local = Webhook.parse(f"{server.base_url}/rest/1/{LOCAL_TOKEN}/")
            with httpx.Client(timeout=60) as local_http, httpx.Client(timeout=60, verify=not insecure) as remote_http:
                doc = seed_document(scenario.calls)
                if doc:
                    r = local_http.post(f"{server.base_url}/_b24local/seed", json=doc)
                    if r.status_code != 200:
                        fail(f"cannot seed what the scenario used: {r.text}")
                actual = Target(lambda request: send(local_http, local, request))
                reference = None
                if hook is not None:
                    upstream_hook = hook
                    reference = Target(lambda request: send(remote_http, upstream_hook, request))
                results = run(scenario, actual, reference)
        finally:
            server.stop()
    where = f"{masked_url(upstream)} (live)" if upstream else f"the recording of {scenario.upstream or 'a portal'}"
    typer.echo(report.as_table(results, reference=where))
    if json_out is not None:
        json_out.write_bytes(report.as_json(results, reference=where, scenario=str(scenario_path)))
    if report.summary(results)["differences"]:
        raise typer.Exit(1)
