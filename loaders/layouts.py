"""Recognise a sheet as one of the layouts analysts write, and read it into long-table rows.

1. Long tables: a header row whose words name a table's fields (Japanese or English).
2. Year-column amounts (改革改善効果額): a header row of fiscal years, 実績 / 見込み in the header
   or a row below, a （単位：千円） note above, policy areas down the first column, a 合計 row, a
   合計額 column and a 比較 column. Totals are kept apart to be checked, never stored as facts.
3. Target/actual tables: fiscal years above 目標 / 実績 (/ 達成) column pairs.
Rows and columns in errors are as Excel shows them (1-based, letters).
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from loaders import numbers, tables, total_rows, years
from loaders.errors import CellError, column_letter, located

_HEADER_SCAN_ROWS = 15
_TOTAL_WORDS = ("合計", "計", "総計", "合計額")
_COMPARISON_WORDS = ("比較", "差", "増減")
_KIND_WORDS = {"実績": "実績", "見込": "見込み", "計画": "計画", "見通し": "見込み"}
_KIND_PATTERN = re.compile("見込み|" + "|".join(_KIND_WORDS))   # 「R5見込み」 leaves R5, not R5み


@dataclass
class Context:
    """What the analyst chose for a file that does not say it itself."""
    city: str | None = None
    plan: str | None = None
    estimate: str | None = None
    include_hidden: bool = False  # hidden and veryHidden sheets too, when the analyst asks (issue #12)


@dataclass
class SheetResult:
    sheet: str
    layout: str                                   # 縦長の表 / 年度列の金額表 / 目標・実績の表 / 認識できない
    table: str | None = None
    rows: list[dict] | pd.DataFrame = field(default_factory=list)   # a DataFrame from tables.parse
    printed_totals: list[dict] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    named: dict[str, str] = field(default_factory=dict)  # city / plan the title rows name


def _at(file: str, sheet: str | None) -> str:
    """Where a row comes from, for its source: a CSV has no sheet (never 「シート「None」」)."""
    return f"{file} シート「{sheet}」" if sheet else f"{file} "


def cell_text(value) -> str:
    """A cell as text the parsers read: 11442.0 -> '11442', a date -> '2022-04-01', blank -> ''."""
    if type(value) is str:  # most cells, and every CSV cell
        return value.strip()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.datetime, dt.date, pd.Timestamp)):
        return value.strftime("%Y/%m/%d")
    return str(value).strip()


def text_frame(grid: list[list]) -> pd.DataFrame:
    """A sheet's rows as a frame of text columns: the texts cell_text gives every cell, each
    distinct value read once (a 100k-row workbook holds 1.5M cells, issue #8).

    Python's True equals 1.0, so a column holding a boolean is read cell by cell: merged with the
    numbers it would print 1 where the sheet says TRUE.
    """
    width = max((len(row) for row in grid), default=0)
    frame = pd.DataFrame([row if len(row) == width else [*row, *[None] * (width - len(row))] for row in grid],
                         dtype=object)
    for c in frame.columns:
        cells = frame[c]
        if any(type(v) is bool for v in cells.array):
            frame[c] = [cell_text(v) for v in cells.array]
            continue
        codes, uniques = pd.factorize(cells, use_na_sentinel=False)
        texts = np.array([cell_text(u) for u in uniques], dtype=object)
        frame[c] = texts[codes] if len(texts) else cells.astype(object)
    return frame


def read_sheet(grid: list[list] | pd.DataFrame, *, file: str, sheet: str, context: Context) -> SheetResult:
    """The rows of one sheet in whichever layout it is written.

    `grid` is rows of cells, or a frame of text columns (a large CSV, readers.read_csv_grid): a
    long table is then read column by column, never row by row.
    """
    if isinstance(grid, pd.DataFrame):
        head = [[cell_text(v) for v in row] for row in grid.head(_HEADER_SCAN_ROWS).to_numpy(dtype=object).tolist()]
        named, context, conflicts = _title_context(head, context, file=file, sheet=sheet)
        result = None if _pairs_under_years(head) or _combined_header(head) else _long_table(head, file=file, sheet=sheet, context=context,
                                                                     columns_of=grid)
        if result is not None:
            return _named(result, named, conflicts)
        grid = grid.to_numpy(dtype=object).tolist()
    text = [[cell_text(v) for v in row] for row in grid]
    if not any(any(row) for row in text):
        return SheetResult(sheet, "空のシート")
    named, context, conflicts = _title_context(text, context, file=file, sheet=sheet)
    # 指標 / 単位 merged down over the year row and the 目標 / 実績 row read, once the merge is
    # spread, like a long table's header with every pair repeated: the years decide first
    readers = (_target_actual, _long_table, _year_columns) if _pairs_under_years(text) or _combined_header(text) \
        else (_long_table, _year_columns, _target_actual)
    for reader in readers:
        result = reader(text, file=file, sheet=sheet, context=context)
        if result is not None:
            return _named(result, named, conflicts)
    return SheetResult(sheet, "認識できない", errors=[CellError(
        file, sheet, None, None, None,
        "表の形式を認識できません。見出し行（例: 市名・計画・年度・指標・目標・実績）を付けるか、"
        "テンプレートの形式にしてください。")])


# 0. City and plan named in the title rows ------------------------------------------------

_PLAN_TOKEN = re.compile(r".+(?:プラン|計画|大綱|方針|戦略)(?:[（(][^）)]*[）)])?")


@functools.cache
def _municipality_names() -> frozenset[str]:
    """The names in data/municipalities.csv: the only cities a title is read as naming."""
    from loaders import store
    with open(store.DATA_DIR / "municipalities.csv", encoding="utf-8", newline="") as f:
        return frozenset(row["name"] for row in csv.DictReader(f) if row.get("name"))


def _title_context(text: list[list[str]], context: Context, *, file, sheet
                   ) -> tuple[dict[str, str], Context, list[CellError]]:
    """What the title rows above a table name (「綾瀬市 ○○プラン 改革改善効果額」): a city only if
    it is in the municipality list, a plan only as one word ending in プラン / 計画 / 大綱 / 方針.
    Taken where the analyst chose nothing; a different choice is an error, never overridden."""
    titles = []
    for r, row in enumerate(text[:_HEADER_SCAN_ROWS]):
        filled = [cell for cell in row if cell]
        if len(filled) >= 2:
            break  # the header (or the table) begins: a title is a row of one cell
        if filled:
            titles.append((r, filled[0]))
    named: dict[str, tuple[int, str, str]] = {}
    cities = {(r, name) for r, title in titles for name in _municipality_names() if name in title}
    if len({name for _, name in cities}) == 1:
        r, name = min(cities)
        named["city"] = (r, name, next(t for i, t in titles if i == r))
    plans = {(r, token) for r, title in titles for token in re.split(r"[\s\u3000]+", title)
             if _PLAN_TOKEN.fullmatch(token) and not any(token == c for c in _municipality_names())}
    if len({token for _, token in plans}) == 1:
        r, token = min(plans)
        city = named.get("city", (None, ""))[1]
        named["plan"] = (r, token.removeprefix(city) if city and token.startswith(city) else token,
                         next(t for i, t in titles if i == r))
    conflicts = []
    chosen = {"city": context.city, "plan": context.plan}
    for key, label in (("city", "市"), ("plan", "計画")):
        if key not in named:
            continue
        r, value, title = named[key]
        if chosen[key] and chosen[key] != value:
            conflicts.append(located("title-conflict", file=file, sheet=sheet, row=r + 1, column="A", text=title,
                                     named=value, label=label, chosen=chosen[key]))
        chosen[key] = chosen[key] or value
    return ({k: v[1] for k, v in named.items()},
            Context(chosen["city"], chosen["plan"], context.estimate), conflicts)


def _named(result: SheetResult, named: dict[str, str], conflicts: list[CellError]) -> SheetResult:
    result.named = named
    result.errors = conflicts + result.errors
    return result


# 0b. Cells around a table: above its header, and note lines under it ---------------------

_UNIT_NOTE = re.compile(r"単位|[（(](千円|百万円|億円|円|万円)[）)]")
# A note line under (or inside) a table: ※端数処理…, 注1: …, （注）…, 備考：…, 出典：…
_NOTE = re.compile(r"^(?:※|＊|\*|[（(]注|注[0-9０-９]*[）):：.．\s\u3000]|備考[:：]|出典[:：]|資料[:：])")


def _where(r: int, c: int, text: str) -> str:
    """A cell for a 注意: 「3行目 A列「※端数処理」」, rows and letters as Excel shows them."""
    return f"{r + 1}行目 {column_letter(c + 1)}列「{text}」"


def _above_table(text: list[list[str]], header_row: int, *, file, sheet, result: SheetResult,
                 units: str, spread: bool = True) -> None:
    """Every filled cell above a table's header row, read or named, never dropped in silence.

    A row of one cell is a title (read for the city and plan), the row right above the header a
    heading spread over it (合計額 / 比較 / a merged group heading; `spread`: a wide table's, whose
    header spans two rows), and a unit note is read:
    `units` is "read" (the year-column table reads it), "amounts" (a long table that reads its
    amounts as 千円: any other unit is an error, never a figure a thousand times off) or "words"
    (a table without amounts: a 注意 says the note is not read). Any other cell above the header
    is a 注意 quoting it, and a number there an error: whose figure would it be?
    """
    quoted = []
    for r in range(min(header_row, len(text))):
        filled = [(c, cell) for c, cell in enumerate(text[r]) if cell]
        for c, cell in filled:
            if _UNIT_NOTE.search(cell):
                if units == "amounts":
                    try:
                        thousand = numbers.unit_factor_to_thousand_yen(cell) == 1
                    except ValueError:
                        thousand = False
                    if not thousand:
                        result.errors.append(located("unit-not-read", file=file, sheet=sheet, row=r + 1,
                                                     column=column_letter(c + 1), text=cell))
                elif units == "words":
                    result.warnings.append(f"単位の注記 {_where(r, c, cell)} はこの表では読みません。"
                                           "単位は「単位」の列に書いてください。")
                continue
            if _is_amount(cell):
                result.errors.append(located("outside-figure", file=file, sheet=sheet, row=r + 1,
                                             column=column_letter(c + 1), text=cell))
            elif len(filled) > 1 and (r < header_row - 1 or not spread):
                quoted.append(_where(r, c, cell))
    if quoted:
        result.warnings.append(f"表の上の記載 {'、'.join(quoted)} は表の外にあるため読み込みません。")


# 1. Long tables ----------------------------------------------------------------------------

def _long_table(text, *, file, sheet, context, columns_of: pd.DataFrame | None = None) -> SheetResult | None:
    # the first row that heads a table, read as the table it heads best; a later row heading a
    # table too is a second table, never the one read while the first is dropped
    best, later = None, None
    for r, row in enumerate(text[:_HEADER_SCAN_ROWS]):
        headers = [h for h in row if h]
        if len(headers) < 2:
            continue
        for table in ("kpi", "effect_amounts", "initiatives", "budget", "series", "plans"):
            mapping, unknown = tables.header_map(table, headers)
            fields = set(mapping.values())
            required = {f.name for f in tables.TABLES[table] if f.required} - {"city", "plan", "source", "estimate"}
            if required <= fields and len(fields) >= 3:
                score = len(fields) - len(unknown)
                if best is not None and r > best[1]:
                    later = later or r
                elif best is None or score > best[0]:
                    best = (score, r, table, mapping, unknown)
    if best is None:
        return None
    _, header_row, table, mapping, unknown = best
    header = text[header_row]
    body = text[header_row + 1:]
    result = SheetResult(sheet, "縦長の表", table)
    columns = _field_columns(table, header, mapping, file=file, sheet=sheet, row=header_row + 1, errors=result.errors)
    for c, h in enumerate(header):
        if h and h not in mapping:
            result.errors.append(CellError(file, sheet, header_row + 1, f"{column_letter(c + 1)}「{h}」", h,
                                           "この見出しは使えません。テンプレートの見出し名に合わせるか、列を削除してください。"))
    amounts = any(f.kind == "amount" for f in tables.TABLES[table])
    _above_table(text, header_row, file=file, sheet=sheet, result=result, units="amounts" if amounts else "words",
                 spread=False)
    result.errors += _unread_cells(body if columns_of is None else columns_of.iloc[header_row + 1:], header,
                                   header_row + 2, file=file, sheet=sheet)
    if columns_of is None:
        data = {name: [row[c] if c < len(row) else "" for row in body] for name, c in columns.items()}
        frame = pd.DataFrame(data, dtype=object)
        keep = (frame != "").any(axis=1).to_numpy() if len(frame) else np.zeros(0, dtype=bool)
        factorized = None
    else:
        frame = columns_of.iloc[header_row + 1:, list(columns.values())].reset_index(drop=True)
        frame.columns = list(columns)
        keep = np.zeros(len(frame), dtype=bool)
        factorized, filled = {}, {}
        for name in frame.columns:
            factorized[name] = pd.factorize(frame[name], use_na_sentinel=True)
            filled[name] = _filled(*factorized[name])
            keep |= filled[name]
    dropped = _notes_and_second_tables(frame, table, columns, header_row + 2, factorized,
                                       {} if columns_of is None else filled, file=file, sheet=sheet, result=result)
    if later is not None and not any(e.code == "second-table" for e in result.errors):
        result.errors.append(located("second-table", file=file, sheet=sheet, row=later + 1))
        dropped = np.zeros(len(keep), dtype=bool) if dropped is None else dropped
        dropped[later - header_row - 1:] = True
    if dropped is not None:
        keep = keep & ~dropped
        factorized = None  # the codes were of every row
    row_numbers = (np.flatnonzero(keep) + header_row + 2).tolist()
    if keep.all():
        # no blank row to drop (nearly every file): parse reuses the codes of the distinct texts
        given = factorized
    else:
        frame, given = frame[keep].reset_index(drop=True), None
    frame = _fill_context(frame, table, context, file, sheet, row_numbers)
    frame, row_numbers, totals = total_rows.split(table, frame, row_numbers)
    if totals is not None:
        given = None  # the codes were of every row, totals included
    rows, errors = tables.parse(table, frame, file=file, sheet=sheet, first_row=header_row + 2, factorized=given,
                                headings=_headings(table, frame, {n: (c, header[c]) for n, c in columns.items()}))
    # parse() counts rows from the header; blank rows were dropped, so map back to sheet rows.
    result.errors += [_renumber(e, header_row + 2, row_numbers) for e in errors]
    result.rows = rows
    if totals is not None and errors:  # with an unreadable cell every total would disagree
        result.warnings.append(f"{'・'.join(f'{r}行目' for r in totals.rows)}は合計・小計の行です。"
                               "ほかのエラーを直したあとで、内訳の合計と一致するかを確かめます。")
    if totals is not None and not errors:
        where = {name: (c, header[c]) for name, c in columns.items()}
        found, warnings, printed = total_rows.check(table, rows, row_numbers, totals, file=file, sheet=sheet,
                                                    header=where)
        result.errors += found
        result.warnings += warnings
        result.printed_totals += printed
    return result


def _notes_and_second_tables(frame: pd.DataFrame, table: str, columns: dict[str, int], first_row: int,
                             factorized: dict | None, filled: dict[str, np.ndarray], *, file, sheet,
                             result: SheetResult) -> np.ndarray | None:
    """The rows of a long table's body that are not its rows, or None when every row is one.

    A row whose one filled cell is a note (※端数処理…, 注1 …) is a 注意 quoting it, not a row
    whose other cells are blank; a row repeating the header's words (a second table under the
    first) is an error there, and it and every row after it are not read as this table's rows.
    Each column's distinct texts are looked at once (a million-row CSV, issue #8).
    """
    n = len(frame)
    if not n:
        return None
    # a heading as the header row may write it (年度, fiscal_year, Fiscal_Year): a hash look-up per
    # distinct text, not a string operation on each of a million-row CSV's texts
    words = {f.name: [v for w in (f.name, *f.aliases) for v in {w, w.upper(), w.capitalize(), w.title()}]
             for f in tables.TABLES[table]}
    names = list(frame.columns)
    filled_in = np.zeros((len(names), n), dtype=bool)
    heads = np.zeros(n, dtype=int)
    for k, name in enumerate(names):
        codes, uniques = (factorized or {}).get(name) or pd.factorize(frame[name], use_na_sentinel=True)
        filled_in[k] = filled[name] if name in filled else _filled(codes, uniques)
        heading = pd.array(uniques).isin(words.get(name, []))  # Arrow's is_in for Arrow text
        heads += np.append(np.asarray(heading, dtype=bool), False)[codes]
    count = filled_in.sum(axis=0)
    second = np.flatnonzero(heads >= 2)
    end = int(second[0]) if len(second) else n
    # a row of one cell that is a note (※…, 注1 …), or of one cell of words under the last row of
    # two or more cells (（参考）…): a note, quoted; a number alone in a row stays a row (an error)
    rows_of_many = np.flatnonzero(count[:end] >= 2)
    last = int(rows_of_many[-1]) if len(rows_of_many) else -1
    notes = np.zeros(n, dtype=bool)
    note_at = np.full(n, -1)
    for i in np.flatnonzero(count[:end] == 1).tolist():
        k = int(np.argmax(filled_in[:, i]))
        cell = cell_text(frame[names[k]].iat[i])
        if _NOTE.match(cell) or (i > last and not _is_amount(cell)):
            notes[i], note_at[i] = True, columns[names[k]]
    if not notes.any() and not len(second):
        return None
    dropped = notes.copy()
    if len(second):
        result.errors.append(located("second-table", file=file, sheet=sheet, row=first_row + end))
        dropped[end:] = True
    if notes.any():
        quoted = []
        for i in np.flatnonzero(notes).tolist():
            c = int(note_at[i])
            name = next(k for k, v in columns.items() if v == c)
            quoted.append(_where(first_row + i - 1, c, cell_text(frame[name].iat[i])))
        result.warnings.append(f"表の注記 {'、'.join(quoted)} はデータではないため読み込みません。")
    return dropped


def _headings(table: str, frame: pd.DataFrame, at: dict[str, tuple[int, str]]) -> dict[str, tuple[str | None, str]]:
    """Each field's column letter and heading as the sheet writes them, for its errors; a field
    the sheet has no column of (filled from the title or the upload form, or one column per
    year) is named by its Japanese heading alone."""
    fields = {f.name: f for f in tables.TABLES[table]}
    return {name: (column_letter(at[name][0] + 1), at[name][1]) if name in at else (None, fields[name].label)
            for name in frame.columns if name in fields}


def _unread_cells(body: list[list[str]] | pd.DataFrame, heading: list[str], first_row: int, *,
                  file, sheet, read: set[int] | None = None) -> list[CellError]:
    """Every filled cell of the body in a column no field reads: one without a heading, one past
    the heading row's end, or (in a wide table, `read` given) one whose heading it has no field
    for (備考, 担当課). Such a cell would otherwise vanish from the import without a word."""
    def unread(c: int) -> bool:
        return c not in read if read is not None else c >= len(heading) or not heading[c]

    def error(row: int, c: int, text: str) -> CellError:
        head = heading[c] if c < len(heading) else ""
        column = column_letter(c + 1)
        if head:
            return located("unread-column", file=file, sheet=sheet, row=row, column=column, header=head, text=text)
        return located("unheaded-cell", file=file, sheet=sheet, row=row, column=column, text=text)

    if isinstance(body, pd.DataFrame):  # Arrow's rectangular CSV: as wide as its heading row
        errors = []
        for c in [c for c in range(body.shape[1]) if unread(c)]:
            codes, uniques = pd.factorize(body.iloc[:, c], use_na_sentinel=True)
            errors += [error(first_row + r, c, cell_text(body.iat[r, c]))
                       for r in np.flatnonzero(_filled(codes, uniques)).tolist()]
        return errors
    return [error(first_row + r, c, cell) for r, row in enumerate(body) for c, cell in enumerate(row)
            if cell and unread(c)]


def _field_columns(table: str, header: list[str], mapping: dict[str, str], *, file, sheet, row: int,
                   errors: list[CellError]) -> dict[str, int]:
    """Each field's column (0-based); a second column for the same field is an error naming both,
    never silently read instead of the first."""
    columns: dict[str, int] = {}
    for c, h in enumerate(header):
        if h not in mapping:
            continue
        name = mapping[h]
        if name not in columns:
            columns[name] = c
            continue
        first = columns[name]
        where = dict(file=file, sheet=sheet, row=row, column=column_letter(c + 1), header=h, text=h)
        if header[first] == h:
            errors.append(located("duplicate-header", **where, first=column_letter(first + 1)))
        else:
            errors.append(located("duplicate-field", **where, first=column_letter(first + 1),
                                  first_header=header[first], field=tables.field_label(table, name)))
    return columns


def _filled(codes: np.ndarray, uniques) -> np.ndarray:
    """Which cells of a factorized text column hold more than blanks; each distinct text looked at once."""
    shape = tables.text_shape(uniques)
    if shape is not None:  # Arrow-backed text: blank means stripped to "" (cell_text of a text)
        return np.append(~shape[0], False)[codes]
    filled = np.array([cell_text(v) != "" for v in uniques.tolist()] + [False], dtype=bool)
    return filled[codes]  # code -1 (a missing cell) takes the last: blank


def _renumber(error: CellError, first_row: int, row_numbers: list[int]) -> CellError:
    if error.row is None or error.row < first_row or not row_numbers:
        return error
    index = error.row - first_row
    row = row_numbers[index] if index < len(row_numbers) else error.row
    return dataclasses.replace(error, row=row)


def _fill_context(frame: pd.DataFrame, table: str, context: Context, file: str, sheet: str,
                  row_numbers: list[int]) -> pd.DataFrame:
    names = {f.name for f in tables.TABLES[table]}
    if "city" in names and "city" not in frame.columns:
        frame["city"] = context.city or ""
    if "plan" in names and "plan" not in frame.columns:
        frame["plan"] = context.plan or ""
    if "estimate" in names and "estimate" not in frame.columns:
        frame["estimate"] = context.estimate or ""
    if "is_revenue" in names and "is_revenue" not in frame.columns:
        frame["is_revenue"] = ""  # no 歳入 column: every row a cost, as a blank cell reads (tables._BOOLEANS)
    if "source" not in frame.columns:
        frame["source"] = [f"{_at(file, sheet)}{r}行目" for r in row_numbers]
    return frame


# 2. Year-column amounts ---------------------------------------------------------------------

def _year_of(text: str) -> tuple[int, str | None] | None:
    """A header cell naming a fiscal year, with 実績 / 見込み if it says so: '令和4年度 (実績)'."""
    kind = next((k for word, k in _KIND_WORDS.items() if word in text), None)
    core = re.sub(r"[（(][^）)]*[）)]", "", text).replace("\n", "").strip()
    core = _KIND_PATTERN.sub("", core)
    try:
        return years.parse_fiscal_year(core.strip()), kind
    except ValueError:
        return None


def _year_header(text) -> tuple[int, dict[int, tuple[int, str | None]]] | None:
    for r, row in enumerate(text[:_HEADER_SCAN_ROWS]):
        found = {c: y for c, cell in enumerate(row) if cell and (y := _year_of(cell))}
        if len(found) >= 2 and min(found) > 0:
            return r, found
    return None


def _unit_factor(text, header_row: int, file, sheet) -> tuple[object, list[CellError]]:
    for r in range(header_row + 1):
        for c, cell in enumerate(text[r]):
            if "単位" in cell or re.search(r"[（(](千円|百万円|億円|円|万円)[）)]", cell):
                try:
                    return numbers.unit_factor_to_thousand_yen(cell), []
                except ValueError as exc:
                    return None, [CellError(file, sheet, r + 1, column_letter(c + 1), cell, str(exc), code="unit")]
    return None, []


def _year_columns(text, *, file, sheet, context) -> SheetResult | None:
    found = _year_header(text)
    if found is None:
        return None
    header_row, year_cols = found
    header = text[header_row]
    sub = text[header_row + 1] if header_row + 1 < len(text) else []
    if any(cell in ("目標", "実績", "目標値", "実績値") for cell in sub[min(year_cols):]) and \
            sum(cell in ("目標", "目標値") for cell in sub) >= 1:
        return None  # a target/actual table
    result = SheetResult(sheet, "年度列の金額表", "effect_amounts")
    result.errors += _repeated_years({c: (fy, "金額") for c, (fy, _) in year_cols.items()}, header,
                                     file=file, sheet=sheet, row=header_row + 1)
    factor, unit_errors = _unit_factor(text, header_row, file, sheet)
    result.errors += unit_errors
    if unit_errors:
        return result   # no amount can be read without its unit; the unit cell is the error
    if factor is None:
        factor = 1
        result.warnings.append("単位の注記（例:（単位：千円））が見つからないため、千円として読みました。")
    # 合計額 and 比較 may head their column in the year row or in a title row above it.
    above = text[header_row - 1] if header_row > 0 else []
    labels = {c: " ".join(x for x in (above[c] if c < len(above) else "", header[c]) if x)
              for c in range(len(header)) if c not in year_cols and c > 0}
    total_col = next((c for c, h in labels.items() if any(w in h for w in ("合計", "総計"))
                      and not any(w in h for w in _COMPARISON_WORDS)), None)
    compare_col = next((c for c, h in labels.items() if any(w in h for w in _COMPARISON_WORDS)), None)
    # 実績 / 見込み may sit in a row under the years instead of in the year cell
    kinds, kinds_below = {}, {}
    for c, (fy, kind) in year_cols.items():
        below = next((k for word, k in _KIND_WORDS.items() if c < len(sub) and word in sub[c]), None)
        kinds[c], kinds_below[c] = kind or below, below
    if not all(kinds.values()):
        result.warnings.append("年度の見出しに「実績」「見込み」の区別がないため、「計画」として読みました。")
    for missing, label in ((context.plan, "計画"), (context.estimate, "時点")):
        if not missing:
            result.errors.append(CellError(file, sheet, None, None, None,
                                           f"このシートには{label}名がありません。取込画面（または --{'plan' if label == '計画' else 'estimate'}）で{label}を指定してください。"))
    area_col = 0
    _above_table(text, header_row, file=file, sheet=sheet, result=result, units="read")
    # The body starts right under the year row, or under the 実績 / 見込み row beneath it: a row
    # of words or of placeholders (未定) before the first amount is read, never skipped.
    first_body = header_row + 1
    if any(kinds_below.values()) and not any(_is_amount(c) for c in sub):
        first_body += 1
    unread_years = _unread_year_headers(text, header, year_cols, {area_col, total_col, compare_col}, first_body,
                                        file=file, sheet=sheet, row=header_row + 1)
    result.errors += unread_years.values()
    read = {area_col, *year_cols, *unread_years} | {c for c in (total_col, compare_col) if c is not None}
    result.errors += _unread_cells(text[first_body:], header, first_body + 1, file=file, sheet=sheet, read=read)
    figures = [*year_cols, *(c for c in (total_col, compare_col) if c is not None)]
    words_only, subtotals, since = [], [], {c: 0.0 for c in figures}
    for r in range(first_body, len(text)):
        row = text[r] + [""] * (len(header) - len(text[r]))
        label = row[area_col]
        if not label and not any(row):
            continue
        if _second_header(row, header, year_cols, area_col):
            result.errors.append(located("second-table", file=file, sheet=sheet, row=r + 1, text=label or None))
            break
        if not label:
            result.errors.append(CellError(file, sheet, r + 1, "A", "", "政策分野の名前が空欄です。入力してください。"))
            continue
        if tables.dittos([label]):
            above = text[r - 1][area_col] if r > first_body and area_col < len(text[r - 1]) else None
            result.errors.append(CellError(file, sheet, r + 1, column_letter(area_col + 1), label,
                                           tables.ditto_message(label, above), header=header[area_col] or None))
            continue
        if not any(row[c] for c in figures):
            # a group heading (Ⅰ 業務マネジメント改革) or a note line (※端数処理…) with no amount:
            # words, quoted in a 注意; a cell beside it in an unread column is an error above
            words_only.append(_where(r, area_col, label))
            continue
        word = total_rows.total_word(label)
        if word == "小計":
            subtotals.append(r + 1)
            for c in figures:
                amount = _amount(row[c], factor, file, sheet, r, c, labels.get(c) or header[c], result)
                if amount is not None and abs(amount - since[c]) > 0.5:
                    result.errors.append(located(
                        "total-row", file=file, sheet=sheet, row=r + 1, column=column_letter(c + 1),
                        header=labels.get(c) or header[c], text=row[c], label="小計", printed=f"{amount:,.10g}",
                        parts="直前の合計・小計からの行", computed=f"{since[c]:,.10g}"))
            since = dict.fromkeys(since, 0.0)
            continue
        is_total = word is not None
        if is_total:
            since = dict.fromkeys(since, 0.0)
        code, area = _split_code(label)
        for c in figures:
            if not is_total and c not in year_cols and row[c] and _is_amount(row[c]):
                since[c] += _amount(row[c], factor, file, sheet, r, c, labels.get(c), SheetResult(sheet, "")) or 0.0
        for c, (fy, _) in year_cols.items():
            amount = _amount(row[c], factor, file, sheet, r, c, header[c], result)
            if amount is None:
                continue
            if not is_total:
                since[c] += amount
            if is_total:
                result.printed_totals.append(_total(context, "year_total", None, fy, amount, row[c], file, sheet, r,
                                                    c, header[c]))
            else:
                result.rows.append({
                    "city": context.city, "plan": context.plan, "estimate": context.estimate,
                    "policy_area_code": code, "policy_area": area, "fiscal_year": fy,
                    "value_kind": kinds[c] or "計画", "amount_thousand_yen": amount, "amount_printed": row[c],
                    "source": f"{_at(file, sheet)}{r + 1}行目 {column_letter(c + 1)}列"})
        for col, kind in ((total_col, "grand_total" if is_total else "area_total"), (compare_col, "comparison")):
            if col is None or not row[col]:
                continue
            amount = _amount(row[col], factor, file, sheet, r, col, header[col], result)
            if amount is not None:
                result.printed_totals.append(_total(context, kind, None if is_total else code or area, None,
                                                    amount, row[col], file, sheet, r, col, labels.get(col)))
    if words_only:
        result.warnings.append(f"金額のない行 {'、'.join(words_only)} は見出しか注記として読み込みません。")
    if subtotals and not any(e.code == "total-row" for e in result.errors):
        result.warnings.append(f"{'・'.join(f'{r}行目' for r in subtotals)}は小計の行です。内訳の合計と一致することを"
                               "確かめ、データには含めていません。")
    return result


def _second_header(row: list[str], header: list[str], year_cols: dict, label_col: int) -> bool:
    """A body row that heads a second table: its label is the first table's label heading
    (基本方針 again), or two of its cells are year headings (令和4年度, R5; 2022 as a number only
    where the first table's year row wrote it so)."""
    if header[label_col] and row[label_col] == header[label_col]:
        return True
    years_seen = sum(1 for c, cell in enumerate(row) if cell and c != label_col and _year_of(cell)
                     and (not _is_amount(cell) or (c < len(header) and cell == header[c])))
    return years_seen >= 2


_YEARISH = re.compile(r"年|度|^[RHSrhs令平昭]|[0-9０-９]")


def _unread_year_headers(text, header, year_cols, kept, first_body, *, file, sheet, row) -> dict[int, CellError]:
    """A column of a year-column table that is neither a year nor 合計額 / 比較 but is headed like
    a year or holds amounts: its amounts would be dropped and every total disagree, so it is
    reported as what it is, an unreadable year heading (issue #12)."""
    errors = {}
    for c in range(len(header)):
        if c in year_cols or c in kept:
            continue
        head = header[c]
        amounts = any(c < len(r) and r[c] and _is_amount(r[c]) for r in text[first_body:])
        if (head and _YEARISH.search(head)) or amounts:
            errors[c] = located("year-header", file=file, sheet=sheet, row=row, column=column_letter(c + 1),
                                header=head or None, text=head or None)
    return errors


_WHAT = {"金額": "金額", "target": "目標", "actual": "実績", "mark": "達成", "evaluation": "評価"}


def _repeated_years(at: dict[int, tuple[int, str]], header: list[str], *, file, sheet, row) -> list[CellError]:
    """Two columns for the same year (and the same 目標 / 実績): an error naming both, not the
    later silently read instead of the earlier."""
    first: dict[tuple[int, str], int] = {}
    errors = []
    for c, key in sorted(at.items()):
        if key not in first:
            first[key] = c
            continue
        errors.append(located("duplicate-year", file=file, sheet=sheet, row=row, column=column_letter(c + 1),
                              header=header[c] if c < len(header) else None, text=header[c] if c < len(header) else None,
                              first=column_letter(first[key] + 1), year=key[0], what=_WHAT.get(key[1], key[1])))
    return errors


def _is_amount(cell: str) -> bool:
    try:
        numbers.parse_number(cell)
        return True
    except ValueError:
        return False


def _split_code(label: str) -> tuple[str | None, str]:
    """'I 業務マネジメント改革' -> ('I', '業務マネジメント改革'); 'Ⅱ　組織…' likewise; no code -> (None, label)."""
    match = re.match(r"^\s*([IVXⅠ-Ⅹ]+|[0-9０-９]+[.．]?|[(（][0-9０-９]+[)）])\s*[ 　.．]\s*(.+)$", label)
    if match:
        return match.group(1), match.group(2).strip()
    return None, label


def _amount(text: str, factor, file, sheet, r, c, header, result) -> float | None:
    if not text:
        return None
    try:
        quantity = numbers.parse_number(text)
        if quantity.unit in numbers.YEN_UNITS:
            return float(numbers.to_thousand_yen(quantity))
        if quantity.unit:
            raise ValueError(f"「{text}」の単位「{quantity.unit}」は金額の単位ではありません。")
        return float(quantity.value * factor)
    except ValueError as exc:
        result.errors.append(CellError(file, sheet, r + 1, f"{column_letter(c + 1)}「{header}」", text, str(exc)))
        return None


def _total(context, kind, code, fy, amount, printed, file, sheet, r, c=None, header=None) -> dict:
    # `_…` columns locate the cell for the preview's errors; they are not stored (totals.stored)
    return {"city": context.city, "plan": context.plan, "estimate": context.estimate, "total_kind": kind,
            "policy_area_code": code, "fiscal_year": fy, "amount_thousand_yen": amount,
            "amount_printed": printed, "source": f"{_at(file, sheet)}{r + 1}行目",
            "_sheet": sheet, "_row": r + 1, "_column": column_letter(c + 1) if c is not None else None,
            "_header": header}


# 3. Target/actual tables ---------------------------------------------------------------------

_PAIR_WORDS = {"目標": "target", "目標値": "target", "実績": "actual", "実績値": "actual",
               "達成": "mark", "達成状況": "mark", "目標達成": "mark", "評価": "evaluation"}


def _pairs_under_years(text) -> bool:
    """A row of fiscal years above a row repeating 目標 / 実績 under them: a target/actual table."""
    found = _year_header(text)
    if found is None or found[0] + 1 >= len(text):
        return False
    header_row, year_cols = found
    years = {fy for fy, _ in year_cols.values()}
    below = [cell for c, cell in enumerate(text[header_row + 1]) if c >= min(year_cols)]
    targets = sum(_PAIR_WORDS.get(cell) == "target" for cell in below)
    return len(years) >= 2 and targets >= 2


def _second_pairs(row: list[str], header: list[str], sub: list[str], year_at: dict, left: dict) -> bool:
    """A body row that heads a second target/actual table: the indicator heading again, two year
    headings (not numbers) or two 目標 / 実績 words in the pair columns."""
    c = left.get("indicator")
    if c is not None and row[c] and row[c] in (header[c] if c < len(header) else "", sub[c] if c < len(sub) else ""):
        return True
    years_seen = sum(1 for cell in row if cell and _year_of(cell) and not _is_amount(cell))
    pairs = sum(1 for c in year_at if row[c] in _PAIR_WORDS)
    return years_seen >= 2 or pairs >= 2


_PAIR_BY_LENGTH = sorted(_PAIR_WORDS, key=len, reverse=True)


def _year_and_pair(cell: str) -> tuple[int, str] | None:
    """One heading naming both the year and the figure: 「R5目標」「令和5年度 実績」「目標（R6）」."""
    word = next((w for w in _PAIR_BY_LENGTH if w in cell), None)
    if word is None:
        return None
    rest = re.sub(r"[（(）)\s\u3000・/／]", "", cell.replace(word, "", 1))
    try:
        return years.parse_fiscal_year(rest), _PAIR_WORDS[word]
    except ValueError:
        return None


def _combined_header(text) -> tuple[int, dict[int, tuple[int, str]]] | None:
    """A heading row whose cells each name a year and a figure, R5目標 | R5実績 | R6目標 …: a
    target/actual table written on one heading row instead of years over 目標 / 実績."""
    for r, row in enumerate(text[:_HEADER_SCAN_ROWS]):
        found = {c: pair for c, cell in enumerate(row) if cell and (pair := _year_and_pair(cell))}
        if len(found) >= 2 and min(found) > 0 and any(kind == "target" for _, kind in found.values()):
            return r, found
    return None


def _target_actual(text, *, file, sheet, context) -> SheetResult | None:
    combined = None if _pairs_under_years(text) else _combined_header(text)
    if combined is not None:
        header_row, year_at = combined
        header = sub = text[header_row]
        year_cols, heading_rows = year_at, (header_row,)
    else:
        found = _year_header(text)
        if found is None or found[0] + 1 >= len(text):
            return None
        header_row, year_cols = found
        header, sub = text[header_row], text[header_row + 1]
        heading_rows = (header_row, header_row + 1)
        # The year cell is merged over its pair: carry it right until the next year.
        year_at, current = {}, None
        for c in range(min(year_cols), len(sub)):
            if c in year_cols:
                current = year_cols[c][0]
            if current is not None and sub[c] in _PAIR_WORDS:
                year_at[c] = (current, _PAIR_WORDS[sub[c]])
    if not any(kind == "target" for _, kind in year_at.values()):
        return None
    first_year_col = min(year_cols)
    body = heading_rows[-1] + 1
    result = SheetResult(sheet, "目標・実績の表", "kpi")
    left_heads = [header[c] or (sub[c] if c < len(sub) else "") for c in range(first_year_col)]
    mapping, _ = tables.header_map("kpi", [h for h in left_heads if h])
    # two left columns for one field (指標 and 成果指標): an error naming both, never the later read
    left = _field_columns("kpi", left_heads, mapping, file=file, sheet=sheet, row=header_row + 1, errors=result.errors)
    _above_table(text, header_row, file=file, sheet=sheet, result=result, units="words")
    result.errors += _repeated_years(year_at, header, file=file, sheet=sheet, row=header_row + 1)
    if "indicator" not in left:
        result.errors.append(CellError(file, sheet, header_row + 1, None, None,
                                       "指標名の列（見出し「指標」）が見つかりません。左側の列に「指標」の見出しを付けてください。"))
        return result
    # a column's heading: left of the years the header (or the row under it), right of them the
    # 目標 / 実績 row, a year cell heading only the pair merged under it
    width = max(len(header), len(sub))
    heading = [(header[c] if c < len(header) else "") or (sub[c] if c < len(sub) else "") if c < first_year_col
               else (sub[c] if c < len(sub) else "") for c in range(width)]
    read = set(left.values()) | set(year_at)
    read |= {c for c, _ in enumerate(left_heads) if left_heads[c] in mapping}  # a second column for a field: named above
    # a number in either heading row over a column no field reads heads nothing and is no one's figure
    for r in heading_rows:
        result.errors += [located("heading-figure", file=file, sheet=sheet, row=r + 1, column=column_letter(c + 1),
                                  text=cell) for c, cell in enumerate(text[r])
                          if cell and c not in read and c not in year_cols and _is_amount(cell)]
    result.errors += _unread_cells(text[body:], heading, body + 1, file=file, sheet=sheet, read=read)
    records, row_numbers, words_only = [], [], []
    record_columns: list[dict[str, int]] = []   # per record, the sheet column of each figure
    for r in range(body, len(text)):
        row = text[r] + [""] * (max(len(sub), len(header)) - len(text[r]))
        if not any(row):
            continue
        if _second_pairs(row, header, sub, year_at, left):
            result.errors.append(located("second-table", file=file, sheet=sheet, row=r + 1))
            break
        base = {name: row[c] for name, c in left.items()}
        by_year: dict[int, dict] = {}
        for c, (fy, kind) in year_at.items():
            by_year.setdefault(fy, {})[kind] = row[c]
        read_here = False
        for fy, cells in sorted(by_year.items()):
            if not any(cells.values()):
                continue
            records.append({**base, "fiscal_year": str(fy), **cells})
            row_numbers.append(r + 1)
            record_columns.append({kind: c for c, (year, kind) in year_at.items() if year == fy})
            read_here = True
        if not read_here and any(row[c] for c in left.values()):
            # an indicator with no target or actual yet, a group heading, a note line (※…)
            words_only.append("・".join(_where(r, c, row[c]) for c in sorted(left.values()) if row[c]))
    if words_only:
        result.warnings.append(f"目標・実績のない行 {'、'.join(words_only)} は読み込みません。")
    frame = pd.DataFrame(records)
    if frame.empty:
        result.warnings.append("目標・実績の行がありません。")
        return result
    frame = _fill_context(frame, "kpi", context, file, sheet, row_numbers)
    rows, errors = tables.parse("kpi", frame, file=file, sheet=sheet, first_row=0,
                                headings=_headings("kpi", frame, {n: (c, heading[c]) for n, c in left.items()}))
    # one sheet row is a record per year: a cell of the row (its 指標, the 計画 it lacks) is said once
    result.errors += dict.fromkeys(_placed(e, row_numbers, record_columns, heading) for e in errors)
    result.rows = rows
    return result


_FIELD_OF_LABEL = {f.label: f.name for f in tables.TABLES["kpi"]}


def _placed(error: CellError, row_numbers: list[int], record_columns: list[dict[str, int]],
            heading: list[str]) -> CellError:
    """A parsed record's error at the sheet's row, and a year's figure at its own column: one
    record per year reads 目標 from a different column each year."""
    if error.row is None or not 0 <= error.row < len(row_numbers):
        return error
    c = record_columns[error.row].get(_FIELD_OF_LABEL.get(error.header)) if error.column is None else None
    if c is None:
        return dataclasses.replace(error, row=row_numbers[error.row])
    return dataclasses.replace(error, row=row_numbers[error.row], column=column_letter(c + 1), header=heading[c] or error.header)
