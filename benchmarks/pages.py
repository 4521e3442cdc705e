"""Pages in headless Chromium: time until every chart is drawn, cold and warm; and 20 sessions, with
the light client of benchmarks/sessions.py and a few Chromium contexts as a cross-check.

The server is tests/browser.py's streamlit_server (a real `streamlit run` on a free port). Time to
chart is measured inside the page: an init script watches the DOM and notes performance.now() (ms
since navigation start) when the script has run and is idle again and every chart
(`[data-testid="stVegaLiteChart"]`) has its `svg.marks` drawn, at least as many as the page drew
under AppTest. "Cold" is the first load on a freshly started server (empty st.cache_data, a new
DuckDB connection); "warm" loads the same URL again in a new browser context (a new session) on
the server that has just served it. Peak memory is the server's VmHWM from /proc.
"""
from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from benchmarks import stats
from tests import browser as harness

WATCH = """
(() => {
  // time to chart: ms from `start` (navigation start, or a reset before an in-app click) until the
  // script has run, is idle again, and every chart has drawn its marks
  window.__benchReset = (expected) => {
    window.__bench = {expected, start: window.__bench ? performance.now() : 0, ran: false, done: null,
                      app: null, idle: null, error: null};
  };
  window.__bench = undefined;
  window.__benchReset(%d);
  const check = () => {
    const b = window.__bench;
    if (b.done !== null) return;
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return;
    if (b.app === null) b.app = performance.now() - b.start;
    const state = app.getAttribute('data-test-script-state');
    if (state === 'running') b.ran = true;
    if (!b.ran || state !== 'notRunning') return;
    if (b.idle === null) b.idle = performance.now() - b.start;
    const error = document.querySelector('[data-testid="stException"]');
    if (error) {                           // the page raised: it will draw nothing more
      b.error = error.innerText.slice(0, 400);
      b.done = performance.now() - b.start;
      console.log('__bench_done ' + b.done + ' ' + b.idle + ' error');
      return;
    }
    const charts = document.querySelectorAll('[data-testid="stVegaLiteChart"]');
    if (charts.length < b.expected) return;
    for (const c of charts) if (!c.querySelector('svg.marks')) return;
    b.done = performance.now() - b.start;
    console.log('__bench_done ' + b.done + ' ' + b.idle);   // for drivers that cannot wait on a busy page
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true});
  setInterval(check, 20);
})();
"""
VIEWPORT = {"width": 1440, "height": 2900}   # tall: every chart of a page on screen at once


@contextlib.contextmanager
def server(db: Path):
    """A fresh streamlit server on db: (url, pid)."""
    with harness.streamlit_server(db) as url:
        yield url, _pid_of(url)


def _pid_of(url: str) -> int:
    """The streamlit process this benchmark started serving `url`."""
    port = url.rsplit(":", 1)[1]
    return next(p for p in stats.descendants(os.getpid())
                if "streamlit" in stats.cmdline(p) and f"--server.port {port}" in stats.cmdline(p))


MEMORY_LIMIT_MB = 8192   # the server is stopped past this resident size: the machine is shared


class MemoryLimit(RuntimeError):
    """The server grew past MEMORY_LIMIT_MB; the measurement was stopped there."""


def _over_limit(pid: int | None) -> bool:
    return pid is not None and (stats.status_kb(pid, "VmRSS") or 0) / 1024 > MEMORY_LIMIT_MB


def _load(browser, url: str, expected: int, cap: float, context=None, pid: int | None = None) -> dict | None:
    """Seconds from navigation start until the charts are drawn (`chart`), until the app frame
    exists (`app`) and until the script has finished (`idle`); None past `cap` seconds.

    Without a context, a new one (an empty browser cache: a first visit); with one, a new tab in it
    (a returning visitor: the browser has the app's scripts, the server makes a new session).
    A page that shows an exception returns {"error": its text}.
    """
    own = context is None
    context = context or browser.new_context(viewport=VIEWPORT, locale="ja-JP")
    page = None
    try:
        page = context.new_page()
        page.add_init_script(WATCH % expected)
        page.goto(url, wait_until="commit", timeout=cap * 1000)
        deadline = time.perf_counter() + cap
        while time.perf_counter() < deadline:
            b = page.evaluate("window.__bench || null")
            if b and b["done"] is not None:
                if b["error"]:
                    return {"error": " ".join(b["error"].split())}
                return {"chart": b["done"] / 1000, "app": (b["app"] or 0) / 1000, "idle": (b["idle"] or 0) / 1000}
            if _over_limit(pid):
                raise MemoryLimit(f"server past {MEMORY_LIMIT_MB:,} MB resident")
            time.sleep(0.05)
        return None
    finally:
        if own:
            context.close()
        elif page is not None:
            page.close()


def page_loads(db: Path, pages: dict[str, tuple[str, int]], *, runs: int, cap: float, log=print) -> list[dict]:
    """Cold and warm time to chart of each page ({title: (path and query, charts)}).

    A page whose path is None is the floor: benchmarks/floor_app.py, one small chart and no data.
    """
    results = []
    with harness.chromium() as browser:
        for title, (path, charts) in pages.items():
            cold, warm, peak, stopped, error = [], [], [], None, None
            for run in range(runs):
                with (server(db) if path is not None else floor_server()) as (url, pid):
                    url += path or ""
                    try:
                        first = _load(browser, url, charts, cap, pid=pid)
                        if first is not None and "error" in first:
                            error, first = first["error"], None
                        cold.append(first)
                        if first is not None and run == runs - 1:
                            returning = browser.new_context(viewport=VIEWPORT, locale="ja-JP")
                            try:
                                for _ in range(runs):
                                    again = _load(browser, url, charts, cap, returning, pid=pid)
                                    if again is not None and "error" in again:
                                        error, again = again["error"], None
                                    warm.append(again)
                                    if again is None:
                                        break
                            finally:
                                returning.close()
                    except MemoryLimit as exc:
                        first, stopped = None, str(exc)
                        cold.append(None)
                    peak.append(stats.status_kb(pid, "VmHWM"))
                log(f"  page {title}: " + (f"the page raised: {error[:200]}" if error else
                                           f"cold {_fmt(cold[-1])}" + (f", warm {', '.join(map(_fmt, warm))}" if warm else "")))
                if first is None:
                    break          # one load past the cap says enough; the next would wait as long
            results.append({
                "page": title, "path": path or "benchmarks/floor_app.py", "charts": charts, "cap": cap,
                "cold": _phases(cold), "warm": _phases(warm), "cold_runs": len(cold), "warm_runs": len(warm),
                "timeouts": cold.count(None) + warm.count(None), "stopped": stopped, "error": error,
                "peak_mb": max((p for p in peak if p), default=0) / 1024})
    return results


def _phases(loads: list[dict | None]) -> dict:
    done = [x for x in loads if x is not None]
    return {key: stats.summary([x[key] for x in done]) for key in ("chart", "app", "idle")} | {
        "timeouts": loads.count(None)}


def _fmt(load: dict | float | None) -> str:
    if load is None:
        return "timeout"
    return f"{load['chart'] if isinstance(load, dict) else load:.2f} s"


def concurrent(db: Path, paths: dict[str, tuple[str, int]], *, sessions: int, browsers: int, cap: float,
               unwarmed: tuple[str, ...] = (), log=print) -> dict:
    """`sessions` light sessions (benchmarks/sessions.py: Streamlit's websocket protocol, no
    browser), then a cross-check of `browsers` Chromium contexts, each on a freshly started server.

    The light client says when every chart's data has arrived at little CPU of its own; the
    browsers say when the charts are drawn, but 20 of them on 2 cores measure mostly themselves
    (issue #8). A failing cross-check leaves the light figures.
    """
    import traceback
    from benchmarks import sessions as light
    with server(db) as (url, pid):
        log(f"  light client, {sessions} sessions")
        out = {"light": light.measure(url, pid, paths, sessions=sessions, cap=cap, unwarmed=unwarmed,
                                      memory_limit_mb=MEMORY_LIMIT_MB, log=log), "browser": None}
    # Streamlit's own floor the same way: what one view of an app with one small chart and no data
    # costs the server, the figure each page's CPU per view is read against
    with floor_server() as (url, pid):
        log(f"  light client, {sessions} sessions on the floor app")
        out["floor_light"] = light.measure(url, pid, {FLOOR_TITLE: ("/", 1)}, sessions=sessions, cap=cap,
                                           memory_limit_mb=MEMORY_LIMIT_MB, log=log)
    # The first step past one process (docs/scaling.md): two replicas behind ./serve.sh's HAProxy,
    # every session connecting to the balancer's one address and staying on the replica it was dealt;
    # then five times as many sessions the same way.
    from benchmarks import balancer
    with balancer.served(db, 2, harness.free_port()) as (url, pids, _):
        for key, count in (("replicas", sessions), ("replicas_more", 5 * sessions)):
            log(f"  light client, {count} sessions through HAProxy on 2 replicas")
            out[key] = light.measure([url, url], list(pids.values()), paths, sessions=count, cap=cap,
                                     unwarmed=unwarmed, memory_limit_mb=MEMORY_LIMIT_MB, log=log)
            out[key]["through"] = "haproxy"
    if browsers:
        log(f"  cross-check: {browsers} Chromium contexts")
        try:
            out["browser"] = browser_sessions(db, paths, sessions=browsers, cap=cap, unwarmed=unwarmed, log=log)
        except Exception:
            out["browser_failed"] = traceback.format_exc()
            log(out["browser_failed"])
    return out


def browser_sessions(db: Path, paths: dict[str, tuple[str, int]], *, sessions: int, cap: float,
                     unwarmed: tuple[str, ...] = (), log=print) -> dict:
    """`sessions` browser contexts in one Chromium, all opening the first page by its deep link at
    once, then all moving on to the next page by its sidebar link (the same sessions).

    Before each page, one load of it fills the server's caches (many people viewing a dashboard in
    use, not the first request after a deploy) — except for pages in `unwarmed`, which did not
    finish a single load within the cap: waiting for that would only leave the server busy.
    CPU time of the load generator (this process, Playwright's driver and Chromium) and of the
    server are read from /proc over each page's window.
    """
    from playwright.sync_api import sync_playwright
    pages_out: dict[str, dict] = {}
    load_cpu = server_cpu = wall = 0.0
    stopped = None
    with server(db) as (url, pid), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS)
        try:
            me = os.getpid()

            def generator() -> list[int]:
                below_server = set(stats.descendants(pid)) | {pid}
                return [me] + [q for q in stats.descendants(me) if q not in below_server]
            contexts = [browser.new_context(viewport=VIEWPORT, locale="ja-JP") for _ in range(sessions)]
            tabs = [context.new_page() for context in contexts]
            # each tab reports by a console message: polling a tab with evaluate() would wait on a
            # renderer that is busy drawing, and hold up the reading of every other tab
            reports: list[list[str]] = [[] for _ in range(sessions)]
            for i, tab in enumerate(tabs):
                tab.on("console", lambda message, i=i: message.text.startswith("__bench_done ")
                       and reports[i].append(message.text))
            for n, (title, (path, charts)) in enumerate(paths.items()):
                if stopped or (n and pages_out[list(paths)[n - 1]]["pending"]):
                    pages_out[title] = {"not_run": True}   # sessions still waiting cannot move on
                    continue
                if title not in unwarmed:
                    log(f"  warm-up {title}: {_fmt(_load(browser, url + path, charts, cap, pid=pid))}")
                before = {q: stats.cpu_seconds(q) for q in generator()}
                server_before, started = stats.cpu_seconds(pid), time.perf_counter()
                for i, tab in enumerate(tabs):
                    reports[i].clear()
                    if n == 0:   # a bookmarked deep link …
                        tab.add_init_script(WATCH % charts)
                        tab.goto(url + path, wait_until="commit", timeout=cap * 1000)
                    else:        # … then the sidebar, as people move on (same session)
                        tab.evaluate(f"window.__benchReset({charts})")
                        tab.locator('[data-testid="stSidebar"] a', has_text=title).first.click(timeout=cap * 1000)
                chart, idle, errors = [], [], 0
                pending = set(range(sessions))
                while pending and time.perf_counter() < started + cap:
                    if _over_limit(pid):
                        stopped = f"stopped after {time.perf_counter() - started:.0f} s on {title}: " \
                                  f"server past {MEMORY_LIMIT_MB:,} MB resident"
                        break
                    tabs[0].wait_for_timeout(100)    # lets Playwright deliver the console messages
                    for i in list(pending):
                        if reports[i]:
                            fields = reports[i].pop().split()
                            pending.discard(i)
                            if fields[-1] == "error":
                                errors += 1
                                continue
                            chart.append(float(fields[1]) / 1000)
                            idle.append(float(fields[2]) / 1000)
                elapsed = time.perf_counter() - started
                wall += elapsed
                cpu = sum(stats.cpu_seconds(q) - before.get(q, 0.0) for q in generator())
                load_cpu += cpu
                served = stats.cpu_seconds(pid) - server_before
                server_cpu += served
                pages_out[title] = {"chart": stats.summary(chart), "idle": stats.summary(idle), "errors": errors,
                                    "pending": len(pending), "wall_s": elapsed, "load_cpu_s": cpu,
                                    "server_cpu_s": served, "unwarmed": title in unwarmed}
                log(f"  {sessions} sessions {title}: {len(chart)} drawn, {errors} raised, {len(pending)} still "
                    f"waiting after {elapsed:.0f} s; server CPU {served:.0f} s, load generator {cpu:.0f} s")
            peak = (stats.status_kb(pid, "VmHWM") or 0) / 1024
            for context in contexts:
                context.close()
        finally:
            browser.close()
    return {"client": "browser", "sessions": sessions, "cap": cap, "wall_s": wall, "load_cpu_s": load_cpu,
            "server_cpu_s": server_cpu, "cores": os.cpu_count(), "peak_mb": peak, "stopped": stopped, "pages": pages_out}


FLOOR_APP = Path(__file__).with_name("floor_app.py")
FLOOR_TITLE = "floor: Streamlit, one small chart, no data"


@contextlib.contextmanager
def floor_server():
    """benchmarks/floor_app.py served the way tests/browser.py serves app.py: (url, pid)."""
    with harness.streamlit_server(None, script=str(FLOOR_APP)) as url:
        yield url, _pid_of(url)
