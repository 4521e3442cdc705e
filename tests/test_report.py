"""A report one can paste (issue #16): rows, columns, order and sources of the Word document and the
TSV, read back from the bytes the pages hand their download buttons."""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pandas as pd
import pytest
from docx import Document

from dashboard import report
from dashboard.queries import initiatives as iq
from dashboard.queries import kpi as kq
from dashboard.queries import report as q
from tests.conftest import open_app_page

ATSUGI_TITLE = "厚木市 平成27年度 行政経営プラン実施計画 実績報告"
COLUMNS = ["分類", "取組名", "担当課", "指標", "年度", "目標", "実績", "判定", "資料の記述", "出典"]


@pytest.fixture(autouse=True)
def _seed(app_db):
    """Every query here reads the seed database."""


def _bcp():
    return report.table(q.indicator_rows(kq.Filter(search="BCP")))


def test_kpi_report_row_joins_the_initiative_and_the_documents_words():
    table = _bcp()
    assert list(table.columns) == COLUMNS
    # 000 １-(３)-ア: 年次計画どおり見直しが行われていること 目標 - 実績 - 目標達成 -
    assert table.iloc[0][COLUMNS[:8]].tolist() == [
        "１-(３)-ア", "業務継続計画（BCP）の策定及び改定", "行政経営課・危機管理課",
        "年次計画どおり見直しが行われていること", "H27 (2015)", "-", "-", "-（判定なし）"]
    words = table.iloc[0]["資料の記述"]
    assert words.startswith("取組内容: ・業務継続計画（BCP）の策定\n・随時改定") and "\n計画: " in words and "\n実績: " in words
    assert table.iloc[0]["出典"] == f"{ATSUGI_TITLE}（１ 強い組織をつくる）p.1 分類１-(３)-ア"


def test_initiative_report_lists_every_indicator_in_the_documents_order():
    table = report.table(q.initiative_rows(iq.Selection(cities=["厚木市"])))
    assert len(table) == 28                      # 000: 25 initiatives, 28 indicators, each under one
    assert table["分類"].tolist() == sorted(table["分類"])   # ‘１-(１)-ア’ … ‘３-(３)-ウ’, as printed
    women = table[table["指標"] == "女性管理職の割合"].iloc[0]
    # 000 １-(２)-ア: 女性管理職の割合 目標 12.5% 実績 11.8% ×
    assert women[["取組名", "目標", "実績", "判定"]].tolist() == ["職員の意識改革と人材育成の推進", "12.5%", "11.8%", "×（未達成）"]
    assert table["資料の記述"].str.startswith("取組内容: ").all()


def test_an_initiative_the_document_gives_no_indicator_is_one_row_without_figures():
    table = report.table(q.initiative_rows(iq.Selection(plans=["あやせ集中改革プラン（H18～H21）"])))
    assert len(table) == 17                      # 003 第1期: 17 initiatives, one with the staff target
    staff = table[table["指標"] != ""]
    # 003: 「今後5年間で職員数を30人(4.6%)削減し」; 実績の記載なし
    assert staff[["取組名", "指標", "年度", "目標", "実績", "判定"]].values.tolist() == [
        ["今後5年間で職員数を30人(4.6%)削減", "職員数の削減", "今後5年間", "30人(4.6%)", "—", "（記載なし）"]]
    assert (table.loc[table["指標"] == "", ["目標", "実績", "判定"]] == "").all().all()


def test_report_sources_name_each_document_by_title_with_its_sections():
    cited = report.sources(q.indicator_rows(kq.Filter(search="BCP")))
    assert cited.startswith(f"{ATSUGI_TITLE}（１ 強い組織をつくる）p.1 分類１-(３)-ア")
    assert "分類１-(３)-ア 取組内容" in cited and "分類１-(３)-ア 平成27年度の実績" in cited
    assert "000_" not in cited                   # the title, not the file


# --- the files ------------------------------------------------------------------------------
def _hostile() -> pd.DataFrame:
    table = _bcp()
    table.loc[0, "取組名"] = "=HYPERLINK(\"http://example.invalid\",\"x\")"
    table.loc[0, "担当課"] = "@SUM(A1)"
    return table


def test_tsv_is_a_table_with_formulas_neutralised():
    data = report.to_tsv_bytes(_hostile())
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter="\t"))
    assert rows[0] == COLUMNS and len(rows) == 2
    row = dict(zip(rows[0], rows[1]))
    assert row["取組名"].startswith("'=HYPERLINK") and row["担当課"] == "'@SUM(A1)"
    assert row["目標"] == "'-"                   # a printed '-' is text, as in dashboard/exports
    assert row["指標"] == "年次計画どおり見直しが行われていること"


def test_tsv_keeps_line_breaks_inside_one_cell():
    data = report.to_tsv_bytes(_bcp())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter="\t"))
    assert len(rows) == 2 and "\n・随時改定" in dict(zip(rows[0], rows[1]))["資料の記述"]


def test_docx_reads_back_with_title_table_and_sources():
    rows = q.indicator_rows(kq.Filter(search="BCP"))
    data = report.to_docx_bytes(_hostile(), "成果指標の目標と実績（KPI推移）", "条件: 検索「BCP」",
                                report.sources(rows), today=dt.date(2026, 12, 2))
    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "成果指標の目標と実績（KPI推移）"
    assert texts[1] == "条件: 検索「BCP」　1 行（資料の順）。作成 2026-12-02。"
    assert texts[-1].startswith(f"出典: {ATSUGI_TITLE}（１ 強い組織をつくる）p.1 分類１-(３)-ア")
    [grid] = document.tables
    assert [c.text for c in grid.rows[0].cells] == COLUMNS and len(grid.rows) == 2
    cells = {name: cell.text for name, cell in zip(COLUMNS, grid.rows[1].cells)}
    assert cells["分類"] == "１-(３)-ア" and cells["指標"] == "年次計画どおり見直しが行われていること"
    assert cells["取組名"].startswith("'=HYPERLINK") and cells["担当課"] == "'@SUM(A1)"
    assert cells["資料の記述"].startswith("取組内容: ・業務継続計画（BCP）の策定\n・随時改定")
    section = document.sections[0]
    assert section.page_width > section.page_height          # landscape: ten columns fit
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    # text is text: no field codes, no hyperlinks, line breaks as <w:br/>; Japanese in an East Asian font
    assert "<w:fldSimple" not in xml and "<w:instrText" not in xml and "<w:hyperlink" not in xml
    assert "<w:br/>" in xml and f'w:eastAsia="{report.FONT}"' in xml


# --- on the pages -----------------------------------------------------------------------------
_open = open_app_page


@pytest.mark.parametrize("page", ["pages/kpi.py", "pages/initiatives.py"])
def test_both_pages_offer_the_report(page):
    # on KPI推移 the report sits with the table it is made from, in the 一覧 view
    at = _open(page, q="BCP", **({"view": "一覧"} if page == "pages/kpi.py" else {}))
    labels = [b.label for b in at.get("download_button")]
    assert "報告書（Word）をダウンロード" in labels and "貼り付け用の表（TSV）をダウンロード" in labels


def test_report_conditions_say_the_filters_in_words():
    assert q.kpi_conditions(kq.Filter(cities=("厚木市",), search="BCP")) == "条件: 市「厚木市」、検索「BCP」"
    assert q.initiative_conditions(iq.Selection()) == "条件: なし（すべての行）"


def test_docx_gives_the_documents_words_the_widest_column():
    document = Document(io.BytesIO(report.to_docx_bytes(_bcp(), "t", "条件", "出典")))
    widths = [cell.width for cell in document.tables[0].rows[1].cells]
    assert max(widths) == widths[COLUMNS.index("資料の記述")]
