"""Replicas on other machines read immutable files the one writer publishes (loaders/publish.py)."""
from __future__ import annotations

import os
import subprocess
import sys

from dashboard.db import Database
from loaders import publish, store
from tests.conftest import ROOT

KPI_CSV = ("市名,計画,年度,指標,目標,実績,達成,出典\n"
           "綾瀬市,行革テスト計画,R5,窓口の待ち時間,15分,12分,〇,試験\n").encode("cp932")


def _plans(db: Database) -> set[str]:
    return set(db.fetch("select plan from v_plans")["plan"])


def test_a_replica_follows_each_publication_at_its_next_query(live, tmp_path):
    shared = tmp_path / "shared"
    first = publish.publish(live, shared)
    link = shared / "plans.duckdb"
    assert link.is_symlink() and not os.path.isabs(os.readlink(link))   # each machine resolves its own mount
    replica = Database(link)   # what a replica with PLANS_DB=SHARED/plans.duckdb reads
    before = replica.version()
    assert "行革テスト計画" not in _plans(replica)

    csv = tmp_path / "kpi.csv"
    csv.write_bytes(KPI_CSV)
    done = subprocess.run([sys.executable, "-m", "loaders", "import", str(csv), "--db", str(live)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "行革テスト計画" not in _plans(replica)   # the writer's file is not the shared one
    second = publish.publish(live, shared)

    assert second != first and replica.version() != before
    assert "行革テスト計画" in _plans(replica)
    # The earlier version is never changed: it still holds the data it was published with.
    old = store.connect_reader(first)
    assert "行革テスト計画" not in set(store.cursor(old).execute("select plan from v_plans").df()["plan"])
    old.close()


def test_a_reader_keeps_the_version_it_opened(live, tmp_path):
    shared = tmp_path / "shared"
    publish.publish(live, shared)
    held = store.connect_reader(shared / "plans.duckdb")
    version = store.cursor(held).execute("select value from meta where key = 'data_version'").fetchone()[0]
    with store.write(live, derive=False):
        pass   # a new data version
    publish.publish(live, shared, keep=1, grace_s=600)
    assert store.cursor(held).execute("select value from meta where key = 'data_version'").fetchone()[0] == version
    held.close()


def test_publishing_the_same_version_twice_copies_it_once(live, tmp_path):
    shared = tmp_path / "shared"
    first = publish.publish(live, shared)
    stamp = first.stat().st_mtime_ns
    assert publish.publish(live, shared) == first and first.stat().st_mtime_ns == stamp


def test_old_versions_go_after_the_grace_period_never_the_current(live, tmp_path):
    shared = tmp_path / "shared"
    published = []
    for _ in range(4):
        with store.write(live, derive=False):
            pass
        published.append(publish.publish(live, shared, keep=2, grace_s=0))
    left = sorted((shared / "versions").glob("plans-*.duckdb"))
    assert published[-1] in left and len(left) == 2
    assert os.path.realpath(shared / "plans.duckdb") == str(published[-1].resolve())


def test_the_command_line_publishes(live, tmp_path):
    shared = tmp_path / "shared"
    done = subprocess.run([sys.executable, "-m", "loaders.publish", str(shared), "--db", str(live)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "公開しました" in done.stdout and (shared / "plans.duckdb").is_symlink()
