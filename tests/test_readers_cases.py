"""How a file's bytes become cells, case by case (mutation testing of loaders.readers): encodings
told apart and a change of encoding named by its line, CSV records as csv.reader gives them,
percent cells as printed, and where a sheet's cell is."""
from __future__ import annotations

import pandas as pd
import pytest

from loaders import guard, readers


@pytest.mark.parametrize("data, text, encoding", [
    ("市名,値\n厚木市,1\n".encode("utf-8-sig"), "市名,値\n厚木市,1\n", "utf-8-sig"),
    ("市名,値\n厚木市,1\n".encode("utf-8"), "市名,値\n厚木市,1\n", "utf-8-sig"),   # a BOM or none
    ("市名,値\n綾瀬市,1\n".encode("cp932"), "市名,値\n綾瀬市,1\n", "cp932"),
    ("市名\t値\n厚木市\t1\n".encode("utf-16"), "市名\t値\n厚木市\t1\n", "utf-16"),
    ("①".encode("cp932"), "①", "cp932"),                                          # NEC special characters
])
def test_an_encoding_is_found_and_the_text_read_whole(data, text, encoding):
    assert readers.decode_text(data) == (text, encoding)


def test_a_change_of_encoding_is_named_by_the_line_it_starts_on():
    data = "市名,値\n厚木市,1\n".encode("utf-8") + "綾瀬市,2\n".encode("cp932")
    with pytest.raises(guard.RejectedFile) as refused:
        readers.decode_text(data)
    assert (refused.value.code, refused.value.place["row"], refused.value.params) == (
        "encoding-mixed", 3, {"encoding": "UTF-8"})


def test_a_file_undecodable_from_its_first_byte_has_no_encoding_to_name():
    with pytest.raises(guard.RejectedFile) as refused:
        readers.decode_text(b"\x81 abc\n")   # a Shift_JIS lead byte with no second byte
    assert (refused.value.code, refused.value.place["row"]) == ("encoding-unknown", 1)


def test_a_broken_utf16_file_is_named_as_utf16_at_its_line():
    # a lone surrogate on line 3, two lines after it
    data = "市名\n厚木市\n".encode("utf-16") + b"\x00\xd8" + "\n綾瀬市\n".encode("utf-16-le")
    with pytest.raises(guard.RejectedFile) as refused:
        readers.decode_text(data)
    assert (refused.value.code, refused.value.place["row"], refused.value.params) == (
        "encoding-mixed", 3, {"encoding": "UTF-16"})


def test_a_big_endian_utf16_file_is_read_by_its_bom():
    data = b"\xfe\xff" + "市名\n厚木市\n".encode("utf-16-be")
    assert readers.decode_text(data) == ("市名\n厚木市\n", "utf-16")


@pytest.mark.parametrize("data, offset, line", [
    (b"a\nb\nc", 0, 1), (b"a\nb\nc", 2, 2), (b"a\nb\nc", 4, 3),
    (b"a\rb\rc", 4, 3),            # old Mac Excel: lines end with CR alone
    (b"a\rb\nc", 4, 2),            # a file with LF counts LFs only
])
def test_the_line_of_a_byte(data, offset, line):
    assert readers._line_of(data, offset) == line


@pytest.mark.parametrize("raw, bare", [
    (b"a\r\nb\r\n", False), (b"a\rb\r", False), (b"a\nb\n", False), (b"a\rb\nc\n", True), (b"a\r\nb\rc\r\n", True),
])
def test_a_bare_cr_is_one_not_followed_by_lf_in_a_file_of_lf_lines(raw, bare):
    assert readers._bare_cr(raw) is bare


def test_a_rectangular_csv_is_a_frame_of_texts_and_a_ragged_one_csv_readers_rows():
    frame, encoding = readers.read_csv_grid("市名,値\n厚木市,001\n綾瀬市,\n".encode("utf-8"))
    assert encoding == "utf-8-sig" and isinstance(frame, pd.DataFrame)
    assert frame.values.tolist() == [["市名", "値"], ["厚木市", "001"], ["綾瀬市", ""]]   # 001 stays text
    rows, encoding = readers.read_csv_grid("表題\n\n市名,値\n厚木市,1\n".encode("cp932"))
    assert encoding == "cp932" and rows == [["表題"], [], ["市名", "値"], ["厚木市", "1"]]


def test_a_csv_of_cr_lines_is_split_at_its_crs_and_a_cr_inside_lf_lines_refused():
    rows, _ = readers.read_csv_grid("市名\r厚木市\r\r綾瀬市\r".encode("cp932"))
    assert rows == [["市名"], ["厚木市"], [], ["綾瀬市"]]
    with pytest.raises(guard.RejectedFile) as refused:
        readers.read_csv_grid(b"a,b\nc\rd,e\n")
    assert (refused.value.code, refused.value.place["row"]) == ("csv-bare-cr", 2)


def test_excels_unicode_text_is_read_as_tab_separated():
    rows, encoding = readers.read_csv_grid("市名\t値\n厚木市\t1\n綾瀬市\n".encode("utf-16"))
    assert encoding == "utf-16" and rows == [["市名", "値"], ["厚木市", "1"], ["綾瀬市"]]


@pytest.mark.parametrize("value, text", [
    (0.125, "12.5%"), (1, "100%"), (0.1, "10%"), (1.5e-5, "0.0015%"), (0, "0%"), (-0.3, "-30%"),
    ("12%", "12%"), (True, True), (None, None),
])
def test_a_percent_cell_reads_as_excel_shows_it(value, text):
    assert readers.percent_text(value) == text


@pytest.mark.parametrize("numbers, said", [
    ([3], "3"), ([3, 4, 5, 9], "3〜5、9"), ([1, 3, 5], "1、3、5"), ([7, 8], "7〜8"), ([], ""),
])
def test_hidden_rows_are_said_as_spans(numbers, said):
    assert readers._spans(numbers, str) == said


def test_hidden_columns_are_said_by_their_letters():
    assert readers._spans([2, 3, 27], readers.column_letter) == "B〜C、AA"


@pytest.mark.parametrize("ref, row, letters", [("B7", 7, "B"), ("AX12", 12, "AX"), ("AA120", 120, "AA"), ("C", None, "C"), ("12", 12, None)])
def test_a_cell_reference_is_its_row_and_letters(ref, row, letters):
    assert (readers._row_of(ref), readers._letters_of(ref)) == (row, letters)


@pytest.mark.parametrize("name, stem", [("効果額.csv", "効果額"), ("R5.効果額.csv", "R5.効果額"), ("効果額", "効果額")])
def test_a_csvs_one_sheet_is_named_after_the_file(name, stem):
    assert readers._stem(name) == stem


def _where(errors) -> list[tuple]:
    return [(e.code, e.file, e.sheet, e.row, e.column, e.text) for e in errors]


def test_the_guards_problem_cells_are_named_by_sheet_row_and_letters():
    book = guard.Workbook(sheets=["R5"],
                          error_cells={"R5": [("C12", "#REF!")]},
                          uncached_formulas={"R5": ["AB3"]},
                          linked_cells={"R5": [("D4", "external-link", "[集計.xlsx]Sheet1!A1"),
                                               ("E5", "dde-link", "Excel|'[a.xls]S'!R1C1")]})
    cells = readers.Cells("xlsx")
    readers._guard_cells(cells, book, "R5", "効果額.xlsx")
    assert _where(cells.errors) == [
        ("error-value", "効果額.xlsx", "R5", 12, "C", "#REF!"),
        ("uncached-formula", "効果額.xlsx", "R5", 3, "AB", None),
        ("external-link", "効果額.xlsx", "R5", 4, "D", "=[集計.xlsx]Sheet1!A1"),
        ("dde-link", "効果額.xlsx", "R5", 5, "E", "=Excel|'[a.xls]S'!R1C1")]
    assert "式「=[集計.xlsx]Sheet1!A1」" in cells.errors[2].message
    other = readers.Cells("xlsx")
    readers._guard_cells(other, book, "R6", "効果額.xlsx")      # another sheet: nothing of R5's
    assert other.errors == []


def test_error_values_of_a_sheet_the_guard_cannot_scan_are_found_in_its_cells():
    cells = readers.Cells("xls")
    grid = [["市名", "効果額"], ["厚木市", "#DIV/0!"], ["#N/A", 12], ["#REF!x", None]]
    readers._error_texts(cells, grid, "R5", "効果額.xls")
    assert _where(cells.errors) == [("error-value", "効果額.xls", "R5", 2, "B", "#DIV/0!"),
                                    ("error-value", "効果額.xls", "R5", 3, "A", "#N/A")]


def test_values_in_hidden_rows_and_columns_are_said_with_where_they_are():
    book = guard.Workbook(sheets=["R5"], hidden_rows={"R5": [2, 3, 5, 9]}, hidden_columns={"R5": [2, 4]})
    grid = [["市名", "値", "", ""], ["厚木市", 1, "", ""], ["綾瀬市", 2, "", ""], ["", "", "", ""],
            ["  ", None, "", ""]]
    cells = readers.Cells("xlsx")
    readers._hidden_values(cells, book, "R5", grid)
    # rows 2 and 3 hold values (5 holds only blanks, 9 is past the sheet); column B does, D does not
    assert cells.warnings == ["シート「R5」の非表示の行 2〜3、列 Bに値があり、ほかのセルと同じく読み込みました。"
                              "Excel では見えない値です。再表示して、取り込んでよい値か確かめてください。"]
    quiet = readers.Cells("xlsx")
    readers._hidden_values(quiet, guard.Workbook(sheets=["R5"], hidden_rows={"R5": [4]}), "R5", grid)
    assert quiet.warnings == []


def test_na_and_null_in_a_csv_are_words_not_blanks():
    frame, _ = readers.read_csv_text("指標,値\nNA,NULL\n-,N/A\n".encode("utf-8"))
    assert frame.values.tolist() == [["NA", "NULL"], ["-", "N/A"]]


def test_a_quoted_empty_cell_is_empty_text_not_null():
    frame, _ = readers.read_csv_grid(b'a,b\n"",x\n')
    assert frame.values.tolist() == [["a", "b"], ["", "x"]]


def test_a_bare_cr_in_a_rectangular_file_is_refused_too():
    # every line has two fields, so the fast reader would split at the CR: the file is refused instead
    with pytest.raises(guard.RejectedFile) as refused:
        readers.read_csv_grid(b"a,b\nc,d\re,f\n")
    assert (refused.value.code, refused.value.place["row"]) == ("csv-bare-cr", 2)


def test_excels_unicode_text_is_tab_separated_even_with_commas_in_its_figures():
    rows, _ = readers.read_csv_grid("市名\t効果額\n厚木市\t1,000\n綾瀬市\t2,500\n".encode("utf-16"))
    assert [list(r) for r in (rows.values.tolist() if isinstance(rows, pd.DataFrame) else rows)] == [
        ["市名", "効果額"], ["厚木市", "1,000"], ["綾瀬市", "2,500"]]


def _book(build) -> bytes:
    import io

    import openpyxl
    wb = openpyxl.Workbook()
    build(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_merged_cell_gives_its_value_to_every_cell_it_covers():
    def build(wb):
        ws = wb.active
        ws.title = "R5"
        for row in (["分野", "年度", None], [None, "目標", "実績"], ["Ⅰ 業務", 10, 9], [None, 20, 18]):
            ws.append(row)
        ws.merge_cells("B1:C1")     # a year over its 目標 / 実績 pair
        ws.merge_cells("A3:A4")     # an area down its rows
    cells = readers.read(_book(build), "効果額.xlsx", "xlsx")
    grid = cells.grids["R5"]
    rows = grid.values.tolist() if isinstance(grid, pd.DataFrame) else grid
    assert [[str(v) for v in row] for row in rows] == [
        ["分野", "年度", "年度"], ["", "目標", "実績"], ["Ⅰ 業務", "10", "9"], ["Ⅰ 業務", "20", "18"]]
    assert (cells.kind, cells.errors, cells.warnings) == ("xlsx", [], [])


def test_hidden_sheets_are_named_with_how_hidden_and_left_out_unless_asked():
    def build(wb):
        wb.active.title = "表"
        wb.active.append(["市名"])
        for name, state in (("作業用", "hidden"), ("設定", "veryHidden")):
            ws = wb.create_sheet(name)
            ws.append(["x"])
            ws.sheet_state = state
    data = _book(build)
    left = readers.read(data, "a.xlsx", "xlsx")
    assert list(left.grids) == ["表"]
    assert left.warnings == ["非表示のシート 「作業用」（非表示）、「設定」（完全に非表示（veryHidden）） は読み込みません。"
                             "読み込むときは「非表示のシートも読み込む」を選んでください。"]
    read = readers.read(data, "a.xlsx", "xlsx", include_hidden=True)
    assert list(read.grids) == ["表", "作業用", "設定"]
    assert read.warnings == ["非表示のシート 「作業用」（非表示）、「設定」（完全に非表示（veryHidden）） を読み込みました。"]


def test_a_file_that_is_no_workbook_is_refused_as_one():
    with pytest.raises(guard.RejectedFile) as refused:
        readers.read(b"PK\x03\x04 not really a zip", "a.ods", "ods")
    assert refused.value.code == "not-a-workbook"
