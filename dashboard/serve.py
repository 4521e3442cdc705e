"""Serve the dashboard on N replicas behind HAProxy: `./serve.sh [--replicas N] [--port P]`.

Streamlit keeps a session in one process over a websocket, and the file uploader and download
links post to the process holding the session (streamlit/streamlit#4173), so the balancer pins a
browser to a replica with a cookie of its own, not by address: browsers on one machine still
spread. HAProxy checks `GET /_stcore/health` every second; a replica that stops answering is taken
out, its users' tabs reconnect to another replica, and this supervisor starts it again (back in
when its health check passes). One stop — Ctrl-C or SIGTERM — ends HAProxy and every replica.

Every replica reads the same database file; writers swap in a new file (loaders/store.py), which
each replica picks up at its next rerun.
"""
from __future__ import annotations

import argparse
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HAPROXY = ("/usr/sbin/haproxy", "haproxy")
COOKIE = "plans_replica"        # the affinity cookie HAProxy sets: the replica's name
HEADER = "X-Plans-Replica"      # each response names the replica that served it
_LOCAL = {"127.0.0.1", "localhost", "::1"}
_PR_SET_PDEATHSIG = 1
# A replica that exits is started again after this long (doubling, up to 30 s, while it keeps
# failing): long enough for the health checks (two failures a second apart) to take it out first,
# so new sessions go to the others until it answers again.
RESTART_DELAY = 5.0


def haproxy_config(port: int, address: str, replicas: dict[str, int]) -> str:
    """The HAProxy configuration: cookie affinity, websocket tunnels, health checks."""
    servers = "\n".join(f"    server {name} 127.0.0.1:{p} cookie {name}" for name, p in replicas.items())
    return f"""\
global
    # In the foreground (-db) HAProxy writes its warnings to stderr: a replica going DOWN or UP.
    maxconn 4096

defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    # An open websocket (one per browser tab) is a tunnel once upgraded; idle tabs stay connected.
    timeout tunnel 8h
    timeout http-keep-alive 10s
    # A request pinned to a replica that is down goes to another one.
    option redispatch
    retries 2

frontend dashboard
    bind {address}:{port}
    default_backend replicas

backend replicas
    balance roundrobin
    cookie {COOKIE} insert indirect nocache httponly attr "SameSite=Lax"
    option httpchk GET /_stcore/health
    http-check expect string ok
    default-server check inter 1s fastinter 500ms downinter 1s fall 2 rise 2
    http-response set-header {HEADER} %[srv_name]
{servers}
"""


def _die_with_parent() -> None:
    # Children end with the supervisor even if it is killed without a chance to stop them.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    os.setsid()   # Ctrl-C reaches the supervisor only, which stops children in order


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(port: int, host: str = "127.0.0.1") -> bool:
    try:
        return urllib.request.urlopen(f"http://{host}:{port}/_stcore/health", timeout=2).read() == b"ok"
    except OSError:
        return False


def _forward(stream, prefix: str) -> None:
    """A child's output on our stderr, each line prefixed; Streamlit's banner naming its internal
    port is left out (people use the balancer's address)."""
    for line in iter(stream.readline, b""):
        text = line.decode(errors="replace")
        if not text.strip() or "You can now view" in text or text.strip().startswith("URL:"):
            continue
        sys.stderr.write(f"[{prefix}] {text}")
    stream.close()


def prepare_database() -> None:
    """Build (or bring to the current schema) the database once, as the app would on first
    start, so that replicas starting together do not race to build it."""
    from streamlit import logger
    logger.set_log_level("error")   # its caches warn that no Streamlit runtime runs here
    from loaders import store
    from dashboard.db import Database
    Database(store.db_path().resolve()).version()


def _port_free(address: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # as HAProxy binds: TIME_WAIT is no owner
        try:
            s.bind((address, port))
        except OSError:
            return False
    return True


class Supervisor:
    """HAProxy and the replicas as child processes: started, watched, restarted, stopped."""

    def __init__(self, replicas: int, port: int, address: str):
        self.port, self.address = port, address
        self.ports = {f"r{i}": _free_port() for i in range(1, replicas + 1)}
        self.children: dict[str, subprocess.Popen] = {}
        self.started: dict[str, float] = {}
        self.stopping = threading.Event()
        self.workdir = Path(tempfile.mkdtemp(prefix="plans-serve-"))
        self.env = dict(os.environ)
        if address not in _LOCAL:
            # Each replica listens on 127.0.0.1 but is reached from beyond it: keep the sign-in
            # rule for uploads (dashboard/auth.py) as if the replica itself were served there.
            self.env["PLANS_REQUIRE_SIGNIN"] = "1"

    def _spawn(self, name: str, argv: list[str]) -> subprocess.Popen:
        child = subprocess.Popen(argv, cwd=ROOT, env=self.env, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
        threading.Thread(target=_forward, args=(child.stdout, name), daemon=True).start()
        self.children[name], self.started[name] = child, time.monotonic()
        return child

    def start_replica(self, name: str) -> None:
        child = self._spawn(name, [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.port", str(self.ports[name]), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none"])
        print(f"レプリカ {name}: http://127.0.0.1:{self.ports[name]} (pid {child.pid})", flush=True)

    def start(self) -> None:
        if not _port_free(self.address, self.port):
            # checked first: a Streamlit already there (./run.sh) would answer our health probe
            raise RuntimeError(f"ポート {self.port} は使用中です（./run.sh が動いていませんか）。"
                               "--port で別のポートを指定してください。")
        for name in self.ports:
            self.start_replica(name)
        deadline = time.monotonic() + 120
        waiting = set(self.ports)
        while waiting:
            for name in list(waiting):
                if self.children[name].poll() is not None:
                    raise RuntimeError(f"レプリカ {name} が起動しませんでした（終了コード {self.children[name].returncode}）。")
                if _healthy(self.ports[name]):
                    waiting.discard(name)
            if waiting and time.monotonic() > deadline:
                raise RuntimeError(f"レプリカ {', '.join(sorted(waiting))} が120秒以内に応答しませんでした。")
            if waiting:
                self.stopping.wait(0.2)
            if self.stopping.is_set():
                return
        config = self.workdir / "haproxy.cfg"
        config.write_text(haproxy_config(self.port, self.address, self.ports))
        binary = next((b for b in HAPROXY if shutil.which(b)), None)
        if binary is None:
            raise RuntimeError("haproxy がありません: apt-get install -y haproxy を実行してください。")
        check = subprocess.run([binary, "-c", "-q", "-f", str(config)], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"HAProxy の設定が読めません:\n{check.stdout}{check.stderr}")
        self._spawn("haproxy", [binary, "-db", "-f", str(config)])
        deadline = time.monotonic() + 30
        probe = "127.0.0.1" if self.address in _LOCAL | {"0.0.0.0", "::"} else self.address
        while not _healthy(self.port, probe):
            if self.children["haproxy"].poll() is not None:
                raise RuntimeError(f"HAProxy が起動しませんでした（ポート {self.port} は使用中ではありませんか）。")
            if time.monotonic() > deadline:
                raise RuntimeError("HAProxy が30秒以内に応答しませんでした。")
            if self.stopping.wait(0.2):
                return
        host = "localhost" if self.address in _LOCAL else self.address
        print(f"配信中: http://{host}:{self.port} （レプリカ {len(self.ports)}、Ctrl-C で停止）", flush=True)

    def watch(self) -> int:
        """Restart a replica that exits; stop everything if HAProxy exits."""
        delay = {name: RESTART_DELAY for name in self.ports}
        exited: dict[str, float] = {}
        while not self.stopping.wait(0.2):
            if self.children["haproxy"].poll() is not None:
                print(f"HAProxy が終了しました（終了コード {self.children['haproxy'].returncode}）。停止します。",
                      file=sys.stderr, flush=True)
                return 1
            now = time.monotonic()
            for name in self.ports:
                child = self.children[name]
                if child.poll() is None:
                    if now - self.started[name] > 60:
                        delay[name] = RESTART_DELAY   # it ran a while: the next failure is a new one
                    continue
                if name not in exited:
                    exited[name] = now
                    print(f"レプリカ {name} が終了しました（終了コード {child.returncode}）。"
                          f"{delay[name]:.0f}秒後に再起動します。", file=sys.stderr, flush=True)
                if now - exited[name] >= delay[name]:
                    del exited[name]
                    delay[name] = min(delay[name] * 2, 30.0)
                    self.start_replica(name)
        return 0

    def stop(self) -> None:
        """HAProxy first (no new connections), then every replica; nothing is left running."""
        order = ["haproxy", *self.ports]
        live = [self.children[n] for n in order if n in self.children and self.children[n].poll() is None]
        for child in live:
            child.terminate()
        deadline = time.monotonic() + 10
        for child in live:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        shutil.rmtree(self.workdir, ignore_errors=True)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("1以上の整数を指定してください（例: --replicas 2）")
    return value


def _port(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError("1～65535 のポート番号を指定してください（例: --port 8501）")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="./serve.sh", description="ダッシュボードを複数のレプリカで HAProxy の後ろに配信します。")
    parser.add_argument("--replicas", type=_positive, default=len(os.sched_getaffinity(0)),
                        help="streamlit のプロセス数（既定: CPU コア数）")
    parser.add_argument("--port", type=_port, default=8501, help="HAProxy が待ち受けるポート（既定: 8501）")
    parser.add_argument("--address", default="127.0.0.1",
                        help="HAProxy が待ち受けるアドレス（既定: 127.0.0.1。それ以外では取込にサインインが必要）")
    args = parser.parse_args(argv)

    prepare_database()
    supervisor = Supervisor(args.replicas, args.port, args.address)

    def on_signal(signum, frame):
        supervisor.stopping.set()
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        supervisor.start()
        code = supervisor.watch()
    except RuntimeError as error:
        print(error, file=sys.stderr, flush=True)
        code = 1
    finally:
        supervisor.stop()
    print("停止しました。", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
