"""Chart builders and sentences of the 都市比較 page, checked as Vega-Lite dicts on the seed data."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard.charts import comparison as charts
from dashboard.labels import CITY_COLORS
from dashboard.queries import comparison as queries

ALL = list(queries.CITY_OPTIONS)


@pytest.fixture(autouse=True)
def _seed(app_db):
    """dashboard.db reads $PLANS_DB, which app_db points at the seed database."""


def _rows(spec: dict) -> list[dict]:
    """Every data row the chart carries (Altair moves inline data into `datasets`)."""
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def _layers(spec: dict) -> list[dict]:
    """The unit specs of a layer or a faceted layer."""
    inner = spec.get("spec", spec)
    return inner.get("layer", [inner])


def _color_scale(spec: dict) -> dict:
    for layer in _layers(spec):
        color = layer.get("encoding", {}).get("color", {})
        if color.get("field") == "city_label":
            return color["scale"]
    raise AssertionError("no city colour")


def _assert_city_colours(spec: dict) -> None:
    scale = _color_scale(spec)
    assert dict(zip(scale["domain"], scale["range"])) == CITY_COLORS


def _titled(spec: dict) -> None:
    assert spec["title"]["text"]
    text = json.dumps(spec, ensure_ascii=False)
    assert '"tooltip"' in text


# --- 計画期間 ------------------------------------------------------------------------------------

def test_timeline_bar_runs_from_first_year_to_the_end_of_the_last():
    spec = charts.plan_timeline(queries.plan_timeline(ALL)).to_dict()
    bars = {r["plan"]: (r["city_label"], r["start"], r["end"]) for r in _rows(spec)}
    assert bars["あやせ経営戦略プラン"] == ("綾瀬市", 2006, 2016)
    assert bars["あやせ集中改革プラン（H18～H21）"] == ("綾瀬市", 2006, 2010)
    assert bars["行政経営プラン実施計画（平成27年度実績報告）"] == ("厚木市", 2015, 2016)
    assert bars["総務局 局・区経営方針（平成25年度）"] == ("相模原市", 2013, 2014)   # 平成25年度, as printed
    assert bars["行革推進プラン"] == ("市名記載なし", 2022, 2028)


def test_timeline_groups_rows_by_city_with_the_unnamed_plan_last():
    spec = charts.plan_timeline(queries.plan_timeline(ALL)).to_dict()
    assert spec["facet"]["row"]["field"] == "city_label"
    assert spec["facet"]["row"]["sort"] == ["厚木市", "綾瀬市", "相模原市", "市名記載なし"]
    _assert_city_colours(spec)
    _titled(spec)


def test_timeline_axis_reads_in_eras_from_h18_to_r9():
    spec = charts.plan_timeline(queries.plan_timeline(ALL)).to_dict()
    axes = [layer["encoding"]["x"]["axis"] for layer in _layers(spec)]
    assert all(axis == axes[0] for axis in axes)          # one axis, not merged with defaults
    axis = axes[0]
    assert axis["values"] == list(range(2006, 2028))
    # on two lines, horizontally, every third year and the last (22 years in 460 px)
    assert axis["labelAngle"] == 0
    assert "['H18', '(2006)'], '', '', ['H21', '(2009)']" in axis["labelExpr"]
    assert "['R6', '(2024)'], '', '', ['R9', '(2027)']" in axis["labelExpr"]
    assert axis["title"].startswith("年度")


def test_timeline_labels_each_bar_with_type_and_period_in_one_notation():
    # One notation on every axis and label (issue #17: 「令和３年度」 beside 「H27」 read as two);
    # the document's own wording stays in the tooltip.
    spec = charts.plan_timeline(queries.plan_timeline(["綾瀬市"])).to_dict()
    labels = {r["label"] for r in _rows(spec)}
    assert labels == {"大綱・H18 (2006)～H27 (2015)", "集中改革プラン・H18 (2006)～H21 (2009)",
                      "集中改革プラン・H22 (2010)～H24 (2012)", "集中改革プラン・H25 (2013)～H27 (2015)"}
    assert {r["printed"] for r in _rows(spec)} == {"H18～H27", "H18～H21", "H22～H24", "H25～H27"}
    periods = {r["period"] for r in _rows(spec)}
    assert "H18 (2006)～H27 (2015)" in periods


@pytest.mark.parametrize("cities, plan, side", [
    (ALL, "あやせ集中改革プラン（H18～H21）", "right"),
    (ALL, "行革推進プラン", "left"),                 # ends at the right edge of the axis
    (["綾瀬市"], "あやせ経営戦略プラン", "inside"),   # spans the whole axis
    (["綾瀬市"], "第3期あやせ集中改革プラン（H25～H27）", "left"),
])
def test_timeline_label_goes_where_it_fits(cities, plan, side):
    rows = _rows(charts.plan_timeline(queries.plan_timeline(cities)).to_dict())
    assert {r["plan"]: r["side"] for r in rows}[plan] == side


# --- 共通テーマ ----------------------------------------------------------------------------------

def test_heatmap_writes_counts_and_no_data_in_the_cells():
    spec = charts.theme_heatmap(queries.theme_counts(ALL, "取組数"), "取組数").to_dict()
    cells = {(r["city_label"], r["theme_label"]): r["text"] for r in _rows(spec)}
    assert cells["厚木市", "人材・組織"] == "6"
    # 綾瀬 3 行政システムの改革: 14 initiatives, 7 of them mapped to 財政・財源 one by one (data/themes.csv)
    assert cells["綾瀬市", "業務改革・デジタル"] == "7" and cells["綾瀬市", "財政・財源"] == "7"
    assert cells["市名記載なし", "業務改革・デジタル"] == "31"
    assert cells["厚木市", "地域・交流"] == "0"
    assert {cells["相模原市", t] for t in ("人材・組織", "地域・交流")} == {"データなし"}
    marks = [layer["mark"]["type"] for layer in _layers(spec)]
    assert marks.count("text") == 1 and "rect" in marks
    _assert_city_colours(spec)
    _titled(spec)
    assert spec["title"]["text"] == "共通テーマ別の取組数（件）"


def test_heatmap_of_indicators_shows_rows_without_theme():
    spec = charts.theme_heatmap(queries.theme_counts(ALL, "指標数"), "指標数").to_dict()
    cells = {(r["city_label"], r["theme_label"]): r["text"] for r in _rows(spec)}
    assert cells["市名記載なし", "テーマ未設定"] == "2"
    assert cells["相模原市", "市民協働・情報発信"] == "10"
    themes = spec["layer"][0]["encoding"]["x"]["sort"]
    assert themes[-1] == "テーマ未設定"                    # after the common themes


# --- 達成率 --------------------------------------------------------------------------------------

@pytest.mark.parametrize("judged, achieved, label", [
    (17, 14, "82%（17件中14件）"),   # 000 H27: 14 〇 of 17 judged
    (11, 7, "64%（11件中7件）"),     # 004 H24: 7 目標を達成 of 11 judged
    (1, 1, "100%（1件中1件）"),
    (3, 0, "0%（3件中0件）"),
    (8, 5, "63%（8件中5件）"),       # 62.5 rounds half up (四捨五入), not to even
])
def test_rate_label_keeps_the_judged_count_beside_the_rate(judged, achieved, label):
    assert charts.rate_label(judged, achieved) == label


def test_rate_chart_shows_only_years_with_judged_indicators():
    spec = charts.achievement_rates(queries.achievement_rates(ALL)).to_dict()
    bars = {r["row"]: r["label"] for r in _rows(spec)}
    # 相模原市's plan covers 総務局 only (plans.scope): the row says so (issue #16)
    assert bars == {"厚木市　H27 (2015)　実施計画": "82%（17件中14件）",
                    "相模原市（総務局のみ）　H24 (2012)　経営方針": "64%（11件中7件）",
                    "市名記載なし　前期アクションプラン期間　行革推進プラン": "100%（1件中1件）"}
    _assert_city_colours(spec)
    _titled(spec)
    x = spec["layer"][0]["encoding"]["x"]
    assert x["axis"]["values"][-1] == 100 and "達成率（%）" in x["axis"]["title"]


def test_rate_tooltip_names_how_each_city_judged():
    rows = _rows(charts.achievement_rates(queries.achievement_rates(ALL)).to_dict())
    basis = {r["city_label"]: r["basis"] for r in rows}
    assert basis["厚木市"] == "達成マーク（〇×）"
    assert basis["相模原市"] == "評価の文言"


def test_caution_says_which_years_and_plan_types_are_compared():
    caution = charts.rate_caution(queries.achievement_rates(["厚木市", "相模原市"]))
    assert "厚木市 H27 (2015)の実施計画" in caution
    assert "相模原市 H24 (2012)の経営方針" in caution
    assert "達成マーク（〇×）" in caution and "評価の文言" in caution


@pytest.mark.parametrize("cities", [["厚木市"], ["相模原市"], ["綾瀬市"]])
def test_no_caution_for_a_single_city(cities):
    assert charts.rate_caution(queries.achievement_rates(cities)) is None


def test_no_caution_when_years_types_and_judging_agree():
    same = pd.DataFrame({"city": ["A市", "B市"], "plan": ["p", "q"], "plan_type": ["実施計画"] * 2,
                         "fiscal_year": [2015, 2015], "period": [None, None], "judged": [4, 5],
                         "marks": [4, 5], "evaluations": [0, 0]})
    assert charts.rate_caution(same) is None


def test_years_without_judgement_are_named_instead_of_dropped():
    note = charts.unjudged_note(queries.achievement_rates(ALL))
    # 2-1's target 4,640人 is for 平成26年度, as the text says (issue #15)
    assert "相模原市 総務局 局・区経営方針（平成25年度）（H25 (2013)）13件、相模原市 総務局 局・区経営方針（平成25年度）（H26 (2014)）1件" in note
    assert "厚木市 「庁内副業10％推進」アクションプラン（年度記載なし）19件" in note
    assert "綾瀬市" in note


# --- 人口・職員当たり ----------------------------------------------------------------------------

def test_staff_per_thousand_shows_atsugi_and_no_data_for_the_others():
    spec = charts.per_thousand(queries.per_capita(ALL), "staff").to_dict()
    texts = {r["city_label"]: r["text"] for r in _rows(spec)}
    # 002 5-4: 2,044人 in R3 (FY2021) ÷ 223,930人 on 2024-02-01 (FY2023) × 1,000 = 9.13; the gap is said
    assert 1000 * 2_044 / 223_930 == pytest.approx(9.128, abs=5e-4)
    assert texts == {"厚木市": "9.13人（年次の差 2年度）", "綾瀬市": "データなし", "相模原市": "データなし"}
    basis = {r["city_label"]: r["basis"] for r in _rows(spec)}
    assert "職員数 2,044人（R3 (2021)" in basis["厚木市"] and "223,930人" in basis["厚木市"]
    assert basis["厚木市"].endswith("（年次の差 2年度）")
    assert spec["title"]["subtitle"][0] == "分子と人口の年次の差（括弧内）: 厚木市 2年度。"
    bars = spec["layer"][0]
    assert bars["mark"]["type"] == "bar" and bars["transform"] == [{"filter": "datum.has_data"}]
    _assert_city_colours(spec)
    _titled(spec)
    assert spec["layer"][0]["encoding"]["x"]["title"] == "人口千人当たり職員数（人）"


def test_cost_of_one_bureau_is_not_divided_by_the_whole_city():
    # 004 is 総務局's plan: its 350,029千円 over 相模原市's 725,493 residents would compare a bureau
    # with whole cities (issue #16). The cell says 比較できません and why; no city is drawn.
    people = queries.per_capita(ALL)
    assert not charts.has_per_thousand(people, "cost")
    spec = charts.per_thousand(people, "cost").to_dict()
    texts = {r["city_label"]: r["text"] for r in _rows(spec)}
    assert texts == {"厚木市": "データなし", "綾瀬市": "データなし", "相模原市": "比較できません"}
    basis = {r["city_label"]: r["basis"] for r in _rows(spec)}
    assert basis["相模原市"].startswith("比較できません: 事業費は総務局のみの計画の数値")


def test_per_capita_table_says_no_data_rather_than_leaving_a_gap():
    table = charts.per_capita_table(queries.per_capita(ALL))
    assert list(table.columns) == ["厚木市", "綾瀬市", "相模原市"]
    assert table.loc["人口", "厚木市"] == "223,930人（推計人口（2024年2月1日現在））"
    assert table.loc["人口", "綾瀬市"] == "83,913人（令和2年国勢調査）"
    assert table.loc["人口", "相模原市"] == "725,493人（令和2年国勢調査）"
    assert table.loc["人口千人当たり事業費", "相模原市"] == (
        "比較できません（事業費は総務局のみの計画の数値で、市全体の人口で割ると比べられる数値になりません）")
    assert table.loc["主な事業の事業費（歳入予算を除く）", "相模原市"].startswith("350,029千円（H25 (2013)、総務局のみ、")
    assert table.loc["人口千人当たり職員数", "厚木市"] == "9.13人（職員数 R3 (2021) ÷ 人口 推計人口（2024年2月1日現在）、年次の差 2年度）"
    assert table.loc["職員一人当たり予算額（資料の記載）", "厚木市"].startswith("0.74億円（R3 (2021)")
    assert (table["綾瀬市"].drop("人口") == "データなし").all()
    assert not table.isna().any().any()


def test_sources_list_each_document_once():
    assert charts.sources(queries.plan_timeline(["綾瀬市"])) == "出典: 綾瀬市 あやせ経営戦略プラン及びあやせ集中改革プラン (平成27年度終了)"
    caption = charts.per_capita_caption(queries.per_capita(ALL))
    assert "厚木市 令和３年度 人材マネジメント部会 研究論文「庁内副業10％推進」" in caption and "相模原市 総務局 局・区経営方針（平成25年度）" in caption
    assert "令和2年国勢調査" in caption and "推計人口" in caption


def test_plan_names_in_sentences_cannot_become_markup():
    rates = pd.DataFrame({"city": ["A市"], "plan": ["$1 *改革* [計画](x)"], "plan_type": ["実施計画"],
                          "fiscal_year": [2015], "period": [None], "indicators": [3], "judged": [0],
                          "marks": [0], "evaluations": [0]})
    note = charts.unjudged_note(rates)
    assert r"\$1 \*改革\* \[計画\](x)" in note
