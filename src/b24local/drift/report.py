"""A compare run as a readable table and as JSON for CI."""

from __future__ import annotations

from typing import Any

import orjson

from b24local.drift.compare import CallResult

WIDTH = 34  # of a shown value


def _show(value: Any) -> str:
    text = value if isinstance(value, str) else orjson.dumps(value).decode()
    return text if len(text) <= WIDTH else text[: WIDTH - 1] + "…"


def summary(results: list[CallResult]) -> dict[str, int]:
    diffs = [d for r in results for d in r.differences]
    return {
        "calls": len(results),
        "calls_differing": sum(1 for r in results if r.failures),
        "differences": sum(1 for d in diffs if d.known is None),
        "known_differences": sum(1 for d in diffs if d.known is not None),
    }


def as_json(results: list[CallResult], *, reference: str, scenario: str) -> bytes:
    doc = {
        "scenario": scenario,
        "reference": reference,
        "summary": summary(results),
        "calls": [r.as_dict() for r in results],
    }
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2)


def as_table(results: list[CallResult], *, reference: str) -> str:
    """One line a call (status of the reference → b24local's, and a verdict), then one line a difference."""
    lines = [f"reference: {reference}", ""]
    lines.append(f"{'#':>3}  {'method':<36} {'status':<11} verdict")
    for r in results:
        status = (
            f"{r.expected.status}→{r.actual.status}" if r.expected.status != r.actual.status else str(r.actual.status)
        )
        known = len(r.differences) - len(r.failures)
        verdict = "same" if not r.differences else f"{len(r.failures)} differ" + (f", {known} known" if known else "")
        method = f"{r.call.request.name} (v{r.call.request.api})"
        lines.append(f"{r.call.seq:>3}  {method:<36} {status:<11} {verdict}")
        for d in r.differences:
            where = d.path or "(answer)"
            mark = f"  [known: {d.known}]" if d.known else ""
            lines.append(f"       {d.kind:<13} {where:<32} {_show(d.expected)} → {_show(d.actual)}{mark}")
    s = summary(results)
    lines += [
        "",
        f"{s['calls']} calls, {s['calls_differing']} differ: {s['differences']} differences, {s['known_differences']} known",
    ]
    return "\n".join(lines)
