"""Publish the live database to shared storage, for replicas on other machines.

The writer path (store.write) renames a new file over the live one. That is atomic for readers on
the same machine, who keep the old file's inode open, but a network file system does not keep a
replaced file for other machines' readers. So publication never replaces a file: each data
version is copied once to `SHARED/versions/plans-<data_version>.duckdb` and never changed, and
`SHARED/plans.duckdb` is a relative symbolic link swapped (atomically) to the newest one. Replicas
set PLANS_DB=SHARED/plans.duckdb: the app sees the link point elsewhere (the file's identity
changes) and opens the new version at its next rerun, as it does after a local swap. Old versions
are removed only once newer ones exist and they are older than a grace period, so a replica
mid-query keeps its file.

    .venv/bin/python -m loaders.publish SHARED [--db LIVE] [--keep 3] [--grace-minutes 10]
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
import uuid
from pathlib import Path

from loaders import store

LINK = "plans.duckdb"
VERSIONS = "versions"


def data_version(path: Path) -> str:
    con = store.connect_reader(path)
    try:
        row = store.cursor(con).execute("select value from meta where key = 'data_version'").fetchone()
    finally:
        con.close()
    if not row:
        raise ValueError(f"{path} にデータ版がありません。python -m loaders rebuild で作り直してください。")
    return row[0]


def publish(live: Path, shared: Path, *, keep: int = 3, grace_s: float = 600.0) -> Path:
    """Copy the live file's data version to shared storage (once) and point the link at it."""
    versions = shared / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    # The live file is never written in place, so one open gives one whole data version.
    with open(live, "rb") as source:
        target = versions / f"plans-{data_version(live)}.duckdb"
        if not target.exists():
            partial = versions / f".{target.name}.{uuid.uuid4().hex}.partial"
            try:
                with open(partial, "wb") as out:
                    shutil.copyfileobj(source, out, 16 << 20)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(partial, target)
            finally:
                partial.unlink(missing_ok=True)
    link = shared / LINK
    staged = shared / f".{LINK}.{uuid.uuid4().hex}.link"
    os.symlink(Path(VERSIONS) / target.name, staged)   # relative: each machine resolves its own mount
    os.replace(staged, link)
    _prune(versions, target, keep, grace_s)
    return target


def _prune(versions: Path, current: Path, keep: int, grace_s: float) -> None:
    files = sorted(versions.glob("plans-*.duckdb"), key=lambda p: p.stat().st_mtime, reverse=True)
    now = time.time()
    for old in files[keep:]:
        if old != current and now - old.stat().st_mtime > grace_s:
            old.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders.publish",
                                     description="データベースを共有ストレージに公開します（複数マシンのレプリカ向け）。")
    parser.add_argument("shared", type=Path, help="共有ストレージのディレクトリ（レプリカは PLANS_DB=SHARED/plans.duckdb）")
    parser.add_argument("--db", type=Path, default=None, help="公開するデータベース（既定: $PLANS_DB か data/plans.duckdb）")
    parser.add_argument("--keep", type=int, default=3, help="残す版の数（既定: 3）")
    parser.add_argument("--grace-minutes", type=float, default=10.0, help="古い版を消すまでの猶予（分、既定: 10）")
    args = parser.parse_args(argv)
    live = store.db_path(args.db)
    if not live.exists():
        print(f"{live} がありません。python -m loaders rebuild で作ってください。", file=sys.stderr)
        return 1
    target = publish(live, args.shared, keep=max(1, args.keep), grace_s=args.grace_minutes * 60)
    print(f"公開しました: {args.shared / LINK} → {target.relative_to(args.shared)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
