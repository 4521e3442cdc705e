"""Checks on an uploaded file's bytes before any parser sees them.

The bytes decide what a file is, never its name or the type a browser claims. A workbook is a
zip: every entry is inflated here with a running byte limit, so a zip bomb stops at the limit
instead of filling memory, whatever sizes its headers claim. The same pass reads each sheet's
real extent from its cells (not the <dimension> it claims: calamine allocates the whole
rectangle up to the farthest cell, 512 GB for one cell at XFD1048576, issue #12) and finds the
cells a reader would silently get wrong: Excel error values (#REF!, #DIV/0!), formulas saved
without their computed value, values taken from another workbook or a DDE link, and numbers
shown as percent. An OLE2 .xls has no zip to inflate: the isolated child's limits are its guard.

Every refusal is a RejectedFile carrying an error code of loaders/errors.py and where it is.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from xml.etree.ElementTree import ParseError

import numpy as np
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring

from loaders.errors import TEMPLATES, CellError, column_letter, located
from loaders.limits import LIMITS, Limits, megabytes

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # legacy .xls, or an encrypted (password) workbook
_ZIP = b"PK\x03\x04"
_PDF = b"%PDF"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# How many rows above a table's first data row may hold titles, notes and its header
# (layouts scans the first 15 rows for a header).
HEADER_ROWS = 15
# What each kind of file may be called; a .csv holding a zip, or an .xlsx holding text, is refused.
EXTENSIONS = {"xlsx": ("xlsx", "xlsm"), "xlsb": ("xlsb",), "xls": ("xls",), "ods": ("ods",),
              "csv": ("csv", "txt")}
_SAID = {"xlsx": "Excel（.xlsx）", "xlsb": "Excel バイナリ（.xlsb）", "xls": "Excel 97-2003（.xls）",
         "ods": "OpenDocument（.ods）", "csv": "CSV（テキスト）"}


class RejectedFile(ValueError):
    """The file (or one sheet or line of it) cannot be loaded: an error code and where it is."""

    def __init__(self, code: str, *, sheet: str | None = None, row: int | None = None,
                 column: str | None = None, text: str | None = None, **params):
        self.code, self.params = code, params
        self.place = {"sheet": sheet, "row": row, "column": column, "text": text}
        super().__init__(TEMPLATES[code].format(**params))

    def error(self, file: str) -> CellError:
        return located(self.code, file=file, **self.place, **self.params)


@dataclass
class Workbook:
    """What the guard learned about a workbook, per sheet name."""
    sheets: list[str]
    error_cells: dict[str, list[tuple[str, str]]] = field(default_factory=dict)   # sheet -> [(A1, #REF!)]
    uncached_formulas: dict[str, list[str]] = field(default_factory=dict)         # sheet -> [A1]
    linked_cells: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)  # sheet -> [(A1, code, formula)]
    percent_cells: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # sheet -> [(row0, col0)]
    states: dict[str, str] = field(default_factory=dict)     # sheet -> visible / hidden / veryHidden
    extents: dict[str, "Extent"] = field(default_factory=dict)
    hidden_rows: dict[str, list[int]] = field(default_factory=dict)      # sheet -> [1-based row]
    hidden_columns: dict[str, list[int]] = field(default_factory=dict)   # sheet -> [1-based column]
    inflated_bytes: int = 0


def _limits(limits: Limits | None) -> Limits:
    return limits or LIMITS  # looked up at call time, so a test may set guard.LIMITS


def kind_of(data: bytes, name: str, limits: Limits | None = None) -> str:
    """'xlsx', 'xlsb', 'xls', 'ods' or 'csv' by the bytes; RejectedFile for anything else."""
    limits = _limits(limits)
    if len(data) == 0:
        raise RejectedFile("empty-file")
    if len(data) > limits.max_file_bytes:
        raise RejectedFile("file-too-large", size=f"{len(data) / 1e6:,.1f} MB", limit=f"{megabytes(limits.max_file_bytes)} MB")
    if data.startswith(_OLE2):
        kind = _ole2_kind(data)
    elif data.startswith(_PDF):
        raise RejectedFile("pdf")
    elif data.startswith(_ZIP):
        kind = _zip_kind(data)
    elif data.startswith(_UTF16_BOMS):
        kind = "csv"  # Excel's 「Unicode テキスト」: UTF-16 with a byte order mark
    elif b"\x00" in data[:65536]:
        raise RejectedFile("not-a-table-file")
    else:
        kind = "csv"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in sum(EXTENSIONS.values(), ()):
        raise RejectedFile("extension-unknown", extension=extension or "（なし）")
    if extension not in EXTENSIONS[kind]:
        raise RejectedFile("extension-mismatch", extension=extension, said=_SAID[kind])
    return kind


def _ole2_kind(data: bytes) -> str:
    # An encrypted .xlsx/.xlsb is an OLE2 file holding these streams; their names sit in the
    # directory as UTF-16. A BIFF .xls with a password is found by calamine (PasswordError).
    if any(s.encode("utf-16-le") in data for s in ("EncryptedPackage", "EncryptionInfo")):
        raise RejectedFile("password")
    # BIFF8 names its stream "Workbook", BIFF5 "Book"; "WORKBOOK" is as good as "Workbook" to Excel
    if "book".encode("utf-16-le") in data.lower():
        return "xls"
    raise RejectedFile("not-a-table-file")


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                if b"opendocument.spreadsheet" in archive.read("mimetype"):
                    manifest = archive.getinfo("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else None
                    if manifest and manifest.file_size < 1_000_000 and b"encryption-data" in archive.read(manifest):
                        raise RejectedFile("password")
                    return "ods"
    except RejectedFile:
        raise
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, ValueError, EOFError) as exc:
        raise RejectedFile("not-a-workbook") from exc
    if "xl/workbook.bin" in names:
        return "xlsb"
    return "xlsx"  # inspect_workbook says so when xl/workbook.xml is missing


def check_csv_lines(data: bytes, limits: Limits | None = None) -> None:
    """Refuse a text file with a line longer than the limit, naming the line (1-based)."""
    limits = _limits(limits)
    if len(data) <= limits.max_line_bytes:
        return
    # A CR-only file breaks its lines at CR; every other at LF (CRLF's CR ends with its LF).
    end = 10 if b"\n" in data else 13
    breaks = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == end)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(data)]))
    long = np.flatnonzero(ends - starts > limits.max_line_bytes)
    if len(long):
        raise RejectedFile("csv-line-too-long", row=int(long[0]) + 1,
                           limit=f"{megabytes(limits.max_line_bytes)} MB")


@dataclass(frozen=True)
class Extent:
    """A sheet's used range by the cells it names: the last row and column, and a cell on each."""
    last_row: int = 0
    last_column: int = 0
    row_cell: tuple[int, int] = (0, 0)      # (row, column) of a cell in the last row
    column_cell: tuple[int, int] = (0, 0)   # (row, column) of a cell in the last column


def check_extent(sheet: str, extent: Extent, limits: Limits | None = None) -> None:
    """Refuse a sheet whose used range reaches beyond the row or column limit, naming the far cell."""
    limits = _limits(limits)
    if extent.last_row > limits.max_rows + HEADER_ROWS:
        row, column = extent.row_cell
    elif extent.last_column > limits.max_columns:
        row, column = extent.column_cell
    else:
        return
    raise RejectedFile("sheet-extent", sheet=sheet, row=row, column=column_letter(column) or None,
                       cell=f"{column_letter(column)}{row}", max_rows=limits.max_rows + HEADER_ROWS,
                       max_columns=limits.max_columns)


def inspect_workbook(data: bytes, limits: Limits | None = None) -> Workbook:
    """Inflate every entry within the limits and list sheets, their extent and problem cells."""
    limits = _limits(limits)
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, ValueError, EOFError) as exc:
        raise RejectedFile("not-a-workbook") from exc
    entries = {}
    total = 0
    with archive:
        names = archive.namelist()
        if "xl/workbook.xml" not in names:
            raise RejectedFile("no-workbook-part", part="xl/workbook.xml")
        if len(names) > limits.max_zip_entries:
            raise RejectedFile("zip-entries", entries=len(names), limit=limits.max_zip_entries)
        for info in archive.infolist():
            keep = info.filename.startswith(("xl/worksheets/sheet", "xl/workbook.xml", "xl/_rels/",
                                             "xl/styles.xml"))
            total, content = _inflate(archive, info, total, keep, limits)
            if keep:
                entries[info.filename] = content
    book = Workbook(sheets=[], inflated_bytes=total)
    percent_styles = _percent_styles(entries.get("xl/styles.xml"))
    for sheet, target, state in _sheet_targets(entries):
        book.sheets.append(sheet)
        book.states[sheet] = state
        xml = entries.get(target, b"")
        book.extents[sheet] = _extent(xml)
        if state == "visible":  # a hidden sheet is only read when asked: readers checks it then
            check_extent(sheet, book.extents[sheet], limits)
        rows, columns = hidden_lines(xml, book.extents[sheet])
        if rows:
            book.hidden_rows[sheet] = rows
        if columns:
            book.hidden_columns[sheet] = columns
        scan = _scan_cells(xml, percent_styles)
        for name, found in zip(("error_cells", "uncached_formulas", "linked_cells", "percent_cells"), scan):
            if found:
                getattr(book, name)[sheet] = found
    return book


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, total: int, keep: bool,
             limits: Limits) -> tuple[int, bytes]:
    # Read in chunks and count what is actually produced: the header's file_size is the
    # attacker's word, not a measurement.
    chunks = []
    head = b""
    with archive.open(info) as stream:
        while True:
            try:
                chunk = stream.read(1 << 20)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, ValueError, OSError) as exc:
                raise RejectedFile("zip-unreadable") from exc
            if not chunk:
                break
            if len(head) < 4096:
                head += chunk[:4096]
                # A DTD can define entities that expand a few bytes into gigabytes (a "billion
                # laughs" bomb); a workbook Excel wrote never has one.
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise RejectedFile("xml-entities")
            total += len(chunk)
            if total > limits.max_inflated_bytes:
                raise RejectedFile("zip-inflated", limit=f"{megabytes(limits.max_inflated_bytes)} MB")
            if keep:
                chunks.append(chunk)
    return total, b"".join(chunks)


_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _xml(content: bytes, part: str):
    try:
        return safe_fromstring(content)
    except DefusedXmlException as exc:
        raise RejectedFile("xml-entities") from exc
    except (ParseError, ValueError) as exc:
        raise RejectedFile("xml-malformed", part=part) from exc


def _sheet_targets(entries: dict[str, bytes]) -> list[tuple[str, str, str]]:
    workbook = _xml(entries["xl/workbook.xml"], "xl/workbook.xml")
    rels = _xml(entries.get("xl/_rels/workbook.xml.rels", b"<Relationships/>"), "xl/_rels/workbook.xml.rels")
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter() if r.get("Id")}
    out = []
    for element in workbook.iter():
        if isinstance(element.tag, str) and element.tag.endswith("}sheet"):
            target = targets.get(element.get(_REL_NS), "").lstrip("/")
            out.append((element.get("name") or "", target if target.startswith("xl/") else f"xl/{target}",
                        element.get("state") or "visible"))
    return out


# Excel's built-in number formats 9 (0%) and 10 (0.00%); a custom one is percent when a % stands
# outside quotes and escapes ("0.0%", but not "0\"%\"" or "0\\%").
_PERCENT_IDS = {9, 10}
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _percent_styles(styles: bytes | None) -> set[int]:
    if not styles:
        return set()
    root = _xml(styles, "xl/styles.xml")
    custom = set()
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.endswith("}numFmt") and "%" in _QUOTED.sub("", element.get("formatCode") or ""):
            custom.add(_int(element.get("numFmtId")))
    percent = set()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.endswith("}cellXfs"):
            for i, xf in enumerate(x for x in element if isinstance(x.tag, str) and x.tag.endswith("}xf")):
                if _int(xf.get("numFmtId")) in _PERCENT_IDS | custom:
                    percent.add(i)
    return percent


def _int(text) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return -1


_ROW_REF = re.compile(rb'<row\b[^>]*?\sr="(\d{1,9})"')
_CELL_REF = re.compile(rb'<c\b[^>]*?\sr="([A-Z]{1,5})(\d{1,9})"')


def _extent(xml: bytes) -> Extent:
    """The last row and column any cell or row of a sheet names, 1-based."""
    rows = [int(r) for r in _ROW_REF.findall(xml)]
    last_row = max(max(rows, default=0), xml.count(b"<row ") + xml.count(b"<row>"))
    row_cell = (last_row, 1)
    column_cell = (1, 0)
    for letters, row in _CELL_REF.findall(xml):
        column, row = _column_number(letters), int(row)
        if column > column_cell[1]:
            column_cell = (row, column)
        if row >= row_cell[0]:
            row_cell = (row, max(column, row_cell[1]) if row == row_cell[0] else column)
    last_row = max(last_row, row_cell[0])
    return Extent(last_row, column_cell[1], row_cell, column_cell)


_ROW_TAG = re.compile(rb"<row\b([^>]*)>")
_COL_TAG = re.compile(rb"<col\b([^>]*?)/?>")
_HIDDEN_ATTR = re.compile(rb'\bhidden="(?:1|true)"')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_MIN = re.compile(rb'\bmin="(\d+)"')
_MAX = re.compile(rb'\bmax="(\d+)"')


def hidden_lines(xml: bytes, extent: Extent) -> tuple[list[int], list[int]]:
    """The rows and columns (1-based) a sheet hides, within its extent: a value there is read like
    any other but nobody sees it in Excel (a filtered row, a column folded away), so it is said."""
    if b"hidden=" not in xml:
        return [], []
    rows = [int(number.group(1)) for attributes in _ROW_TAG.findall(xml)
            if _HIDDEN_ATTR.search(attributes) and (number := _ROW_NUMBER.search(attributes))]
    columns = []
    for attributes in _COL_TAG.findall(xml):
        low, high = _MIN.search(attributes), _MAX.search(attributes)
        if _HIDDEN_ATTR.search(attributes) and low and high:
            # a <col> range often runs to XFD for the styling of the rest of the sheet
            columns.extend(range(int(low.group(1)), min(int(high.group(1)), extent.last_column) + 1))
    return rows, columns


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


_CELL = re.compile(rb"<c\b([^>]*?)(/>|>(.*?)</c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_VALUE = re.compile(rb"<v>(.*?)</v>", re.S)
_FORMULA = re.compile(rb"<f\b([^>]*?)(?:/>|>(.*?)</f>)", re.S)
_SHARED = re.compile(rb'\bsi="(\d+)"')
_STYLE = re.compile(rb'\bs="(\d+)"')
_TYPE = re.compile(rb'\bt="(\w+)"')
# A reference into another workbook is [1]Sheet!A1 (the number of an externalLink part); a DDE
# link is app|topic!item, e.g. =cmd|'/c calc'!A0 (outside quotes, so "a|b" text is not one).
_EXTERNAL = re.compile(r"\[\d+\]")
_DDE = re.compile(r"^[^\"]*?[A-Za-z0-9_.]+\|")


def _scan_cells(xml: bytes, percent_styles: set[int]):
    """Error values, uncached formulas, linked cells and percent cells of one sheet's XML."""
    errors, uncached, linked, percent = [], [], [], []
    styled = percent_styles and any(b' s="%d"' % s in xml for s in percent_styles)
    if b't="e"' not in xml and b"<f" not in xml and not styled:
        return errors, uncached, linked, percent  # skip the cell-by-cell scan (issue #8)
    shared: dict[bytes, tuple[str, str]] = {}  # a shared formula's master, by its si
    for match in _CELL.finditer(xml):
        attributes, body = match.group(1), match.group(3) or b""
        ref = _REF.search(attributes)
        where = (ref.group(1) + ref.group(2)).decode() if ref else "?"
        kind = _TYPE.search(attributes)
        kind = kind.group(1) if kind else b"n"
        if kind == b"e":
            value = _VALUE.search(body)
            errors.append((where, value.group(1).decode("utf-8", "replace") if value else "#エラー"))
            continue
        formula = _FORMULA.search(body)
        if formula:
            link = _link(formula, shared)
            if link:
                linked.append((where, *link))
            elif not _VALUE.search(body):
                uncached.append(where)
        if styled and kind == b"n" and ref:
            style = _STYLE.search(attributes)
            if style and int(style.group(1)) in percent_styles and _VALUE.search(body):
                percent.append((int(ref.group(2)) - 1, _column_number(ref.group(1)) - 1))
    return errors, uncached, linked, percent


def _link(formula: re.Match, shared: dict[bytes, tuple[str, str]]) -> tuple[str, str] | None:
    text = _unescape((formula.group(2) or b"").decode("utf-8", "replace"))
    si = _SHARED.search(formula.group(1))
    if not text and si:
        return shared.get(si.group(1))  # a shared formula's follower takes its master's links
    found = None
    if _EXTERNAL.search(text):
        found = ("external-link", text)
    elif _DDE.search(text):
        found = ("dde-link", text)
    if found and si:
        shared[si.group(1)] = found
    return found


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))
