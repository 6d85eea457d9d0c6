"""Differences b24local makes on purpose, each documented in ``docs/fidelity.md`` under the topic named
here: a compare report marks them as known instead of failing on them. ``tests/drift`` checks that every
topic named here is a row of that file."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

from b24local.drift.scenario import Call
from b24local.drift.shapes import Difference


@dataclass(frozen=True)
class Known:
    topic: str  # the first cell of the row in docs/fidelity.md
    methods: str  # glob over the method name
    kinds: tuple[str, ...]
    api: int | None = None
    error_codes: tuple[str, ...] = ()  # only when b24local answered one of these codes (any code: empty)


KNOWN = [
    # the request class's texts are in no source read; b24local words them itself
    Known(
        "batch: v3 format errors",
        "batch",
        ("error_message",),
        api=3,
        error_codes=("BITRIX_REST_V3_EXCEPTION_INVALIDSELECTEXCEPTION",),
    ),
    # the seed table's statuses win over the source's 401/403 for the portal switches
    Known(
        "limits: portal switches", "*", ("status",), error_codes=("ACCESS_DENIED", "OVERLOAD_LIMIT", "PORTAL_DELETED")
    ),
]


def mark(call: Call, diff: Difference, actual_code: str | None) -> Difference:
    for known in KNOWN:
        if known.api is not None and known.api != call.request.api:
            continue
        if diff.kind not in known.kinds or not fnmatch.fnmatchcase(call.request.name, known.methods):
            continue
        if known.error_codes and actual_code not in known.error_codes:
            continue
        diff.known = known.topic
        return diff
    return diff
