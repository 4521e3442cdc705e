"""Analysts' files: validate everything, preview the change, then commit all or nothing.

`prepare()` reads and checks a file without writing anything and returns a Preview: the rows as
they will be stored, every error and warning, and the difference against the database for the
same scope (city + plan + table, and estimate for effect amounts). `commit()` writes a Preview
with no errors as one batch through the one writer path; `restore()` brings back the state before
any batch, itself recorded as a batch. Nothing is ever deleted: replaced rows are only retired.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from loaders import guard, isolation, layouts, readers, seed, store
from loaders.errors import CellError, LoadError, located  # noqa: F401 (LoadError re-exported for the CLI)
from loaders.layouts import Context, SheetResult
from loaders.limits import Limits

# The columns that identify one fact, per table: two rows with the same key in one file are an error.
KEYS = {
    "plans": ("city", "plan"),
    "kpi": ("city", "plan", "fiscal_year", "period", "indicator"),
    "effect_amounts": ("city", "plan", "estimate", "policy_area", "fiscal_year"),
    "initiatives": ("city", "plan", "phase", "policy_area", "initiative"),
    "budget": ("city", "plan", "fiscal_year", "project_code", "project"),
    "series": ("city", "indicator", "fiscal_year"),
}
# What is compared between the database and the file for a changed row.
VALUES = {
    "plans": ("period_start_fy", "period_end_fy", "plan_type", "parent_plan"),
    "kpi": ("target_printed", "actual_printed", "mark", "evaluation", "unit", "direction"),
    "effect_amounts": ("amount_thousand_yen", "value_kind", "policy_area_code"),
    "initiatives": ("department", "review", "successor", "strategy", "initiative_code"),
    "budget": ("amount_thousand_yen", "department", "is_revenue"),
    "series": ("value_printed", "unit"),
}
Progress = Callable[[float, str], None]
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
    for i, (sheet, grid) in enumerate(grids.items()):
        progress(0.2 + 0.6 * i / max(len(grids), 1), f"シート「{sheet}」を読んでいます")
        result = layouts.read_sheet(grid, file=name, sheet=sheet if preview.kind != "csv" else None, context=context)
        result.sheet = sheet
        preview.sheets.append(result)
        preview.errors += result.errors
        preview.warnings += [f"シート「{sheet}」: {w}" for w in result.warnings]
    data_rows = sum(len(s.rows) for s in preview.sheets)
    if data_rows > limits.max_rows:
        preview.errors.append(located("too-many-rows", file=name, rows=data_rows, limit=limits.max_rows))
        return
    _collect(preview)


def _collect(preview: Preview) -> None:
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
        preview.errors.append(CellError(preview.file_name, None, None, None, None,
                                        "読み込める行がありません。見出し行とデータ行があるか確認してください。"))
    for table, frame in preview.rows.items():
        key = [k for k in KEYS[table] if k in frame.columns]
        dupes = frame[frame.duplicated(key, keep=False)]
        for _, group in dupes.groupby(key, dropna=False):
            first = group.iloc[0]
            label = " / ".join(str(first[k]) for k in key if pd.notna(first[k]))
            preview.errors.append(CellError(preview.file_name, None, None, None, label,
                                            f"同じ行が {len(group)} 回あります（{', '.join(str(s) for s in group['source'])}）。1行にしてください。"))
    _check_printed_totals(preview)
    scopes = set()
    for table, frame in preview.rows.items():
        group = "indicator" if table == "series" else "plan"
        columns = [c for c in ("city", group, "estimate" if table == "effect_amounts" else None) if c in frame.columns]
        for values in frame[columns].drop_duplicates().itertuples(index=False):
            row = dict(zip(columns, values))
            scopes.add((table, _none(row.get("city")), row.get(group), _none(row.get("estimate"))))
    preview.scopes = sorted(scopes, key=lambda s: tuple(str(x) for x in s))


def _none(value):
    return None if value is None or (isinstance(value, float) and pd.isna(value)) or value == "" else value


def _check_printed_totals(preview: Preview) -> None:
    """A year-column table's 合計 row, 合計額 column must equal the sums of its cells."""
    totals, amounts = preview.printed_totals, preview.rows.get("effect_amounts")
    if totals.empty or amounts is None or preview.errors:
        return  # with an unreadable cell every total would "disagree": fix the cell first
    for _, t in totals.iterrows():
        if t.total_kind == "comparison":
            continue  # compares with another estimate: checked by `check` once both are loaded
        rows = amounts
        if t.total_kind == "year_total":
            rows = amounts[amounts.fiscal_year == t.fiscal_year]
        elif t.total_kind == "area_total":
            rows = amounts[(amounts.policy_area_code == t.policy_area_code) | (amounts.policy_area == t.policy_area_code)]
        computed = rows.amount_thousand_yen.sum()
        if abs(computed - t.amount_thousand_yen) > 0.5:
            preview.errors.append(CellError(
                preview.file_name, None, None, None, t.amount_printed,
                f"{t.source}: 印刷された合計 {t.amount_thousand_yen:,.0f} 千円が、計算した合計 {computed:,.0f} 千円と一致しません。"
                "金額か合計を確認してください。"))


def _validate_against_database(con: duckdb.DuckDBPyConnection, preview: Preview, context: Context) -> None:
    known = {r[0] for r in con.execute("select name from municipalities").fetchall()}
    for table, frame in preview.rows.items():
        if "city" not in frame.columns:
            continue
        for city in sorted({c for c in frame["city"].dropna().unique().tolist() if c and c not in known}):
            preview.errors.append(CellError(preview.file_name, None, None, "city", city,
                                            "この市は市町村一覧にありません。市名の表記を確認してください"
                                            f"（登録済み: {'、'.join(sorted(known))}）。"))
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

    A full outer join in DuckDB on the table's key; column names come from KEYS / VALUES only.
    """
    key = [k for k in KEYS[table] if k in frame.columns]
    values = [v for v in VALUES[table] if v in frame.columns]
    group = "indicator" if table == "series" else "plan"
    scope = [c for c in ("city", group, "estimate" if table == "effect_amounts" else None) if c and c in frame.columns]
    con.register("incoming", frame[list(dict.fromkeys(key + values + scope))])
    try:
        on = " and ".join(f"o.{k} is not distinct from n.{k}" for k in key)
        in_scope = " and ".join(f"o.{c} is not distinct from s.{c}" for c in scope)
        label = "concat_ws(' / ', " + ", ".join(f"cast(coalesce(n.{k}, o.{k}) as varchar)" for k in key) + ")"
        changed = " || ".join(
            f"case when o.{v} is distinct from n.{v} then '{v}: ' || {_text(f'o.{v}')} "
            f"|| ' → ' || {_text(f'n.{v}')} || '、' else '' end" for v in values) or "''"
        return con.execute(f"""
            with current as (
                select o.*, true as _old from {table} o
                where o.retired_by is null
                  and exists (select 1 from (select distinct {', '.join(scope)} from incoming) s where {in_scope})
            )
            select case when o._old is null then '追加' when n._new is null then '削除' else '変更' end as 区分,
                   {label} as 行,
                   rtrim({changed}, '、') as 変更内容
            from current o full outer join (select *, true as _new from incoming) n on {on}
            where o._old is null or n._new is null or ({changed}) <> ''
            order by 1, 2""").df()
    finally:
        con.unregister("incoming")


def _text(column: str) -> str:
    # 14358.0 reads as 14358: amounts are whole 千円 in nearly every table
    return f"coalesce(regexp_replace(cast({column} as varchar), '\\.0$', ''), '空')"


def _plain(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _same_file(con: duckdb.DuckDBPyConnection, sha256: str) -> int | None:
    row = con.execute("select max(batch_id) from batches where sha256 = ? and kind = 'import'", [sha256]).fetchone()
    return row[0] if row else None


def commit(preview: Preview, db_path: Path, loaded_by: str | None = None) -> int:
    """Write a checked file as one batch; LoadError (and nothing written) if it has errors."""
    if not preview.ok:
        raise LoadError(preview.errors)
    with store.write(db_path, derive=_cities(preview)) as con:
        batch_id = con.execute("select coalesce(max(batch_id), 0) + 1 from batches").fetchall()[0][0]
        _retire_scopes(con, preview.scopes, batch_id)
        for table, frame in preview.rows.items():
            seed.insert(con, table, frame, batch_id=batch_id)
        if not preview.printed_totals.empty:
            seed.insert(con, "effect_printed_totals", preview.printed_totals, batch_id=batch_id)
        con.execute(
            "insert into batches (batch_id, kind, file_name, sha256, size_bytes, sheets, row_counts, scopes,"
            " loaded_by, loaded_at) values (?, 'import', ?, ?, ?, ?, ?, ?, ?, ?)",
            [batch_id, preview.file_name, preview.sha256, preview.size_bytes,
             json.dumps([s.sheet for s in preview.sheets], ensure_ascii=False),
             json.dumps(preview.row_counts(), ensure_ascii=False),
             json.dumps(preview.scopes, ensure_ascii=False), loaded_by, dt.datetime.now()])
    return batch_id


def _cities(preview: Preview) -> set[str | None]:
    """The cities whose indicator rows the file replaces or adds: only theirs are derived again."""
    cities = {city for table, city, *_ in preview.scopes if table == "kpi"}
    kpi = preview.rows.get("kpi")
    if kpi is not None and not kpi.empty:
        cities |= {None if c is None or (isinstance(c, float) and c != c) else c for c in kpi["city"].unique()}
    return cities


def _retire_scopes(con: duckdb.DuckDBPyConnection, scopes: list[tuple], batch_id: int) -> None:
    """Mark the current rows of every scope as replaced: one UPDATE per table, joined to its scopes.

    The same rows seed.retire_scope marks scope by scope; a file of thousands of indicators would
    otherwise scan the table once per scope (issue #8).
    """
    by_table: dict[str, list[tuple]] = {}
    for table, city, plan, estimate in scopes:
        if table not in seed.FACT_TABLES:
            raise ValueError(f"unknown table {table}")
        by_table.setdefault(table, []).append((city, plan, estimate))
    for table, rows in by_table.items():
        group = "indicator" if table == "series" else "plan"
        estimate = (" and t.estimate is not distinct from s.estimate"
                    if table in ("effect_amounts", "effect_printed_totals") else "")
        frame = pd.DataFrame(rows, columns=["city", "scope", "estimate"], dtype=object)
        con.register("retired_scopes", frame)
        try:
            con.execute(f"""
                update {table} t set retired_by = $batch
                from (select distinct cast(city as varchar) as city, cast(scope as varchar) as scope,
                             cast(estimate as varchar) as estimate from retired_scopes) s
                where t.retired_by is null and t.batch_id <> $batch
                  and t.city is not distinct from s.city and t.{group} = s.scope{estimate}""",
                        {"batch": batch_id}).fetchall()
        finally:
            con.unregister("retired_scopes")


def restore(db_path: Path, before_batch: int, loaded_by: str | None = None) -> int:
    """Bring back the data as it was just before `before_batch`; recorded as a batch of its own."""
    with store.write(db_path) as con:
        kind = con.execute("select kind from batches where batch_id = ?", [before_batch]).fetchone()
        if kind is None or kind[0] == "seed":
            raise ValueError(f"バッチ {before_batch} は取込のバッチではありません。履歴の番号を確認してください。")
        batch_id = con.execute("select coalesce(max(batch_id), 0) + 1 from batches").fetchone()[0]
        seed.undo_since(con, before_batch, batch_id)
        con.execute("insert into batches (batch_id, kind, restores, loaded_by, loaded_at, note)"
                    " values (?, 'restore', ?, ?, ?, ?)",
                    [batch_id, before_batch, loaded_by, dt.datetime.now(), f"バッチ {before_batch} より前の状態に戻す"])
    return batch_id


def history(db_path: Path) -> pd.DataFrame:
    """Every batch, newest first."""
    con = store.connect_reader(db_path)
    try:
        return con.execute("""select batch_id, kind, file_name, sha256, size_bytes, sheets, row_counts,
                                     restores, loaded_by, loaded_at, note
                              from batches order by batch_id desc""").df()
    finally:
        con.close()
