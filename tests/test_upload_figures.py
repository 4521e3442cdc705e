"""Uploads that would load a wrong figure without a word (issue #12, cells to rows): each is read
right, or refused naming the cell, and a refusal leaves the database file byte for byte as it was."""
from __future__ import annotations

import pytest

from loaders import importer, store
from tests.test_importer import EFFECT_ROWS, REVISED, prepare, refused, xlsx

KPI_HEADER = ["市名", "計画", "年度", "指標", "目標", "実績"]
KPI_ROW = ["厚木市", "P", "R5", "指標A", "1件", "2件"]


def committed(live, data, name, **context):
    preview = prepare(live, data, name, **context)
    assert preview.ok, [str(e) for e in preview.errors]
    importer.commit(preview, live)
    return preview


def scalar(live, sql, *params):
    con = store.connect_reader(live)
    try:
        return con.execute(sql, list(params)).fetchone()[0]
    finally:
        con.close()


# 1. Two columns with the same header -------------------------------------------------------

def test_two_columns_with_the_same_header_name_both(live):
    header = [*KPI_HEADER, "実績"]
    preview = refused(live, xlsx([header, [*KPI_ROW, "3件"]], "成果指標"), "dup.xlsx")
    [error] = [e for e in preview.errors if e.code == "duplicate-header"]
    assert (error.sheet, error.row, error.column, error.header) == ("成果指標", 1, "G", "実績")
    assert "F列とG列" in error.message and "「実績」" in error.message


def test_two_headers_for_the_same_field_name_both(live):
    header = [*KPI_HEADER, "実績値"]
    preview = refused(live, xlsx([header, [*KPI_ROW, "3件"]]), "dup.xlsx")
    [error] = [e for e in preview.errors if e.code == "duplicate-field"]
    assert (error.row, error.column, error.header) == (1, "G", "実績値")
    assert "F列「実績」" in error.message and "G列「実績値」" in error.message


def test_a_csv_with_the_same_header_twice_is_refused(live):
    data = "市名,計画,年度,指標,目標,実績,目標\n厚木市,P,R5,指標A,1件,2件,9件\n".encode()
    preview = refused(live, data, "dup.csv")
    [error] = [e for e in preview.errors if e.code == "duplicate-header"]
    assert (error.sheet, error.row, error.column, error.header) == (None, 1, "G", "目標")
    assert "E列とG列" in str(error)


def test_a_year_column_table_with_a_year_twice_is_refused(live):
    rows = [["（単位：千円）"], ["分野", "R4", "R5", "令和5年度"], ["I 業務", 1, 2, 3], ["合計", 1, 2, 3]]
    preview = refused(live, xlsx(rows), "y.xlsx", plan="計画X", estimate="当初")
    [error] = [e for e in preview.errors if e.code == "duplicate-year"]
    assert (error.row, error.column, error.header) == (2, "D", "令和5年度")
    assert "C列とD列" in error.message and "2023" in error.message


def test_a_target_actual_table_with_a_year_twice_is_refused(live):
    rows = [["指標", "単位", "令和4年度", None, "令和4年度", None],
            [None, None, "目標", "実績", "目標", "実績"],
            ["研修件数", "件", 800, 782, 900, 700]]
    preview = refused(live, xlsx(rows, merged=("C1:D1", "E1:F1")), "ta.xlsx", city="相模原市", plan="P")
    errors = [e for e in preview.errors if e.code == "duplicate-year"]
    assert [(e.column, e.row) for e in errors] == [("E", 1), ("F", 1)]
    assert "C列とE列" in errors[0].message and "目標" in errors[0].message


# 2. Scientific notation and numbers a double cannot hold -----------------------------------

@pytest.mark.parametrize("target, value", [
    ("1E6", 1_000_000), ("1.2E+06", 1_200_000), ("1e-3", 0.001), ("１Ｅ６", 1_000_000), ("1.2E6件", 1_200_000),
])
def test_scientific_notation_in_an_upload_is_the_number_excel_means(live, target, value):
    committed(live, xlsx([KPI_HEADER, [*KPI_ROW[:4], target, "2件"]]), "sci.xlsx")
    assert scalar(live, "select target_value from v_kpi where plan = 'P' and indicator = '指標A'") == value


def test_scientific_amount_in_a_year_column_table(live):
    rows = [r[:] for r in EFFECT_ROWS]
    rows[3][1] = "1.4358E+04"
    committed(live, xlsx(rows), "e.xlsx", plan="新計画", estimate=REVISED)
    assert scalar(live, "select sum(amount_thousand_yen) from v_effect_amounts where plan = '新計画'") == 2_611_600


@pytest.mark.parametrize("text", ["inf", "NaN", "1e400", "9" * 400, "-1E+400"])
def test_a_number_too_large_is_refused_never_stored_as_inf(live, text):
    preview = refused(live, xlsx([KPI_HEADER, [*KPI_ROW[:4], text, "2件"]]), "inf.xlsx")
    [error] = preview.errors
    assert (error.row, error.text) == (2, text) and "保存できません" in error.message


@pytest.mark.parametrize("text", ["1e400", "9" * 400])
def test_an_amount_too_large_is_refused(live, text):
    rows = [r[:] for r in EFFECT_ROWS]
    rows[4][3] = text
    preview = refused(live, xlsx(rows), "e.xlsx", plan="新計画", estimate=REVISED)
    assert any(e.row == 5 and e.text == text and "保存できません" in e.message for e in preview.errors)


def test_a_csv_of_a_million_digit_value_is_refused(live):
    data = f"市名,指標,年度,値,出典\n厚木市,自治会加入率,R4,{'9' * 400},広報\n".encode()
    preview = refused(live, data, "series.csv")
    assert any("保存できません" in e.message for e in preview.errors)
