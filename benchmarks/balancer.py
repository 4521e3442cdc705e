"""Light sessions through ./serve.sh's balancer: the deployment path measured, not replicas
addressed one by one.

    .venv/bin/python -m benchmarks.balancer --db benchmarks/data/…/plans_1738.duckdb --replicas 2 --sessions 20

Starts the supervisor (dashboard/serve.py: HAProxy and N replicas) on the database, counts each
page's charts with one session, then runs `sessions.measure` with every session connecting to the
balancer's one address; HAProxy deals new websockets round robin and each stays on its replica.
Server CPU is the replicas' (HAProxy's own is reported beside it). Loopback only; every wait has
a deadline. Not a test: nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import sessions, stats

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"効果額": "/effect_amounts", "KPI推移": "/kpi"}
REPLICA = re.compile(r"レプリカ (r\d+): http://127\.0\.0\.1:(\d+) \(pid (\d+)\)")


@contextlib.contextmanager
def served(db: Path, replicas: int, port: int):
    """The supervisor on the database; yields (balancer URL, replica pids, supervisor pid)."""
    process = subprocess.Popen([sys.executable, "-m", "dashboard.serve", "--replicas", str(replicas),
                                "--port", str(port)], cwd=ROOT, env={**os.environ, "PLANS_DB": str(db)},
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    pids = {}
    try:
        deadline = time.monotonic() + 180
        for line in process.stdout:
            if m := REPLICA.search(line):
                pids[m.group(1)] = int(m.group(3))
            if line.startswith("配信中"):
                break
            if time.monotonic() > deadline:
                raise RuntimeError("serve did not start within 180 s")
        else:
            raise RuntimeError("serve exited before serving")
        yield f"http://127.0.0.1:{port}", pids, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _haproxy_pid(supervisor: int) -> int | None:
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, rest = text.split("(", 1)[1].rsplit(")", 1)
        if name == "haproxy" and int(rest.split()[1]) == supervisor:
            return int(stat.parent.name)
    return None


def measure(db: Path, replicas: int, sessions_count: int, port: int, cap: float, log=print) -> dict:
    with served(db, replicas, port) as (url, pids, supervisor):
        proxy = _haproxy_pid(supervisor)
        paths = {}
        for title, path in PAGES.items():
            probe = asyncio.run(sessions.view_once(url, path, 10_000, cap))
            if probe["error"] or probe["timeout"]:
                raise RuntimeError(f"{title}: {probe['error'] or 'timeout'}")
            paths[title] = (path, probe["charts"])
            log(f"  {title}: {probe['charts']} charts, first view {probe['idle']:.2f} s")
        proxy_before = stats.cpu_seconds(proxy) if proxy else None
        before = {name: stats.cpu_seconds(pid) for name, pid in pids.items()}
        # one URL per replica, all the balancer's: warm-ups go round robin as the sessions do
        result = sessions.measure([url] * replicas, list(pids.values()), paths, sessions=sessions_count,
                                  cap=cap, log=log)
        result["haproxy_cpu_s"] = stats.cpu_seconds(proxy) - proxy_before if proxy else None
        # how the balancer spread the work: each replica's CPU over the whole measurement
        result["replica_cpu_s"] = {name: stats.cpu_seconds(pid) - before[name] for name, pid in pids.items()}
        result["through"] = "haproxy"
        return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.balancer")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--port", type=int, default=18751)
    parser.add_argument("--cap", type=float, default=180.0)
    parser.add_argument("--json", type=Path, help="write the result here")
    args = parser.parse_args()
    result = measure(args.db, args.replicas, args.sessions, args.port, args.cap)
    result["machine"] = stats.machine()
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    for title, page in result["pages"].items():
        chart = page.get("chart") or {}
        print(f"{title}: {args.sessions} sessions on {args.replicas} replicas through HAProxy: every chart in "
              f"p95 {stats.seconds(chart.get('p95'))} s, median (min–max) {stats.spread(chart)} s, {page.get('errors')} raised, server CPU {page.get('server_cpu_s', 0):.1f} s")
    print("replica CPU:", {k: round(v, 1) for k, v in result["replica_cpu_s"].items()},
          "HAProxy CPU:", result["haproxy_cpu_s"])


if __name__ == "__main__":
    main()
