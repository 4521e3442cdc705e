"""Bytes to text cells: encodings detected, never assumed."""
from __future__ import annotations

import io

import charset_normalizer
import pandas as pd

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
