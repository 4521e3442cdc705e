"""Page queries: recorded by running each page, then timed uncached against bigger databases.

Recording runs every page file under streamlit's AppTest on a small benchmark database and notes
each call a page makes into dashboard/queries/*.py (and db.data_version, which every page's frame
calls), with its arguments and the SQL it sends. Only calls that send SQL are kept: they are the
page's queries. The recording database's municipalities are in every bigger one, so the same calls
ask the same questions there.

Timing calls each function again with st.cache_data cleared before every call ("function": SQL,
fetch into pandas and the function's own pandas work), and adds up the time spent inside
db.Database.fetch during it ("SQL": DuckDB executing the statement and returning a DataFrame,
uncached). Expensive exports are stubbed while recording only (they send no SQL).
"""
from __future__ import annotations

import contextlib
import functools
import inspect
import os
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.stats import ROOT, summary

# Pages that analyse the plan data: every page of the navigation except these two (the upload page
# writes, the briefing page shows decks people saved, none in a benchmark database).
SKIPPED = ("pages/upload.py", "pages/briefing.py")


def pages() -> dict[str, str]:
    """{title: file} of the analysis pages, in the navigation's order (dashboard.frame.PAGES)."""
    from dashboard import frame
    return {title: file for file, title, _ in frame.PAGES if file not in SKIPPED and (ROOT / file).exists()}


@dataclass
class Call:
    page: str
    function: str            # module.function, e.g. kpi.indicator_table
    args: tuple
    kwargs: dict
    statements: list[tuple[str, dict]] = field(default_factory=list)
    sql_only: bool = False   # SQL sent from outside dashboard/queries (decks.names): replayed as SQL


def _caller() -> str:
    """module.function of the dashboard code that sent a statement from outside dashboard/queries."""
    import sys
    frame = sys._getframe(2)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module.startswith("dashboard.") and module != "dashboard.db":
            return f"{module.rsplit('.', 1)[1]}.{frame.f_code.co_name}"
        frame = frame.f_back
    return "db.query"


_state = threading.local()


def _depth() -> int:
    return getattr(_state, "depth", 0)


@contextlib.contextmanager
def _instrumented(on_call, on_fetch):
    """Wrap every public function of dashboard.queries.* (and db.data_version) and Database.fetch."""
    import importlib
    import pkgutil

    import dashboard.queries
    from dashboard import db
    modules = [importlib.import_module(f"dashboard.queries.{m.name}")
               for m in pkgutil.iter_modules(dashboard.queries.__path__)]
    originals = []

    def wrap(owner, name, label):
        original = getattr(owner, name)

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            outer = _depth() == 0
            _state.depth = _depth() + 1
            try:
                if outer:
                    return on_call(label, original, args, kwargs)
                return original(*args, **kwargs)
            finally:
                _state.depth -= 1
        originals.append((owner, name, original))
        setattr(owner, name, wrapper)

    for module in modules:
        short = module.__name__.rsplit(".", 1)[1]
        for name, value in list(vars(module).items()):
            if inspect.isfunction(value) and value.__module__ == module.__name__ and not name.startswith("_"):
                wrap(module, name, f"{short}.{name}")
    wrap(db, "data_version", "db.data_version")
    fetch = db.Database.fetch

    def timed_fetch(self, sql, params=None, as_of=None):
        start = time.perf_counter()
        try:
            return fetch(self, sql, params, as_of=as_of)
        finally:
            on_fetch(sql, dict(params or {}), time.perf_counter() - start)
    db.Database.fetch = timed_fetch
    try:
        yield
    finally:
        db.Database.fetch = fetch
        for owner, name, original in reversed(originals):
            setattr(owner, name, original)


def record(db_path: Path) -> tuple[list[Call], dict[str, int]]:
    """Every SQL-sending call each page makes on its default view, and its number of charts."""
    from streamlit.testing.v1 import AppTest

    from dashboard import exports
    os.environ["PLANS_DB"] = str(db_path)
    calls: list[Call] = []
    charts: dict[str, int] = {}
    current: list[Call] = []

    def on_call(label, original, args, kwargs):
        call = Call(page, label, args, kwargs)
        current.append(call)
        try:
            return original(*args, **kwargs)
        finally:
            current.remove(call)
            if call.statements:
                calls.append(call)

    def on_fetch(sql, params, _elapsed):
        if current:
            current[-1].statements.append((sql, params))
        else:
            calls.append(Call(page, _caller(), (), {}, [(sql, params)], sql_only=True))

    stubs = {"to_csv_bytes": exports.to_csv_bytes, "to_xlsx_bytes": exports.to_xlsx_bytes}
    with _instrumented(on_call, on_fetch), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in stubs:
            setattr(exports, name, lambda *a, **k: b"")
        try:
            for page, file in pages().items():
                _clear_caches()
                at = AppTest.from_file(str(ROOT / file), default_timeout=1800)
                at.run()
                charts[page] = len(at.get("vega_lite_chart"))
                if at.exception:
                    raise RuntimeError(f"{file}: {at.exception[0].value}")
        finally:
            for name, original in stubs.items():
                setattr(exports, name, original)
    return calls, charts


def _clear_caches() -> None:
    import streamlit as st
    st.cache_data.clear()


def measure(calls: list[Call], db_path: Path, *, runs: int, budget: float, log=print) -> list[dict]:
    """Each recorded call timed again on db_path, uncached: function and SQL, median and p95.

    A call runs `runs` times, fewer when its runs together pass `budget` seconds (at least 3, or 1
    when one run alone takes longer than the budget). One untimed warm-up run precedes the timed
    ones when it is quick, so DuckDB's buffers hold the table as they would on a serving machine.
    """
    os.environ["PLANS_DB"] = str(db_path)
    out = []
    fetched: list[float] = []

    def on_call(label, original, args, kwargs):
        return original(*args, **kwargs)

    def on_fetch(sql, params, elapsed):
        fetched.append(elapsed)

    with _instrumented(on_call, on_fetch), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for call in calls:
            if call.sql_only:
                function = functools.partial(_send, call.statements)
            else:
                function = _resolve(*call.function.split("."))
            function_times, sql_times, rows = [], [], None
            spent = 0.0
            for attempt in range(runs + 1):
                _clear_caches()
                fetched.clear()
                start = time.perf_counter()
                try:
                    result = function(*call.args, **call.kwargs)
                except Exception as exc:     # a call recorded on one database may fail on another
                    log(f"  {call.page} {call.function}: {type(exc).__name__}: {exc}")
                    break
                elapsed = time.perf_counter() - start
                spent += elapsed
                rows = _rows(result)
                if attempt == 0 and elapsed < 2.0:
                    continue           # warm-up
                function_times.append(elapsed)
                sql_times.append(sum(fetched))
                if elapsed > budget or (spent > budget and len(function_times) >= 3):
                    break
            out.append({"page": call.page, "function": call.function, "rows": rows,
                        "statements": len(call.statements),
                        "function_s": summary(function_times), "sql_s": summary(sql_times)})
            if not function_times:
                continue
            log(f"  {call.page} {call.function}: sql {out[-1]['sql_s']['median'] * 1000:,.1f} ms, "
                f"function {out[-1]['function_s']['median'] * 1000:,.1f} ms ({len(function_times)} runs)")
    return out


def measure_sql(calls: list[Call], db_path: Path, *, runs: int, budget: float, log=print) -> list[dict]:
    """Only the recorded SQL, sent through db.Database.fetch as the app does, uncached."""
    from dashboard.db import Database
    database = Database(Path(db_path))
    out = []
    for call in calls:
        times, spent = [], 0.0
        for attempt in range(runs + 1):
            start = time.perf_counter()
            for sql, params in call.statements:
                database.fetch(sql, params)
            elapsed = time.perf_counter() - start
            spent += elapsed
            if attempt == 0 and elapsed < 2.0:
                continue
            times.append(elapsed)
            if elapsed > budget or (spent > budget and len(times) >= 3):
                break
        out.append({"page": call.page, "function": call.function, "sql_s": summary(times)})
        log(f"  {call.page} {call.function}: sql {out[-1]['sql_s']['median'] * 1000:,.1f} ms")
    return out


def _send(statements: list[tuple[str, dict]]):
    from dashboard import db
    for sql, params in statements:
        result = db.database().fetch(sql, params)
    return result


def _resolve(module: str, name: str):
    import importlib
    if module == "db":
        return getattr(importlib.import_module("dashboard.db"), name)
    return getattr(importlib.import_module(f"dashboard.queries.{module}"), name)


def _rows(result) -> int | None:
    if hasattr(result, "__len__") and not isinstance(result, (str, bytes)):
        return len(result)
    return None


def materialised_copy(db_path: Path, out: Path) -> Path:
    """A copy of the database whose v_* views are tables holding what the views return: what the
    queries would cost if the writer path (loaders/store.py) materialised every view on each write,
    as it already derives kpi_current for v_kpi."""
    import shutil

    import duckdb
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    shutil.copyfile(db_path, out)
    con = duckdb.connect(str(out))
    try:
        con.execute("set enable_progress_bar = false")
        views = [r[0] for r in con.execute(
            "select view_name from duckdb_views() where not internal and view_name like 'v\\_%' escape '\\'").fetchall()]
        for view in views:
            con.execute(f"create table {view}__table as select * from {view}")
            con.execute(f"drop view {view}")
            con.execute(f"alter table {view}__table rename to {view}")
        con.execute("checkpoint")
    finally:
        con.close()
    return out
