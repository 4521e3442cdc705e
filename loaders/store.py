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


def refresh_derived(con: duckdb.DuckDBPyConnection, cities: Iterable[str | None] | None = None,
                    batch: int | None = None) -> None:
    """Rebuild kpi_current from the fact and lookup tables (schema.sql: kpi_derived): all of it, or
    only the rows of `cities` (None for rows with no city) when a writer changed only those.

    Whole: about 4 s at a million indicator rows on two cores; one city: a fraction of a second.
    With `batch`, the import that replaced these cities' rows: a city whose rows keep their place
    (the same keys, areas, codes and sources) has only the values of the rows that differ
    derived again, in place (schema.sql: kpi_local); any other city is derived whole.
    """
    con.execute("set enable_progress_bar = false")   # a server log is no terminal
    # Stored in page order (city code, document order), so a page's first rows are read from few
    # row groups; the order helps speed only, never results.
    if cities is None:
        con.execute("create or replace table kpi_current as select * from kpi_derived order by city_code, row_order")
        for table, view, order in SUMMARIES:
            con.execute(f"create or replace table {table} as select * from {view} order by {order}")
        return
    touched = list(cities)
    whole = touched
    if batch is not None:
        moved = _cities_reordered(con, batch)
        _update_in_place(con, batch, [c for c in touched if c not in moved])
        whole = [c for c in touched if c in moved]
    chosen = "(list_contains($names::varchar[], city) or ($unnamed and city is null))"
    # kpi_current for the cities derived whole; then every summary for every touched city, the
    # ones updated in place included: each summary is grouped by city (among others), so it is
    # derived again from the rows of kpi_current just written
    steps = ([("kpi_current", "kpi_derived", "city_code, row_order", whole)] if whole else []) + \
            [(table, view, order, touched) for table, view, order in SUMMARIES]
    for table, view, order, which in steps:
        params = {"names": sorted({c for c in which if c is not None}), "unnamed": None in which}
        con.execute(f"delete from {table} where {chosen}", params)
        con.execute(f"insert into {table} select * from {view} where {chosen} order by {order}", params)


# (table, the view it is derived from, its storage order) for the summaries of kpi_current
# (schema.sql), rebuilt after it in this order; identifiers from this list only.
SUMMARIES = (
    ("kpi_labels", "kpi_labels_derived", "city_code, indicator_order"),
    ("kpi_groups", "kpi_groups_derived", "city_code, plan, policy_area"),
    ("kpi_plan_statuses", "kpi_plan_statuses_derived", "city_code, plan"),
    ("kpi_departments", "kpi_departments_derived", "city, department"),
    ("kpi_department_names", "kpi_department_names_derived", "city, department"),
    ("kpi_years", "kpi_years_derived", "city, fiscal_year"),
)
DERIVED = ("kpi_current", *(table for table, _, _ in SUMMARIES))


# What places a row among its city's rows in kpi_derived (its label, ranks, theme and document);
# every other column of kpi_current is the row's own (kpi_local). The first five are kpi's key.
_KPI_KEY = ("city", "plan", "fiscal_year", "period", "indicator")
_KPI_PLACE = (*_KPI_KEY, "policy_area", "initiative_code", "source", "theme", "label", "city_code",
              "label_id", "document", "indicator_order", "row_order")
_SAME_ROW = " and ".join(f"n.{k} is not distinct from o.{k}" for k in _KPI_KEY)


def _cities_reordered(con: duckdb.DuckDBPyConnection, batch: int) -> set[str | None]:
    """Cities where `batch` added or removed a row, or moved one (another area, code or source)."""
    rows = con.execute(f"""
        with n as (select * from kpi where batch_id = $batch),
             o as (select * from kpi where retired_by = $batch)
        select distinct coalesce(n.city, o.city) from n full join o on {_SAME_ROW}
        where n.plan is null or o.plan is null or n.policy_area is distinct from o.policy_area
           or n.initiative_code is distinct from o.initiative_code or n.source is distinct from o.source
        union  -- as many rows as before, each matched: no key held twice before
        select coalesce(a.city, b.city)
        from (select city, count(*) as rows from n group by all) a
        full join (select city, count(*) as rows from o group by all) b on a.city is not distinct from b.city
        where a.rows is distinct from b.rows""",
                       {"batch": batch}).fetchall()
    return {city for city, in rows}


def _update_in_place(con: duckdb.DuckDBPyConnection, batch: int, cities: list[str | None]) -> None:
    """The rows of `cities` whose stored values `batch` changed, derived again where they stand."""
    if not cities:
        return
    raw = [c for c, in con.execute("select column_name from duckdb_columns() where table_name = 'kpi' "
                                    "and database_name = current_database() and schema_name = 'main' "
                                    "and column_name not in ('batch_id', 'retired_by') order by column_index")
           .fetchall()]
    own = [c for c, in con.execute("select column_name from duckdb_columns() where table_name = 'kpi_current' "
                                    "and database_name = current_database() and schema_name = 'main' "
                                    "order by column_index").fetchall() if c not in _KPI_PLACE]
    differs = " or ".join(f"n.{c} is distinct from o.{c}" for c in raw if c not in _KPI_KEY)
    keys = ", ".join(f"n.{k}" for k in _KPI_KEY)
    params = {"batch": batch, "names": sorted({c for c in cities if c is not None}), "unnamed": None in cities}
    con.execute(f"""
        update kpi_current c set {", ".join(f"{col} = l.{col}" for col in own)}
        from (select l.* from kpi_local l
              semi join (select {keys} from kpi n join kpi o on {_SAME_ROW}
                         where n.batch_id = $batch and o.retired_by = $batch
                           and (list_contains($names::varchar[], n.city) or ($unnamed and n.city is null))
                           and ({differs})) d
                   on {" and ".join(f"l.{k} is not distinct from d.{k}" for k in _KPI_KEY)}
              where l.batch_id = $batch) l
        where {" and ".join(f"c.{k} is not distinct from l.{k}" for k in _KPI_KEY)}""", params)


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
