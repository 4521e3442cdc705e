"""How figures read on screen: R4 (2022), 千円 / 百万円 / 億円, thousands separators."""
from __future__ import annotations

import pandas as pd

from dashboard.labels import NO_CITY, UNITS
from loaders.years import era_label


# Streamlit reads captions, warnings and labels as Markdown: text from documents and uploads
# (sources, plan names) must not become links, images, formulas or HTML there.
_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*[]$<>"})  # no [ ] left: no link, image or :color[]


def inert(text) -> str:
    """Data text made literal for st.caption / st.warning / st.markdown."""
    return str(text).translate(_MARKDOWN)


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
