"""取組一覧 at 1280×720 (issue #16): an opened initiative's figures table reads whole, its long
出典 wrapped inside the page, with no column cut and no horizontal scroll."""
from __future__ import annotations

import urllib.parse

from tests.browser import IDLE, open_page, screenshot

INITIATIVE = "２-(２)-エ 公共施設エネルギー利用の合理化（厚木市）"


def test_the_figures_table_of_an_opened_initiative_fits_1280(server, browser):
    query = urllib.parse.urlencode({"city": "厚木市", "initiative": INITIATIVE})
    page = open_page(browser, f"{server}/initiatives?{query}", width=1280, height=720)
    table = page.locator('[data-testid="stTable"]').filter(has_text="資料の文中の数値").first
    table.wait_for()
    page.wait_for_selector(IDLE)
    table.scroll_into_view_if_needed()
    # nothing wider than the table's own box, and the table inside the main column
    assert table.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "the figures table scrolls sideways"
    main = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
    box = table.bounding_box()
    assert box["x"] + box["width"] <= main["x"] + main["width"] + 1
    text = table.inner_text()
    for words in ("16.32KW", "15.6KW", "15kW", "p.4 分類２-(２)-エ 平成27年度の実績 2", "平成27年度の計画 2"):
        assert words in " ".join(text.split()), words
    screenshot(page, "initiative-figures-1280")
