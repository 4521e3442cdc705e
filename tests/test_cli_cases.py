"""python -m loaders, command by command, run in this process with click's CliRunner (mutation
testing of loaders.cli): what each prints, to which stream, and its exit code. The Japanese usage
errors are in tests/test_loaders_cli_japanese.py."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from loaders import importer, store
from loaders.cli import main


@pytest.fixture
def db(seed_db, tmp_path):
    path = tmp_path / "plans.duckdb"
    path.write_bytes(seed_db.read_bytes())
    return path


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _csv(tmp_path, name: str, rows: list[str]):
    path = tmp_path / name
    path.write_text("\n".join(["市名,指標,年度,値,出典", *rows]) + "\n", encoding="utf-8")
    return path


def test_an_import_is_checked_then_written_then_listed_then_undone(db, tmp_path):
    good = _csv(tmp_path, "件数.csv", ["厚木市,窓口件数,R5,120件,試験", "厚木市,窓口件数,R6,135件,試験"])
    dry = _run("import", good, "--db", db, "--dry-run")
    assert (dry.exit_code, dry.stderr) == (0, "")
    assert dry.stdout.splitlines()[-1] == "確認のみ（書き込みなし）: 統計 2行"
    assert "統計: 追加 2、変更 0、削除 0" in dry.stdout.splitlines()
    loaded = _run("import", good, "--db", db)
    assert loaded.exit_code == 0 and loaded.stdout.splitlines()[-1] == "バッチ 2 として取り込みました: 統計 2行"
    # the same file again: said, and what it would change is nothing
    again = _run("import", good, "--db", db, "--dry-run")
    assert "同じ内容のファイルがバッチ 2 で取込済みです。" in again.stderr
    assert "統計: 追加 0、変更 0、削除 0" in again.stdout.splitlines()
    history = _run("history", "--db", db).stdout.splitlines()
    assert [line.split("\t")[:2] for line in history] == [["2", "取込"], ["1", "初期データ"]]
    assert history[0].split("\t")[3:] == ["件数.csv", "統計 2行"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", history[0].split("\t")[2])
    undone = _run("restore", 2, "--db", db)
    assert (undone.exit_code, undone.stdout) == (0, "バッチ 2 より前の状態に戻しました（記録: バッチ 3）。\n")
    # a restore reads no file and writes no rows: blank, not 「nan」, and its note
    restored = _run("history", "--db", db)
    assert restored.exit_code == 0, restored.output
    first = restored.stdout.splitlines()[0].split("\t")
    assert first[:2] + first[3:] == ["3", "復元", "", "バッチ 2 より前の状態に戻す"]


def test_a_file_with_a_bad_cell_is_refused_whole_and_nothing_written(db, tmp_path):
    bad = _csv(tmp_path, "bad.csv", ["厚木市,窓口件数,R5,120件,試験", "厚木市,窓口件数,R99年,1,試験"])
    before = db.read_bytes()
    refused = _run("import", bad, "--db", db)
    assert refused.exit_code == 1 and refused.stdout == ""
    head, *cells = refused.stderr.splitlines()
    assert head == "1件のエラーがあるため、読み込みを中止しました（データベースは変更されていません）。"
    assert cells[0].startswith("bad.csv / 3行目 / ") and "R99年" in cells[0]
    assert db.read_bytes() == before


def test_a_file_that_is_not_there_or_is_a_folder_is_said_in_words(db, tmp_path):
    missing = _run("import", tmp_path / "ない.csv", "--db", db)
    assert missing.exit_code == 1
    assert missing.stderr == f"{tmp_path / 'ない.csv'} を読めません: ファイルがありません。パスとファイル名を確かめてください。\n"


def test_restoring_a_batch_that_does_not_exist_is_refused(db):
    refused = _run("restore", 9, "--db", db)
    assert refused.exit_code == 1 and refused.stdout == "" and refused.stderr.strip()


def test_check_finds_no_mismatch_in_the_seed(db):
    done = _run("check", "--db", db)
    assert (done.exit_code, done.stdout, done.stderr) == (0, "点検完了: 不一致なし（既知の不一致 0件）\n", "")


def test_check_names_a_printed_total_that_its_rows_do_not_add_up_to(db):
    # 001 計画策定時 I の合計額 (R4~R9) is printed 545,239 千円; one more and the rows no longer add up
    with store.write(db) as con:
        con.execute("""update effect_printed_totals set amount_thousand_yen = 545240
                       where plan = '行革推進プラン' and estimate = '計画策定時' and total_kind = 'area_total'
                         and policy_area_code = 'I' and fiscal_year is null""")
    done = _run("check", "--db", db)
    assert done.exit_code == 1 and done.stderr == "1件の不一致があります。\n"
    assert len(done.stdout.splitlines()) == 1 and "印刷値 545,240 千円、計算値 545,239 千円" in done.stdout


def test_check_without_a_database_says_to_build_it_first(tmp_path):
    done = _run("check", "--db", tmp_path / "ない.duckdb")
    assert (done.exit_code, done.stderr) == (
        1, f"{tmp_path / 'ない.duckdb'} がありません。先に python -m loaders rebuild を実行してください。\n")


def test_rebuild_names_every_table_it_wrote(tmp_path):
    done = _run("rebuild", "--db", tmp_path / "new.duckdb")
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith(f"{tmp_path / 'new.duckdb'} を作成しました: 計画 8行、成果指標 77行、")


def test_a_first_import_builds_the_database_from_data_first(tmp_path):
    path = tmp_path / "first.duckdb"
    good = _csv(tmp_path, "件数.csv", ["厚木市,窓口件数,R5,120件,試験"])
    done = _run("import", good, "--db", path)
    assert done.exit_code == 0 and done.stdout.splitlines()[-1] == "バッチ 2 として取り込みました: 統計 1行"


def test_a_change_of_meanings_on_a_page_is_listed_in_japanese(db):
    # 都市比較's theme mapping is a batch of its own, with no file (issue #16)
    pillar = ("厚木市", "行政経営プラン実施計画（平成27年度実績報告）", "１ 強い組織をつくる", None)
    assert importer.change_themes(db, {pillar: "財政・財源"}) == 2
    first = _run("history", "--db", db).stdout.splitlines()[0].split("\t")
    assert first[:2] + first[3:] == ["2", "対応の変更", "", "共通テーマの対応 1行"]


def test_row_counts_are_said_by_the_tables_japanese_names_with_thousands_separated():
    from dashboard.labels import rows_by_table
    # a table the words do not know yet is named as it is, never dropped or said as None
    assert rows_by_table({"kpi": 1_200, "plans": 3, "new_table": 2}) == "成果指標 1,200行、計画 3行、new_table 2行"
