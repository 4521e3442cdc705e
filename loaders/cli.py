"""Command line: python -m loaders rebuild | check."""
from __future__ import annotations

import json
import logging
import os
import sys

import click

from pathlib import Path

from dashboard.labels import BATCH_KINDS, TABLES, rows_by_table   # the words a person reads (no imports of its own)
from loaders import checks, importer, seed, store
from loaders.layouts import Context
from loaders.errors import LoadError

_DB = click.option("--db", "db", type=click.Path(dir_okay=False),
                   help="データベースファイル（既定: $PLANS_DB または data/plans.duckdb）")


# Examples a usage error shows: of an argument or option, and ("") of a whole command line.
EXAMPLES = {"FILE": "python -m loaders import 効果額.xlsx --city 厚木市", "BATCH": "python -m loaders restore 3",
            "--db": "--db data/plans.duckdb", "--city": "--city 厚木市", "--plan": "--plan 第7次行政改革大綱",
            "--estimate": "--estimate 後期アクションプラン策定時", "": "python -m loaders import 効果額.xlsx --dry-run"}

# Why a file could not be read, in words that say what to do.
_UNREADABLE = ((FileNotFoundError, "ファイルがありません。パスとファイル名を確かめてください。"),
               (IsADirectoryError, "フォルダです。ファイルを指定してください。"),
               (PermissionError, "読む権限がありません。ファイルの権限を確かめてください。"))


@click.group()
def main() -> None:
    """行政改革プラン・データベースの作成と点検。"""
    # A traceback (or a reading child's last words) is for the log, never for the analyst's
    # terminal: the file named by $PLANS_LOG, else nowhere.
    logger = logging.getLogger("loaders")
    logger.propagate = False
    if os.environ.get("PLANS_LOG"):
        handler = logging.FileHandler(os.environ["PLANS_LOG"], encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
    else:
        logger.addHandler(logging.NullHandler())


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
    summary = rows_by_table(counts)
    click.echo(f"{path} を作成しました: {summary}")


@main.command()
@_DB
def check(db: str | None) -> None:
    """合計・比較列・達成マーク・評価の語・統計の合計・基本目標の判断・達成率を元の数値と突き合わせる（不一致があれば終了コード1）。"""
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


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--city", help="ファイルに市名がないときの市名（例: 厚木市）")
@click.option("--plan", help="ファイルに計画名がないときの計画名")
@click.option("--estimate", help="効果額の時点（例: 後期アクションプラン策定時）")
@click.option("--include-hidden", is_flag=True, help="非表示（hidden / veryHidden）のシートも読み込む")
@click.option("--dry-run", is_flag=True, help="確認だけして書き込まない")
@_DB
def import_(file: str, city: str | None, plan: str | None, estimate: str | None, include_hidden: bool,
            dry_run: bool, db: str | None) -> None:
    """Excel（.xlsx / .xlsm / .xlsb / .xls / .ods）または CSV を確認し、誤りがなければ1つのバッチとして取り込む。

    読み込みは制限付きの別プロセスで行う（上限は PLANS_MAX_* の環境変数で変えられる）。"""
    path = store.db_path(db)
    if not path.exists():
        seed.rebuild(path)
    source = Path(file)
    try:
        data = source.read_bytes()
    except OSError as exc:
        why = next((words for kind, words in _UNREADABLE if isinstance(exc, kind)),
                   "ファイルを読めませんでした。別の場所に保存し直して指定してください。")
        click.echo(f"{file} を読めません: {why}", err=True)
        sys.exit(1)
    preview = importer.prepare(data, source.name, path, Context(city, plan, estimate, include_hidden))
    for warning in preview.warnings:
        click.echo(f"注意: {warning}", err=True)
    if not preview.ok:
        click.echo(importer.LoadError(preview.errors).report(), err=True)
        sys.exit(1)
    counts = rows_by_table(preview.row_counts())
    if preview.same_as_batch:
        click.echo(f"同じ内容のファイルがバッチ {preview.same_as_batch} で取込済みです。", err=True)
    for table, diff in preview.diff.items():
        summary = diff["区分"].value_counts().to_dict() if len(diff) else {}
        click.echo(f"{TABLES.get(table, table)}: 追加 {summary.get('追加', 0)}、変更 {summary.get('変更', 0)}、削除 {summary.get('削除', 0)}")
    if dry_run:
        click.echo(f"確認のみ（書き込みなし）: {counts}")
        return
    batch = importer.commit(preview, path)
    click.echo(f"バッチ {batch} として取り込みました: {counts}")


@main.command()
@click.argument("batch", type=int)
@_DB
def restore(batch: int, db: str | None) -> None:
    """指定したバッチより前の状態に戻す（戻したこと自体も1つのバッチとして記録）。"""
    try:
        new = importer.restore(store.db_path(db), batch)
    except ValueError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo(f"バッチ {batch} より前の状態に戻しました（記録: バッチ {new}）。")


@main.command()
@_DB
def history(db: str | None) -> None:
    """取込の履歴を新しい順に表示する。"""
    for row in importer.history(store.db_path(db)).itertuples():
        # a restore reads no file and writes no rows: NULL (NaN in the frame), and its note says what it did
        counts = rows_by_table(json.loads(row.row_counts)) if _text(row.row_counts) else _text(row.note)
        click.echo(f"{row.batch_id}\t{BATCH_KINDS.get(row.kind, row.kind)}\t{row.loaded_at:%Y-%m-%d %H:%M}\t"
                   f"{_text(row.file_name)}\t{counts}")


def _text(value) -> str:
    """A text cell of a frame, "" for NULL (None or NaN, never 「nan」)."""
    return value if isinstance(value, str) else ""
