"""Plan against actual on 効果額 (dashboard/queries/plan_actual.py, issue #16): the figures per fiscal
year for a named city beside 001's unnamed plan of the same name, the estimates a slide pins, and
the document's own judgement.

001 = 001_9480041d8c514e34.txt, 行革推進プラン (R4～R9, no city named), 単位：千円, 合計 rows:
    計画策定時  △52,218  274,598  405,430  642,023  697,417    706,843   合計額 2,674,093
    後期       △15,673   93,900  305,079  463,066  746,668  1,018,560   合計額 2,611,600  比較 △62,493
後期 R4–R5 are 実績: 78,227 against the plan's 222,380 for those years, 35.2 %.
"""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard.queries import plan_actual as queries
from tests.test_effect_queries import OTHER_PLAN, variant_db

PLAN = (None, "行革推進プラン")
PLAN_TIME, REVISED = "計画策定時", "後期アクションプラン策定時"
YEARS = [2022, 2023, 2024, 2025, 2026, 2027]
# 001, 合計 rows of both tables, R4～R9
PLAN_ROW = [-52_218, 274_598, 405_430, 642_023, 697_417, 706_843]
REVISED_ROW = [-15_673, 93_900, 305_079, 463_066, 746_668, 1_018_560]

# A plan of the same name in a named city, two areas, its own estimates: 当初見込み (計画) R12–R14,
# 改定見込み R12–R13 実績, R14–R15 見込み. Per year 当初 100 / 200 / 300 / —, 改定 150 / 50 / 300 / 40.
AYASE = ("綾瀬市", "行革推進プラン")
FIRST, AMENDED = "当初見込み", "改定見込み"
_CELLS = [(FIRST, "1", "業務改革", 2030, "計画", 60), (FIRST, "2", "歳入確保", 2030, "計画", 40),
          (FIRST, "1", "業務改革", 2031, "計画", 120), (FIRST, "2", "歳入確保", 2031, "計画", 80),
          (FIRST, "1", "業務改革", 2032, "計画", 200), (FIRST, "2", "歳入確保", 2032, "計画", 100),
          (AMENDED, "1", "業務改革", 2030, "実績", 90), (AMENDED, "2", "歳入確保", 2030, "実績", 60),
          (AMENDED, "1", "業務改革", 2031, "実績", 30), (AMENDED, "2", "歳入確保", 2031, "実績", 20),
          (AMENDED, "1", "業務改革", 2032, "見込み", 200), (AMENDED, "2", "歳入確保", 2032, "見込み", 100),
          (AMENDED, "1", "業務改革", 2033, "見込み", 40)]
AYASE_PLAN = [
    "insert into effect_amounts values " + ", ".join(
        f"(1, null, '綾瀬市', '行革推進プラン', '{e}', '{code}', '{area}', {fy}, '{kind}', {amount}, '{amount}', "
        "'test.xlsx 効果額')"
        for e, code, area, fy, kind, amount in _CELLS),
    # 合計 rows: R12 as summed; R13 of 当初 printed in two files that disagree, so none reconciles
    """insert into effect_printed_totals values
        (1, null, '綾瀬市', '行革推進プラン', '当初見込み', 'year_total', null, 2030, 100, '100', 'test.xlsx 合計行'),
        (1, null, '綾瀬市', '行革推進プラン', '改定見込み', 'year_total', null, 2030, 150, '150', 'test.xlsx 合計行'),
        (1, null, '綾瀬市', '行革推進プラン', '当初見込み', 'year_total', null, 2031, 200, '200', 'test.xlsx 合計行'),
        (1, null, '綾瀬市', '行革推進プラン', '当初見込み', 'year_total', null, 2031, 210, '210', 'other.xlsx 合計行')""",
    """insert into judgements values (1, null, '綾瀬市', '行革推進プラン', '総括', '課題 ①', '財政の健全化',
        '目標に届いていない', 'effect_actuals', null, '改定見込み', '効果額が目標に届いていない', 'test.xlsx 総括')""",
]


@pytest.fixture(autouse=True)
def _seed(app_db):
    """Every query here reads the seed database unless a test swaps in a changed copy."""


@pytest.fixture
def ayase(seed_db, tmp_path, monkeypatch):
    """The seed with the named city's plan of the same name added."""
    monkeypatch.setenv("PLANS_DB", str(variant_db(seed_db, tmp_path, AYASE_PLAN)))


def _nan_as_none(values) -> list:
    return [None if pd.isna(v) else v for v in values]


# --- a named city beside the unnamed plan of the same name --------------------------------------
def test_a_named_citys_plan_pairs_its_own_estimates(ayase):
    """The city is part of the plan's key: 綾瀬市's plan has its own pair, 001's keeps its own."""
    assert queries.pair(*AYASE) == (FIRST, AMENDED)
    assert queries.pair(*PLAN) == (PLAN_TIME, REVISED)


def test_a_named_citys_years_are_summed_over_its_areas(ayase):
    """Per year: both areas summed, a year the plan lacks NULL (not 0), its difference and share NULL,
    running sums, and the printed 合計 only where the files agree."""
    years = queries.by_year(*AYASE)
    assert years["fiscal_year"].tolist() == [2030, 2031, 2032, 2033]
    assert (years["plan_estimate"] == FIRST).all() and (years["latest_estimate"] == AMENDED).all()
    assert _nan_as_none(years["plan_amount"]) == [100, 200, 300, None]
    assert years["latest_amount"].tolist() == [150, 50, 300, 40]
    assert years["latest_kind"].tolist() == ["実績", "実績", "見込み", "見込み"]
    assert _nan_as_none(years["difference"]) == [50, -150, 0, None]
    assert _nan_as_none(years["ratio"]) == [1.5, 0.25, 1.0, None]
    assert years["plan_cumulative"].tolist() == [100, 300, 600, 600]
    assert years["latest_cumulative"].tolist() == [150, 200, 500, 540]
    assert _nan_as_none(years["plan_printed"]) == [100, None, None, None]
    assert _nan_as_none(years["latest_printed"]) == [150, None, None, None]


def test_the_unnamed_plan_is_not_mixed_with_the_named_citys(ayase):
    """001's figures stay 001's with another city's plan of the same name loaded."""
    years = queries.by_year(*PLAN)
    assert years["fiscal_year"].tolist() == YEARS
    assert years["plan_amount"].tolist() == PLAN_ROW and years["latest_amount"].tolist() == REVISED_ROW
    assert queries.to_date(*PLAN)[["actual", "planned"]].values.tolist() == [[78_227, 222_380]]


def test_a_named_citys_actual_to_date_is_its_actual_years(ayase):
    """R12–R13 実績 150 + 50 = 200 against the plan's 100 + 200 = 300 for those years: 2/3."""
    [row] = queries.to_date(*AYASE).itertuples()
    assert (row.first_fy, row.last_fy, row.years, row.actual, row.planned) == (2030, 2031, 2, 200, 300)
    assert row.ratio == pytest.approx(2 / 3)


def test_a_named_citys_shifts_leave_out_equal_and_missing_years(ayase):
    """R13 below (−150), R12 above (+50); R14 equals the plan and R15 has no plan: in neither."""
    shifts = queries.shifts(*AYASE)
    assert [(s.direction, list(s.years), list(s.kinds), s.difference) for s in shifts.itertuples()] == [
        ("below", [2031], ["実績"], -150), ("above", [2030], ["実績"], 50)]


def test_judgements_are_the_plans_own_on_its_effect_amounts(ayase):
    """001 Problem ①, the one judgement on effect amounts (Keep ①② and Problem ② are on other bases);
    a named city's plan of the same name has its own."""
    said = queries.judgements(*PLAN)
    assert said[["item", "goal", "judgement", "quote"]].values.tolist() == [[
        "Problem ①", "財政の健全化", "目標と実績の大きな乖離がある",
        "基本目標の「財政の健全化」の目標と実績の大きな乖離がある（改革改善の取組による効果額が少ない）"]]
    assert said["source"].iloc[0].startswith("001_9480041d8c514e34.txt 前期アクションプランの総括 Problem")
    assert queries.judgements(*AYASE)[["item", "quote", "source"]].values.tolist() == [
        ["課題 ①", "効果額が目標に届いていない", "test.xlsx 総括"]]


# --- the estimates a slide pins -----------------------------------------------------------------
def test_a_pinned_pair_reads_as_the_plan_and_latest_it_names():
    """Pinned as resolved today, the figures are today's; pinned the other way round, they swap."""
    assert queries.pair(*PLAN, (PLAN_TIME, REVISED)) == (PLAN_TIME, REVISED)
    assert queries.pair(*PLAN, (REVISED, PLAN_TIME)) == (REVISED, PLAN_TIME)
    swapped = queries.by_year(*PLAN, (REVISED, PLAN_TIME))
    assert swapped["plan_amount"].tolist() == REVISED_ROW and swapped["latest_amount"].tolist() == PLAN_ROW
    assert (swapped["latest_kind"] == "計画").all()           # 001 計画策定時: every year 計画
    assert swapped["latest_cumulative"].iloc[-1] == 2_674_093  # 001 計画策定時 合計額 (R4~R9)


def test_a_pinned_plan_time_latest_has_no_actuals_to_date():
    """The plan-time table has no 実績 year: nothing to date; its shifts are 001's turned round."""
    assert queries.to_date(*PLAN, (REVISED, PLAN_TIME)).empty
    shifts = queries.shifts(*PLAN, (REVISED, PLAN_TIME))
    assert [(s.direction, list(s.years), s.difference) for s in shifts.itertuples()] == [
        ("below", [2022, 2026, 2027], -397_513), ("above", [2023, 2024, 2025], 460_006)]


def test_an_estimate_loaded_later_does_not_become_a_pinned_slides_latest(seed_db, tmp_path, monkeypatch):
    """A third 001 estimate with three 実績 years is the latest unpinned; pinned, the slide keeps 後期."""
    later = "令和6年度決算時"
    monkeypatch.setenv("PLANS_DB", str(variant_db(seed_db, tmp_path, [
        "insert into effect_amounts values " + ", ".join(
            f"(1, null, null, '行革推進プラン', '{later}', 'Ⅰ', 'テスト', {fy}, '実績', 1000, '1,000', 'test.xlsx')"
            for fy in (2022, 2023, 2024))])))
    pinned = (PLAN_TIME, REVISED)
    assert queries.pair(*PLAN) == (PLAN_TIME, later)
    assert queries.pair(*PLAN, pinned) == pinned
    assert queries.by_year(*PLAN, pinned)["latest_amount"].tolist() == REVISED_ROW
    assert queries.to_date(*PLAN, pinned)[["first_fy", "last_fy", "actual", "planned"]].values.tolist() == [
        [2022, 2023, 78_227, 222_380]]
    assert queries.to_date(*PLAN)[["last_fy", "actual"]].values.tolist() == [[2024, 3_000]]
    assert queries.shifts(*PLAN, pinned)["difference"].sum() == -62_493     # 001 計画策定時との比較


def test_a_pinned_estimate_that_is_gone_gives_nothing():
    """An estimate the slide pinned and the data no longer has: no pair, no years, no share, no shifts."""
    gone = (PLAN_TIME, "中間見直し時")
    assert queries.pair(*PLAN, gone) is None
    assert queries.by_year(*PLAN, gone).empty
    assert queries.to_date(*PLAN, gone).empty
    assert queries.shifts(*PLAN, gone).empty
    assert queries.pair(*PLAN, ("中間見直し時", REVISED)) is None


def test_a_plan_with_one_estimate_or_none_has_nothing_to_compare(seed_db, tmp_path, monkeypatch):
    """One estimate (a named city's test plan) or none loaded: no pair, no figures, no judgement."""
    monkeypatch.setenv("PLANS_DB", str(variant_db(seed_db, tmp_path, OTHER_PLAN)))
    for plan in (("綾瀬市", "テスト改革プラン"), AYASE):
        assert queries.pair(*plan) is None
        assert queries.by_year(*plan).empty and queries.to_date(*plan).empty and queries.shifts(*plan).empty
        assert queries.judgements(*plan).empty
