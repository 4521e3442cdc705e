"""Command line: python -m loaders rebuild | check."""
from __future__ import annotations

import sys

import click

from loaders import checks, seed, store
from loaders.errors import LoadError

_DB = click.option("--db", "db", type=click.Path(dir_okay=False),
                   help="データベースファイル（既定: $PLANS_DB または data/plans.duckdb）")


@click.group()
def main() -> None:
    """行政改革プラン・データベースの作成と点検。"""


@main.command()
@_DB
def rebuild(db: str | None) -> None:
    """data/ の元資料からデータベースを作り直す（取込済みのバッチは引き継ぐ）。"""
    path = store.db_path(db)
    try:
        counts = seed.rebuild(path)
    except LoadError as exc:
        click.echo(exc.report(), err=True)
        sys.exit(1)
    summary = "、".join(f"{table} {n}行" for table, n in counts.items())
    click.echo(f"{path} を作成しました: {summary}")


@main.command()
@_DB
def check(db: str | None) -> None:
    """合計・比較列・達成マークを元の数値と突き合わせる（不一致があれば終了コード1）。"""
    path = store.db_path(db)
    if not path.exists():
        click.echo(f"{path} がありません。先に python -m loaders rebuild を実行してください。", err=True)
        sys.exit(1)
    con = store.connect_reader(path)
    try:
        findings = checks.run(con)
    finally:
        con.close()
    for finding in findings:
        click.echo(str(finding))
    failed = checks.failures(findings)
    if failed:
        click.echo(f"{len(failed)}件の不一致があります。", err=True)
        sys.exit(1)
    click.echo(f"点検完了: 不一致なし（既知の不一致 {len(findings)}件）")
