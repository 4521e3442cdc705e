"""python -m dashboard export: a deck to PowerPoint and PDF from the command line."""
from __future__ import annotations

import subprocess
import sys

import pytest
from pptx import Presentation

from tests.conftest import ROOT


def _run(*args):
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=ROOT, capture_output=True, text=True)


def test_sample_deck_exports_to_pptx_and_pdf(seed_db, tmp_path):
    pptx, pdf = tmp_path / "議会説明.pptx", tmp_path / "議会説明.pdf"
    done = _run("export", "--deck", "議会説明サンプル", "--pptx", str(pptx), "--pdf", str(pdf), "--db", str(seed_db))
    assert done.returncode == 0, done.stderr
    deck = Presentation(str(pptx))
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles == ["行革推進プラン 改革改善効果額（政策分野別・年度別）", "計画策定時と後期アクションプラン策定時の比較",
                      "厚木市 平成27年度 成果指標の達成状況（政策分野別）", "3市と市名記載なしの資料の行政改革計画の期間"]
    assert all(any(shape.shape_type == 13 for shape in s.shapes) for s in deck.slides)   # 13: picture
    assert "62,493千円少なく" in deck.slides[1].notes_slide.notes_text_frame.text
    text = " ".join(shape.text_frame.text for s in deck.slides for shape in s.shapes if shape.has_text_frame)
    assert "2,611.6\xa0百万円" in text and "14件" in text  # no break inside a figure
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    # four slides, then the whole of the timeline slide's source, too long for its footer
    assert [line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")] == ["5"]
    last = subprocess.run(["pdftotext", "-f", "5", "-l", "5", str(pdf), "-"], capture_output=True, text=True).stdout
    assert last.startswith("出典の全文") and "4枚目「3市と市名記載なしの資料の行政改革計画の期間」" in last


def test_unknown_deck_is_exit_1_with_a_japanese_message(seed_db, tmp_path):
    done = _run("export", "--deck", "ない", "--pdf", str(tmp_path / "x.pdf"), "--db", str(seed_db))
    assert done.returncode == 1 and "デッキ「ない」はありません" in done.stderr


def test_no_output_is_a_usage_error(seed_db):
    assert _run("export", "--deck", "議会説明サンプル", "--db", str(seed_db)).returncode == 2


def test_an_error_says_only_its_own_japanese_line(seed_db, tmp_path):
    # st.cache_data warned 「No runtime found」 on stderr once per cached query
    done = _run("export", "--deck", "ない", "--pdf", str(tmp_path / "x.pdf"), "--db", str(seed_db))
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == ["デッキ「ない」はありません（あるデッキ: 議会説明サンプル）。"]


@pytest.mark.parametrize(("args", "said"), [
    (["export"], "エラー: --deck を指定してください（必須）。"),
    (["export", "--deck"], "エラー: --deck には値を続けてください（例: --deck 議会説明サンプル）。"),
    (["export", "--deck", "x", "--bogus"], "エラー: --bogus というオプションはありません。"),
    (["nosuch"], "エラー: nosuch というコマンドはありません（コマンド: changes、export、freeze、unfreeze）。"),
    (["export", "--deck", "議会説明サンプル", "--db", "DB"], "エラー: --pptx か --pdf の少なくとも一方を指定してください。"),
])
def test_usage_errors_are_japanese_with_the_usage_and_exit_2(seed_db, args, said):
    done = _run(*(str(seed_db) if a == "DB" else a for a in args))
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and lines[0] == said
    assert lines[1].startswith("使い方: python -m dashboard") and "--help" in lines[2]
    assert "Usage:" not in done.stderr and "Error:" not in done.stderr
