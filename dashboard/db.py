"""One read-only DuckDB connection per process, renewed when a writer swaps in a new file.

Queries run on a cursor each (Streamlit serves sessions from several threads) and their results
are cached under the file's identity, so a commit anywhere, this process or another, shows at the
next rerun and nothing stale stays.
"""
from __future__ import annotations

import functools
import threading
from collections.abc import Callable
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

    def fetch(self, sql: str, params: dict | None = None) -> pd.DataFrame:
        """Run one parameterised query on a fresh cursor."""
        con, _ = self._connection()
        cur = store.cursor(con)
        try:
            return cur.execute(sql, params or {}).df()
        finally:
            cur.close()


@st.cache_resource(show_spinner=False)
def _database(path: str) -> Database:
    return Database(Path(path))


def database() -> Database:
    """The process's reader for the configured database file ($PLANS_DB or data/plans.duckdb)."""
    return _database(str(store.db_path().resolve()))


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached(path: str, version: str, sql: str, params: tuple) -> pd.DataFrame:
    return _database(path).fetch(sql, dict(params))


def query(sql: str, **params) -> pd.DataFrame:
    """A parameterised query (`$name` placeholders), cached per data version."""
    db = database()
    return _cached(str(db.path), db.version(), sql, tuple(sorted(params.items())))


def data_version() -> tuple[str, str]:
    """The version stamp and write time of the data on screen, as stored by the writer."""
    meta = dict(query("select key, value from meta").itertuples(index=False))
    return meta.get("data_version", "?"), meta.get("written_at", "?")


_KEPT: dict[str, Callable] = {}


def kept(fn: Callable) -> Callable:
    """Keep a query function's whole result per data version, its pandas work after the SQL too:
    twenty people opening the same view cost the server one run of it. Arguments must be hashable."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    _KEPT[name] = fn

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        db = database()
        return _kept_call(str(db.path), db.version(), name, args, tuple(sorted(kwargs.items())))
    return wrapper


@st.cache_data(show_spinner=False, max_entries=512)
def _kept_call(path: str, version: str, name: str, args: tuple, kwargs: tuple):
    return _KEPT[name](*args, **dict(kwargs))
