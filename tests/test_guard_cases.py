"""loaders/guard.py case by case (issue #19): what each kind of bytes is called, where each limit
stops, and the exact message and place of every refusal, at the edge of each limit.

No database and no child process: the guard's functions are called directly, so the cases are
fast and mutation testing sees them (tests/test_upload_guard.py covers the same refusals through
an upload).
"""
from __future__ import annotations

import dataclasses
import io
import zipfile

import pytest

from loaders import guard
from loaders.errors import TEMPLATES
from loaders.guard import Extent, RejectedFile

OLE2 = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504


def limits(**changes):
    return dataclasses.replace(guard.LIMITS, **changes)


def refusal(call, *args, **kwargs) -> RejectedFile:
    with pytest.raises(RejectedFile) as caught:
        call(*args, **kwargs)
    return caught.value


def zipped(entries: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in entries.items():
            z.writestr(name, content)
    return out.getvalue()


def ods(mimetype: bytes = b"application/vnd.oasis.opendocument.spreadsheet", manifest: bytes | None = None) -> bytes:
    entries = {"mimetype": mimetype, "content.xml": b"<office:document-content/>"}
    if manifest is not None:
        entries["META-INF/manifest.xml"] = manifest
    return zipped(entries)


# kind_of: the bytes decide ---------------------------------------------------------------------

@pytest.mark.parametrize("data, name, kind", [
    (b"a,b\n1,2\n", "plan.csv", "csv"),
    (b"a,b\n1,2\n", "plan.TXT", "csv"),                      # the extension's case does not matter
    (b"a,b\n1,2\n", "r4.plan.csv", "csv"),                   # the last dot names it
    ("市名\t計画\r\n".encode("utf-16"), "unicode.txt", "csv"),  # UTF-16 LE with its BOM
    (b"\xfe\xff\x00a\x00,\x00b", "be.csv", "csv"),             # UTF-16 BE with its BOM
    (b"a" * 65_536 + b"\x00", "late-nul.csv", "csv"),        # a NUL past the first 64 KiB is text's business
    (OLE2 + "Workbook".encode("utf-16-le"), "old.xls", "xls"),
    (OLE2 + "WORKBOOK".encode("utf-16-le"), "old.xls", "xls"),
    (OLE2 + "Book".encode("utf-16-le"), "old.xls", "xls"),
    (zipped({"xl/workbook.xml": "<workbook/>"}), "book.xlsx", "xlsx"),
    (zipped({"xl/workbook.xml": "<workbook/>"}), "book.xlsm", "xlsx"),
    (zipped({"xl/workbook.bin": b"\x00"}), "book.xlsb", "xlsb"),
    (ods(), "sheet.ods", "ods"),
    (ods(b"application/vnd.oasis.opendocument.spreadsheet".ljust(199)), "sheet.ods", "ods"),
    (ods(manifest=b"<manifest><file-entry/></manifest>"), "sheet.ods", "ods"),
])
def test_the_bytes_decide_what_a_file_is(data, name, kind):
    assert guard.kind_of(data, name) == kind


@pytest.mark.parametrize("data, name, code, message", [
    (b"", "empty.csv", "empty-file", "ファイルが空です。内容のあるファイルを選んでください。"),
    (b"%PDF-1.7\n", "plan.xlsx", "pdf", "PDF は読み込めません。表を Excel（.xlsx）か CSV にしてください。"),
    (b"%PDF-1.7\n", "plan.pdf", "pdf", "PDF は読み込めません。表を Excel（.xlsx）か CSV にしてください。"),
    (OLE2 + "EncryptedPackage".encode("utf-16-le"), "secret.xlsx", "password", TEMPLATES["password"]),
    (OLE2 + "EncryptionInfo".encode("utf-16-le"), "secret.xlsx", "password", TEMPLATES["password"]),
    (OLE2 + "Document".encode("utf-16-le"), "memo.xls", "not-a-table-file", TEMPLATES["not-a-table-file"]),
    (b"a,b\x00c", "nul.csv", "not-a-table-file", TEMPLATES["not-a-table-file"]),
    (b"a" * 65_535 + b"\x00", "nul.csv", "not-a-table-file", TEMPLATES["not-a-table-file"]),
    (b"PK\x03\x04 not a zip at all", "broken.xlsx", "not-a-workbook", TEMPLATES["not-a-workbook"]),
    (ods(manifest=b"<manifest><encryption-data/></manifest>"), "secret.ods", "password", TEMPLATES["password"]),
    (b"a,b\n", "plan", "extension-unknown",
     "拡張子 .（なし） のファイルは読み込めません。.xlsx / .xls / .xlsb / .ods か .csv にしてください。"),
    (b"a,b\n", "plan.doc", "extension-unknown",
     "拡張子 .doc のファイルは読み込めません。.xlsx / .xls / .xlsb / .ods か .csv にしてください。"),
    (b"a,b\n", "plan.xlsx", "extension-mismatch",
     "拡張子は .xlsx ですが、中身は CSV（テキスト） です。正しい拡張子で保存し直してください。"),
    (zipped({"xl/workbook.xml": "<workbook/>"}), "plan.csv", "extension-mismatch",
     "拡張子は .csv ですが、中身は Excel（.xlsx） です。正しい拡張子で保存し直してください。"),
    (zipped({"xl/workbook.bin": b"\x00"}), "plan.xlsx", "extension-mismatch",
     "拡張子は .xlsx ですが、中身は Excel バイナリ（.xlsb） です。正しい拡張子で保存し直してください。"),
    (OLE2 + "Workbook".encode("utf-16-le"), "plan.xlsx", "extension-mismatch",
     "拡張子は .xlsx ですが、中身は Excel 97-2003（.xls） です。正しい拡張子で保存し直してください。"),
    (ods(), "plan.xlsx", "extension-mismatch",
     "拡張子は .xlsx ですが、中身は OpenDocument（.ods） です。正しい拡張子で保存し直してください。"),
    # A mimetype of 200 bytes or more is not read: the file is taken for an .xlsx
    (ods(b"application/vnd.oasis.opendocument.spreadsheet".ljust(200)), "sheet.ods", "extension-mismatch",
     "拡張子は .ods ですが、中身は Excel（.xlsx） です。正しい拡張子で保存し直してください。"),
    (ods(b"application/vnd.oasis.opendocument.text"), "memo.ods", "extension-mismatch",
     "拡張子は .ods ですが、中身は Excel（.xlsx） です。正しい拡張子で保存し直してください。"),
])
def test_each_refusal_of_the_bytes_says_what_they_are(data, name, code, message):
    error = refusal(guard.kind_of, data, name)
    assert (error.code, str(error)) == (code, message)
    assert error.error(name).as_dict() == {"file": name, "sheet": None, "row": None, "column": None,
                                           "text": None, "message": message, "code": code, "header": None}


def test_the_file_size_limit_lets_its_own_size_through_and_names_both_sizes():
    two_mb = limits(max_file_bytes=2_000_000)
    assert guard.kind_of(b"a" * 2_000_000, "at.csv", two_mb) == "csv"
    error = refusal(guard.kind_of, b"a" * 2_500_000, "over.csv", two_mb)
    assert (error.code, str(error)) == ("file-too-large", "ファイルが大きすぎます（2.5 MB）。上限は 2 MB です。ファイルを分けてください。")


def test_the_size_limit_is_looked_up_when_called(monkeypatch):
    monkeypatch.setattr(guard, "LIMITS", limits(max_file_bytes=10))
    assert refusal(guard.kind_of, b"a" * 11, "over.csv").code == "file-too-large"
    assert guard.kind_of(b"a" * 11, "wide.csv", limits(max_file_bytes=11)) == "csv"


# check_csv_lines: the first line over the limit, by its number ---------------------------------

TWO_MB = limits(max_line_bytes=2_000_000)


@pytest.mark.parametrize("data, row", [
    (b"x" * 2_000_001, 1),                                           # no line break at all
    (b"x" * 2_000_001 + b"\nok\n", 1),
    (b"ok\n" + b"x" * 2_000_000 + b"\n" + b"y" * 2_000_001 + b"\n" + b"z" * 2_000_001, 3),
    (b"ok\r" + b"x" * 2_000_001 + b"\r", 2),                         # CR-only lines end at CR
    (b"ok\r\n" + b"x" * 1_999_999 + b"\r\n" + b"y" * 2_000_000 + b"\r\n", 3),  # a CRLF's CR is in its line
])
def test_a_csv_line_over_the_limit_is_named_by_its_number(data, row):
    error = refusal(guard.check_csv_lines, data, TWO_MB)
    assert (error.code, error.place["row"], str(error)) == ("csv-line-too-long", row, (
        "1行が 2 MB を超えています（改行のない CSV か、別の形式のファイルです）。改行で区切られた CSV として保存し直してください。"))


@pytest.mark.parametrize("data", [
    b"x" * 2_000_000,                                    # the whole file at the limit
    b"x" * 2_000_000 + b"\n" + b"y" * 2_000_000 + b"\n",  # every line at the limit
    b"x" * 1_000_000 + b"\r" + b"y" * 2_000_000,         # CR-only, each line within
    b"x" * 1_999_999 + b"\r\n" + b"y" * 1_999_999 + b"\r\n",
])
def test_csv_lines_within_the_limit_pass(data):
    assert guard.check_csv_lines(data, TWO_MB) is None


# check_extent: the far cell, by the row and column limits --------------------------------------

SMALL = limits(max_rows=100, max_columns=20)


@pytest.mark.parametrize("extent", [
    Extent(last_row=115, last_column=20, row_cell=(115, 3), column_cell=(4, 20)),   # 100 data rows + 15
    Extent(),
])
def test_a_sheet_within_its_limits_passes(extent):
    assert guard.check_extent("成果指標", extent, SMALL) is None


@pytest.mark.parametrize("extent, row, column, cell", [
    (Extent(last_row=116, last_column=3, row_cell=(116, 3), column_cell=(2, 3)), 116, "C", "C116"),
    (Extent(last_row=9, last_column=21, row_cell=(9, 2), column_cell=(4, 21)), 4, "U", "U4"),
    # both: the row is named first
    (Extent(last_row=500, last_column=40, row_cell=(500, 1), column_cell=(7, 40)), 500, "A", "A500"),
    # a row with no cell in it (only <row r=…>): no column to name
    (Extent(last_row=116, last_column=0, row_cell=(116, 0), column_cell=(1, 0)), 116, None, "116"),
])
def test_a_sheet_beyond_a_limit_names_its_far_cell(extent, row, column, cell):
    error = refusal(guard.check_extent, "成果指標", extent, SMALL)
    assert error.code == "sheet-extent"
    assert error.place == {"sheet": "成果指標", "row": row, "column": column, "text": None}
    assert str(error) == (f"シートの使用範囲が {cell} まであり、上限（115 行・20 列）を超えています。"
                          f"{cell} 付近の不要なセルを削除して保存し直してください。")


@pytest.mark.parametrize("xml, extent", [
    (b"", Extent(0, 0, (0, 1), (1, 0))),
    (b'<row r="3"><c r="B3"><v>1</v></c></row>', Extent(3, 2, (3, 2), (3, 2))),
    (b'<row r="2"><c r="A2"/><c r="AA2"/></row><row r="7"><c r="C7"/><c r="B7"/></row>',
     Extent(7, 27, (7, 3), (2, 27))),
    (b'<row r="5"><c r="XFD5"/></row><row r="1048576"><c r="A1048576"/></row>',
     Extent(1_048_576, 16_384, (1_048_576, 1), (5, 16_384))),
    # rows without r= count by their number; a row with r= but no cells still reaches that far
    (b"<row><c><v>1</v></c></row><row ><c/></row><row><c/></row>", Extent(3, 0, (3, 1), (1, 0))),
    (b'<row r="9" spans="1:2"></row><row r="4"><c r="D4"/></row>', Extent(9, 4, (9, 1), (4, 4))),
])
def test_a_sheets_extent_is_read_from_the_cells_it_names(xml, extent):
    assert guard._extent(xml) == extent


@pytest.mark.parametrize("letters, number", [(b"A", 1), (b"Z", 26), (b"AA", 27), (b"AZ", 52), (b"XFD", 16_384)])
def test_column_letters_are_numbered_as_excel_does(letters, number):
    assert guard._column_number(letters) == number


# Percent formats, cells and links ---------------------------------------------------------------

STYLES = b"""<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts>
 <numFmt numFmtId="164" formatCode="0.0%"/>
 <numFmt numFmtId="165" formatCode="0&quot;%&quot;"/>
 <numFmt numFmtId="166" formatCode="0\\%"/>
 <numFmt numFmtId="167" formatCode="[Red]0"/>
 <numFmt numFmtId="168" formatCode="[%]0"/>
</numFmts>
<cellStyleXfs><xf numFmtId="9"/></cellStyleXfs>
<cellXfs>
 <xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="10"/><xf numFmtId="164"/><xf numFmtId="165"/>
 <xf numFmtId="166"/><xf numFmtId="167"/><xf numFmtId="168"/><xf/><xf numFmtId="11"/>
</cellXfs>
</styleSheet>"""


def test_percent_styles_are_the_cell_formats_showing_a_percent():
    # cellXfs 1 and 2 are the built-in 0% and 0.00%, 3 the custom 0.0%; a quoted, escaped or
    # bracketed % is not a percent; the cellStyleXfs list is not the cells' list.
    assert guard._percent_styles(STYLES) == {1, 2, 3}
    assert guard._percent_styles(None) == set()
    assert guard._percent_styles(b"") == set()


@pytest.mark.parametrize("text, number", [("12", 12), ("0", 0), (None, -1), ("x", -1), ("1.5", -1)])
def test_a_style_number_that_is_not_one_is_minus_one(text, number):
    assert guard._int(text) == number


@pytest.mark.parametrize("xml, found", [
    (b'<c r="A1"><v>1</v></c>', ([], [], [], [])),
    (b'<c r="C2" t="e"><v>#DIV/0!</v></c><c r="D2" t="e"/>', ([("C2", "#DIV/0!"), ("D2", "#エラー")], [], [], [])),
    (b'<c t="e"><v>#N/A</v></c>', ([("?", "#N/A")], [], [], [])),
    (b'<c r="D2"><f>C2*2</f></c><c r="E2"><f>1+1</f><v>2</v></c><c r="F2" t="str"><f>A1&amp;"x"</f></c>',
     ([], ["D2", "F2"], [], [])),
    (b'<c r="F2"><f>[1]Sheet1!$F$2</f><v>0</v></c><c r="G2"><f>cmd|\'/c calc\'!A0</f></c>',
     ([], [], [("F2", "external-link", "[1]Sheet1!$F$2"), ("G2", "dde-link", "cmd|'/c calc'!A0")], [])),
    (b'<c r="H2"><f>IF(A1="a|b",1,2)</f><v>1</v></c><c r="H3"><f>&quot;x&quot;&amp;[2]S!A1</f><v>1</v></c>',
     ([], [], [("H3", "external-link", '"x"&[2]S!A1')], [])),
    (b'<c r="F2"><f t="shared" ref="F2:F4" si="3">[1]S!A1</f><v>2</v></c><c r="F3"><f t="shared" si="3"/><v>3</v></c>'
     b'<c r="F4"><f t="shared" si="4"/><v>4</v></c>',
     ([], [], [("F2", "external-link", "[1]S!A1"), ("F3", "external-link", "[1]S!A1")], [])),
])
def test_problem_cells_are_found_in_a_sheets_xml(xml, found):
    assert guard._scan_cells(xml, set()) == found


def test_percent_cells_are_the_numbers_in_a_percent_style():
    xml = (b'<c r="B2" s="1"><v>0.125</v></c><c r="C2" s="2"><v>1</v></c><c r="D3" s="1" t="s"><v>0</v></c>'
           b'<c r="AA10" s="1"><v>0.5</v></c><c r="E4" s="1"/><c r="F5" s="11"><v>1</v></c>')
    assert guard._scan_cells(xml, {1, 11}) == ([], [], [], [(1, 1), (9, 26), (4, 5)])
    assert guard._scan_cells(xml, {7}) == ([], [], [], [])
    assert guard._scan_cells(xml, set()) == ([], [], [], [])


def test_xml_escapes_in_a_formula_are_read_once():
    assert guard._unescape("&lt;&gt;&quot;&apos;&amp;lt;") == "<>\"'&lt;"


# inspect_workbook: every entry inflated within the limits ---------------------------------------

WORKBOOK = ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{}</sheets></workbook>')
RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>')


def book(sheets: list[tuple[str, str, str | None, bytes]], extra: dict | None = None) -> bytes:
    """A workbook of (name, relationship target, state, sheet XML) as Excel lays it out."""
    listed = "".join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"' + (f' state="{s}"' if s else "") + "/>"
                     for i, (n, _, s, _) in enumerate(sheets))
    rels = "".join(f'<Relationship Id="rId{i + 1}" Target="{t}"/>' for i, (_, t, _, _) in enumerate(sheets))
    entries = {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": WORKBOOK.format(listed),
               "xl/_rels/workbook.xml.rels": RELS.format(rels)}
    for _, target, _, xml in sheets:
        entries["xl/" + target.removeprefix("/xl/").removeprefix("xl/")] = xml
    return zipped({**entries, **(extra or {})})


SHEET = b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="C2" t="e"><v>#REF!</v></c></row></sheetData></worksheet>'


def test_a_workbook_lists_its_sheets_their_states_extents_and_problem_cells():
    data = book([("成果指標", "worksheets/sheet1.xml", None, SHEET),
                 ("作業用", "/xl/worksheets/sheet2.xml", "hidden", b'<row r="4"><c r="B4"><f>A1</f></c></row>'),
                 ("隠し", "xl/worksheets/sheet3.xml", "veryHidden", b'<c r="A1" s="1"><v>0.5</v></c>')],
                extra={"xl/styles.xml": STYLES, "xl/sharedStrings.xml": b"<sst/>"})
    found = guard.inspect_workbook(data)
    assert found.sheets == ["成果指標", "作業用", "隠し"]
    assert found.states == {"成果指標": "visible", "作業用": "hidden", "隠し": "veryHidden"}
    assert found.extents == {"成果指標": Extent(2, 3, (2, 3), (2, 3)), "作業用": Extent(4, 2, (4, 2), (4, 2)),
                             "隠し": Extent(1, 1, (1, 1), (1, 1))}
    assert found.error_cells == {"成果指標": [("C2", "#REF!")]}
    assert found.uncached_formulas == {"作業用": ["B4"]}
    assert found.linked_cells == {}
    assert found.percent_cells == {"隠し": [(0, 0)]}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert found.inflated_bytes == sum(i.file_size for i in z.infolist())


def test_a_sheet_without_name_or_relationship_is_listed_empty():
    data = zipped({"xl/workbook.xml": WORKBOOK.format('<sheet sheetId="1" r:id="rId9"/>')})
    found = guard.inspect_workbook(data)
    assert (found.sheets, found.states, found.extents) == ([""], {"": "visible"}, {"": Extent(0, 0, (0, 1), (1, 0))})


def test_only_a_visible_sheet_beyond_the_limits_is_refused():
    far = b'<row r="30"><c r="A30"/></row>'
    tight = limits(max_rows=10)
    hidden = book([("表", "worksheets/sheet1.xml", None, SHEET), ("作業用", "worksheets/sheet2.xml", "hidden", far)])
    assert guard.inspect_workbook(hidden, tight).extents["作業用"].last_row == 30
    visible = book([("表", "worksheets/sheet1.xml", None, SHEET), ("作業用", "worksheets/sheet2.xml", "visible", far)])
    error = refusal(guard.inspect_workbook, visible, tight)
    assert (error.code, error.place["sheet"], error.place["row"], error.place["column"]) == ("sheet-extent", "作業用", 30, "A")


@pytest.mark.parametrize("data, code, message", [
    (b"not a zip", "not-a-workbook", TEMPLATES["not-a-workbook"]),
    (zipped({"xl/workbook.bin": b"\x00"}), "no-workbook-part",
     "ブックの本体（xl/workbook.xml）が見つかりません。Excel で開いて保存し直してください。"),
    (zipped({"xl/workbook.xml": "<workbook"}), "xml-malformed",
     "ブックの中身（xl/workbook.xml）が壊れています。Excel で開いて保存し直してください。"),
    (zipped({"xl/workbook.xml": WORKBOOK.format(""), "xl/_rels/workbook.xml.rels": "<Rel"}), "xml-malformed",
     "ブックの中身（xl/_rels/workbook.xml.rels）が壊れています。Excel で開いて保存し直してください。"),
    (zipped({"xl/workbook.xml": WORKBOOK.format(""), "xl/styles.xml": "<styleSheet>"}), "xml-malformed",
     "ブックの中身（xl/styles.xml）が壊れています。Excel で開いて保存し直してください。"),
    (zipped({"xl/workbook.xml": '<!DOCTYPE w [<!ENTITY a "b">]><workbook/>'}), "xml-entities", TEMPLATES["xml-entities"]),
    (zipped({"xl/workbook.xml": WORKBOOK.format(""), "xl/sharedStrings.xml": '<!ENTITY a "b">'}), "xml-entities",
     TEMPLATES["xml-entities"]),
    (zipped({"xl/workbook.xml": WORKBOOK.format(""), "docProps/app.xml": " " * 4000 + "<!DOCTYPE x>"}), "xml-entities",
     TEMPLATES["xml-entities"]),
])
def test_each_refusal_of_a_workbook_says_what_is_wrong(data, code, message):
    error = refusal(guard.inspect_workbook, data)
    assert (error.code, str(error)) == (code, message)


def test_the_entry_limit_lets_its_own_count_through_and_names_both_counts():
    entries = {"xl/workbook.xml": WORKBOOK.format("")} | {f"xl/media/{i}.png": b"" for i in range(1_099)}
    assert guard.inspect_workbook(zipped(entries), limits(max_zip_entries=1_100)).sheets == []
    error = refusal(guard.inspect_workbook, zipped(entries | {"xl/media/x.png": b""}), limits(max_zip_entries=1_100))
    assert (error.code, str(error)) == ("zip-entries", "ブック内の部品が多すぎます（1,101 個、上限 1,100 個）。ブックを分けてください。")


def test_the_inflate_limit_counts_every_entry_kept_or_not_up_to_its_own_size():
    entries = {"xl/workbook.xml": WORKBOOK.format("")}
    size = len(entries["xl/workbook.xml"])
    # 3 MB of entries a parser never reads, in chunks of 1 MiB and less, and the workbook part
    entries |= {"docProps/big.bin": b"0" * (2_000_000 - size), "xl/media/a.bin": b"1" * 1_000_000}
    assert guard.inspect_workbook(zipped(entries), limits(max_inflated_bytes=3_000_000)).inflated_bytes == 3_000_000
    error = refusal(guard.inspect_workbook, zipped(entries), limits(max_inflated_bytes=2_999_999))   # exactly 3 MB: it is over 2.999 MB, not over 3
    assert (error.code, str(error)) == ("zip-inflated", "ブックを展開すると 2.999 MB を超えます。ブックを分けるか、不要なシートを削除してください。")


def test_a_formula_that_is_not_utf8_is_still_named_with_its_bytes_replaced():
    xml = b'<c r="F2"><f>[1]S!A1&amp;"\xff"</f><v>0</v></c>'
    assert guard._scan_cells(xml, set()) == ([], [], [("F2", "external-link", '[1]S!A1&"\ufffd"')], [])


# hidden_lines: the rows and columns a sheet hides, within its extent ---------------------------

@pytest.mark.parametrize("xml, last_column, lines", [
    (b'<row r="3"><c r="A3"/></row><col min="2" max="3"/>', 10, ([], [])),            # nothing says hidden
    (b'<row r="3" hidden="1"><c r="A3"/></row><row r="4" spans="1:2" hidden="true"/>'
     b'<row r="5" hidden="0"/><row hidden="1"/><row r="6" customHeight="1"/>', 10, ([3, 4], [])),
    (b'<cols><col min="2" max="3" hidden="1"/><col min="5" max="5" width="9" hidden="true"/>'
     b'<col min="6" max="6" hidden="0"/><col max="8" hidden="1"/><col min="9" hidden="1"/></cols>', 10, ([], [2, 3, 5])),
    # a <col> range running to XFD for the styling of the rest of the sheet stops at the last column
    (b'<col min="4" max="16384" hidden="1"></col>', 6, ([], [4, 5, 6])),
    (b'<col min="7" max="16384" hidden="1"/>', 6, ([], [])),
    (b'<col min="12" max="12" hidden="1"/><row r="12" hidden="1"/>', 20, ([12], [12])),
    # hidden= of another attribute is not the row's or column's own
    (b'<row r="7" xhidden="1"/><col min="1" max="2" unhidden="1"/>', 10, ([], [])),
])
def test_hidden_rows_and_columns_are_read_from_their_attributes(xml, last_column, lines):
    assert guard.hidden_lines(xml, Extent(last_row=20, last_column=last_column)) == lines


def test_a_workbook_lists_the_rows_and_columns_each_sheet_hides():
    hiding = b'<cols><col min="2" max="3" hidden="1"/></cols><sheetData><row r="4" hidden="1"><c r="D4"><v>1</v></c></row></sheetData>'
    rows_only = b'<sheetData><row r="2" hidden="true"><c r="A2"><v>1</v></c></row></sheetData>'
    data = book([("表", "worksheets/sheet1.xml", None, SHEET), ("隠す", "worksheets/sheet2.xml", None, hiding),
                 ("行だけ", "worksheets/sheet3.xml", None, rows_only)])
    found = guard.inspect_workbook(data)
    assert found.hidden_rows == {"隠す": [4], "行だけ": [2]}
    assert found.hidden_columns == {"隠す": [2, 3]}
    assert (found.uncached_formulas, found.linked_cells, found.percent_cells) == ({}, {}, {})


def test_an_ods_manifest_of_a_megabyte_or_more_is_not_read():
    # Like the mimetype's 200 bytes: a part that large is no manifest LibreOffice wrote.
    padded = b"<manifest><encryption-data/>" + b" " * (999_999 - 39) + b"</manifest>"
    assert len(padded) == 999_999
    assert refusal(guard.kind_of, ods(manifest=padded), "secret.ods").code == "password"
    assert guard.kind_of(ods(manifest=padded + b" "), "sheet.ods") == "ods"


def test_an_error_value_that_is_not_utf8_is_still_named_with_its_bytes_replaced():
    xml = b'<c r="B5" t="e"><v>#\xffREF!</v></c>'
    assert guard._scan_cells(xml, set()) == ([("B5", "#\ufffdREF!")], [], [], [])


def test_the_far_row_is_named_by_its_own_cell_when_rows_do_not_say_their_number():
    # rows without r= count 2; the cells name rows 5 and 9: row 9's cell is A9, not C9 of row 5's column
    assert guard._extent(b'<row><c r="C5"/></row><row><c r="A9"/></row>') == Extent(9, 3, (9, 1), (5, 3))


def test_a_relationship_without_a_target_lists_its_sheet_empty():
    data = zipped({"xl/workbook.xml": WORKBOOK.format('<sheet name="表" sheetId="1" r:id="rId1"/>'),
                   "xl/_rels/workbook.xml.rels": RELS.format('<Relationship Id="rId1"/>')})
    found = guard.inspect_workbook(data)
    assert (found.sheets, found.states, found.extents) == (["表"], {"表": "visible"}, {"表": Extent(0, 0, (0, 1), (1, 0))})


def test_entities_declared_past_the_first_4_kib_of_a_part_are_refused_when_it_is_parsed():
    # the inflating pass looks at a part's first 4 KiB; the parser refuses a DTD anywhere in the parts it reads
    late = " " * 4_100 + '<!DOCTYPE w [<!ENTITY a "b">]><workbook/>'
    error = refusal(guard.inspect_workbook, zipped({"xl/workbook.xml": late}))
    assert (error.code, str(error)) == ("xml-entities", TEMPLATES["xml-entities"])
