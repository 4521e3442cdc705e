"""Decks that hold: an unrelated upload leaves the sample deck as it was; a frozen deck draws from
its batch whatever is loaded later, and 「固定後の変更」 lists exactly the figures an upload changed."""
from __future__ import annotations

import io
import re
import subprocess
import sys

from pptx import Presentation
from streamlit.testing.v1 import AppTest

from dashboard import deck_export, deck_files, decks
from loaders import importer
from loaders.layouts import Context
from tests.conftest import ROOT
from tests.test_importer import EFFECT_ROWS, xlsx

DECK = "議会説明サンプル"

# A new 綾瀬市 plan's effect amounts in Shift_JIS: 綾瀬市 sorts before the sample deck's plan
# (市名記載なし), so it became every page's default plan.
AYASE_CSV = ("基本方針,令和4年度(実績),令和5年度(見込み),合計額 (R4~R5)\n"
             "1 窓口改革,1000,2000,3000\n"
             "2 施設改革,500,700,1200\n"
             "合計,1500,2700,4200\n").encode("shift_jis")


def upload_ayase(db) -> int:
    preview = importer.prepare(AYASE_CSV, "綾瀬市_効果額.csv", db,
                               Context(city="綾瀬市", plan="あやせ改革プラン", estimate="当初見込み"))
    assert preview.ok, [str(e) for e in preview.errors]
    return importer.commit(preview, db)


def upload_revised_sample(db) -> int:
    """The sample plan's 後期アクションプラン策定時 table again, R4 of area I corrected by 1 千円."""
    rows = [r[:] for r in EFFECT_ROWS]
    for row, code in zip(rows[3:6], ("I", "II", "III")):     # the codes as the seed writes them
        row[0] = code + row[0][1:]
    rows[3][1], rows[3][7], rows[6][1], rows[6][7] = 14359, 353914, -15672, 2611601
    rows[3][8], rows[6][8] = -191325, -62492
    preview = importer.prepare(xlsx(rows, "効果額"), "効果額_訂正.xlsx", db,
                               Context(plan="行革推進プラン", estimate="後期アクションプラン策定時"))
    assert preview.ok, [str(e) for e in preview.errors]
    return importer.commit(preview, db)


def drawn(deck=DECK):
    """Every slide's headline figures and figures, as the deck shows them now."""
    out = []
    batch = deck_files.batch_of(deck)
    for row in decks.slides(deck).itertuples():
        slide = deck_files.draw(row.view, row.params, batch)
        assert slide.chart is not None, slide.empty
        out.append((row.title, slide.headlines, slide.figures, slide.source))
    return out


def cli(*args):
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=ROOT, capture_output=True, text=True)


def pptx_text(data: bytes) -> list[str]:
    return [" | ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
            + " || " + slide.notes_slide.notes_text_frame.text
            for slide in Presentation(io.BytesIO(data)).slides]


def pdf_text(data: bytes) -> list[str]:
    """Each page's text (poppler's pdftotext, pages split at form feeds)."""
    done = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode("utf-8").replace("\u00a0", " ").split("\f")[:-1]


def without_times(pages: list[str], version: bool = False) -> list[str]:
    """Pages with their times (and, for a live deck, the data version stamp) blanked."""
    pages = [re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "…", p) for p in pages]
    return [re.sub(r"データ版 [0-9a-f]{12}", "データ版 …", p) for p in pages] if version else pages


def test_an_unrelated_upload_leaves_every_slide_of_the_sample_deck_as_it_was(live):
    before = drawn()
    assert before[0][1][0] == ("合計（R4 (2022)～R9 (2027)）", "2,611.6 百万円")
    upload_ayase(live)
    from dashboard.queries import effects
    assert effects.plan_keys()[0] == ("綾瀬市", "あやせ改革プラン")       # the new plan sorts first
    assert drawn() == before


def test_an_unrelated_upload_leaves_the_cli_export_as_it_was(live, tmp_path):
    first = cli("export", "--deck", DECK, "--pptx", str(tmp_path / "a.pptx"), "--db", str(live))
    assert first.returncode == 0, first.stderr
    upload_ayase(live)
    second = cli("export", "--deck", DECK, "--pptx", str(tmp_path / "b.pptx"), "--db", str(live))
    assert second.returncode == 0, second.stderr
    assert without_times(pptx_text((tmp_path / "a.pptx").read_bytes()), version=True) == \
        without_times(pptx_text((tmp_path / "b.pptx").read_bytes()), version=True)


def test_the_briefing_page_draws_the_sample_deck_after_an_unrelated_upload(live):
    upload_ayase(live)
    for number in (1, 2, 3, 4):
        at = AppTest.from_file(str(ROOT / "pages/briefing.py"), default_timeout=60)
        at.query_params.update(deck=DECK, slide=str(number), present="1")
        at.run()
        assert not at.exception, at.exception
        assert not at.warning, [w.value for w in at.warning]
        assert at.get("vega_lite_chart")
    assert [m.value.replace("\u00a0", " ") for m in at.metric] == ["8件", "4", "H18 (2006)", "R9 (2027)"]


def test_a_slide_whose_plan_is_gone_names_it_and_the_export_names_the_slide(live, tmp_path):
    decks.add_slide("古い資料", "消えた計画", "effect_by_area",
                    {"city": "厚木市", "plan": "行革推進プラン", "estimate": "計画策定時", "unit": "千円"})
    done = cli("export", "--deck", "古い資料", "--pdf", str(tmp_path / "x.pdf"), "--db", str(live))
    assert done.returncode == 1
    assert "1枚目「消えた計画」を描けません: 計画「行革推進プラン（厚木市）」の効果額がありません。" in done.stderr
    assert "近い選択肢: 「行革推進プラン（市名記載なし）」" in done.stderr


def test_a_frozen_deck_draws_from_its_batch_whatever_is_loaded_later(live):
    stamp = deck_files.freeze(DECK)
    assert stamp["batch"] == 1
    before = drawn()
    upload_ayase(live)
    upload_revised_sample(live)
    assert drawn() == before
    assert deck_files.stamp_text(DECK).endswith("時点で固定")
    deck_files.unfreeze(DECK)
    assert drawn()[0][1][0] == ("合計（R4 (2022)～R9 (2027)）", "2,611.6 百万円")   # 2,611,601 千円 rounds alike
    assert dict(drawn()[0][2])["I 業務マネジメント改革・R4 (2022)"] == "14,359 千円"
    assert deck_files.batch_of(DECK) is None


def test_changes_since_freezing_lists_exactly_the_figures_an_upload_changed(live):
    deck_files.freeze(DECK)
    assert deck_files.change_lines(DECK) == ["変更なし"]
    upload_ayase(live)
    assert deck_files.change_lines(DECK) == ["変更なし"]
    batch = upload_revised_sample(live)
    changes = deck_files.changes(DECK)
    # 001: area I, R4 (2022) 14,358 → 14,359 千円; so its R4~R9 total, the R4 total and the whole.
    assert [(c.what, c.old, c.new) for c in changes[1]] == [
        ("合計（R4 (2022)～R9 (2027)）", "2,611,600 千円", "2,611,601 千円"),
        ("うち実績（R4 (2022)～R5 (2023)）", "78,227 千円", "78,228 千円"),
        ("I 業務マネジメント改革・R4 (2022)", "14,358 千円", "14,359 千円"),
        ("I 業務マネジメント改革・計", "353,913 千円", "353,914 千円"),
        ("合計・R4 (2022)", "△15,673 千円", "△15,672 千円"),
        ("合計・計", "2,611,600 千円", "2,611,601 千円")]
    assert all(c.batches == f"バッチ {batch}（効果額_訂正.xlsx）" for c in changes[1])
    assert [(c.what, c.old, c.new) for c in changes[2]] == [
        ("I 業務マネジメント改革・後期アクションプラン策定時", "353,913 千円", "353,914 千円"),
        ("合計・後期アクションプラン策定時", "2,611,600 千円", "2,611,601 千円"),
        ("比較（合計）", "△62,493 千円", "△62,492 千円")]
    assert changes[3] == [] and changes[4] == []


def test_cli_freeze_changes_and_unfreeze(live):
    done = cli("freeze", "--deck", DECK, "--db", str(live))
    assert done.returncode == 0 and "固定しました" in done.stdout, done.stderr
    assert cli("changes", "--deck", DECK, "--db", str(live)).stdout == "変更なし\n"
    upload_revised_sample(live)
    lines = cli("changes", "--deck", DECK, "--db", str(live)).stdout.splitlines()
    assert lines[0] == ("1枚目「行革推進プラン 改革改善効果額（政策分野別・年度別）」: 合計（R4 (2022)～R9 (2027)） "
                        "2,611,600 千円 → 2,611,601 千円（バッチ 2（効果額_訂正.xlsx））")
    assert len(lines) == 9
    assert cli("unfreeze", "--deck", DECK, "--db", str(live)).returncode == 0
    assert cli("changes", "--deck", DECK, "--db", str(live)).returncode == 1


def test_cli_unknown_deck_is_exit_1_in_japanese(live):
    for command in ("freeze", "unfreeze", "changes"):
        done = cli(command, "--deck", "ない資料", "--db", str(live))
        assert done.returncode == 1 and "デッキ「ない資料」はありません" in done.stderr, (command, done.stderr)


def test_a_frozen_decks_exports_are_unchanged_by_an_upload_but_for_the_changes_page(live):
    deck_files.freeze(DECK)
    images = deck_files.images(DECK)
    pptx, pdf = pptx_text(deck_export.to_pptx(images)), pdf_text(deck_export.to_pdf(images))
    assert "時点で固定" in pptx[0] and "時点で固定" in pdf[0]
    assert "1枚目「行革推進プラン 改革改善効果額（政策分野別・年度別）」: 変更なし" in pdf[-1]
    upload_ayase(live)
    upload_revised_sample(live)
    again = deck_files.images(DECK)
    pptx2, pdf2 = pptx_text(deck_export.to_pptx(again)), pdf_text(deck_export.to_pdf(again))
    assert without_times(pptx2[:-1]) == without_times(pptx[:-1])
    assert without_times(pdf2[:-1]) == without_times(pdf[:-1])
    assert [i.png for i in again] == [i.png for i in images]
    page = re.sub(r"\s", "", pdf2[-1])
    assert page.startswith("固定後の変更") and page.count("→") == 9       # the nine figures the upload changed
    assert "Ⅰ業務マネジメント改革・R4(2022)14,358千円→14,359千円（バッチ3（効果額_訂正.xlsx））".replace("Ⅰ", "I") in page
    assert "3枚目「厚木市 平成27年度 成果指標の達成状況（政策分野別）」: 変更なし" in pptx2[-1]
