"""The one search in headless Chromium (issue #16): 「BCP」 on 取組一覧, then the initiative opened
with its indicator, as a 厚木市 行政経営課 officer would do it."""
from __future__ import annotations

from dashboard import search_view
from tests.browser import open_page, screenshot

BCP = "業務継続計画（BCP）の策定及び改定"
SEARCH = f'[data-testid="stSidebar"] input[aria-label="{search_view.LABEL}"]'


def test_search_bcp_and_open_the_initiative_with_its_indicator(server, browser):
    page = open_page(browser, f"{server}/initiatives", width=1280, height=720)
    page.get_by_text("取組 129件（全129件）").wait_for()
    box = page.locator(SEARCH).last
    box.fill("BCP")
    box.press("Enter")
    page.get_by_text("取組 1件（全129件）").wait_for()
    # open it: the initiative is chosen in 「取組を開く」
    page.get_by_text("取組を開く（成果指標と資料の記述）").wait_for()
    page.locator('[data-testid="stSelectbox"]').filter(has_text="取組を開く").click()
    page.get_by_role("option", name=f"１-(３)-ア\u3000{BCP}（厚木市）").click()
    # 000 １-(３)-ア: 年次計画どおり見直しが行われていること 目標 - 実績 - 目標達成 -
    table = page.locator('[data-testid="stTable"]').filter(has_text="年次計画どおり見直しが行われていること").first
    table.wait_for()
    assert "H27 (2015)" in table.inner_text() and "判定なし" in table.inner_text()
    page.get_by_text("担当課: 行政経営課・危機管理課").wait_for()
    page.get_by_text("検索語が見つかった記載 2件", exact=False).wait_for()
    assert "分類１-(３)-ア" in page.inner_text("body")
    screenshot(page, "search-bcp-initiative")


def test_kpi_page_search_bcp_names_the_initiative(server, browser):
    page = open_page(browser, f"{server}/kpi?q=BCP", width=1280, height=720)
    page.get_by_text("この指標の取組: １-(３)-ア", exact=False).wait_for()
    assert BCP in page.inner_text("body")
    screenshot(page, "search-bcp-kpi")
