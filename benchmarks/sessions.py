"""Streamlit sessions without a browser: the websocket protocol spoken the way the browser speaks it.

A session connects to `/_stcore/stream` (subprotocol "streamlit"), asks for a page with a
`rerun_script` BackMsg carrying its ClientState (the URL's page name and query string on a deep
link, the page's script hash when moving on as a `st.page_link` click does) and reads ForwardMsgs
until `script_finished`. Times are until the first chart's delta arrives, until every expected
chart (`vega_lite_chart`, Altair's element) has arrived, and until the script has finished: data
delivered to the client, not drawn — no Vega runs here. The protobufs are the installed
Streamlit's own. Streamlit 1.67 serves with Starlette + uvicorn, so the client is `websockets`
(a Streamlit dependency), not tornado.

Many sessions run in one asyncio loop in one process: the load generator costs a few CPU
seconds where 20 Chromium renderers took half of a 2-core machine (issue #8).
"""
from __future__ import annotations

import asyncio
import os
import time
from urllib.parse import urlsplit

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from benchmarks import stats
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

CHART = "vega_lite_chart"
DONE = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR)


class Session:
    """One browser tab's conversation with the server: connect once, then view pages in turn."""

    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.ws = None
        self.pages: dict[str, str] = {}     # url_pathname -> page_script_hash, from new_session
        # the browser's ForwardMsg cache: it declares these hashes on each rerun and the server
        # answers a declared element with a ref_hash instead of the element
        self.cache: dict[str, ForwardMsg] = {}
        self.received_bytes = 0

    async def connect(self) -> None:
        parts = urlsplit(self.base_url)
        # no Origin header: the server then skips the XSRF check, as it does for any non-browser
        # client; the first subprotocol entry is the one it selects
        self.ws = await connect(f"ws://{parts.netloc}{parts.path}/_stcore/stream", subprotocols=["streamlit"],
                                max_size=None, compression=None, open_timeout=60, ping_interval=None)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def view(self, path: str, expected: int, cap: float, *, follow_link: bool = False) -> dict:
        """Ask for the page at `path` ('/kpi?city=…') and read until its script has finished.

        A deep link names the page by its URL path, as the browser does on its first request;
        `follow_link` names it by script hash instead, as a click on a page link in the same
        session does (query string dropped, as the browser does on a page change).
        Returns seconds from the request: `first` (first chart), `chart` (every expected chart;
        None when fewer arrived), `idle` (script finished); `charts` counted, `refs` resolved from
        the cache, `error` (an exception shown, or a page not found) and `timeout`.
        """
        parts = urlsplit(path)
        name = parts.path.strip("/")
        started = time.perf_counter()
        if self.ws is None:
            await self.connect()
        state = BackMsg()
        client = state.rerun_script
        if follow_link and name in self.pages:
            client.page_script_hash = self.pages[name]
        else:
            client.page_name = name
            client.query_string = parts.query
        client.cached_message_hashes.extend(self.cache)
        client.context_info.timezone = "Asia/Tokyo"
        client.context_info.timezone_offset = -540
        client.context_info.locale = "ja-JP"
        client.context_info.url = self.base_url + path
        await self.ws.send(state.SerializeToString())
        out = {"first": None, "chart": None, "idle": None, "charts": 0, "refs": 0, "error": None, "timeout": False}
        deadline = started + cap
        while True:
            try:
                raw = await asyncio.wait_for(self.ws.recv(), max(0.0, deadline - time.perf_counter()))
            except (TimeoutError, asyncio.TimeoutError):
                out["timeout"] = True
                return out
            except ConnectionClosed as exc:
                out["error"] = f"connection closed: {exc}"
                return out
            self.received_bytes += len(raw)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "ref_hash":
                cached = self.cache.get(msg.ref_hash)
                if cached is None:
                    out["error"] = f"ref_hash {msg.ref_hash} not in the client's cache"
                    return out
                msg, kind = cached, cached.WhichOneof("type")
                out["refs"] += 1
            elif msg.metadata.cacheable and msg.hash:
                self.cache[msg.hash] = msg
            now = time.perf_counter() - started
            if kind in ("new_session", "navigation"):   # directory mode lists its pages in `navigation`
                self.pages |= {p.url_pathname: p.page_script_hash for p in getattr(msg, kind).app_pages}
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element.WhichOneof("type")
                if element == CHART:
                    out["charts"] += 1
                    if out["first"] is None:
                        out["first"] = now
                    if out["charts"] == expected:
                        out["chart"] = now
                elif element == "exception" and not msg.delta.new_element.exception.is_warning:
                    e = msg.delta.new_element.exception
                    out["error"] = out["error"] or f"{e.type}: {e.message}"
            elif kind == "page_not_found":
                out["error"] = f"page not found: {msg.page_not_found.page_name or name}"
            elif kind == "script_finished" and msg.script_finished in DONE:
                out["idle"] = now
                if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    out["error"] = out["error"] or "the script did not compile"
                if expected == 0:
                    out["chart"] = now
                return out


async def view_once(base_url: str, path: str, expected: int, cap: float = 60.0) -> dict:
    """One new session viewing one page (a warm-up, or a test)."""
    session = Session(base_url)
    try:
        return await session.view(path, expected, cap)
    finally:
        await session.close()


async def _measure(urls: list[str], pids: list[int], paths: dict[str, tuple[str, int]], sessions: int, cap: float,
                   unwarmed: tuple[str, ...], memory_limit_mb: float | None, log) -> dict:
    pages_out: dict[str, dict] = {}
    load_cpu = server_cpu = wall = 0.0
    stopped = None
    # With several replicas, session i stays on replica i mod n, as a sticky load balancer keeps it.
    people = [Session(urls[i % len(urls)]) for i in range(sessions)]
    cpu_of = lambda: sum(stats.cpu_seconds(pid) for pid in pids)   # noqa: E731
    rss_mb = lambda: sum(stats.status_kb(pid, "VmRSS") or 0 for pid in pids) / 1024   # noqa: E731
    try:
        for n, (title, (path, charts)) in enumerate(paths.items()):
            if stopped or (n and pages_out[list(paths)[n - 1]]["pending"]):
                pages_out[title] = {"not_run": True}   # sessions still waiting cannot move on
                continue
            for url in urls if title not in unwarmed else ():
                warm = await view_once(url, path, charts, cap)
                log(f"  warm-up {title}: " + (f"raised: {warm['error'][:200]}" if warm["error"] else
                                              "timeout" if warm["timeout"] else f"{warm['idle']:.2f} s"))
            client_before, server_before = time.process_time(), cpu_of()
            started = time.perf_counter()
            views = [asyncio.ensure_future(p.view(path, charts, cap, follow_link=n > 0)) for p in people]
            while not all(v.done() for v in views):
                await asyncio.wait(views, timeout=0.5)
                if memory_limit_mb and pids and rss_mb() > memory_limit_mb:
                    stopped = (f"stopped after {time.perf_counter() - started:.0f} s on {title}: "
                               f"server past {memory_limit_mb:,.0f} MB resident")
                    for v in views:
                        v.cancel()
                    await asyncio.gather(*views, return_exceptions=True)
                    break
            elapsed = time.perf_counter() - started
            done = [v.result() for v in views if not v.cancelled()]
            cpu = time.process_time() - client_before
            served = cpu_of() - server_before
            wall, load_cpu, server_cpu = wall + elapsed, load_cpu + cpu, server_cpu + served
            fine = [d for d in done if not d["error"] and not d["timeout"]]
            errors = [d["error"] for d in done if d["error"]]
            pages_out[title] = {
                "first": stats.summary([d["first"] for d in fine]), "chart": stats.summary([d["chart"] for d in fine]),
                "idle": stats.summary([d["idle"] for d in fine]), "errors": len(errors),
                "error": errors[0] if errors else None, "short": sum(d["chart"] is None for d in fine),
                "charts": charts, "refs": sum(d["refs"] for d in done),
                "pending": sessions - len(fine) - len(errors), "wall_s": elapsed, "load_cpu_s": cpu,
                "server_cpu_s": served, "unwarmed": title in unwarmed}
            s = pages_out[title]
            log(f"  {sessions} light sessions{f' on {len(urls)} replicas' if len(urls) > 1 else ''} {title}: {s['chart'].get('n', 0)} with every chart, {len(errors)} "
                f"raised, {s['pending']} still waiting after {elapsed:.1f} s; p95 {stats.seconds(s['chart'].get('p95'))} s;"
                f" server CPU {served:.1f} s, client {cpu:.1f} s")
    finally:
        await asyncio.gather(*(p.close() for p in people), return_exceptions=True)
    return {"client": "light", "sessions": sessions, "replicas": len(urls), "cap": cap, "wall_s": wall,
            "load_cpu_s": load_cpu, "server_cpu_s": server_cpu, "cores": os.cpu_count(), "stopped": stopped,
            "pages": pages_out,
            # replicas: the sum of their peaks (they run side by side on the one machine)
            "peak_mb": sum(stats.status_kb(pid, "VmHWM") or 0 for pid in pids) / 1024 if pids else None}


def measure(base_url: str | list[str], pid: int | list[int] | None, paths: dict[str, tuple[str, int]], *,
            sessions: int, cap: float, unwarmed: tuple[str, ...] = (), memory_limit_mb: float | None = None,
            log=print) -> dict:
    """`sessions` light sessions open the first page of `paths` ({title: (path and query, charts)})
    by its deep link at once; when all have finished, they move on to the next page as a page link
    does (the same sessions). Before each page, one session's view fills the server's caches
    (except for pages in `unwarmed`). Per page: time to first chart, to every chart and to
    script finished; CPU seconds of the server (`pid`) and of this client over the page's window.
    Lists of URLs and pids: replicas of the app, each session staying on one.
    """
    urls = [base_url] if isinstance(base_url, str) else list(base_url)
    pids = [p for p in ([pid] if not isinstance(pid, list) else pid) if p]
    return asyncio.run(_measure(urls, pids, paths, sessions, cap, unwarmed, memory_limit_mb, log))
