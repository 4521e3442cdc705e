"""How figures read on screen: R4 (2022), 千円 / 百万円 / 億円, thousands separators."""
from __future__ import annotations

import re

import pandas as pd

from dashboard import line_breaks
from dashboard.labels import NO_CITY, UNITS
from loaders.years import era_label


# Streamlit reads captions, headings, metric labels, alerts, radio options and st.table cells as
# Markdown: text from documents and uploads (sources, plan names, slide titles) must not become a
# link, an image, a formula, a colour or HTML there (#13). Every such call site goes through
# `inert` (or `inert_frame` for st.table). Characters that open inline syntax are escaped; those
# that only mean something at the start of a line, or as part of a bare URL, are escaped there.
_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*[]$<>|~&@"})  # no [ ]: no link, image or :red[]
# An underscore between two letters never marks emphasis (000_96b2268ca103a618.txt stays as it is).
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
_LINE_START = re.compile(r"(?m)^([ \t]*)([#>+=-]|\d{1,9}(?=[.)](?:[ \t]|$)))")  # heading, quote, list, rule
# GFM turns bare http://, www. and a@b.c into links after parsing, so no escape stops it: a word
# joiner (U+2060, invisible, no line break) between "http" and "://" does.
_BARE_URL = re.compile(r"(?i)(?<=[a-z])(?=://)|(?<=\bwww)(?=\.)|(?=\\@)")
_JOINER = "\u2060"


def inert(text) -> str:
    """Data text made literal wherever Streamlit reads Markdown (captions, headings, labels, tables)."""
    text = _UNDERSCORE.sub(r"\\_", str(text).translate(_MARKDOWN))
    text = _BARE_URL.sub(_JOINER, text)
    # "1." or "-" opening a line starts a list: escape the marker (after the digits of "1.")
    return _LINE_START.sub(lambda m: m[1] + (m[2] + "\\" if m[2][0].isdigit() else "\\" + m[2]), text)


def inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy for st.table, whose cells, headers and index are Markdown: every text made inert."""
    def cell(value):
        return inert(value) if isinstance(value, str) else value
    out = frame.map(cell) if len(frame.columns) else frame.copy()
    out.columns = [cell(c) for c in out.columns]
    out.index = out.index.map(cell)
    if out.index.name is not None:
        out.index.name = cell(out.index.name)
    return out


# A caption names this many documents at most: with a thousand cities loaded, listing every
# document would bury the page (each row still carries its own source).
DOCUMENTS_SHOWN = 8


def document_list(names, shown: int = DOCUMENTS_SHOWN) -> str:
    """Document names joined with 、, the first `shown` and ほか N 資料 past them."""
    names = list(dict.fromkeys(n for n in names if isinstance(n, str) and n))
    if len(names) <= shown:
        return "、".join(names)
    return "、".join(names[:shown]) + f" ほか {len(names) - shown:,} 資料"


def fiscal_year(fy: int | float | None) -> str:
    """R4 (2022); an empty string for no year."""
    if fy is None or pd.isna(fy):
        return ""
    return era_label(int(fy))


def period(start: int | None, end: int | None) -> str:
    """H18 (2006)～H27 (2015), or one year alone."""
    if pd.isna(start) or pd.isna(end) or start == end:
        return fiscal_year(end if pd.isna(start) else start)
    return f"{fiscal_year(start)}～{fiscal_year(end)}"


def city(name: str | None) -> str:
    """The city as documents write it, or 市名記載なし where the document names none."""
    # pandas 3 gives NaN, not None, for a missing city beside real names
    return name if isinstance(name, str) and name else NO_CITY


def number(value: float | None, digits: int = 0) -> str:
    """12,345 / 12.5 / △ for negatives, as Japanese tables print them; blank for no value."""
    if value is None or pd.isna(value):
        return "—"
    text = f"{abs(value):,.{digits}f}"
    return f"△{text}" if value < 0 and float(text.replace(",", "")) != 0 else text


def percent(value: float | None, digits: int = 1) -> str:
    """1,170.0% / 61.8%, as `number` writes it; — for no value."""
    text = number(value, digits)
    return text if text == "—" else f"{text}%"


# Decimals that keep a converted amount honest: 2,611,600 千円 = 2,611.6 百万円 = 26.12 億円.
DIGITS = {"千円": 0, "百万円": 1, "億円": 2}


def amount_number(thousand_yen: float | None, unit: str = "千円") -> str:
    """An amount held in 千円 as a figure in the chosen unit, △ for negatives: 26.12, △0.52.

    A non-zero amount never reads as 0: one too small for the unit's decimals is 「0.01未満」
    (「△0.01未満」 below zero), so a 4 千円 saving does not vanish into 「0.00 億円」."""
    if thousand_yen is None or pd.isna(thousand_yen):
        return "—"
    digits = DIGITS[unit]
    value = thousand_yen / UNITS[unit]
    text = number(value, digits)
    if value != 0 and round(abs(value), digits) == 0:
        return f"{'△' if value < 0 else ''}{number(10 ** -digits, digits)}未満"
    return text


def amount(thousand_yen: float | None, unit: str = "千円") -> str:
    """An amount held in 千円 shown in the chosen unit, with the unit: 2,611,600 千円, 26.12 億円."""
    if thousand_yen is None or pd.isna(thousand_yen):
        return "—"
    return f"{amount_number(thousand_yen, unit)} {unit}"


def value_with_unit(value: float | None, text: str | None, unit: str | None) -> str:
    """A target or actual as people read it: the number with its unit, or the document's words."""
    if value is not None and not pd.isna(value):
        digits = 0 if float(value).is_integer() else len(repr(float(value)).split(".")[1])
        return f"{number(value, min(digits, 3))}{unit or ''}"
    return text if isinstance(text, str) and text else "—"


def wrap(text: str, width: float) -> list[str]:
    """A label on lines of at most `width` em (full-width characters 1, half-width 0.5), broken
    between words only (line_breaks), never truncated; a space ending a line is dropped."""
    return [line.rstrip() for line in line_breaks.wrap(str(text), width)] or [""]


def label_lookup(table: dict[str, str | list[str]]) -> str:
    """A Vega labelExpr drawing each label as the table gives it (a list: its lines); a label not
    in the table (a value the data did not hold when the chart was built) is drawn as it is, on
    one line, never cut inside a word."""
    keys, shown = list(table), [table[k] if isinstance(table[k], str) or len(table[k]) != 1 else table[k][0]
                                for k in table]
    # Arrays and indexof, not an object literal: a label such as 「constructor」 reads no property.
    return f"{_json(shown)}[indexof({_json(keys)}, datum.label)] || datum.label"


def label_among(labels) -> str:
    """A Vega test: whether the label drawn is one of `labels`."""
    return f"indexof({_json([str(label) for label in labels])}, datum.label) >= 0"


def wrapped_labels(labels, width: float) -> str:
    """A Vega labelExpr giving each label as its wrapped lines (a multi-line axis label)."""
    return label_lookup({str(label): wrap(label, width) for label in dict.fromkeys(labels)})


def _json(value) -> str:
    import json
    # U+2028 and U+2029 end a line in a JavaScript string literal: escaped, as JSON allows.
    return json.dumps(value, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
