"""No filled cell of an upload vanishes without a word, in any layout or format.

Sheets are built as Japanese municipal analysts write them: title rows, a （単位：千円） note, a
heading spread over its columns, 小計 / 合計 rows, blank separator rows, ※ note lines under the
table, a 備考 column, a cell past the headings, a second table under the first. For every sheet
the invariant holds: when the preview is ok every non-blank cell is a heading or title, a value
of some row (or a printed total) read from that very cell, or quoted in a 注意; otherwise an
error names the cell's row and column (or the row where a second table begins).

Formats: CSV written padded (Arrow's rectangular path) and ragged (csv.reader's), .xlsx and
.ods; .xls and .xlsb reach the layouts as the same calamine grid as .ods. As in
tests/test_upload_fuzz.py the examples run `importer.read_file` in this process.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from xml.sax.saxutils import escape

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders import importer, layouts, total_rows, years
from loaders.errors import column_letter
from loaders.layouts import Context
from tests.test_importer import xlsx

CITY, PLAN, ESTIMATE = "綾瀬市", "改善プラン", "策定時"
CONTEXT = Context(city=CITY, plan=PLAN, estimate=ESTIMATE)
EVERY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# Writing a sheet in each format -------------------------------------------------------------

def ods(rows) -> bytes:
    """The smallest OpenDocument spreadsheet calamine reads: one sheet of string and float cells."""
    def cell(value) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, (int, float)):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>")
        return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'

    body = "".join(f"<table:table-row>{''.join(cell(v) for v in row) or '<table:table-cell/>'}</table:table-row>"
                   for row in rows)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="表">{body}</table:table>'
               "</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def csv_bytes(rows, padded: bool) -> bytes:
    """A CSV as Excel writes it (every line as wide as the sheet: Arrow's path when no line is
    blank) or as a script does (trailing blanks left off: csv.reader's path)."""
    width = max(len(r) for r in rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        texts = ["" if v is None else str(v) for v in row]
        if padded:
            texts += [""] * (width - len(texts))
        else:
            while texts and texts[-1] == "":
                texts.pop()
        writer.writerow(texts)
    return out.getvalue().encode()


def encoded(sheet: dict, form: str) -> tuple[bytes, str]:
    rows = sheet["rows"]
    if form == "xlsx":
        return xlsx(rows, "表", sheet.get("merged", ())), "up.xlsx"
    if form == "ods":
        return ods(rows), "up.ods"
    return csv_bytes(rows, padded=form == "csv-padded"), "up.csv"


# Sheets as analysts write them ----------------------------------------------------------------

AREAS = ["Ⅰ 業務マネジメント改革", "Ⅱ 組織・人材マネジメント改革", "Ⅲ 財務マネジメント改革", "Ⅳ 市民サービス改革"]
INDICATORS = ["職場研修の実施件数", "放棄呼率", "電子申請の件数", "窓口の待ち時間"]
YEARS = ["令和4年度", "令和5年度", "令和6年度", "令和7年度"]
NOTES = ["※端数処理のため、合計が一致しない場合があります。", "注1：見込みは令和6年3月時点", "※実績は決算額"]
TITLES = ["改革改善効果額の推移", f"{CITY} {PLAN} 改革改善効果額", "成果指標の達成状況"]


class Sheet:
    """Rows under construction, with the cells that are headings or titles."""

    def __init__(self):
        self.rows: list[list] = []
        self.structural: set[tuple[int, int]] = set()
        self.merged: list[str] = []

    def __repr__(self) -> str:
        return f"Sheet(rows={self.rows!r}, merged={self.merged!r})"

    def add(self, row, structural=False) -> int:
        self.rows.append(list(row))
        if structural:
            self.structural |= {(len(self.rows) - 1, c) for c, v in enumerate(row) if v not in (None, "")}
        return len(self.rows) - 1


@st.composite
def hostile(draw) -> dict:
    """What analysts add around a table, each now and then."""
    return {name: draw(st.booleans()) if p == 2 else draw(st.integers(0, p - 1)) == 0
            for name, p in (("title", 2), ("above", 5), ("blank", 3), ("note", 3), ("past", 6), ("remarks", 6),
                            ("second", 8), ("group", 4), ("subtotal", 3), ("empty", 5), ("total", 2), ("side", 8),
                            ("inner", 6), ("compare", 3))}


def _side(sheet: Sheet, extra, start: int, heads: int = 1):
    """A second table beside the first, one blank column to its right, from the header row down:
    its words in the first table's `heads` heading rows are headings; a number there is not."""
    if not extra["side"]:
        return
    width = max(len(r) for r in sheet.rows[start:])
    for i, row in enumerate(sheet.rows[start:start + 3]):
        row += [None] * (width + 1 - len(row)) + (["参考", "前年度"] if i == 0 else [f"参考{i}", 10 * i])
        if i < heads:  # headings: the cells under them are what must be read or named
            sheet.structural |= {(start + i, len(row) - 2), *([(start, len(row) - 1)] if i == 0 else [])}


def _around(sheet: Sheet, extra, width):
    """Rows before the header: a title, a row of words (作成日 …)."""
    if extra["title"]:
        sheet.add([TITLES[len(sheet.rows) % len(TITLES)]], structural=True)
    if extra["above"]:
        sheet.add(["作成日", "令和6年3月"])
        sheet.add([None] * width)


def _below(sheet: Sheet, extra, second_header):
    if extra["note"]:
        sheet.add([NOTES[len(sheet.rows) % len(NOTES)]])
    if extra["second"]:
        sheet.add([])
        sheet.add(["（参考）計画策定時"])
        sheet.add(second_header)
        sheet.add(second_header[:1] + [9] * (len(second_header) - 1))


@st.composite
def long_table(draw, extra) -> Sheet:
    sheet = Sheet()
    budget = draw(st.booleans())
    header = ["市名", "計画", "年度", "事業名", "事業費"] if budget else ["市名", "計画", "年度", "指標", "目標", "実績", "単位"]
    if extra["remarks"]:
        header.append("備考")
    _around(sheet, extra, len(header))
    if budget and draw(st.booleans()):
        note = draw(st.sampled_from(["（単位：千円）", "（単位：百万円）"]))
        sheet.add([note], structural=note == "（単位：千円）")  # 百万円 is an error naming it
    start = sheet.add(header, structural=True)
    names = draw(st.lists(st.sampled_from(INDICATORS), min_size=1, max_size=3, unique=True))
    fys = draw(st.lists(st.sampled_from(["R4", "R5", "令和6年度"]), min_size=1, max_size=2, unique=True))
    for fy in fys:
        amounts = []
        for i, name in enumerate(names):
            amount = draw(st.integers(0, 99_999))
            amounts.append(amount)
            row = [CITY, PLAN, fy, name, f"{amount:,}"] if budget else \
                [CITY, PLAN, fy, name, f"{amount}件", draw(st.sampled_from(["", f"{amount + 1}件", "未実施"])), "件"]
            if extra["remarks"]:
                row.append(draw(st.sampled_from(["", "前倒しで実施"])))
            if extra["past"] and i == 0:
                row += [None] * (len(header) - len(row)) + ["見直し"]
            sheet.add(row)
        if budget and extra["total"]:
            sheet.add([CITY, PLAN, fy, "合計", f"{sum(amounts):,}"])
        if extra["blank"]:
            sheet.add([])
        if extra["inner"]:
            sheet.add(["※この年度は見込み"])
    _side(sheet, extra, start)
    _below(sheet, extra, header)
    return sheet


@st.composite
def year_table(draw, extra) -> Sheet:
    sheet = Sheet()
    n = draw(st.integers(2, 4))
    kinds = draw(st.sampled_from(["cell", "row", "none"]))
    heads = [f"{y}\n({'実績' if i < 2 else '見込み'})" if kinds == "cell" else y for i, y in enumerate(YEARS[:n])]
    header = ["基本方針", *heads, "合計額 (R4~)", *(["計画策定時との比較"] if extra["compare"] else [])]
    if extra["remarks"]:
        header.append("備考")
    _around(sheet, extra, len(header))
    sheet.add(["（単位：千円）"], structural=True)
    if draw(st.booleans()):  # a heading spread over the years, 合計額 written above its column
        header[n + 1] = None
        r = sheet.add([None, "改革改善効果額", *[None] * (n - 1), "合計額"], structural=True)
        sheet.merged.append(f"B{r + 1}:{column_letter(n + 1)}{r + 1}")
    start = sheet.add(header, structural=True)
    if kinds == "row":
        sheet.add([None, *["実績" if i < 2 else "見込み" for i in range(n)]], structural=True)
    areas = draw(st.lists(st.sampled_from(AREAS), min_size=1, max_size=4, unique=True))
    sums, part = [0] * (n + 1), [0] * (n + 1 + extra["compare"])
    for i, area in enumerate(areas):
        if extra["group"] and i == 0:
            sheet.add(["（1）行財政改革の推進"])
        amounts = draw(st.lists(st.integers(-50_000, 900_000), min_size=n, max_size=n))
        amounts.append(sum(amounts))
        if extra["compare"]:
            amounts.append(draw(st.integers(-9_999, 9_999)))
        sums = [a + b for a, b in zip(sums + [0], amounts)]
        part = [a + b for a, b in zip(part, amounts)]
        printed = [f"△{-a:,}" if a < 0 and draw(st.booleans()) else a for a in amounts]
        row = [area, *printed]
        if extra["remarks"]:
            row.append(draw(st.sampled_from([None, "前倒しで実施"])))
        if extra["past"] and i == 0:
            row += [None] * (len(header) - len(row)) + ["済"]
        sheet.add(row)
        if extra["subtotal"] and i % 2 == 1:
            sheet.add(["小計", *part])
            part = [0] * len(part)
        if extra["blank"] and i == 0:
            sheet.add([])
        if extra["inner"] and i == 0:
            sheet.add(["※うち臨時分を含む"])
    if extra["total"]:
        sheet.add([draw(st.sampled_from(["合計", "合　計"])), *sums])
    _side(sheet, extra, start)
    _below(sheet, extra, ["基本方針", *YEARS[:n]])
    return sheet


@st.composite
def target_actual(draw, extra) -> Sheet:
    sheet = Sheet()
    n = draw(st.integers(2, 3))
    mark = draw(st.booleans())
    pair = ["目標", "実績", *(["達成"] if mark else [])]
    _around(sheet, extra, 2 + n * len(pair))
    first = ["指標", "単位"]
    second = [None, None]
    for y in YEARS[:n]:
        first += [y, *[None] * (len(pair) - 1)]
        second += pair
    if extra["remarks"]:
        first.append(None)
        second.append("備考")
    r = start = sheet.add(first, structural=True)
    sheet.add(second, structural=True)
    sheet.merged += [f"A{r + 1}:A{r + 2}", f"B{r + 1}:B{r + 2}"] + [
        f"{column_letter(3 + i * len(pair))}{r + 1}:{column_letter(2 + (i + 1) * len(pair))}{r + 1}" for i in range(n)]
    names = draw(st.lists(st.sampled_from(INDICATORS), min_size=1, max_size=3, unique=True))
    for i, name in enumerate(names):
        row = [name, "件"]
        for _ in range(n):
            target = draw(st.integers(0, 1000))
            row += [target, draw(st.sampled_from([None, target, target - 1, "未実施"])),
                    *([draw(st.sampled_from([None, "〇", "×"]))] if mark else [])]
        if extra["remarks"]:
            row.append(draw(st.sampled_from([None, "前倒しで実施"])))
        if extra["past"] and i == 0:
            row += [None] * (len(first) + 1 - len(row)) + ["済"]
        sheet.add(row)
        if extra["blank"] and i == 0:
            sheet.add([])
        if extra["inner"] and i == 0:
            sheet.add(["※目標は年度末の値"])
    if extra["empty"]:
        sheet.add(["測定を始める指標", "件"])
    _side(sheet, extra, start, heads=2)
    _below(sheet, extra, first)
    return sheet


@st.composite
def sheets(draw) -> tuple[Sheet, str]:
    extra = draw(hostile())
    layout = draw(st.sampled_from([long_table, year_table, target_actual]))
    sheet = draw(layout(extra))
    form = draw(st.sampled_from(["csv-padded", "csv-ragged", "xlsx", "ods"]))
    return sheet, form


# The invariant -----------------------------------------------------------------------------------

def _norm(value) -> str:
    return re.sub(r"\s", "", str(value))


def _matches(text: str, record: dict) -> bool:
    """The cell's text is one of the row's values as printed (or its year, or its coded area)."""
    seen = _norm(text)
    values = {_norm(v) for v in record.values() if isinstance(v, str)}
    values.add(_norm(f"{record.get('policy_area_code') or ''}{record.get('policy_area') or ''}"))
    if seen in values:
        return True
    try:
        return years.parse_fiscal_year(text) == record.get("fiscal_year")
    except ValueError:
        return False


def _read_from(preview) -> dict[tuple[int, str | None], list[dict]]:
    """Each stored row and printed total by the sheet row (and column, where known) it came from."""
    found: dict[tuple[int, str | None], list[dict]] = {}
    for frame in preview.rows.values():
        for record in frame.to_dict("records"):
            where = re.search(r"(\d+)行目(?: ([A-Z]+)列)?$", record["source"])
            found.setdefault((int(where[1]), where[2]), []).append(record)
    if len(preview.printed_totals):
        for record in preview.printed_totals.to_dict("records"):
            found.setdefault((int(record["_row"]), record["_column"]), []).append(record)
    return found


def unaccounted(preview, texts: list[list[str]], structural: set[tuple[int, int]]) -> list[str]:
    """The filled cells neither read, quoted nor named: each a cell that vanished without a word."""
    read = _read_from(preview)
    lost = []
    for r, row in enumerate(texts):
        for c, text in enumerate(row):
            if not text or (r, c) in structural:
                continue
            col = column_letter(c + 1)
            records = read.get((r + 1, col), []) + read.get((r + 1, None), [])
            if c == 0:  # a year-column table's area label: every amount of its row carries it
                records = [rec for (row_, _), recs in read.items() if row_ == r + 1 for rec in recs]
            if any(_matches(text, rec) for rec in records):
                continue
            if total_rows.total_word(text) and any(k[0] == r + 1 for k in read):
                continue  # the 合計 label of a row read as printed totals
            if any(f"{r + 1}行目" in w and (text in w or "合計・小計の行" in w or "小計の行" in w)
                   for w in preview.warnings):
                continue  # quoted in a 注意, or its row named as a total checked against its parts
            if not preview.ok and any(_names(e, r, c, texts) for e in preview.errors):
                continue
            lost.append(f"{r + 1}行目 {col}列「{text}」")
    return lost


def _names(error, r: int, c: int, texts) -> bool:
    """The error names the cell: its row and column, the heading of its column, or the row a
    second table begins at, above it."""
    if error.code == "second-table":
        return error.row is not None and error.row <= r + 1
    if error.row is None or not error.column:
        return False
    letters = re.match(r"[A-Z]+", error.column)
    if not letters or letters[0] != column_letter(c + 1):
        return False
    if error.row == r + 1:
        return True
    heading = texts[error.row - 1][c] if error.row - 1 < len(texts) and c < len(texts[error.row - 1]) else ""
    return error.row < r + 1 and bool(heading) and error.text == heading


def sheet_texts(rows) -> list[list[str]]:
    return [[layouts.cell_text(v) for v in row] for row in rows]


def spread(sheet: Sheet, form: str) -> list[list[str]]:
    """The cells as the layouts see them: a merged cell's value fills every cell it covers (xlsx)."""
    texts = sheet_texts(sheet.rows)
    if form != "xlsx":
        return texts
    width = max(len(r) for r in texts)
    texts = [r + [""] * (width - len(r)) for r in texts]
    for ref in sheet.merged:
        (c0, r0), (c1, r1) = (openpyxl.utils.cell.coordinate_from_string(x) for x in ref.split(":"))
        c0, c1 = openpyxl.utils.cell.column_index_from_string(c0), openpyxl.utils.cell.column_index_from_string(c1)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                texts[r - 1][c - 1] = texts[r0 - 1][c0 - 1]
    return texts


def structural_cells(sheet: Sheet, form: str) -> set[tuple[int, int]]:
    cells = set(sheet.structural)
    if form == "xlsx":  # a merged heading fills the cells it covers, headings too
        for ref in sheet.merged:
            (c0, r0), (c1, r1) = (openpyxl.utils.cell.coordinate_from_string(x) for x in ref.split(":"))
            c0, c1 = openpyxl.utils.cell.column_index_from_string(c0), openpyxl.utils.cell.column_index_from_string(c1)
            cells |= {(r - 1, c - 1) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    return cells


@EVERY
@given(sheets())
def test_every_filled_cell_is_read_quoted_or_named(built):
    sheet, form = built
    data, name = encoded({"rows": sheet.rows, "merged": sheet.merged}, form)
    preview = importer.read_file(data, name, CONTEXT)
    assert all(e.code != "internal" for e in preview.errors), [str(e) for e in preview.errors]
    lost = unaccounted(preview, spread(sheet, form), structural_cells(sheet, form))
    assert not lost, (lost, preview.ok, [str(e) for e in preview.errors], preview.warnings)


# Each case the invariant found, as a plain example -------------------------------------------

YEAR = [["（単位：千円）"], ["基本方針", "令和4年度", "令和5年度", "合計額"],
        ["Ⅰ 業務マネジメント改革", 100, 200, 300], ["Ⅱ 組織・人材マネジメント改革", 10, 20, 30], ["合計", 110, 220, 330]]
PAIRS = [["指標", "単位", "令和4年度", None, "令和5年度", None], [None, None, "目標", "実績", "目標", "実績"],
         ["職場研修の実施件数", "件", 800, 782, 800, 810]]
PAIRS_MERGED = ("A1:A2", "B1:B2", "C1:D1", "E1:F1")
BUDGET = [["市名", "計画", "年度", "事業名", "事業費"], [CITY, PLAN, "R5", "A事業", "1,000"], [CITY, PLAN, "R5", "B事業", "2,000"]]


def read(rows, form="xlsx", merged=()):
    data, name = encoded({"rows": rows, "merged": merged}, form)
    return importer.read_file(data, name, CONTEXT)


def located_errors(preview):
    return [(e.code, e.row, e.column, e.text) for e in preview.errors]


def test_a_note_line_under_a_year_column_table_is_quoted():
    preview = read([*YEAR, [], ["※端数処理のため、合計が一致しない場合があります。"]])
    assert preview.ok and len(preview.rows["effect_amounts"]) == 4
    assert any("7行目 A列「※端数処理のため、合計が一致しない場合があります。」" in w for w in preview.warnings)


def test_a_group_heading_of_a_year_column_table_is_quoted():
    rows = [*YEAR[:2], ["（1）行財政改革の推進"], *YEAR[2:]]
    preview = read(rows)
    assert preview.ok and len(preview.rows["effect_amounts"]) == 4
    assert any("3行目 A列「（1）行財政改革の推進」" in w for w in preview.warnings)


def test_a_row_of_placeholders_before_the_first_amount_is_named_not_skipped():
    rows = [*YEAR[:2], ["Ⅲ 財務マネジメント改革", "未定", "未定", None], *YEAR[2:4]]
    preview = read(rows)
    assert [(row, column[0], text) for _, row, column, text in located_errors(preview)] == [
        (3, "B", "未定"), (3, "C", "未定")]


def test_subtotals_of_a_year_column_table_are_checked_and_left_out():
    rows = [*YEAR[:4], ["小計", 110, 220, 330], ["Ⅲ 財務マネジメント改革", 1, 2, 3], ["合計", 111, 222, 333]]
    preview = read(rows)
    assert preview.ok, [str(e) for e in preview.errors]
    amounts = preview.rows["effect_amounts"]
    assert "小計" not in set(amounts.policy_area) and amounts.amount_thousand_yen.sum() == 333
    assert any("5行目は小計の行です" in w for w in preview.warnings)


def test_a_subtotal_of_a_year_column_table_that_disagrees_is_named():
    rows = [*YEAR[:4], ["小計", 110, 221, 331], ["合計", 110, 220, 330]]
    assert located_errors(read(rows)) == [("total-row", 5, "C", "221"), ("total-row", 5, "D", "331")]


def test_a_second_year_table_under_the_first_is_refused_at_its_heading():
    # years written as numbers: before, the second heading row was read as an area 「基本方針」 of 2022 千円
    rows = [["（単位：千円）"], ["基本方針", 2022, 2023], ["Ⅰ 業務マネジメント改革", 100, 200], [],
            ["（参考）計画策定時"], ["基本方針", 2022, 2023], ["Ⅰ 業務マネジメント改革", 90, 180]]
    preview = read(rows)
    assert located_errors(preview) == [("second-table", 6, None, "基本方針")]
    assert "基本方針" not in set(preview.rows["effect_amounts"].policy_area)
    assert any("5行目 A列「（参考）計画策定時」" in w for w in preview.warnings)


def test_words_above_the_header_are_quoted_and_a_number_is_refused():
    quoted = read([["作成日", "令和6年3月"], [], *YEAR])
    assert quoted.ok and any("1行目 A列「作成日」、1行目 B列「令和6年3月」" in w for w in quoted.warnings)
    refused = read([["計画額", 2_611_600], [], *YEAR])
    assert located_errors(refused) == [("outside-figure", 1, "B", "2611600")]


def test_a_unit_note_a_long_table_cannot_read_is_an_error_never_a_thousandfold_figure():
    preview = read([["（単位：百万円）"], *BUDGET])
    assert located_errors(preview) == [("unit-not-read", 1, "A", "（単位：百万円）")]
    assert read([["（単位：千円）"], *BUDGET]).ok


def test_a_unit_note_over_a_table_without_amounts_is_quoted():
    preview = read([["（単位：件）"], *PAIRS], merged=("A2:A3", "B2:B3", "C2:D2", "E2:F2"))
    assert preview.ok and any("1行目 A列「（単位：件）」" in w for w in preview.warnings)


def test_a_note_line_under_a_long_table_is_quoted_in_both_csv_paths():
    for form in ("csv-padded", "csv-ragged", "xlsx"):
        preview = read([*BUDGET, ["※金額は当初予算"], ["（参考）前年度"]], form)
        assert preview.ok, (form, [str(e) for e in preview.errors])
        assert list(preview.rows["budget"].project) == ["A事業", "B事業"]
        assert any("4行目 A列「※金額は当初予算」、5行目 A列「（参考）前年度」" in w for w in preview.warnings), form


def test_a_second_long_table_is_refused_at_its_heading():
    for form in ("csv-padded", "xlsx"):
        preview = read([*BUDGET, ["市名", "計画", "年度", "事業名", "事業費"], [CITY, PLAN, "R6", "C事業", "9"]], form)
        assert located_errors(preview) == [("second-table", 4, None, None)], form


def test_a_target_actual_row_with_no_figures_is_quoted():
    preview = read([*PAIRS, ["測定を始める指標", "件"], ["※実績は年度末時点"]], merged=PAIRS_MERGED)
    assert preview.ok and len(preview.rows["kpi"]) == 2
    [warning] = [w for w in preview.warnings if "目標・実績のない行" in w]
    assert "4行目 A列「測定を始める指標」・4行目 B列「件」" in warning and "5行目 A列「※実績は年度末時点」" in warning


def test_two_left_columns_of_a_target_actual_table_for_one_field_name_both():
    rows = [["指標", "成果指標", "令和4年度", None, "令和5年度", None], PAIRS[1], ["研修", "職場研修", 1, 2, 3, 4]]
    preview = read(rows, merged=("C1:D1", "E1:F1"))
    assert located_errors(preview) == [("duplicate-field", 1, "B", "成果指標")]
    assert "A列「指標」とB列「成果指標」" in preview.errors[0].message


def test_a_second_target_actual_table_is_refused_at_its_heading():
    rows = [*PAIRS, [], ["指標", "単位", "令和6年度", None, "令和7年度", None], PAIRS[1], ["研修", "件", 1, 2, 3, 4]]
    preview = read(rows, "csv-ragged")
    assert located_errors(preview) == [("second-table", 5, None, None)]


def test_total_rows_are_named_even_while_another_error_keeps_them_unchecked():
    rows = [*BUDGET, [CITY, PLAN, "R5", "合計", "3,000"], [CITY, PLAN, "R5", "C事業", "多数"]]
    preview = read(rows)
    assert [e.row for e in preview.errors] == [5]
    assert any("4行目は合計・小計の行です。ほかのエラーを直したあとで" in w for w in preview.warnings)


def test_a_first_long_table_is_read_when_a_second_heads_better():
    # before, the second heading (no unknown column) won and the first table vanished: B事業 alone loaded
    rows = [["市名", "計画", "年度", "事業名", "事業費", "担当"], [CITY, PLAN, "R5", "A事業", "1,000", "行革課"], [],
            ["市名", "計画", "年度", "事業名", "事業費"], [CITY, PLAN, "R6", "B事業", "2,000"]]
    preview = read(rows)
    assert located_errors(preview) == [("cell", 1, "F「担当」", "担当"), ("second-table", 4, None, None)]
    assert list(preview.rows["budget"].project) == ["A事業"]


def test_a_number_in_a_heading_row_of_a_target_actual_table_is_named():
    rows = [["指標", "単位", "令和4年度", None, "令和5年度", None, None, "参考"],
            [None, None, "目標", "実績", "目標", "実績", None, 2021], ["研修", "件", 1, 2, 3, 4]]
    preview = read(rows, merged=("A1:A2", "B1:B2", "C1:D1", "E1:F1"))
    assert located_errors(preview) == [("heading-figure", 2, "H", "2021")]
