"""Analysts' files: validate everything, preview the change, then commit all or nothing.

`prepare()` reads and checks a file without writing anything and returns a Preview: the rows as
they will be stored, every error and warning, and the difference against the database for the
same scope (city + plan + table, and estimate for effect amounts). `commit()` writes a Preview
with no errors as one batch through the one writer path; `restore()` brings back the state before
any batch, itself recorded as a batch. Nothing is ever deleted: replaced rows are only retired.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from loaders import batches, guard, isolation, layouts, municipalities, readers, seed, store, totals
from loaders.errors import CellError, LoadError, located  # noqa: F401 (LoadError re-exported for the CLI)
from loaders.layouts import Context, SheetResult
from loaders.limits import Limits
from loaders.tables import SPECS

# Kept for callers of the old names: each table's key and compared columns are its tables.SPECS entry.
KEYS = {name: spec.key for name, spec in SPECS.items() if name != "effect_printed_totals"}
VALUES = {name: spec.compared for name, spec in SPECS.items() if name != "effect_printed_totals"}
Progress = Callable[[float, str], None]
# A row whose first filled cell says this is an example (the download template's row 2): never read.
EXAMPLE_MARK = "記入例"
log = logging.getLogger(__name__)


@dataclass
class Preview:
    file_name: str
    sha256: str
    size_bytes: int
    kind: str
    encoding: str | None
    sheets: list[SheetResult]
    rows: dict[str, pd.DataFrame] = field(default_factory=dict)
    printed_totals: pd.DataFrame = field(default_factory=pd.DataFrame)
    errors: list[CellError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    diff: dict[str, pd.DataFrame] = field(default_factory=dict)
    scopes: list[tuple] = field(default_factory=list)
    same_as_batch: int | None = None
    # Onboarding (issue #16): grade words and pillars the product has no meaning for, the meanings
    # the analyst chose at preview (committed as rows of status_words / themes with the batch), the
    # themes they may choose from, and each indicator row's status from the database's words.
    unknown_grades: list[dict] = field(default_factory=list)
    unthemed: list[dict] = field(default_factory=list)
    # words of the 評価 column the product does not know, as unknown_grades for 達成マーク
    unknown_evaluations: list[dict] = field(default_factory=list)
    grade_map: dict = field(default_factory=dict)
    evaluation_map: dict = field(default_factory=dict)
    theme_map: dict = field(default_factory=dict)
    theme_choices: list[str] = field(default_factory=list)
    judged: pd.DataFrame | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def row_counts(self) -> dict[str, int]:
        return {t: len(f) for t, f in self.rows.items() if len(f)}


def prepare(data: bytes, file_name: str, db_path: Path, context: Context | None = None,
            progress: Progress | None = None, limits: Limits | None = None) -> Preview:
    """Read and check a file, and compare it with the database; writes nothing.

    The reading and checking (`read_file`) runs in a child process with memory and time limits
    (loaders/isolation.py): no upload can stop or stall the server. Only the comparison with the
    database runs here.
    """
    context = context or Context()
    progress = progress or (lambda *_: None)
    limits = limits or guard.LIMITS
    preview = isolation.run(data, Path(file_name).name, context, limits, progress)
    if not preview.ok and not preview.rows:
        return preview
    progress(0.85, "データベースと照合しています")
    try:
        con = store.connect_reader(db_path)
        try:
            _validate_against_database(con, preview, context)
            if preview.ok:
                preview.diff = {table: _diff(con, table, frame) for table, frame in preview.rows.items()}
            preview.same_as_batch = _same_file(con, preview.sha256)
        finally:
            con.close()
    except Exception:  # a file's oddity must never reach the page as a traceback
        log.exception("comparing %s with the database", preview.file_name)
        preview.errors.append(located("internal", file=preview.file_name))
    progress(1.0, "確認が終わりました")
    return preview


def read_file(data: bytes, file_name: str, context: Context | None = None,
              progress: Progress | None = None, limits: Limits | None = None) -> Preview:
    """Bytes to checked rows, without the database: what the isolated child runs.

    Every failure becomes a located error; a traceback goes to the log, never to the page.
    """
    context = context or Context()
    progress = progress or (lambda *_: None)
    limits = limits or guard.LIMITS
    name = Path(file_name).name
    preview = Preview(name, hashlib.sha256(data).hexdigest(), len(data), "?", None, [])
    out_of_memory = False
    try:
        _read_and_check(data, name, preview, context, progress, limits)
    except MemoryError:
        out_of_memory = True  # handled below, once the frames holding the memory are gone
    except Exception:
        log.exception("reading %s", name)
        preview.errors = [located("internal", file=name)]
        preview.rows = {}
    if out_of_memory:
        preview.rows, preview.sheets = {}, []
        preview.errors = [located("limit-memory", file=name, limit=limits.memory_text(),
                                  detail="Python のメモリ確保に失敗")]
    return preview


def _read_and_check(data: bytes, name: str, preview: Preview, context: Context, progress: Progress,
                    limits: Limits) -> None:
    try:
        preview.kind = guard.kind_of(data, name, limits)
        progress(0.1, "ファイルの形式を確認しています")
        cells = readers.read(data, name, preview.kind, include_hidden=context.include_hidden, limits=limits,
                             progress=lambda share, text: progress(0.1 + 0.1 * share, text))
    except guard.RejectedFile as exc:
        preview.errors.append(exc.error(name))
        return
    preview.encoding = cells.encoding
    preview.errors += cells.errors
    preview.warnings += cells.warnings
    grids = cells.grids
    # Title rows and a header come on top of the data rows; the exact count is checked below.
    total_rows = sum(len(g) for g in grids.values())
    if total_rows > limits.max_rows + guard.HEADER_ROWS * max(len(grids), 1):
        preview.errors.append(located("too-many-rows", file=name, rows=total_rows, limit=limits.max_rows))
        return
    examples = 0
    for i, (sheet, grid) in enumerate(grids.items()):
        progress(0.2 + 0.6 * i / max(len(grids), 1), f"シート「{sheet}」を読んでいます")
        grid, skipped = _without_examples(grid)
        if skipped:
            examples += len(skipped)
            where = f"シート「{sheet}」の" if preview.kind != "csv" else ""
            preview.warnings.append(f"{where}{'・'.join(str(r) for r in skipped)}行目は「{EXAMPLE_MARK}」の行のため"
                                    "読み込みません。")
        result = layouts.read_sheet(grid, file=name, sheet=sheet if preview.kind != "csv" else None, context=context)
        result.sheet = sheet
        preview.sheets.append(result)
        preview.errors += result.errors
        preview.warnings += [f"シート「{sheet}」: {w}" for w in result.warnings]
    data_rows = sum(len(s.rows) for s in preview.sheets)
    if data_rows > limits.max_rows:
        preview.errors.append(located("too-many-rows", file=name, rows=data_rows, limit=limits.max_rows))
        return
    _former_names(preview)
    _collect(preview, examples)


_PREFECTURE = re.compile(r"^(北海道|東京都|京都府|大阪府|.{2,3}県)(?=.)")


def _former_names(preview: Preview) -> None:
    """A city written by its name before a merger (津久井町) is read as the municipality it is part
    of today (相模原市), with a 注意 saying so and since when; never without saying it. A former
    name two prefectures had is an error naming both, as a current name two share is."""
    current = layouts._municipality_names()
    # 森町 is today's 北海道森町 and 静岡県森町: a name today's list writes with its prefecture is
    # left to the error that names both, never read as a former municipality
    current |= {_PREFECTURE.sub("", name) for name in current}
    for result in preview.sheets:
        rows = result.rows
        if not isinstance(rows, pd.DataFrame) or "city" not in rows.columns or rows.empty:
            continue
        for name in sorted({c for c in rows["city"].dropna().unique().tolist() if c and c not in current}):
            found = municipalities.formers(name)
            if not found:
                continue  # neither current nor former: the unknown-city error, as ever
            if len({f.current for f in found}) > 1:
                preview.errors.append(located(
                    "former-city-ambiguous", file=preview.file_name, sheet=result.sheet if preview.kind != "csv" else None,
                    column="city", text=name, example=f"{found[0].prefecture}{name}", choices="、".join(
                        f"{f.prefecture}{f.former} → {f.current}（{f.date_text()}）" for f in found)))
                continue
            rows_named = int((rows["city"] == name).sum())
            becomes = found[0].current
            preview.warnings.append(
                f"市名「{name}」は旧市町村名です。{found[0].prefecture}{found[0].printed}は{found[0].date_text()}に"
                f"{becomes}になりました（日本郵便「市町村変更情報」、data/former_municipalities.csv）。"
                f"この{rows_named:,}行は{becomes}として読み込みます。")
            rows["city"] = rows["city"].where(rows["city"] != name, becomes)


def _without_examples(grid):
    """The grid with every example row blanked where it stands (so every other row keeps its row
    number), and the spreadsheet rows blanked: rows whose first filled cell says 記入例."""
    def first(row) -> str:
        return next((str(v).strip() for v in row if v is not None and str(v).strip() and not
                     (isinstance(v, float) and v != v)), "")
    if isinstance(grid, pd.DataFrame):
        if grid.empty:
            return grid, []
        # a large CSV read column by column: the example, if any, is under the header
        marked = [i for i in range(min(len(grid), guard.HEADER_ROWS + 1))
                  if first(grid.iloc[i].tolist()) == EXAMPLE_MARK]
        if not marked:
            return grid, []
        grid = grid.copy()
        grid.iloc[marked] = ""
        return grid, [i + 1 for i in marked]
    marked = [i for i, row in enumerate(grid) if row and first(row) == EXAMPLE_MARK]
    if not marked:
        return grid, []
    grid = [[""] * len(row) if i in set(marked) else row for i, row in enumerate(grid)]
    return grid, [i + 1 for i in marked]


def _collect(preview: Preview, examples: int = 0) -> None:
    frames: dict[str, list[pd.DataFrame]] = {}
    totals = []
    for result in preview.sheets:
        if result.table:
            rows = result.rows if isinstance(result.rows, pd.DataFrame) else pd.DataFrame(result.rows)
            if len(rows):
                frames.setdefault(result.table, []).append(rows)
        totals += result.printed_totals
    preview.rows = {t: pd.concat(parts, ignore_index=True) for t, parts in frames.items()}
    preview.printed_totals = pd.DataFrame(totals)
    if not preview.rows and not preview.errors:
        preview.errors.append(CellError(preview.file_name, None, None, None, None, (
            f"「{EXAMPLE_MARK}」の行のほかに読み込める行がありません。記入例の下の行に書いてから読み込んでください。"
            if examples else "読み込める行がありません。見出し行とデータ行があるか確認してください。")))
    for table, frame in preview.rows.items():
        key = [k for k in SPECS[table].key if k in frame.columns]
        dupes = frame[frame.duplicated(key, keep=False)]
        for _, group in dupes.groupby(key, dropna=False):
            first = group.iloc[0]
            label = " / ".join(str(first[k]) for k in key if pd.notna(first[k]))
            preview.errors.append(CellError(preview.file_name, None, None, None, label,
                                            f"同じ行が {len(group)} 回あります（{', '.join(str(s) for s in group['source'])}）。1行にしてください。"))
    scopes = set()
    for table, frame in preview.rows.items():
        spec = SPECS[table]
        columns = [c for c in spec.scope if c in frame.columns]
        for values in frame[columns].drop_duplicates().itertuples(index=False):
            row = dict(zip(columns, values))
            scopes.add((table, _none(row.get("city")), row.get(spec.group), _none(row.get("estimate"))))
    preview.scopes = sorted(scopes, key=lambda s: tuple(str(x) for x in s))


def _none(value):
    return None if value is None or (isinstance(value, float) and pd.isna(value)) or value == "" else value


_TOTAL_WORDS = {"year_total": "合計行", "area_total": "合計額の列", "grand_total": "総合計",
                "comparison": "比較の列（この時点 − 計画策定時の時点）"}


def _check_printed_totals(con: duckdb.DuckDBPyConnection, preview: Preview) -> None:
    """Every printed total of the plans the file touches, as they will be after the commit,
    checked by the rule `loaders check` and the 効果額 page read (v_effect_total_checks)."""
    amounts = preview.rows.get("effect_amounts")
    if preview.errors or (preview.printed_totals.empty and amounts is None):
        return  # with an unreadable cell every total would "disagree": fix the cell first
    checks = totals.checks_after(con, amounts, preview.printed_totals)
    for row in checks.to_dict("records"):
        mine = not _missing(row.get("_row"))
        what = f"{row['estimate'] or ''} {_TOTAL_WORDS[row['total_kind']]}".strip()
        if not row["checked"]:
            if mine:
                preview.warnings.append(f"{row['source']}: {what}は、比べる計画策定時の効果額がまだないため照合していません。")
            continue
        if row["agrees"]:
            continue
        where = dict(file=preview.file_name, text=row["amount_printed"])
        if mine:
            where |= dict(sheet=None if _missing(row["_sheet"]) else row["_sheet"], row=int(row["_row"]),
                          column=row["_column"], header=row["_header"])
        else:
            what = f"{row['source']} の{what}（この取込のあとの値で照合）"
        error = located("printed-total", **where, what=what, printed=_yen(row["printed"]),
                        computed=_yen(row["computed"]))
        if row["known"]:
            preview.warnings.append(f"既知の不一致: {error}")
        else:
            preview.errors.append(error)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))


def _yen(value) -> str:
    return "なし" if value is None or pd.isna(value) else f"{value:,.0f}"


def _validate_against_database(con: duckdb.DuckDBPyConnection, preview: Preview, context: Context) -> None:
    _check_printed_totals(con, preview)
    _validate_cities_and_plans(con, preview, context)
    _unknown_grades(con, preview)
    _unthemed_pillars(con, preview)


def _unknown_grades(con: duckdb.DuckDBPyConnection, preview: Preview) -> None:
    """Say which achievement marks of the file have no meaning in status_words for their city:
    a plan's own grades (A / B / C) would otherwise count as 判定なし without a word. Each is
    listed in `preview.unknown_grades` for the analyst to give it a meaning at preview, and
    `preview.judged` holds every indicator row's status as the database's words give it."""
    kpi = preview.rows.get("kpi")
    if kpi is None or not len(kpi):
        return
    rows = pd.DataFrame({c: (kpi[c] if c in kpi.columns else None)
                         for c in ("city", "plan", "fiscal_year", "mark_key", "evaluation")}).astype(object)
    rows = rows.where(rows.notna(), None)
    con.register("incoming_marks", rows)
    try:
        # the rule of schema.sql kpi_local: the city's word wins over every city's, a mark over an evaluation
        preview.judged = con.execute("""
            select i.city, i.plan, i.fiscal_year, i.mark_key, i.evaluation,
                   coalesce(mc.status, mg.status) as mark_status, coalesce(ec.status, eg.status) as evaluation_status
            from (select cast(city as varchar) as city, cast(plan as varchar) as plan,
                         try_cast(fiscal_year as integer) as fiscal_year, cast(mark_key as varchar) as mark_key,
                         cast(evaluation as varchar) as evaluation from incoming_marks) i
            left join status_words mc on mc.retired_by is null and mc.column_name = 'mark' and mc.word = i.mark_key and mc.city = i.city
            left join status_words mg on mg.retired_by is null and mg.column_name = 'mark' and mg.word = i.mark_key and mg.city is null
            left join status_words ec on ec.retired_by is null and ec.column_name = 'evaluation' and ec.word = i.evaluation and ec.city = i.city
            left join status_words eg on eg.retired_by is null and eg.column_name = 'evaluation' and eg.word = i.evaluation and eg.city is null
            """).df()
    finally:
        con.unregister("incoming_marks")
    judged = preview.judged
    unknown = judged[judged["mark_key"].notna() & (judged["mark_key"] != "-") & judged["mark_status"].isna()]
    _name_unknown(preview, unknown, "mark_key", "達成マーク", preview.unknown_grades)
    # A 評価 word counts only where no mark gives the row its meaning (a mark wins, kpi_local)
    words = judged["evaluation"] if "evaluation" in judged.columns else pd.Series([None] * len(judged))
    unknown = judged[words.notna() & (words.astype(str).str.strip() != "") & judged["evaluation_status"].isna()
                     & judged["mark_status"].isna()]
    _name_unknown(preview, unknown, "evaluation", "評価", preview.unknown_evaluations)


def _name_unknown(preview: Preview, unknown: pd.DataFrame, column: str, said: str, into: list[dict]) -> None:
    """Each word the product gives no meaning, by city: listed for the preview's choices and said."""
    for (city, word), group in unknown.groupby([unknown["city"].fillna(""), column], sort=True):
        city = city or None
        into.append({"city": city, "word": word, "rows": len(group)})
        preview.warnings.append(
            f"{said}「{word}」（{city or '市名記載なし'}、{len(group):,}行）の意味（達成・一部達成・未達成）が"
            "この製品には登録されていません。このまま取り込むと、この指標は「判定なし」として数えます。"
            "下の「判定の意味とテーマの対応」で意味を選ぶと、この取込とともに登録されます。")


# Tables whose rows name a plan's pillar (policy_area): a pillar no themes row maps is counted
# as テーマ未設定 on 都市比較, so the preview names it and lets the analyst map it.
_PILLAR_TABLES = ("kpi", "initiatives", "effect_amounts", "budget")


def _unthemed_pillars(con: duckdb.DuckDBPyConnection, preview: Preview) -> None:
    """List the file's pillars (city, plan, policy_area) that no current themes row maps, and the
    themes an analyst may map them to (the loader table's themes in use)."""
    parts = [frame[["city", "plan", "policy_area"]] if "city" in frame.columns
             else frame[["plan", "policy_area"]].assign(city=None)
             for table, frame in preview.rows.items()
             if table in _PILLAR_TABLES and {"plan", "policy_area"} <= set(frame.columns)]
    preview.theme_choices = [t for t, in con.execute(
        "select distinct theme from themes where retired_by is null order by theme").fetchall()]
    if not parts:
        return
    areas = pd.concat(parts, ignore_index=True)[["city", "plan", "policy_area"]].astype(object)
    areas = areas[areas["policy_area"].notna() & (areas["policy_area"] != "")]
    areas = areas.where(areas.notna(), None)
    con.register("incoming_areas", areas)
    try:
        found = con.execute("""
            select i.city, i.plan, i.policy_area, count(*) as n
            from (select cast(city as varchar) as city, cast(plan as varchar) as plan,
                         cast(policy_area as varchar) as policy_area from incoming_areas) i
            where not exists (select 1 from themes t where t.retired_by is null and t.initiative is null
                              and t.plan = i.plan and t.policy_area = i.policy_area
                              and t.city is not distinct from i.city)
            group by all order by i.city nulls first, i.plan, i.policy_area""").fetchall()
    finally:
        con.unregister("incoming_areas")
    for city, plan, area, count in found:
        preview.unthemed.append({"city": city, "plan": plan, "policy_area": area, "rows": count})
        preview.warnings.append(
            f"政策分野「{area}」（{city or '市名記載なし'}・{plan}、{count:,}行）には共通テーマがありません。"
            "このまま取り込むと、都市比較の共通テーマ別では「テーマ未設定」として数えます。"
            "下の「判定の意味とテーマの対応」でテーマを選ぶと、この取込とともに登録されます。")


STATUSES = ("achieved", "partly", "not_achieved", "not_judged")


def map_words(preview: Preview, grades: dict | None = None, themes: dict | None = None,
              evaluations: dict | None = None) -> Preview:
    """The preview with the analyst's meanings: `grades` {(city, word): status} for words of
    `unknown_grades`, `themes` {(city, plan, policy_area): theme} for pillars of `unthemed`.
    Only what the preview listed can be mapped, and only to the product's statuses and the themes
    in use: a word typed anywhere else never becomes a mapping. A None value leaves it unmapped."""
    asked_grades = {(g["city"], g["word"]) for g in preview.unknown_grades}
    asked_areas = {(a["city"], a["plan"], a["policy_area"]) for a in preview.unthemed}
    grade_map, theme_map = {}, {}
    for key, status in (grades or {}).items():
        if status is None:
            continue
        if key not in asked_grades or status not in STATUSES:
            raise ValueError(f"プレビューに挙がっていない達成マークか、選べない意味です（{key!r} → {status!r}）。")
        grade_map[key] = status
    for key, theme in (themes or {}).items():
        if theme is None:
            continue
        if key not in asked_areas or theme not in preview.theme_choices:
            raise ValueError(f"プレビューに挙がっていない柱か、選べない共通テーマです（{key!r} → {theme!r}）。")
        theme_map[key] = theme
    asked_words = {(w["city"], w["word"]) for w in preview.unknown_evaluations}
    evaluation_map = {}
    for key, status in (evaluations or {}).items():
        if status is None:
            continue
        if key not in asked_words or status not in STATUSES:
            raise ValueError(f"プレビューに挙がっていない評価の語か、選べない意味です（{key!r} → {status!r}）。")
        evaluation_map[key] = status
    return dataclasses.replace(preview, grade_map=grade_map, theme_map=theme_map, evaluation_map=evaluation_map)


def mapping_rows(preview: Preview) -> dict[str, pd.DataFrame]:
    """The meanings the analyst chose, as the rows committed with the batch (status_words, themes)."""
    out = {}
    words = [{"city": city, "column_name": column, "word": word, "status": status}
             for column, chosen in (("mark", preview.grade_map), ("evaluation", preview.evaluation_map))
             for (city, word), status in sorted(chosen.items(), key=lambda kv: (kv[0][0] or "", kv[0][1]))]
    if words:
        out["status_words"] = pd.DataFrame(words, dtype=object)
    if preview.theme_map:
        out["themes"] = pd.DataFrame(
            [{"city": city, "plan": plan, "policy_area": area, "theme": theme, "initiative": None, "area_kind": "柱"}
             for (city, plan, area), theme in sorted(preview.theme_map.items(), key=lambda kv: tuple(str(x) for x in kv[0]))],
            dtype=object)
    return out


# The meanings of 評価 words are status_words rows too, counted apart from the marks' in a batch's
# row_counts: 取込の履歴 names them 評価の意味, not 達成マークの意味 (issue #16).
EVALUATION_COUNT = "status_words_evaluation"


def mapping_counts(mapped: dict[str, pd.DataFrame]) -> dict[str, int]:
    """The rows of `mapping_rows` per kind, as a batch records them: status_words (達成マーク's
    meanings), status_words_evaluation (評価 words' meanings) and themes; a kind with none left out."""
    counts = {}
    for table, frame in mapped.items():
        if table == "status_words":
            evaluation = int((frame["column_name"] == "evaluation").sum())
            counts |= {"status_words": len(frame) - evaluation, EVALUATION_COUNT: evaluation}
        else:
            counts[table] = len(frame)
    return {table: n for table, n in counts.items() if n}


def judgement_counts(preview: Preview) -> pd.DataFrame:
    """Indicator rows per city, plan and year by judgement as they will count after the commit,
    the analyst's meanings included: the figures 都市比較 and 概要 will show."""
    judged = preview.judged
    if judged is None or judged.empty:
        return pd.DataFrame()
    cities = [c if isinstance(c, str) else None for c in judged["city"]]
    mapped = [preview.grade_map.get((c, m)) for c, m in zip(cities, judged["mark_key"])]
    worded = pd.Series([preview.evaluation_map.get((c, w)) for c, w in zip(cities, judged["evaluation"])],
                       index=judged.index, dtype=object)
    status = pd.Series(mapped, index=judged.index, dtype=object)
    # the rule of kpi_local: a mark (known or given its meaning here) wins over an evaluation word
    status = status.fillna(judged["mark_status"]).fillna(worded).fillna(judged["evaluation_status"]).fillna("not_judged")
    frame = judged.assign(status=status)
    rows = []
    for (city, plan, year), group in frame.groupby([frame["city"].fillna(""), "plan", frame["fiscal_year"].fillna(-1)],
                                                   sort=True):
        n = group["status"].value_counts().to_dict()
        rows.append({"city": city or None, "plan": plan, "fiscal_year": None if year == -1 else int(year),
                     "indicators": len(group), **{s: int(n.get(s, 0)) for s in STATUSES}})
    return pd.DataFrame(rows)


def _validate_cities_and_plans(con: duckdb.DuckDBPyConnection, preview: Preview, context: Context) -> None:
    known = {r[0] for r in con.execute("select name from municipalities").fetchall()}
    for table, frame in preview.rows.items():
        if "city" not in frame.columns:
            continue
        named = {e.text for e in preview.errors if e.column == "city"}  # a former name two places had
        for city in sorted({c for c in frame["city"].dropna().unique().tolist() if c and c not in known | named}):
            # The list holds every municipality of Japan: name the ones this spelling could mean
            # (府中市 → 東京都府中市、広島県府中市), never the whole list.
            near = sorted(k for k in known if k.endswith(city) and k != city)
            preview.errors.append(CellError(preview.file_name, None, None, "city", city,
                                            (f"同じ名前の市町村が複数あります。都道府県名から書いてください（{'、'.join(near)}）。"
                                             if near else
                                             "この名前の市区町村・都道府県は市町村一覧（data/municipalities.csv）にありません。"
                                             "市名の表記を確認してください（例: 厚木市、東京都府中市）。")))
    # A plan named for the first time is created, its period taken from the file's years.
    if "plans" in preview.rows:
        return
    existing = {(r[0], r[1]) for r in con.execute("select city, plan from v_plans").fetchall()}
    new_plans = []
    for table, frame in preview.rows.items():
        if "plan" not in frame.columns or "fiscal_year" not in frame.columns:
            continue
        years = frame.groupby([frame["city"].fillna(""), "plan"])["fiscal_year"].agg(["min", "max"])
        for (city, plan), first, last in years.itertuples(name=None):  # one line per plan, not per row
            key = (city or None, plan)
            if key in existing or any((p["city"], p["plan"]) == key for p in new_plans):
                continue
            if pd.isna(first):
                continue
            new_plans.append({"city": key[0], "plan": plan, "plan_type": None, "parent_plan": None,
                              "period_text": f"{int(first)}～{int(last)}",
                              "period_start_fy": int(first), "period_end_fy": int(last),
                              "source": f"{preview.file_name}（取込時に年度から作成）"})
    if new_plans:
        preview.rows["plans"] = pd.DataFrame(new_plans)
        preview.warnings.append("新しい計画を作成します: " + "、".join(p["plan"] for p in new_plans))
        # Adding a plan is not replacing one: no scope for it beyond its own rows.
        preview.scopes += [("plans", p["city"], p["plan"], None) for p in new_plans]


def _diff(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Rows added, changed (old → new) and removed against the database, for the file's scopes.

    A full outer join in DuckDB on the table's key; column names come from tables.SPECS only.
    """
    spec = SPECS[table]
    key = [k for k in spec.key if k in frame.columns]
    values = [v for v in spec.compared if v in frame.columns]
    scope = [c for c in spec.scope if c in frame.columns]
    con.register("incoming", frame[list(dict.fromkeys(key + values + scope))])
    try:
        on = " and ".join(f"o.{k} is not distinct from n.{k}" for k in key)
        in_scope = " and ".join(f"o.{c} is not distinct from s.{c}" for c in scope)
        label = "concat_ws(' / ', " + ", ".join(f"cast(coalesce(n.{k}, o.{k}) as varchar)" for k in key) + ")"
        changed = " || ".join(
            f"case when o.{v} is distinct from n.{v} then '{v}: ' || {_text(f'o.{v}')} "
            f"|| ' → ' || {_text(f'n.{v}')} || '、' else '' end" for v in values) or "''"
        # The same, as data for a page to word and format: [{column, old, new}] and [{column, value}].
        changes = ("list_filter([" + ", ".join(f"{{'column': '{v}', 'old': cast(o.{v} as varchar), "
                                              f"'new': cast(n.{v} as varchar)}}" for v in values)
                   + "], lambda c: c.old is distinct from c.new)") if values else "[]"
        keys = "[" + ", ".join(f"{{'column': '{k}', 'value': cast(coalesce(n.{k}, o.{k}) as varchar)}}" for k in key) + "]"
        return con.execute(f"""
            with current as (
                select o.*, true as _old from {table} o
                where o.retired_by is null
                  and exists (select 1 from (select distinct {', '.join(scope)} from incoming) s where {in_scope})
            )
            select case when o._old is null then '追加' when n._new is null then '削除' else '変更' end as 区分,
                   {label} as 行,
                   rtrim({changed}, '、') as 変更内容, {changes} as changes, {keys} as keys
            from current o full outer join (select *, true as _new from incoming) n on {on}
            where o._old is null or n._new is null or ({changed}) <> ''
            order by 1, 2""").df()
    finally:
        con.unregister("incoming")


def _text(column: str) -> str:
    # 14358.0 reads as 14358: amounts are whole 千円 in nearly every table
    return f"coalesce(regexp_replace(cast({column} as varchar), '\\.0$', ''), '空')"


def _same_file(con: duckdb.DuckDBPyConnection, sha256: str) -> int | None:
    return batches.same_file(con, sha256)


def commit(preview: Preview, db_path: Path, loaded_by: str | None = None) -> int:
    """Write a checked file as one batch; LoadError (and nothing written) if it has errors."""
    if not preview.ok:
        raise LoadError(preview.errors)
    # kpi_current is derived below, knowing the batch: a city whose rows keep their place has
    # only its changed rows derived again (store.refresh_derived)
    with store.write(db_path, derive=False) as con:
        batch_id = batches.next_id(con)
        batches.retire_scopes(con, preview.scopes, batch_id)
        for table, frame in preview.rows.items():
            seed.insert(con, table, frame, batch_id=batch_id)
        if not preview.printed_totals.empty:
            seed.insert(con, "effect_printed_totals", totals.stored(preview.printed_totals), batch_id=batch_id)
        mapped = mapping_rows(preview)
        for table, frame in mapped.items():   # the meanings chosen at preview, rows of this batch
            batches.retire_mappings(con, table, frame, batch_id)
            seed.insert(con, table, frame, batch_id=batch_id)
        batches.record_import(con, batch_id, file_name=preview.file_name, sha256=preview.sha256,
                              size_bytes=preview.size_bytes, sheets=[s.sheet for s in preview.sheets],
                              row_counts=preview.row_counts() | mapping_counts(mapped),
                              scopes=preview.scopes, loaded_by=loaded_by)
        if not mapped:
            store.refresh_derived(con, _cities(preview), batch=batch_id)
        elif any(city is None for city, _ in [*preview.grade_map, *preview.evaluation_map]):
            store.refresh_derived(con)   # a word of no city means the same in every city
        else:
            # a meaning changes the status or theme of rows the file kept as they were: derived whole
            store.refresh_derived(con, _cities(preview) | {c for c, _ in preview.grade_map}
                                  | {c for c, _ in preview.evaluation_map} | {c for c, _, _ in preview.theme_map})
    return batch_id


def _cities(preview: Preview) -> set[str | None]:
    """The cities whose indicator rows the file replaces or adds: only theirs are derived again."""
    cities = {city for table, city, *_ in preview.scopes if table == "kpi"}
    kpi = preview.rows.get("kpi")
    if kpi is not None and not kpi.empty:
        cities |= {None if c is None or (isinstance(c, float) and c != c) else c for c in kpi["city"].unique()}
    return cities


_retire_scopes = batches.retire_scopes  # its old name


def restore(db_path: Path, before_batch: int, loaded_by: str | None = None) -> int:
    """Bring back the data as it was just before `before_batch`; recorded as a batch of its own."""
    with store.write(db_path) as con:
        return batches.restore(con, before_batch, loaded_by)


def history(db_path: Path) -> pd.DataFrame:
    """Every batch, newest first."""
    con = store.connect_reader(db_path)
    try:
        frame = batches.history(con)
        # a batch recorded before 評価 words were counted apart: its status_words count split again
        # from the rows it wrote, so 取込の履歴 never names a 評価 word's meaning a mark's
        words = {(b, column): n for b, column, n in con.execute(
            "select batch_id, column_name, count(*) from status_words where batch_id is not null group by all").fetchall()}
    finally:
        con.close()
    frame["row_counts"] = [_split_word_counts(text, batch, words)
                           for text, batch in zip(frame["row_counts"], frame["batch_id"])]
    return frame


def _split_word_counts(text, batch: int, words: dict) -> str | None:
    if not isinstance(text, str) or not text:
        return text
    counts = json.loads(text)
    if "status_words" not in counts or EVALUATION_COUNT in counts or not words.get((batch, "evaluation")):
        return text
    split = {}
    for table, n in counts.items():
        if table == "status_words":
            split |= {"status_words": words.get((batch, "mark"), 0), EVALUATION_COUNT: words[(batch, "evaluation")]}
        else:
            split[table] = n
    return json.dumps({t: n for t, n in split.items() if n}, ensure_ascii=False)


THEME_KEY = ("city", "plan", "policy_area", "initiative")


def change_themes(db_path: Path, changes: dict, loaded_by: str | None = None) -> int | None:
    """Give existing theme rows a new common theme, as one batch of kind mapping (issue #16, 都市比較).

    `changes` is {(city, plan, policy_area, initiative): theme}, each key a current row of `themes`
    (initiative None for a pillar's row), or an initiative the data names under a pillar that has a
    row, counted through it until now: it gets a row of its own and counts under its theme instead
    of the pillar's. Each theme is one in use: nothing typed becomes a theme. The earlier row is
    retired by the batch (an initiative's new row is the batch's), so 取込の履歴's restore brings
    the old counting back. Returns the batch, or None when no row would change."""
    with store.write(db_path, derive=False) as con:
        current = {tuple(r[:4]): (r[4], r[5]) for r in con.execute(
            "select city, plan, policy_area, initiative, theme, area_kind from themes where retired_by is null").fetchall()}
        in_use = {theme for theme, _ in current.values()}
        named = {tuple(r) for r in con.execute(
            "select city, plan, policy_area, initiative from initiatives where retired_by is null"
            " union select city, plan, policy_area, initiative from kpi where retired_by is null"
            " and initiative is not null").fetchall()}
        rows = []
        for key, theme in changes.items():
            key = tuple(key)
            pillar = (*key[:3], None)
            own = key in current
            if theme not in in_use or not (own or (key[3] is not None and key in named and pillar in current)):
                raise ValueError(f"共通テーマの対応表にない行か、使われていないテーマです: {key!r} → {theme!r}。"
                                 "対応表の行か分野で数えている取組と、表にあるテーマから選んでください。")
            was, kind = current[key] if own else current[pillar]
            if was != theme:
                rows.append({**dict(zip(THEME_KEY, key)), "theme": theme, "area_kind": kind, "was": was,
                             "from_pillar": not own})
        if not rows:
            return None
        batch_id = batches.next_id(con)
        frame = pd.DataFrame(rows, dtype=object)
        batches.change_mappings(con, "themes", frame, batch_id)
        seed.insert(con, "themes", frame.drop(columns=["was", "from_pillar"]), batch_id=batch_id)
        note = "都市比較で共通テーマの対応を変更: " + "、".join(
            f"{r['city'] or '市名記載なし'}・{r['plan']}「{r['initiative'] or r['policy_area']}」"
            + (f"（分野「{r['policy_area']}」の対応で{r['was']}）→ 取組の対応 {r['theme']}" if r["from_pillar"]
               else f"{r['was']} → {r['theme']}")
            for r in rows)
        batches.record_mapping(con, batch_id, row_counts={"themes": len(rows)}, note=note, loaded_by=loaded_by)
        store.refresh_derived(con, {r["city"] for r in rows})
    return batch_id
