"""Checks on an uploaded file's bytes before any parser sees them.

The bytes decide what a file is, never its name or the type a browser claims. A workbook is a
zip: every entry is inflated here with a running byte limit, so a zip bomb stops at the limit
instead of filling memory, whatever sizes its headers claim. The same pass finds the cells a
reader would silently turn into blanks: Excel error values (#REF!, #DIV/0!) and formulas saved
without their computed value.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO

from defusedxml.ElementTree import fromstring as safe_fromstring

from loaders.limits import LIMITS

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # legacy .xls, or an encrypted (password) .xlsx
_ZIP = b"PK\x03\x04"
_PDF = b"%PDF"


class RejectedFile(ValueError):
    """The file as a whole cannot be loaded; the message says why and what to do."""


@dataclass
class Workbook:
    """What the guard learned about a workbook: sheet names and problem cells per sheet."""
    sheets: list[str]
    error_cells: dict[str, list[tuple[str, str]]] = field(default_factory=dict)   # sheet -> [(A1, #REF!)]
    uncached_formulas: dict[str, list[str]] = field(default_factory=dict)         # sheet -> [A1]
    inflated_bytes: int = 0


def kind_of(data: bytes, name: str) -> str:
    """'xlsx' or 'csv' by the bytes; RejectedFile for anything else, whatever its name says."""
    if len(data) == 0:
        raise RejectedFile("ファイルが空です。内容のあるファイルを選んでください。")
    if len(data) > LIMITS.max_file_bytes:
        raise RejectedFile(f"ファイルが大きすぎます（{len(data) / 1e6:,.1f} MB）。"
                           f"上限は {LIMITS.max_file_bytes / 1e6:,.0f} MB です。ファイルを分けてください。")
    if data.startswith(_OLE2):
        raise RejectedFile("パスワード付きのブック、または古い形式（.xls）のファイルです。"
                           "Excel でパスワードを解除し、.xlsx 形式で保存し直してください。")
    if data.startswith(_PDF):
        raise RejectedFile("PDF は読み込めません。表を Excel（.xlsx）か CSV にしてください。")
    if data.startswith(_ZIP):
        kind = "xlsx"
    elif b"\x00" in data[:65536]:
        raise RejectedFile(f"「{name}」は Excel（.xlsx）でも CSV でもありません。.xlsx か CSV で保存してください。")
    else:
        kind = "csv"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in ("xlsx", "xlsm", "csv", "txt") and (extension == "csv" or extension == "txt") != (kind == "csv"):
        said = "Excel（.xlsx）" if kind == "xlsx" else "CSV（テキスト）"
        raise RejectedFile(f"拡張子は .{extension} ですが、中身は {said} です。正しい拡張子で保存し直してください。")
    if extension not in ("xlsx", "xlsm", "csv", "txt"):
        raise RejectedFile(f"拡張子 .{extension or '（なし）'} のファイルは読み込めません。.xlsx か .csv にしてください。")
    return kind


def inspect_workbook(data: bytes) -> Workbook:
    """Inflate every entry within the limits and list sheets and problem cells."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise RejectedFile("Excel ファイルとして開けません（壊れているか、別の形式です）。"
                           "Excel で開いて .xlsx 形式で保存し直してください。") from exc
    entries = {}
    total = 0
    with archive:
        names = archive.namelist()
        if "xl/workbook.xml" not in names:
            raise RejectedFile("Excel のブック（xl/workbook.xml）が見つかりません。.xlsx 形式で保存し直してください。")
        if len(names) > LIMITS.max_zip_entries:
            raise RejectedFile("ブック内の部品が多すぎます。ブックを分けてください。")
        for info in archive.infolist():
            keep = info.filename.startswith(("xl/worksheets/sheet", "xl/workbook.xml", "xl/_rels/"))
            total, content = _inflate(archive, info, total, keep)
            if keep:
                entries[info.filename] = content
    book = Workbook(sheets=[], inflated_bytes=total)
    for sheet, target in _sheet_targets(entries):
        book.sheets.append(sheet)
        xml = entries.get(target, b"")
        errors, uncached = _problem_cells(xml)
        if errors:
            book.error_cells[sheet] = errors
        if uncached:
            book.uncached_formulas[sheet] = uncached
    return book


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, total: int, keep: bool) -> tuple[int, bytes]:
    # Read in chunks and count what is actually produced: the header's file_size is the
    # attacker's word, not a measurement.
    chunks = []
    with archive.open(info) as stream:
        while True:
            try:
                chunk = stream.read(1 << 20)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError) as exc:
                raise RejectedFile("Excel ファイルの中身を展開できません。Excel で開いて保存し直してください。") from exc
            if not chunk:
                break
            total += len(chunk)
            if total > LIMITS.max_inflated_bytes:
                raise RejectedFile(f"ブックを展開すると {LIMITS.max_inflated_bytes / 1e6:,.0f} MB を超えます。"
                                   "ブックを分けるか、不要なシートを削除してください。")
            if keep:
                chunks.append(chunk)
    return total, b"".join(chunks)


_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheet_targets(entries: dict[str, bytes]) -> list[tuple[str, str]]:
    workbook = safe_fromstring(entries["xl/workbook.xml"])
    rels = safe_fromstring(entries.get("xl/_rels/workbook.xml.rels", b"<Relationships/>"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter() if r.get("Id")}
    out = []
    for element in workbook.iter():
        if element.tag.endswith("}sheet"):
            target = targets.get(element.get(_REL_NS), "")
            target = target.lstrip("/")
            out.append((element.get("name"), target if target.startswith("xl/") else f"xl/{target}"))
    return out


_CELL = re.compile(rb"<c\b([^>]*?)(/>|>(.*?)</c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_VALUE = re.compile(rb"<v>(.*?)</v>", re.S)


def _problem_cells(xml: bytes) -> tuple[list[tuple[str, str]], list[str]]:
    errors, uncached = [], []
    if b't="e"' not in xml and b"<f" not in xml:
        return errors, uncached  # no error value and no formula: skip the cell-by-cell scan (issue #8)
    for match in _CELL.finditer(xml):
        attributes, body = match.group(1), match.group(3) or b""
        ref = _REF.search(attributes)
        where = ref.group(1).decode() if ref else "?"
        if b't="e"' in attributes:
            value = _VALUE.search(body)
            errors.append((where, value.group(1).decode() if value else "#エラー"))
        elif b"<f" in body and not _VALUE.search(body):
            uncached.append(where)
    return errors, uncached

