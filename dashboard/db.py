"""One read-only DuckDB connection per process, renewed when a writer swaps in a new file.

Queries run on a cursor each (Streamlit serves sessions from several threads) and their results
are cached under the file's identity, so a commit anywhere, this process or another, shows at the
next rerun and nothing stale stays.

`with as_of(batch):` reads the data as it was when that batch was the last one loaded, for a deck
frozen for a meeting: fact tables keep every row with its `batch_id` and `retired_by`, so a row
was current then when batch_id <= batch and (retired_by is null or retired_by > batch). The same
views and the same kpi_current derivation the writer uses (schema.sql) run over those rows.
"""
from __future__ import annotations

import contextlib
import contextvars
import functools
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from loaders import seed, store


class Database:
    """The live database file as this process reads it."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._identity: tuple | None = None
        self._as_of: dict[tuple, duckdb.DuckDBPyConnection] = {}

    def _connection(self) -> tuple[duckdb.DuckDBPyConnection, tuple]:
        identity = store.file_identity(self.path)
        with self._lock:
            if identity is None:
                seed.rebuild(self.path)
                identity = store.file_identity(self.path)
            if identity != self._identity:
                con = store.connect_reader(self.path)
                if store.schema_version(con) != store.SCHEMA_VERSION:
                    # A file built by an older schema: build it from data/ (keeping every batch
                    # loaded since) before the first query reads it.
                    con.close()
                    seed.rebuild(self.path)
                    identity = store.file_identity(self.path)
                    con = store.connect_reader(self.path)
                # The old connection is left to the garbage collector: another thread may
                # still be reading from it, and it keeps the old file's data whole until then.
                self._con, self._identity = con, identity
            return self._con, self._identity

    def version(self) -> str:
        """Changes whenever a writer swaps in a new file."""
        return "-".join(map(str, self._connection()[1]))

    def fetch(self, sql: str, params: dict | None = None, as_of: int | None = None) -> pd.DataFrame:
        """Run one parameterised query on a fresh cursor (on the data as of a batch, if given)."""
        con, identity = self._connection()
        cur = store.cursor(con) if as_of is None else self._as_of_connection(identity, as_of).cursor()
        try:
            return cur.execute(sql, params or {}).df()
        finally:
            cur.close()


    def _as_of_connection(self, identity: tuple, batch: int) -> duckdb.DuckDBPyConnection:
        with self._lock:
            key = (identity, int(batch))
            if key not in self._as_of:
                if len(self._as_of) >= 4:
                    self._as_of.pop(next(iter(self._as_of)))
                self._as_of[key] = as_of_connection(self.path, int(batch))
            return self._as_of[key]


def as_of_connection(path: Path, batch: int) -> duckdb.DuckDBPyConnection:
    """An in-memory database showing the file's data as of `batch`: each fact table a view of the
    rows current then (retired_by cleared), the other tables as they are, then the file's own
    views and kpi_current derived again from those rows."""
    batch = int(batch)                       # an integer written into the SQL, never text
    con = duckdb.connect(":memory:")
    con.execute("set enable_progress_bar = false")
    con.execute(f"attach '{store._sql_path(Path(path))}' as stored (read_only)")
    columns: dict[str, set[str]] = {}
    for table, column in con.execute("select table_name, column_name from duckdb_columns() "
                                     "where database_name = 'stored' and schema_name = 'main'").fetchall():
        columns.setdefault(table, set()).add(column)
    kinds = dict(con.execute("select table_name, 'table' from duckdb_tables() where database_name = 'stored'").fetchall())
    for table, names in columns.items():
        if kinds.get(table) != "table" or table in store.DERIVED:
            continue
        if {"batch_id", "retired_by"} <= names:
            # a row with no batch (status_words / themes from data/) is reference data, there always
            body = (f"select * replace (null::integer as retired_by) from stored.main.{table} "
                    f"where coalesce(batch_id, 0) <= {batch} and (retired_by is null or retired_by > {batch})")
        elif table == "batches":
            body = f"select * from stored.main.batches where batch_id <= {batch}"
        else:
            body = f"select * from stored.main.{table}"
        con.execute(f"create view {table} as {body}")
    # the file's macros (effect_area_key) before the views that call them
    for name, parameters, body in con.execute(
            "select function_name, parameters, macro_definition from duckdb_functions() "
            "where database_name = 'stored' and function_type = 'macro' and not internal").fetchall():
        con.execute(f"create macro {name}({', '.join(parameters)}) as {body}")
    views = dict(con.execute("select view_name, sql from duckdb_views() "
                             "where database_name = 'stored' and not internal").fetchall())
    con.execute(views.pop("kpi_local"))   # read by kpi_derived
    con.execute(views.pop("kpi_derived"))
    con.execute("create table kpi_current as select * from kpi_derived order by city_code, row_order")
    for table, view, order in store.SUMMARIES:
        if view in views:                     # a deck frozen on a file from before the summaries
            con.execute(views.pop(view))
            con.execute(f"create table {table} as select * from {view} order by {order}")
    for sql in views.values():
        con.execute(sql)
    return con


_AS_OF: contextvars.ContextVar[int | None] = contextvars.ContextVar("as_of", default=None)


@contextlib.contextmanager
def as_of(batch: int | None) -> Iterator[None]:
    """Queries in the block read the data as of `batch` (None: the current data)."""
    token = _AS_OF.set(None if batch is None else int(batch))
    try:
        yield
    finally:
        _AS_OF.reset(token)


def reading_as_of() -> int | None:
    return _AS_OF.get()


@st.cache_resource(show_spinner=False)
def _database(path: str) -> Database:
    return Database(Path(path))


def database() -> Database:
    """The process's reader for the configured database file ($PLANS_DB or data/plans.duckdb)."""
    return _database(_resolved(str(store.db_path())))


@functools.lru_cache(maxsize=64)
def _resolved(path: str) -> str:
    # Resolving walks the path with a system call per part: a page's twenty queries did it twenty
    # times per view (a few milliseconds each on this machine). The setting names one file per process.
    return str(Path(path).resolve())


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached(path: str, version: str, batch: int | None, sql: str, params: tuple) -> pd.DataFrame:
    return _database(path).fetch(sql, dict(params), as_of=batch)


def query(sql: str, **params) -> pd.DataFrame:
    """A parameterised query (`$name` placeholders), cached per data version."""
    db = database()
    return _cached(str(db.path), db.version(), _AS_OF.get(), sql, tuple(sorted(params.items())))


def data_version() -> tuple[str, str]:
    """The version stamp and write time of the data on screen, as stored by the writer."""
    meta = dict(query("select key, value from meta").itertuples(index=False))
    return meta.get("data_version", "?"), meta.get("written_at", "?")


def current_batch() -> int:
    """The last batch loaded into the data on screen: what 「この版で固定」 freezes a deck at."""
    with as_of(None):
        return int(query("select max(batch_id) as b from batches")["b"].iloc[0])


_KEPT: dict[str, Callable] = {}


def kept(fn: Callable) -> Callable:
    """Keep a query function's whole result per data version, its pandas work after the SQL too:
    twenty people opening the same view cost the server one run of it. Arguments must be hashable."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    _KEPT[name] = fn

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        db = database()
        return _kept_call(str(db.path), db.version(), _AS_OF.get(), name, args, tuple(sorted(kwargs.items())))
    return wrapper


@st.cache_data(show_spinner=False, max_entries=512)
def _kept_call(path: str, version: str, batch: int | None, name: str, args: tuple, kwargs: tuple):
    with as_of(batch):
        return _KEPT[name](*args, **dict(kwargs))
