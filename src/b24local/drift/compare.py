"""Comparing a scenario: each call's reference answer (the recording, or a live portal) with b24local's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from b24local.drift import known, replay
from b24local.drift.scenario import Answer, Call, Request, Scenario
from b24local.drift.shapes import Difference, compare, error_of

Sender = Callable[[Request], Answer]


@dataclass
class CallResult:
    call: Call
    expected: Answer
    actual: Answer
    differences: list[Difference] = field(default_factory=list)

    @property
    def failures(self) -> list[Difference]:
        return [d for d in self.differences if d.known is None]

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.call.seq,
            "api": self.call.request.api,
            "method": self.call.request.name,
            "expected_status": self.expected.status,
            "actual_status": self.actual.status,
            "differences": [d.as_dict() for d in self.differences],
        }


class Target:
    """Where a scenario's calls are run: its own id map, learned call after call."""

    def __init__(self, send: Sender) -> None:
        self.send = send
        self.ids = replay.IdMap()

    def run(self, call: Call) -> Answer:
        answer = self.send(self.ids.request(call.request))
        replay.learn_created(self.ids, call, answer)
        return answer


def run(scenario: Scenario, actual: Target, reference: Target | None = None) -> list[CallResult]:
    """Each call on ``actual`` (b24local), compared with ``reference`` run live, or with the recording."""
    results = []
    for call in scenario.calls:
        expected = reference.run(call) if reference is not None else call.answer
        answer = actual.run(call)
        code = error_of(answer.json)[0]
        diffs = [known.mark(call, d, code) for d in compare(expected, answer)]
        results.append(CallResult(call, expected, answer, diffs))
    return results
