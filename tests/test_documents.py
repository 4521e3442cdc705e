"""Documents by title (data/documents.csv, v_documents): 出典 never names a hashed file (issue #15)."""
from __future__ import annotations

import io
import re

import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from dashboard import decks, deck_export, deck_files, documents, slides
from tests.conftest import ROOT, SEEDS

HASHED = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
ATSUGI = "厚木市 平成27年度 行政経営プラン実施計画 実績報告"
VIEWS = ("v_kpi", "v_effect_amounts", "v_effect_printed_totals", "v_initiatives", "v_budget", "v_series", "v_plans")
PAGES = ("app.py", "pages/kpi.py", "pages/effect_amounts.py", "pages/comparison.py", "pages/initiatives.py",
         "pages/briefing.py", "pages/upload.py")


def test_every_seed_document_has_its_title_city_and_kind(seed_con):
    rows = seed_con.execute("""
        select id, label, city, issued, kind, title_printed from v_documents
        where batch_id is null order by id""").fetchall()
    assert rows == [
        # 000: every page heading 「平成27年度　行政経営プラン実施計画　実績報告　（１ 強い組織をつくる）」
        ("000", ATSUGI, "厚木市", "平成27年度", "実績報告", True),
        # 001: the first heading 「後期アクションプラン策定について」; the document names no city nor date
        ("001", "後期アクションプラン策定について（市名記載なし）", "記載なし", "記載なし", "計画の見直し資料", True),
        ("002", "厚木市 令和３年度 人材マネジメント部会 研究論文「庁内副業10％推進」", "厚木市", "令和３年度", "研究論文", False),
        # 003: the page title 「あやせ経営戦略プラン及びあやせ集中改革プラン (平成27年度終了)」
        ("003", "綾瀬市 あやせ経営戦略プラン及びあやせ集中改革プラン (平成27年度終了)", "綾瀬市", "記載なし", "ウェブページ", True),
        ("004", "相模原市 総務局 局・区経営方針（平成25年度）", "相模原市", "平成25年度", "経営方針", False),
    ]


def test_a_title_not_printed_says_where_it_comes_from(seed_con):
    notes = dict(seed_con.execute("select id, title_note from v_documents where not title_printed").fetchall())
    assert set(notes) == {"002", "004"}
    assert all(note.startswith("表題は本文になく") for note in notes.values())


def test_every_document_file_is_a_seed_file():
    files = {p.name for p in SEEDS.glob("*.txt")}
    import csv
    rows = list(csv.DictReader((ROOT / "data" / "documents.csv").open(encoding="utf-8")))
    assert {r["file_name"] for r in rows} == files


@pytest.mark.parametrize("view", VIEWS)
def test_every_fact_names_a_known_document(seed_con, view):
    unknown = seed_con.execute(f"""
        select source from {view}
        where not exists (select 1 from v_documents d where starts_with({view}.source, d.file_name || ' '))""").fetchall()
    assert unknown == []


def test_cite_names_the_title_then_the_section_without_saying_the_title_twice(app_db):
    # 000, p.4 分類２-(２)-エ: the section repeats the page heading, which is the title
    source = "000_96b2268ca103a618.txt 平成27年度 行政経営プラン実施計画 実績報告（２ 強い財政をつくる）p.4 分類２-(２)-エ"
    assert documents.cite(source) == f"{ATSUGI}（２ 強い財政をつくる）p.4 分類２-(２)-エ"
    assert documents.cite("004_8d4830aa96374116.txt 本年度の主な事業(取組)") == \
        "相模原市 総務局 局・区経営方針（平成25年度）、本年度の主な事業(取組)"
    assert documents.cite("手入力の資料 p.3") == "手入力の資料 p.3"   # no known file: as written
    assert documents.files([source]) == "ファイル: 000_96b2268ca103a618.txt"


def test_an_uploaded_file_is_a_document_of_its_own(live):
    import datetime as dt

    from loaders import store
    with store.write(live, derive=False) as con:
        con.execute("insert into batches (batch_id, kind, file_name, loaded_at) values (7, 'import', '効果額.xlsx', ?)",
                    [dt.datetime(2026, 4, 1, 9, 0)])
    con = store.connect_reader(live)
    try:
        row = con.execute("select id, title, label, issued, kind from v_documents where batch_id = 7").fetchone()
    finally:
        con.close()
    assert row == ("batch 7", "効果額.xlsx", "効果額.xlsx（取込 バッチ7、2026-04-01）", "2026-04-01", "アップロード")
    assert documents.cite("効果額.xlsx シート「効果額」12行目") == "効果額.xlsx（取込 バッチ7、2026-04-01）、シート「効果額」12行目"


def _texts(at: AppTest) -> list[tuple[str, str]]:
    """(kind, text) of everything a page shows: text elements, tables and data frames cell by cell."""
    out = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "text", "info", "warning", "success",
                 "error", "metric"):
        for element in at.get(kind):
            out.append((kind, str(getattr(element, "value", "")) + " " + str(getattr(element, "label", ""))))
    for kind in ("table", "dataframe"):
        for element in at.get(kind):
            frame = element.value.reset_index()
            for column in frame.columns:
                if str(column) in (documents.FILES_LABEL, "file"):
                    continue   # the details column: the file, beside the 出典 by title
                out.extend((kind, str(v)) for v in frame[column].tolist())
    return out


@pytest.mark.parametrize("page", PAGES)
def test_no_page_names_a_document_by_its_hashed_file(app_db, page):
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    shown = [(k, t) for k, t in _texts(at) if HASHED.search(t)]
    # a hashed name may appear only in the details line under a 出典
    assert [(k, t) for k, t in shown if not (k == "caption" and t.startswith(documents.FILES_LABEL + ":"))] == []


def test_slides_and_deck_exports_name_documents_by_title(app_db):
    # a slide pins its filters (#14): every slide of the sample deck, as saved
    for row in decks.slides("議会説明サンプル").itertuples():
        slide = slides.draw(row.view, row.params)
        assert not HASHED.search(slide.source), (row.view, slide.source)
    images = deck_files.images("議会説明サンプル")
    text = " ".join(shape.text_frame.text for s in Presentation(io.BytesIO(deck_export.to_pptx(images))).slides
                    for shape in s.shapes if shape.has_text_frame)
    assert "後期アクションプラン策定について（市名記載なし）" in text
    assert not HASHED.search(text)
    assert not HASHED.search(deck_export.to_pdf(images).decode("latin-1"))


def _split_by_scanning(source, known):
    """The rule _split looks up, as a scan of every name longest first."""
    for name in sorted(known, key=len, reverse=True):
        if source == name or source.startswith((name + " ", name + "（", name + "　")):
            return name, source[len(name):].strip()
    return None, source


@pytest.mark.parametrize("source", [
    "k.csv", "k.csv 2行目", "k.csv（2行目）", "k.csv　表1", "k.csv.bak 1", "k 2024.csv 3行目",
    "k 2024.csv", "k", "k 2024", "kk.csv 1", "r.xlsx （注）", "r.xlsx 表 1（再掲） 2", "", "（注） k.csv",
    "r.xlsx", "r.xlsx表1",
])
def test_a_source_names_the_longest_known_file_it_begins_with(source):
    # names that begin one another (k, k 2024.csv), one with a space, one with a suffix
    known = {name: (name, name) for name in ("k", "k.csv", "k 2024.csv", "r.xlsx", "k.csv.bak")}
    assert documents._split(source, known) == _split_by_scanning(source, known)
