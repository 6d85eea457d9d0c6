"""A curl line that repeats a journaled call.

The journal never keeps credentials, so the line reads the webhook or access token from ``$B24_TOKEN``;
the page says which credential that was. Parameters go as a JSON body, which both API versions read
(settings/how-to-call-rest-api/data-encoding.md): for v2 it is the same set of parameters the method
received from the query string or form.
"""

from __future__ import annotations

from typing import Any

import orjson

TOKEN_VAR = "$B24_TOKEN"
_TOKEN_MARK = "__b24local_token__"


def _quote(text: str) -> str:
    """``text`` as one single-quoted shell word."""
    return "'" + text.replace("'", "'\\''") + "'"


def curl_line(entry: dict[str, Any], base_url: str) -> str:
    params = entry["params"] if isinstance(entry["params"], dict) else {}
    principal = entry["principal"] or {}
    oauth = principal.get("kind") == "oauth"
    user = principal.get("user_id") or 1
    prefix = "/rest/api" if entry["api"] == 3 else "/rest"
    headers = ["-H 'Content-Type: application/json'"]
    if not oauth:
        url = f'"{base_url}{prefix}/{user}/{TOKEN_VAR}/{entry["method"]}"'
    elif entry["api"] == 2:
        url = _quote(f"{base_url}{prefix}/{entry['method']}")
        headers.append(f'-H "Authorization: Bearer {TOKEN_VAR}"')
    else:  # v3 reads an access token only from the body's ``auth``
        url = _quote(f"{base_url}{prefix}/{entry['method']}")
        params = {"auth": _TOKEN_MARK, **params}
    body = _quote(orjson.dumps(params, option=orjson.OPT_NON_STR_KEYS).decode())
    body = body.replace(f'"{_TOKEN_MARK}"', f'"\'"{TOKEN_VAR}"\'"')
    return " ".join(["curl", "-s", "-X", "POST", url, *headers, "-d", body])
