"""取組一覧 end to end: a deep link as the first request to a fresh server, in headless Chromium."""
from __future__ import annotations

from urllib.parse import quote

from dashboard import search_view
from tests.browser import open_page, screenshot

MARKS = '[data-testid="stVegaLiteChart"] svg.marks [aria-roledescription="bar"]'
CHART_TEXT = '[data-testid="stVegaLiteChart"] svg.marks text'


def _open(browser, url, **params):
    query = "&".join(f"{k}={quote(v)}" for k, v in params.items())
    # Tall enough for the whole page: Streamlit scrolls inside its own container.
    page = open_page(browser, f"{url}/initiatives" + (f"?{query}" if query else ""), height=3300)
    page.locator(MARKS).first.wait_for(timeout=60_000)
    return page


def test_deep_link_opens_the_page_with_real_figures(server, browser):
    # The module's first request to this server: the page file runs without app.py.
    page = _open(browser, server)
    assert page.title() == "取組一覧｜行政改革プラン分析"
    page.get_by_text("取組 129件（全129件）").wait_for()
    page.get_by_text("計 23").wait_for()
    page.locator(CHART_TEXT, has_text="行政マネジメント課").first.wait_for()   # the department chart drawn too
    labels = page.locator(CHART_TEXT).evaluate_all("els => els.map(e => e.textContent)")  # SVG: no innerText
    # 001 取組み整理表: (2)行政のデジタル化等による業務変革 — 14 継続, 5 新規, 4 廃止
    assert {"14", "5", "4", "計 23", "継続", "新規", "廃止"} <= set(labels)
    # departments: 行政マネジメント課 leads with 29 lines of 001
    assert {"行政マネジメント課", "29", "D X 推進課"} <= set(labels)
    body = page.inner_text("body")
    assert "市名記載なし\u3000行革推進プラン" in body
    assert "担当課の記載がない取組 39件・成果指標 41件は含みません" in body
    nav = page.locator('[data-testid="stSidebar"] a').all_inner_texts()
    assert any("取組一覧" in n for n in nav)
    screenshot(page, "initiatives")


def test_url_with_filters_restores_the_view(server, browser):
    page = _open(browser, server, review="廃止", q="BPR")
    page.get_by_text("取組 5件（全129件）").wait_for()
    assert page.locator('[data-testid="stSidebar"]').get_by_label(search_view.LABEL).input_value() == "BPR"
    assert "廃止" in page.locator('[data-testid="stMultiSelect"]').filter(has_text="見直し区分").inner_text()
    screenshot(page, "initiatives-abolished-bpr")


def test_city_without_departments_says_so(server, browser):
    page = _open(browser, server, city="綾瀬市")
    page.get_by_text("取組 39件（全129件）").wait_for()
    page.get_by_text("担当課の記載がある取組・成果指標はありません").wait_for()
    assert page.locator('[data-testid="stVegaLiteChart"]').count() == 1
    screenshot(page, "initiatives-ayase")
