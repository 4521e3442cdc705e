"""End to end: the dashboard in headless Chromium, as a person opens it."""
from __future__ import annotations

from tests.browser import open_page, screenshot


def test_overview_shows_real_figures(server, browser):
    page = open_page(browser, server + "/")
    page.get_by_text("市名記載なし").first.wait_for()
    page.locator("[data-testid=stTable] table").nth(3).wait_for()   # one per city and 市名記載なし
    body = page.inner_text("body")
    for city in ("厚木市", "綾瀬市", "相模原市"):
        assert city in body
    assert "223,930" in body            # 厚木市 population (推計人口 2024-02-01)
    screenshot(page, "overview")
    assert "H18 (2006)～H27 (2015)" in body  # 綾瀬市 あやせ経営戦略プラン
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    # 厚木市 per plan (issue #16): the 実績報告's 28 indicators apart from the research paper's 19 goals
    assert values[:10] == ["28", "14", "0", "3", "11", "19", "0", "0", "0", "19"]
    assert "研究報告・研究論文" in body
    assert page.title().startswith("概要")
    screenshot(page, "overview")


def test_japanese_text_is_drawn_with_a_japanese_font(server, browser):
    page = open_page(browser, server + "/")
    # A CJK glyph drawn as an empty box has the same width as any other missing glyph; with a
    # Japanese font, 一 and 鬱 differ. Measured in the page's own font stack.
    widths = page.evaluate("""() => {
        const c = document.createElement('canvas').getContext('2d');
        c.font = '32px ' + getComputedStyle(document.body).fontFamily;
        return ['一', '鬱', '\\u{10FFFD}'].map(t => c.measureText(t).width);
    }""")
    assert widths[0] != widths[2] or widths[1] != widths[2], widths
