"""A council-briefing deck of four 効果額 charts from the seed plan, as PowerPoint and as PDF.

Figures from 001 (行革推進プラン), 後期アクションプラン策定時点の改革改善効果額見込み (単位：千円).
The PDF checks use poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm; scripts/browser-deps.sh).
"""
from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
from datetime import datetime

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
from pptx.util import Inches

from dashboard import db, deck_export
from dashboard.charts import effects as charts
from dashboard.deck_export import SlideImage, safe_filename
from dashboard.queries import effects as queries

PLAN = (None, "行革推進プラン")
PLAN_TIME, REVISED = "計画策定時", "後期アクションプラン策定時"
SOURCE = "出典: 行革推進プラン 計画策定時点 / 後期アクションプラン策定時点の改革改善効果額見込み（単位：千円）"
TITLES = ["改革改善効果額（計画策定時）", "改革改善効果額（後期アクションプラン策定時）",
          "累計効果額の推移（後期アクションプラン策定時）", "時点別の合計額（政策分野別・全体）"]


@pytest.fixture(scope="module")
def slides(seed_db) -> list[SlideImage]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANS_DB", str(seed_db))
        version, _ = db.data_version()
        stamp = deck_export.stamp(version, datetime(2026, 11, 23, 10, 0))
        views = [
            charts.by_area_and_year(queries.amounts(*PLAN, PLAN_TIME), queries.year_totals(*PLAN, PLAN_TIME),
                                    "千円", estimate=PLAN_TIME),
            charts.by_area_and_year(queries.amounts(*PLAN, REVISED), queries.year_totals(*PLAN, REVISED),
                                    "千円", estimate=REVISED),
            charts.cumulative(queries.year_totals(*PLAN, REVISED), "千円", estimate=REVISED),
            charts.estimate_comparison(queries.estimate_comparison(*PLAN), "千円"),
        ]
        # 001 計画策定時点 合計額 (R4~R9) 2,674,093 千円; 後期アクションプラン策定時点 2,611,600 千円,
        # R4 実績 △15,673 千円; 比較 △62,493 千円
        headlines = [["R4～R9 合計（計画）: 2,674,093 千円"], ["R4～R9 合計: 2,611,600 千円", "R4 実績: △15,673 千円"],
                     ["R9 累計（見込み）: 2,611,600 千円"], ["比較（後期 − 計画策定時）: △62,493 千円"]]
        return [SlideImage(title=title, png=deck_export.slide_png(chart), headlines=heads, source=SOURCE,
                           notes=f"{title}の説明。\n見込みは実績ではありません。", stamp=stamp)
                for title, chart, heads in zip(TITLES, views, headlines)]


@pytest.fixture(scope="module")
def pptx(slides) -> Presentation:
    return Presentation(io.BytesIO(deck_export.to_pptx(slides)))


@pytest.fixture(scope="module")
def pdf_path(slides, tmp_path_factory):
    path = tmp_path_factory.mktemp("deck") / "deck.pdf"
    path.write_bytes(deck_export.to_pdf(slides))
    return path


def poppler(tool: str, *args) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} がありません: apt-get install -y poppler-utils（scripts/browser-deps.sh）")
    return subprocess.run([tool, *map(str, args)], check=True, capture_output=True, text=True).stdout


def texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_the_seed_stamp_names_the_data_version(slides):
    assert slides[0].stamp.startswith("データ版 ") and slides[0].stamp.endswith("作成 2026-11-23 10:00")


def test_pptx_is_16_to_9_with_one_slide_per_view(pptx):
    assert (pptx.slide_width, pptx.slide_height) == (Inches(13.333), Inches(7.5))
    assert len(pptx.slides) == 4
    assert [slide.shapes.title.text for slide in pptx.slides] == TITLES


def test_each_slide_has_one_picture_scaled_without_distortion_inside_the_slide(pptx, slides):
    for slide, item in zip(pptx.slides, slides):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        picture = pictures[0]
        width, height = Image.open(io.BytesIO(item.png)).size
        assert picture.width / picture.height == pytest.approx(width / height, rel=0.01)
        assert picture.left >= 0 and picture.top >= 0
        assert picture.left + picture.width <= pptx.slide_width
        assert picture.top + picture.height <= pptx.slide_height
        assert picture.image.blob == item.png
        assert picture._element.nvPicPr.cNvPr.get("descr").startswith(f"グラフ: {item.title}")


def sizes(shape) -> list[float]:
    return [run.font.size.pt for paragraph in shape.text_frame.paragraphs for run in paragraph.runs]


def test_headline_figures_are_large_under_smaller_labels_and_source_and_stamp_small(pptx, slides):
    for slide, item in zip(pptx.slides, slides):
        shapes = {shape.text_frame.text.replace("\u00a0", " "): shape for shape in slide.shapes if shape.has_text_frame}
        panel = next(shape for text, shape in shapes.items() if item.headlines[0].split(": ")[-1] in text)
        runs = [run for paragraph in panel.text_frame.paragraphs for run in paragraph.runs]
        figures = [run for run in runs if run.font.bold]
        assert len(figures) == len(item.headlines)
        assert all(24 <= run.font.size.pt <= 28 for run in figures)
        assert all(run.font.size.pt == deck_export.LABEL_SIZE for run in runs if not run.font.bold)
        stamp = item.stamp.replace("　", "\n")           # its own two lines: which data, when drawn
        for small in (item.source, stamp):
            assert max(sizes(shapes[small])) <= 11
        width = deck_export.STAMP_BOX[2] - 0.1
        assert all(deck_export._lines(line, width, deck_export.STAMP_LINE_SIZE) == 1 for line in stamp.split("\n"))
    panel_text = "\n".join(texts(pptx.slides[1])).replace("\u00a0", " ").split("\n")
    assert ["R4～R9 合計", "2,611,600 千円", "R4 実績", "△15,673 千円"] == [
        line for line in panel_text if line in ("R4～R9 合計", "2,611,600 千円", "R4 実績", "△15,673 千円")]


def test_speaker_notes_are_in_the_notes_pane(pptx):
    for slide, title in zip(pptx.slides, TITLES):
        assert slide.has_notes_slide
        assert slide.notes_slide.notes_text_frame.text == f"{title}の説明。\n見込みは実績ではありません。"


def test_every_run_names_a_japanese_font_for_east_asian_text(pptx):
    for slide in pptx.slides:
        for part in (slide, slide.notes_slide):
            runs = part.element.findall(".//" + qn("a:r"))
            assert runs
            for run in runs:
                rpr = run.find(qn("a:rPr"))
                assert rpr.get("lang") == "ja-JP"
                assert rpr.find(qn("a:ea")).get("typeface") == deck_export.PPTX_FONT
                children = [child.tag for child in rpr]
                assert children.index(qn("a:latin")) + 1 == children.index(qn("a:ea"))   # schema order


def test_pdf_has_four_16_to_9_pages_with_ipaexgothic_embedded(pdf_path):
    info = poppler("pdfinfo", pdf_path)
    assert "Pages:           4" in info
    assert "Page size:       959.98 x 540 pts" in info            # 13.333 × 7.5 in
    fonts = poppler("pdffonts", pdf_path).splitlines()[2:]
    assert len(fonts) == 1 and "IPAexGothic" in fonts[0] and " yes yes yes " in fonts[0]   # embedded, subset, unicode


def test_pdf_text_is_searchable_and_carries_no_speaker_notes(pdf_path):
    text = poppler("pdftotext", "-layout", pdf_path, "-")
    for title in TITLES:
        assert title in text
    assert "2,611,600 千円" in text.replace("\u00a0", " ")
    assert "データ版 " in text and "作成 2026-11-23 10:00" in text
    assert "の説明。" not in text                                   # the handout has no speaker notes


def test_pdf_page_renders_to_a_picture_that_is_not_blank(pdf_path, tmp_path):
    poppler("pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", pdf_path, tmp_path / "page")
    pages = list(tmp_path.glob("page*.png"))
    assert len(pages) == 1
    image = Image.open(pages[0]).convert("L")
    assert image.size == (667, 375)                               # 13.333 × 7.5 in at 50 dpi
    histogram = image.histogram()
    dark, white = sum(histogram[:128]), histogram[255]
    assert dark > 2_000                                           # title, chart and figures drawn
    assert white < image.width * image.height * 0.9


def test_an_empty_deck_is_refused():
    with pytest.raises(ValueError):
        deck_export.to_pptx([])
    with pytest.raises(ValueError):
        deck_export.to_pdf([])


def test_a_long_title_is_set_smaller_to_stay_on_two_lines():
    short = deck_export._fit("時点別の合計額", deck_export.TITLE_BOX[2], 2, deck_export.TITLE_SIZES)
    long = deck_export._fit("政策分野別・年度別の改革改善効果額（後期アクションプラン策定時点）と計画策定時点との比較、"
                            "ならびに各年度の実績と見込みの内訳", deck_export.TITLE_BOX[2], 2, deck_export.TITLE_SIZES)
    assert short == 28 and long < short


INDICATOR_TITLE = "相模原市 市民の国際交流、国際理解の機会の拡充を図るための事業への参加者数の目標と実績"


def test_a_long_slide_title_breaks_between_words_in_powerpoint(slides):
    """PowerPoint breaks Japanese between any two characters: the title's line breaks are set in
    the file, where a word ends (「…事業への参 / 加者数」 was drawn)."""
    from tests.test_line_breaks import inside_a_word
    deck = Presentation(io.BytesIO(deck_export.to_pptx([dataclasses.replace(slides[0], title=INDICATOR_TITLE)])))
    lines = deck.slides[0].shapes.title.text_frame.text.split("\v")        # a:br within the paragraph
    assert lines == ["相模原市 市民の国際交流、国際理解の機会の拡充を図るための事業への", "参加者数の目標と実績"]
    assert not [(a, b) for a, b in zip(lines, lines[1:]) if inside_a_word(a, b)]


def test_a_figure_stays_with_its_unit():
    assert deck_export.keep_units("R4～R9 合計 2,611,600 千円") == "R4～R9\u00a0合計 2,611,600\u00a0千円"


def test_a_year_in_a_headline_label_stays_on_one_line():
    """Seen in the exported deck opened as slides: 「合計（R4 (2022)～R9 / (2027)）」 broke a year."""
    label, figure = deck_export._headline_paragraphs(["合計（R4 (2022)～R9 (2027)）: 2,611.6 百万円"])
    # no break inside a year; where it may break: before the 「（」 and after the 「～」
    assert label.text == "合計\u200b（R4\u00a0(2022)～\u200bR9\u00a0(2027)）"
    assert deck_export.keep_years("R4～R9 合計") == "R4～R9 合計"
    assert figure.text == "2,611.6\u00a0百万円"


# headline, label, figure: "label: figure" as deck_files writes it; other text is all figure
HEADLINES = [
    ("R4～R9 合計: 2,611,600 千円", "R4～R9 合計", "2,611,600\u00a0千円"),
    ("達成率：79.5%", "達成率", "79.5%"),
    ("2,611,600 千円", "", "2,611,600\u00a0千円"),
    ("時刻 10:00", "", "時刻 10:00"),
    (": 12 件", "", ": 12\u00a0件"),
]


@pytest.mark.parametrize("headline, label, figure", HEADLINES)
def test_a_headline_splits_into_label_and_figure(headline, label, figure):
    assert deck_export._label_and_figure(headline) == (label, figure)


def test_many_headlines_get_smaller_but_no_figure_breaks_inside():
    one = deck_export._headline_paragraphs(["達成率: 79.5%"])
    five = deck_export._headline_paragraphs([f"政策分野 {n} の効果額: 123,456,789 千円" for n in range(5)])
    big, small = one[-1].size, five[-1].size
    assert big == 28 and small < big
    width = deck_export.HEADLINE_BOX[2] - 2 * deck_export.PANEL_MARGIN
    assert not deck_export._breaks_figure("123,456,789\u00a0千円", width, small)


# name, ext, file name: Japanese kept; separators, control and format characters gone
FILE_NAMES = [
    ("効果額（後期アクションプラン策定時）", "pptx", "効果額（後期アクションプラン策定時）.pptx"),
    ("効果額/R4～R9", ".pdf", "効果額_R4～R9.pdf"),
    ("..\\..\\etc\\passwd", "png", "_.._etc_passwd.png"),
    ("../../secret", "svg", "_.._secret.svg"),
    ("行革\x00推進\nプラン\t", "PNG", "行革推進 プラン.png"),
    ("資料\u202egpj.exe", "pdf", "資料gpj.exe.pdf"),                 # a right-to-left override cannot disguise it
    ('比較: "R4" <計画> | 見込み?*', "pdf", "比較_ _R4_ _計画_ _ 見込み__.pdf"),
    ("CON", "pdf", "_CON.pdf"),
    ("  . . ", "pdf", "export.pdf"),
    ("ｶﾞ", "pdf", "ｶﾞ.pdf"),
    ("か\u3099", "pdf", "が.pdf"),                                   # NFC: macOS sends decomposed kana
]


@pytest.mark.parametrize("name, ext, expected", FILE_NAMES)
def test_safe_filename(name, ext, expected):
    assert safe_filename(name, ext) == expected


def test_safe_filename_stays_under_the_file_system_limit():
    name = safe_filename("効" * 300, "pptx")
    assert len(name.encode("utf-8")) <= 200 and name.endswith("効.pptx")


def test_safe_filename_needs_an_extension():
    with pytest.raises(ValueError):
        safe_filename("効果額", "../")


def test_a_source_too_long_for_the_footer_is_shortened_and_given_whole_elsewhere(tmp_path):
    """Seen in the exported deck: a per-resident slide's five-line source ran off the slide's
    bottom. The footer keeps whole documents up to its lines and says where the rest is: the
    PowerPoint's notes, the handout's 「出典の全文」 page."""
    long = "人口: 市町村一覧（推計人口）。" + "、".join(f"出典資料その{i} 行政改革推進計画の実績報告書" for i in range(12))
    item = deck_export.SlideImage(title="人口千人当たり事業費", png=deck_export.slide_png(
        __import__("altair").Chart(__import__("pandas").DataFrame({"a": [1]})).mark_bar().encode(x="a:Q")),
        source=long, stamp="データ版 x　作成 y")
    footer = deck_export._shortened(long)
    assert footer != long and footer.endswith(" ほか" + deck_export.SOURCE_IN_NOTES)
    assert long.startswith(footer.removesuffix(" ほか" + deck_export.SOURCE_IN_NOTES))
    width, size = deck_export.SOURCE_BOX[2] - 0.1, deck_export.SOURCE_SIZES[-1]
    assert deck_export._lines(footer, width, size) <= deck_export.SOURCE_LINES
    deck = Presentation(io.BytesIO(deck_export.to_pptx([item])))
    assert footer in texts(deck.slides[0]) and long not in texts(deck.slides[0])
    assert long in deck.slides[0].notes_slide.notes_text_frame.text
    path = tmp_path / "handout.pdf"
    path.write_bytes(deck_export.to_pdf([item]))
    first, last = (poppler("pdftotext", "-f", n, "-l", n, path, "-") for n in (1, 2))
    assert deck_export.SOURCE_AT_END in first and "出典の全文" in last and "出典資料その11" in last
