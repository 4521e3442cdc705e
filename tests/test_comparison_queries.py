"""Queries of the 都市比較 page on the seed database, figures checked against the source documents."""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard.queries import comparison as queries

ALL = list(queries.CITY_OPTIONS)


@pytest.fixture(autouse=True)
def _seed(app_db):
    """dashboard.db reads $PLANS_DB, which app_db points at the seed database."""


def _one(frame: pd.DataFrame, **match) -> pd.Series:
    rows = frame
    for column, value in match.items():
        rows = rows[rows[column].isna()] if value is None else rows[rows[column] == value]
    assert len(rows) == 1, (match, rows)
    return rows.iloc[0]


# --- 計画期間 ------------------------------------------------------------------------------------

def test_ayase_has_the_outline_and_three_reform_periods():
    plans = queries.plan_timeline(["綾瀬市"])
    # 003: 大綱 H18～H27 and あやせ集中改革プラン H18～H21, H22～H24, H25～H27
    assert list(zip(plans["plan_type"], plans["period_start_fy"], plans["period_end_fy"])) == [
        ("大綱", 2006, 2015), ("集中改革プラン", 2006, 2009),
        ("集中改革プラン", 2010, 2012), ("集中改革プラン", 2013, 2015)]
    assert set(plans["city"]) == {"綾瀬市"}
    assert plans["documents"].str.startswith("003_").all()


def test_atsugi_has_the_fy2015_report_and_the_r3_research():
    plans = queries.plan_timeline(["厚木市"])
    assert list(zip(plans["plan_type"], plans["period_start_fy"], plans["period_end_fy"])) == [
        ("実施計画", 2015, 2015), ("研究報告", 2021, 2021)]


def test_sagamihara_policy_is_the_h25_policy_as_printed():
    # 004 is the 平成25年度 方針 (重点目標「H25目標」, 本年度の主な事業); H24 is only the year it evaluates
    row = _one(queries.plan_timeline(["相模原市"]), city="相模原市")
    assert (row.plan_type, row.period_start_fy, row.period_end_fy) == ("経営方針", 2013, 2013)


def test_unnamed_plan_is_kept_apart_without_a_city():
    plans = queries.plan_timeline(["市名記載なし"])
    assert len(plans) == 1
    row = plans.iloc[0]
    assert pd.isna(row.city)
    assert (row.plan, row.period_start_fy, row.period_end_fy) == ("行革推進プラン", 2022, 2027)


@pytest.mark.parametrize("cities, expected_rows", [
    (ALL, 8),
    ([], 8),                      # an empty choice means every city
    (None, 8),
    (["厚木市", "相模原市"], 3),
    (["綾瀬市", "市名記載なし"], 5),
    (["厚木市' or 1=1 --"], 0),   # an unknown name matches nothing and never reaches SQL text
])
def test_city_choice_selects_plans(cities, expected_rows):
    assert len(queries.plan_timeline(cities)) == expected_rows


def test_plans_come_in_city_order_with_the_unnamed_plan_last():
    cities = queries.plan_timeline(ALL)["city"].fillna("市名記載なし")
    assert list(dict.fromkeys(cities)) == ["厚木市", "綾瀬市", "相模原市", "市名記載なし"]


# --- 共通テーマ ----------------------------------------------------------------------------------

def test_initiatives_per_theme_follow_the_documents():
    counts = queries.theme_counts(ALL, "取組数")
    cell = {(c if isinstance(c, str) else None, t if isinstance(t, str) else None): n
            for c, t, n in zip(counts["city"], counts["theme"], counts["n"])}
    # 000: 25 initiatives, 6 under 1 強い組織をつくる, 10 under 2 強い財政, 9 under 3 市民とともに
    assert (cell["厚木市", "人材・組織"], cell["厚木市", "財政・財源"], cell["厚木市", "市民協働・情報発信"]) == (6, 10, 9)
    # 003: pillars 1 and 2 of the three periods (3+3, 1+3, 3+3) are 人材・組織
    assert cell["綾瀬市", "人材・組織"] == 16
    # 001: 業務マネジメント改革, 26 前期 and 5 後期 initiatives
    assert cell[None, "業務改革・デジタル"] == 31
    assert cell["厚木市", "地域・交流"] == 0          # has initiatives, none in this theme


def test_city_without_an_initiative_table_has_no_count_rather_than_zero():
    counts = queries.theme_counts(["相模原市"], "取組数")
    # 004 lists 重点目標 and 主な事業, not an initiative table: no data, which is not 0 initiatives
    assert set(counts["city"]) == {"相模原市"}
    assert counts["n"].isna().all()
    assert len(counts) == counts["theme"].nunique() >= 5


@pytest.mark.parametrize("city, total", [
    ("厚木市", 47),    # 000: 28 indicators; 002: 19 staged targets
    ("相模原市", 27),  # 004: 13 H24 rows and 14 H25 rows
    ("綾瀬市", 1),     # 003: the staff target, 30人 in five years
])
def test_indicator_rows_per_city_add_up(city, total):
    counts = queries.theme_counts([city], "指標数")
    assert counts["n"].sum() == total


def test_rows_without_a_theme_are_counted_apart():
    counts = queries.theme_counts(["市名記載なし"], "指標数")
    # 001: 人件費の適正化 and 財政調整2基金 have no policy area, so no theme
    unthemed = counts[counts["theme"].isna()]
    assert list(unthemed["n"]) == [2]
    assert counts.loc[counts["theme"].notna(), "n"].eq(0).all()


def test_theme_counts_name_their_documents():
    counts = queries.theme_counts(["相模原市"], "指標数")
    assert set(counts["documents"].dropna()) == {"004_8d4830aa96374116.txt"}


def test_unknown_measure_is_refused():
    with pytest.raises(KeyError):
        queries.theme_counts(ALL, "v_kpi; drop table kpi")


# --- 達成率 --------------------------------------------------------------------------------------

def test_atsugi_fy2015_rate_is_14_of_17_judged():
    row = _one(queries.achievement_rates(["厚木市"]), fiscal_year=2015)
    # 000: 28 indicators, 14 〇, 3 ×, 11 -
    assert (row.indicators, row.achieved, row.partly, row.not_achieved, row.not_judged) == (28, 14, 0, 3, 11)
    assert (row.judged, row.rate, row.marks, row.evaluations) == (17, 82.4, 17, 0)
    assert row.plan_type == "実施計画"


def test_sagamihara_h24_rate_counts_its_evaluation_words():
    row = _one(queries.achievement_rates(["相模原市"]), fiscal_year=2012)
    # 004, 重点目標 H24 評価 (13 rows): 目標を達成 ×7 (3-1, 4-1…4-4, 5-1, 6-2); 概ね達成 1-2;
    # 未達成 2-3, 具体化には至らなかった 1-1, 目標には達しなかった 6-1; 2-1 and 6-3 give no verdict
    assert (row.indicators, row.achieved, row.partly, row.not_achieved, row.not_judged) == (13, 7, 1, 3, 2)
    assert (row.judged, row.rate, row.marks, row.evaluations) == (11, 63.6, 0, 11)
    assert row.plan_type == "経営方針"


def test_sagamihara_h25_targets_have_no_rate():
    row = _one(queries.achievement_rates(["相模原市"]), fiscal_year=2013)
    # 14 targets in the H25 column, one of them (2-1, 4,640人) for 平成26年度 as the text says (issue #15)
    assert (row.indicators, row.judged) == (13, 0)
    assert pd.isna(row.rate)


def test_unnamed_plan_rate_stays_without_a_city():
    rates = queries.achievement_rates(["市名記載なし"])
    row = _one(rates, period="前期アクションプラン期間")
    assert pd.isna(row.city)
    assert (row.indicators, row.achieved, row.judged, row.rate) == (2, 1, 1, 100.0)


# --- 人口・職員当たり ----------------------------------------------------------------------------

def test_populations_carry_their_source_and_date():
    people = queries.per_capita(ALL).set_index("city")
    assert list(people.index) == ["厚木市", "綾瀬市", "相模原市"]
    assert people.loc["厚木市", ["population", "population_date"]].tolist() == [223_930, "2024-02-01"]
    assert "推計人口" in people.loc["厚木市", "population_source"]
    assert people.loc["綾瀬市", ["population", "population_source"]].tolist() == [83_913, "令和2年国勢調査"]
    assert people.loc["相模原市", ["population", "population_source"]].tolist() == [725_493, "令和2年国勢調査"]


def test_atsugi_staff_per_thousand_residents_uses_the_r3_staff_count():
    row = queries.per_capita(["厚木市"]).iloc[0]
    # 002, 5-4: 職員数 2,044人 (R3); population 223,930 (推計人口 2024-02-01)
    assert (row.staff, row.staff_fy, row.staff_document) == (2044, 2021, "厚木市 令和３年度 人材マネジメント部会 研究論文「庁内副業10％推進」")
    assert row.staff_per_1000 == pytest.approx(2044 / 223.930)
    assert (row.budget_per_staff, row.budget_per_staff_unit, row.budget_per_staff_fy) == (0.74, "億円", 2021)
    assert pd.isna(row.cost_thousand_yen) and pd.isna(row.cost_per_1000)


def test_sagamihara_cost_per_thousand_residents_leaves_out_the_revenue_budget():
    row = queries.per_capita(["相模原市"]).iloc[0]
    # 004, 本年度の主な事業: 25 cost rows, 15 with an amount, summing to 350,029 千円; 4-5 (歳入予算額
    # 13,650 千円) is not a cost
    assert (row.cost_thousand_yen, row.cost_fy, row.projects, row.costed_projects) == (350_029, 2013, 25, 15)
    # The cost is 総務局's (plans.scope = 局): never divided by the whole city's population (issue #16)
    assert pd.isna(row.cost_per_1000) and row.cost_scope == "総務局のみ" and not row.cost_city_wide
    assert "総務局のみ" in row.cost_not_comparable and "市全体の人口" in row.cost_not_comparable
    assert pd.isna(row.staff) and pd.isna(row.staff_per_1000)


def test_ayase_has_only_its_population():
    row = queries.per_capita(["綾瀬市"]).iloc[0]
    assert row.population == 83_913
    for column in ("staff", "staff_per_1000", "budget_per_staff", "cost_thousand_yen", "cost_per_1000"):
        assert pd.isna(row[column]), column


def test_unnamed_plan_has_no_population_row():
    assert queries.per_capita(["市名記載なし"]).empty


def test_achievement_rates_keep_to_the_chosen_cities():
    assert set(queries.achievement_rates(["厚木市"])["city"]) == {"厚木市"}
    assert queries.achievement_rates(["市名記載なし"])["city"].isna().all()


def test_theme_counts_count_initiatives_unless_told_otherwise():
    assert queries.theme_counts(["厚木市"]).equals(queries.theme_counts(["厚木市"], measure="取組数"))
    assert not queries.theme_counts(["厚木市"]).equals(queries.theme_counts(["厚木市"], measure="指標数"))
