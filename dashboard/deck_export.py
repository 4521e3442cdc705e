"""A deck of chart slides for council briefings (議会説明): PowerPoint (.pptx) and PDF, 16:9.

Each slide: the title, the chart picture, the headline figures in large type, the source, and a
stamp (データ版 … 作成 …) printed small so nobody presents stale figures unknowingly. Speaker notes go
to PowerPoint's notes pane only; the PDF is the copy handed out, so it carries no notes.

PowerPoint draws text on the viewer's PC: runs name a Japanese font there for both Latin and East
Asian text (a:latin and a:ea), or PowerPoint on Windows may pick a font without Japanese. The PDF
embeds IPAexGothic (the charts' export font, a subset of it) through fpdf2, so it reads the same
everywhere. Both lay out from one table of boxes in inches.
"""
from __future__ import annotations

import functools
import io
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from fontTools.ttLib import TTFont
from fpdf import FPDF
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from dashboard import format, line_breaks, render

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PDF_MIME = "application/pdf"

# Installed with Windows since Vista, Japanese and Latin in one face; PowerPoint elsewhere puts
# a Japanese face of its own in place of a missing a:ea font.
PPTX_FONT = "Meiryo"

SLIDE_W, SLIDE_H = 13.333, 7.5                       # inches, PowerPoint's 16:9
# Boxes (left, top, width, height) in inches, shared by the pptx and the PDF.
TITLE_BOX = (0.5, 0.3, 12.33, 0.9)
CHART_BOX = (0.5, 1.35, 8.75, 5.25)
HEADLINE_BOX = (9.5, 1.35, 3.33, 5.25)
SOURCE_BOX = (0.5, 6.72, 7.4, 0.62)
STAMP_BOX = (8.0, 6.66, 4.83, 0.38)                 # two lines: which data, then when drawn
NUMBER_BOX = (8.0, 7.06, 4.83, 0.3)

TITLE_SIZES = (28, 24, 20)                           # pt, largest that fits on two lines
HEADLINE_SIZES = (28, 24, 20)                        # pt of a figure, largest at which all fit the panel
LABEL_SIZE = 16                                      # pt of a figure's label
PANEL_MARGIN = 0.15
SOURCE_SIZES = (11, 10, 9)                          # pt, largest that fits on two lines
STAMP_SIZE = 10
STAMP_LINE_SIZE = 9                                  # pt of each of the stamp's two lines

# Chart pixels for a slide: text at the theme's 13 px reads at about 11 pt on the slide.
SLIDE_CHART_WIDTH, SLIDE_CHART_HEIGHT = 620, 300

TEXT = (0x22, 0x22, 0x22)
GREY = (0x44, 0x44, 0x44)
PANEL = (0xF2, 0xF2, 0xF2)


class Paragraph(NamedTuple):
    """One paragraph of a text box: its text, size in pt, weight and space after it in pt."""
    text: str
    size: float
    bold: bool = False
    space_after: float = 0


@dataclass
class SlideImage:
    """One slide: a chart picture with its title, headline figures, source, notes and stamp."""
    title: str
    png: bytes
    headlines: list[str] = field(default_factory=list)
    source: str = ""
    notes: str = ""
    stamp: str = ""
    body: list[str] = field(default_factory=list)     # a page of text instead of a chart (no png)


BODY_BOX = (0.5, 1.35, 12.33, 5.25)
BODY_SIZE = 14


def stamp(data_version: str, made: datetime) -> str:
    """データ版 2026-11-20 取込 作成 2026-11-23 10:00: which data, drawn when."""
    return f"データ版 {data_version}　作成 {made:%Y-%m-%d %H:%M}"


# Type on a 1280×720 slide (96 px per inch of the 13.333 in slide), for a room: chart title,
# axis labels and legends, values written on marks, subtitles and notes.
SLIDE_PX_PER_INCH = 1280 / SLIDE_W
SLIDE_TYPE = {"title": 28, "label": 18, "mark": 16, "subtitle": 14}


def slide_scale(svg_text: str) -> float:
    """How much the chart picture is enlarged to fill the chart box on a 1280×720 slide."""
    width, height = _svg_size(svg_text)
    _, _, box_w, box_h = CHART_BOX
    return min(box_w * SLIDE_PX_PER_INCH / width, box_h * SLIDE_PX_PER_INCH / height)


def _svg_size(svg_text: str) -> tuple[float, float]:
    found = re.search(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"', svg_text)
    return float(found.group(1)), float(found.group(2))


def _sized(value, sizes: dict[str, float], values: dict[str, list[str]] | None = None, channel: str = ""):
    """The spec with every title, axis, legend and text mark at least at `sizes` (chart pixels).

    `values`: each field's values in the spec's data (field_values), from which a long category
    label (an area name) is wrapped onto lines between words, never cut with 「…」."""
    if values is None and isinstance(value, dict):
        values = field_values(value)
    if isinstance(value, list):
        return [_sized(v, sizes, values) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _sized(v, sizes, values, k) for k, v in value.items()}
    def at_least(key, size):
        out[key] = max(float(out.get(key) or 0), size)
    if out.get("type") == "text" or "mark" in value and value.get("mark") == "text":
        at_least("fontSize", sizes["mark"])
    for key, kind in (("labelFontSize", "label"), ("titleFontSize", "label")):
        if key in out:
            at_least(key, sizes[kind])
    if "subtitleFontSize" in out:
        at_least("subtitleFontSize", sizes["subtitle"])
    for part in ("axis", "legend"):
        guide = out.get(part)
        if isinstance(guide, dict) and isinstance(value.get("field"), str) and \
                "labelLimit" in guide and "labelExpr" not in guide and "labelAngle" not in guide:
            # A row's label wraps only past 22 em: rows of a slide are one line high, and a
            # label wrapped at 14 ran into the next row's (「１ 強い組織をつくる（厚木市）」).
            wrap = row_label if part == "axis" and channel in ("y", "row") else _label
            out[part] = {**guide, "labelLimit": 0, "labelExpr": format.label_lookup(
                {v: wrap(v) for v in (values or {}).get(value["field"], [])})}
    return out


def field_values(spec: dict) -> dict[str, list[str]]:
    """Each field's distinct values (as text) over the spec's datasets and inline data: the labels
    an axis or legend on that field can draw."""
    found: dict[str, dict[str, None]] = {}
    def rows(value):
        if isinstance(value, list):
            for v in value:
                yield from rows(v)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key == "datasets" and isinstance(item, dict):
                    for data in item.values():
                        yield from (r for r in data if isinstance(r, dict))
                elif key == "values" and isinstance(item, list) and all(isinstance(r, dict) for r in item):
                    yield from item
                else:
                    yield from rows(item)
    for row in rows(spec):
        for key, cell in row.items():
            if isinstance(cell, str):
                found.setdefault(key, {})[cell] = None
    return {key: list(cells) for key, cells in found.items()}


LABEL_EM, ROW_EM = 14, 22


def _label(text: str) -> list[str]:
    return format.wrap(text, LABEL_EM)


def row_label(text: str) -> list[str]:
    """A row's label: one line up to ROW_EM em; longer, broken before its last 「（」 (the city or
    scope it names) when both parts fit, else between words."""
    cut = text.rfind("（")
    if line_breaks.em_width(text) > ROW_EM and cut > 0 and \
            line_breaks.em_width(text[:cut]) <= ROW_EM and line_breaks.em_width(text[cut:]) <= ROW_EM:
        return [text[:cut], text[cut:]]
    return format.wrap(text, ROW_EM)


def room_sized(spec: dict) -> dict:
    """A chart spec with every title, label and value on a mark at least at SLIDE_TYPE."""
    spec = _sized(spec, {k: float(v) for k, v in SLIDE_TYPE.items()})
    config = spec.setdefault("config", {})
    title = config.setdefault("title", {})
    title.update(fontSize=max(title.get("fontSize") or 0, SLIDE_TYPE["title"]),
                 subtitleFontSize=max(title.get("subtitleFontSize") or 0, SLIDE_TYPE["subtitle"]))
    return spec


def slide_spec(chart) -> dict:
    """The chart's export spec drawn at the slide's own size: the whole picture (legends and titles
    included) fills the chart box of a 1280×720 slide at scale 1, so the type sizes are SLIDE_TYPE
    as set. The plot area is resized until the picture's outer size matches the box."""
    box_w, box_h = (round(v * SLIDE_PX_PER_INCH) for v in CHART_BOX[2:])
    width, height = SLIDE_CHART_WIDTH, SLIDE_CHART_HEIGHT
    sizes = {k: float(v) for k, v in SLIDE_TYPE.items()}
    faceted = "facet" in chart.to_dict()
    # A faceted chart (the timeline) is built at slide size by its builder: its panels have their
    # own width and row steps, which a top-level size would not reach.
    spec = _sized(render.export_spec(chart, width=None if faceted else width,
                                     height=None if faceted else height), sizes)
    spec["padding"] = 5          # the slide's own margin is the chart box's; its 28 px title clears 5 px
    config = spec.setdefault("config", {})
    # limit: a title as wide as the box, not the plot (Vega's default), where a browser's font cut
    # a long indicator's name with 「…」
    config.setdefault("title", {}).update(fontSize=sizes["title"], subtitleFontSize=sizes["subtitle"],
                                          limit=box_w - 10)
    for part in ("axis", "legend"):
        config.setdefault(part, {}).update(labelFontSize=sizes["label"], titleFontSize=sizes["label"])
    config["legend"].update(columns=2, labelLimit=box_w // 2 - 40)
    if _count_legends(spec) == 1:
        _legends_on_one_line(spec, box_w)
    _wrap_title(spec, box_w)
    config.setdefault("text", {})["fontSize"] = sizes["mark"]
    for _ in range(0 if faceted else 6):
        outer_w, outer_h = _svg_size(render.svg_from_spec(spec))
        if abs(outer_w - box_w) < 4 and abs(outer_h - box_h) < 4:
            break
        width = max(200, width + box_w - outer_w)
        height = max(120, height + box_h - outer_h)
        spec["width"], spec["height"] = round(width), round(height)
    return spec


def _wrap_title(spec: dict, box_w: int) -> None:
    """A title longer than the chart box (an indicator's name) on lines that fit, never cut; the
    subtitle too, or its one long line would set the picture's width and squeeze the plot."""
    title = spec.get("title")
    text = title.get("text") if isinstance(title, dict) else title
    if isinstance(text, str):
        lines = _lines_of(text, int((box_w - 20) // SLIDE_TYPE["title"]))
        if len(lines) > 1:
            # The limit on the title itself: the browser's Vega-Lite keeps the plot's width as a
            # title's limit over the config's, and cut the first line's end with 「…」.
            spec["title"] = title = {**(title if isinstance(title, dict) else {}), "text": lines, "limit": box_w - 10}
    if isinstance(title, dict) and title.get("subtitle"):
        subtitle = title["subtitle"]
        per_line = int((box_w - 20) // SLIDE_TYPE["subtitle"])
        lines = [line for part in ([subtitle] if isinstance(subtitle, str) else subtitle)
                 for line in _lines_of(part, per_line)]
        spec["title"] = {**title, "subtitle": lines}


def _lines_of(text: str, per_line: float) -> list[str]:
    """The text on lines of at most per_line em as IPAexGothic sets it, broken between words only
    (line_breaks), after 「。」「、」 where one falls in the line's second half."""
    return line_breaks.wrap(text, per_line, measure=_width_em) if text else []


def _count_legends(value) -> int:
    """How many legends a spec draws: one per encoding with a scale domain and a legend."""
    if isinstance(value, list):
        return sum(_count_legends(v) for v in value)
    if not isinstance(value, dict):
        return 0
    own = int(isinstance((value.get("scale") or {}).get("domain") if isinstance(value.get("scale"), dict) else None, list)
              and "field" in value and value.get("legend", {}) is not None)
    return own + sum(_count_legends(v) for v in value.values())


def _legends_on_one_line(value, box_w: int) -> None:
    """A legend whose entries fit across the chart box on one row gets as many columns as entries,
    so a 4-entry legend takes one line of the slide, not two."""
    if isinstance(value, list):
        for item in value:
            _legends_on_one_line(item, box_w)
        return
    if not isinstance(value, dict):
        return
    scale, legend = value.get("scale"), value.get("legend", {})
    domain = scale.get("domain") if isinstance(scale, dict) else None
    if isinstance(domain, list) and legend is not None and "field" in value and domain:
        width = sum(_width_em(str(d)) * SLIDE_TYPE["label"] + 40 for d in domain)
        if width <= box_w * 0.45:                  # a bottom legend starts where the plot does
            value["legend"] = {**(legend or {}), "columns": len(domain)}
    for item in value.values():
        _legends_on_one_line(item, box_w)


def slide_png(chart) -> bytes:
    """A chart as a 2× PNG sized for the slide's chart box, its type legible in a room."""
    return render.png_from_spec(slide_spec(chart), scale=2)


# PowerPoint

def to_pptx(slides: list[SlideImage], *, title: str | None = None) -> bytes:
    """The slides as a 16:9 PowerPoint file, one chart per slide, speaker notes in the notes pane."""
    _require(slides)
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    deck.core_properties.title = title or slides[0].title
    deck.core_properties.language = "ja-JP"
    for number, item in enumerate(slides, start=1):
        slide = deck.slides.add_slide(deck.slide_layouts[5])          # "Title Only"
        heading = slide.shapes.title
        _place(heading, TITLE_BOX)
        _write(heading.text_frame, [p._replace(text="\n".join(_title_lines(p))) for p in _title(item)],
               anchor=MSO_ANCHOR.MIDDLE)

        if not item.png:
            _write(slide.shapes.add_textbox(*(Inches(v) for v in BODY_BOX)).text_frame,
                   [Paragraph(line, BODY_SIZE, space_after=4) for line in item.body])
        else:
            left, top, width, height = _fit_picture(item.png, CHART_BOX)
            picture = slide.shapes.add_picture(io.BytesIO(item.png), Inches(left), Inches(top),
                                               Inches(width), Inches(height))
            picture._element.nvPicPr.cNvPr.set("descr", _alt_text(item))   # read out by screen readers

        if item.headlines:
            panel = slide.shapes.add_textbox(*(Inches(v) for v in HEADLINE_BOX))
            panel.fill.solid()
            panel.fill.fore_color.rgb = RGBColor(*PANEL)
            _write(panel.text_frame, _headline_paragraphs(item.headlines), margin=PANEL_MARGIN)
        for paragraphs, box, align in _footer(item, number, len(slides), SOURCE_IN_NOTES):
            shape = slide.shapes.add_textbox(*(Inches(v) for v in box))
            _write(shape.text_frame, paragraphs, color=GREY, align=align)
        notes = item.notes
        if _shortened(item.source) != item.source:         # the whole source where the footer has no room
            notes = "\n".join(filter(None, [notes, item.source]))
        if notes:
            _write(slide.notes_slide.notes_text_frame, [Paragraph(line, 12) for line in notes.splitlines()])
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _place(shape, box) -> None:
    shape.left, shape.top, shape.width, shape.height = (Inches(v) for v in box)


def _write(frame, paragraphs: list[Paragraph], *, color=TEXT, align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP,
           margin: float = 0.05) -> None:
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Inches(margin)
    for i, spec in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = align
        if spec.space_after:
            paragraph.space_after = Pt(spec.space_after)
        for n, line in enumerate(spec.text.split("\n")):
            if n:
                paragraph.add_line_break()               # a:br: the same paragraph, a new line
            run = paragraph.add_run()
            run.text = line
            run.font.size = Pt(spec.size)
            run.font.bold = spec.bold
            run.font.color.rgb = RGBColor(*color)
            _japanese(run)


def _japanese(run) -> None:
    """Name PPTX_FONT for Latin and East Asian text and mark the run as Japanese.

    python-pptx's font.name sets a:latin only; PowerPoint picks the face for kana and kanji from
    a:ea, which must follow a:latin in rPr (DrawingML CT_TextCharacterProperties).
    """
    run.font.name = PPTX_FONT
    rpr = run._r.get_or_add_rPr()
    rpr.set("lang", "ja-JP")
    for old in rpr.findall(qn("a:ea")):
        rpr.remove(old)
    rpr.get_or_add_latin().addnext(rpr.makeelement(qn("a:ea"), {"typeface": PPTX_FONT}))


# PDF

def to_pdf(slides: list[SlideImage], *, title: str | None = None) -> bytes:
    """The slides as 16:9 landscape PDF pages, text in embedded IPAexGothic; no speaker notes."""
    _require(slides)
    pdf = FPDF(orientation="landscape", unit="in", format=(SLIDE_H, SLIDE_W))
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.add_font(render.EXPORT_FONT, fname=render.font_file())
    pdf.set_title(title or slides[0].title)
    pdf.set_lang("ja")
    pdf.set_creator("行政改革プラン ダッシュボード")
    long = [(number, item) for number, item in enumerate(slides, start=1) if _shortened(item.source) != item.source]
    last_chart = max((n for n, item in enumerate(slides, start=1) if item.png), default=0)
    for number, item in enumerate(slides, start=1):
        if number == last_chart + 1 and long:
            _sources_page(pdf, long)
        pdf.add_page()
        pdf.start_section(item.title)                                  # a bookmark per slide
        _pdf_text(pdf, TITLE_BOX, [p._replace(text=_between_words(p.text)) for p in _title(item)], middle=True)
        if not item.png:
            _pdf_text(pdf, BODY_BOX, [Paragraph(line, BODY_SIZE, space_after=4) for line in item.body])
        else:
            left, top, width, height = _fit_picture(item.png, CHART_BOX)
            pdf.image(io.BytesIO(item.png), x=left, y=top, w=width, h=height, alt_text=_alt_text(item))
        if item.headlines:
            pdf.set_fill_color(*PANEL)
            pdf.rect(*HEADLINE_BOX, style="F")
            _pdf_text(pdf, HEADLINE_BOX, _headline_paragraphs(item.headlines), margin=PANEL_MARGIN)
        for paragraphs, box, align in _footer(item, number, len(slides), SOURCE_AT_END):
            _pdf_text(pdf, box, paragraphs, color=GREY, align="R" if align == PP_ALIGN.RIGHT else "L")
    if long and last_chart == len(slides):
        _sources_page(pdf, long)
    return bytes(pdf.output())


class _ZeroWidthSpaceOnly(logging.Filter):
    """IPAexGothic has no glyph for the zero-width space that marks where a label may break
    (keep_years); fpdf2 breaks the line there and draws nothing, as wanted, but warns."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().endswith("glyphs: '\u200b' (\\u200b)")


logging.getLogger("fpdf.output").addFilter(_ZeroWidthSpaceOnly())


def _title_lines(title: Paragraph) -> list[str]:
    """A slide title's lines, broken between words at its box's width: PowerPoint breaks Japanese
    between any two characters, so the breaks are set in the file. Measured as _lines measures
    (20 % wider than IPAexGothic), a line is never wider than PowerPoint's own."""
    per_line = _per_line(TITLE_BOX[2] - 0.1 - 0.1, title.size)
    return [line.rstrip() for line in line_breaks.wrap(title.text, per_line, measure=_width_em)]


def _between_words(text: str) -> str:
    """The text with a zero-width space between its words (line_breaks.pieces): fpdf2 breaks a
    line there, not inside a word (「…事業への参 / 加者数」)."""
    return "\u200b".join(line_breaks.pieces(text))


def _sources_page(pdf: FPDF, long: list) -> None:
    """The handout has no notes: a source too long for its slide's footer is given whole on a page
    after the last chart (before 「固定後の変更」)."""
    pdf.add_page()
    pdf.start_section(SOURCES_TITLE)
    _pdf_text(pdf, TITLE_BOX, [Paragraph(SOURCES_TITLE, TITLE_SIZES[0], bold=True)], middle=True)
    _pdf_text(pdf, BODY_BOX, [Paragraph(f"{number}枚目「{item.title}」 {item.source}", 11, space_after=6)
                              for number, item in long])


def _pdf_text(pdf: FPDF, box, paragraphs: list[Paragraph], *, color=TEXT, align: str = "L",
              margin: float = 0.05, middle: bool = False) -> None:
    # IPAexGothic has no bold face: in the PDF, weight comes from size alone.
    left, top, width, height = box
    pdf.set_text_color(*color)
    inner = width - 2 * margin
    if middle:
        used = 0.0
        for spec in paragraphs:
            pdf.set_font(render.EXPORT_FONT, size=spec.size)
            used += len(pdf.multi_cell(inner, _leading(spec), spec.text, dry_run=True, output="LINES")) * _leading(spec)
        top += max((height - used) / 2, 0) - margin
    pdf.set_xy(left + margin, top + margin)
    for spec in paragraphs:
        pdf.set_font(render.EXPORT_FONT, size=spec.size)
        pdf.set_x(left + margin)
        pdf.multi_cell(inner, _leading(spec), spec.text, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(pdf.get_y() + spec.space_after / 72)


def _leading(spec: Paragraph) -> float:
    return spec.size * 1.25 / 72


# Shared layout

def _require(slides: list[SlideImage]) -> None:
    if not slides:
        raise ValueError("書き出すスライドがありません。")


def _title(item: SlideImage) -> list[Paragraph]:
    return [Paragraph(item.title, _fit(item.title, TITLE_BOX[2], 2, TITLE_SIZES), bold=True)]


SOURCE_IN_NOTES, SOURCE_AT_END = "（全文はノート）", "（全文は「出典の全文」のページ）"
SOURCES_TITLE = "出典の全文"
SOURCE_LINES = 3            # lines of the smallest size the source box holds (its estimate is generous)


def _shortened(source: str, more: str = SOURCE_IN_NOTES) -> str:
    """The source as the footer's two lines hold it at its smallest size: whole where it fits, else
    its first sentences and documents (up to a 「。」「、」「／」) and where the rest is (seen in the exported deck: a per-resident
    slide's five-line source ran off the bottom of the slide)."""
    width, size, most = SOURCE_BOX[2], SOURCE_SIZES[-1], SOURCE_LINES
    if _lines(source, width - 0.1, size) <= most:
        return source
    sentences = [part for part in re.split(r"(?<=[。、／])", source) if part]   # whole documents and sentences
    kept = ""
    for sentence in sentences:
        if _lines(kept + sentence + " ほか" + more, width - 0.1, size) > most:
            break
        kept += sentence
    if not kept:                                    # one long sentence: as many characters as fit
        kept = source
        while kept and _lines(kept + " ほか" + more, width - 0.1, size) > most:
            kept = kept[:-1]
    return kept.rstrip("、／") + " ほか" + more


def _footer(item: SlideImage, number: int, count: int, more: str = SOURCE_IN_NOTES):
    """(paragraphs, box, alignment) of the source, the stamp and the page number."""
    text = _shortened(item.source, more)
    source = [Paragraph(text, _fit(text, SOURCE_BOX[2], 2, SOURCE_SIZES))]
    # The stamp on its own lines (データ版 …（… 更新） / 作成 …): on one it wrapped mid-date and
    # ran into the page number.
    stamp = [Paragraph(line, STAMP_LINE_SIZE) for line in item.stamp.split("　") if line.strip()] or \
        [Paragraph("", STAMP_SIZE)]
    parts = [(source, SOURCE_BOX, PP_ALIGN.LEFT), (stamp, STAMP_BOX, PP_ALIGN.RIGHT),
             ([Paragraph(f"{number} / {count}", STAMP_SIZE)], NUMBER_BOX, PP_ALIGN.RIGHT)]
    return [part for part in parts if part[0][0].text]


def _fit_picture(png: bytes, box) -> tuple[float, float, float, float]:
    """The picture's box in inches: as large as fits, aspect kept, centred across, from the top."""
    left, top, width, height = box
    with Image.open(io.BytesIO(png)) as image:
        pixels_w, pixels_h = image.size
    scale = min(width / pixels_w, height / pixels_h)
    w, h = pixels_w * scale, pixels_h * scale
    return left + (width - w) / 2, top, w, h


def _alt_text(item: SlideImage) -> str:
    return "。".join([f"グラフ: {item.title}", *item.headlines])


def _headline_paragraphs(headlines: list[str]) -> list[Paragraph]:
    """Each headline as a figure in large type, under its label in smaller type when it has one.

    "R4～R9 合計: 2,611,600 千円" reads as the label 「R4～R9 合計」 over the figure; one size for
    every figure on the slide, the largest at which no figure breaks inside and all fit the panel.
    """
    parts = [_label_and_figure(h) for h in headlines]
    width, room = HEADLINE_BOX[2] - 2 * PANEL_MARGIN, HEADLINE_BOX[3] - 2 * PANEL_MARGIN
    size = HEADLINE_SIZES[-1]
    for candidate in HEADLINE_SIZES:
        label = min(LABEL_SIZE, candidate)
        height = sum((_lines(lab, width, label) * label * 1.25 if lab else 0)
                     + _lines(fig, width, candidate) * candidate * 1.25 + candidate * 0.6 for lab, fig in parts) / 72
        if height <= room and all(_lines(fig, width, candidate) <= 2 and not _breaks_figure(fig, width, candidate)
                                  for _, fig in parts):
            size = candidate
            break
    out = []
    for label, figure in parts:
        if label:
            out.append(Paragraph(keep_years(label), min(LABEL_SIZE, size), space_after=2))
        out.append(Paragraph(figure, size, bold=True, space_after=size * 0.6))
    return out


def _label_and_figure(headline: str) -> tuple[str, str]:
    """("R4～R9 合計", "2,611,600 千円") from "R4～R9 合計: 2,611,600 千円"; ("", text) without a label."""
    for separator in (": ", "："):
        label, found, figure = headline.partition(separator)
        if found and label.strip() and figure.strip():
            return label.strip(), keep_units(figure.strip())
    return "", keep_units(headline)


def _fit(text: str, width: float, max_lines: int, sizes) -> float:
    """The largest size at which text fits `max_lines` lines of `width` inches; else the smallest."""
    return next((s for s in sizes if _lines(text, width - 0.1, s) <= max_lines), sizes[-1])


def _per_line(width: float, size: float) -> float:
    # Ems per line, measured in IPAexGothic and 20 % wider: Meiryo's Latin letters (bold on
    # slides) are wider.
    return width * 72 / size / 1.2


def _lines(text: str, width: float, size: float) -> int:
    """Lines the text takes, wrapped at spaces, a word longer than a line broken between characters."""
    per_line = _per_line(width, size)
    space = _width_em(" ")
    lines, used = 1, 0.0
    for word in text.split(" "):
        w = _width_em(word)
        if used and used + space + w <= per_line:
            used += space + w
            continue
        if used:
            lines += 1
        while w > per_line:                             # CJK text breaks between characters
            lines += 1
            w -= per_line
        used = w
    return lines


def _breaks_figure(text: str, width: float, size: float) -> bool:
    """Whether a word holding a figure (2,611,600 千円 with its no-break space) is wider than a line."""
    return any(re.search(r"\d", word) and _width_em(word) > _per_line(width, size) for word in text.split(" "))


def keep_years(text: str) -> str:
    """R9 (2027) stays on one line: a no-break space before a year's 「(2027)」, which PowerPoint
    broke off onto a line of its own in a headline's label (「～R9 / (2027)）」); a zero-width
    space before 「（」 and after 「～」 that start a year is where the line may break instead (the
    PDF's writer otherwise broke the then unbreakable label inside a year, 「R5 (2 / 023)」)."""
    text = re.sub(r"(?<=\S) (?=\(\d{4}\))", "\u00a0", text)
    return re.sub(r"(?<=\S)(?=（[^\s（）]+\u00a0\(\d{4}\))|(?<=～)(?=[^\s（）～]+\u00a0\(\d{4}\))", "\u200b", text)


def keep_units(text: str) -> str:
    """2,611,600 千円 stays on one line: a no-break space between a figure and its unit."""
    return re.sub(r"(?<=\d) (?=[^\s\d])", "\u00a0", text)


def _width_em(text: str) -> float:
    advances, per_em = _metrics()
    return sum(advances.get(ord(ch), per_em) for ch in text) / per_em


@functools.lru_cache(maxsize=1)
def _metrics() -> tuple[dict[int, float], float]:
    font = TTFont(render.font_file(), lazy=True)
    hmtx = font["hmtx"]
    per_em = font["head"].unitsPerEm
    return {code: hmtx[glyph][0] for code, glyph in font.getBestCmap().items()}, float(per_em)


# File names

_SEPARATORS = re.compile(r'[/\\:*?"<>|]')           # path separators and what Windows refuses
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_MAX_BYTES = 200                                     # most file systems allow 255 bytes; keep room


def safe_filename(name: str, ext: str) -> str:
    """A download name that keeps Japanese: no path separators, control or format characters.

    効果額/R4～R9 → 効果額_R4～R9.pptx. Format characters include the right-to-left override that
    can make "資料‮xslx.exe" read as another type; Windows' reserved names get a leading "_".
    """
    suffix = "".join(ch for ch in ext.lstrip(".") if ch.isascii() and ch.isalnum()).lower()
    if not suffix:
        raise ValueError(f"拡張子が不正です: {ext!r}（例: pptx, pdf, png）")
    text = unicodedata.normalize("NFC", name)
    text = "".join(" " if unicodedata.category(ch) in ("Zl", "Zp") or ch in "\t\r\n" else ch for ch in text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Cn"))
    text = _SEPARATORS.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    if text.split(".")[0].upper() in _RESERVED:
        text = "_" + text
    limit = _MAX_BYTES - len(suffix) - 1
    while len(text.encode("utf-8")) > limit:
        text = text[:-1]
    text = text.rstrip(" .") or "export"
    return f"{text}.{suffix}"
