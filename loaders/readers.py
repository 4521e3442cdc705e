"""Bytes to text cells: encodings detected, never assumed."""
from __future__ import annotations

import codecs
import csv
import io

import charset_normalizer
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

# Tried in order before asking charset-normalizer: a UTF-8 file (with or without BOM) decodes
# cleanly, and cp932 is what Japanese Excel writes when it says "CSV".
_ENCODINGS = ("utf-8-sig", "cp932")


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding it was read with. ValueError when none fits."""
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ValueError("文字コードを判定できません。UTF-8 または Shift_JIS の CSV として保存し直してください。")
    return str(best), best.encoding


def read_csv_text(data: bytes) -> tuple[pd.DataFrame, str]:
    """A CSV as a frame of text cells (no type guessing), and its encoding."""
    text, encoding = decode_text(data)
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame, encoding


def read_csv_grid(data: bytes) -> tuple[pd.DataFrame | list[list[str]], str]:
    """A CSV's records as csv.reader gives them, and its encoding.

    A rectangular file with no blank line comes back as a frame of text columns, read by Arrow
    in C (a million rows in about a second, issue #8); any other file as csv.reader's rows, whose
    ragged and blank records the layouts expect.
    """
    # Arrow checks that every cell is UTF-8, and in a rectangular file every byte is a cell's or a
    # comma, quote or line end: a file it reads is one decode_text would call UTF-8, so the ~0.5 s
    # of decoding 240 MB in Python is only spent on the other files.
    raw = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    tried = _utf8_head(raw)  # a Shift_JIS file goes straight to decode_text
    frame = _rectangular(raw) if tried else None
    if frame is not None:
        return frame, "utf-8-sig"
    text, encoding = decode_text(data)
    if encoding != "utf-8-sig" or not tried:  # else the same bytes were tried above
        frame = _rectangular(text.encode("utf-8"))
    if frame is None:
        return list(csv.reader(io.StringIO(text))), encoding
    return frame, encoding


def _utf8_head(raw: bytes) -> bool:
    """True when the first 64 KB are UTF-8 (a character cut at the end allowed, unless the file ends there)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(raw[:1 << 16], final=len(raw) <= 1 << 16)
    except UnicodeDecodeError:
        return False
    return True


def _rectangular(raw: bytes) -> pd.DataFrame | None:
    """The records of a CSV with equally many fields on every line, else None."""
    # csv.reader yields [] for a blank line, where Arrow skips it or calls it a short row
    if not raw or raw[:1] in (b"\n", b"\r") or b"\n\n" in raw or b"\r\r" in raw or b"\n\r" in raw:
        return None
    ragged = []

    def on_ragged(row) -> str:
        ragged.append(row)
        return "skip"

    width = len(next(csv.reader(io.StringIO(raw[:1 << 16].decode("utf-8", "ignore"))), []))
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(raw),
            read_options=pa_csv.ReadOptions(autogenerate_column_names=True),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True, invalid_row_handler=on_ragged),
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
