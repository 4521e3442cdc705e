"""How an error names its cell, case by case (mutation testing of loaders.errors): the file, sheet,
row and column as the analyst's spreadsheet shows them, the text seen, and the whole report."""
from __future__ import annotations

import pytest

from loaders.errors import CellError, LoadError, column_letter, located


@pytest.mark.parametrize("index, letters", [
    (1, "A"), (2, "B"), (26, "Z"), (27, "AA"), (28, "AB"), (52, "AZ"), (53, "BA"),
    (702, "ZZ"), (703, "AAA"), (16_384, "XFD"),   # XFD: Excel's last column
])
def test_column_letters_are_excels(index, letters):
    assert column_letter(index) == letters


def test_a_row_read_from_a_frame_as_a_float_is_a_whole_row_number():
    error = CellError("効果額.xlsx", "R5", 4.0, "C", "abc", "数値を入力してください。")
    assert error.row == 4 and type(error.row) is int
    assert str(error) == "効果額.xlsx / シート「R5」 / 4行目 / 列「C」: 数値を入力してください。（入力値:「abc」）"
    assert CellError("a.csv", None, None, None, None, "m").row is None


@pytest.mark.parametrize("error, said", [
    # a sheet's cell with its heading: the letter and the heading as written
    (CellError("効果額.xlsx", "R5", 12, "D", "▲1,2OO", "数値を入力してください。", header="効果額（千円）"),
     "効果額.xlsx / シート「R5」 / 12行目 / D列「効果額（千円）」: 数値を入力してください。（入力値:「▲1,2OO」）"),
    # a data/ CSV names its columns by their headings: said once, not 「theme」列「theme」
    (CellError("data/themes.csv", None, 3, "theme", "人材・組織", "重複しています。", header="theme"),
     "data/themes.csv / 3行目 / 列「theme」: 重複しています。（入力値:「人材・組織」）"),
    # a heading without a letter, a letter without a heading
    (CellError("a.csv", None, 1, None, "", "見出しを直してください。", header="備考"),
     "a.csv / 1行目 / 列「備考」: 見出しを直してください。"),
    (CellError("a.csv", "", 0, "B", None, "m"), "a.csv / 0行目 / 列「B」: m"),
    # a whole file: no sheet, row or column, nothing seen
    (CellError("壊れた.xlsx", None, None, None, None, "開けません。"), "壊れた.xlsx: 開けません。"),
])
def test_an_error_names_its_place_and_the_text_seen(error, said):
    assert str(error) == said


def test_a_coded_error_fills_its_template_with_the_place_and_the_figures():
    error = located("too-many-rows", file="大きい.csv", rows=1_000_001, limit=1_000_000)
    assert (error.code, error.row, error.column) == ("too-many-rows", None, None)
    assert str(error) == "大きい.csv: データの行数が上限を超えています（1,000,001 行、上限 1,000,000 行）。ファイルを分けてください。"


def test_the_report_counts_the_errors_and_lists_each_on_its_own_line():
    errors = [CellError("a.csv", None, 2, "B", "x", "一つ目。"), CellError("a.csv", None, 3, "C", "", "二つ目。")]
    raised = LoadError(errors)
    assert raised.errors == errors and raised.errors is not errors
    assert str(raised) == raised.report() == (
        "2件のエラーがあるため、読み込みを中止しました（データベースは変更されていません）。\n"
        "a.csv / 2行目 / 列「B」: 一つ目。（入力値:「x」）\n"
        "a.csv / 3行目 / 列「C」: 二つ目。")
