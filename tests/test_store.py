"""The one writer path: readers see old or new data, never a mix; a killed writer changes nothing."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

from loaders import importer, store
from loaders.layouts import Context
from tests.conftest import ROOT


def _copy(seed_db, tmp_path):
    path = tmp_path / "plans.duckdb"
    path.write_bytes(seed_db.read_bytes())
    return path


def _count(path, sql="select count(*) from v_series"):
    con = store.connect_reader(path)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def _series_csv(n: int, city="厚木市") -> bytes:
    lines = ["市名,指標,年度,値,出典"] + [f"{city},指標{i},R{1 + i % 9},{i}件,試験" for i in range(n)]
    return "\n".join(lines).encode("utf-8")


def test_a_reader_keeps_its_snapshot_until_it_reconnects(seed_db, tmp_path):
    path = _copy(seed_db, tmp_path)
    reader = store.connect_reader(path)
    before = reader.execute("select count(*) from v_series").fetchone()[0]
    importer.commit(importer.prepare(_series_csv(10), "s.csv", path), path)
    assert store.cursor(reader).execute("select count(*) from v_series").fetchone()[0] == before
    assert _count(path) == before + 10


def test_two_writers_at_once_are_serialised(seed_db, tmp_path):
    path = _copy(seed_db, tmp_path)
    before = _count(path)
    previews = [importer.prepare(_series_csv(5, city), f"{city}.csv", path) for city in ("厚木市", "綾瀬市")]
    batches = []
    threads = [threading.Thread(target=lambda p=p: batches.append(importer.commit(p, path))) for p in previews]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(batches) == [2, 3]
    assert _count(path) == before + 10


def test_a_killed_import_leaves_the_database_as_it_was(seed_db, tmp_path):
    path = _copy(seed_db, tmp_path)
    before = path.read_bytes()
    csv = tmp_path / "series.csv"
    csv.write_bytes(_series_csv(1_000))
    process = subprocess.Popen([sys.executable, "-m", "loaders", "import", str(csv), "--db", str(path)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "PLANS_PAUSE_BEFORE_SWAP": "60"})
    # Kill it with its new database written in full but not yet swapped in.
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".plans.duckdb.*.staging")):
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert path.read_bytes() == before
    assert _count(path) == _count(seed_db)
    # The next writer clears what the killed one left.
    importer.commit(importer.prepare(_series_csv(1), "one.csv", path), path)
    assert [p.name for p in tmp_path.iterdir() if "staging" in p.name] == []


def test_cli_import_exit_codes(seed_db, tmp_path):
    path = _copy(seed_db, tmp_path)
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(_series_csv(3))
    bad.write_bytes("市名,指標,年度,値,出典\n厚木市,x,R99年,1,試験\n".encode("cp932"))
    run = lambda *args: subprocess.run([sys.executable, "-m", "loaders", *args, "--db", str(path)],
                                       cwd=ROOT, capture_output=True, text=True)
    dry = run("import", str(good), "--dry-run")
    assert dry.returncode == 0 and "確認のみ" in dry.stdout
    failed = run("import", str(bad))
    assert failed.returncode == 1 and "bad.csv" in failed.stderr and "R99年" in failed.stderr
    assert run("import", str(tmp_path / "missing.csv")).returncode == 1
    assert subprocess.run([sys.executable, "-m", "loaders", "import"], cwd=ROOT, capture_output=True).returncode == 2
    loaded = run("import", str(good))
    assert loaded.returncode == 0 and "バッチ 2" in loaded.stdout
    history = run("history")
    assert "good.csv" in history.stdout
    assert run("restore", "2").returncode == 0
    assert _count(path) == _count(seed_db)


def test_v_kpi_is_derived_again_by_every_write_that_changes_the_plan_data(seed_db, tmp_path):
    path = _copy(seed_db, tmp_path)
    csv = ("市名,計画,年度,成果指標,目標,実績,方向,出典\n"
           "厚木市,試験計画,R5,窓口の待ち時間,10分以下,8分,低いほど良い,試験\n").encode("utf-8")
    importer.commit(importer.prepare(csv, "k.csv", path, Context()), path)
    con = store.connect_reader(path)
    try:
        ratio, label, status = con.execute(
            "select ratio, label, status from v_kpi where plan = '試験計画'").fetchone()
    finally:
        con.close()
    assert ratio == 10 / 8 and label == "厚木市｜窓口の待ち時間" and status == "not_judged"
    _assert_current_is_derived_whole(path)


def _assert_current_is_derived_whole(path):
    con = store.connect_reader(path)
    try:
        for a, b in (("kpi_current", "kpi_derived"), ("kpi_derived", "kpi_current")):
            assert con.execute(f"select count(*) from (from {a} except all from {b})").fetchone()[0] == 0
    finally:
        con.close()


def test_an_import_derives_again_only_its_cities_and_leaves_what_a_whole_rebuild_would(seed_db, tmp_path):
    path = _copy(seed_db, tmp_path)
    con = store.connect_reader(path)
    plan, = con.execute("select plan from v_kpi where city = '厚木市' limit 1").fetchone()
    con.close()
    csv = ("市名,計画,年度,成果指標,目標,実績,方向,出典\n"
           f"厚木市,{plan},R5,窓口の待ち時間,10分以下,12分,低いほど良い,試験\n").encode("utf-8")
    preview = importer.prepare(csv, "k.csv", path, Context())
    assert importer._cities(preview) == {"厚木市"}
    importer.commit(preview, path)
    assert _count(path, f"select count(*) from v_kpi where city = '厚木市' and plan = '{plan}'") == 1
    _assert_current_is_derived_whole(path)


def test_a_file_from_an_older_schema_is_rebuilt_before_it_is_read_keeping_its_batches(seed_db, tmp_path, monkeypatch):
    from dashboard import db
    path = _copy(seed_db, tmp_path)
    importer.commit(importer.prepare(_series_csv(3), "s.csv", path), path)
    with store.write(path, derive=False) as con:
        con.execute("update meta set value = 'older' where key = 'schema_version'")
    assert _schema(path) == "older"
    series = _count(path)
    assert db.Database(path).fetch("select count(*) as n from v_series")["n"][0] == series
    assert _schema(path) == store.SCHEMA_VERSION


def _schema(path):
    con = store.connect_reader(path)
    try:
        return store.schema_version(con)
    finally:
        con.close()


def test_the_database_path_is_the_argument_else_plans_db_else_data(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANS_DB", str(tmp_path / "env.duckdb"))
    assert store.db_path(tmp_path / "arg.duckdb") == tmp_path / "arg.duckdb"
    assert store.db_path() == tmp_path / "env.duckdb"
    monkeypatch.delenv("PLANS_DB")
    assert store.db_path() == ROOT / "data" / "plans.duckdb"
    assert store.db_path("") == ROOT / "data" / "plans.duckdb"


def test_a_path_with_a_quote_is_attached_as_written(seed_db, tmp_path):
    # ATTACH takes no parameters: the quote in the folder's name must be doubled, not end the string.
    folder = tmp_path / "it's here"
    folder.mkdir()
    path = _copy(seed_db, folder)
    assert store._sql_path(path) == str(path).replace("'", "''")
    assert _count(path) == _count(seed_db)


def test_file_identity_changes_when_a_writer_swaps_the_file(seed_db, tmp_path):
    path = _copy(seed_db, tmp_path)
    assert store.file_identity(tmp_path / "missing.duckdb") is None
    before = store.file_identity(path)
    assert before is not None and len(before) == 3
    importer.commit(importer.prepare(_series_csv(2), "s.csv", path), path)
    assert store.file_identity(path) != before


def test_a_file_written_before_schema_stamps_has_no_version(seed_db, tmp_path):
    path = _copy(seed_db, tmp_path)
    con = store.connect_reader(path)
    try:
        assert store.schema_version(con) == store.SCHEMA_VERSION
    finally:
        con.close()
    with store.write(path, derive=False) as con:
        con.execute("delete from meta where key = 'schema_version'")
    con = store.connect_reader(path)
    try:
        assert store.schema_version(con) is None
    finally:
        con.close()
