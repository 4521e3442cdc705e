"""End to end (issue #16): an analyst uploads a KPI sheet graded A / B / C with a new pillar,
gives the grades and the pillar their meaning on the preview, commits, and sees the plan's
achievement rate on 都市比較 and its judgements on 概要."""
from __future__ import annotations

from tests.browser import IDLE, choose, open_page, screenshot, streamlit_server
from tests.test_browser_comparison import CHARTS
from tests.test_importer import xlsx
from tests.test_onboarding import ROWS


def _choose(page, label: str, option: str, then: str) -> None:
    """Choose in the selectbox of `label`, then wait for the page's answer `then` to be drawn."""
    choose(page, label, option)
    page.locator('[data-testid="stTable"]').filter(has_text=then).first.wait_for()
    page.wait_for_selector(IDLE)


def test_map_grades_and_a_pillar_at_preview_then_see_the_rate(live, browser, tmp_path):
    workbook = tmp_path / "評価プラン.xlsx"
    workbook.write_bytes(xlsx(ROWS, "評価"))
    with streamlit_server(live) as url:
        page = open_page(browser, url + "/upload", width=1280, height=720)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(workbook))
        page.get_by_role("heading", name="判定の意味とテーマの対応").wait_for()
        page.get_by_text("判定できる指標なし").wait_for()
        # each choice is counted at once: the rate of the plan as 都市比較 will show it
        for word, meaning, rate in (("A", "達成", "100%（1件中1件）"), ("B", "一部達成", "50%（2件中1件）"),
                                    ("C", "未達成", "33%（3件中1件）")):
            _choose(page, f"達成マーク「{word}」", meaning, rate)
        _choose(page, "政策分野「5 新しい柱」", "財政・財源", "財政・財源")
        page.get_by_text("取込後の判定の内訳").scroll_into_view_if_needed()
        screenshot(page, "onboarding-mapped-1280")
        page.get_by_role("button", name="この内容で取り込む").click()
        page.get_by_text("バッチ 2 として取り込みました（4 行、対応 4 件）").wait_for()   # 3 indicators and the new plan

        compare = open_page(browser, url + "/comparison?cities=綾瀬市", width=1280, height=720)
        compare.locator(f"{CHARTS} [aria-roledescription='bar']").first.wait_for()
        compare.get_by_text("33%（3件中1件）").first.wait_for()
        assert "0%（1件中0件）" not in compare.inner_text("body")
        compare.get_by_role("heading", name="成果指標の達成率").scroll_into_view_if_needed()
        screenshot(compare, "onboarding-comparison-1280")

        overview = open_page(browser, url + "/", width=1280, height=720)
        plan = overview.get_by_text("評価プラン").first
        plan.wait_for()
        plan.scroll_into_view_if_needed()
        assert "評価プラン（）" not in overview.inner_text("body")
        screenshot(overview, "onboarding-overview-1280")
