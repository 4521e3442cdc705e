"""Briefing decks: the sample deck, slides drawn from today's data, editing through the writer
path, decks surviving a rebuild, and presentation mode in the browser."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import slides
from loaders import seed, store
from tests.browser import open_page, screenshot
from tests.conftest import ROOT


def _slides(path, deck="議会説明サンプル"):
    con = store.connect_reader(path)
    try:
        return con.execute("select position, title, view from slides where deck = ? order by position", [deck]).fetchall()
    finally:
        con.close()


def test_sample_deck_has_four_views(seed_con):
    views = [r[0] for r in seed_con.execute(
        "select view from slides where deck = '議会説明サンプル' order by position").fetchall()]
    assert views == ["effect_by_area", "estimate_comparison", "kpi_status_by_area", "plan_timeline"]


def test_slides_are_drawn_with_headline_figures(app_db):
    effect = slides.draw("effect_by_area", {"estimate": "後期アクションプラン策定時", "unit": "千円"})
    assert effect.headlines[0] == ("合計（R4 (2022)～R9 (2027)）", "2,611,600 千円")
    compared = slides.draw("estimate_comparison", {"unit": "千円"})
    assert [v for _, v in compared.headlines] == ["2,674,093 千円", "2,611,600 千円", "△62,493 千円"]
    kpi = slides.draw("kpi_status_by_area", {"city": "厚木市", "fy": "2015"})
    assert kpi.headlines == [("達成", "14件"), ("未達成", "3件"), ("判定なし", "11件")]
    assert kpi.source == "出典: 厚木市 平成27年度 行政経営プラン実施計画 実績報告"  # by title, never the file (issue #15)
    timeline = slides.draw("plan_timeline", {})
    assert timeline.chart is not None and timeline.headlines[0] == ("計画・期間", "8件")


def test_a_view_whose_data_is_gone_says_so(app_db):
    with pytest.raises(slides.SlideError, match="存在しない時点"):
        slides.draw("effect_by_area", {"estimate": "存在しない時点"})
    with pytest.raises(slides.SlideError):
        slides.draw("no_such_view", {})


def test_reorder_edit_and_remove_slides(live):
    at = AppTest.from_file(str(ROOT / "pages/briefing.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    next(b for b in at.button if b.key == "down1").click().run()
    assert [v for _, _, v in _slides(live)][:2] == ["estimate_comparison", "effect_by_area"]
    next(b for b in at.button if b.key == "drop4").click().run()
    assert len(_slides(live)) == 3


def test_add_a_slide_from_the_effect_page(live):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/effect_amounts.py").run()
    assert not at.exception, at.exception
    form_inputs = [t for t in at.text_input if t.label == "新しいデッキの名前（新しいデッキのとき）"]
    deck_box = next(s for s in at.selectbox if s.label == "デッキ")
    deck_box.set_value("（新しいデッキ）")
    form_inputs[0].set_value("委員会資料")
    at = next(b for b in at.button if b.label == "スライドとして保存").click().run()
    assert _slides(live, "委員会資料") == [(1, "政策分野別・年度別の効果額", "effect_by_area")]


def test_decks_survive_a_rebuild(live):
    from dashboard import decks
    decks.add_slide("委員会資料", "比較", "estimate_comparison", {"unit": "億円"}, "メモ")
    seed.rebuild(live)
    assert _slides(live, "委員会資料") == [(1, "比較", "estimate_comparison")]
    assert len(_slides(live)) == 4


@pytest.mark.parametrize("width, height", [(1280, 720), (1920, 1080)])
def test_presentation_mode_fills_the_screen_without_chrome(server, browser, width, height):
    page = open_page(browser, f"{server}/briefing?deck=議会説明サンプル&slide=1&present=1", width, height)
    page.wait_for_selector('[data-testid="stVegaLiteChart"] svg.marks [aria-roledescription="bar"]')
    assert page.locator('[data-testid="stSidebar"]').is_hidden()
    assert page.locator('[data-testid="stHeader"]').is_hidden()
    assert page.locator('[data-testid="stToolbar"]').count() == 0 or page.locator('[data-testid="stToolbar"]').is_hidden()
    main = page.evaluate("""() => { const m = document.querySelector('[data-testid="stMain"]');
        return [m.scrollHeight, m.clientHeight, document.documentElement.scrollHeight, window.innerHeight]; }""")
    assert main[0] <= main[1] + 1 and main[2] <= main[3], main
    chart = page.locator('[data-testid="stVegaLiteChart"] svg.marks').bounding_box()
    assert chart["y"] + chart["height"] <= height
    assert chart["height"] >= height * 0.4
    text = page.inner_text("body")
    assert "2,611.6 百万円" in text and "データ版" in text and "1 / 4" in text
    title = page.evaluate("""() => { const t = document.querySelector('svg.marks .role-title-text text');
        return t ? parseFloat(getComputedStyle(t).fontSize || t.getAttribute('font-size')) : 0; }""")
    screenshot(page, f"present-{width}x{height}")
    page.get_by_role("button", name="次へ →").click()
    page.get_by_text("2 / 4").wait_for()
    assert "slide=2" in page.url
    page.keyboard.press("ArrowRight")
    page.get_by_text("3 / 4").wait_for()
    page.keyboard.press("ArrowLeft")
    page.get_by_text("2 / 4").wait_for()
    assert title >= 28  # presentation type: chart titles at 28 px or more


def test_deck_downloads_with_its_japanese_file_name(server, browser):
    page = open_page(browser, f"{server}/briefing?deck=議会説明サンプル")
    button = page.get_by_role("button", name="PowerPoint（.pptx）")
    button.wait_for()
    with page.expect_download() as caught:
        button.click()
    download = caught.value
    assert download.suggested_filename == "議会説明サンプル.pptx"
    assert download.failure() is None
    screenshot(page, "briefing-editor")


def test_a_chart_downloads_as_png_at_twice_the_size(server, browser, app_db):
    import struct

    from dashboard import render
    from dashboard.charts import effects as charts
    from dashboard.queries import effects as queries
    from tests.browser import IDLE
    page = open_page(browser, f"{server}/effect_amounts")
    button = page.locator("[data-testid=stDownloadButton] button").filter(has_text="PNG").first
    button.wait_for()
    page.wait_for_selector(IDLE)      # the page's script has finished: the button is the final one
    with page.expect_download() as caught:
        button.click()
    download = caught.value
    # path() waits until the whole file has arrived; failure() says why it did not.
    data = download.path().read_bytes()
    assert download.failure() is None
    assert download.suggested_filename == "効果額_後期アクションプラン策定時.png"
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    # The same chart drawn here from the same database, at the slides' 2×: the same pixels wide and high.
    estimate = "後期アクションプラン策定時"
    chart = charts.by_area_and_year(queries.amounts(None, "行革推進プラン", estimate),
                                    queries.year_totals(None, "行革推進プラン", estimate), "千円", estimate=estimate)
    expected = struct.unpack(">II", render.png(chart)[16:24])
    assert struct.unpack(">II", data[16:24]) == expected
    assert expected[0] >= 2 * render.EXPORT_WIDTH
