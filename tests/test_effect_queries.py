"""Queries of the 効果額 page on the seed database, figures checked against document 001.

001 = 001_9480041d8c514e34.txt, 行革推進プラン (R4～R9, the document names no city): the table
計画策定時点の改革改善効果額見込み and the table 後期アクションプラン策定時点の改革改善効果額見込み
(単位：千円).
"""
from __future__ import annotations

import shutil

import duckdb
import pytest

from dashboard.queries import effects as queries

PLAN = (None, "行革推進プラン")
PLAN_TIME, REVISED = "計画策定時", "後期アクションプラン策定時"
YEARS = [2022, 2023, 2024, 2025, 2026, 2027]

OTHER = ("綾瀬市", "テスト改革プラン")


def variant_db(seed_db, tmp_path, statements: list[str]):
    """A copy of the seed database changed by SQL statements (tests only; the app never writes so)."""
    path = tmp_path / "variant.duckdb"
    shutil.copy(seed_db, path)
    con = duckdb.connect(str(path))
    for statement in statements:
        con.execute(statement)
    con.close()
    return path


# Another plan, shaped nothing like 001: a named city, one estimate, four areas coded 1–4 (given
# out of order), years R12–R14, a negative in a middle year, and one printed total that is wrong.
OTHER_PLAN = [
    f"""insert into effect_amounts values
        {", ".join(f"(1, null, '綾瀬市', 'テスト改革プラン', '当初見込み', '{code}', '{name}', {fy}, '{kind}', {amount}, '{amount}', 'test.xlsx 効果額')"
                   for code, name, amounts in [("3", "公共施設", [-50, 0, 0]), ("1", "業務改革", [100, -200, 300]),
                                               ("4", "歳入確保", [5, 5, 5]), ("2", "人材育成", [1000, 1000, 1000])]
                   for fy, kind, amount in zip([2030, 2031, 2032], ["実績", "見込み", "見込み"], amounts))}""",
    """insert into effect_printed_totals values
        (1, null, '綾瀬市', 'テスト改革プラン', '当初見込み', 'year_total', null, 2030, 1055, '1,055', 'test.xlsx 合計行'),
        (1, null, '綾瀬市', 'テスト改革プラン', '当初見込み', 'grand_total', null, null, 3160, '3,160', 'test.xlsx 合計')""",
]
NO_EFFECTS = ["delete from effect_amounts", "delete from effect_printed_totals"]


@pytest.fixture
def other_db(seed_db, tmp_path, monkeypatch):
    path = variant_db(seed_db, tmp_path, OTHER_PLAN)
    monkeypatch.setenv("PLANS_DB", str(path))
    return path


def test_plans_lists_the_unnamed_plan_with_city_null(app_db):
    plans = queries.plans()
    assert plans[["plan", "first_fy", "last_fy", "estimates"]].values.tolist() == [["行革推進プラン", 2022, 2027, 2]]
    assert plans["city"].isna().all()


def test_plans_lists_every_plan_with_effect_amounts(other_db):
    plans = queries.plans()
    assert list(zip(plans["city"].fillna("—"), plans["plan"])) == [("綾瀬市", "テスト改革プラン"), ("—", "行革推進プラン")]


def test_plan_keys_use_none_for_no_city_even_beside_named_cities(other_db):
    # pandas holds a missing text as NaN once a column has a name in it; NaN would not match NULL in SQL
    assert queries.plan_keys() == [("綾瀬市", "テスト改革プラン"), (None, "行革推進プラン")]


def test_estimates_put_plan_time_before_the_revision(app_db):
    estimates = queries.estimates(*PLAN)
    assert estimates["estimate"].tolist() == [PLAN_TIME, REVISED]
    # 001 後期: R4–R5 実績, R6–R9 見込み; 計画策定時: all six years 計画
    assert estimates[["actual_years", "projected_years", "planned_years"]].values.tolist() == [[0, 0, 6], [2, 4, 0]]


# 001, 計画策定時点の改革改善効果額見込み, R4～R9 per policy area
PLAN_TIME_CELLS = [
    ("I", "業務マネジメント改革", [11_442, 92_408, 61_050, 178_897, 92_721, 108_721]),
    ("II", "組織・人材マネジメント改革", [-63_660, 182_190, 344_380, 460_350, 601_920, 595_190]),
    ("III", "財務マネジメント改革", [0, 0, 0, 2_776, 2_776, 2_932]),
]


@pytest.mark.parametrize("code, name, cells", PLAN_TIME_CELLS)
def test_plan_time_cells_equal_the_document(app_db, code, name, cells):
    amounts = queries.amounts(*PLAN, PLAN_TIME)
    area = amounts[amounts["policy_area_code"] == code]
    assert area["policy_area"].unique().tolist() == [name]
    assert area["fiscal_year"].tolist() == YEARS
    assert area["amount_thousand_yen"].tolist() == cells
    assert set(area["value_kind"]) == {"計画"}


def test_amounts_come_in_area_order_roman_numerals_read_as_numbers(app_db):
    amounts = queries.amounts(*PLAN, REVISED)
    assert list(dict.fromkeys(amounts["policy_area_code"])) == ["I", "II", "III"]
    assert list(dict.fromkeys(amounts["area_no"])) == [1, 2, 3]


def test_numeric_area_codes_sort_as_numbers(other_db):
    amounts = queries.amounts(*OTHER, "当初見込み")
    assert list(dict.fromkeys(amounts["policy_area_code"])) == ["1", "2", "3", "4"]


# 001, 合計行 of each table (recomputed from the cells here)
YEAR_TOTALS = [
    (PLAN_TIME, [-52_218, 274_598, 405_430, 642_023, 697_417, 706_843], ["計画"] * 6),
    (REVISED, [-15_673, 93_900, 305_079, 463_066, 746_668, 1_018_560], ["実績"] * 2 + ["見込み"] * 4),
]


@pytest.mark.parametrize("estimate, nets, kinds", YEAR_TOTALS)
def test_year_totals_equal_the_printed_total_row(app_db, estimate, nets, kinds):
    totals = queries.year_totals(*PLAN, estimate)
    assert totals["fiscal_year"].tolist() == YEARS
    assert totals["net"].tolist() == nets
    assert totals["value_kind"].tolist() == kinds


@pytest.mark.parametrize("estimate, grand_total", [(PLAN_TIME, 2_674_093), (REVISED, 2_611_600)])
def test_cumulative_is_the_running_sum_ending_at_the_grand_total(app_db, estimate, grand_total):
    totals = queries.year_totals(*PLAN, estimate)
    assert totals["cumulative"].tolist() == totals["net"].cumsum().tolist()
    assert totals["cumulative"].iloc[-1] == grand_total


def test_r4_plan_time_splits_into_positive_and_negative_parts(app_db):
    r4 = queries.year_totals(*PLAN, PLAN_TIME).iloc[0]
    # 001 計画策定時 R4: I +11,442 and III 0 above zero, II △63,660 below, net △52,218
    assert (r4.positive, r4.negative, r4.net) == (11_442, -63_660, -52_218)


def test_area_year_cells_carry_the_total_row_and_column(app_db):
    cells = queries.area_year_cells(*PLAN, REVISED)
    grand = cells[cells["area_no"].isna() & cells["fiscal_year"].isna()]
    assert grand["amount_thousand_yen"].tolist() == [2_611_600]
    area_totals = cells[cells["area_no"].notna() & cells["fiscal_year"].isna()]
    # 001 後期, 合計額 (R4~R9)
    assert area_totals["amount_thousand_yen"].tolist() == [353_913, 2_096_528, 161_159]
    year_row = cells[cells["area_no"].isna() & cells["fiscal_year"].notna()]
    assert year_row["amount_thousand_yen"].tolist() == YEAR_TOTALS[1][1]
    assert len(cells) == 3 * 6 + 3 + 6 + 1


def test_comparison_gives_each_estimate_and_the_difference_per_area(app_db):
    comparison = queries.estimate_comparison(*PLAN)
    revised = comparison[comparison["estimate"] == REVISED]
    # 001 後期, 合計額 (R4~R9) and 計画策定時との比較 (I, II, III, 合計)
    assert revised["amount"].tolist() == [353_913, 2_096_528, 161_159, 2_611_600]
    assert revised["difference"].tolist() == [-191_326, -23_842, 152_675, -62_493]
    assert revised["base_amount"].tolist() == [545_239, 2_120_370, 8_484, 2_674_093]
    plan_time = comparison[comparison["estimate"] == PLAN_TIME]
    assert plan_time["difference"].tolist() == [0, 0, 0, 0]
    assert revised["area_no"].isna().tolist() == [False, False, False, True]


def test_every_printed_total_agrees_with_the_facts_on_the_seed(app_db):
    checks = queries.printed_total_checks(*PLAN)
    # 001 prints 10 totals in the plan-time table and 14 in the revised one (incl. 4 比較)
    assert len(checks) == 24
    assert checks["agrees"].all()
    assert checks.groupby("total_kind").size().to_dict() == {
        "area_total": 6, "comparison": 4, "grand_total": 2, "year_total": 12}


def test_a_wrong_printed_total_is_found(other_db):
    checks = queries.printed_total_checks(*OTHER)
    assert checks[["total_kind", "printed", "computed", "agrees"]].values.tolist() == [
        ["grand_total", 3160, 3165, False], ["year_total", 1055, 1055, True]]


def test_kind_totals_split_the_revision_into_actual_and_projected(app_db):
    parts = queries.kind_totals(*PLAN, REVISED)
    assert parts[["is_total", "amount", "first_fy", "last_fy"]].values.tolist() == [
        [True, 2_611_600, 2022, 2027],
        [False, -15_673 + 93_900, 2022, 2023],       # R4–R5 実績
        [False, 2_611_600 - 78_227, 2024, 2027]]     # R6–R9 見込み
    assert parts["value_kind"].tolist()[1:] == ["実績", "見込み"]


def test_sources_name_the_tables_of_the_document(app_db):
    assert queries.sources(*PLAN, PLAN_TIME) == ["001_9480041d8c514e34.txt 計画策定時点の改革改善効果額見込み（単位：千円）"]
    assert len(queries.sources(*PLAN)) == 2


def test_a_single_estimate_has_nothing_to_compare(other_db):
    comparison = queries.estimate_comparison(*OTHER)
    assert comparison["estimate"].unique().tolist() == ["当初見込み"]
    assert comparison["amount"].tolist() == [200, 3000, -50, 15, 3165]
    assert (comparison["difference"] == 0).all()


def test_no_plans_when_no_effect_amounts(seed_db, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANS_DB", str(variant_db(seed_db, tmp_path, NO_EFFECTS)))
    assert queries.plans().empty


# A plan of a named city: every query must select it by its city as well as its name -----------

def test_estimates_of_a_named_citys_plan(other_db):
    assert queries.estimates(*OTHER).values.tolist() == [["当初見込み", 1, 2030, 2032, 1, 2, 0]]


def test_year_totals_of_a_named_citys_plan(other_db):
    # The four areas per year: 2030 -50 + 100 + 5 + 1,000; 2031 0 - 200 + 5 + 1,000; 2032 0 + 300 + 5 + 1,000
    totals = queries.year_totals(*OTHER, "当初見込み")
    assert totals.values.tolist() == [[2030, "実績", 1055, 1105, -50, 1055], [2031, "見込み", 805, 1005, -200, 1860],
                                      [2032, "見込み", 1305, 1305, 0, 3165]]


def test_kind_totals_of_a_named_citys_plan(other_db):
    totals = queries.kind_totals(*OTHER, "当初見込み")
    assert totals.astype(object).where(totals.notna(), None).values.tolist() == [
        [True, None, 3165, 2030, 2032, 3], [False, "実績", 1055, 2030, 2030, 1], [False, "見込み", 2110, 2031, 2032, 2]]


def test_area_year_cells_of_a_named_citys_plan_end_with_the_computed_totals(other_db):
    cells = queries.area_year_cells(*OTHER, "当初見込み")
    assert len(cells) == 20
    assert cells.tail(4)[["fiscal_year", "value_kind", "amount_thousand_yen"]].astype(object).where(
        cells.tail(4)[["fiscal_year", "value_kind", "amount_thousand_yen"]].notna(), None).values.tolist() == [
        [2030, "実績", 1055], [2031, "見込み", 805], [2032, "見込み", 1305], [None, "実績・見込み", 3165]]


def test_sources_of_a_named_citys_plan_and_of_one_estimate(other_db):
    assert queries.sources(*OTHER) == ["test.xlsx 効果額"]
    assert queries.sources(*OTHER, "当初見込み") == ["test.xlsx 効果額"]
    assert queries.sources(*OTHER, "無い時点") == []
    assert queries.sources(*PLAN, PLAN_TIME) == ["001_9480041d8c514e34.txt 計画策定時点の改革改善効果額見込み（単位：千円）"]
