"""The database file and its one writer path.

DuckDB lets one process hold a file for writing and then refuses every other process, readers
included. So no one ever writes the live file: a writer copies it, changes the copy, and renames
the copy over the live file (`os.replace` is atomic). Readers keep the file they opened until they
notice a new one; they see the old or the new data, never a mix, and a writer killed halfway leaves
the live file as it was. Writers take turns through a lock file.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import os
import shutil
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SCHEMA = Path(__file__).with_name("schema.sql")
# Stamped into every file built from the schema: a file from an older schema is rebuilt
# (seed.rebuild keeps every batch) before anyone reads it.
SCHEMA_VERSION = hashlib.sha256(SCHEMA.read_bytes()).hexdigest()[:12]


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database file: the argument, else $PLANS_DB, else data/plans.duckdb."""
    return Path(explicit or os.environ.get("PLANS_DB") or DATA_DIR / "plans.duckdb")


@contextlib.contextmanager
def _writer_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextlib.contextmanager
def write(path: Path, *, fresh: bool = False,
          derive: bool | Iterable[str | None] = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a copy of the database, swapped in when the block succeeds.

    `fresh=True` starts from an empty file with the schema (a rebuild); the live file, if any,
    is attached read-only as `previous` so the block can carry over what it must keep.
    `derive=False` skips rebuilding the derived tables, for writers that touch no plan data (decks);
    a collection of cities rebuilds only theirs, for a writer that changed only those cities' rows.
    """
    path = Path(path)
    with _writer_lock(path):
        # Holding the lock, any staging file left is from a writer that was killed: its work
        # never reached the live file, so it is only litter.
        for stale in path.parent.glob(f".{path.name}.*.staging*"):
            stale.unlink(missing_ok=True)
        staging = path.with_name(f".{path.name}.{uuid.uuid4().hex}.staging")
        try:
            if fresh:
                con = duckdb.connect(str(staging))
                con.execute(SCHEMA.read_text(encoding="utf-8"))
                con.execute("insert into meta values ('schema_version', ?)", [SCHEMA_VERSION])
                if path.exists():
                    con.execute(f"attach '{_sql_path(path)}' as previous (read_only)")
            else:
                shutil.copyfile(path, staging)
                con = duckdb.connect(str(staging))
            try:
                con.execute("begin")
                yield con
                if derive is not False:
                    refresh_derived(con, None if derive is True or fresh else derive)
                con.execute(
                    "insert or replace into meta values ('data_version', ?), ('written_at', ?)",
                    [uuid.uuid4().hex[:12], dt.datetime.now().strftime("%Y-%m-%d %H:%M")],
                )
                con.execute("commit")
                if fresh and path.exists():
                    con.execute("detach previous")
                con.execute("checkpoint")
            finally:
                con.close()
            with open(staging, "rb") as f:
                os.fsync(f.fileno())
            # Fault injection for the crash test: hold the finished copy unswapped for a while.
            time.sleep(float(os.environ.get("PLANS_PAUSE_BEFORE_SWAP", 0)))
            os.replace(staging, path)
        finally:
            for leftover in (staging, staging.with_name(staging.name + ".wal")):
                leftover.unlink(missing_ok=True)


def refresh_derived(con: duckdb.DuckDBPyConnection, cities: Iterable[str | None] | None = None) -> None:
    """Rebuild kpi_current from the fact and lookup tables (schema.sql: kpi_derived): all of it, or
    only the rows of `cities` (None for rows with no city) when a writer changed only those.

    Whole: about 4 s at a million indicator rows on two cores; one city: a fraction of a second.
    """
    con.execute("set enable_progress_bar = false")   # a server log is no terminal
    # Stored in page order (city code, document order), so a page's first rows are read from few
    # row groups; the order helps speed only, never results.
    if cities is None:
        con.execute("create or replace table kpi_current as select * from kpi_derived order by city_code, row_order")
        for table, view, order in SUMMARIES:
            con.execute(f"create or replace table {table} as select * from {view} order by {order}")
        return
    cities = list(cities)
    params = {"names": sorted({c for c in cities if c is not None}), "unnamed": None in cities}
    chosen = "(list_contains($names::varchar[], city) or ($unnamed and city is null))"
    for table, view, order in (("kpi_current", "kpi_derived", "city_code, row_order"), *SUMMARIES):
        # each summary is grouped by city (among others), so it is derived again from the rows of
        # kpi_current just written
        con.execute(f"delete from {table} where {chosen}", params)
        con.execute(f"insert into {table} select * from {view} where {chosen} order by {order}", params)


# (table, the view it is derived from, its storage order) for the summaries of kpi_current
# (schema.sql), rebuilt after it in this order; identifiers from this list only.
SUMMARIES = (
    ("kpi_labels", "kpi_labels_derived", "city_code, indicator_order"),
    ("kpi_groups", "kpi_groups_derived", "city_code, plan, policy_area"),
    ("kpi_departments", "kpi_departments_derived", "city, department"),
    ("kpi_years", "kpi_years_derived", "city, fiscal_year"),
)
DERIVED = ("kpi_current", *(table for table, _, _ in SUMMARIES))


def schema_version(con: duckdb.DuckDBPyConnection) -> str | None:
    """The schema stamp of the database a reader has open; None for a file from before stamps."""
    row = cursor(con).execute("select value from meta where key = 'schema_version'").fetchone()
    return row[0] if row else None


def _sql_path(path: Path) -> str:
    # ATTACH takes no parameters; the path is ours (never user text), quotes doubled anyway.
    return str(path).replace("'", "''")


def connect_reader(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only view of the live file as it is now.

    Attached into an in-memory database rather than opened with duckdb.connect(path): DuckDB
    caches instances by path within a process, so reconnecting by path after a swap would hand
    back the replaced file.
    """
    con = duckdb.connect(":memory:")
    con.execute(f"attach '{_sql_path(Path(path))}' as plans (read_only)")
    con.execute("use plans")
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor on a reader connection, pointed at the plan database."""
    cur = con.cursor()
    cur.execute("use plans")
    return cur


def file_identity(path: Path) -> tuple[int, int, int] | None:
    """What changes when a writer swaps in a new file; None when there is no file."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)
