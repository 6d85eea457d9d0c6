"""``python -m bench``: every scenario against a real ``b24local serve`` and against a bare baseline.

Each figure is requests/s, p50 and p99 latency from wrk (32 connections over loopback, another process),
and the ratio to the baseline's requests/s. Needs ``wrk`` (``apt-get install wrk``).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
TOKEN = "benchtoken000001"
console = Console()


@dataclass
class Figure:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:  # type: ignore[type-arg]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.returncode}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children_rss_mb(pid: int) -> float:
    total = rss_mb(pid)
    out = subprocess.run(["ps", "--ppid", str(pid), "-o", "pid="], capture_output=True, text=True).stdout.split()
    return total + sum(rss_mb(int(p)) for p in out)


def parse_latency(text: str, label: str) -> float:
    m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if not m:
        return float("nan")
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def run_wrk(url: str, lua: str | None, duration: int, connections: int, name: str) -> Figure:
    cmd = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{duration}s", "--latency"]
    if lua:
        cmd += ["-s", lua]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        errors = int(m.group(1))
    return Figure(name, rps, parse_latency(out, "50"), parse_latency(out, "99"), errors)


def lua_script(folder: Path, name: str, path_template: str, bodies: list[str]) -> str:
    """A wrk script that POSTs JSON bodies round-robin. The requests are built once per thread in ``init``:
    building them per request (``wrk.format`` in ``request``) makes wrk, not the server, the bottleneck."""
    script = folder / f"{name}.lua"
    lines = ["local bodies = {"] + [f"  {json.dumps(b)}," for b in bodies] + ["}"]
    lines += [
        "local reqs = {}",
        "local i = 0",
        "init = function(args)",
        "  for k, b in ipairs(bodies) do",
        f'    reqs[k] = wrk.format("POST", "{path_template}", {{["Content-Type"] = "application/json"}}, b)',
        "  end",
        "end",
        "request = function()",
        "  i = i % #reqs + 1",
        "  return reqs[i]",
        "end",
    ]
    script.write_text("\n".join(lines))
    return str(script)


SEED_TASK = {"fields": {"title": "Task Title", "deadline": "2025-12-31T23:59:59+02:00", "creatorId": 1,
                        "responsibleId": 1, "crmItemIds": ["L_1000959"]}}  # fmt: skip


def scenarios(base: str, folder: Path, sqlite: bool = True) -> list[tuple[str, str, str | None]]:
    """(name, url, lua) for each scenario whose methods exist on this build; prepares the data first."""
    http = httpx.Client(base_url=base, timeout=60)
    v3 = f"/rest/api/1/{TOKEN}"
    v2 = f"/rest/1/{TOKEN}"
    found = []
    probe = http.post(f"{v3}/tasks.task.add", json=SEED_TASK)
    if probe.status_code == 200:
        ids = [probe.json()["result"]["item"]["id"]]
        for _ in range(199):
            ids.append(http.post(f"{v3}/tasks.task.add", json=SEED_TASK).json()["result"]["item"]["id"])
        found.append(
            (
                "tasks.task.add",
                base + v3 + "/tasks.task.add",
                lua_script(folder, "add", f"{v3}/tasks.task.add", [json.dumps(SEED_TASK)]),
            )
        )
        found.append(
            (
                "tasks.task.get",
                base,
                lua_script(folder, "get", f"{v3}/tasks.task.get", [json.dumps({"id": i}) for i in ids]),
            )
        )
        found.append(
            (
                "tasks.task.update",
                base,
                lua_script(
                    folder,
                    "update",
                    f"{v3}/tasks.task.update",
                    [json.dumps({"id": i, "fields": {"title": f"T{i}"}}) for i in ids],
                ),
            )
        )
        found.append(
            (
                "tasks.task.list",
                base,
                lua_script(
                    folder,
                    "list",
                    f"{v3}/tasks.task.list",
                    [
                        json.dumps(
                            {
                                "select": ["id", "title"],
                                "filter": [["id", ">=", lo], ["id", "<", lo + 50]],
                                "pagination": {"limit": 50},
                            }
                        )
                        for lo in ids[:100:10]
                    ],
                ),
            )
        )
        batch = [{"method": "tasks.task.get", "query": {"id": i, "select": ["id", "title"]}} for i in ids[:50]]
        found.append(
            ("batch v3 (50 tasks.task.get)", base, lua_script(folder, "batch3", f"{v3}/batch", [json.dumps(batch)]))
        )
        first = http.post(f"{v3}/tasks.task.result.add", json={"fields": {"taskId": ids[0], "text": "done"}})
        if first.status_code == 200:
            # every request deletes another result: enough of them, written straight into the store
            first_id = first.json()["result"]["item"]["id"]
            if sqlite:
                result_ids = insert_results(folder / "data", ids[0], first_id + 1, 60_000)
            else:
                add = [
                    {"method": "tasks.task.result.add", "query": {"fields": {"taskId": ids[0], "text": "done"}}}
                ] * 50
                result_ids = [
                    r["item"]["id"] for _ in range(80) for r in http.post(f"{v3}/batch", json=add).json()["result"]
                ]
            found.append(
                (
                    "tasks.task.result.delete",
                    base,
                    lua_script(
                        folder, "rdel", f"{v3}/tasks.task.result.delete", [json.dumps({"id": i}) for i in result_ids]
                    ),
                )
            )
    deal = {"entityTypeId": 2, "fields": {"title": "Deal", "opportunity": 100}}
    probe = http.post(f"{v2}/crm.item.add", json=deal)
    if probe.status_code == 200:
        for _ in range(199):
            http.post(f"{v2}/crm.item.add", json=deal)
        found.append(("crm.item.add", base, lua_script(folder, "cadd", f"{v2}/crm.item.add", [json.dumps(deal)])))
        cmd = {f"d{i}": f"crm.item.get?entityTypeId=2&id={i}" for i in range(1, 51)}
        found.append(
            (
                "batch v2 (50 crm.item.get)",
                base,
                lua_script(folder, "batch2", f"{v2}/batch", [json.dumps({"halt": 0, "cmd": cmd})]),
            )
        )
        found.append(
            (
                "crm.item.list",
                base,
                lua_script(
                    folder,
                    "clist",
                    f"{v2}/crm.item.list",
                    [
                        json.dumps({"entityTypeId": 2, "filter": {">=id": lo, "<id": lo + 50}, "order": {"id": "ASC"}})
                        for lo in range(1, 150, 10)
                    ],
                ),
            )
        )
    found.append(("server.time", base, lua_script(folder, "time", f"{v2}/server.time", ["{}"])))
    http.close()
    return found


def insert_results(data_dir: Path, task_id: int, first_id: int, count: int) -> list[int]:
    """Results of one task written straight into the SQLite store (ids first_id…), for the delete scenario."""
    import sqlite3

    db = sqlite3.connect(data_dir / "b24local.db", timeout=30)
    now = int(time.time())
    rows = [(i, task_id, 1, "done", now, "open") for i in range(first_id, first_id + count)]
    db.executemany(
        "INSERT INTO task_results (id, task_id, author_id, text, created_at, status) VALUES (?,?,?,?,?,?)", rows
    )
    db.commit()
    db.close()
    return list(range(first_id, first_id + min(count, 60_000)))


def start_b24local(data_dir: Path, port: int, extra: list[str]) -> subprocess.Popen:  # type: ignore[type-arg]
    cmd = [
        sys.executable,
        "-m",
        "b24local",
        "serve",
        "--port",
        str(port),
        "--data-dir",
        str(data_dir),
        "--webhook-token",
        TOKEN,
        "--log-level",
        "warning",
        *extra,
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_healthy(f"http://127.0.0.1:{port}/_b24local/health", proc)
    return proc


def start_baseline(port: int) -> subprocess.Popen:  # type: ignore[type-arg]
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.baseline:app",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
        "--lifespan",
        "off",
    ]
    proc = subprocess.Popen(cmd, cwd=HERE.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_healthy(f"http://127.0.0.1:{port}/", proc)
    return proc


def growth(sizes: list[int], duration: int, connections: int, extra: list[str]) -> None:
    """get and list latency with N tasks in the store (loaded by the bulk path, not HTTP)."""
    table = Table(title=f"growth: tasks.task.get / tasks.task.list with N tasks, {connections} connections, SQLite")
    for col in (
        "tasks in store",
        "load s",
        "get req/s",
        "get p50",
        "get p99",
        "list req/s",
        "list p50",
        "list p99",
        "RSS MB",
    ):
        table.add_column(col, justify="right")
    for n in sizes:
        folder = Path(tempfile.mkdtemp(prefix=f"b24growth-{n}-"))
        began = time.monotonic()
        subprocess.run(
            [sys.executable, "-m", "b24local", "seed", "--tasks", str(n), "--data-dir", str(folder / "data")],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        loaded = time.monotonic() - began
        port = free_port()
        proc = start_b24local(folder / "data", port, extra)
        try:
            v3 = f"/rest/api/1/{TOKEN}"
            step = max(n // 500, 1)
            get = lua_script(
                folder, "get", f"{v3}/tasks.task.get", [json.dumps({"id": i}) for i in range(1, n + 1, step)]
            )
            lst = lua_script(
                folder,
                "list",
                f"{v3}/tasks.task.list",
                [
                    json.dumps(
                        {
                            "select": ["id", "title"],
                            "filter": [["id", ">=", lo], ["id", "<", lo + 50]],
                            "pagination": {"limit": 50},
                        }
                    )
                    for lo in range(1, n, max(n // 100, 1))
                ],
            )
            base = f"http://127.0.0.1:{port}/"
            g = run_wrk(base, get, duration, connections, "get")
            li = run_wrk(base, lst, duration, connections, "list")
            rss = children_rss_mb(proc.pid)
        finally:
            proc.terminate()
            proc.wait()
            shutil.rmtree(folder, ignore_errors=True)
        table.add_row(
            f"{n:,}",
            f"{loaded:.0f}",
            f"{g.rps:,.0f}",
            f"{g.p50_ms:.2f}",
            f"{g.p99_ms:.2f}",
            f"{li.rps:,.0f}",
            f"{li.p50_ms:.2f}",
            f"{li.p99_ms:.2f}",
            f"{rss:.0f}",
        )
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--database-url", default=None, help="run b24local on this store (default: SQLite)")
    parser.add_argument("--serve-arg", action="append", default=[], help="extra `b24local serve` argument")
    parser.add_argument("--growth", default="", help="comma-separated store sizes, e.g. 10000,100000,1000000")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    extra = list(args.serve_arg)
    if args.database_url:
        extra += ["--database-url", args.database_url]

    if args.growth:
        growth([int(x) for x in args.growth.split(",")], args.duration, args.connections, extra)
        return
    if args.database_url:  # start from an empty portal on a shared database
        subprocess.run(
            [sys.executable, "-m", "b24local", "reset", "--database-url", args.database_url],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    port = free_port()
    base_proc = start_baseline(port)
    folder = Path(tempfile.mkdtemp(prefix="b24bench-"))
    try:
        # the same wrk script mechanism as the scenarios (bodies taken round-robin), so the ratio is fair
        lua = lua_script(folder, "baseline", "/", ['{"id": 1}', '{"id": 2}'])
        baseline = run_wrk(
            f"http://127.0.0.1:{port}/", lua, args.duration, args.connections, "baseline (constant JSON)"
        )
    finally:
        base_proc.terminate()
        base_proc.wait()

    port = free_port()
    proc = start_b24local(folder / "data", port, extra)
    rows: list[Figure] = []
    try:
        idle = children_rss_mb(proc.pid)
        base = f"http://127.0.0.1:{port}"
        for name, _url, lua in scenarios(base, folder, sqlite=not args.database_url):
            rows.append(run_wrk(base + "/", lua, args.duration, args.connections, name))
        busy = children_rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait()

    table = Table(
        title=f"b24local bench: {args.connections} connections, {args.duration} s each, "
        f"{'PostgreSQL' if args.database_url else 'SQLite'}"
    )
    for col in ("scenario", "req/s", "p50 ms", "p99 ms", "× baseline", "non-2xx"):
        table.add_column(col, justify="right" if col != "scenario" else "left")
    for fig in [baseline, *rows]:
        table.add_row(
            fig.name,
            f"{fig.rps:,.0f}",
            f"{fig.p50_ms:.2f}",
            f"{fig.p99_ms:.2f}",
            f"{fig.rps / baseline.rps:.2f}",
            str(fig.errors),
        )
    console.print(table)
    console.print(f"server RSS: idle {idle:.0f} MB, after the run {busy:.0f} MB")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
