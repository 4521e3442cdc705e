"""Chart exports: PNG at 2× for slides, SVG, Japanese drawn in IPAexGothic and never as tofu.

Field notes §2(c): vl-convert draws text in a font it lacks as nothing, and Japanese in a font
without it through resvg's fallback (a Mincho face here, boxes on a bare server).
"""
from __future__ import annotations

import io
import json
import re
import struct
import subprocess
import sys

import altair as alt
import pandas as pd
import pytest
import vl_convert
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops

from dashboard import render
from dashboard.charts import effects as charts
from dashboard.charts.theme import FONT, style
from dashboard.queries import effects as queries

LABEL = "政策分野別の効果額"
PLAN = (None, "行革推進プラン")


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def bars(title: str = LABEL) -> alt.Chart:
    frame = pd.DataFrame({"年度": ["R4 (2022)", "R5 (2023)", "R6 (2024)"], "効果額": [11_442, -63_660, 2_000]})
    return style(alt.Chart(frame).mark_bar().encode(x="年度:N", y="効果額:Q")
                 .properties(title=title, width="container", height=200))


def label(text: str, font: str = render.EXPORT_FONT) -> dict:
    """A chart of one text label in `font`, as the dict vl-convert renders."""
    chart = alt.Chart(pd.DataFrame({"t": [text]})).mark_text(fontSize=40).encode(text="t:N").properties(
        width=420, height=60)
    return render.export_spec(chart, font=font)


def raw_png(spec: dict) -> Image.Image:
    """vl-convert's own rendering, no font check (its fallback behaviour, as in version 1.9)."""
    render.ensure_fonts()
    return Image.open(io.BytesIO(vl_convert.vegalite_to_png(spec))).convert("L")


def ink(image: Image.Image) -> int:
    """Dark pixels of a greyscale rendering."""
    return sum(image.histogram()[:128])


def difference(a: Image.Image, b: Image.Image) -> int:
    """Pixels that differ clearly between two renderings of the same size."""
    assert a.size == b.size
    return sum(ImageChops.difference(a, b).histogram()[65:])


def test_font_file_is_ipaexgothic_shipped_with_its_licence():
    path = render.font_file()
    assert path.name == "ipaexg.ttf"
    assert TTFont(path, lazy=True)["name"].getBestFamilyName() == render.EXPORT_FONT
    assert (path.parent / "IPA_Font_License_Agreement_v1.0.txt").is_file()


def test_fonts_are_registered_once_per_process(monkeypatch):
    calls = []
    monkeypatch.setattr(render, "_registered", False)
    monkeypatch.setattr(vl_convert, "register_font_directory", calls.append)
    render.ensure_fonts()
    render.ensure_fonts()
    assert calls == [str(render.font_file().parent)]


def test_scale_two_doubles_the_pixels():
    one, two = png_size(render.png(bars(), scale=1)), png_size(render.png(bars(), scale=2))
    assert two == (one[0] * 2, one[1] * 2)
    assert one[0] > render.EXPORT_WIDTH           # a "container" width becomes EXPORT_WIDTH, plus axes


def test_width_and_height_can_be_set_for_a_slide():
    small, large = png_size(render.png(bars(), scale=1, width=300)), png_size(render.png(bars(), scale=1, width=600))
    assert large[0] - small[0] == 300


def test_browser_font_list_is_replaced_by_the_export_font():
    spec = render.export_spec(bars().configure_axis(labelFont="Font Only In Browsers"))
    assert spec["config"]["font"] == render.EXPORT_FONT
    assert spec["config"]["axis"]["labelFont"] == render.EXPORT_FONT
    assert FONT not in str(spec)
    assert spec["width"] == render.EXPORT_WIDTH


def test_svg_contains_the_japanese_title_in_the_export_font():
    svg = render.svg(bars())
    assert LABEL in svg
    families = set(re.findall(r'font-family="([^"]*)"', svg))
    assert families == {render.SVG_FONT}
    assert render.first_family(render.SVG_FONT) == render.EXPORT_FONT


MISSING = "\U0010fffd"           # a private-use code point no font here draws: what a missing glyph looks like


def test_png_draws_japanese_glyphs_not_tofu():
    assert ord(MISSING) not in render._export_cmap()
    tofu = raw_png(label(MISSING * len(LABEL)))
    drawn = Image.open(io.BytesIO(render.png(alt.Chart(pd.DataFrame({"t": [LABEL]})).mark_text(fontSize=40)
                                             .encode(text="t:N").properties(width=420, height=60), scale=1)))
    drawn = drawn.convert("L")
    assert ink(drawn) > 2_000
    assert difference(drawn, tofu) > 1_000
    # Tofu draws every character alike; real glyphs are each their own shape.
    singles = [raw_png(label(ch)) for ch in "政策分野効果額"] + [raw_png(label(MISSING))]
    assert all(ink(image) > 100 for image in singles[:-1])
    assert len({image.tobytes() for image in singles}) == len(singles)


# vl-convert in a fresh process, without the export font registered: what a server draws by itself.
UNREGISTERED = """
import json, sys, vl_convert
sys.stdout.buffer.write(vl_convert.vegalite_to_png(json.load(sys.stdin)))
"""


def unregistered_png(spec: dict) -> Image.Image:
    done = subprocess.run([sys.executable, "-c", UNREGISTERED], input=json.dumps(spec).encode(),
                          capture_output=True, check=True, timeout=120)
    return Image.open(io.BytesIO(done.stdout)).convert("L")


def test_a_font_without_japanese_does_not_draw_it_like_the_export_font():
    # Liberation Sans (bundled with vl-convert) has no CJK glyphs. Left to vl-convert's fallback, the
    # label comes out in whatever font has them: a Mincho where fonts-noto-cjk is installed, boxes or
    # nothing on a bare server. (In this process the fallback would find IPAexGothic, registered.)
    export = raw_png(label(LABEL))
    fallback = unregistered_png(label(LABEL, font="Liberation Sans"))
    assert difference(export, fallback) > 1_000


def test_a_chart_naming_a_font_that_is_not_installed_raises():
    chart = alt.Chart(pd.DataFrame({"t": ["計 △52,218 千円"]})).mark_text(font="Not Installed Gothic").encode(
        text="t:N")
    with pytest.raises(render.MissingFontError, match="Not Installed Gothic") as error:
        render.png(chart)
    assert error.value.font == "Not Installed Gothic"
    with pytest.raises(render.MissingFontError):
        render.svg(chart)


def test_the_first_named_font_must_exist_even_with_fallbacks_listed():
    chart = alt.Chart(pd.DataFrame({"t": ["達成"]})).mark_text(font="Not Installed Gothic, IPAexGothic").encode(
        text="t:N")
    with pytest.raises(render.MissingFontError):
        render.png(chart)


def svg_size(svg: str) -> tuple[int, int]:
    """Width and height of an SVG's root element, in CSS pixels."""
    width, height = re.match(r'<svg [^>]*?width="(\d+)" height="(\d+)"', svg).groups()
    return int(width), int(height)


def test_an_installed_font_other_than_the_export_font_is_allowed():
    chart = alt.Chart(pd.DataFrame({"t": ["R4 2022"]})).mark_text(font="Liberation Sans").encode(
        text="t:N").properties(width=420, height=60)
    # 420 × 60 plus the export's padding of 10 on each side (Vega's 5 let a title's glyphs reach
    # past the top), then twice that in pixels: the 2× of slides.
    assert svg_size(render.svg(chart)) == (440, 80)
    assert png_size(render.png(chart)) == (880, 160)


def test_a_character_the_export_font_lacks_raises_rather_than_drawing_a_box():
    chart = alt.Chart(pd.DataFrame({"t": ["達成😀"]})).mark_text().encode(text="t:N")
    with pytest.raises(render.MissingFontError, match="U\\+1F600") as error:
        render.png(chart)
    assert error.value.char == "😀"


@pytest.mark.parametrize("char", ["\x01", "\x0b", "\ufffe", "\uffff"])
def test_a_character_xml_cannot_hold_is_refused_before_vl_convert(char):
    # vl-convert 1.9 aborts the process (a Rust panic while measuring text) on these.
    chart = alt.Chart(pd.DataFrame({"t": [f"取組{char}名"]})).mark_text().encode(text="t:N")
    with pytest.raises(ValueError, match=f"U\\+{ord(char):04X}"):
        render.png(chart)
    with pytest.raises(ValueError):
        render.svg(chart)


def test_the_effect_chart_of_the_seed_plan_exports_in_the_export_font(app_db):
    estimate = "計画策定時"
    chart = charts.by_area_and_year(queries.amounts(*PLAN, estimate), queries.year_totals(*PLAN, estimate),
                                    "千円", estimate=estimate)
    svg = render.svg(chart)
    assert "政策分野別・年度別の効果額（計画策定時）" in svg
    assert "II 組織・人材マネジメント改革" in svg
    assert set(re.findall(r'font-family="([^"]*)"', svg)) == {render.SVG_FONT}
    width, height = svg_size(svg)
    assert width >= render.EXPORT_WIDTH and height > 560       # height 560 of the plot, then titles
    assert png_size(render.png(chart)) == (2 * width, 2 * height)
