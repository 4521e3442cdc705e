"""python -m loaders: usage errors and unreadable files said in Japanese, with how to fix them."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def _run(*args):
    return subprocess.run([sys.executable, "-m", "loaders", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize(("args", "said"), [
    (["import"], "エラー: FILE を指定してください（必須。例: python -m loaders import 効果額.xlsx --city 厚木市）。"),
    (["restore"], "エラー: BATCH を指定してください（必須。例: python -m loaders restore 3）。"),
    (["restore", "abc"], "エラー: BATCH は整数で指定してください（例: python -m loaders restore 3）。"),
    (["history", "--db"], "エラー: --db には値を続けてください（例: --db data/plans.duckdb）。"),
    (["check", "--bogus"], "エラー: --bogus というオプションはありません。"),
    (["nosuch"], "エラー: nosuch というコマンドはありません（コマンド: check、history、import、rebuild、restore）。"),
    (["import", "DIR"], "エラー: FILE にはファイルを指定してください（フォルダは指定できません）。"),
])
def test_usage_errors_are_japanese_with_the_usage_and_exit_2(tmp_path, args, said):
    done = _run(*(str(tmp_path) if a == "DIR" else a for a in args))
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and lines[0] == said, done.stderr
    assert lines[1].startswith("使い方: python -m loaders") and "--help" in lines[2]
    assert "Usage:" not in done.stderr and "Error:" not in done.stderr and done.stdout == ""


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
