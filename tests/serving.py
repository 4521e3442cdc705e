"""Test harness for ./serve.sh: the real supervisor, HAProxy and replicas on free loopback ports."""
from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.browser import free_port

ROOT = Path(__file__).resolve().parent.parent
REPLICA_LINE = re.compile(r"レプリカ (r\d+): http://127\.0\.0\.1:(\d+) \(pid (\d+)\)")
COOKIE = "plans_replica"


@dataclass
class Served:
    """A running ./serve.sh: its balancer URL, its replicas' pids as it last printed them, and
    every line it wrote (stdout and stderr), waited on with a deadline."""
    process: subprocess.Popen
    url: str = ""
    pids: dict[str, int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def _read(self, stream) -> None:
        for raw in iter(stream.readline, b""):
            line = raw.decode(errors="replace").rstrip("\n")
            with self._changed:
                self.lines.append(line)
                if m := REPLICA_LINE.search(line):
                    self.pids[m.group(1)] = int(m.group(3))
                self._changed.notify_all()

    def wait_for_line(self, pattern: str, *, after: int = 0, timeout: float = 90) -> str:
        """The first line from index `after` on matching the pattern, waiting at most `timeout`."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for line in self.lines[after:]:
                    if regex.search(line):
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None and not self._pending():
                    raise AssertionError(f"serve.sh did not print /{pattern}/:\n" + "\n".join(self.lines))
                self._changed.wait(min(left, 0.5))

    def _pending(self) -> bool:
        return any(t.is_alive() for t in self._readers)

    def children(self) -> list[int]:
        """Every live process whose parent is the supervisor."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid and fields[0] != "Z":
                found.append(int(stat.parent.name))
        return found


@contextlib.contextmanager
def serve(db: Path, replicas: int = 2, *, env: dict | None = None):
    """Start ./serve.sh on the given database; yields a `Served` once it says it serves; stops it
    (SIGTERM) and waits for it, whatever the test did."""
    port = free_port()
    process = subprocess.Popen(
        ["./serve.sh", "--replicas", str(replicas), "--port", str(port)], cwd=ROOT,
        env={**os.environ, "PLANS_DB": str(db), **(env or {})},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    served = Served(process)
    served._readers = [threading.Thread(target=served._read, args=(s,), daemon=True)
                       for s in (process.stdout, process.stderr)]
    for reader in served._readers:
        reader.start()
    try:
        served.wait_for_line(r"^配信中: http://localhost:%d " % port, timeout=180)
        served.url = f"http://127.0.0.1:{port}"
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def replica_of(context) -> str | None:
    """The replica the balancer pinned this browser context to (its affinity cookie)."""
    return next((c["value"] for c in context.cookies() if c["name"] == COOKIE), None)
