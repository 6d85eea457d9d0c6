"""The numbers a person wants first, computed from the request journal: how many calls a second, how many
failed, which methods are slowest."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

WINDOW = 60  # seconds over which "requests per second" is measured


@dataclass
class MethodTime:
    method: str
    calls: int
    mean_ms: float
    max_ms: float


@dataclass
class Numbers:
    calls: int  # in the journal
    per_second: float  # over the last WINDOW seconds
    errors: int  # answered with an HTTP status >= 400 or a cut connection
    error_share: float  # errors / calls, 0 when there are none
    slowest: list[MethodTime]


def numbers(entries: list[dict[str, Any]], now: float, top: int = 5) -> Numbers:
    """``entries`` as the journal lists them; ``now`` on the clock the journal records with."""
    recent = sum(1 for e in entries if e["time"] > now - WINDOW)
    errors = sum(1 for e in entries if failed(e))
    durations: dict[str, list[float]] = defaultdict(list)
    for e in entries:
        if e["method"]:
            durations[e["method"]].append(e["duration"])
    times = [MethodTime(name, len(ds), 1000 * sum(ds) / len(ds), 1000 * max(ds)) for name, ds in durations.items()]
    times.sort(key=lambda t: (-t.mean_ms, t.method))
    share = errors / len(entries) if entries else 0.0
    return Numbers(len(entries), recent / WINDOW, errors, share, times[:top])


def failed(entry: dict[str, Any]) -> bool:
    return bool(entry["status"] == 0 or entry["status"] >= 400 or entry["error"])
