"""Batch bookkeeping: every load is a batch; a batch replaces scopes by retiring their rows and
can be undone, itself recorded as a batch. Nothing is ever deleted (schema.sql: batch_id,
retired_by). The seed rebuild, the importer's commit and restore all go through here.
"""
from __future__ import annotations

import datetime as dt
import json

import duckdb
import pandas as pd

from loaders.tables import SPECS

FACT_TABLES = tuple(SPECS)
# Lookup tables an import may add rows to (issue #16: a grade word's meaning, a new pillar's theme,
# chosen at preview): rows of data/ have no batch_id; a batch's rows are undone with the batch.
MAPPING_TABLES = ("status_words", "themes")
_MAPPING_KEYS = {"status_words": ("city", "column_name", "word"), "themes": ("city", "plan", "policy_area", "initiative")}


def next_id(con: duckdb.DuckDBPyConnection) -> int:
    # fetchall, not fetchone: DuckDB refuses more work on a connection with rows left unread
    return con.execute("select coalesce(max(batch_id), 0) + 1 from batches").fetchall()[0][0]


def _spec(table: str):
    if table not in SPECS:
        raise ValueError(f"unknown table {table}")
    return SPECS[table]


def retire_scope(con: duckdb.DuckDBPyConnection, table: str, city: str | None, plan: str,
                 estimate: str | None, by_batch: int, only_batch: int | None = None) -> int:
    """Mark the current rows of one scope (table + city + plan [+ estimate]) as replaced.

    Statistics (series) belong to no plan: their scope is the city and the indicator, passed as `plan`.
    """
    spec = _spec(table)
    sql = (f"update {table} set retired_by = ? where retired_by is null and batch_id <> ?"
           f" and city is not distinct from ? and {spec.group} = ?")
    params = [by_batch, by_batch, city, plan]
    if spec.by_estimate:
        sql += " and estimate is not distinct from ?"
        params.append(estimate)
    if only_batch is not None:
        sql += " and batch_id = ?"
        params.append(only_batch)
    return con.execute(sql, params).fetchone()[0]


def retire_scopes(con: duckdb.DuckDBPyConnection, scopes: list[tuple], batch_id: int) -> None:
    """Mark the current rows of every scope as replaced: one UPDATE per table, joined to its scopes.

    The same rows retire_scope marks scope by scope; a file of thousands of indicators would
    otherwise scan the table once per scope (issue #8).
    """
    by_table: dict[str, list[tuple]] = {}
    for table, city, plan, estimate in scopes:
        _spec(table)
        by_table.setdefault(table, []).append((city, plan, estimate))
    for table, rows in by_table.items():
        spec = SPECS[table]
        estimate = " and t.estimate is not distinct from s.estimate" if spec.by_estimate else ""
        frame = pd.DataFrame(rows, columns=["city", "scope", "estimate"], dtype=object)
        con.register("retired_scopes", frame)
        try:
            con.execute(f"""
                update {table} t set retired_by = $batch
                from (select distinct cast(city as varchar) as city, cast(scope as varchar) as scope,
                             cast(estimate as varchar) as estimate from retired_scopes) s
                where t.retired_by is null and t.batch_id <> $batch
                  and t.city is not distinct from s.city and t.{spec.group} = s.scope{estimate}""",
                        {"batch": batch_id}).fetchall()
        finally:
            con.unregister("retired_scopes")


def retire_mappings(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, batch_id: int) -> None:
    """Retire an earlier batch's meaning of the same word or pillar: one current row per key."""
    key = _MAPPING_KEYS[table]
    con.register("new_mappings", frame[list(key)].astype(object))
    try:
        on = " and ".join(f"t.{k} is not distinct from cast(n.{k} as varchar)" for k in key)
        con.execute(f"""update {table} t set retired_by = $batch from new_mappings n
                        where t.retired_by is null and t.batch_id is not null and {on}""", {"batch": batch_id})
    finally:
        con.unregister("new_mappings")


def undo_since(con: duckdb.DuckDBPyConnection, first_undone: int, by_batch: int,
               only_batch: int | None = None) -> None:
    """Rows as they were before `first_undone`: later rows retired, rows retired since brought back.

    A mapping row of data/ (batch_id NULL) is older than every batch: one a theme change on
    都市比較 retired comes back when that change is undone."""
    for table in FACT_TABLES + (MAPPING_TABLES if only_batch is None else ()):
        only, extra = ("", []) if only_batch is None else (" and batch_id = ?", [only_batch])
        con.execute(f"update {table} set retired_by = ? where batch_id >= ? and batch_id < ?"
                    f" and retired_by is null{only}", [by_batch, first_undone, by_batch, *extra])
        con.execute(f"update {table} set retired_by = null where coalesce(batch_id, 0) < ? and retired_by >= ?"
                    f" and retired_by < ?{only}", [first_undone, first_undone, by_batch, *extra])
    if only_batch is not None:   # a rebuild: data/'s mapping rows, read again, as the batches left them
        for table in MAPPING_TABLES:
            con.execute(f"update {table} set retired_by = null where batch_id is null and retired_by >= ?"
                        f" and retired_by < ?", [first_undone, by_batch])


def retire_reference_mappings(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    """Retire data/'s mapping rows (batch_id NULL) of the keys `batch_id` gave a new meaning: what a
    theme change on 都市比較 did, done again on the rows a rebuild read from data/."""
    for table in MAPPING_TABLES:
        on = " and ".join(f"t.{k} is not distinct from n.{k}" for k in _MAPPING_KEYS[table])
        con.execute(f"""update {table} t set retired_by = $batch
                        from (select * from {table} where batch_id = $batch) n
                        where t.retired_by is null and t.batch_id is null and {on}""", {"batch": batch_id})


def change_mappings(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, batch_id: int) -> None:
    """Replace the current meaning of each key of `frame` (data/'s row or an earlier batch's) by
    `frame`'s, as rows of `batch_id`: the earlier row is retired, never deleted."""
    key = _MAPPING_KEYS[table]
    con.register("new_mappings", frame[list(key)].astype(object))
    try:
        on = " and ".join(f"t.{k} is not distinct from cast(n.{k} as varchar)" for k in key)
        con.execute(f"update {table} t set retired_by = $batch from new_mappings n where t.retired_by is null and {on}",
                    {"batch": batch_id})
    finally:
        con.unregister("new_mappings")


def record_mapping(con: duckdb.DuckDBPyConnection, batch_id: int, *, row_counts: dict, note: str,
                   loaded_by: str | None) -> None:
    """A batch of meanings changed on a page (kind mapping): no file, no fact rows, undone by restore."""
    con.execute("insert into batches (batch_id, kind, row_counts, scopes, loaded_by, loaded_at, note)"
                " values (?, 'mapping', ?, '[]', ?, ?, ?)",
                [batch_id, json.dumps(row_counts, ensure_ascii=False), loaded_by, dt.datetime.now(), note])


def replay(con: duckdb.DuckDBPyConnection, only_batch: int) -> None:
    """Replay on `only_batch`'s rows what every later batch did (replaced a scope, or undid an
    earlier batch): a rebuilt seed under the analysts' batches carried over."""
    for batch_id, kind, scopes, restores in con.execute(
            "select batch_id, kind, scopes, restores from batches where kind <> 'seed' order by batch_id").fetchall():
        if kind == "restore":
            undo_since(con, restores, batch_id, only_batch=only_batch)
        if kind == "mapping":
            retire_reference_mappings(con, batch_id)
        for table, city, plan, estimate in json.loads(scopes or "[]"):
            retire_scope(con, table, city, plan, estimate, batch_id, only_batch=only_batch)


def record_import(con: duckdb.DuckDBPyConnection, batch_id: int, *, file_name: str, sha256: str,
                  size_bytes: int, sheets: list[str], row_counts: dict, scopes: list[tuple],
                  loaded_by: str | None) -> None:
    con.execute(
        "insert into batches (batch_id, kind, file_name, sha256, size_bytes, sheets, row_counts, scopes,"
        " loaded_by, loaded_at) values (?, 'import', ?, ?, ?, ?, ?, ?, ?, ?)",
        [batch_id, file_name, sha256, size_bytes, json.dumps(sheets, ensure_ascii=False),
         json.dumps(row_counts, ensure_ascii=False), json.dumps(scopes, ensure_ascii=False),
         loaded_by, dt.datetime.now()])


def restore(con: duckdb.DuckDBPyConnection, before_batch: int, loaded_by: str | None = None) -> int:
    """Bring back the data as it was just before `before_batch`; recorded as a batch of its own."""
    kind = con.execute("select kind from batches where batch_id = ?", [before_batch]).fetchall()
    if not kind or kind[0][0] == "seed":
        raise ValueError(f"バッチ {before_batch} は取込のバッチではありません。履歴の番号を確認してください。")
    batch_id = next_id(con)
    undo_since(con, before_batch, batch_id)
    con.execute("insert into batches (batch_id, kind, restores, loaded_by, loaded_at, note)"
                " values (?, 'restore', ?, ?, ?, ?)",
                [batch_id, before_batch, loaded_by, dt.datetime.now(), f"バッチ {before_batch} より前の状態に戻す"])
    return batch_id


def same_file(con: duckdb.DuckDBPyConnection, sha256: str) -> int | None:
    """The last import batch of a file with these bytes, or None."""
    row = con.execute("select max(batch_id) from batches where sha256 = ? and kind = 'import'", [sha256]).fetchone()
    return row[0] if row else None


def history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every batch, newest first."""
    return con.execute("""select batch_id, kind, file_name, sha256, size_bytes, sheets, row_counts,
                                 restores, loaded_by, loaded_at, note
                          from batches order by batch_id desc""").df()
