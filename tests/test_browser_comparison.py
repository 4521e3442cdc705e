"""End to end: the 都市比較 page in headless Chromium, opened by its deep link on a fresh server."""
from __future__ import annotations

import pytest

from tests.browser import expand, open_page, screenshot

CHARTS = '[data-testid="stVegaLiteChart"] svg.marks'
# Tall enough that a full-page screenshot holds every section (Streamlit scrolls inside the page).
TALL = 3400


def _wait_for_page(page, charts: int) -> None:
    """Charts with their marks, and the table, which is drawn a moment after the script ends."""
    page.locator(CHARTS).nth(charts - 1).wait_for(timeout=60_000)
    page.locator(f'{CHARTS} [aria-roledescription="bar"]').first.wait_for(timeout=60_000)
    # the first table in sight (the mapping's is in a closed expander)
    page.locator('[data-testid="stTable"] table >> visible=true').first.wait_for(timeout=60_000)


def test_deep_link_opens_the_comparison_from_a_cold_start(server, browser):
    # The first request this server gets: the page's own URL, as a bookmark would send it.
    page = open_page(browser, server + "/comparison", height=TALL)
    _wait_for_page(page, 4)
    assert page.title().startswith("都市比較")
    body = page.inner_text("body")
    for text in ("82%（17件中14件）", "64%（11件中7件）",          # 000 H27 and 004 H24, judged counts beside
                 "H18", "(2006)", "R9", "(2027)",                 # the era axis of the timeline, on two lines
                 "大綱・H18 (2006)～H27 (2015)", "行革推進プラン・R4 (2022)～R9 (2027)", "市名記載なし",
                 "223,930人（推計人口", "725,493人（令和2年国勢調査）", "データなし", "比較できません",
                 "相模原市（総務局のみ）"):
        assert text in body, text
    assert "厚木市 H27 (2015)の実施計画" in page.locator('[data-testid="stAlert"]').inner_text()
    nav = page.locator('[data-testid="stSidebar"] a').all_inner_texts()
    assert any("都市比較" in n for n in nav)
    screenshot(page, "comparison-default")


def test_url_with_filters_restores_the_view(server, browser):
    query = "?cities=綾瀬市&cities=相模原市&measure=指標数"
    page = open_page(browser, server + "/comparison" + query, height=TALL)
    _wait_for_page(page, 3)   # neither city has a whole-city figure per resident to chart
    page.get_by_text("共通テーマ別の指標数（件）").first.wait_for()
    cities = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').inner_text()
    assert "綾瀬市" in cities and "相模原市" in cities and "厚木市" not in cities
    assert page.get_by_role("combobox", name="テーマの数え方").input_value() == "指標数"
    body = page.inner_text("body")
    assert "64%（11件中7件）" in body and "82%（17件中14件）" not in body
    assert "第3期あやせ集中改革プラン（H25～H27）" in body
    screenshot(page, "comparison-ayase-sagamihara-indicators")


def test_choosing_a_measure_writes_it_into_the_url(server, browser):
    page = open_page(browser, server + "/comparison")
    _wait_for_page(page, 4)
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="テーマの数え方").click()
    page.get_by_role("option", name="指標数").click()
    page.wait_for_url("**measure=*")
    page.get_by_text("共通テーマ別の指標数（件）").first.wait_for()
    assert "measure=%E6%8C%87%E6%A8%99%E6%95%B0" in page.url or "measure=指標数" in page.url


def test_like_for_like_sections_read_at_presenter_sizes(server, browser):
    """At 1280×720 and 1920×1080 the per-resident table says 比較できません with its reason and the
    year gap, the staffing table sets the printed figures side by side, and the mapping opens."""
    for width, height in ((1280, 720), (1920, 1080)):
        page = open_page(browser, server + "/comparison", width=width, height=height)
        _wait_for_page(page, 4)
        staffing = page.get_by_role("heading", name="職員数の基準・目標・実績")
        staffing.scroll_into_view_if_needed()
        table = page.locator('[data-testid="stTable"]', has_text="基準").first
        table.wait_for()
        text = table.inner_text()
        for printed in ("2,025人（平成23年度", "2,044人（令和３年度）", "30人(4.6%)削減（今後5年間",
                        "4,590人（平成25年度", "4,620人（平成25年度", "4,640人（平成26年度）", "記載なし", "総務局のみ"):
            assert printed in text, printed
        page.screenshot(path=str(screenshot_path(f"comparison-staffing-{width}")))
        per_capita = page.locator('[data-testid="stTable"]', has_text="人口").first
        per_capita.scroll_into_view_if_needed()
        text = per_capita.inner_text()
        assert "比較できません（事業費は総務局のみの計画の数値で、市全体の人口で割ると比べられる数値になりません）" in text
        assert "年次の差 2年度" in text
        page.screenshot(path=str(screenshot_path(f"comparison-per-capita-{width}")))
        expand(page, "共通テーマの対応表")
        table = page.locator('[data-testid="stExpander"] [data-testid="stTable"]').first
        table.get_by_text("対応の出典").wait_for()
        table.scroll_into_view_if_needed()
        # every column inside the page at this width, 対応の出典 the last: the table wraps, never scrolls
        box, header = table.bounding_box(), table.get_by_text("対応の出典").bounding_box()
        assert header["x"] + header["width"] <= box["x"] + box["width"] + 1 <= width
        assert table.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
        page.screenshot(path=str(screenshot_path(f"comparison-mapping-{width}")))
        page.close()


# The timeline's year labels (H18 / (2006) on two lines): their boxes, and any rotation.
YEAR_LABELS = """() => {
  const svg = document.querySelector('[data-testid="stVegaLiteChart"] svg.marks');
  return [...svg.querySelectorAll('.role-axis-label text')].filter(t => /^(H|R)\\d/.test(t.textContent.trim()))
    .map(t => { const r = t.getBoundingClientRect();
                return {text: t.textContent, transform: t.getAttribute('transform') || '',
                        left: r.left, right: r.right, top: r.top, bottom: r.bottom}; });
}"""


@pytest.mark.parametrize("mode", ["", "?present=1"])
@pytest.mark.parametrize("width, height", [(1280, 720), (1920, 1080)])
def test_timeline_years_read_horizontally_without_overlap(server, browser, width, height, mode):
    page = open_page(browser, server + "/comparison" + mode, width=width, height=height)
    _wait_for_page(page, 4)
    labels = page.evaluate(YEAR_LABELS)
    assert len(labels) >= 4, labels
    assert labels[0]["text"].startswith("H18") and labels[-1]["text"].startswith("R9"), labels
    assert not [t for t in labels if "rotate" in t["transform"] and "rotate(0)" not in t["transform"]], labels
    for a, b in zip(labels, labels[1:]):
        assert a["right"] + 2 <= b["left"], (a, b)        # left to right, apart
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()
    chart.screenshot(path=str(screenshot_path(f"comparison-timeline-{width}{'-present' if mode else ''}")))


def screenshot_path(name: str):
    from tests.browser import ARTIFACTS
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}.png"
