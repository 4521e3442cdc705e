"""Long tables: one row per fact, a column per field, cells as people write them.

The seed CSVs under data/seed/ and uploaded long tables go through the same parser. Every
distinct cell text is parsed once (sheets repeat the same years and marks thousands of times),
and every unreadable cell becomes a CellError; nothing is silently NULL or 0.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from loaders import marks, numbers, years
from loaders.errors import CellError


@dataclass(frozen=True)
class Field:
    name: str                  # column in the CSV / upload (English, as in data/README.md)
    kind: str                  # text | fiscal_year | period | value | amount | number | mark | direction | boolean
    required: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The field as an analyst heads it: its first Japanese alias (its name if none)."""
        return next((word for word in self.aliases if not word.isascii()), self.name)


# Header words analysts use, mapped to our field names. Identifiers only ever come from here.
_COMMON = {
    "city": ("市名", "市", "自治体", "団体名"),
    "plan": ("計画", "計画名", "プラン"),
    "policy_area": ("政策分野", "基本方針", "分野", "柱", "施策"),
    "initiative_code": ("分類", "番号", "取組番号", "コード"),
    "initiative": ("取組", "取組名", "事務事業名"),
    "department": ("担当課", "主担当課", "所管課", "部署"),
    "fiscal_year": ("年度",),
    "source": ("出典", "出所"),
}


def _f(name: str, kind: str = "text", required: bool = False, *more: str) -> Field:
    return Field(name, kind, required, _COMMON.get(name, ()) + more)


TABLES: dict[str, tuple[Field, ...]] = {
    "plans": (
        _f("city"), _f("plan", required=True), _f("period", "period", True, "期間", "計画期間"),
        # blank: the period as printed; else why the period is inferred (issue #15)
        _f("period_note", "text", False, "期間の注記"),
        _f("plan_type", "text", False, "種別", "計画の種類"), _f("parent_plan", "text", False, "上位計画"),
        _f("source", required=True),
        # what the plan covers (issue #16): 市 (the whole city), 局, 区, 部 or 課, and that unit's name
        _f("scope", "scope", False, "範囲", "対象範囲", "計画の範囲"),
        _f("scope_unit", "text", False, "対象組織", "組織名"),
    ),
    "kpi": (
        _f("city"), _f("plan", required=True), _f("fiscal_year", "fiscal_year"),
        _f("period", "text", False, "期間"), _f("policy_area"), _f("initiative_code"), _f("initiative"),
        _f("department"), _f("indicator", "text", True, "指標", "成果指標", "指標名"),
        _f("unit", "text", False, "単位"), _f("direction", "direction", False, "方向"),
        _f("target", "value", False, "目標", "目標値"), _f("actual", "value", False, "実績", "実績値"),
        _f("mark", "mark", False, "達成", "目標達成", "達成状況"), _f("evaluation", "text", False, "評価"),
        _f("source", required=True),
    ),
    "effect_amounts": (
        _f("city"), _f("plan", required=True), _f("estimate", "text", True, "時点", "推計時点"),
        _f("policy_area_code", "text", False, "番号"), _f("policy_area", required=True),
        _f("fiscal_year", "fiscal_year", True), _f("value_kind", "text", True, "区分", "種別"),
        _f("amount", "amount", True, "金額", "効果額"), _f("source", required=True),
    ),
    "effect_printed_totals": (
        _f("city"), _f("plan", required=True), _f("estimate", "text", False, "時点"),
        _f("total_kind", "text", True), _f("policy_area_code"), _f("fiscal_year", "fiscal_year"),
        _f("amount", "amount", True, "金額"), _f("source", required=True),
    ),
    "initiatives": (
        _f("city"), _f("plan", required=True), _f("phase", "text", False, "期", "区分"),
        _f("policy_area"), _f("strategy", "text", False, "戦略区分"), _f("initiative_code"),
        _f("initiative", required=True), _f("department"), _f("review", "text", False, "見直し区分"),
        _f("successor", "text", False, "後期取組", "後継"), _f("source", required=True),
    ),
    "budget": (
        _f("city"), _f("plan", required=True), _f("fiscal_year", "fiscal_year"), _f("policy_area"),
        _f("project_code", "text", False, "事業番号"), _f("project", "text", True, "事業名", "事業"),
        _f("department"), _f("amount", "amount", False, "事業費", "金額"),
        _f("is_revenue", "boolean", False, "歳入"), _f("source", required=True),
    ),
    "series": (
        _f("city"), _f("indicator", "text", True, "指標", "項目"), _f("fiscal_year", "fiscal_year", True),
        _f("value", "number", True, "値", "数値"), _f("unit", "text", False, "単位"),
        _f("source", required=True),
    ),
    # The documents' own words (issue #15): narrative, reviews, evaluations, per initiative or indicator
    "texts": (
        _f("city"), _f("plan", required=True), _f("section", "text", True, "節", "表"),
        _f("initiative_code"), _f("indicator", "text", False, "成果指標"), _f("fiscal_year", "fiscal_year"),
        _f("kind", "text", True, "種類"), _f("item", "text", False, "項目"),
        _f("text", "text", True, "本文", "記載"), _f("source", required=True),
    ),
    # A total the document prints over some of its statistics: checked against them, never one of them
    "series_totals": (
        _f("city"), _f("total", "text", True, "合計"), _f("parts", "text", True, "内訳"),
        _f("fiscal_year", "fiscal_year", True), _f("value", "number", True, "値"), _f("unit", "text", False, "単位"),
        _f("source", required=True),
    ),
    # Conditions and rules with a numeric threshold and its direction (002, 7-2 具体的な取組例)
    "rules": (
        _f("city"), _f("plan", required=True), _f("section", "text", True, "節"),
        _f("body", "text", True, "対象"), _f("item", "text", False, "項目"),
        _f("rule", "text", True, "規定"), _f("subject", "text", False, "指標"),
        _f("threshold", "figure", False, "基準値"), _f("source", required=True),
    ),
    # Figures the documents print inside their words (issue #15): 達成率97.8% in a result, the
    # baseline (平成23年度 2.8%) after a target, 前年度より2,000人以上増加 in an evaluation, 4割 in a
    # review. `held_in` names the held cell the words are in; `fiscal_year` is the year the text
    # gives the figure (blank: the text gives none); `quote` the words around it as printed.
    "figures": (
        _f("city"), _f("plan", required=True), _f("section", "text", True, "節", "表"),
        _f("initiative_code"), _f("indicator", "text", False, "成果指標"),
        _f("held_in", "text", True, "記載箇所"), _f("fiscal_year", "fiscal_year"),
        _f("subject", "text", True, "何の数値"), _f("figure", "figure", True, "数値"),
        _f("quote", "text", True, "記載"), _f("source", required=True),
    ),
    # A review's judgements of its goals given as words (001 基本目標), and the figures each is
    # judged against: `basis` is one of JUDGEMENT_BASES, `indicator` the kpi indicator for 'kpi'.
    "judgements": (
        _f("city"), _f("plan", required=True), _f("section", "text", True, "節"),
        _f("item", "text", False, "項目"), _f("goal", "text", True, "目標"),
        _f("judgement", "text", True, "評価", "判断"), _f("basis", "text", True, "根拠"),
        _f("indicator", "text", False, "成果指標"), _f("estimate", "text", False, "時点"),
        _f("quote", "text", True, "記載"), _f("source", required=True),
    ),
    # A schedule: dated meetings and what they did (002, 2-1 研究会での取組概要)
    "schedule": (
        _f("city"), _f("plan", required=True), _f("section", "text", True, "節"),
        _f("item", "text", True, "回"), _f("fiscal_year", "fiscal_year"),
        _f("date", "text", True, "日時"), _f("content", "text", False, "主な内容"),
        _f("source", required=True),
    ),
}

# The theme mapping (data/themes.csv, issue #16): read with the same parser as every table, so a
# mapping file from the page can be checked like an upload. A reference table, not a fact table
# (no batches yet), hence not in SPECS.
THEMES: tuple[Field, ...] = (
    _f("city"), _f("plan", required=True), _f("policy_area", required=True),
    _f("initiative"), _f("theme", "text", True, "共通テーマ", "テーマ"),
    _f("area_kind", "area_kind", False, "分野の種類"),
)

@dataclass(frozen=True)
class Spec:
    """Everything the loaders know about one fact table, in one place (issue #12).

    `fields`: the columns a file may have (TABLES); `key`: the columns that identify one fact (two
    rows of a file with the same key are an error); `compared`: what a preview compares with the
    database for a changed row; `scope`: what one file replaces, as columns of the stored table
    (a plan's rows, or an estimate's; statistics belong to no plan: a city's indicator).
    """
    name: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]
    compared: tuple[str, ...]
    scope: tuple[str, ...]

    @property
    def group(self) -> str:
        """The scope column after city: plan, or indicator for statistics."""
        return self.scope[1]

    @property
    def by_estimate(self) -> bool:
        return "estimate" in self.scope


def _spec(name: str, key: tuple[str, ...], compared: tuple[str, ...], scope=("city", "plan")) -> Spec:
    return Spec(name, TABLES[name], key, compared, scope)


# In the order the seed loads them and a batch touches them.
SPECS: dict[str, Spec] = {s.name: s for s in (
    _spec("plans", ("city", "plan"), ("period_start_fy", "period_end_fy", "plan_type", "parent_plan")),
    _spec("kpi", ("city", "plan", "fiscal_year", "period", "indicator"),
          ("target_printed", "actual_printed", "mark", "evaluation", "unit", "direction")),
    _spec("effect_amounts", ("city", "plan", "estimate", "policy_area", "fiscal_year"),
          ("amount_thousand_yen", "value_kind", "policy_area_code"), ("city", "plan", "estimate")),
    _spec("effect_printed_totals", ("city", "plan", "estimate", "total_kind", "policy_area_code", "fiscal_year"),
          ("amount_thousand_yen",), ("city", "plan", "estimate")),
    _spec("initiatives", ("city", "plan", "phase", "policy_area", "initiative"),
          ("department", "review", "successor", "strategy", "initiative_code")),
    _spec("budget", ("city", "plan", "fiscal_year", "project_code", "project"),
          ("amount_thousand_yen", "department", "is_revenue")),
    _spec("series", ("city", "indicator", "fiscal_year"), ("value_printed", "unit"), ("city", "indicator")),
    # The documents' own words, rules, schedules and printed series totals (issue #15)
    _spec("texts", ("city", "plan", "section", "initiative_code", "indicator", "fiscal_year", "kind", "item"),
          ("text",)),
    _spec("rules", ("city", "plan", "section", "body", "item", "rule"), ("threshold_printed", "subject")),
    _spec("schedule", ("city", "plan", "section", "item"), ("date", "content", "fiscal_year")),
    _spec("series_totals", ("city", "total", "fiscal_year"), ("value_printed", "unit", "parts"), ("city", "total")),
    _spec("figures", ("city", "plan", "section", "initiative_code", "indicator", "subject", "fiscal_year"),
          ("figure_printed", "quote", "held_in")),
    _spec("judgements", ("city", "plan", "section", "item", "goal"), ("judgement", "basis", "indicator", "estimate")),
)}

# Characters no document holds and the chart renderer cannot draw (U+FFFE/FFFF even crash it).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
VALUE_KINDS = ("実績", "見込み", "計画")
TOTAL_KINDS = ("year_total", "area_total", "grand_total", "comparison")
_DIRECTIONS = {"higher": "higher", "lower": "lower", "高": "higher", "低": "lower",
               "高いほど良い": "higher", "低いほど良い": "lower", "↑": "higher", "↓": "lower"}
_BOOLEANS = {"true": True, "false": False, "はい": True, "いいえ": False, "歳入": True, "歳出": False,
             "1": True, "0": False, "": False}


def _direction(text: str) -> str | None:
    if text == "":
        return None
    if text not in _DIRECTIONS:
        raise ValueError("方向は higher（高いほど良い）か lower（低いほど良い）で入力してください。空欄は「判定に使わない」です。")
    return _DIRECTIONS[text]


# What a plan's grouping is (issue #16): a pillar, or the kind of a goal (アウトプット / アウトカム).
AREA_KINDS = ("柱", "目標の区分")


def _area_kind(text: str) -> str:
    if text not in AREA_KINDS:
        raise ValueError("分野の種類は 柱 か 目標の区分（アウトプット・アウトカムなど）で入力してください。空欄は「柱」です。")
    return text


# A plan's scope (issue #16): the whole city, or one bureau, ward, division or section of it.
SCOPES = {"市": "市", "市全体": "市", "全庁": "市", "局": "局", "区": "区", "部": "部", "課": "課"}


def _scope(text: str) -> str:
    if text not in SCOPES:
        raise ValueError("範囲は 市（市全体）・局・区・部・課 のいずれかで入力してください。空欄は「記載なし」です。")
    return SCOPES[text]


def _boolean(text: str) -> bool:
    if text.lower() not in _BOOLEANS:
        raise ValueError("true（歳入）か false（歳出）で入力してください。")
    return _BOOLEANS[text.lower()]


def _amount(text: str) -> tuple[float, str]:
    quantity = numbers.parse_number(text)
    return float(numbers.to_thousand_yen(quantity)), text


def _value(text: str) -> numbers.Figure:
    return numbers.read_figure(text)


def _number(text: str) -> tuple[float | None, str | None, str, bool, str | None]:
    # A statistic may be words (半数以上): kept as printed, with no number; 約３割 is 30 %, approximate.
    figure = numbers.read_figure(text)
    cell = figure.value
    return ((float(cell.number) if cell.number is not None else None), cell.unit, text,
            figure.approximate, figure.note)


_PARSERS: dict[str, Callable[[str], object]] = {
    "fiscal_year": years.parse_fiscal_year,
    "period": years.parse_period,
    "value": _value,
    "figure": lambda t: numbers.read_figure(t),
    "amount": _amount,
    "number": _number,
    "mark": lambda t: marks.normalize_mark(t) if t else None,
    "direction": _direction,
    "boolean": _boolean,
    "scope": _scope,
    "area_kind": _area_kind,
}


def field_label(table: str, name: str) -> str:
    """A field of `table` as an analyst heads it (indicator -> 指標): what a message names, never the
    internal name."""
    return next((f.label for f in _fields(table) if f.name == name), name)


def _fields(table: str) -> tuple[Field, ...]:
    return THEMES if table == "themes" else TABLES[table]


def header_map(table: str, headers: list[str]) -> tuple[dict[str, str], list[str]]:
    """Match a sheet's headers to the table's fields: ({header: field}, [unknown headers])."""
    by_word: dict[str, str] = {}
    for field in _fields(table):
        for word in (field.name, *field.aliases):
            by_word.setdefault(word.casefold(), field.name)
    mapping, unknown = {}, []
    for header in headers:
        field = by_word.get(str(header).strip().casefold())
        if field is None:
            unknown.append(header)
        else:
            mapping[header] = field
    return mapping, unknown


def parse(table: str, frame: pd.DataFrame, *, file: str, sheet: str | None = None,
          first_row: int = 2, factorized: dict | None = None,
          headings: dict[str, tuple[str | None, str]] | None = None) -> tuple[pd.DataFrame, list[CellError]]:
    """Typed rows of one long table, and the errors of every cell that could not be read.

    `frame` holds text cells with columns named after the table's fields; `first_row` is the
    spreadsheet row of frame's first row (2: right below the header). Column by column: each
    distinct text is parsed once, its typed columns built once, then spread over the rows by
    index (issue #8: a million rows hold a few hundred thousand distinct texts at most).
    `factorized` may give pd.factorize of some columns, already worked out by the caller.
    `headings` gives a field's column letter and heading as the sheet writes them, for errors
    that name the cell as the analyst sees it (without it: the frame's order and field names,
    which are the headings of the data/ CSVs).
    """
    fields = {f.name: f for f in _fields(table)}
    errors: list[CellError] = []
    for name, field in fields.items():
        if field.required and name not in frame.columns:
            errors.append(CellError(file, sheet, first_row - 1, name, None,
                                    f"必須の列「{field.label}」がありません。見出し行に追加してください。"))
    if errors:
        return pd.DataFrame(), errors

    columns = list(frame.columns)
    out: dict[str, _Spread] = {}
    for name in columns:
        codes, texts = _distinct(frame[name], (factorized or {}).get(name))
        if name in ("target", "actual"):
            results, flat = _read_values(name, texts)
        else:
            results, flat = _read_distinct(fields[name], texts), None
        if marked := dittos(texts):
            # a ditto mark is refused in every column, the values' too (where it reads as words)
            results = [_Problem(texts[i], _DITTO) if i in marked else r for i, r in enumerate(results)]
            if flat is not None:
                flat = _blanked(name, flat, marked)
        # a text column with no blank and no control character reads as its texts (see _read_distinct)
        bad = [] if results is texts else [i for i, r in enumerate(results) if isinstance(r, _Problem)]
        if bad:
            column, heading = _column(columns, name, headings)
            for row in np.flatnonzero(np.isin(codes, bad)):
                problem = results[codes[row]]
                message = (ditto_message(problem.seen, texts[codes[row - 1]] if row else None)
                           if problem.message is _DITTO else problem.message)
                errors.append(CellError(file, sheet, first_row + int(row), column, problem.seen, message,
                                        header=heading))
        if flat is None:
            values = texts if results is texts else [None if isinstance(r, _Problem) else r for r in results]
            flat = _flatten(table, name, values, texts)
        for column, per_text in flat.items():
            out[column] = _Spread(per_text, codes)

    errors += _domain_errors(out, file, sheet, first_row, columns, headings, fields)
    errors += _unit_conflicts(out, len(frame), file, sheet, first_row)
    return pd.DataFrame({name: spread.column() for name, spread in out.items()}), errors


@dataclass
class _Spread:
    """A column as its values per distinct text and each row's index into them."""
    values: list
    codes: np.ndarray

    def column(self) -> pd.Series | list:
        # Built from the distinct values, then taken by row: the dtype pandas infers is the one it
        # would infer from the full column, since every distinct value occurs in some row.
        if not len(self.codes):
            return []  # a column with no rows: whatever dtype pandas gives an empty list
        distinct = pd.Series(self.values)
        return pd.Series(distinct.array.take(self.codes), dtype=distinct.dtype)


def text_shape(uniques) -> tuple[np.ndarray, np.ndarray] | None:
    """Which distinct texts are blank once stripped, and which are empty or padded (str.strip
    would change them), worked out in Arrow for Arrow-backed text; None for any other column.
    Arrow's utf8_is_space agrees with str.isspace on every character (tests hold it)."""
    if getattr(uniques.dtype, "storage", None) != "pyarrow":
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    texts = pa.array(uniques)
    empty = pc.equal(pc.utf8_length(texts), 0)
    blank = pc.or_(empty, pc.utf8_is_space(texts))
    padded = pc.or_(pc.utf8_is_space(pc.utf8_slice_codeunits(texts, 0, 1)),
                    pc.utf8_is_space(pc.utf8_slice_codeunits(texts, -1)))
    return np.asarray(blank, dtype=bool), np.asarray(pc.or_(empty, padded), dtype=bool)


def _distinct(column: pd.Series, factorized: tuple | None = None) -> tuple[np.ndarray, list[str]]:
    """Each row's index into the column's distinct texts (stripped; a missing cell is "")."""
    codes, uniques = factorized if factorized is not None else pd.factorize(column, use_na_sentinel=True)
    raw = uniques.tolist()
    shape = text_shape(uniques)
    if shape is not None and not shape[1].any() and not (codes < 0).any():
        return codes, raw  # as below, without stripping each text in Python
    stripped = [value.strip() if type(value) is str else str(value).strip() for value in raw]
    if stripped == raw and "" not in raw and not (codes < 0).any():
        return codes, raw  # already distinct once stripped: most columns
    texts: dict[str, int] = {}
    remap = np.empty(len(uniques) + 1, dtype=np.intp)
    for i, text in enumerate(stripped):
        remap[i] = texts.setdefault(text, len(texts))
    # code -1: None or NaN; "" only joins the texts when some row has it, so that every distinct
    # text occurs in a row (see _Spread.column)
    remap[-1] = texts.setdefault("", len(texts)) if (codes < 0).any() else 0
    return remap[codes], list(texts)


def _read_distinct(field: Field, texts: list[str]) -> list:
    """_read_cell for each distinct text; a column with no control character skips that check,
    and one with no blank either is its texts, the same list."""
    if field.kind == "text" and not _CONTROL.search("".join(texts)):
        if "" not in texts:
            return texts
        blank = _read_cell(field, "")
        return [t if t else blank for t in texts]
    return [_read_cell(field, t) for t in texts]


def _read_values(name: str, texts: list[str]) -> tuple[list, dict[str, list]]:
    """A target or actual column's distinct texts: plainly spelled numbers (most cells) read all
    at once by numbers.plain_values, the rest one by one; results (None or a _Problem per text)
    and the flattened columns (target_value, target_bound, target_text, target_unit, target_printed
    and the figure keys); parse reads these two columns only this way."""
    field = next(f for f in TABLES["kpi"] if f.name == name)
    index, numbers_, units, bounds = numbers.plain_values(texts)
    plain = np.zeros(len(texts), dtype=bool)
    plain[index] = True
    results: list = [None] * len(texts)
    for i in np.flatnonzero(~plain).tolist():
        results[i] = _read_cell(field, texts[i])
    # A blank reads as no number, bound, words or unit; the rest as read, one way or the other
    columns = {key: np.full(len(texts), None, dtype=object) for key in ("value", "bound", "text", "unit", *_FIGURE_KEYS)}
    columns["approximate"][:] = False
    rest = [i for i, r in enumerate(results) if r is not None and not isinstance(r, _Problem)]
    figures = [results[i] for i in rest]
    cells = [f.value for f in figures]
    for key, read in (("value", [float(c.number) if c.number is not None else None for c in cells]),
                      ("bound", [c.bound for c in cells]), ("text", [c.text for c in cells]),
                      ("unit", [c.unit for c in cells]), *_figure_columns(figures).items()):
        columns[key][rest] = np.array(read, dtype=object)
    for key, read in (("value", numbers_), ("bound", bounds), ("unit", units)):
        columns[key][index] = np.array(read, dtype=object)
    # a plain cell has no words to keep: its text stays None
    keys = ("value", "bound", "text")
    flat = {f"{name}_{key}": columns[key].tolist() for key in keys + ("unit",)}
    flat[f"{name}_printed"] = [t or None for t in texts]
    flat.update({f"{name}_{key}": columns[key].tolist() for key in _FIGURE_KEYS})
    return results, flat


def _blanked(name: str, flat: dict[str, list], rows: set[int]) -> dict[str, list]:
    """_read_values' columns with the given distinct texts read as a refused cell: like a blank,
    its printed text kept (as _flatten gives a refused cell of any other column)."""
    blank = {column: values[0] for column, values in _read_values(name, [""])[1].items()}
    return {column: values if column.endswith("_printed")
            else [blank[column] if i in rows else v for i, v in enumerate(values)]
            for column, values in flat.items()}


# What numbers.read_figure reads beside the number (issue #15): 約, the parenthetical, its figure.
_FIGURE_KEYS = ("approximate", "note", "second_value", "second_unit")


def _figure_columns(figures: list) -> dict[str, list]:
    return {"approximate": [f.approximate for f in figures],
            "note": [f.note for f in figures],
            "second_value": [float(f.second.value) if f.second else None for f in figures],
            "second_unit": [f.second.unit if f.second else None for f in figures]}


@dataclass(frozen=True)
class _Problem:
    seen: str
    message: str


# Marks a table uses for "the same as above" (〃, 同上, ″, ”) or "as on the left" (同左). What they
# stand for is for the analyst to write, not for the importer to guess: read as words they would
# make an indicator named 〃, a department 同上, a figure that is not there.
_DITTO_MARKS = frozenset({"〃", "″", "′′", "”", "“", '"', "同上", "仝", "同左", "上に同じ", "左に同じ"})
_DITTO = "ditto"   # a _Problem's message, replaced by one naming the cell above (ditto_message)


def dittos(texts: list[str]) -> set[int]:
    """The distinct texts that are a ditto mark alone (full-width and half-width forms alike)."""
    # the length first: a column of a million rows has hundreds of thousands of distinct texts
    return {i for i, text in enumerate(texts)
            if 0 < len(text) <= 6 and unicodedata.normalize("NFKC", text).strip() in _DITTO_MARKS}


def ditto_message(seen: str, above: str | None) -> str:
    where = "左の列" if "左" in seen else "上の行"
    value = (f"（上の行は「{above}」）" if above and not dittos([above]) and where == "上の行" else "")
    return (f"「{seen}」は{where}と同じという意味の記号ですが、取込ではその値を推測しません。"
            f"同じ値なら、このセルにもその値を書いてください{value}。")


def _read_cell(field: Field, text: str):
    """One distinct cell text: its typed value, None for an allowed blank, or a _Problem."""
    if text == "" and field.kind not in ("value", "mark", "direction", "boolean"):
        return _Problem(text, f"「{field.label}」は空欄にできません。値を入力してください。") if field.required else None
    if _CONTROL.search(text):
        return _Problem(repr(text)[1:-1], "表示できない制御文字が含まれています。セルの内容を入力し直してください。")
    parser = _PARSERS.get(field.kind)
    if parser is None:
        return text
    try:
        return parser(text)
    except ValueError as exc:
        return _Problem(text, str(exc))


def _unit_conflicts(out: dict[str, _Spread], n: int, file, sheet, first_row) -> list[CellError]:
    """Fill `unit` from the units written on the values; a row whose values disagree is an error."""
    # Written units in order of preference: the target's, the actual's, a statistic's own.
    sources = [out.pop(key) for key in ("target_unit", "actual_unit", "value_unit") if key in out]
    if not sources:
        return []
    given = out.get("unit", _Spread([None], np.zeros(n, dtype=np.intp)))
    # Decided once per combination of stated and written units, then spread over the rows; each
    # column first recoded by its unit, so that 5件 and 6件 make one combination, not two.
    parts = [_by_value(p) for p in (given, *sources)]
    combos, codes = _combinations(parts)
    units, conflicting = [], []
    for k, combo in enumerate(combos):
        stated, *written = (p.values[c] for p, c in zip(parts, combo))
        written = [u for u in written if u]
        if stated:
            units.append(stated)
        elif len({u.casefold() for u in written}) > 1:  # 15,800kWh against 17,136kwh is one unit
            conflicting.append(k)
            units.append(None)
        else:
            units.append(written[0] if written else None)
    errors = []
    for row in np.flatnonzero(np.isin(codes, conflicting)):
        written = [u for u in (p.values[c] for p, c in zip(parts[1:], combos[codes[row]][1:])) if u]
        errors.append(CellError(file, sheet, first_row + int(row), None, " / ".join(written),
                                "目標と実績の単位が違います。同じ単位にそろえるか、単位の列に単位を入力してください。"))
    out["unit"] = _Spread(units, codes)
    return errors


def _by_value(spread: _Spread) -> _Spread:
    """The same column with one code per distinct value rather than per distinct text."""
    index: dict = {}
    recode = np.array([index.setdefault(v, len(index)) for v in spread.values], dtype=np.intp)
    return _Spread(list(index), recode[spread.codes])


def _combinations(parts: list[_Spread]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of side-by-side columns (as codes), and each row's index into them."""
    stacked = np.stack([p.codes for p in parts], axis=1)
    if not len(stacked):
        return stacked, np.empty(0, dtype=np.intp)
    key = np.zeros(len(stacked), dtype=np.int64)
    for p in parts:  # one integer per combination; distinct counts are far below 2**63 together
        key = key * len(p.values) + p.codes
    row_codes, _ = pd.factorize(key)
    first = np.unique(row_codes, return_index=True)[1]
    return stacked[first], row_codes


def _column(columns: list[str], name: str, headings: dict | None) -> tuple[str | None, str]:
    """(letter, heading) of a field's cells: the sheet's own when known."""
    if headings is not None and name in headings:
        return headings[name]
    from loaders.errors import column_letter
    return column_letter(columns.index(name) + 1), name


def _domain_errors(out: dict[str, _Spread], file, sheet, first_row, columns, headings, fields) -> list[CellError]:
    errors = []
    for name, allowed in {"value_kind": VALUE_KINDS, "total_kind": TOTAL_KINDS}.items():
        if name not in out:
            continue
        values, codes = out[name].values, out[name].codes
        bad = [i for i, v in enumerate(values) if v is not None and v not in allowed]
        for row in np.flatnonzero(np.isin(codes, bad)):
            column, heading = _column(columns, name, headings)
            errors.append(CellError(file, sheet, first_row + int(row), column, values[codes[row]],
                                    f"「{fields[name].label}」は {' / '.join(allowed)} のいずれかで入力してください。",
                                    header=heading))
    return errors


def _flatten(table: str, name: str, values: list, texts: list[str]) -> dict[str, list]:
    """One field's typed values (per distinct text) as columns of the database table; printed
    text kept beside its value."""
    if name == "period" and table == "plans":
        return {"period_start_fy": [v[0] if v else None for v in values],
                "period_end_fy": [v[1] if v else None for v in values],
                "period_text": texts}
    if name == "amount":
        return {"amount_thousand_yen": [v[0] if v else None for v in values],
                "amount_printed": [v[1] if v else None for v in values]}
    if name == "value":
        return {"value": [v[0] if v else None for v in values],
                "value_unit": [v[1] if v else None for v in values],
                "value_printed": [v[2] if v else t for v, t in zip(values, texts)],
                "value_approximate": [bool(v[3]) if v else False for v in values],
                "value_note": [v[4] if v else None for v in values]}
    if name == "mark":
        return {"mark": [t or None for t in texts], "mark_key": values}
    if name == "figure":
        blank = numbers.read_figure("")
        figures = [v or blank for v in values]
        cells = [f.value for f in figures]
        return {"figure_value": [float(c.number) if c.number is not None else None for c in cells],
                "figure_unit": [c.unit for c in cells],
                "figure_bound": [c.bound for c in cells],
                "figure_text": [c.text for c in cells],
                "figure_year": [f.year for f in figures],
                "figure_signed": [f.signed for f in figures],
                "figure_printed": [t or None for t in texts],
                **{f"figure_{key}": column for key, column in _figure_columns(figures).items()}}
    if name == "threshold":
        blank = numbers.read_figure("")
        figures = [v or blank for v in values]
        return {"threshold_value": [float(f.value.number) if f.value.number is not None else None for f in figures],
                "threshold_unit": [f.value.unit for f in figures],
                "threshold_bound": [f.value.bound for f in figures],
                "threshold_printed": [t or None for t in texts]}
    return {name: values}
