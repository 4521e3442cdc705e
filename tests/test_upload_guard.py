"""Bytes to cells: what the guard finds before any parser and how every format reads (issue #12).

Each refusal also proves the database unchanged; each error is located (code, file, sheet, row as
an integer, column letter).
"""
from __future__ import annotations

import dataclasses
import io
import re
import zipfile

import openpyxl
import pytest

from loaders import guard, importer, readers
from loaders.layouts import Context

KPI = ["市名", "計画", "年度", "指標", "目標", "実績"]


def xlsx(rows, sheet="成果指標", hidden: dict | None = None, formats: dict | None = None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for ref, number_format in (formats or {}).items():
        ws[ref].number_format = number_format
    for name, (state, more) in (hidden or {}).items():
        extra = wb.create_sheet(name)
        extra.sheet_state = state
        for row in more:
            extra.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def patched(data: bytes, part: str, change) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            content = src.read(info)
            z.writestr(info, change(content) if info.filename == part else content)
        if part not in src.namelist():
            z.writestr(part, change(b""))
    return out.getvalue()


def set_cell(data: bytes, ref: str, inner: bytes, sheet: int = 1) -> bytes:
    """Replace one cell of a sheet's XML by <c r=ref>inner</c>, as another program would write it."""
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(/>|>.*?</c>)', re.S)
    return patched(data, f"xl/worksheets/sheet{sheet}.xml",
                   lambda xml: pattern.sub(lambda m: b'<c r="' + ref.encode() + b'">' + inner + b"</c>", xml, 1))


def prepare(live, data, name, limits=None, **context):
    return importer.prepare(data, name, live, Context(**context), limits=limits)


def refused(live, data, name, limits=None, **context):
    before = live.read_bytes()
    preview = prepare(live, data, name, limits, **context)
    assert not preview.ok
    with pytest.raises(importer.LoadError):
        importer.commit(preview, live)
    assert live.read_bytes() == before
    return preview


def loaded(live, data, name, limits=None, **context):
    preview = prepare(live, data, name, limits, **context)
    assert preview.ok, [str(e) for e in preview.errors]
    return preview


def limits(**changes):
    return dataclasses.replace(guard.LIMITS, **changes)


ROW = ["厚木市", "P", "R5", "指標A", "1件", "2件"]


# 2. Real extent before any parser --------------------------------------------------------------

def test_a_far_row_is_refused_naming_its_cell(live):
    data = patched(xlsx([KPI, ROW]), "xl/worksheets/sheet1.xml",
                   lambda x: x.replace(b"</sheetData>", b'<row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData>'))
    [error] = refused(live, data, "row.xlsx").errors
    assert (error.code, error.row, error.column, error.sheet) == ("sheet-extent", 1_048_576, "A", "成果指標")
    assert "A1048576" in error.message


def test_a_dimension_that_claims_the_whole_sheet_is_not_believed(live):
    data = patched(xlsx([KPI, ROW]), "xl/worksheets/sheet1.xml",
                   lambda x: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', x))
    assert len(loaded(live, data, "dim.xlsx").rows["kpi"]) == 1


def test_columns_beyond_the_limit_are_refused_naming_the_far_cell(live):
    [error] = refused(live, xlsx([KPI, ROW]), "wide.xlsx", limits(max_columns=5)).errors
    assert (error.code, error.column, error.row) == ("sheet-extent", "F", 1)
    assert "F1 まで" in error.message


def test_a_csv_line_over_the_limit_is_refused_with_its_line_number(live):
    data = ("市名,計画\n厚木市,P\n" + "x" * 3000 + "\n").encode()
    [error] = refused(live, data, "long.csv", limits(max_line_bytes=1000)).errors
    assert (error.code, error.row, error.sheet) == ("csv-line-too-long", 3, None)
    assert "3行目" in str(error) and "シート" not in str(error)


def test_a_csv_with_no_line_break_is_refused_at_once(live):
    [error] = refused(live, b"a," * 1_500_000, "one-line.csv").errors  # 3 MB, default 1 MB limit
    assert (error.code, error.row) == ("csv-line-too-long", 1)
    assert "1 MB" in error.message


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_row_limit_counts_data_rows_not_the_header(live, kind):
    rows = [KPI] + [["厚木市", "P", f"R{y}", "指標A", "1件", "2件"] for y in (4, 5, 6)]
    data = (xlsx(rows) if kind == "xlsx" else "\n".join(",".join(r) for r in rows).encode())
    assert len(loaded(live, data, f"three.{kind}", limits(max_rows=3)).rows["kpi"]) == 3
    [error] = refused(live, data, f"three.{kind}", limits(max_rows=2)).errors
    assert error.code == "too-many-rows" and "3 行、上限 2 行" in error.message


# 3. No input shows a traceback: the known cases -------------------------------------------------

def test_an_xml_bomb_workbook_is_refused_before_any_parser(live):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i else b"&lol;") * 10) for i in range(1, 9))
            + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol8;</t></si></sst>')
    data = patched(xlsx([KPI, ROW]), "xl/sharedStrings.xml", lambda _: bomb)
    [error] = refused(live, data, "bomb.xlsx").errors
    assert error.code == "xml-entities" and "エンティティ" in error.message


@pytest.mark.parametrize("part, change, code", [
    ("xl/workbook.xml", lambda x: x[: len(x) // 2], "xml-malformed"),
    ("xl/worksheets/sheet1.xml", lambda x: x.replace(b"</sheetData>", b"<row><c>"), "not-a-workbook"),
    ("xl/styles.xml", lambda x: b"<styleSheet", "xml-malformed"),
])
def test_a_malformed_workbook_is_one_located_refusal(live, part, change, code):
    [error] = refused(live, patched(xlsx([KPI, ROW]), part, change), "broken.xlsx").errors
    assert error.code == code and error.file == "broken.xlsx"


def csv_bytes(lines: list[str], end: str = "\n", encoding: str = "utf-8") -> bytes:
    return (end.join(lines) + end).encode(encoding)


def test_cr_only_line_endings_are_read_as_lines(live):
    rows = loaded(live, csv_bytes([",".join(KPI), ",".join(ROW), ",".join(ROW).replace("R5", "R6")], "\r"),
                  "mac.csv").rows["kpi"]
    assert rows.fiscal_year.tolist() == [2023, 2024]


def test_cr_only_line_endings_in_shift_jis_are_read_as_lines(live):
    data = csv_bytes(["（成果指標）", ",".join(KPI), ",".join(ROW)], "\r", "cp932")
    assert loaded(live, data, "mac_sjis.csv").rows["kpi"].indicator.tolist() == ["指標A"]


def test_a_bare_cr_inside_a_field_is_refused_naming_its_line(live):
    data = csv_bytes([",".join(KPI), "厚木市,P,R5,指標\rA,1件,2件"])
    [error] = refused(live, data, "cr.csv").errors
    assert (error.code, error.row, error.sheet) == ("csv-bare-cr", 2, None)


@pytest.mark.parametrize("separator", [",", "\t"])
def test_utf16_with_a_byte_order_mark_is_read(live, separator):
    data = csv_bytes([separator.join(KPI), separator.join(ROW)], "\r\n", "utf-16")
    preview = loaded(live, data, "unicode.txt")
    assert preview.encoding == "utf-16" and preview.rows["kpi"].indicator.tolist() == ["指標A"]


def test_mixed_encodings_are_refused_naming_the_first_bad_line(live):
    data = csv_bytes([",".join(KPI), ",".join(ROW)]) + ",".join(ROW).replace("R5", "R6").encode("cp932") + b"\n"
    [error] = refused(live, data, "mixed.csv").errors
    assert (error.code, error.row) == ("encoding-mixed", 3) and "UTF-8" in error.message


def test_bytes_no_encoding_reads_are_refused_as_such(live):
    [error] = refused(live, b"\x81\x20,\x81\x20\n", "unknown.csv").errors
    assert error.code == "encoding-unknown"


# 4. Workbook facts -------------------------------------------------------------------------------

HIDDEN_ROWS = [KPI, ["厚木市", "P", "R6", "指標B", "1件", "2件"]]


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_sheets_are_skipped_with_a_warning_naming_them(live, state):
    data = xlsx([KPI, ROW], hidden={"作業用": (state, HIDDEN_ROWS)})
    preview = loaded(live, data, "h.xlsx")
    assert preview.rows["kpi"].indicator.tolist() == ["指標A"]
    assert [s.sheet for s in preview.sheets] == ["成果指標"]
    assert any("作業用" in w and "読み込みません" in w for w in preview.warnings)
    asked = loaded(live, data, "h.xlsx", include_hidden=True)
    assert sorted(asked.rows["kpi"].indicator) == ["指標A", "指標B"]
    assert any("作業用" in w and "読み込みました" in w for w in asked.warnings)


def _folded(rows, hide_rows=(), hide_columns=(), filtered=False) -> bytes:
    """A workbook with rows hidden by hand (or by an autofilter) and columns folded away."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "成果指標"
    for row in rows:
        ws.append(row)
    for r in hide_rows:
        ws.row_dimensions[r].hidden = True
    for letter in hide_columns:
        ws.column_dimensions[letter].hidden = True
    ws.column_dimensions["F"].width = 20      # a visible column with its own <col> element
    ws.row_dimensions[2].height = 30          # and a visible row with its own attributes
    if filtered:
        ws.auto_filter.ref = f"A1:{openpyxl.utils.get_column_letter(len(rows[0]))}{len(rows)}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_values_in_hidden_rows_and_columns_are_read_and_said_by_row_and_column(live):
    rows = [KPI, ROW, ROW[:3] + ["指標B", "3件", "4件"], ROW[:3] + ["指標C", "5件", "6件"], ROW[:3] + ["指標D", "7件", "8件"]]
    preview = loaded(live, _folded(rows, hide_rows=(3, 4), hide_columns=("G", "H"), filtered=True), "folded.xlsx")
    assert preview.rows["kpi"].indicator.tolist() == ["指標A", "指標B", "指標C", "指標D"]   # every value read
    [said] = [w for w in preview.warnings if "非表示" in w]
    assert "シート「成果指標」の非表示の行 3〜4に値があり" in said    # G:H are hidden but empty: not named


def test_a_hidden_column_with_values_is_named_by_its_letter(live):
    rows = [KPI, ROW, ROW[:3] + ["指標B", "3件", "4件"]]
    preview = loaded(live, _folded(rows, hide_columns=("E",)), "folded.xlsx")
    [said] = [w for w in preview.warnings if "非表示" in w]
    assert "シート「成果指標」の非表示の列 Eに値があり" in said
    assert not any("非表示" in w for w in loaded(live, _folded(rows), "shown.xlsx").warnings)


def test_a_hidden_sheet_beyond_the_limits_does_not_stop_the_visible_ones(live):
    data = patched(xlsx([KPI, ROW], hidden={"作業用": ("veryHidden", HIDDEN_ROWS)}), "xl/worksheets/sheet2.xml",
                   lambda x: x.replace(b"</sheetData>", b'<row r="9"><c r="XFD9"><v>1</v></c></row></sheetData>'))
    assert loaded(live, data, "h.xlsx").rows["kpi"].indicator.tolist() == ["指標A"]
    [error] = refused(live, data, "h.xlsx", include_hidden=True).errors
    assert (error.code, error.sheet) == ("sheet-extent", "作業用")


@pytest.mark.parametrize("formula, code", [
    (b"[1]Sheet1!$F$2", "external-link"),
    (b"SUM([2]\xe9\x9b\x86\xe8\xa8\x88!A1:A3)", "external-link"),
    (b"cmd|'/c calc'!A0", "dde-link"),
    (b"Excel|[Book1.xlsx]Sheet1!R1C1", "dde-link"),
])
def test_a_value_from_another_workbook_or_a_dde_link_is_an_error_naming_the_cell(live, formula, code):
    data = set_cell(xlsx([KPI, ROW]), "F2", b"<f>" + formula + b"</f><v>0</v>")
    [error] = refused(live, data, "linked.xlsx").errors
    assert (error.code, error.sheet, error.row, error.column) == (code, "成果指標", 2, "F")
    assert error.text.startswith("=")


def test_a_shared_formula_follower_of_an_external_link_is_an_error_too(live):
    data = set_cell(xlsx([KPI, ROW, ROW[:2] + ["R6"] + ROW[3:]]), "F2", b'<f t="shared" ref="F2:F3" si="0">[1]S!A1</f><v>2</v>')
    data = set_cell(data, "F3", b'<f t="shared" si="0"/><v>3</v>')
    assert {(e.code, e.row) for e in refused(live, data, "shared.xlsx").errors} == {("external-link", 2), ("external-link", 3)}


def test_a_formula_with_a_pipe_in_quoted_text_is_not_dde(live):
    data = set_cell(xlsx([KPI, ROW]), "F2", b'<f>IF(TRUE,"2|3","")</f><v>2</v>')
    assert loaded(live, data, "pipe.xlsx").ok


@pytest.mark.parametrize("number_format, value, printed", [
    ("0%", 0.125, "12.5%"),          # built-in 9: Excel shows 13%, the cell holds 12.5 %
    ("0.00%", 0.07, "7%"),           # built-in 10
    ("0.0%", 1.5, "150%"),           # custom
    ('0.0"%"', 12.5, "12.5"),        # a quoted % is text, not a percent format
])
def test_percent_cells_read_as_percent_by_their_number_format(live, number_format, value, printed):
    rows = [["市名", "計画", "年度", "指標", "単位", "目標", "実績"], ["厚木市", "P", "R5", "指標A", "%", 50, value]]
    preview = loaded(live, xlsx(rows, formats={"G2": number_format}), "pct.xlsx")
    assert preview.rows["kpi"].actual_printed.tolist() == [printed]


def test_percent_text_is_exact():
    assert [readers.percent_text(v) for v in (0.125, 0.07, 1, 0.333, -0.05, "x")] == \
        ["12.5%", "7%", "100%", "33.3%", "-5%", "x"]
