"""Build the plan database from data/: reference tables, then the seed as batch 1.

A rebuild carries over every batch an analyst loaded later (and what those batches replaced),
so nothing loaded by hand is lost.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from loaders import batches, municipalities, store, tables
from loaders.errors import CellError, LoadError, column_letter, located
from loaders.readers import read_csv_text

SEED_BATCH = 1
FACT_TABLES = batches.FACT_TABLES  # in the order of tables.SPECS
_REFERENCE = ("municipalities", "status_words", "themes", "known_discrepancies", "documents", "staffing")


def read_reference(data_dir: Path) -> dict[str, pd.DataFrame]:
    """The reference tables of data/, validated."""
    frames = {}
    errors: list[CellError] = []
    for name in _REFERENCE:
        path = data_dir / f"{name}.csv"
        frame, _ = read_csv_text(path.read_bytes())
        frames[name] = frame.replace({"": None})
    errors += municipalities.validate(frames["municipalities"], file=f"{data_dir.name}/municipalities.csv")
    frames["themes"], problems = read_themes(frames["themes"], file=f"{data_dir.name}/themes.csv")
    errors += problems
    words = frames["status_words"]
    duplicated = words[words.duplicated(["city", "column_name", "word"], keep=False)]
    for index in duplicated.index:
        errors.append(CellError(f"{data_dir.name}/status_words.csv", None, index + 2, "word",
                                words.at[index, "word"], "同じ市・列・語の行が重複しています。1行にしてください。"))
    if errors:
        raise LoadError(errors)
    frames["municipalities"]["population"] = pd.to_numeric(frames["municipalities"]["population"])
    return frames


def read_themes(frame: pd.DataFrame, *, file: str) -> tuple[pd.DataFrame, list[CellError]]:
    """The theme mapping (per pillar, or per initiative under it) through the table parser: its
    headers as in tables.THEMES, every cell checked; a blank area_kind is a pillar (柱)."""
    frame, headings, errors = _by_field("themes", frame, file)
    parsed, problems = tables.parse("themes", frame.fillna(""), file=file, headings=headings)
    errors += problems
    key = ["city", "plan", "policy_area", "initiative"]
    if not problems and not parsed.empty:
        parsed["area_kind"] = parsed.get("area_kind", pd.Series(index=parsed.index, dtype=object)).fillna("柱")
        for index in parsed.index[parsed.duplicated([k for k in key if k in parsed], keep=False)]:
            errors.append(CellError(file, None, int(index) + 2, "theme", parsed.at[index, "theme"],
                                    "同じ計画・分野・取組の行が重複しています。1行にしてください。"))
    return parsed, errors


def _by_field(table: str, frame: pd.DataFrame, file: str) -> tuple[pd.DataFrame, dict, list[CellError]]:
    """A data/ CSV's columns named by the table's fields, each field's column letter and heading as
    the file has them (for tables.parse's errors), and an error for each header that names no field
    or a field an earlier header names too: such a column is left out, never guessed at."""
    mapping, unknown = tables.header_map(table, list(frame.columns))
    errors = [CellError(file, None, 1, h, h, "この見出しは使えません。data/README.md の列名にしてください。")
              for h in unknown]
    first: dict[str, int] = {}
    keep = []
    for position, header in enumerate(frame.columns):
        field = mapping.get(header)
        if field is None:
            continue
        if field in first:
            errors.append(located("duplicate-field", file=file, row=1, column=column_letter(position + 1),
                                  header=header, text=header, first=column_letter(first[field] + 1),
                                  first_header=frame.columns[first[field]],
                                  field=tables.field_label(table, field)))
            continue
        first[field] = position
        keep.append(position)
    kept = frame.iloc[:, keep]
    headings = {mapping[frame.columns[p]]: (column_letter(p + 1), frame.columns[p]) for p in keep}
    return kept.set_axis([mapping[h] for h in kept.columns], axis=1), headings, errors


def read_seed(data_dir: Path, known_cities: set[str]) -> dict[str, pd.DataFrame]:
    """Every data/seed/*_<table>.csv parsed into typed rows; LoadError listing every bad cell."""
    rows: dict[str, list[pd.DataFrame]] = {t: [] for t in FACT_TABLES}
    errors: list[CellError] = []
    for table in FACT_TABLES:
        for path in sorted((data_dir / "seed").glob(f"*_{table}.csv")):
            name = f"{data_dir.name}/seed/{path.name}"
            frame, _ = read_csv_text(path.read_bytes())
            frame, headings, unreadable = _by_field(table, frame, name)
            errors += unreadable
            parsed, problems = tables.parse(table, frame, file=name, headings=headings)
            errors += problems
            errors += municipalities.unknown_cities(parsed, known_cities, file=name)
            rows[table].append(parsed)
    if errors:
        raise LoadError(errors)
    return {t: pd.concat(parts, ignore_index=True) if parts else pd.DataFrame() for t, parts in rows.items()}


def insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, **constants) -> int:
    """Append a frame to a table by column name; returns the row count."""
    if frame.empty:
        return 0
    frame = frame.assign(**constants)
    columns = ", ".join(f'"{c}"' for c in frame.columns)  # names come from tables.TABLES, not from files
    con.register("incoming", _arrow(frame))
    try:
        con.execute(f"insert into {table} ({columns}) select {columns} from incoming")
    finally:
        con.unregister("incoming")
    return len(frame)


def _arrow(frame: pd.DataFrame) -> pa.Table | pd.DataFrame:
    """The frame as an Arrow table: DuckDB scans a million rows of text columns from Arrow in a
    fraction of the time it takes over pandas objects (issue #8). A column Arrow cannot type
    (numbers and words mixed) leaves the frame as it is."""
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return frame


def rebuild(path: Path, data_dir: Path = store.DATA_DIR) -> dict[str, int]:
    """Build the database from data/ into `path`, keeping later batches; returns rows per table."""
    reference = read_reference(data_dir)
    seed = read_seed(data_dir, set(reference["municipalities"]["name"]))
    counts = {}
    with store.write(path, fresh=True) as con:
        for name, frame in reference.items():
            insert(con, name, frame)
        for table, frame in seed.items():
            counts[table] = insert(con, table, frame, batch_id=SEED_BATCH)
        con.execute(
            "insert into batches (batch_id, kind, file_name, row_counts, loaded_at, note)"
            " values (?, 'seed', 'data/', ?, ?, 'data/ の元資料から作成')",
            [SEED_BATCH, json.dumps(counts, ensure_ascii=False), dt.datetime.now()],
        )
        if _has_previous(con):
            _carry_over_batches(con)
    return counts


def _has_previous(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("select count(*) from duckdb_databases() where database_name = 'previous'").fetchone()[0])


def _carry_over_batches(con: duckdb.DuckDBPyConnection) -> None:
    """Copy analysts' batches from the previous file, then replay on the new seed rows what
    those batches did to the old ones (replaced a scope, or undid an earlier batch)."""
    con.execute("insert into batches select * from previous.batches where kind <> 'seed'")
    kept = {r[0] for r in con.execute(
        "select table_name from duckdb_tables() where database_name = 'previous'").fetchall()}
    for table in FACT_TABLES:
        if table not in kept:
            continue  # a table added to the schema since the previous file was written (issue #15)
        # by name: a file from an older schema lacks the columns added since (issue #15)
        con.execute(f"insert into {table} by name select * from previous.{table} where batch_id <> ?", [SEED_BATCH])
    for table in batches.MAPPING_TABLES:   # meanings analysts chose at preview (issue #16), as they were
        columns = {c for c, in con.execute(
            "select column_name from duckdb_columns() where database_name = 'previous' and table_name = ?",
            [table]).fetchall()}
        if "batch_id" in columns:
            con.execute(f"insert into {table} by name select * from previous.{table} where batch_id is not null")
    batches.replay(con, only_batch=SEED_BATCH)


# Kept under their old names: the batch bookkeeping lives in loaders/batches.py
retire_scope = batches.retire_scope
undo_since = batches.undo_since
