"""Tables as files people open in Excel: CSV (UTF-8 with BOM) and xlsx, safe against formula injection.

A text cell that begins with = + - @ TAB CR or LF could run as a formula when the file is opened,
so it gets a leading single quote (OWASP, CSV Injection; ASVS 5 §1.2.10, which asks the same of
xlsx). Only text is touched: numbers stay numbers, so a negative amount is still a number and not
"'-52218". A mark printed as '-' becomes "'-"; that is the rule applied strictly.
"""
from __future__ import annotations

import io

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """The value to write: text that a spreadsheet could read as a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _safe(df: pd.DataFrame, clean=lambda v: v) -> pd.DataFrame:
    out = df.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]) and not pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].astype(object).map(lambda v: safe_cell(clean(v)))
    out.columns = [safe_cell(clean(str(c))) for c in out.columns]
    return out


def _xml_text(value):
    # openpyxl refuses control characters that XML cannot hold; they carry nothing a reader needs.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a BOM, so Excel opens the Japanese text without asking for an encoding."""
    return _safe(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx_bytes(df: pd.DataFrame, sheet: str) -> bytes:
    """One sheet of an xlsx workbook; numbers as numeric cells, text as text."""
    return workbook_bytes({sheet: df})


def workbook_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """Several tables as the sheets of one xlsx workbook, each made safe the same way."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for sheet, df in sheets.items():
            _safe(df, _xml_text).to_excel(writer, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()
