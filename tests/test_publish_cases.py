"""loaders.publish called in this process: its command line and what one publication leaves behind.

tests/test_publish.py runs the command in a child interpreter, where mutmut sees no test call
`main` (issue #19, docs/mutation.md); here `main` is called directly, with `publish` replaced by a
recorder where only the arguments it is handed matter.
"""
from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from loaders import publish, store

# What follows SHARED on the command line -> the keep and grace_s handed to publish().
ARGUMENTS = [
    ([], 3, 600.0),                          # the defaults: three versions, ten minutes
    (["--keep", "5"], 5, 600.0),
    (["--keep", "1"], 1, 600.0),
    (["--keep", "0"], 1, 600.0),             # the current version always stays
    (["--keep", "-4"], 1, 600.0),
    (["--grace-minutes", "0.5"], 3, 30.0),
    (["--grace-minutes", "0"], 3, 0.0),
    (["--keep", "2", "--grace-minutes", "90"], 2, 5400.0),
]

# publish(keep, grace_s) beside versions of these ages (seconds) -> the versions left beside the
# new one, which is always the newest.
PRUNES = [
    (2, 0, {"a": 30, "b": 60, "c": 90}, {"a"}),                       # the newest `keep` stay
    (1, 600, {"a": 30, "b": 600, "c": 601, "d": 7200}, {"a", "b"}),   # younger than the grace, or just at it
    (3, 600, {"a": 7200, "b": 9000}, {"a", "b"}),                     # fewer than `keep`: none goes
]


@pytest.fixture
def calls(monkeypatch) -> list[tuple]:
    """publish() replaced by a recorder of the arguments main hands it (none has a default)."""
    seen = []

    def recorder(live, shared, *, keep, grace_s):
        seen.append((live, shared, keep, grace_s))
        return shared / "versions" / "plans-v1.duckdb"

    monkeypatch.setattr(publish, "publish", recorder)
    monkeypatch.setattr(sys, "argv", ["pytest"])   # main reads the list it is given, not these
    return seen


def _version(path: Path) -> str:
    con = store.connect_reader(path)
    try:
        return store.cursor(con).execute("select value from meta where key = 'data_version'").fetchone()[0]
    finally:
        con.close()


def _new_version(live: Path) -> str:
    with store.write(live, derive=False):
        pass
    return _version(live)


@pytest.mark.parametrize("options, keep, grace_s", ARGUMENTS)
def test_the_command_hands_publish_its_options(calls, tmp_path, capsys, options, keep, grace_s):
    live, shared = tmp_path / "live.duckdb", tmp_path / "shared"
    live.touch()
    assert publish.main([str(shared), "--db", str(live), *options]) == 0
    assert calls == [(live, shared, keep, grace_s)]
    assert all(isinstance(value, type(expected)) for value, expected in zip(calls[0], (live, shared, keep, grace_s)))
    out, err = capsys.readouterr()
    assert (out, err) == (f"公開しました: {shared / 'plans.duckdb'} → versions/plans-v1.duckdb\n", "")


def test_without_db_the_command_publishes_plans_db(calls, tmp_path, monkeypatch):
    chosen, other = tmp_path / "chosen.duckdb", tmp_path / "other.duckdb"
    chosen.touch()
    other.touch()
    monkeypatch.setenv("PLANS_DB", str(other))
    publish.main([str(tmp_path / "shared"), "--db", str(chosen)])
    publish.main([str(tmp_path / "shared")])
    assert [live for live, *_ in calls] == [chosen, other]


def test_a_missing_database_is_named_and_nothing_is_published(calls, tmp_path, capsys):
    missing, shared = tmp_path / "missing.duckdb", tmp_path / "shared"
    assert publish.main([str(shared), "--db", str(missing)]) == 1
    assert calls == [] and not shared.exists()
    assert capsys.readouterr() == ("", f"{missing} がありません。python -m loaders rebuild で作ってください。\n")


def test_the_help_names_the_command_and_every_option(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")   # one line per option, whatever the terminal
    with pytest.raises(SystemExit) as done:
        publish.main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == ("usage: python -m loaders.publish [-h] [--db DB] [--keep KEEP]"
                                   " [--grace-minutes GRACE_MINUTES] shared")
    words = f" {' '.join(out.split())} "
    for row in ("データベースを共有ストレージに公開します（複数マシンのレプリカ向け）。",
                "shared 共有ストレージのディレクトリ（レプリカは PLANS_DB=SHARED/plans.duckdb）",
                "--db DB 公開するデータベース（既定: $PLANS_DB か data/plans.duckdb）",
                "--keep KEEP 残す版の数（既定: 3）",
                "--grace-minutes GRACE_MINUTES 古い版を消すまでの猶予（分、既定: 10）"):
        assert f" {row} " in words


def test_the_command_publishes_the_live_version_and_says_where(live, tmp_path, capsys):
    shared = tmp_path / "shared"
    version = _version(live)
    assert publish.main([str(shared)]) == 0   # PLANS_DB is the live file (conftest)
    target = shared / "versions" / f"plans-{version}.duckdb"
    assert os.readlink(shared / "plans.duckdb") == f"versions/plans-{version}.duckdb"
    assert target.read_bytes() == live.read_bytes()
    assert capsys.readouterr() == (f"公開しました: {shared / 'plans.duckdb'} → versions/plans-{version}.duckdb\n", "")


def test_a_file_without_a_data_version_is_refused_and_nothing_is_published(tmp_path):
    bare, shared = tmp_path / "bare.duckdb", tmp_path / "shared"
    con = duckdb.connect(str(bare))
    con.execute("create table meta (key varchar, value varchar)")
    con.close()
    with pytest.raises(ValueError) as refused:
        publish.publish(bare, shared)
    assert str(refused.value) == f"{bare} にデータ版がありません。python -m loaders rebuild で作り直してください。"
    assert list((shared / "versions").iterdir()) == [] and not os.path.lexists(shared / "plans.duckdb")


def test_a_copy_that_fails_midway_leaves_the_old_version_published(live, tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    first = publish.publish(live, shared)
    _new_version(live)

    def half_then_full_disk(source, out, length=0):
        out.write(source.read(4096))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copyfileobj", half_then_full_disk)
    with pytest.raises(OSError):
        publish.publish(live, shared)
    assert [p.name for p in (shared / "versions").iterdir()] == [first.name]   # no partial copy left
    assert sorted(p.name for p in shared.iterdir()) == ["plans.duckdb", "versions"]
    assert _version(shared / "plans.duckdb") == _version(first)


def test_the_link_moves_in_one_rename_once_the_new_file_is_whole(live, tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    link = shared / "plans.duckdb"
    first = publish.publish(live, shared)
    version = _new_version(live)
    seen = []
    replace = os.replace

    def watched(src, dst):
        if Path(dst) == link:   # what a reader opening the link sees just before and what comes next
            seen.append((_version(link), _version(Path(src)), os.readlink(src)))
        replace(src, dst)

    monkeypatch.setattr(os, "replace", watched)
    second = publish.publish(live, shared)
    assert second == shared / "versions" / f"plans-{version}.duckdb"
    assert seen == [(_version(first), version, f"versions/{second.name}")]
    assert _version(link) == version
    assert sorted(p.name for p in shared.iterdir()) == ["plans.duckdb", "versions"]   # no staged link left


def test_two_writers_publishing_one_version_at_once_leave_one_whole_file(live, tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    paused, resume = threading.Event(), threading.Event()
    copy = shutil.copyfileobj

    def first_waits_midway(source, out, length=0):
        if threading.current_thread() is not threading.main_thread():
            out.write(source.read(4096))
            paused.set()
            assert resume.wait(60)
        copy(source, out, length)

    monkeypatch.setattr(shutil, "copyfileobj", first_waits_midway)
    results = []
    writer = threading.Thread(target=lambda: results.append(publish.publish(live, shared)))
    writer.start()
    assert paused.wait(60)
    second = publish.publish(live, shared)   # the first writer's copy is still half done
    held = store.connect_reader(shared / "plans.duckdb")
    resume.set()
    writer.join()
    assert results == [second] and second.read_bytes() == live.read_bytes()
    assert [p.name for p in (shared / "versions").iterdir()] == [second.name]
    assert store.cursor(held).execute("select value from meta where key = 'data_version'").fetchone()[0] \
        == _version(live)   # a reader of the second writer's file keeps it when the first renames over it
    held.close()


def _aged(versions: Path, now: int, ages: dict[str, int]) -> None:
    for name, age in ages.items():
        (versions / name).touch()
        os.utime(versions / name, (now - age, now - age))


@pytest.mark.parametrize("keep, grace_s, ages, left", PRUNES)
def test_old_versions_beyond_keep_go_once_older_than_the_grace(live, tmp_path, monkeypatch, keep, grace_s,
                                                                ages, left):
    shared, now = tmp_path / "shared", int(time.time())   # the copy made after it is the newest
    monkeypatch.setattr(publish, "time", SimpleNamespace(time=lambda: now))
    (shared / "versions").mkdir(parents=True)
    _aged(shared / "versions", now, {f"plans-{name}.duckdb": age for name, age in ages.items()})
    _aged(shared / "versions", now, {"notes.txt": 7200})   # not a version: never pruned
    current = publish.publish(live, shared, keep=keep, grace_s=grace_s)
    assert sorted(p.name for p in (shared / "versions").iterdir()) == sorted(
        [current.name, "notes.txt", *(f"plans-{name}.duckdb" for name in left)])


def test_the_current_version_stays_even_when_older_than_the_others(live, tmp_path, monkeypatch):
    shared, now = tmp_path / "shared", int(time.time())
    monkeypatch.setattr(publish, "time", SimpleNamespace(time=lambda: now))
    current = publish.publish(live, shared)
    os.utime(current, (now - 7200, now - 7200))   # a version published long ago, published again
    _aged(shared / "versions", now, {"plans-newer.duckdb": 3600})
    assert publish.publish(live, shared, keep=1, grace_s=0) == current
    assert sorted(p.name for p in (shared / "versions").iterdir()) == [current.name, "plans-newer.duckdb"]
