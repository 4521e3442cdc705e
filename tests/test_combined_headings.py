"""A target/actual table written on one heading row, each heading naming the year and the figure
(「R5目標」「令和5年度 実績」「目標（R6）」), reads the same figures as the same table written with
the years over a 目標 / 実績 row; every other cell is still read or named."""
from __future__ import annotations

import pytest

from tests.test_every_cell import PAIRS, PAIRS_MERGED, located_errors, read

FORMS = ("xlsx", "csv-padded", "csv-ragged")
FIGURES = ["indicator", "unit", "fiscal_year", "target_value", "actual_value", "source"]
BODY = [["職場研修の実施件数", "件", 800, 782, 800, 810], ["電子申請の件数", "件", "1,200", "1,350", "1,500", ""]]
SPELLINGS = {
    "R4目標": ["R4目標", "R4実績", "R5目標", "R5実績"],
    "令和4年度 目標": ["令和4年度 目標", "令和4年度 実績", "令和5年度　目標", "令和5年度　実績"],
    "目標（R4）": ["目標（R4）", "実績（R4）", "目標(R5)", "実績(R5)"],
    "R4年度目標値": ["R4年度目標値", "R4年度実績値", "R5年度目標値", "R5年度実績値"],
    "2022年度目標": ["2022年度目標", "2022年度実績", "2023年度目標", "2023年度実績"],
}


def _two_rows():
    """The same figures with the years over a 目標 / 実績 row: what the product already reads."""
    preview = read([*PAIRS[:2], *BODY], merged=PAIRS_MERGED)
    assert preview.ok, [str(e) for e in preview.errors]
    return preview.rows["kpi"][FIGURES[:-1]].reset_index(drop=True)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("spelling", SPELLINGS)
def test_one_heading_row_naming_year_and_figure_reads_as_years_over_pairs(spelling, form):
    preview = read([["指標", "単位", *SPELLINGS[spelling]], *BODY], form)
    assert preview.ok, [str(e) for e in preview.errors]
    kpi = preview.rows["kpi"]
    assert kpi[FIGURES[:-1]].reset_index(drop=True).equals(_two_rows())
    assert kpi.fiscal_year.tolist() == [2022, 2023, 2022, 2023]
    assert kpi.actual_value.tolist()[:3] == [782, 810, 1350] and kpi.actual_value.isna().tolist()[3]   # blank stays blank
    assert kpi.source.str.endswith(("2行目", "2行目", "3行目", "3行目")).all()


def test_a_single_year_written_as_two_headings_is_read():
    preview = read([["成果指標", "単位", "R6目標", "R6実績"], ["研修受講者数", "人", 100, 90]])
    assert preview.ok, [str(e) for e in preview.errors]
    assert preview.rows["kpi"][["fiscal_year", "target_value", "actual_value"]].values.tolist() == [[2024, 100, 90]]


@pytest.mark.parametrize("form", FORMS)
def test_an_unreadable_figure_is_named_by_its_row_and_combined_heading(form):
    preview = read([["指標", "単位", "R4目標", "R4実績", "R5目標"], ["職場研修の実施件数", "件", 800, 782, "1,2345"]], form)
    assert [(e.row, e.column, e.header, e.text) for e in preview.errors] == [(2, "E", "R5目標", "1,2345")]


def test_a_figure_of_years_over_pairs_is_named_by_its_own_column_too():
    # one record per year reads 目標 from C, then from E: the error names E, where the text is
    preview = read([*PAIRS[:2], ["職場研修の実施件数", "件", 800, 782, "1,2345", 810]], merged=PAIRS_MERGED)
    assert [(e.row, e.column, e.header, e.text) for e in preview.errors] == [(3, "E", "目標", "1,2345")]


def test_a_cell_under_no_combined_heading_is_named_not_dropped():
    preview = read([["指標", "単位", "R4目標", "R4実績", None], ["職場研修の実施件数", "件", 800, 782, "要確認"]])
    assert located_errors(preview) == [("unheaded-cell", 2, "E", "要確認")]


def test_a_year_and_figure_twice_is_refused_naming_both_columns():
    preview = read([["指標", "単位", "R4目標", "R4実績", "R4目標"], ["職場研修の実施件数", "件", 800, 782, 900]])
    assert [(e.code, e.row, e.column) for e in preview.errors][0][:2] == ("duplicate-year", 1)


def test_amounts_headed_by_year_and_実績_stay_an_effect_amount_table():
    # 実績 / 見込み beside a year is a year-column amount table: no 目標, so no target/actual pairs
    preview = read([["（単位：千円）"], ["基本方針", "R4実績", "R5見込み"], ["Ⅰ 業務マネジメント改革", 100, 200]])
    assert preview.ok, [str(e) for e in preview.errors]
    assert preview.rows["effect_amounts"].amount_thousand_yen.tolist() == [100, 200]
