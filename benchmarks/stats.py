"""Summaries of repeated timings, the machine they ran on, and process figures read from /proc."""
from __future__ import annotations

import math
import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def summary(values: list[float]) -> dict:
    """Median, min, max and p95 (nearest rank) of a list of timings; empty when nothing finished."""
    done = sorted(v for v in values if v is not None)
    if not done:
        return {"n": 0}
    return {"n": len(done), "median": _median(done), "min": done[0], "max": done[-1],
            "p95": done[max(0, math.ceil(0.95 * len(done)) - 1)]}


def _median(done: list[float]) -> float:
    mid = len(done) // 2
    return done[mid] if len(done) % 2 else (done[mid - 1] + done[mid]) / 2


def seconds(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def ms(value: float | None) -> str:
    """Seconds shown as milliseconds: 0.0123 -> '12.3', 4.5 -> '4,500'."""
    if value is None:
        return "—"
    value *= 1000
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def spread(stat: dict, fmt=seconds) -> str:
    """'median (min–max)', or a note when no run finished."""
    if not stat.get("n"):
        return "did not finish"
    if stat["n"] == 1:
        return f"{fmt(stat['median'])} (1 run)"
    return f"{fmt(stat['median'])} ({fmt(stat['min'])}–{fmt(stat['max'])})"


def machine() -> dict:
    """What the numbers were measured on."""
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
    os_name = next((l.split("=", 1)[1].strip('"') for l in Path("/etc/os-release").read_text().splitlines()
                    if l.startswith("PRETTY_NAME=")), platform.platform())
    versions = {}
    for package in ("duckdb", "streamlit", "pandas", "altair", "openpyxl", "python-calamine", "playwright", "numpy"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "—"
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem_kb / 1024**2, 1), "os": os_name,
        "python": platform.python_version(), "versions": versions, "chromium": _run(["chromium", "--version"]),
        "commit": _run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]),
        "dirty": bool(_run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"])),
        "load": loadavg(),
    }


def loadavg() -> str:
    """The 1-minute load average: other work on the machine shows here (2 cores: 2.0 is full)."""
    return Path("/proc/loadavg").read_text().split()[0]


def _run(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def status_kb(pid: int, field: str) -> int | None:
    """A figure of /proc/<pid>/status in kB (VmHWM: peak resident memory, VmRSS: now)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """Every process below pid (children, grandchildren …)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def python() -> str:
    return sys.executable


def machine_cpu() -> tuple[float, float]:
    """(busy, stolen) CPU seconds of the whole machine since boot, all cores (from /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    tick = os.sysconf("SC_CLK_TCK")
    return (user + nice + system + irq + softirq) / tick, steal / tick


def own_cpu() -> float:
    """CPU seconds of this process and everything it started (finished children included)."""
    times = os.times()
    live = sum(cpu_seconds(p) for p in descendants(os.getpid()))
    return times.user + times.system + times.children_user + times.children_system + live
