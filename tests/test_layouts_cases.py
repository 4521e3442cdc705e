"""Sheet layouts, case by case (mutation testing of loaders.layouts): small grids read in process,
each record and each error asserted at the cell an analyst would open. A target/actual table reads
one record per indicator and year, so its errors must land on the year's own column; a long table
drops blank rows, so its errors must land on the sheet's row, not the parsed one."""
from __future__ import annotations

import pandas as pd
import pytest

from loaders.layouts import Context, read_sheet, text_frame

CONTEXT = Context(city="厚木市", plan="行政経営プラン")
YEARS = ["指標", "R4", None, None, "R5", None, None]
PAIRS = [None, "目標", "実績", "達成", "目標", "実績", "達成"]


def _read(grid, context=CONTEXT):
    result = read_sheet(grid, file="f.xlsx", sheet="S", context=context)
    # every error names the file and the sheet it was found in
    assert [(e.file, e.sheet) for e in result.errors] == [("f.xlsx", "S")] * len(result.errors)
    return result


def _records(result):
    rows = result.rows.to_dict("records") if hasattr(result.rows, "to_dict") else result.rows
    return [(r["indicator"], r["fiscal_year"], r["target_value"], r.get("actual_value"), r["source"]) for r in rows]


def _where(result):
    return [(e.code, e.row, e.column, e.header, e.text) for e in result.errors]


def test_years_over_pairs_read_one_record_per_indicator_and_year():
    result = _read([YEARS, PAIRS,
                    ["研修", "800", "782", "×", "900", "910", "〇"],
                    ["※ 研修は年度末に集計", None, None, None, None, None, None],
                    ["会議", None, None, None, "12", "12", "〇"]])
    assert (result.layout, result.table, result.errors) == ("目標・実績の表", "kpi", [])
    assert _records(result) == [("研修", 2022, 800.0, 782.0, "f.xlsx シート「S」3行目"),
                                ("研修", 2023, 900.0, 910.0, "f.xlsx シート「S」3行目"),
                                ("会議", 2023, 12.0, 12.0, "f.xlsx シート「S」5行目")]   # R4 blank: no record
    marks = result.rows["mark"].tolist() if "mark" in result.rows else None
    assert marks == ["×", "〇", "〇"]
    # a note line is named, never read as an indicator nor dropped without a word
    assert result.warnings == ["目標・実績のない行 4行目 A列「※ 研修は年度末に集計」 は読み込みません。"]


@pytest.mark.parametrize(("grid", "expected"), [
    pytest.param([YEARS, PAIRS,
                  ["研修", "800", "782", "〇", "1,2345", "910", "達"],
                  [None] * 7,                                   # a blank row: the next record is row 5
                  ["会議", "1", "x1", "〇", "2", "2", "×"]],
                 [("cell", 3, "E", "目標", "1,2345"), ("cell", 3, "G", "達成", "達")],
                 id="each year's figure at its own column and row"),
    pytest.param([YEARS, PAIRS,
                  ["研修", "800", "782", "〇", "", "", ""],
                  [None] * 7,
                  ["会\x07議", "1", "1", "〇", "", "", ""]],
                 [("cell", 5, "A", "指標", "会\\x07議")],
                 id="the indicator's cell at the sheet's row, after a blank one"),
    pytest.param([YEARS, PAIRS, ["研修", "8,00", "782", "〇", "", "", ""]],
                 [("cell", 3, "B", "目標", "8,00")], id="the first record's figure"),
    pytest.param([["", "指標", "R4目標", "R4実績", "R5目標", "R5実績"],
                  ["", "研修", "800", "782", "1,2345", "910"]],
                 [("cell", 2, "E", "R5目標", "1,2345")],
                 id="one heading row naming year and figure"),
])
def test_an_unreadable_figure_names_the_sheet_cell(grid, expected):
    result = _read(grid)
    assert _where(result) == expected
    assert all(str(e).startswith(f"f.xlsx / シート「S」 / {e.row}行目 / {e.column}列「{e.header}」") for e in result.errors)


def test_words_where_a_figure_belongs_stay_words_on_their_year():
    result = _read([YEARS, PAIRS, ["研修", "800", "半数以上", "", "", "", ""]])
    assert result.errors == []
    row = result.rows.to_dict("records")
    assert [(r["fiscal_year"], pd.isna(r["actual_value"]), r["actual_text"]) for r in row] == \
        [(2022, True, "半数以上")]   # no number, not 0: the words are kept as the document's


@pytest.mark.parametrize(("second", "read"), [
    pytest.param(["指標", None, None, None, None, None, None], 1, id="the indicator heading again"),
    pytest.param([None, "R6", None, None, "R7", None, None], 1, id="two year headings"),
    pytest.param([None, "目標", "実績", None, None, None, None], 1, id="two pair words"),
])
def test_a_second_table_on_the_sheet_stops_the_read_and_says_where(second, read):
    result = _read([YEARS, PAIRS, ["研修", "800", "782", "〇", "", "", ""], second,
                    ["会議", "1", "1", "〇", "", "", ""]])
    assert [(e.code, e.row) for e in result.errors] == [("second-table", 4)]
    assert "2つ目の表" in str(result.errors[0])
    assert len(result.rows) == read


def test_years_and_numbers_in_a_body_row_are_figures_not_a_second_table():
    # 2023 and 2024 are figures (an amount), and one year-like word is an indicator's name
    result = _read([YEARS, PAIRS, ["R4年度の研修", "2023", "2024", "〇", "", "", ""],
                    ["会議", "1", "1", "〇", "", "", ""]])
    assert result.errors == []
    assert [r[:3] for r in _records(result)] == [("R4年度の研修", 2022, 2023.0), ("会議", 2022, 1.0)]


def test_a_table_without_an_indicator_column_is_refused_with_the_fix():
    result = _read([["番号", "R4", None, "R5", None], [None, "目標", "実績", "目標", "実績"],
                    ["1", "800", "782", "900", "910"]])
    assert [(e.row, e.column) for e in result.errors] == [(1, None)]
    assert result.errors[0].message == ("指標名の列（見出し「指標」）が見つかりません。"
                                        "左側の列に「指標」の見出しを付けてください。")
    assert result.rows == []


def test_pairs_without_a_target_are_not_read_as_a_target_actual_table():
    result = _read([["指標", "R4", "R5"], [None, "実績", "実績"], ["研修", "782", "910"]])
    assert result.layout != "目標・実績の表"


def test_headings_with_no_body_warn_that_there_is_nothing_to_read():
    result = _read([YEARS, PAIRS])
    assert (result.layout, result.errors, result.warnings) == ("目標・実績の表", [], ["目標・実績の行がありません。"])


LONG = [["市名", "計画", "年度", "指標", "目標", "実績"],
        ["厚木市", "行政経営プラン", "R4", "研修", "800", "782"],
        [None] * 6,
        [None] * 6,
        ["厚木市", "行政経営プラン", "R5", "研修", "1,2345", "910"]]


@pytest.mark.parametrize("as_frame", [False, True], ids=["rows", "a large CSV's text columns"])
@pytest.mark.parametrize(("grid", "expected"), [
    (LONG, [("cell", 5, "E", "目標", "1,2345")]),                       # row 5 of the sheet, not the 2nd record
    ([LONG[0], [None] * 6, LONG[4], LONG[1]], [("cell", 3, "E", "目標", "1,2345")]),   # the first record, under a blank
], ids=["after blank rows", "a blank row under the header"])
def test_a_long_table_error_names_the_sheet_row(as_frame, grid, expected):
    result = _read(text_frame(grid) if as_frame else grid, Context())
    assert (result.layout, result.table) == ("縦長の表", "kpi")
    assert _where(result) == expected
    assert len(result.rows) == 2


AYASE = [["綾瀬市 あやせ集中改革プラン 改革改善効果額"],
         [None, None, None, None, "（単位：千円）"],
         ["政策分野", "R4", "R5", "合計額", "比較"],
         [None, "実績", "見込み", None, None],
         ["Ⅰ 業務マネジメント改革", None, None, None, None],
         ["1 事務の見直し", "1,000", "2,000", "3,000", "1,000"],
         ["2 組織", "500", "1百万円", "1,500", "500"],
         ["小計", "1,500", "3,000", None, None],
         ["合計", "1,500", "3,000", "4,500", None],
         ["※端数処理", None, None, None, None]]


def test_a_year_column_table_reads_areas_years_and_kinds_and_keeps_totals_apart():
    result = _read(AYASE, Context(estimate="策定時"))
    assert (result.layout, result.table, result.errors) == ("年度列の金額表", "effect_amounts", [])
    # the title names the city and the plan; the analyst chose neither
    assert result.named == {"city": "綾瀬市", "plan": "あやせ集中改革プラン"}
    assert [(r["city"], r["plan"], r["estimate"], r["policy_area_code"], r["policy_area"], r["fiscal_year"],
             r["value_kind"], r["amount_thousand_yen"], r["amount_printed"], r["source"]) for r in result.rows] == [
        ("綾瀬市", "あやせ集中改革プラン", "策定時", "1", "事務の見直し", 2022, "実績", 1000.0, "1,000", "f.xlsx シート「S」6行目 B列"),
        ("綾瀬市", "あやせ集中改革プラン", "策定時", "1", "事務の見直し", 2023, "見込み", 2000.0, "2,000", "f.xlsx シート「S」6行目 C列"),
        ("綾瀬市", "あやせ集中改革プラン", "策定時", "2", "組織", 2022, "実績", 500.0, "500", "f.xlsx シート「S」7行目 B列"),
        # 1百万円 in a 千円 table: its own unit wins, 1,000千円, never 1
        ("綾瀬市", "あやせ集中改革プラン", "策定時", "2", "組織", 2023, "見込み", 1000.0, "1百万円", "f.xlsx シート「S」7行目 C列")]
    # printed totals are kept to be checked, never stored as facts; the 小計 row is neither
    assert [(t["amount_printed"], t["source"]) for t in result.printed_totals[:2]] == \
        [("3,000", "f.xlsx シート「S」6行目"), ("1,000", "f.xlsx シート「S」6行目")]
    assert [(t["total_kind"], t["policy_area_code"], t["fiscal_year"], t["amount_thousand_yen"], t["_row"], t["_column"])
            for t in result.printed_totals] == [
        ("area_total", "1", None, 3000.0, 6, "D"), ("comparison", "1", None, 1000.0, 6, "E"),
        ("area_total", "2", None, 1500.0, 7, "D"), ("comparison", "2", None, 500.0, 7, "E"),
        ("year_total", None, 2022, 1500.0, 9, "B"), ("year_total", None, 2023, 3000.0, 9, "C"),
        ("grand_total", None, None, 4500.0, 9, "D")]
    assert result.warnings == [
        "金額のない行 5行目 A列「Ⅰ 業務マネジメント改革」、10行目 A列「※端数処理」 は見出しか注記として読み込みません。",
        "8行目は小計の行です。内訳の合計と一致することを確かめ、データには含めていません。"]


def test_a_subtotal_that_does_not_add_up_is_named_at_its_cell():
    grid = [row[:] for row in AYASE]
    grid[7] = ["小計", "1,400", "3,000", None, None]
    result = _read(grid, Context(estimate="策定時"))
    assert [(e.code, e.row, e.column, e.header, e.text) for e in result.errors] == [("total-row", 8, "B", "R4", "1,400")]
    assert "1,500" in result.errors[0].message and "小計" in result.errors[0].message
    assert not any("小計の行です" in w for w in result.warnings)


def test_a_year_column_table_names_every_cell_it_cannot_read():
    result = _read([["政策分野", "令和4年度", "令和5年度", "備考"],
                    ["事務", "10", "x", "メモ"],
                    ["〃", "1", "2", None],
                    [None, "3", None, None],
                    ["政策分野", None, None, None]], Context(plan="P"))
    assert [(e.code, e.row, e.column, e.header, e.text) for e in result.errors] == [
        ("cell", None, None, None, None),                 # no 時点 chosen
        ("unread-column", 2, "D", "備考", "メモ"),
        ("cell", 2, "C「令和5年度」", None, "x"),
        ("cell", 3, "A", "政策分野", "〃"),                # a ditto is never taken as the row above
        ("cell", 4, "A", None, ""),
        ("second-table", 5, None, None, "政策分野")]
    assert result.errors[0].message == "このシートには時点名がありません。取込画面（または --estimate）で時点を指定してください。"
    assert result.errors[3].message.endswith("（上の行は「事務」）。")
    assert result.errors[4].message == "政策分野の名前が空欄です。入力してください。"
    assert [(r["policy_area"], r["fiscal_year"], r["value_kind"], r["amount_thousand_yen"]) for r in result.rows] == \
        [("事務", 2022, "計画", 10.0)]
    assert result.warnings == ["単位の注記（例:（単位：千円））が見つからないため、千円として読みました。",
                               "年度の見出しに「実績」「見込み」の区別がないため、「計画」として読みました。"]


def test_a_title_that_names_another_city_than_the_one_chosen_is_an_error():
    result = _read(AYASE, Context(city="厚木市", plan="あやせ集中改革プラン", estimate="策定時"))
    assert [(e.code, e.row, e.column, e.text) for e in result.errors] == \
        [("title-conflict", 1, "A", "綾瀬市 あやせ集中改革プラン 改革改善効果額")]
    assert {r["city"] for r in result.rows} == {"厚木市"}      # the choice stands, never overridden


def test_an_indicator_heading_in_the_pair_row_is_read_and_its_repeat_is_a_second_table():
    # 指標 written in the 目標 / 実績 row (the year row left blank above it)
    result = _read([["", "R4", "", "R5", ""], ["指標", "目標", "実績", "目標", "実績"],
                    ["研修", "1", "1", "2", "2"], ["指標", "", "", "", ""], ["会議", "1", "1", "", ""]])
    assert (result.sheet, result.layout) == ("S", "目標・実績の表")
    assert [(e.code, e.row) for e in result.errors] == [("second-table", 4)]
    assert [r[:3] for r in _records(result)] == [("研修", 2022, 1.0), ("研修", 2023, 2.0)]


@pytest.mark.parametrize(("cells", "read"), [
    pytest.param(["研修", "800", "R6年度", "", "", "", ""], ("R6年度", None), id="one year word as the actual"),
    pytest.param(["研修", "800", "782", "達成", "", "", ""], (None, "達成"), id="one pair word as the mark"),
])
def test_one_year_or_pair_word_in_a_body_row_is_a_cell_not_a_second_table(cells, read):
    result = _read([YEARS, PAIRS, cells])
    assert not any(e.code == "second-table" for e in result.errors)
    [row] = result.rows.to_dict("records")
    assert (row["actual_text"], row["mark"]) == read


def test_a_sheet_with_no_heading_row_is_said_to_be_unrecognised():
    result = _read([["メモ"], ["a", "b"]])
    assert (result.layout, [(e.row, e.column) for e in result.errors]) == ("認識できない", [(None, None)])
    assert result.errors[0].message.startswith("表の形式を認識できません。")


def test_a_table_of_targets_only_is_read_as_targets():
    result = _read([["指標", "R4", "R5"], [None, "目標", "目標"], ["研修", "800", "900"]])
    assert (result.layout, result.errors) == ("目標・実績の表", [])
    assert [r[:4] for r in _records(result)] == [("研修", 2022, 800.0, None), ("研修", 2023, 900.0, None)]


def test_two_indicator_columns_are_an_error_naming_both_in_japanese():
    result = _read([["指標", "成果指標", "R4", None, "R5", None], [None, None, "目標", "実績", "目標", "実績"],
                    ["研修", "研修2", "1", "1", "2", "2"]])
    assert [(e.code, e.file, e.sheet, e.row, e.column, e.header) for e in result.errors] == \
        [("duplicate-field", "f.xlsx", "S", 1, "B", "成果指標")]
    # the field by its heading, never its internal name (「indicator」)
    assert result.errors[0].message == ("A列「指標」とB列「成果指標」はどちらも「指標」の列です。"
                                        "1列にまとめるか、一方を削除してください。")


def test_a_number_above_a_target_actual_table_is_no_ones_figure():
    result = _read([["", "", "", "", "123"], ["指標", "R4", None, "R5", None], [None, "目標", "実績", "目標", "実績"],
                    ["研修", "1", "1", "2", "2"]])
    assert [(e.code, e.file, e.sheet, e.row, e.column, e.text) for e in result.errors] == \
        [("outside-figure", "f.xlsx", "S", 1, "E", "123")]
    assert len(result.rows) == 2


@pytest.mark.parametrize(("grid", "expected"), [
    pytest.param([["指標", "R4", "", "R4", ""], [None, "目標", "実績", "目標", "実績"], ["研修", "1", "1", "2", "2"]],
                 [("duplicate-year", 1, "D", "R4", "R4"), ("duplicate-year", 1, "E", "", "")],
                 id="a year twice: each later column named, never read instead"),
    pytest.param([["指標", "", "R4", "", "R5", ""], [None, "備考", "目標", "実績", "目標", "実績"],
                  ["研修", "メモ", "1", "1", "2", "2"]],
                 [("unread-column", 3, "B", "備考", "メモ")], id="a left column headed in the pair row"),
    pytest.param([["指標", "R4", "", "R5", "", "備考"], [None, "目標", "実績", "目標", "実績"],
                  ["研修", "1", "1", "2", "2", "メモ"], ["会議", "1"]],
                 [("unheaded-cell", 3, "F", None, "メモ")], id="rows of different lengths"),
    pytest.param([["指標", "R4", "", "R5", "", "100"], [None, "目標", "実績", "目標", "実績", ""],
                  ["研修", "1", "1", "2", "2", ""]],
                 [("heading-figure", 1, "F", None, "100")], id="a number in the heading row"),
])
def test_a_target_actual_table_names_every_cell_outside_its_figures(grid, expected):
    assert _where(_read(grid)) == expected


def test_every_row_without_figures_is_named_in_one_warning():
    result = _read([["指標", "R4", "", "R5", ""], [None, "目標", "実績", "目標", "実績"], ["※1", "", "", "", ""],
                    ["研修", "1", "1", "", ""], ["※2", "", "", "", ""]])
    assert result.warnings == ["目標・実績のない行 3行目 A列「※1」、5行目 A列「※2」 は読み込みません。"]


def test_a_second_header_in_capitals_starts_a_second_long_table():
    # the first header in the template's English, the second as someone typed it in capitals
    result = _read([["city", "plan", "fiscal_year", "indicator", "target", "actual"],
                    ["厚木市", "P", "R4", "研修", "1", "1"],
                    ["CITY", "PLAN", "FISCAL_YEAR", "INDICATOR", "TARGET", "ACTUAL"],
                    ["厚木市", "P", "R5", "研修", "1", "1"]], Context())
    assert [(e.code, e.row) for e in result.errors] == [("second-table", 3)]
    assert len(result.rows) == 1


def test_a_short_row_reads_only_its_own_cells():
    result = _read([["指標", "R4", "", "R5", ""], [None, "目標", "実績", "目標", "実績"], ["会議", "1"]])
    assert _records(result) == [("会議", 2022, 1.0, None, "f.xlsx シート「S」3行目")]
    assert result.rows["actual_text"].isna().all() if "actual_text" in result.rows else True


def test_a_row_without_the_plan_is_said_once_not_once_per_year():
    result = _read([["指標", "R4", "", "R5", ""], [None, "目標", "実績", "目標", "実績"], ["研修", "1", "1", "2", "2"]],
                   Context(city="厚木市"))
    assert _where(result) == [("cell", 3, None, "計画", "")]
    assert result.errors[0].message == "「計画」は空欄にできません。値を入力してください。"


def test_the_same_heading_twice_is_an_error_naming_both_columns():
    result = _read([["市名", "計画", "年度", "指標", "目標", "目標"], ["厚木市", "P", "R4", "研修", "1", "2"]], Context())
    assert _where(result) == [("duplicate-header", 1, "F", "目標", "目標")]
    assert result.errors[0].message.startswith("E列とF列の見出しがどちらも「目標」です。")


def test_a_source_the_file_writes_is_kept():
    result = _read([["市名", "計画", "年度", "指標", "目標", "出典"], ["厚木市", "P", "R4", "研修", "1", "資料3ページ"]],
                   Context())
    assert result.rows["source"].tolist() == ["資料3ページ"]


def test_no_city_chosen_and_none_written_is_no_city_never_a_guessed_one():
    result = _read([["指標", "R4", "", "R5", ""], [None, "目標", "実績", "目標", "実績"], ["研修", "1", "1", "2", "2"]],
                   Context(plan="P"))
    assert result.errors == [] and result.rows["city"].isna().all()

