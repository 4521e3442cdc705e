"""Shared fixtures: one seed database built from data/ per test session."""
from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from loaders import importer, isolation, seed, store, totals

ROOT = Path(__file__).resolve().parent.parent

# mutmut runs each mutant in a fork of the process that ran the tests once. The scratch DuckDB
# database loaders/totals.py keeps per process was then made before the fork: the child would use
# the parent's (so a mutant in the code that makes it never ran), and dropping it hangs the child
# (its threads stayed in the parent), a time-out counted as killed. The child makes its own and
# keeps the parent's, never closed.
_INHERITED: list = []


def _scratch_of_this_process() -> None:
    _INHERITED.extend(totals._SCRATCH.values())
    totals._SCRATCH.clear()


os.register_at_fork(after_in_child=_scratch_of_this_process)

# scripts/mutation.sh: the same examples for every mutant, so no verdict depends on chance.
settings.register_profile("mutation", derandomize=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def _seed_documents() -> Path:
    """The five source documents the seed is transcribed from, kept in shared/ beside the clone."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "seeds").is_dir():
            return base / "shared" / "seeds"
    return ROOT.parent / "shared" / "seeds"  # where CI lays it; tests citing the documents fail without it


SEEDS = _seed_documents()


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    """A database built from data/, shared read-only by the tests of a session."""
    path = tmp_path_factory.mktemp("db") / "plans.duckdb"
    seed.rebuild(path)
    return path


@pytest.fixture
def seed_con(seed_db):
    con = store.connect_reader(seed_db)
    yield con
    con.close()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of data/ to break on purpose."""
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy, ignore=shutil.ignore_patterns("*.duckdb*", "*.lock"))
    return copy


@pytest.fixture
def live(seed_db, tmp_path, monkeypatch) -> Path:
    """A private copy of the seed database for a test that writes; pages under AppTest read it."""
    path = tmp_path / "plans.duckdb"
    path.write_bytes(seed_db.read_bytes())
    monkeypatch.setenv("PLANS_DB", str(path))
    return path


def run_page(script: str, params: dict | None = None, timeout: float = 120):
    """A page under AppTest, opened with `params` in its URL and run once, without an exception."""
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(ROOT / script), default_timeout=timeout)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def changed(path: Path, *statements: str, derive: bool = False) -> None:
    """Write `statements` to a test's private copy (`live`) as a writer would; the next query reads
    the new file. `derive=True` derives the KPI tables again on the way out (v_kpi reads kpi_current)."""
    with store.write(path, derive=derive) as con:
        for sql in statements:
            con.execute(sql)


@pytest.fixture
def app_db(seed_db, monkeypatch) -> Path:
    """Pages under AppTest read the seed database."""
    monkeypatch.setenv("PLANS_DB", str(seed_db))
    return seed_db


@pytest.fixture(scope="module")
def server(seed_db):
    """A fresh `streamlit run` on the seed database for each browser-test module, so the module's
    first request is a cold deep link."""
    from tests.browser import streamlit_server
    with streamlit_server(seed_db) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session; each test opens its own tab."""
    from tests.browser import chromium
    with chromium() as b:
        yield b


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test leaves what each of its tabs showed: a screenshot in test-artifacts/
    and the tab's address and text in the report, so a failure on another machine can be read."""
    outcome = yield
    report = outcome.get_result()
    browser = item.funcargs.get("browser") if report.when == "call" and report.failed else None
    if browser is None:
        return
    from tests.browser import ARTIFACTS
    pages = [page for context in browser.contexts for page in context.pages]
    for i, page in enumerate(pages):
        try:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"failed-{item.name}-{i}.png"), full_page=True, timeout=10_000)
            state = page.evaluate("""() => { const app = document.querySelector('[data-testid="stApp"]');
                return app ? `script ${app.dataset.testScriptState}, connection ${app.dataset.testConnectionState}` : 'no app'; }""")
            health = page.evaluate("""async () => { try { const r = await fetch('/_stcore/health');
                return `${r.status} ${await r.text()}`; } catch (e) { return String(e); } }""")
            text = state + f", health {health}\n" + page.inner_text("body", timeout=10_000)
        except Exception as exc:   # a closed or hung tab: say so, keep the failure itself
            text = f"(読めませんでした: {exc})"
        report.sections.append((f"tab {i}: {page.url}", text[:3000]))


@pytest.fixture(autouse=True)
def _close_tabs(request):
    """Close the tabs a browser test opened, so the session's Chromium does not pile them up."""
    yield
    if "browser" in request.fixturenames:
        for context in request.getfixturevalue("browser").contexts:
            context.close()


@pytest.fixture(autouse=True)
def _read_in_process(request, monkeypatch):
    """Under scripts/mutation.sh (PLANS_TEST_READ_IN_PROCESS=1), read an upload in this process.

    mutmut records which test calls which function only in its own process, and switches a mutant
    on by an environment variable: a read in the child would count for no test, and would start an
    interpreter per upload. The child's own behaviour (limits, deaths) stays tested as it is in
    tests/test_isolation.py and the browser tests, which keep the child.
    """
    module = request.module.__name__.rsplit(".", 1)[-1]
    if os.environ.get("PLANS_TEST_READ_IN_PROCESS") != "1" or module in ("test_isolation",) \
            or module.startswith("test_browser"):
        return

    def run(data, name, context, limits, progress):
        preview = importer.read_file(data, name, context, progress, limits)
        return pickle.loads(pickle.dumps(preview))  # what the child hands back, through pickle

    monkeypatch.setattr(isolation, "run", run)


def open_app_page(page: str, **params):
    """A page reached as a user does, through app.py's navigation, with `params` in its URL."""
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at
