"""Bytes to text cells: encodings detected, never assumed; every workbook format through calamine.

This runs inside the isolated child (loaders/isolation.py), after loaders/guard.py has said what
the bytes are and checked their limits.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from loaders import guard
from loaders.errors import CellError, column_letter, located
from loaders.layouts import text_frame
from loaders.limits import Limits

# Tried in order: a UTF-8 file (with or without BOM) decodes cleanly, cp932 is what Japanese
# Excel writes when it says "CSV", and EUC-JP what some older systems export. A file none of them
# reads is refused naming its first bad line: a guess here would be a wrong word in the database.
_ENCODINGS = ("utf-8-sig", "cp932", "euc_jp")
_NAMES = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "cp932": "Shift_JIS", "euc_jp": "EUC-JP", "utf-16": "UTF-16"}
_BARE_CR_BYTES = re.compile(b"\r(?!\n)")


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding it was read with; RejectedFile when none fits."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise guard.RejectedFile("encoding-mixed", row=_line_of(data, exc.start), encoding="UTF-16") from exc
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    # Neither fits the whole file: name the first line the encoding that reads furthest fails on.
    furthest = []
    for encoding in ("utf-8", "cp932"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError as exc:
            furthest.append((exc.start, encoding))
    start, encoding = max(furthest)
    line = _line_of(data, start)
    if data[:start].isascii():  # nothing read yet in any encoding: no "until here" to name
        raise guard.RejectedFile("encoding-unknown", row=1)
    raise guard.RejectedFile("encoding-mixed", row=line, encoding=_NAMES[encoding])


def _line_of(data: bytes, offset: int) -> int:
    before = data[:offset]
    return before.count(b"\n") + 1 if b"\n" in data else before.count(b"\r") + 1


def _bare_cr(raw: bytes) -> bool:
    """A CR not followed by LF in a file whose lines end with LF: csv.reader's case, not Arrow's."""
    return b"\r" in raw and b"\n" in raw and _BARE_CR_BYTES.search(raw) is not None


def _records(text: str, delimiter: str) -> list[list[str]]:
    """csv.reader's records. A file whose every line ends with CR alone (old Mac Excel) is split
    at its CRs; in any other, a CR alone outside quotes is refused, naming its line."""
    cr_only = "\n" not in text and "\r" in text
    reader = csv.reader(io.StringIO(text, newline="" if cr_only else "\n"), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as exc:
        if "new-line" in str(exc):
            raise guard.RejectedFile("csv-bare-cr", row=reader.line_num) from exc
        raise guard.RejectedFile("csv-malformed", row=reader.line_num) from exc


def read_csv_text(data: bytes) -> tuple[pd.DataFrame, str]:
    """A CSV as a frame of text cells (no type guessing), and its encoding."""
    text, encoding = decode_text(data)
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame, encoding


def read_csv_grid(data: bytes, limits: Limits | None = None) -> tuple[pd.DataFrame | list[list[str]], str]:
    """A CSV's records as csv.reader gives them, and its encoding.

    A rectangular file with no blank line comes back as a frame of text columns, read by Arrow
    in C (a million rows in about a second, issue #8); any other file as csv.reader's rows, whose
    ragged and blank records the layouts expect. RejectedFile (naming the line) for a line over
    the limit, a CR alone inside a field or a change of encoding.
    """
    guard.check_csv_lines(data, limits)
    # Arrow checks that every cell is UTF-8, and in a rectangular file every byte is a cell's or a
    # comma, quote or line end: a file it reads is one decode_text would call UTF-8, so the ~0.5 s
    # of decoding 240 MB in Python is only spent on the other files.
    raw = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    tried = not data.startswith((b"\xff\xfe", b"\xfe\xff")) and _utf8_head(raw)  # Shift_JIS goes to decode_text
    frame = _rectangular(raw) if tried and not _bare_cr(raw) else None
    if frame is not None:
        return frame, "utf-8-sig"
    text, encoding = decode_text(data)
    # Excel's 「Unicode テキスト」 is UTF-16 separated by tabs
    first = text[:text.find("\n")] if "\n" in text else text[:65536]
    delimiter = "\t" if encoding == "utf-16" and "\t" in first and "," not in first else ","
    if encoding != "utf-8-sig" or not tried:  # else the same bytes were tried above
        utf8 = text.encode("utf-8")
        frame = None if _bare_cr(utf8) else _rectangular(utf8, delimiter)
    if frame is not None:
        return frame, encoding
    return _records(text, delimiter), encoding


def _utf8_head(raw: bytes) -> bool:
    """True when the first 64 KB are UTF-8 (a character cut at the end allowed, unless the file ends there)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(raw[:1 << 16], final=len(raw) <= 1 << 16)
    except UnicodeDecodeError:
        return False
    return True


def _rectangular(raw: bytes, delimiter: str = ",") -> pd.DataFrame | None:
    """The records of a CSV with equally many fields on every line, else None."""
    # csv.reader yields [] for a blank line, where Arrow skips it or calls it a short row
    if not raw or raw[:1] in (b"\n", b"\r") or b"\n\n" in raw or b"\r\r" in raw or b"\n\r" in raw:
        return None
    ragged = []

    def on_ragged(row) -> str:
        ragged.append(row)
        return "skip"

    width = len(next(csv.reader(io.StringIO(raw[:1 << 16].decode("utf-8", "ignore"), newline=""), delimiter=delimiter), []))
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(raw),
            read_options=pa_csv.ReadOptions(autogenerate_column_names=True),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                              invalid_row_handler=on_ragged),
            convert_options=pa_csv.ConvertOptions(
                column_types={f"f{i}": pa.string() for i in range(width + 1)},
                strings_can_be_null=False, quoted_strings_can_be_null=False))
    except pa.ArrowInvalid:
        return None
    if ragged or any(not pa.types.is_string(t) for t in table.schema.types):
        return None
    frame = table.to_pandas()
    frame.columns = range(frame.shape[1])
    return frame


# Workbooks -------------------------------------------------------------------------------------

@dataclass
class Cells:
    """What a file holds, as the layouts read it: sheet name -> rows of cells (or a text frame)."""
    kind: str
    grids: dict[str, list[list] | pd.DataFrame] = field(default_factory=dict)
    encoding: str | None = None
    errors: list[CellError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# What calamine gives for an error cell of a format whose XML the guard cannot scan (.xls, .xlsb, .ods)
_ERROR_TEXTS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"}
_HIDDEN = {"Hidden": "hidden", "VeryHidden": "veryHidden"}


def read(data: bytes, name: str, kind: str, *, include_hidden: bool = False,
         limits: Limits | None = None, progress=None) -> Cells:
    """Every sheet of a file as cells; RejectedFile when the file as a whole cannot be read."""
    progress = progress or (lambda *_: None)
    if kind == "csv":
        grid, encoding = read_csv_grid(data, limits)
        return Cells(kind, {_stem(name): grid}, encoding)
    from python_calamine import CalamineWorkbook, PasswordError  # only the child needs calamine

    cells = Cells(kind)
    book = guard.inspect_workbook(data, limits) if kind == "xlsx" else None
    try:
        # calamine tells the formats apart by the file's extension (from_filelike cannot detect
        # an .xls): the bytes go to a private file named as the guard found them to be.
        with tempfile.TemporaryDirectory(prefix="plans-read-") as folder:
            path = f"{folder}/book.{kind}"
            with open(path, "wb") as stream:
                stream.write(data)
            workbook = CalamineWorkbook.from_path(path)
        metadata = [m for m in workbook.sheets_metadata if str(m.typ).endswith("WorkSheet")]  # no chart sheets
    except PasswordError as exc:
        raise guard.RejectedFile("password") from exc
    except MemoryError:
        raise
    except Exception as exc:  # calamine raises its own types (and OSError) for unreadable workbooks
        raise guard.RejectedFile("not-a-workbook") from exc
    hidden = [(m.name, _HIDDEN[str(m.visible).rsplit(".", 1)[-1]]) for m in metadata
              if str(m.visible).rsplit(".", 1)[-1] in _HIDDEN]
    if book is not None:
        hidden = [(sheet, state) for sheet, state in book.states.items() if state != "visible"]
    skipped = [] if include_hidden else [sheet for sheet, _ in hidden]
    if hidden:
        names = "、".join(f"「{sheet}」（{'非表示' if state == 'hidden' else '完全に非表示（veryHidden）'}）"
                         for sheet, state in hidden)
        cells.warnings.append(f"非表示のシート {names} を読み込みました。" if include_hidden else
                              f"非表示のシート {names} は読み込みません。読み込むときは「非表示のシートも読み込む」を選んでください。")
    sheets = [m.name for m in metadata if m.name not in skipped]
    for i, sheet in enumerate(sheets):
        progress(i / max(len(sheets), 1), f"シート「{sheet}」を開いています")
        if book is not None:
            guard.check_extent(sheet, book.extents.get(sheet, guard.Extent()), limits)
            _guard_cells(cells, book, sheet, name)
        try:
            handle = workbook.get_sheet_by_name(sheet)
        except PasswordError as exc:
            raise guard.RejectedFile("password") from exc
        except MemoryError:
            raise
        except Exception as exc:
            raise guard.RejectedFile("not-a-workbook", sheet=sheet) from exc
        # .xls / .xlsb / .ods: calamine has read the sheet; its used range is known only now
        if handle.end:
            last_row, last_column = handle.end[0] + 1, handle.end[1] + 1
            guard.check_extent(sheet, guard.Extent(last_row, last_column, (last_row, last_column),
                                                   (last_row, last_column)), limits)
        grid = [list(row) for row in handle.to_python(skip_empty_area=False)]
        if book is not None:
            for r, c in book.percent_cells.get(sheet, ()):
                if r < len(grid) and c < len(grid[r]):
                    grid[r][c] = percent_text(grid[r][c])
        else:
            _error_texts(cells, grid, sheet, name)
        for (r0, c0), (r1, c1) in handle.merged_cell_ranges or []:
            # A merged cell's value sits in its top-left cell; a year merged over its 目標 / 実績
            # pair, or an area merged down its rows, belongs to every cell it covers.
            value = grid[r0][c0] if r0 < len(grid) and c0 < len(grid[r0]) else ""
            for r in range(r0, min(r1, len(grid) - 1) + 1):
                for c in range(c0, min(c1, len(grid[r]) - 1) + 1):
                    grid[r][c] = value
        if book is not None:
            _hidden_values(cells, book, sheet, grid)
        cells.grids[sheet] = text_frame(grid) if grid else grid
    return cells


def _hidden_values(cells: Cells, book: guard.Workbook, sheet: str, grid: list[list]) -> None:
    """Say which hidden rows and columns hold values: they are read, and the analyst should know."""
    def filled(value) -> bool:
        return value is not None and str(value).strip() != ""

    rows = [r for r in book.hidden_rows.get(sheet, ()) if r <= len(grid) and any(map(filled, grid[r - 1]))]
    columns = [c for c in book.hidden_columns.get(sheet, ())
               if any(c <= len(row) and filled(row[c - 1]) for row in grid)]
    if not rows and not columns:
        return
    where = "、".join(part for part in (
        f"行 {_spans(rows, str)}" if rows else "",
        f"列 {_spans(columns, column_letter)}" if columns else "") if part)
    cells.warnings.append(f"シート「{sheet}」の非表示の{where}に値があり、ほかのセルと同じく読み込みました。"
                          "Excel では見えない値です。再表示して、取り込んでよい値か確かめてください。")


def _spans(numbers: list[int], name) -> str:
    """[3, 4, 5, 9] -> 「3〜5、9」: consecutive rows or columns as one span."""
    spans, start = [], None
    for i, n in enumerate(numbers):
        start = n if start is None else start
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            spans.append(name(start) if start == n else f"{name(start)}〜{name(n)}")
            start = None
    return "、".join(spans)


def _guard_cells(cells: Cells, book: guard.Workbook, sheet: str, name: str) -> None:
    """The guard's problem cells of one sheet as located errors, rows and letters as Excel shows them."""
    for ref, value in book.error_cells.get(sheet, ()):
        cells.errors.append(located("error-value", file=name, sheet=sheet, row=_row_of(ref),
                                    column=_letters_of(ref), text=value))
    for ref in book.uncached_formulas.get(sheet, ()):
        cells.errors.append(located("uncached-formula", file=name, sheet=sheet, row=_row_of(ref),
                                    column=_letters_of(ref)))
    for ref, code, formula in book.linked_cells.get(sheet, ()):
        cells.errors.append(located(code, file=name, sheet=sheet, row=_row_of(ref), column=_letters_of(ref),
                                    text=f"={formula}", formula=f"={formula}"))


def _error_texts(cells: Cells, grid: list[list], sheet: str, name: str) -> None:
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if type(value) is str and value in _ERROR_TEXTS:
                cells.errors.append(located("error-value", file=name, sheet=sheet, row=r + 1,
                                            column=column_letter(c + 1), text=value))


def percent_text(value):
    """A number Excel shows as percent, as the text the parsers read: 0.125 -> '12.5%'."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    try:
        scaled = Decimal(repr(value)).scaleb(2).normalize()
    except InvalidOperation:
        return value
    text = format(scaled, "f")
    return f"{text}%"


def _row_of(ref: str) -> int | None:
    digits = "".join(ch for ch in ref if ch.isdigit())
    return int(digits) if digits else None


def _letters_of(ref: str) -> str | None:
    return ref.rstrip("0123456789") or None


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name else name
