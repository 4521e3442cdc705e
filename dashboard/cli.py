"""Command line: python -m dashboard export | freeze | unfreeze | changes --deck NAME [--db PATH]."""
from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click


@click.group()
def main() -> None:
    """行政改革プラン分析: 会議資料の書き出し・固定・固定後の変更。"""


_DB_HELP = "データベースファイル（既定: $PLANS_DB または data/plans.duckdb）"


def _use_db(db_path: str | None) -> None:
    if db_path:
        os.environ["PLANS_DB"] = str(Path(db_path).resolve())


def _fail(exc: Exception) -> None:
    click.echo(str(exc), err=True)
    sys.exit(1)


def _deck_options(command):
    """--deck and --db, the database chosen before the deck modules read it, and a DeckError
    (an unknown deck, a slide that cannot be drawn) said in Japanese with exit 1."""
    @main.command(name=command.__name__, help=command.__doc__)
    @click.option("--deck", required=True, help="デッキ名（例: 議会説明サンプル）")
    @click.option("--db", "db_path", type=click.Path(dir_okay=False), help=_DB_HELP)
    @functools.wraps(command)
    def run_command(deck: str, db_path: str | None, **options) -> None:
        _use_db(db_path)
        # Imported after --db is known: the reader takes its path from the environment.
        from dashboard import deck_files
        try:
            command(deck, **options)
        except deck_files.DeckError as exc:
            _fail(exc)
    return run_command


@click.option("--pptx", "pptx", type=click.Path(dir_okay=False), help="PowerPoint ファイルの出力先")
@click.option("--pdf", "pdf", type=click.Path(dir_okay=False), help="PDF ファイルの出力先")
@_deck_options
def export(deck: str, pptx: str | None, pdf: str | None) -> None:
    """デッキを今のデータで描き、PowerPoint（16:9）と PDF に書き出す。"""
    if not pptx and not pdf:
        raise click.UsageError("--pptx か --pdf の少なくとも一方を指定してください。")
    from dashboard import deck_export, deck_files
    images = deck_files.images(deck)
    for target, write in ((pptx, deck_export.to_pptx), (pdf, deck_export.to_pdf)):
        if target:
            Path(target).write_bytes(write(images, title=deck))
            click.echo(f"{target} に {len(images)} 枚を書き出しました。")


@_deck_options
def freeze(deck: str) -> None:
    """デッキを今のデータ版で固定する（「この版で固定」）。後の取込はこのデッキの図を変えない。"""
    from dashboard import deck_files
    stamp = deck_files.freeze(deck)
    click.echo(f"デッキ「{deck}」をデータ版 {stamp['data_version']}（バッチ {stamp['batch']}）で固定しました。")


@_deck_options
def unfreeze(deck: str) -> None:
    """デッキの固定を解除し、今のデータで描くようにする。"""
    from dashboard import deck_files
    deck_files.unfreeze(deck)
    click.echo(f"デッキ「{deck}」の固定を解除しました。今のデータで描きます。")


@_deck_options
def changes(deck: str) -> None:
    """固定後の変更: 固定したデッキの図のうち今のデータで値が違うものを1行ずつ（なければ「変更なし」）。"""
    from dashboard import deck_files
    for line in deck_files.change_lines(deck):
        click.echo(line)


# Examples a usage error shows: of an option, and ("") of a whole command line.
EXAMPLES = {"--deck": "--deck 議会説明サンプル", "--db": "--db data/plans.duckdb", "--pdf": "--pdf 議会説明.pdf",
            "--pptx": "--pptx 議会説明.pptx", "": "export --deck 議会説明サンプル --pdf 議会説明.pdf"}


def run(prog_name: str) -> None:
    """Run the command line, usage errors said in Japanese (click writes them in English)."""
    from loaders.usage import run_in_japanese
    run_in_japanese(main, prog_name, EXAMPLES)
