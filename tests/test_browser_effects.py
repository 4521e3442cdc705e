"""End to end: the 効果額 page in headless Chromium, opened by its deep link on a fresh server.

Figures from 001_9480041d8c514e34.txt (行革推進プラン, R4～R9).
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.browser import IDLE, open_page, screenshot

BARS = '[data-testid="stVegaLiteChart"] svg.marks [aria-roledescription="bar"]'
MARKS = '[data-testid="stVegaLiteChart"] svg.marks'


def wait_for_charts(page, count: int) -> None:
    page.wait_for_selector(BARS, timeout=60_000)
    page.wait_for_function(f"document.querySelectorAll('{MARKS}').length >= {count}", timeout=60_000)


def test_deep_link_as_first_request_shows_the_page(server, browser):
    # The module's first request to this server: the bookmarked page, not "/".
    # Tall enough for the whole page: Streamlit scrolls inside its own container, not the window.
    page = open_page(browser, server + "/effect_amounts", height=2900)
    wait_for_charts(page, 3)
    assert page.title().startswith("効果額")
    body = page.inner_text("body")
    # 001 後期, 合計額 2,611,600 against 計画策定時 2,674,093, 比較 △62,493
    assert "2,611,600 千円" in body
    assert "2,674,093 千円" in body
    assert "△62,493 千円" in body   # the delta written with △ like every figure (#17)
    assert "印刷された合計と一致（24/24）" in body
    assert "後期アクションプラン策定時の効果額" in body
    nav = page.locator('[data-testid="stSidebar"] a').all_inner_texts()
    assert any("効果額" in n for n in nav)
    svg = page.inner_html('[data-testid="stVegaLiteChart"] >> nth=0')
    assert "見込みは薄い色・点線の枠" in svg
    assert "計 1,018,560 千円" in svg          # the net of R9 (2027), 後期
    screenshot(page, "effect_amounts-default")


def test_url_with_filters_restores_plan_time_in_oku_yen(server, browser):
    page = open_page(browser, server + "/effect_amounts?estimate=%E8%A8%88%E7%94%BB%E7%AD%96%E5%AE%9A%E6%99%82"
                                       "&unit=%E5%84%84%E5%86%86", height=2900)
    wait_for_charts(page, 3)
    body = page.inner_text("body")
    assert "計画策定時の効果額" in body
    assert "26.74 億円" in body            # 001 計画策定時 合計額 2,674,093 千円
    assert "26.12 億円" in body            # 001 後期 合計額 2,611,600 千円
    assert "△0.62 億円" in body
    # R4 net △52,218 千円, once the first chart has written its labels (its marks come first)
    page.locator('[data-testid="stVegaLiteChart"] >> nth=0').locator("text", has_text="計 △0.52 億円").first.wait_for()
    svg = page.inner_html('[data-testid="stVegaLiteChart"] >> nth=0')
    assert "改革改善効果額（億円）" in svg
    assert page.get_by_role("combobox", name="時点").input_value() == "計画策定時"
    assert page.get_by_role("radio", name="億円").is_checked()
    screenshot(page, "effect_amounts-plan-time-oku")


def test_switching_the_unit_writes_it_into_the_url(server, browser):
    page = open_page(browser, server + "/effect_amounts")
    wait_for_charts(page, 3)
    page.get_by_text("百万円", exact=True).click()
    page.wait_for_function("document.body.innerText.includes('2,611.6 百万円')", timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    assert parse_qs(urlsplit(page.url).query)["unit"] == ["百万円"]
    wait_for_charts(page, 3)
    screenshot(page, "effect_amounts-million-yen")
