"""Charts as files for slides and documents: PNG (2× by default) and SVG, Japanese drawn in IPAexGothic.

theme.FONT names browser fonts (Noto Sans CJK JP first) that a server need not have. There,
vl-convert draws text in a font it cannot find as nothing at all, and text in a font without
Japanese through resvg's fallback in whatever font holds the glyph, often a Mincho face (field
notes §2(c); resvg#973). Exports therefore name one font that ships with the Python packages,
IPAexGothic from matplotlib-fontja (IPA Font License v1.0, licence file beside the font), and
register its directory with vl-convert.

vl-convert 1.9 has no `missing_fonts="error"` (its later docs set it with `vl_convert.configure`), so the
same rule is kept here: the chart is drawn to SVG once, every text's first-choice font must be one
the renderer can load, and text in EXPORT_FONT must have each character in that font; only then
is the SVG rasterised (`svg_to_png` of the SVG gives the bytes `vegalite_to_png` gives).
"""
from __future__ import annotations

import functools
import importlib.util
import io
import re
import threading
from pathlib import Path
from xml.sax.saxutils import quoteattr

import altair as alt
import vl_convert
from defusedxml import ElementTree
from fontTools.ttLib import TTFont
from PIL import Image

EXPORT_FONT = "IPAexGothic"
FONT_PACKAGE = "matplotlib_fontja"      # PyPI matplotlib-fontja; found, never imported (it imports matplotlib)
FONT_FILE = "fonts/ipaexg.ttf"

# A chart sized "container" follows the browser's column; a file needs pixels.
EXPORT_WIDTH = 720

# An SVG is opened on PCs that lack IPAexGothic: after it, Japanese gothic faces they do have.
# The layout was measured with IPAexGothic: kana and kanji are one em wide in all of these, Latin
# letters differ a little.
SVG_FONT = f"{EXPORT_FONT}, Yu Gothic, YuGothic, Meiryo, Hiragino Sans, Noto Sans CJK JP, sans-serif"

# Config keys that name a font (Vega-Lite config: font, axis*/legend/header* label and title fonts,
# title subtitleFont, mark/text font).
_FONT_KEYS = ("font", "labelFont", "titleFont", "subtitleFont")
_SVG = "{http://www.w3.org/2000/svg}"
# Characters outside XML 1.0's Char production (tab, LF and CR are allowed).
_NON_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_lock = threading.Lock()
_registered = False


class MissingFontError(ValueError):
    """A chart's text would be drawn in a font the renderer lacks, or with a character its font lacks.

    A ValueError, like the refusal of characters XML cannot hold: callers catch one kind for
    "this chart cannot be exported".
    """

    def __init__(self, message: str, *, font: str, text: str, char: str | None = None):
        super().__init__(message)
        self.font, self.text, self.char = font, text, char


def font_file() -> Path:
    """The IPAexGothic TrueType file shipped in the matplotlib-fontja package."""
    spec = importlib.util.find_spec(FONT_PACKAGE)
    if spec is None or spec.origin is None:
        raise FileNotFoundError(
            f"書き出し用の書体 {EXPORT_FONT} が見つかりません。"
            "`pip install -r requirements.txt`（matplotlib-fontja）を実行してください。")
    path = Path(spec.origin).parent / FONT_FILE
    if not path.is_file():
        raise FileNotFoundError(f"書き出し用の書体ファイルがありません: {path}")
    return path


def ensure_fonts() -> None:
    """Register the export font's directory with vl-convert, once per process."""
    global _registered
    with _lock:
        if not _registered:
            vl_convert.register_font_directory(str(font_file().parent))
            _registered = True
            _has_font.cache_clear()


def export_spec(chart: alt.TopLevelMixin, *, width: int | None = None, height: int | None = None,
                font: str = EXPORT_FONT) -> dict:
    """The chart's Vega-Lite dict with every configured font set to `font` and a size in pixels.

    `width`/`height` replace the chart's own top-level size; a "container" size becomes EXPORT_WIDTH
    (width) or is dropped (height, so the chart's default applies).
    """
    spec = chart.to_dict()
    config = spec.setdefault("config", {})
    config["font"] = font
    for value in config.values():
        if isinstance(value, dict):
            for key in _FONT_KEYS:
                if key in value:
                    value[key] = font
    # Room around the picture: a title's glyphs reach 2 px above Vega's default 5 px padding in
    # some viewers' fonts, and an exported title must not lose its top.
    spec.setdefault("padding", 10)
    if width is not None:
        spec["width"] = width
    elif spec.get("width") == "container":
        spec["width"] = EXPORT_WIDTH
    if height is not None:
        spec["height"] = height
    elif spec.get("height") == "container":
        del spec["height"]
    return spec


def png(chart: alt.TopLevelMixin, scale: float = 2, *, width: int | None = None,
        height: int | None = None) -> bytes:
    """The chart as PNG at `scale` (2 for slides), in EXPORT_FONT; MissingFontError rather than tofu."""
    svg_text = _checked_svg(export_spec(chart, width=width, height=height))
    # vl-convert multiplies pixels by ppi/72 (and by scale): passing the scale as ppi alone gives the
    # same pixels and records 144 ppi in a 2× file, so PowerPoint places it at the chart's own size.
    return vl_convert.svg_to_png(svg_text, ppi=72 * scale)


def png_from_spec(spec: dict, scale: float = 2) -> bytes:
    """A prepared export spec (export_spec, perhaps resized) as PNG, checked like png()."""
    return vl_convert.svg_to_png(_checked_svg(spec), ppi=72 * scale)


def svg_from_spec(spec: dict) -> str:
    """A prepared export spec as SVG in EXPORT_FONT (for measuring the layout)."""
    return _checked_svg(spec)


def svg(chart: alt.TopLevelMixin, *, width: int | None = None, height: int | None = None) -> str:
    """The chart as SVG, laid out in EXPORT_FONT, with Japanese gothic fallbacks for the viewer's PC."""
    return _checked_svg(export_spec(chart, width=width, height=height, font=SVG_FONT))


def _checked_svg(spec: dict) -> str:
    check_characters(spec)
    ensure_fonts()
    svg_text = vl_convert.vegalite_to_svg(spec)
    check_text(svg_text)
    return svg_text


def check_text(svg_text: str) -> None:
    """Raise MissingFontError for text whose first-choice font or characters the renderer lacks."""
    ensure_fonts()
    root = ElementTree.fromstring(svg_text)
    for family, text in _texts(root, ""):
        first = first_family(family)
        if not _has_font(first):
            raise MissingFontError(
                f"書体「{first}」がこのサーバーにないため、グラフを書き出せません"
                f"（文字が空白や□にならないよう止めました）: 「{_short(text)}」",
                font=first, text=text)
        if first == EXPORT_FONT:
            for char in text:
                if not char.isspace() and ord(char) not in _export_cmap():
                    raise MissingFontError(
                        f"文字「{char}」(U+{ord(char):04X}) は書体 {EXPORT_FONT} にないため、"
                        f"グラフを書き出せません: 「{_short(text)}」",
                        font=first, text=text, char=char)


def check_characters(value) -> None:
    """Raise ValueError for a string in the spec holding a character XML cannot hold."""
    if isinstance(value, str):
        found = _NON_XML.search(value)
        if found:
            raise ValueError(f"グラフの文字に書き出せない制御文字 U+{ord(found.group()):04X} が含まれています: "
                             f"「{_short(_NON_XML.sub('', value))}」。元データのその文字を削除してください。")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_characters(key)
            check_characters(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            check_characters(item)


def first_family(css_family: str) -> str:
    """The first name of a CSS font-family list, unquoted: '"Noto Sans JP", sans-serif' -> Noto Sans JP."""
    return css_family.split(",")[0].strip().strip("'\"").strip()


def _texts(element, family: str):
    """(font-family in effect, text) for every SVG text element; font-family is inherited."""
    family = element.get("font-family", family)
    if element.tag == f"{_SVG}text":
        text = "".join(element.itertext())
        if text.strip():
            yield family, text
        return
    for child in element:
        yield from _texts(child, family)


@functools.lru_cache(maxsize=None)
def _has_font(family: str) -> bool:
    """Whether the renderer has `family`: text in a family it lacks is drawn as nothing, so look for ink."""
    if family == EXPORT_FONT:
        return True                                  # registered by ensure_fonts from a file we check
    probe = (f'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="24">'
             f'<text x="2" y="18" font-family={quoteattr(family)} font-size="16">Ag</text></svg>')
    alpha = Image.open(io.BytesIO(vl_convert.svg_to_png(probe))).getchannel("A")
    return alpha.getextrema()[1] > 0


@functools.lru_cache(maxsize=1)
def _export_cmap() -> frozenset[int]:
    return frozenset(TTFont(font_file(), lazy=True).getBestCmap())


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
