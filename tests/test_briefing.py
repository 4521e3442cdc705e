"""Briefing decks: the sample deck, slides drawn with every filter pinned, editing in the deck
file (never the plan database), decks surviving a rebuild, and presentation mode in the browser."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import slides
from loaders import seed, store
from tests.browser import download as browser_download
from tests.browser import open_page, screenshot
from tests.conftest import ROOT


def _slides(path, deck="議会説明サンプル"):
    from dashboard import decks
    assert store.db_path() == path
    return [(r.position, r.title, r.view) for r in decks.slides(deck).itertuples()]


def test_sample_deck_has_four_views(app_db):
    from dashboard import decks
    assert decks.slides("議会説明サンプル")["view"].tolist() == [
        "effect_by_area", "estimate_comparison", "kpi_status_by_area", "plan_timeline"]


def test_sample_deck_pins_every_filter(app_db):
    from dashboard import decks
    params = decks.slides("議会説明サンプル")["params"].tolist()
    assert params[0] == {"city": None, "plan": "行革推進プラン", "estimate": "後期アクションプラン策定時", "unit": "百万円"}
    assert params[1]["plan"] == "行革推進プラン"
    assert params[2]["cities"] == ["厚木市"] and params[2]["years"] == [2015, 2015]


def test_old_slide_parameters_are_read_with_their_old_names(app_db):
    old = slides.draw("kpi_status_by_area", {"city": "厚木市", "fy": "2015"})
    new = slides.draw("kpi_status_by_area", {"cities": ["厚木市"], "years": [2015, 2015]})
    assert old.headlines == new.headlines == [("達成", "14件"), ("未達成", "3件"), ("判定なし", "11件")]
    assert slides.kpi_filter({"dept": ["行政改革課"]}).departments == ("行政改革課",)
    assert slides.kpi_filter({"department": "行政改革課"}).departments == ("行政改革課",)


def test_the_deck_page_names_filters_in_japanese():
    assert slides.describe({"city": None, "plan": "行革推進プラン", "estimate": "後期アクションプラン策定時",
                            "unit": "百万円"}) == "市: 市名記載なし、計画: 行革推進プラン、時点: 後期アクションプラン策定時、単位: 百万円"
    assert slides.describe({"cities": ["厚木市"], "years": [2015, 2015], "statuses": ["achieved"],
                            "undated": False}) == "市: 厚木市、年度: H27 (2015)、判定: 達成"


def test_slides_are_drawn_with_headline_figures(app_db):
    effect = slides.draw("effect_by_area", {"plan": "行革推進プラン", "estimate": "後期アクションプラン策定時", "unit": "千円"})
    assert effect.headlines[0] == ("合計（R4 (2022)～R9 (2027)）", "2,611,600 千円")
    compared = slides.draw("estimate_comparison", {"plan": "行革推進プラン", "unit": "千円"})
    assert [v for _, v in compared.headlines] == ["2,674,093 千円", "2,611,600 千円", "△62,493 千円"]
    kpi = slides.draw("kpi_status_by_area", {"city": "厚木市", "fy": "2015"})
    assert kpi.headlines == [("達成", "14件"), ("未達成", "3件"), ("判定なし", "11件")]
    assert kpi.source == "出典: 厚木市 平成27年度 行政経営プラン実施計画 実績報告"  # by title, never the file (issue #15)
    timeline = slides.draw("plan_timeline", {})
    assert timeline.chart is not None and timeline.headlines[0] == ("計画・期間", "8件")


def test_a_slide_footer_names_its_first_document_whole_and_counts_the_others(app_db):
    """The footer's source is a document's whole label: a label has spaces and a section follows
    its 、, so neither may end it (「出典: 厚木市」 named no document; 「ほか 1 資料」 counted a table)."""
    from dashboard.briefing_view import short_source
    atsugi = "厚木市 平成27年度 行政経営プラン実施計画 実績報告"
    assert short_source(f"出典: {atsugi}（２ 強い財政をつくる）p.4 分類２-(２)-エ") == f"出典: {atsugi}"
    late = "後期アクションプラン策定について（市名記載なし）"
    assert short_source(f"出典: {late}、後期アクションプラン策定時点の改革改善効果額見込み（単位：千円）") == f"出典: {late}"
    five = [bits[1] for bits in slides_of(app_db)]
    assert [short_source(s) for s in five] == [f"出典: {late}", f"出典: {late}", f"出典: {atsugi}", f"出典: {atsugi} ほか 4 資料"]
    assert short_source("出典: 新しい計画 p.3、表2") == "出典: 新しい計画 p.3、表2"    # no known document: as written


def slides_of(db):
    from dashboard import deck_files, decks
    deck = "議会説明サンプル"
    return [(r.position, deck_files.draw(r.view, r.params, deck_files.batch_of(deck)).source)
            for r in decks.slides(deck).itertuples()]


def test_a_view_whose_data_is_gone_says_so(app_db):
    with pytest.raises(slides.SlideError, match="時点「存在しない時点」.*近い選択肢: 「"):
        slides.draw("effect_by_area", {"plan": "行革推進プラン", "estimate": "存在しない時点"})
    with pytest.raises(slides.SlideError, match="計画「行革推進プラソ（市名記載なし）」.*近い選択肢: 「行革推進プラン（市名記載なし）」"):
        slides.draw("effect_by_area", {"plan": "行革推進プラソ", "estimate": "計画策定時"})
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


def test_add_the_plan_actual_chart_from_the_effect_page_with_both_estimates_pinned(live):
    from dashboard import decks
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/effect_amounts.py").run()
    next(s for s in at.selectbox if s.label == "デッキ").set_value("（新しいデッキ）")
    next(t for t in at.text_input if t.label == "新しいデッキの名前（新しいデッキのとき）").set_value("委員会資料")
    next(r for r in at.radio if r.label == "図").set_value("effect_plan_actual")
    at = next(b for b in at.button if b.label == "スライドとして保存").click().run()
    assert not at.exception, at.exception
    row = decks.slides("委員会資料").iloc[0]
    assert (row.view, row.title) == ("effect_plan_actual", "計画比（計画策定時と最新の時点）")
    assert row.params["plan_estimate"] == "計画策定時" and row.params["latest_estimate"] == "後期アクションプラン策定時"
    assert row.params["plan"] == "行革推進プラン"


def test_decks_survive_a_rebuild(live):
    from dashboard import decks
    decks.add_slide("委員会資料", "比較", "estimate_comparison", {"plan": "行革推進プラン", "unit": "億円"}, "メモ")
    seed.rebuild(live)
    assert _slides(live, "委員会資料") == [(1, "比較", "estimate_comparison")]
    assert len(_slides(live)) == 4


def test_a_deck_edit_leaves_the_plan_database_and_its_cached_queries_alone(live, monkeypatch):
    from dashboard import db, decks
    before_file, before_version = live.read_bytes(), db.database().version()
    stamp = db.data_version()
    db.query("select count(*) as n from v_kpi")
    runs = []
    fetch = db.Database.fetch
    monkeypatch.setattr(db.Database, "fetch", lambda self, *a, **k: runs.append(a) or fetch(self, *a, **k))
    decks.add_slide("委員会資料", "比較", "estimate_comparison", {"plan": "行革推進プラン", "unit": "億円"})
    decks.move_slide("議会説明サンプル", 1, 1)
    decks.update_slide("議会説明サンプル", 1, "新しい題", "メモ")
    decks.remove_slide("議会説明サンプル", 4)
    decks.freeze("議会説明サンプル", 1, *stamp)
    decks.unfreeze("議会説明サンプル")
    assert live.read_bytes() == before_file
    assert db.database().version() == before_version and db.data_version() == stamp
    assert db.query("select count(*) as n from v_kpi")["n"].iloc[0] == 77 and runs == []   # served from the cache
    assert decks.path() == live.with_name("plans.decks.json") and decks.path().exists()
    assert [t for _, t, _ in _slides(live)] == ["新しい題", "行革推進プラン 改革改善効果額（政策分野別・年度別）",
                                                "厚木市 平成27年度 成果指標の達成状況（政策分野別）"]


def test_a_deck_file_is_replaced_whole(live, monkeypatch):
    """A writer that fails halfway leaves the deck file as it was (written to a copy, then renamed)."""
    import json as json_module

    from dashboard import decks
    decks.add_slide("委員会資料", "比較", "estimate_comparison", {"plan": "行革推進プラン", "unit": "億円"})
    before = decks.path().read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(json_module, "dump", broken)
    with pytest.raises(OSError):
        decks.add_slide("委員会資料", "二枚目", "plan_timeline", {})
    assert decks.path().read_bytes() == before
    assert not list(decks.path().parent.glob(".*.staging"))


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
    text = page.inner_text("body").replace("\u00a0", " ")   # a figure and its unit kept together
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
    download = browser_download(page, button)
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
    download = browser_download(page, button)
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
