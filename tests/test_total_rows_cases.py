"""Case tables for loaders/total_rows.py: which rows are totals, and what checking one returns."""
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from loaders import tables, total_rows
from loaders.errors import CellError
from loaders.numbers import CellValue, Figure

AMOUNT_UNREADABLE = "「abc」を数値として読めません。数値（例: 1,000、12.5%、△63,660）を入力してください。"
NOTE = "は合計・小計の行です。内訳の合計と一致することを確かめ、データには含めていません。"


# A total is named by its word alone: spaces and a trailing (R4~R9) aside ---------------------------
@pytest.mark.parametrize("text, word", [
    ("合計", "合計"), ("計", "計"), ("小計", "小計"), ("総計", "総計"), ("総合計", "総合計"), ("合計額", "合計額"),
    ("総合計額", "総合計額"), ("合　計", "合計"), (" 小 計 ", "小計"), ("合\t計", "合計"), ("計（R4～R9）", "計"),
    ("合計(R4~R9)", "合計"), ("合計（）", "合計"),
    ("計画", None), ("会計", None), ("累計", None), ("合計額計", None), ("合計（R4", None), ("小計の内訳", None),
    ("R5", None), ("", None), ("　", None), (None, None), (5, None), (float("nan"), None),
])
def test_total_word_names_a_total_only_by_the_whole_cell(text, word):
    assert total_rows.total_word(text) == word


# split: where the word may sit, per table ----------------------------------------------------------
@pytest.mark.parametrize("table, column, word", [
    ("kpi", "indicator", "合計"), ("kpi", "initiative", "小計"), ("kpi", "policy_area", "計"),
    ("budget", "project", "計"), ("budget", "project_code", "合計"), ("budget", "policy_area", "総計"),
    ("series", "indicator", "合　計"), ("effect_amounts", "policy_area", "合計"),
    ("effect_amounts", "policy_area_code", "小計"),
])
def test_a_total_word_in_a_label_column_makes_a_total_row(table, column, word):
    frame = pd.DataFrame({"city": ["厚木市"] * 3, column: ["A", word, "B"], "fiscal_year": ["R5"] * 3})
    members, rows, totals = total_rows.split(table, frame, [2, 3, 4])
    assert (members[column].tolist(), rows) == (["A", "B"], [2, 4])
    assert (totals.rows, totals.word, totals.over_years) == ([3], [total_rows.total_word(word)], [False])
    assert totals.frame.to_dict("records") == [{"city": "厚木市", column: word, "fiscal_year": "R5"}]


@pytest.mark.parametrize("table, column", [
    ("kpi", "department"), ("kpi", "unit"), ("budget", "department"), ("series", "unit"),
    ("effect_amounts", "value_kind"),
])
def test_a_total_word_outside_the_label_columns_is_a_member(table, column):
    frame = pd.DataFrame({column: ["合計", "計"], "fiscal_year": ["R5", "R6"]})
    assert total_rows.split(table, frame, [2, 3])[2] is None


@pytest.mark.parametrize("label", ["計画", "会計", "累計", "A事業", ""])
def test_a_label_that_only_contains_a_total_word_is_a_member(label):
    frame = pd.DataFrame({"project": ["A", label], "fiscal_year": ["R5", "R5"]})
    assert total_rows.split("budget", frame, [2, 3])[2] is None


def test_a_fiscal_year_saying_total_is_a_total_over_years_named_generically():
    frame = pd.DataFrame({"indicator": ["件数", "件数", "件数", "合計"], "fiscal_year": ["R4", "R5", "計", "合計"]})
    members, rows, totals = total_rows.split("series", frame, [5, 6, 7, 9])
    assert (members.fiscal_year.tolist(), rows) == (["R4", "R5"], [5, 6])
    assert (totals.rows, totals.word, totals.over_years) == ([7, 9], ["合計", "合計"], [True, True])


@pytest.mark.parametrize("table, frame", [
    ("initiatives", pd.DataFrame({"initiative": ["合計"]})),  # no totals in a list of initiatives
    ("texts", pd.DataFrame({"indicator": ["合計"], "fiscal_year": ["合計"]})),
    ("budget", pd.DataFrame({"project": pd.Series([], dtype=object)})),
])
def test_tables_without_totals_and_empty_frames_come_back_as_given(table, frame):
    got, rows, totals = total_rows.split(table, frame, [2] * len(frame))
    assert (got is frame, rows, totals) == (True, [2] * len(frame), None)


# check: the frames it is given are those layouts.read_sheet hands it -------------------------------
def run(table, rows, header=None, file="t.xlsx", sheet="表"):
    """split, parse the members and check the totals of rows (dicts of field text), from sheet row 2."""
    frame = pd.DataFrame(rows).fillna("")
    members, member_rows, totals = total_rows.split(table, frame, list(range(2, 2 + len(frame))))
    parsed, errors = tables.parse(table, members, file=file, sheet=sheet)
    assert errors == []
    return total_rows.check(table, parsed, member_rows, totals, file=file, sheet=sheet,
                            header={} if header is None else header)


def budget(project, amount, fy="R5", **more):
    return {"city": "相模原市", "plan": "経営方針", "fiscal_year": fy, "project": project, "amount": amount,
            "source": "s", **more}


BUDGET_HEADER = {"city": (0, "市名"), "plan": (1, "計画"), "fiscal_year": (2, "年度"), "project": (3, "事業名"),
                 "amount": (4, "事業費")}


def test_an_unreadable_cell_of_a_total_row_is_an_error_at_that_cell():
    errors, warnings, printed = run("budget", [budget("A事業", "1"), budget("合計", "abc")], BUDGET_HEADER)
    assert errors == [CellError("t.xlsx", "表", 3, "E", "abc", AMOUNT_UNREADABLE, header="事業費")]
    assert (warnings, printed) == ([], [])


def test_an_unreadable_cell_without_a_heading_is_named_by_its_field():
    errors, _, _ = run("budget", [budget("A事業", "1"), budget("合計", "abc")], {}, file="b.csv", sheet=None)
    assert errors == [CellError("b.csv", None, 3, "amount", "abc", AMOUNT_UNREADABLE, header="amount")]


def test_every_total_row_is_checked_after_an_unreadable_one():
    errors, warnings, _ = run("budget", [budget("A事業", "1"), budget("計", "abc"), budget("合計", "x"),
                                         budget("小計", "5")], BUDGET_HEADER)
    assert [(e.row, e.code, e.text) for e in errors] == [(3, "cell", "abc"), (4, "cell", "x"), (5, "total-row", "5")]
    assert warnings == []


def test_a_disagreeing_total_without_a_heading_names_its_field():
    errors, _, _ = run("budget", [budget("A事業", "1,000"), budget("合計", "999")])
    assert [(e.row, e.column, e.header, e.text) for e in errors] == [(3, None, "amount", "999")]
    assert errors[0].message == "合計の行 999 が、同じ表の同じ年度の行（1行）の合計 1,000 と一致しません。金額か合計を確認してください。"


@pytest.mark.parametrize("printed, refused", [("0", False), ("0.4", False), ("1", True)])
def test_a_total_over_no_rows_sums_to_zero(printed, refused):
    errors, warnings, _ = run("budget", [budget("A事業", "1,000", "R5"), budget("合計", printed, "R6")], BUDGET_HEADER)
    assert [e.message for e in errors] == ([
        "合計の行 1 が、同じ表の同じ年度の行（0行）の合計 0 と一致しません。金額か合計を確認してください。"] if refused else [])
    assert warnings == ([] if refused else ["3行目" + NOTE])


def kpi(indicator, target, actual):
    return {"city": "厚木市", "plan": "P", "fiscal_year": "R5", "indicator": indicator, "target": target,
            "actual": actual, "source": "s"}


def test_a_total_without_a_target_is_still_checked_on_its_actual():
    errors, _, _ = run("kpi", [kpi("研修A", "10件", "8件"), kpi("研修B", "5件", "4件"), kpi("計", "", "13件")],
                       {"target": (4, "目標"), "actual": (5, "実績")})
    assert [(e.row, e.column, e.header, e.text) for e in errors] == [(4, "F", "実績", "13件")]


def effect(area, fy, amount):
    return {"city": "綾瀬市", "plan": "改善プラン", "estimate": "策定時", "policy_area_code": "", "policy_area": area,
            "fiscal_year": fy, "value_kind": "計画" if total_rows.total_word(area) is None else "", "amount": amount,
            "source": "s"}


@pytest.mark.parametrize("subtotal, messages", [
    ("300", []),
    ("301", ["小計の行 301 が、同じ表の直前の合計・小計からの行（2行）の合計 300 と一致しません。金額か合計を確認してください。"]),
])
def test_an_effect_subtotal_is_checked_here_on_its_amount(subtotal, messages):
    errors, warnings, printed = run("effect_amounts", [effect("業務の見直し", "R4", "100"), effect("業務の見直し", "R5", "200"),
                                                       effect("小計", "", subtotal)])
    assert ([e.message for e in errors], printed) == (messages, [])
    assert warnings == ([] if messages else ["4行目" + NOTE])


def test_an_effect_total_over_areas_and_years_is_a_grand_total():
    errors, warnings, printed = run("effect_amounts", [effect("業務の見直し", "R4", "100"), effect("合計", "合計", "100")])
    assert (errors, warnings) == ([], ["3行目" + NOTE])
    assert [(p["total_kind"], p["policy_area_code"], p["fiscal_year"], p["_column"], p["_header"])
            for p in printed] == [("grand_total", None, None, None, "amount")]


# the row helpers, for cells a frame may hold ----------------------------------------------------
BUDGET_FIELDS = {f.name: f for f in tables.TABLES["budget"]}


@pytest.mark.parametrize("amount, cell", [
    (None, None), (float("nan"), None), ("", None), ("  ", None), (1500.0, (1500.0, "1500.0")),
    (0.0, (0.0, "0.0")), (" 1,500 ", (1500.0, "1,500")),
])
def test_a_blank_cell_of_a_total_row_is_none_and_a_figure_is_read(amount, cell):
    row = pd.Series({"source": "出典", "note": "メモ", "project": "合計", "fiscal_year": None, "amount": amount,
                     "department": "財政課"})
    cells, bad = total_rows._read("budget", BUDGET_FIELDS, row, "t.xlsx", "表", 9, {})
    assert (cells, bad) == ({"project": None, "fiscal_year": None, "amount": cell, "department": "財政課"}, [])


def test_the_total_word_is_blank_only_in_a_label_or_year_column():
    row = pd.Series({"project": "小計", "fiscal_year": "合計", "amount": "合計", "source": "s"})
    cells, bad = total_rows._read("budget", BUDGET_FIELDS, row, "t.xlsx", "表", 9, {"amount": (4, "事業費")})
    assert (cells, [(e.column, e.header, e.text) for e in bad]) == (
        {"project": None, "fiscal_year": None}, [("E", "事業費", "合計")])


@pytest.mark.parametrize("name, value, number", [
    ("target", Figure(CellValue(Decimal("10"), "件", None, None, False)), 10.0),
    ("actual", CellValue(Decimal("2.5"), "%", None, None, False), 2.5),  # a CellValue not wrapped in a Figure
    ("actual", CellValue(None, None, "-", None, True), None),
    ("amount", (1500.0, "1,500"), 1500.0), ("value", None, None),
])
def test_number_is_the_float_a_total_is_compared_by(name, value, number):
    assert total_rows._number(name, value) == number


def test_a_printed_total_without_an_amount_or_heading_keeps_its_place():
    got = total_rows._printed({"city": "綾瀬市"}, pd.Series({"source": "s"}), False, 7, "e.xlsx", "効果額", {})
    assert got == {"city": "綾瀬市", "plan": None, "estimate": None, "total_kind": "grand_total", "policy_area_code": None,
                   "fiscal_year": None, "amount_thousand_yen": None, "amount_printed": None, "source": "s",
                   "_sheet": "効果額", "_row": 7, "_column": None, "_header": "amount"}


@pytest.mark.parametrize("over_years, area, fy, kind", [
    (True, "1", None, "area_total"), (True, None, None, "grand_total"), (False, "1", 2023, "year_total"),
    (False, None, 2023, "year_total"), (False, None, None, "grand_total"),
])
def test_a_printed_totals_kind_follows_what_it_is_over(over_years, area, fy, kind):
    cells = {"amount": (5.0, "5"), "policy_area_code": area, "fiscal_year": fy}
    got = total_rows._printed(cells, pd.Series({}, dtype=object), over_years, 3, "e.xlsx", None, {"amount": (7, "金額")})
    assert (got["total_kind"], got["_column"], got["_header"], got["amount_thousand_yen"], got["amount_printed"]) == (
        kind, "H", "金額", 5.0, "5")
    assert (got["policy_area_code"], got["fiscal_year"]) == ((area, None) if kind == "area_total" else (None, fy))


def test_a_subtotal_sums_the_members_between_the_totals():
    members = pd.DataFrame({"fiscal_year": [2023] * 4})
    mask = total_rows._members("budget", members, {"fiscal_year": 2023}, False, "小計", np.array([2, 3, 5, 6]), 7,
                               [4, 7])
    assert mask.tolist() == [False, False, True, True]
