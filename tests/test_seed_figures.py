"""Seed figures asserted against the source documents (../shared/seeds)."""
from __future__ import annotations

import pytest

PLAN_TIME, REVISED = "計画策定時", "後期アクションプラン策定時"

# 001, 計画策定時点の改革改善効果額見込み (単位：千円): rows I–III × R4..R9
EFFECT_CELLS = {
    PLAN_TIME: {
        "I": [11_442, 92_408, 61_050, 178_897, 92_721, 108_721],
        "II": [-63_660, 182_190, 344_380, 460_350, 601_920, 595_190],
        "III": [0, 0, 0, 2_776, 2_776, 2_932],
    },
    # 001, 後期アクションプラン策定時点の改革改善効果額見込み: R4–R5 実績, R6–R9 見込み
    REVISED: {
        "I": [14_358, 15_992, 53_041, 66_325, 97_028, 107_169],
        "II": [-34_614, 73_396, 252_038, 396_053, 598_952, 810_703],
        "III": [4_583, 4_512, 0, 688, 50_688, 100_688],
    },
}


def _amounts(con, estimate):
    rows = con.execute("""
        select policy_area_code, fiscal_year, amount_thousand_yen, value_kind, city
        from v_effect_amounts where plan = '行革推進プラン' and estimate = ?
        order by policy_area_code, fiscal_year""", [estimate]).fetchall()
    return rows


@pytest.mark.parametrize("estimate", [PLAN_TIME, REVISED])
def test_effect_amount_cells_equal_the_document(seed_con, estimate):
    rows = _amounts(seed_con, estimate)
    got = {}
    for code, fy, amount, _, _ in rows:
        got.setdefault(code, []).append((fy, amount))
    for code, amounts in EFFECT_CELLS[estimate].items():
        assert got[code] == list(zip(range(2022, 2028), amounts))


def test_revised_table_marks_actual_and_projected_years(seed_con):
    kinds = {fy: kind for _, fy, _, kind, _ in _amounts(seed_con, REVISED)}
    assert kinds == {2022: "実績", 2023: "実績", 2024: "見込み", 2025: "見込み", 2026: "見込み", 2027: "見込み"}


def test_r4_r9_plan_names_no_city(seed_con):
    cities = {city for *_, city in _amounts(seed_con, REVISED) + _amounts(seed_con, PLAN_TIME)}
    assert cities == {None}


def test_effect_totals_computed_equal_printed_headlines(seed_con):
    totals = dict(seed_con.execute("""
        select estimate, sum(amount_thousand_yen) from v_effect_amounts
        where plan = '行革推進プラン' group by estimate""").fetchall())
    # 001, 合計額 (R4~R9) of each table and the 比較 column of the total row
    assert totals[PLAN_TIME] == 2_674_093
    assert totals[REVISED] == 2_611_600
    assert totals[REVISED] - totals[PLAN_TIME] == -62_493
    # 001, plan-time 合計 row, R4 is negative
    r4 = seed_con.execute("""select sum(amount_thousand_yen) from v_effect_amounts
        where estimate = ? and fiscal_year = 2022""", [PLAN_TIME]).fetchone()[0]
    assert r4 == -52_218


def test_printed_totals_kept_apart_from_facts(seed_con):
    kinds = dict(seed_con.execute("""select total_kind, count(*) from v_effect_printed_totals
        group by total_kind""").fetchall())
    assert kinds == {"year_total": 12, "area_total": 6, "grand_total": 2, "comparison": 4}


def _atsugi(con):
    return con.execute("""
        select initiative_code, indicator, target_value, target_text, actual_value, actual_text, unit, mark, status
        from v_kpi where city = '厚木市' and fiscal_year = 2015 order by source, indicator""").fetchall()


def test_atsugi_fy2015_has_28_indicators_with_their_marks(seed_con):
    rows = _atsugi(seed_con)
    assert len(rows) == 28
    marks = [r[7] for r in rows]
    # 000: 14 〇, 3 ×, 11 -
    assert (marks.count("〇"), marks.count("×"), marks.count("-")) == (14, 3, 11)


@pytest.mark.parametrize("code, indicator_part, target, actual, unit, mark", [
    # 000, 2-(1)-イ ふるさと納税: 目標 1,000千円, 実績 795千円, ×
    ("２-(１)-イ", "ふるさと納税", 1_000, 795, "千円", "×"),
    # 000, 2-(1)-イ 広告掲載事業の効果額 (ネーミングライツ等): 目標 25,000千円, 実績 26,520千円, 〇
    ("２-(１)-イ", "広告掲載事業の効果額", 25_000, 26_520, "千円", "〇"),
    # 000, 1-(3)-イ 庁内応援の活用件数: 15件 / 17件, 〇
    ("１-(３)-イ", "庁内応援の活用件数", 15, 17, "件", "〇"),
    # 000, 1-(2)-ア 女性管理職の割合: 12.5% / 11.8%, ×
    ("１-(２)-ア", "女性管理職の割合", 12.5, 11.8, "%", "×"),
])
def test_atsugi_indicator_figures(seed_con, code, indicator_part, target, actual, unit, mark):
    matches = [r for r in _atsugi(seed_con) if r[0] == code and indicator_part in r[1]]
    assert len(matches) == 1, matches
    _, _, target_value, _, actual_value, _, got_unit, got_mark, _ = matches[0]
    assert (target_value, actual_value, got_unit, got_mark) == (target, actual, unit, mark)


def test_atsugi_placeholder_target_is_not_zero(seed_con):
    rows = [r for r in _atsugi(seed_con) if r[3] and "未設定" in r[3]]
    assert rows, "000 prints H27年度は未設定 targets"
    assert all(r[2] is None for r in rows)
    assert all(r[8] == "not_judged" for r in rows)


def test_words_stay_words(seed_con):
    # 000, 3-(1)-ウ 新規委託事業数: target and actual are the words 方針の検討
    row = seed_con.execute("""select target_value, target_text, actual_value, actual_text from v_kpi
        where indicator like '%新規委託事業数%'""").fetchone()
    assert row == (None, "方針の検討", None, "方針の検討")


def test_sagamihara_training_count_is_partly_achieved(seed_con):
    # 004, 重点目標 1-2: 目標値800件に対して実施件数782件, 評価「概ね達成」
    row = seed_con.execute("""select target_value, actual_value, unit, evaluation, status, achieved
        from v_kpi where city = '相模原市' and initiative_code = '1-2' and fiscal_year = 2012""").fetchone()
    assert row == (800, 782, "件", "概ね達成", "partly", False)


def test_sagamihara_lower_is_better_indicators(seed_con):
    rows = seed_con.execute("""select distinct indicator from v_kpi
        where city = '相模原市' and direction = 'lower'""").fetchall()
    names = " ".join(r[0] for r in rows)
    assert "放棄呼率" in names and "長期病気休業職員の割合" in names


def test_sagamihara_budget_keeps_revenue_apart(seed_con):
    # 004, 本年度の主な事業: 15 cost rows sum to 350,029 千円; 4-5 is 歳入予算額 13,650 千円
    cost, revenue = seed_con.execute("""
        select sum(amount_thousand_yen) filter (where not is_revenue),
               sum(amount_thousand_yen) filter (where is_revenue)
        from v_budget where city = '相模原市'""").fetchone()
    assert (cost, revenue) == (350_029, 13_650)
    blank = seed_con.execute("""select count(*) from v_budget
        where city = '相模原市' and amount_thousand_yen is null""").fetchone()[0]
    assert blank == 10


def test_ayase_has_the_outline_and_three_periods(seed_con):
    rows = seed_con.execute("""select plan_type, period_start_fy, period_end_fy from v_plans
        where city = '綾瀬市' order by period_start_fy, period_end_fy desc""").fetchall()
    assert rows == [("大綱", 2006, 2015), ("集中改革プラン", 2006, 2009),
                    ("集中改革プラン", 2010, 2012), ("集中改革プラン", 2013, 2015)]


def test_every_fact_names_its_source(seed_con):
    for view in ("v_plans", "v_kpi", "v_effect_amounts", "v_initiatives", "v_budget", "v_series"):
        missing = seed_con.execute(f"select count(*) from {view} where source is null or source = ''").fetchone()[0]
        assert missing == 0, view


# The 概要 page's queries (dashboard/queries/overview.py) on the seed ----------------------------

def test_overview_counts_each_citys_indicator_rows_by_judgement(app_db):
    from dashboard.queries import overview
    counts = overview.status_counts_by_city()
    # 000 + 002 厚木市, 004 相模原市 (職場研修 概ね達成 is the one 一部達成), 003 綾瀬市, 001 no city (last)
    assert counts.astype(object).where(counts.notna(), None).values.tolist() == [
        ["厚木市", 47, 14, 0, 3, 30, "000_96b2268ca103a618.txt、002_136218b46b9b41f2.txt"],
        ["相模原市", 27, 7, 1, 3, 16, "004_8d4830aa96374116.txt"],
        ["綾瀬市", 1, 0, 0, 0, 1, "003_a41e65aa208a94a2.txt"],
        [None, 2, 1, 0, 0, 1, "001_9480041d8c514e34.txt"],
    ]


def test_overview_lists_plans_by_city_then_period(app_db):
    from dashboard.queries import overview
    plans = overview.plans()
    assert plans[["plan", "period_start_fy", "period_end_fy"]].values.tolist() == [
        ["行政経営プラン実施計画（平成27年度実績報告）", 2015, 2015], ["「庁内副業10％推進」アクションプラン", 2021, 2021],
        ["総務局 局・区経営方針（平成25年度）", 2013, 2013],  # 004 is the 平成25年度 方針 (#15)
        ["あやせ経営戦略プラン", 2006, 2015], ["あやせ集中改革プラン（H18～H21）", 2006, 2009],
        ["第2期あやせ集中改革プラン（H22～H24）", 2010, 2012], ["第3期あやせ集中改革プラン（H25～H27）", 2013, 2015],
        ["行革推進プラン", 2022, 2027],
    ]
    assert plans["city"].isna().tolist() == [False] * 7 + [True]


def test_overview_municipalities_carry_their_population_sources(app_db):
    from dashboard.queries import overview
    # conventions.md: six-digit codes kept as text, populations with their sources
    # every municipality is listed; a population only where a sourced figure exists (#18)
    known = overview.municipalities().dropna(subset=["population"])
    assert known[["city", "code", "kind", "population", "population_source"]].values.tolist() == [
        ["相模原市", "141500", "政令指定都市", 725493, "令和2年国勢調査"],
        ["厚木市", "142123", "市", 223930, "推計人口（2024年2月1日現在）"],
        ["綾瀬市", "142182", "市", 83913, "令和2年国勢調査"],
    ]
