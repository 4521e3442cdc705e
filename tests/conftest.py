"""Shared fixtures: one seed database built from data/ per test session."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from loaders import seed, store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    """A database built from data/, shared read-only by the tests of a session."""
    path = tmp_path_factory.mktemp("db") / "plans.duckdb"
    seed.rebuild(path)
    return path


@pytest.fixture
def seed_con(seed_db):
    con = store.connect_reader(seed_db)
    yield con
    con.close()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of data/ to break on purpose."""
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy, ignore=shutil.ignore_patterns("*.duckdb*", "*.lock"))
    return copy


@pytest.fixture
def app_db(seed_db, monkeypatch) -> Path:
    """Pages under AppTest read the seed database."""
    monkeypatch.setenv("PLANS_DB", str(seed_db))
    return seed_db
