"""A report one can paste (issue #16): a Word document and a tab-separated table of the filtered rows.

Columns 分類・取組名・担当課・指標・年度・目標・実績・判定・資料の記述・出典, one row per indicator and year
in the document's order; figures and words exactly as the document prints them; the sources by
title (dashboard/documents). Text is written as text, never as a field, Markdown or HTML, and a
cell that a spreadsheet could read as a formula gets the leading ' of dashboard/exports.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

import pandas as pd
import streamlit as st
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from dashboard import documents as docs
from dashboard import exports
from dashboard.labels import STATUS

COLUMNS = ("分類", "取組名", "担当課", "指標", "年度", "目標", "実績", "判定", "資料の記述", "出典")
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TSV_MIME = "text/tab-separated-values"
# Column widths in mm on A4 landscape (273 mm between margins): the document's words get the room.
WIDTHS_MM = (16, 30, 22, 34, 16, 20, 20, 16, 64, 35)
FONT = "游ゴシック"        # Word's Japanese UI font; LibreOffice substitutes a CJK font it has


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _judgement(row) -> str:
    """The document's mark or words, with the product's reading of them when it differs: ×（未達成）."""
    printed = _text(getattr(row, "judgement", ""))
    status = STATUS.get(getattr(row, "status", None), "") if isinstance(getattr(row, "status", None), str) else ""
    if not printed or printed.startswith("（"):     # （記載なし）: nothing printed to read
        return printed
    return printed if not status or status == printed else f"{printed}（{status}）"


def table(rows: pd.DataFrame) -> pd.DataFrame:
    """The report's rows (queries.report.indicator_rows / initiative_rows) as its ten columns."""
    if rows.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    known = docs.labels()
    has_indicator = rows["indicator"].map(lambda v: isinstance(v, str))
    return pd.DataFrame({
        "分類": rows["initiative_code"].map(_text),
        "取組名": rows["linked_initiative"].map(_text),
        "担当課": rows["department"].map(_text),
        "指標": rows["indicator"].map(_text),
        "年度": [_text(y) if h else "" for y, h in zip(rows.get("year_label", pd.Series("", index=rows.index)), has_indicator)],
        "目標": [_text(v) if h else "" for v, h in zip(rows.get("target_label", pd.Series("", index=rows.index)), has_indicator)],
        "実績": [_text(v) if h else "" for v, h in zip(rows.get("actual_label", pd.Series("", index=rows.index)), has_indicator)],
        "判定": [_judgement(r) if h else "" for r, h in zip(rows.itertuples(), has_indicator)],
        "資料の記述": rows["words"].map(_text),
        "出典": [docs.cite(s, known) for s in rows["source"]],
    }).reset_index(drop=True)


def sources(rows: pd.DataFrame) -> str:
    """Every source of the report by title and section: its figures' and its words'."""
    cited = [*rows["source"]]
    if "initiative_source" in rows:
        cited += list(rows["initiative_source"])
    for extra in rows.get("word_sources", []):
        cited += list(extra)
    return docs.cite_many(cited)


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.map(exports.safe_cell)


def to_tsv_bytes(report: pd.DataFrame) -> bytes:
    """Tab-separated, UTF-8 with a BOM: pasted into Excel or Word, or opened, it is a table.
    A cell with a line break or a tab is quoted, as spreadsheets read it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([exports.safe_cell(c) for c in report.columns])
    writer.writerows(_safe(report).itertuples(index=False, name=None))
    return out.getvalue().encode("utf-8-sig")


def _font(run_or_style, size: float | None = None) -> None:
    font = run_or_style.font
    font.name = FONT
    if size:
        font.size = Pt(size)
    props = run_or_style.element.get_or_add_rPr()
    fonts = props.find(qn("w:rFonts"))
    if fonts is None:
        fonts = props.makeelement(qn("w:rFonts"), {})
        props.append(fonts)
    fonts.set(qn("w:eastAsia"), FONT)


def to_docx_bytes(report: pd.DataFrame, title: str, conditions: str, cited: str,
                  today: dt.date | None = None) -> bytes:
    """A Word document: the title, the conditions the rows were chosen by, the table, its sources."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)   # A4, landscape: ten columns
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(12))
    _font(document.styles["Normal"], 9)
    heading = document.add_heading(level=1)
    _font(heading.add_run(title))
    facts = document.add_paragraph()
    _font(facts.add_run(f"{conditions}　{len(report):,} 行（資料の順）。"
                        f"作成 {(today or dt.date.today()).isoformat()}。"))
    safe = _safe(report)
    grid = document.add_table(rows=1, cols=len(safe.columns))
    grid.style = "Table Grid"
    grid.autofit = False
    for cell, name in zip(grid.rows[0].cells, safe.columns):
        run = cell.paragraphs[0].add_run(str(name))
        run.bold = True
        _font(run, 8)
    for values in safe.itertuples(index=False, name=None):
        cells = grid.add_row().cells
        for cell, value in zip(cells, values):
            lines = str(value if value is not None else "").split("\n")
            paragraph = cell.paragraphs[0]
            for i, line in enumerate(lines):
                run = paragraph.add_run(line)
                _font(run, 8)
                if i < len(lines) - 1:
                    run.add_break()
    for row in grid.rows:
        for cell, width in zip(row.cells, WIDTHS_MM):
            cell.width = Mm(width)
    note = document.add_paragraph()
    _font(note.add_run("出典: " + exports.safe_cell(cited)))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def offer(rows: Callable[[], pd.DataFrame], title: str, conditions: str, name: str) -> None:
    """Two download buttons: the Word report and the paste-ready table, built when clicked."""
    def build():
        data = rows()
        return table(data), sources(data)

    left, right = st.columns(2)
    left.download_button("報告書（Word）をダウンロード",
                         lambda: to_docx_bytes(*_with(build(), title, conditions)), f"{name}.docx", DOCX_MIME,
                         on_click="ignore")  # a download, not a rerun: see chart_export
    right.download_button("貼り付け用の表（TSV）をダウンロード", lambda: to_tsv_bytes(build()[0]),
                          f"{name}.tsv", TSV_MIME, on_click="ignore")


def _with(built, title, conditions):
    report, cited = built
    return report, title, conditions, cited
