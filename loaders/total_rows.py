"""合計 / 小計 / 計 rows of a long table: checked against their parts, never stored as a member.

A long table may carry its own totals: a row whose policy area, project or indicator says 合計
(a total over the other rows of its year), 小計 (over the rows since the previous total), or a
fiscal-year cell saying 合計 (a total over the years of its row's item). Effect amounts keep
theirs as printed totals, checked by the one rule the database holds (v_effect_total_checks);
every other table's are checked here, per value column, and dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from loaders import tables
from loaders.errors import CellError, column_letter, located

_TOTAL = re.compile(r"(総?合計額?|総計|小計|計)(?:[（(][^）)]*[）)])?")
_SUBTOTAL = "小計"
# What a total row's parts share with it, where it fills the cell in (besides its other labels)
_GROUP = ("city", "plan", "estimate", "fiscal_year")
# The columns naming what a row is (a total's own name goes here), and the figures summed.
LABELS = {
    "effect_amounts": ("policy_area", "policy_area_code"),
    "budget": ("project", "project_code", "policy_area"),
    "series": ("indicator",),
    "kpi": ("indicator", "initiative", "policy_area"),
}
VALUES = {"budget": ("amount",), "series": ("value",), "kpi": ("target", "actual")}
# The parsed column that holds each value field's number
_NUMBER = {"amount": "amount_thousand_yen", "value": "value", "target": "target_value", "actual": "actual_value"}


def total_word(text) -> str | None:
    """'合計', '小計' … for a cell that names a total (spaces and a trailing (R4~R9) aside)."""
    if type(text) is not str:
        return None
    match = _TOTAL.fullmatch(re.sub(r"[\s\u3000]+", "", text))
    return match.group(1) if match else None


def _words(column: pd.Series) -> pd.Series | None:
    """total_word of each cell, each distinct text looked at once (a million-row CSV, issue #8);
    None when no cell names a total."""
    hits = {u: w for u in column.unique().tolist() if (w := total_word(u))}
    if not hits:
        return None
    return column.map(hits).astype(object).where(column.isin(list(hits)), None)


@dataclass
class Totals:
    """The total rows taken out of a long table, with their sheet rows and how each is a total."""
    frame: pd.DataFrame
    rows: list[int]
    word: list[str]          # the total word seen
    over_years: list[bool]   # the fiscal-year cell says 合計: a total over years


def split(table: str, frame: pd.DataFrame, row_numbers: list[int]) -> tuple[pd.DataFrame, list[int], Totals | None]:
    """The member rows (and their sheet rows) and the total rows of one long table's text frame."""
    if table not in LABELS or frame.empty:
        return frame, row_numbers, None
    labels = [c for c in LABELS[table] if c in frame.columns]
    words = pd.Series([None] * len(frame), dtype=object, index=frame.index)
    for column in labels:
        found = _words(frame[column])
        if found is not None:
            words = words.where(words.notna(), found)
    over_years = _words(frame["fiscal_year"]) if "fiscal_year" in frame.columns else None
    over_years = pd.Series(False, index=frame.index) if over_years is None else over_years.notna()
    is_total = (words.notna().to_numpy() | over_years.to_numpy())
    if not is_total.any():
        return frame, row_numbers, None
    rows = np.asarray(row_numbers)
    totals = Totals(frame[is_total].reset_index(drop=True), rows[is_total].tolist(),
                    [w or "合計" for w in words[is_total]], over_years[is_total].tolist())
    return frame[~is_total].reset_index(drop=True), rows[~is_total].tolist(), totals


def check(table: str, members: pd.DataFrame, member_rows: list[int], totals: Totals, *, file, sheet,
          header: dict[str, tuple[int, str]]) -> tuple[list[CellError], list[str], list[dict]]:
    """Errors for totals that disagree with their parts, a 注意 naming those checked and dropped,
    and, for effect amounts, the printed totals to check against the database's rule.

    `header` gives each field's 0-based column and heading as written, to locate a cell.
    """
    fields = {f.name: f for f in tables.TABLES[table]}
    errors: list[CellError] = []
    printed: list[dict] = []
    checked: list[int] = []
    order = np.asarray(member_rows)
    for i, row in totals.frame.iterrows():
        sheet_row, word = totals.rows[i], totals.word[i]
        cells, bad = _read(table, fields, row, file, sheet, sheet_row, header)
        if bad:
            errors += bad
            continue
        if table == "effect_amounts" and word != _SUBTOTAL:
            if cells.get("amount") is not None:
                printed.append(_printed(cells, row, totals.over_years[i], sheet_row, file, sheet, header))
            checked.append(sheet_row)
            continue
        mask = _members(table, members, cells, totals.over_years[i], word, order, sheet_row, totals.rows)
        for name in VALUES.get(table, ("amount",)):
            value = _number(name, cells.get(name))
            if value is None:
                continue
            parts = members.loc[mask, _NUMBER[name]]
            computed = float(parts.sum()) if len(parts) else 0.0
            if parts.isna().any() or abs(computed - value) > 0.5:
                c, h = header.get(name, (None, name))
                errors.append(located("total-row", file=file, sheet=sheet, row=sheet_row,
                                      column=column_letter(c + 1) if c is not None else None, header=h,
                                      text=str(row[name]), label=word, printed=f"{value:,.10g}",
                                      parts=_parts_words(word, totals.over_years[i], int(mask.sum())),
                                      computed="（数値でない内訳があります）" if parts.isna().any() else f"{computed:,.10g}"))
        checked.append(sheet_row)
    warnings = []
    if checked and not errors:
        warnings.append(f"{'・'.join(f'{r}行目' for r in checked)}は合計・小計の行です。内訳の合計と一致することを確かめ、"
                        "データには含めていません。")
    return errors, warnings, printed


def _read(table, fields, row, file, sheet, sheet_row, header) -> tuple[dict, list[CellError]]:
    """The typed cells of a total row; a blank, or the total word itself, is None (a total row
    need not fill in what its members must)."""
    cells, bad = {}, []
    for name, text in row.items():
        if name not in fields or name == "source":
            continue
        text = "" if text is None or (isinstance(text, float) and text != text) else str(text).strip()
        if not text or (total_word(text) and (name in LABELS[table] or name == "fiscal_year")):
            cells[name] = None
            continue
        value = tables._read_cell(fields[name], text)
        if isinstance(value, tables._Problem):
            c, h = header.get(name, (None, name))
            bad.append(CellError(file, sheet, sheet_row, column_letter(c + 1) if c is not None else name,
                                 value.seen, value.message, header=h))
        else:
            cells[name] = value
    return cells, bad


def _number(name: str, value) -> float | None:
    if value is None:
        return None
    if name in ("target", "actual"):
        value = getattr(value, "value", value)  # a Figure (numbers.read_figure) holds its CellValue
        return float(value.number) if value.number is not None else None
    return value[0]


def _members(table, members: pd.DataFrame, cells: dict, over_years: bool, word: str,
             order: np.ndarray, sheet_row: int, total_rows: list[int]) -> np.ndarray:
    """Which member rows a total sums: those agreeing with every cell the total row fills in (a
    total over years also on its item), and for 小計 only those since the previous total."""
    mask = np.ones(len(members), dtype=bool)
    for name, value in cells.items():
        if value is not None and name in members.columns and name in (*_GROUP, *LABELS[table]):
            mask &= (members[name] == value).to_numpy()
    if word == _SUBTOTAL:
        before = [r for r in total_rows if r < sheet_row]
        mask &= (order < sheet_row) & (order > (max(before) if before else 0))
    return mask


def _parts_words(word: str, over_years: bool, n: int) -> str:
    if over_years:
        return f"同じ項目の各年度（{n}行）"
    if word == _SUBTOTAL:
        return f"直前の合計・小計からの行（{n}行）"
    return f"同じ年度の行（{n}行）"


def _printed(cells: dict, row, over_years: bool, sheet_row: int, file, sheet, header) -> dict:
    """An effect-amount total row as a printed total (year_total / area_total / grand_total)."""
    amount = cells.get("amount")
    area = cells.get("policy_area_code") or cells.get("policy_area")
    fy = cells.get("fiscal_year")
    if over_years and area:
        kind, fy = "area_total", None
    elif fy is not None:
        kind, area = "year_total", None
    else:
        kind, area = "grand_total", None
    c, h = header.get("amount", (None, "amount"))
    return {"city": cells.get("city"), "plan": cells.get("plan"), "estimate": cells.get("estimate"),
            "total_kind": kind, "policy_area_code": area, "fiscal_year": fy,
            "amount_thousand_yen": amount[0] if amount else None, "amount_printed": amount[1] if amount else None,
            "source": row.get("source"), "_sheet": sheet, "_row": sheet_row,
            "_column": column_letter(c + 1) if c is not None else None, "_header": h}
