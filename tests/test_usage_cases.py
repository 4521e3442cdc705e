"""Usage errors in Japanese, kind by kind, on a small command line of their own (mutation testing
of loaders.usage): click writes each in English; what the analyst reads must say what to do.
python -m loaders' own errors: tests/test_loaders_cli_japanese.py."""
from __future__ import annotations

import sys

import click
import pytest

from loaders.usage import run_in_japanese, usage_error_text


@click.group()
@click.option("--db")
def tool(db):
    """試験用のコマンド。"""


class _Date(click.ParamType):
    name = "date"

    def convert(self, value, param, ctx):
        if len(value) != 10:
            self.fail("日付は 2026-04-01 の形で書いてください。", param, ctx)
        return value


@tool.command()
@click.argument("file")
@click.option("-c", "--city", required=True)
@click.option("--since", type=_Date())
@click.option("--rows", type=int)
@click.option("--kind", type=click.Choice(["実績", "計画"]))
@click.option("--dry-run", is_flag=True)
def load(file, city, since, rows, kind, dry_run):
    """読み込む。"""
    if file == "止める":
        raise click.Abort()
    if file == "失敗":
        raise click.UsageError("この指定では読み込めません。", ctx=click.get_current_context())


def _said(capsys, monkeypatch, *args, examples=None) -> tuple[int, list[str]]:
    monkeypatch.setattr(sys, "argv", ["tool", *args])
    with pytest.raises(SystemExit) as ended:
        run_in_japanese(tool, "tool", examples or {})
    return ended.value.code, capsys.readouterr().err.splitlines()


@pytest.mark.parametrize("args, examples, said", [
    # a required option: named by each of its names; an example is for arguments only
    (["load", "a.csv"], {"-c・--city": "--city 厚木市"}, "-c・--city を指定してください（必須）。"),
    # a value a type of the product's refuses: its own Japanese words after the option's name
    (["load", "a.csv", "-c", "厚木市", "--since", "4月1日"], {},
     "--since の値が正しくありません: 日付は 2026-04-01 の形で書いてください。"),
    # an option's value missing: the example given, else the option and 値
    (["load", "a.csv", "--city"], {"--city": "--city 厚木市"}, "--city には値を続けてください（例: --city 厚木市）。"),
    (["load", "a.csv", "--city"], {}, "--city には値を続けてください（例: --city 値）。"),
    (["load", "a.csv", "--city", "厚木市", "--rows", "十"], {}, "--rows は整数で指定してください。"),
    (["load", "a.csv", "--city", "厚木市", "--rows", "十"], {"--rows": "--rows 100"},
     "--rows は整数で指定してください（例: --rows 100）。"),
    # a value from a fixed list: the list, in Japanese
    (["load", "a.csv", "--city", "厚木市", "--kind", "見込み"], {}, "--kind は 実績、計画 のどれかで指定してください。"),
    # a flag given a value
    (["load", "a.csv", "--city", "厚木市", "--dry-run=1"], {}, "--dry-run には値を付けられません（例: --dry-run）。"),
    # options but no command, and too many arguments: the whole command line's example, else --help
    (["--db", "x"], {"": "tool load a.csv --city 厚木市"},
     "コマンドまたは引数が足りないか多すぎます（例: tool load a.csv --city 厚木市）。"),
    (["load", "a.csv", "b.csv", "--city", "厚木市"], {}, "コマンドまたは引数が足りないか多すぎます（例: --help）。"),
    (["nosuch"], {}, "nosuch というコマンドはありません（コマンド: load）。"),
    # the product's own words, already Japanese, as they are
    (["load", "失敗", "--city", "厚木市"], {}, "この指定では読み込めません。"),
])
def test_each_kind_of_usage_error_is_said_in_japanese(capsys, monkeypatch, args, examples, said):
    code, lines = _said(capsys, monkeypatch, *args, examples=examples)
    assert (code, lines[0]) == (2, f"エラー: {said}")
    assert lines[1].startswith("使い方: tool") and lines[2].startswith("詳しくは「tool")


def test_a_stop_by_the_user_is_said_and_exits_1(capsys, monkeypatch):
    assert _said(capsys, monkeypatch, "load", "止める", "--city", "厚木市") == (1, ["中断しました。"])


def test_an_error_without_a_command_line_names_the_program():
    said = usage_error_text(click.UsageError("No such command 'x'."), {}, "tool")
    assert said == "エラー: x というコマンドはありません（コマンド: ）。\n使い方: tool\n詳しくは「tool --help」を参照してください。"
