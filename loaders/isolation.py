"""Read an upload in a child process, so that no file can stop or stall the server.

`run()` starts a fresh interpreter (`python -m loaders.isolation WORKDIR`, never a fork of the
threaded Streamlit server) that reads and checks the bytes with `importer.read_file`, under an
address-space limit (RLIMIT_AS) and a wall-time limit from loaders/limits.py. A child that dies —
calamine aborting on a 512 GB allocation, a signal, a MemoryError, a time-out — becomes one
Japanese error naming the file and the limit reached; its stderr (a traceback, Rust's message)
goes to the server log. The child reports progress as JSON lines on stdout and leaves its result,
a pickled importer.Preview, in the work directory.
"""
from __future__ import annotations

import json
import logging
import math
import os
import pickle
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from loaders.errors import located
from loaders.limits import Limits

ROOT = Path(__file__).resolve().parent.parent
MEMORY_EXIT = 71   # the child ran out of memory outside read_file's own handling
log = logging.getLogger(__name__)
# What a child that hit RLIMIT_AS leaves on stderr: Rust's abort message, Python's, the loader's
_OUT_OF_MEMORY = ("memory allocation of", "MemoryError", "failed to map segment", "Cannot allocate memory",
                  "std::bad_alloc")


def run(data: bytes, name: str, context, limits: Limits, progress):
    """importer.read_file(data, name, context) in a child process; always a Preview back."""
    from loaders.importer import Preview  # the parent's type for the result, and for its errors
    import hashlib

    failed = Preview(name, hashlib.sha256(data).hexdigest(), len(data), "?", None, [])
    with tempfile.TemporaryDirectory(prefix="plans-upload-") as work:
        work = Path(work)
        (work / "input").write_bytes(data)
        (work / "job.json").write_text(json.dumps(
            {"name": name, "context": asdict(context), "limits": limits.as_dict()}, ensure_ascii=False))
        stderr_path = work / "stderr"
        with open(stderr_path, "wb") as stderr:
            # Arrow's default allocator reserves address space far beyond what it uses, which
            # RLIMIT_AS counts: the system allocator keeps the limit about memory really used.
            env = {**os.environ, "MALLOC_ARENA_MAX": "2", "RUST_BACKTRACE": "0",
                   "ARROW_DEFAULT_MEMORY_POOL": "system", "PYTHONPATH": os.pathsep.join(
                p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
            child = subprocess.Popen([sys.executable, "-m", "loaders.isolation", str(work)], cwd=ROOT,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr, env=env)
            deadline = time.monotonic() + limits.max_seconds
            timed_out = True
            try:
                _follow(child, deadline, progress)
                child.wait(timeout=max(deadline - time.monotonic(), 0.1))  # its stdout closes before it exits
                timed_out = False
            except subprocess.TimeoutExpired:
                pass
            finally:
                if child.poll() is None:
                    child.kill()
                child.wait()
                child.stdout.close()
        detail = stderr_path.read_bytes()[-20_000:].decode("utf-8", "replace")
        result = work / "result.pickle"
        if child.returncode == 0 and result.exists():
            if detail.strip():
                log.warning("reading %s: %s", name, detail)
            with open(result, "rb") as stream:
                return pickle.load(stream)  # written by our own child from our own types
    log.error("reading %s: child exited %s%s\n%s", name, child.returncode,
              " after the time limit" if timed_out else "", detail)
    failed.errors.append(_death(name, child.returncode, timed_out, detail, limits))
    return failed


def _follow(child: subprocess.Popen, deadline: float, progress) -> None:
    """Pass the child's progress on until it closes its output; TimeoutExpired at the deadline."""
    buffer = b""
    with selectors.DefaultSelector() as selector:
        selector.register(child.stdout, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise subprocess.TimeoutExpired(child.args, 0)
            if not selector.select(timeout=min(left, 0.5)):
                continue
            chunk = os.read(child.stdout.fileno(), 65536)
            if not chunk:
                return
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                try:
                    share, text = json.loads(line)
                except (ValueError, TypeError):
                    continue
                progress(float(share), str(text))


def _death(name: str, code: int | None, timed_out: bool, detail: str, limits: Limits):
    if timed_out or code == -signal.SIGXCPU:
        return located("limit-time", file=name, limit=f"{limits.max_seconds:,g}")
    if code == MEMORY_EXIT or any(sign in detail for sign in _OUT_OF_MEMORY):
        return located("limit-memory", file=name, limit=limits.memory_text(),
                       detail="読み込み処理がメモリを確保できずに停止")
    if code is not None and code < 0:
        try:
            how = f"シグナル {signal.Signals(-code).name}"
        except ValueError:
            how = f"シグナル {-code}"
        if code == -signal.SIGKILL:
            how += "、メモリ不足で停止された可能性"
    else:
        how = f"終了コード {code}"
    return located("reader-crashed", file=name, limit=limits.memory_text(), detail=how)


def _child(work: Path) -> None:
    import resource

    job = json.loads((work / "job.json").read_text())
    limits = Limits(**job["limits"])
    memory = int(limits.max_memory_bytes)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # The parent kills at the wall-time limit; a CPU limit a little beyond it ends a child whose
    # parent is gone.
    cpu = math.ceil(limits.max_seconds) + 10
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # whatever a library prints goes to stderr, not into the progress lines
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    try:
        from loaders.importer import read_file
        from loaders.layouts import Context

        def progress(share: float, text: str) -> None:
            out.write(json.dumps([share, text], ensure_ascii=False) + "\n")

        data = (work / "input").read_bytes()
        preview = read_file(data, job["name"], Context(**job["context"]), progress, limits)
        with open(work / "result.tmp", "wb") as stream:
            pickle.dump(preview, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(work / "result.tmp", work / "result.pickle")
    except MemoryError:
        os._exit(MEMORY_EXIT)


if __name__ == "__main__":
    _child(Path(sys.argv[1]))
