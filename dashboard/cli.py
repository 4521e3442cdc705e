"""Command line: python -m dashboard export --deck NAME --pptx FILE --pdf FILE [--db PATH]."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click


@click.group()
def main() -> None:
    """行政改革プラン分析: 会議資料の書き出し。"""


@main.command()
@click.option("--deck", required=True, help="デッキ名（例: 議会説明サンプル）")
@click.option("--pptx", "pptx", type=click.Path(dir_okay=False), help="PowerPoint ファイルの出力先")
@click.option("--pdf", "pdf", type=click.Path(dir_okay=False), help="PDF ファイルの出力先")
@click.option("--db", "db_path", type=click.Path(dir_okay=False),
              help="データベースファイル（既定: $PLANS_DB または data/plans.duckdb）")
def export(deck: str, pptx: str | None, pdf: str | None, db_path: str | None) -> None:
    """デッキを今のデータで描き、PowerPoint（16:9）と PDF に書き出す。"""
    if not pptx and not pdf:
        raise click.UsageError("--pptx か --pdf の少なくとも一方を指定してください。")
    if db_path:
        os.environ["PLANS_DB"] = str(Path(db_path).resolve())
    # Imported after --db is known: the reader takes its path from the environment.
    from dashboard import deck_export, deck_files
    try:
        images = deck_files.images(deck)
    except deck_files.DeckError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    for target, write in ((pptx, deck_export.to_pptx), (pdf, deck_export.to_pdf)):
        if target:
            Path(target).write_bytes(write(images, title=deck))
            click.echo(f"{target} に {len(images)} 枚を書き出しました。")
