"""A copied URL reopens the same view (issue #14): every page writes its resolved defaults and the
one key of each filter into the URL, and a bookmark with an old spelling opens the same view too."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser import IDLE, open_page

CHARTS = '[data-testid="stVegaLiteChart"] svg.marks'
# (path as first opened, charts drawn, keys the URL must then hold, old keys it must no longer hold)
VISITS = {
    "overview": ("/", 0, set(), set()),
    "effect_amounts": ("/effect_amounts", 4, {"effect_plan", "estimate", "unit"}, set()),
    "kpi-old-keys": ("/kpi?cities=厚木市&dept=職員課", 1, {"city", "department", "ind"}, {"cities", "dept"}),
    "kpi-series": ("/kpi?view=統計", 1, {"series", "view"}, set()),
    "comparison-old-keys": ("/comparison?cities=綾瀬市&cities=相模原市", 3, {"city", "measure"}, {"cities"}),
    "initiatives": ("/initiatives?departments=行政経営課", 2, {"department", "review_plan", "initiative"},
                    {"departments"}),
}


def _settled(page, charts: int) -> str:
    if charts:
        page.wait_for_function(f"[...document.querySelectorAll('{CHARTS}')].length >= {charts} && "
                               f"[...document.querySelectorAll('{CHARTS}')].every(s => s.querySelector('text'))")
    else:  # 概要 draws no chart: its headline figures are the view
        page.wait_for_selector('[data-testid="stMetricValue"]')
    page.wait_for_selector(IDLE)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stElementContainer\"][data-stale=\"true\"]')")
    # what the view shows: its headings, headline figures and each chart's accessible summary,
    # which lists the chart's figures (text that arrives later, like tables, is left out)
    return page.evaluate("""() => [...document.querySelectorAll('h1, h2, h3, [data-testid="stMetricValue"]')]
        .map(e => e.innerText.trim()).concat([...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
        .map(e => e.getAttribute('aria-label'))).join('\\n')""")


@pytest.mark.parametrize("name", VISITS)
def test_a_copied_url_reopens_the_same_view(server, browser, name):
    path, charts, keys, old = VISITS[name]
    first = open_page(browser, server + path)
    shown = _settled(first, charts)
    if keys:
        first.wait_for_function("keys => keys.every(k => new URLSearchParams(location.search).has(k))", arg=sorted(keys))
    query = parse_qs(urlsplit(first.url).query)
    assert keys <= set(query) and not old & set(query), query
    again = open_page(browser, first.url)            # the URL as copied from the address bar
    assert _settled(again, charts) == shown
    assert parse_qs(urlsplit(again.url).query) == query
