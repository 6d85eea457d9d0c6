"""``b24local portal|fault|requests …``: change a RUNNING server through its admin API.

Fault rules, the journal and limit counters live in the server process, and portal settings take effect
there at once, so these commands talk to it over HTTP: ``--url``, also ``B24LOCAL_URL``; by default
``http://127.0.0.1:8024``, where ``serve`` listens by default. Answers are printed as JSON.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import httpx
import typer

from b24local.cli.app import fail
from b24local.config import DEFAULT_PORT

portal_app = typer.Typer(no_args_is_help=True, help="Portal settings of a running server (plan, state, limits…).")
fault_app = typer.Typer(no_args_is_help=True, help="Fault injection rules of a running server.")
requests_app = typer.Typer(no_args_is_help=True, help="The request journal of a running server.")

Url = Annotated[str, typer.Option("--url", envvar="B24LOCAL_URL", help="Address of the running server.")]
Insecure = Annotated[bool, typer.Option("--insecure", help="Do not verify the server's TLS certificate.")]
DEFAULT_URL = f"http://127.0.0.1:{DEFAULT_PORT}"


def _admin(url: str, insecure: bool, http_method: str, path: str, **kw: Any) -> Any:
    try:
        r = httpx.request(http_method, f"{url.rstrip('/')}/_b24local/{path}", verify=not insecure, timeout=30, **kw)
    except httpx.HTTPError as exc:
        fail(f"cannot reach the server at {url}: {exc}")
    try:
        body = r.json()
    except ValueError:
        body = {"error": "HTTP_ERROR", "error_description": r.text}
    if r.status_code >= 400:
        fail(str(body.get("error_description", body) if isinstance(body, dict) else body))
    return body


def _print(value: Any) -> None:
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False))


# -- portal -------------------------------------------------------------------------------------------
@portal_app.command("show")
def portal_show(url: Url = DEFAULT_URL, insecure: Insecure = False) -> None:
    """Print the portal's settings."""
    _print(_admin(url, insecure, "GET", "portal"))


@portal_app.command("set")
def portal_set(
    plan: Annotated[str | None, typer.Option(help="commercial or free (free: REST answers ACCESS_DENIED).")] = None,
    state: Annotated[str | None, typer.Option(help="active, blocked (OVERLOAD_LIMIT) or deleted.")] = None,
    require_https: Annotated[
        bool | None, typer.Option("--require-https/--allow-http", help="Webhook calls over HTTP fail.")
    ] = None,
    limits: Annotated[str | None, typer.Option(help="off, cloud or enterprise.")] = None,
    timezone: Annotated[str | None, typer.Option(help="The portal's time zone.")] = None,
    url: Url = DEFAULT_URL,
    insecure: Insecure = False,
) -> None:
    """Change portal settings; they take effect at once and are saved."""
    body = {
        k: v
        for k, v in {
            "plan": plan,
            "state": state,
            "require_https": require_https,
            "limits": limits,
            "timezone": timezone,
        }.items()
        if v is not None
    }
    if not body:
        fail("nothing to set (see --help)")
    _print(_admin(url, insecure, "PUT", "portal", json=body))


# -- faults -------------------------------------------------------------------------------------------
@fault_app.command("add")
def fault_add(
    method: Annotated[str, typer.Argument(help="Method name or glob pattern (crm.item.*, *).")],
    error: Annotated[str | None, typer.Option(help="Catalogue code to answer, e.g. QUERY_LIMIT_EXCEEDED.")] = None,
    message: Annotated[str | None, typer.Option(help="Override the error's message.")] = None,
    status: Annotated[int | None, typer.Option(help="HTTP status (alone: a bare status, empty body).")] = None,
    body: Annotated[str | None, typer.Option(help="Answer this non-JSON body (text/html).")] = None,
    disconnect: Annotated[bool, typer.Option("--disconnect", help="Cut the connection.")] = False,
    latency: Annotated[float, typer.Option(help="Seconds to wait before answering.")] = 0.0,
    times: Annotated[int | None, typer.Option(help="Only the next N matching calls.")] = None,
    probability: Annotated[float, typer.Option(help="Chance that a matching call is hit (0-1).")] = 1.0,
    api: Annotated[int | None, typer.Option(help="Only calls on this API (2 or 3).")] = None,
    url: Url = DEFAULT_URL,
    insecure: Insecure = False,
) -> None:
    """Add a fault rule; prints it (with its id)."""
    rule: dict[str, Any] = {"method": method, "latency": latency, "probability": probability}
    for key, value in {
        "error": error,
        "message": message,
        "status": status,
        "body": body,
        "times": times,
        "api": api,
    }.items():
        if value is not None:
            rule[key] = value
    if disconnect:
        rule["disconnect"] = True
    _print(_admin(url, insecure, "POST", "faults", json=rule))


@fault_app.command("list")
def fault_list(url: Url = DEFAULT_URL, insecure: Insecure = False) -> None:
    """List the active fault rules."""
    _print(_admin(url, insecure, "GET", "faults"))


@fault_app.command("clear")
def fault_clear(
    rule_id: Annotated[int | None, typer.Argument(help="Only this rule (default: all).")] = None,
    url: Url = DEFAULT_URL,
    insecure: Insecure = False,
) -> None:
    """Remove one fault rule, or all."""
    _print(_admin(url, insecure, "DELETE", "faults" if rule_id is None else f"faults/{rule_id}"))


# -- journal ------------------------------------------------------------------------------------------
@requests_app.command("list")
def requests_list(
    method: Annotated[str | None, typer.Option(help="Only this method (glob patterns allowed).")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many, newest first.")] = None,
    url: Url = DEFAULT_URL,
    insecure: Insecure = False,
) -> None:
    """Print the journal of recent calls, newest first."""
    params = {k: v for k, v in {"method": method, "limit": limit}.items() if v is not None}
    _print(_admin(url, insecure, "GET", "requests", params=params))


@requests_app.command("clear")
def requests_clear(url: Url = DEFAULT_URL, insecure: Insecure = False) -> None:
    """Empty the journal."""
    _print(_admin(url, insecure, "DELETE", "requests"))
