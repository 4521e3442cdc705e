"""python -m loaders: usage errors and unreadable files said in Japanese, with how to fix them."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from loaders.cli import EXAMPLES, main
from loaders.usage import run_in_japanese
from tests.conftest import ROOT


def _run(*args):
    return subprocess.run([sys.executable, "-m", "loaders", *args], cwd=ROOT, capture_output=True, text=True)


def _usage(capsys, monkeypatch, *args) -> tuple[int, str, str]:
    """python -m loaders ARGS run in this process (loaders/__main__.py's one line), so that its
    usage errors are quick to try case by case: the exit code, stdout and stderr."""
    monkeypatch.setattr(sys, "argv", ["python -m loaders", *args])
    with pytest.raises(SystemExit) as ended:
        run_in_japanese(main, "python -m loaders", EXAMPLES)
    said = capsys.readouterr()
    return ended.value.code, said.out, said.err


@pytest.mark.parametrize(("args", "said"), [
    (["import"], "エラー: FILE を指定してください（必須。例: python -m loaders import 効果額.xlsx --city 厚木市）。"),
    (["restore"], "エラー: BATCH を指定してください（必須。例: python -m loaders restore 3）。"),
    (["restore", "abc"], "エラー: BATCH は整数で指定してください（例: python -m loaders restore 3）。"),
    (["history", "--db"], "エラー: --db には値を続けてください（例: --db data/plans.duckdb）。"),
    (["check", "--bogus"], "エラー: --bogus というオプションはありません。"),
    (["nosuch"], "エラー: nosuch というコマンドはありません（コマンド: check、history、import、rebuild、restore）。"),
    (["import", "DIR"], "エラー: FILE にはファイルを指定してください（フォルダは指定できません）。"),
])
def test_usage_errors_are_japanese_with_the_usage_and_exit_2(tmp_path, capsys, monkeypatch, args, said):
    code, out, err = _usage(capsys, monkeypatch, *(str(tmp_path) if a == "DIR" else a for a in args))
    lines = err.strip().splitlines()
    assert code == 2 and lines[0] == said, err
    assert lines[1].startswith("使い方: python -m loaders") and "--help" in lines[2]
    assert "Usage:" not in err and "Error:" not in err and out == ""


def test_a_usage_error_names_the_command_its_usage_and_its_help(capsys, monkeypatch):
    assert _usage(capsys, monkeypatch, "restore")[2] == (
        "エラー: BATCH を指定してください（必須。例: python -m loaders restore 3）。\n"
        "使い方: python -m loaders restore [OPTIONS] BATCH\n"
        "詳しくは「python -m loaders restore --help」を参照してください。\n")


@pytest.mark.parametrize(("args", "said"), [
    # a misspelt option that click can match names the ones meant
    (["import", "x.xlsx", "--dry"], "エラー: --dry というオプションはありません（候補: --db、--dry-run）。"),
    (["restore", "1", "2"], "エラー: コマンドまたは引数が足りないか多すぎます（例: python -m loaders import 効果額.xlsx --dry-run）。"),
])
def test_other_usage_errors_are_japanese_too(capsys, monkeypatch, args, said):
    code, _, err = _usage(capsys, monkeypatch, *args)
    assert (code, err.splitlines()[0]) == (2, said)


def test_no_command_at_all_shows_the_help_and_exits_2(capsys, monkeypatch):
    code, out, err = _usage(capsys, monkeypatch)
    assert code == 2 and out == ""
    assert err.startswith("Usage: python -m loaders [OPTIONS] COMMAND [ARGS]...") and "行政改革プラン・データベース" in err


def test_a_subprocess_run_says_its_usage_errors_in_japanese_too():
    # loaders/__main__.py itself, as an analyst runs it
    done = _run("restore", "abc")
    assert (done.returncode, done.stderr.splitlines()[0]) == (2, "エラー: BATCH は整数で指定してください（例: python -m loaders restore 3）。")


def test_a_missing_file_says_in_japanese_what_to_check(tmp_path):
    done = _run("import", str(tmp_path / "ない.xlsx"), "--db", str(tmp_path / "p.duckdb"), "--dry-run")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].endswith("を読めません: ファイルがありません。パスとファイル名を確かめてください。")
    # no English sentence from the system or a library (the path itself is the user's own)
    assert not re.search(r"[A-Za-z]+ [a-z]+ [a-z]+", done.stderr.replace(str(tmp_path), ""))


def test_rebuild_and_history_name_tables_and_batches_in_japanese(tmp_path):
    db = tmp_path / "p.duckdb"
    built = _run("rebuild", "--db", str(db))
    assert built.returncode == 0 and "計画 8行、成果指標 77行" in built.stdout, built.stderr
    history = _run("history", "--db", str(db))
    assert history.stdout.split("\t")[1] == "初期データ"
    for said in (built.stdout.replace(str(db), ""), history.stdout):
        # 「data/」 names the folder the seed is read from; no table or batch kind in English
        assert re.findall(r"[A-Za-z_]{2,}", said.replace("data/", "")) == [], said
