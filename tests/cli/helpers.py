"""Run the real ``b24local`` command in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "b24local", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env={**os.environ, **(env or {})},
    )


@dataclass
class Serving:
    process: subprocess.Popen[str]
    lines: list[str]  # what serve printed up to "Uvicorn running on …"

    def line(self, prefix: str) -> str:
        return next(line for line in self.lines if line.startswith(prefix))

    @property
    def v2(self) -> str:
        return self.line("v2 webhook: ").split(": ", 1)[1]


@contextmanager
def serving(*args: str, cwd: Path | None = None) -> Iterator[Serving]:
    """``b24local serve ARGS`` until the block ends. serve listens before it prints anything, so its URLs work
    as soon as they are read."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "b24local", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=cwd,
    )
    try:
        lines: list[str] = []
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if "Uvicorn running on " in line:
                break
        else:
            raise AssertionError("serve ended before it was running:\n" + "\n".join(lines))
        yield Serving(proc, lines)
    finally:
        proc.terminate()
        proc.wait(10)
