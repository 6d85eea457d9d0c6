"""Which API, which method, which credentials: read off the URL (b24restdocs
settings/how-to-call-rest-api/authorization.md; api-reference/rest-v3.md, "How to call the new version").

* ``/rest/{user}/{code}/{method}[.json|.xml][/]`` and ``/rest/{method}`` (v2)
* ``/rest/api/{user}/{code}/{method}[/]`` and ``/rest/api/{method}`` (v3)

Method names are matched case-insensitively, as the real server does (b24pysdk's
b24pysdk/scopes/_base_context.py sends ``crm.item.Delete``).
"""

from __future__ import annotations

from dataclasses import dataclass

from b24local.protocol.auth import NO_CREDENTIALS, Credentials


@dataclass(frozen=True)
class Route:
    api: int
    method: str  # lower case, transport suffix removed
    transport: str  # "json" or "xml" (v2 only)
    creds: Credentials


def parse_path(path: str) -> Route:
    rest = path[len("/rest/") :]
    if rest.endswith("/"):
        rest = rest[:-1]
    segments = rest.split("/") if rest else []
    api = 2
    if segments and segments[0] == "api":
        api = 3
        segments = segments[1:]
    creds = NO_CREDENTIALS
    if len(segments) == 1:
        name = segments[0]
    elif len(segments) == 3:
        creds = Credentials("webhook", segments[0], segments[1])
        name = segments[2]
    else:
        name = ""
    name = name.lower()
    transport = "json"
    if api == 2:
        head, dot, suffix = name.rpartition(".")
        if dot and suffix in ("json", "xml"):
            name, transport = head, suffix
    return Route(api=api, method=name, transport=transport, creds=creds)
