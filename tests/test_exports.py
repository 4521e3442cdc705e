"""CSV and xlsx exports: Japanese opens in Excel, formulas never run, numbers stay numbers."""
from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from dashboard.exports import safe_cell, to_csv_bytes, to_xlsx_bytes

# OWASP CSV Injection: text beginning with = + - @ TAB CR (and LF) gets a leading quote.
CASES = [
    ("=1+1", "'=1+1"),
    ("=HYPERLINK(\"http://example.com\")", "'=HYPERLINK(\"http://example.com\")"),
    ("+81-46-000", "'+81-46-000"),
    ("-", "'-"),                                   # the mark printed as '-' (not judged), strictly escaped
    ("-（職員アンケートで現状値を把握）", "'-（職員アンケートで現状値を把握）"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"),
    ("\rcmd", "'\rcmd"),
    ("\ncmd", "'\ncmd"),
    ("12.5%", "12.5%"),
    ("△52,218", "△52,218"),                        # a printed negative amount is text that starts safely
    ("厚木市", "厚木市"),
    ("a=b", "a=b"),
    ("", ""),
    (-52218, -52218),                              # numbers stay numbers, negative or not
    (79.5, 79.5),
    (None, None),
]


@pytest.mark.parametrize("value, expected", CASES)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "成果指標": ["女性管理職の割合", "=cmd|' /C calc'!A0", "売却等件数"],
        "資料の判定": ["×", "-", "〇"],
        "実績値": [11.8, float("nan"), 2.0],
        "効果額": [-52218, 0, 1000],
    })


def test_csv_has_a_bom_for_excel_and_reads_back(frame):
    data = to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["成果指標", "資料の判定", "実績値", "効果額"]
    assert rows[1] == ["女性管理職の割合", "×", "11.8", "-52218"]       # the negative number is left alone
    assert rows[2] == ["'=cmd|' /C calc'!A0", "'-", "", "0"]


def test_xlsx_keeps_numbers_numeric_and_text_escaped(frame):
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame, "成果指標")))
    sheet = book["成果指標"]
    assert [c.value for c in sheet[1]] == ["成果指標", "資料の判定", "実績値", "効果額"]
    assert sheet["C2"].value == 11.8 and sheet["C2"].data_type == "n"
    assert sheet["D2"].value == -52218 and sheet["D2"].data_type == "n"
    assert sheet["A3"].value == "'=cmd|' /C calc'!A0" and sheet["A3"].data_type == "s"
    assert sheet["B3"].value == "'-"
    assert sheet["C3"].value is None                                     # a missing number is empty, not 0


def test_xlsx_drops_control_characters_xml_cannot_hold():
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(pd.DataFrame({"a": ["x\x01y"]}), "s")))
    assert book["s"]["A2"].value == "xy"


def test_whole_database_workbook_keeps_numbers_and_escapes_text(app_db):
    from dashboard import export_views, exports
    data = exports.workbook_bytes({name: export_views.frame(name) for name in export_views.VIEWS})
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["計画", "成果指標", "効果額", "効果額の資料の合計", "取組", "事業費", "統計"]

    def column(sheet, name):
        rows = list(book[sheet].iter_rows(values_only=True))
        return [row[rows[0].index(name)] for row in rows[1:]]

    assert -63_660 in column("効果額", "金額（千円）")                     # negatives stay numbers
    marks = set(column("成果指標", "達成マーク"))
    assert "'-" in marks and "-" not in marks                              # text starting with - is escaped
    assert "未達成" in column("成果指標", "判定")                             # a status as the pages word it
    assert set(column("成果指標", "判定")) <= {"達成", "一部達成", "未達成", "判定なし"}


def test_every_exported_table_is_headed_and_worded_in_japanese(app_db):
    """No view column or coded value leaves in English: an analyst opening the file in Excel reads
    the documents' words. The headings of one table are distinct, so no column hides another."""
    from dashboard import export_views
    for title in export_views.VIEWS:
        df = export_views.frame(title)
        assert not [c for c in df.columns if c.isascii()], title
        assert len(set(df.columns)) == len(df.columns), title
        for column in df.columns:
            words = {v for v in df[column].dropna() if isinstance(v, str)}
            assert not words & {"achieved", "not_achieved", "partly", "not_judged", "higher", "lower",
                                "year_total", "grand_total", "area_total", "comparison"}, (title, column)
    assert export_views.file_name("効果額") == "効果額_全件.csv"


def test_whole_amounts_leave_as_whole_numbers_and_decimals_as_they_are(app_db):
    from dashboard import export_views, exports
    text = exports.to_csv_bytes(export_views.frame("効果額の資料の合計")).decode("utf-8-sig")
    assert ",545239," in text and "545239.0" not in text             # 001 計画策定時 I 合計額 545,239 千円
    kpi = export_views.frame("成果指標")
    assert 11.8 in set(kpi["実績（数値）"])                          # 女性管理職の割合 11.8%: a decimal stays


def test_csv_bytes_are_exactly_what_excel_reads():
    # BOM, header, Windows line ends, no index column, a formula-like text neutralised.
    frame = pd.DataFrame({"市": ["厚木市", "=1+1"], "効果額": [-52218, 1000]})
    assert to_csv_bytes(frame) == "\ufeff市,効果額\r\n厚木市,-52218\r\n'=1+1,1000\r\n".encode("utf-8")


def test_a_sheet_name_is_cut_to_excels_31_characters():
    from dashboard.exports import workbook_bytes
    name = "成果指標" * 10                       # 40 characters
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes({name: pd.DataFrame({"a": [1]})})))
    assert book.sheetnames == [name[:31]]
    assert [[c.value for c in row] for row in book.active.iter_rows()] == [["a"], [1]]
