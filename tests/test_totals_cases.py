"""Case table for loaders.totals.checks_after: a file's printed totals checked against what the
plan will hold once the file is committed (issue #12), called directly, so each case takes
milliseconds (mutation testing, docs/mutation.md).

Every figure is the R4–R9 plan's (001, 行革推進プラン, 市名記載なし), 千円: its 後期アクションプラン
策定時 estimate resubmitted as the document prints it, or with one amount changed.
"""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from loaders import totals

LATE, FIRST = "後期アクションプラン策定時", "計画策定時"


def estimate(con, name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One estimate's amounts and printed totals, as the importer hands them over."""
    amounts = con.execute("select * exclude (batch_id, retired_by) from effect_amounts"
                          " where estimate = ? and retired_by is null", [name]).df()
    printed = con.execute("select * exclude (batch_id, retired_by) from effect_printed_totals"
                          " where estimate = ? and retired_by is null", [name]).df()
    printed["_row"] = range(2, len(printed) + 2)
    printed["_column"] = "C"
    return amounts, printed


def one(checks: pd.DataFrame, estimate_name: str, kind: str, area=None, year=None) -> pd.Series:
    rows = checks[(checks.estimate == estimate_name) & (checks.total_kind == kind)
                  & checks.policy_area_code.map(lambda v: v == area if area else pd.isna(v))
                  & checks.fiscal_year.map(lambda v: v == year if year else pd.isna(v))]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def changed(amounts: pd.DataFrame, area: str, year: int, by: float) -> pd.DataFrame:
    out = amounts.copy()
    at = (out.policy_area_code == area) & (out.fiscal_year == year)
    assert at.sum() == 1
    out.loc[at, "amount_thousand_yen"] += by
    return out


def test_an_estimate_resubmitted_as_printed_agrees_with_every_total_of_its_plan(seed_con):
    amounts, printed = estimate(seed_con, LATE)
    checks = totals.checks_after(seed_con, amounts, printed)
    # the file's 14 printed totals and the kept 計画策定時 estimate's 10, every one agreeing
    assert len(checks) == 24
    assert checks.agrees.tolist() == [True] * 24 and not checks.known.any()
    assert checks.estimate.value_counts().to_dict() == {LATE: 14, FIRST: 10}
    # 計画策定時との比較 of area I: 353,913 (後期) − 545,239 (計画策定時)
    row = one(checks, LATE, "comparison", area="I")
    assert (row.printed, row.computed, row.estimate_no, row["item"]) == (-191326, -191326, 2, f"{LATE} I")
    assert one(checks, LATE, "comparison").computed == 2_611_600 - 2_674_093
    assert one(checks, LATE, "year_total", year=2022).computed == -15673
    assert one(checks, FIRST, "grand_total").computed == 2_674_093


def test_the_files_rows_keep_where_they_were_read_and_the_kept_rows_have_none(seed_con):
    amounts, printed = estimate(seed_con, LATE)
    checks = totals.checks_after(seed_con, amounts, printed)
    late = one(checks, LATE, "year_total", year=2027)
    where = printed[(printed.total_kind == "year_total") & (printed.fiscal_year == 2027)].iloc[0]
    assert (late._row, late._column) == (where._row, "C")
    kept = checks[checks.estimate == FIRST]
    assert kept._row.isna().all() and kept._column.isna().all()
    assert sorted(checks[checks.estimate == LATE]._row) == list(range(2, 16))


def test_an_amount_changed_in_the_file_moves_each_total_it_belongs_to(seed_con):
    amounts, printed = estimate(seed_con, LATE)
    checks = totals.checks_after(seed_con, changed(amounts, "I", 2022, 1000), printed)
    year = one(checks, LATE, "year_total", year=2022)
    assert (year.printed, year.computed, year.agrees) == (-15673, -14673, False)
    area = one(checks, LATE, "area_total", area="I")
    assert (area.printed, area.computed, area.agrees) == (353913, 354913, False)
    assert one(checks, LATE, "grand_total").computed == 2_612_600
    assert one(checks, LATE, "comparison", area="I").computed == 354_913 - 545_239
    assert one(checks, LATE, "comparison").computed == 2_612_600 - 2_674_093
    # the rows the change does not reach still agree: other years, other areas, the kept estimate
    assert one(checks, LATE, "year_total", year=2023).agrees
    assert one(checks, LATE, "area_total", area="II").agrees
    assert checks[checks.estimate == FIRST].agrees.all()
    assert (~checks.agrees).sum() == 5


def test_a_file_of_the_first_estimate_moves_the_later_estimates_comparisons(seed_con):
    # The comparison printed in 後期 is against 計画策定時: a file replacing 計画策定時 changes what
    # the kept 後期 rows compute, though the file holds none of them.
    amounts, printed = estimate(seed_con, FIRST)
    checks = totals.checks_after(seed_con, changed(amounts, "II", 2025, -500), printed)
    assert checks.estimate.value_counts().to_dict() == {LATE: 14, FIRST: 10}
    first = one(checks, FIRST, "area_total", area="II")
    assert (first.printed, first.computed, first.agrees) == (2120370, 2119870, False)
    comparison = one(checks, LATE, "comparison", area="II")
    assert (comparison.printed, comparison.computed, comparison.agrees) == (-23842, -23342, False)
    assert pd.isna(comparison._row)   # a kept row: not the file's
    assert one(checks, LATE, "comparison", area="I").agrees
    assert one(checks, LATE, "area_total", area="II").agrees


def test_printed_totals_without_amounts_are_checked_against_none(seed_con):
    # The file replaces the whole estimate: with no amounts in it, the estimate will hold none.
    _, printed = estimate(seed_con, LATE)
    checks = totals.checks_after(seed_con, None, printed)
    year = one(checks, LATE, "year_total", year=2024)
    assert (year.printed, year.computed, year.agrees) == (305079, 0, False)
    assert one(checks, LATE, "grand_total").computed == 0
    assert checks[checks.estimate == FIRST].agrees.all()


def test_amounts_without_printed_totals_check_the_totals_kept(seed_con):
    amounts, _ = estimate(seed_con, FIRST)
    empty = pd.DataFrame(columns=["city", "plan", "estimate"])
    checks = totals.checks_after(seed_con, changed(amounts, "III", 2027, 7), empty)
    # the printed totals of 計画策定時 go with the file; 後期's are kept, its comparisons move by 7
    assert set(checks.estimate) == {LATE}
    assert one(checks, LATE, "comparison", area="III").computed == 161_159 - (8_484 + 7)
    assert "_row" not in checks.columns


@pytest.mark.parametrize("amounts", [None, pd.DataFrame(columns=["city", "plan", "estimate", "amount_thousand_yen"])])
def test_a_file_with_neither_amounts_nor_totals_has_nothing_to_check(seed_con, amounts):
    checks = totals.checks_after(seed_con, amounts, pd.DataFrame(columns=["city", "plan", "estimate"]))
    assert checks.empty and list(checks.columns) == []


def test_another_citys_plan_of_the_same_name_is_checked_on_its_own(seed_con):
    amounts, printed = estimate(seed_con, LATE)
    amounts["city"], printed["city"] = "綾瀬市", "綾瀬市"
    checks = totals.checks_after(seed_con, amounts, printed)
    # only 綾瀬市's 14 rows: none of the plan of no city, and no 計画策定時 to compare against
    assert set(checks.city) == {"綾瀬市"} and len(checks) == 14
    comparisons = checks[checks.total_kind == "comparison"]
    assert len(comparisons) == 4 and not comparisons.checked.any() and comparisons.agrees.isna().all()
    assert checks[checks.total_kind != "comparison"].agrees.all()
    assert one(checks, LATE, "area_total", area="III").estimate_no == 1


def test_a_known_discrepancy_is_marked_known(live):
    con = duckdb.connect(str(live))
    try:
        con.execute("insert into known_discrepancies values"
                    " ('effect_year_total', null, '行革推進プラン', ?, '資料の誤植')", [f"{LATE} 2022"])
        amounts, printed = estimate(con, LATE)
        checks = totals.checks_after(con, changed(amounts, "I", 2022, 1000), printed)
    finally:
        con.close()
    assert one(checks, LATE, "year_total", year=2022).known
    assert checks.known.sum() == 1


def test_each_check_starts_from_an_empty_scratch_database(seed_con):
    amounts, printed = estimate(seed_con, LATE)
    totals.checks_after(seed_con, changed(amounts, "I", 2022, 1000), printed)
    again = totals.checks_after(seed_con, amounts, printed)
    assert again.agrees.all() and len(again) == 24
    scratch = totals._scratch().cursor()
    try:
        assert scratch.execute("select count(*) from effect_amounts").fetchone()[0] == 0
        assert scratch.execute("select count(*) from effect_printed_totals").fetchone()[0] == 0
    finally:
        scratch.close()
    assert totals._scratch() is totals._scratch()   # made once per process


def test_a_file_without_printed_totals_checks_the_totals_kept(seed_con):
    # what the importer hands over when the file prints no total: a frame of no columns
    amounts, _ = estimate(seed_con, FIRST)
    checks = totals.checks_after(seed_con, amounts, pd.DataFrame())
    assert set(checks.estimate) == {LATE} and len(checks) == 14 and checks.agrees.all()


def test_the_callers_connection_is_left_without_the_files_rows(seed_con):
    amounts, printed = estimate(seed_con, LATE)
    totals.checks_after(seed_con, amounts, printed)
    with pytest.raises(duckdb.CatalogException):
        seed_con.execute("select count(*) from incoming_frame")


def test_a_total_printed_twice_is_two_checks_each_located_in_the_file(seed_con):
    amounts, printed = estimate(seed_con, LATE)
    again = printed[printed.total_kind == "grand_total"].assign(_row=40)
    checks = totals.checks_after(seed_con, amounts, pd.concat([printed, again], ignore_index=True))
    grand = checks[(checks.estimate == LATE) & (checks.total_kind == "grand_total")]
    assert len(grand) == 2 and grand.agrees.all() and grand._row.notna().all()
    assert len(checks) == 25
