"""Every chart of every page is a slide kind pinned by its filters, and every view fits its canvas.

For each view (slides.VIEWS): its chart as the page exports it (PNG/SVG through render) and as a
1280×720 slide draws it (deck_export.slide_spec) keeps every text element's box inside the SVG's
viewBox, cuts no label with 「…」, and writes no two labels of one axis over each other; on the
slide, type is at least room size (test_slide_legibility.LEAST). 1920×1080 shows the same picture
at 1.5×, so what fits at 1280×720 fits there.
"""
from __future__ import annotations

import pytest

from dashboard import render, slides
from dashboard.queries import initiatives as initiative_queries
from tests.test_slide_legibility import _texts, check_fits, samples

VIEW_NAMES = ["effect_by_area", "effect_cumulative", "estimate_comparison", "effect_plan_actual", "kpi_indicator", "kpi_ratios",
              "kpi_status_by_area", "kpi_series", "plan_timeline", "comparison_themes", "comparison_rates",
              "per_thousand_staff", "per_thousand_cost", "initiative_reviews", "initiative_departments"]


def test_every_chart_of_every_page_is_a_slide_kind():
    assert sorted(slides.VIEWS) == sorted(VIEW_NAMES)
    assert {file for file, _, _ in slides.VIEWS.values()} == {
        "pages/effect_amounts.py", "pages/kpi.py", "pages/comparison.py", "pages/initiatives.py"}


@pytest.mark.parametrize("view", VIEW_NAMES)
def test_each_view_draws_its_chart_with_figures_and_a_source(app_db, view):
    slide = slides.draw(view, samples()[view])
    assert slide.chart is not None and slide.figures and slide.source.startswith(("出典", "人口"))


def test_the_indicator_slide_draws_the_pinned_indicator_not_the_default(app_db):
    slide = slides.draw("kpi_indicator", samples()["kpi_indicator"])
    assert slide.headlines == [("実績（H24 (2012)）", "6,181人")]       # 相模原市 経営方針, 重点目標 H24


def test_a_pinned_indicator_that_is_gone_names_the_nearest_choice(app_db):
    params = {**samples()["kpi_indicator"], "indicator": "相模原市｜市民の国際交流の参加者数"}
    with pytest.raises(slides.SlideError, match="近い選択肢: 「相模原市｜"):
        slides.draw("kpi_indicator", params)


def test_a_pinned_statistic_and_review_plan_that_are_gone_say_so(app_db):
    with pytest.raises(slides.SlideError, match="統計「ない統計」"):
        slides.draw("kpi_series", {**samples()["kpi_series"], "series": "ない統計"})
    with pytest.raises(slides.SlideError, match="近い選択肢: 「市名記載なし　行革推進プラン」"):
        slides.draw("initiative_reviews", {"review_plan": "行革推進プラン"})


def test_the_status_slide_counts_by_the_pinned_group(app_db):
    by_theme = slides.draw("kpi_status_by_area", samples()["kpi_status_by_area"])
    assert by_theme.chart.to_dict()["title"].startswith("共通テーマごとの判定")
    assert slides.describe({"by": "theme"}) == "集計の単位: 共通テーマ"


def test_the_page_selection_round_trips_through_slide_params(app_db):
    selection = initiative_queries.Selection(cities=["厚木市"], departments=["職員課"], search="BPR")
    assert slides.initiative_selection(slides.selection_params(selection)) == selection
    # the page's own URL spellings (city, department, q) read the same
    assert slides.initiative_selection({"city": "厚木市", "department": "職員課", "q": "BPR"}) == selection


@pytest.mark.parametrize("view", VIEW_NAMES)
def test_each_view_exported_as_png_or_svg_fits_its_canvas(app_db, browser, view):
    chart = slides.draw(view, samples()[view]).chart
    # the PNG is rasterised from this SVG (render.png); the SVG download names fallback fonts too
    for svg_text in (render.svg_from_spec(render.export_spec(chart)), render.svg(chart)):
        check_fits(_texts(browser, svg_text), None)


def test_the_plan_actual_slide_pins_both_estimates_when_saved(app_db):
    from dashboard.slides import EffectView
    params = slides.plan_actual_params(EffectView(None, "行革推進プラン", "後期アクションプラン策定時", "千円"))
    assert params["plan_estimate"] == "計画策定時" and params["latest_estimate"] == "後期アクションプラン策定時"
    slide = slides.draw("effect_plan_actual", params)
    # 001: R4–R5 実績 78,227 against the plan's 222,380 千円 for the same years
    assert slide.headlines == [("実績（R4～R5）", "78,227 千円"), ("計画（R4～R5、計画策定時）", "222,380 千円"),
                               ("計画比（R4～R5）", "35.2 %")]
    assert ("R9 (2027)・後期アクションプラン策定時", "1,018,560 千円") in slide.figures     # 001, R9 見込み
    assert slide.source.startswith("出典: ") and "計画比" in slide.chart.to_dict()["title"]["text"]


def test_the_plan_actual_slide_draws_the_pinned_pair_not_the_first_and_last_now(app_db):
    # pinned the other way round, the 差 of R9 changes sign: the slide reads its saved estimates
    params = {**samples()["effect_plan_actual"], "plan_estimate": "後期アクションプラン策定時",
              "latest_estimate": "計画策定時", "unit": "千円"}
    slide = slides.draw("effect_plan_actual", params)
    assert "最新（計画策定時）" in slide.chart.to_dict()["title"]["text"]
    assert slide.headlines == []            # 計画策定時 has no 実績 year to set against a plan
    assert slides.describe(params).endswith("計画の時点: 後期アクションプラン策定時、比べる時点: 計画策定時")


def test_a_pinned_estimate_of_the_plan_actual_slide_that_is_gone_names_the_nearest(app_db):
    params = {**samples()["effect_plan_actual"], "latest_estimate": "後期アクションプラン"}
    with pytest.raises(slides.SlideError, match="近い選択肢: 「後期アクションプラン策定時」"):
        slides.draw("effect_plan_actual", params)


def test_titles_say_what_the_slide_draws(app_db):
    # four groups on the timeline: three named cities and the plan no city is named in
    timeline = slides.draw("plan_timeline", samples()["plan_timeline"])
    assert timeline.chart.to_dict()["title"]["text"] == "3市と市名記載なしの計画期間"
    assert ("市・資料の区分", "4") in timeline.headlines
    one_city = slides.draw("plan_timeline", {"cities": ["綾瀬市"]})
    assert one_city.chart.to_dict()["title"]["text"] == "綾瀬市の計画期間"
    # every judgement the bars draw is a headline figure, so they add up to the bars
    status = slides.draw("kpi_status_by_area", samples()["kpi_status_by_area"])
    drawn = {label.split("・")[-1] for label, _ in status.figures[len(status.headlines):]}
    assert [label for label, _ in status.headlines] == [s for s in ("達成", "一部達成", "未達成", "判定なし") if s in drawn]
    # a slide saved without a title of its own names the indicator or statistic it draws
    assert slides.default_title("kpi_indicator", samples()["kpi_indicator"]) == \
        "相模原市 市民の国際交流、国際理解の機会の拡充を図るための事業への参加者数の目標と実績"
    assert slides.default_title("kpi_series", samples()["kpi_series"]) == "厚木市 職員一人当たりの予算額（億円）の推移"
    assert slides.default_title("estimate_comparison", {}) == "時点の比較"
