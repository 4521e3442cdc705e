"""The benchmark's light client speaks Streamlit's websocket protocol as the browser does, refs #8."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from benchmarks import sessions

# the seed's default effect plan has two estimates: by area and year, cumulative, the comparison
EFFECT_CHARTS = 4   # by area and year, 累計, 時点の比較, 計画比


def _run(coroutine):
    """asyncio.run in a thread of its own: Playwright's sync API may own this thread's event loop
    when the browser tests ran first in the same process."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _views(url: str, *requests: tuple[str, int, bool]) -> list[dict]:
    session = sessions.Session(url)
    try:
        return [await session.view(path, charts, 60, follow_link=link) for path, charts, link in requests]
    finally:
        await session.close()


def test_deep_link_receives_every_chart_then_script_finished(server):
    view = _run(sessions.view_once(server, "/effect_amounts", EFFECT_CHARTS))
    assert view["error"] is None and not view["timeout"]
    assert view["charts"] == EFFECT_CHARTS
    assert 0 < view["first"] <= view["chart"] <= view["idle"]


def test_page_link_in_the_same_session_gets_cached_charts_by_reference(server):
    first, kpi, again = _run(_views(server, ("/effect_amounts", EFFECT_CHARTS, False),
                                           ("/kpi", 1, True), ("/effect_amounts", EFFECT_CHARTS, True)))
    assert first["refs"] == 0 and first["error"] is None
    assert kpi["error"] is None and kpi["charts"] >= 1 and kpi["idle"] is not None
    # the client declared the charts it holds; the server sent references, resolved from its cache
    assert again["refs"] >= EFFECT_CHARTS and again["charts"] == EFFECT_CHARTS and again["error"] is None


def test_unknown_page_is_reported_not_timed(server):
    view = _run(sessions.view_once(server, "/no_such_page", 0))
    assert view["error"] == "page not found: no_such_page"
    assert view["idle"] is not None
