"""A chart on the page with its downloads: PNG at 2× for slides and SVG, drawn on the server.

Streamlit's own chart menu offers only a low-resolution PNG; these are rendered by vl-convert
with the export font when the button is clicked, not on every rerun. The page's chart itself is
drawn from a Vega-Lite spec kept per inputs.
"""
from __future__ import annotations

import threading
from collections.abc import Callable

import altair as alt
import streamlit as st
from streamlit import dataframe_util

from dashboard import deck_export, format, frame, render
from dashboard.charts import describe, theme


def draw(build: Callable[..., alt.TopLevelMixin | None], *args, name: str | None = None, **kwargs) -> bool:
    """Draw the chart `build(*args, **kwargs)` from its Vega-Lite spec, kept per inputs; with a
    `name`, offer it as PNG (2×) and SVG outside presentation mode. False when the builder has
    no chart for the data (words only).

    Building an Altair chart and turning it into a spec was most of a page view's server CPU
    (docs/benchmarks.md): twenty people opening the same view now cost one build.
    """
    kept = _spec(_register(build), theme.presenting.get(), args, tuple(sorted(kwargs.items())))
    if kept is None:
        return False
    spec, wire = kept
    st.vega_lite_chart(wire)
    # The same figures as a table (Japan Dashboard offers one for every chart); the key is the
    # chart's title, which names what it shows and so differs between the charts of a page.
    if st.toggle("表で見る", key=f"table-{spec['description'][:80]}", help="図と同じ数値を表で表示します"):
        st.dataframe(describe.table(spec), hide_index=True)
    if name and not frame.presenting():
        chart = lambda: build(*args, **kwargs)   # noqa: E731  (built again only when downloaded)
        png, svg, _ = st.columns([1, 1, 6])
        # on_click="ignore": a download is the browser's alone. A rerun started with it (the
        # default) races the file's own request on a busy server, and the click can come to nothing.
        png.download_button("PNG", lambda: render.png(chart(), scale=2),
                            file_name=deck_export.safe_filename(name, "png"), mime="image/png",
                            icon=":material/image:", key=f"png-{name}", type="tertiary",
                            help="スライド用の高解像度画像（2倍）", on_click="ignore")
        svg.download_button("SVG", lambda: render.svg(chart()), file_name=deck_export.safe_filename(name, "svg"),
                            mime="image/svg+xml", icon=":material/draw:", key=f"svg-{name}", type="tertiary",
                            help="拡大しても粗くならない図（SVG）", on_click="ignore")
    return True


# A page in present mode is a screen wide, not a slide's chart box: a category label (a 戦略区分,
# a department) keeps one line up to 22 em of 19 px and wraps between words after, where a slide
# wraps after 14; each row is tall enough for the lines of its label.
_PAGE_EM = 22
_ROW_STEP, _LINE = 30, 24


def _page_lines(text: str) -> list[str]:
    return format.wrap(text, _PAGE_EM)


def _one_line_labels(value, values: dict[str, list[str]] | None = None):
    """The spec with each long category label (an axis or legend with a labelLimit and no
    labelExpr) on lines of _PAGE_EM em, wrapped from the field's values in the data."""
    if values is None and isinstance(value, dict):
        values = deck_export.field_values(value)
    if isinstance(value, list):
        return [_one_line_labels(v, values) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _one_line_labels(v, values) for k, v in value.items()}
    for part in ("axis", "legend"):
        guide = out.get(part)
        if isinstance(guide, dict) and isinstance(value.get("field"), str) and \
                "labelLimit" in guide and "labelExpr" not in guide and "labelAngle" not in guide:
            # every label drawn: Vega's overlap test hid every other wrapped one, though each row is
            # sized for its lines (_rows_for_labels)
            table = {v: _page_lines(v) for v in values.get(value["field"], [])}
            out[part] = {**guide, "labelLimit": 0, "labelExpr": format.label_lookup(table), "labelOverlap": False}
    return out


def _rows_for_labels(spec: dict) -> dict:
    """Each row (a band step) tall enough for the most lines a label wrapped by _one_line_labels
    takes, at least one 19 px line."""
    lines = 1
    values = deck_export.field_values(spec)
    def walk(value):
        nonlocal lines
        if isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            axis = value.get("axis")
            if isinstance(axis, dict) and isinstance(value.get("field"), str) and axis.get("labelExpr"):
                table = {v: _page_lines(v) for v in values.get(value["field"], [])}
                if table and axis["labelExpr"] == format.label_lookup(table):
                    lines = max(lines, *(len(t) for t in table.values()))
            for v in value.values():
                walk(v)
    walk(spec)
    needed = max(_ROW_STEP, lines * _LINE + 6)
    def grow(value):
        if isinstance(value, list):
            return [grow(v) for v in value]
        if not isinstance(value, dict):
            return value
        out = {k: grow(v) for k, v in value.items()}
        if isinstance(out.get("height"), dict) and out["height"].get("step", needed) < needed:
            out["height"] = {**out["height"], "step": needed}
        return out
    return grow(spec)


def _marks_at_least(value, size: float):
    """The spec with every text mark's size encoding (「データなし」 at 13 px, a count at 18) at least
    `size`: room_sized raises the marks' own fontSize, not a size drawn from the data."""
    if isinstance(value, list):
        return [_marks_at_least(v, size) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _marks_at_least(v, size) for k, v in value.items()}
    mark = out.get("mark")
    if (mark == "text" or isinstance(mark, dict) and mark.get("type") == "text") and "size" in out.get("encoding", {}):
        encoded = out["encoding"]["size"]
        for part in (encoded, *([encoded["condition"]] if isinstance(encoded.get("condition"), dict)
                                else encoded.get("condition") or [])):
            if isinstance(part.get("value"), (int, float)):
                part["value"] = max(part["value"], size)
    return out


PRESENT_HEIGHT = 660
_COMPOSED = {"facet", "hconcat", "vconcat", "concat", "repeat"}
PRESENT_PADDING = {"top": 16, "left": 10, "right": 10, "bottom": 5}
_BUILDERS: dict[str, Callable] = {}
# Altair's theme and data transformer are process-wide: one conversion at a time.
_ALTAIR = threading.Lock()


def _register(build: Callable) -> str:
    name = f"{build.__module__}.{build.__qualname__}"
    _BUILDERS[name] = build
    return name


@st.cache_data(show_spinner=False, max_entries=256)
def _spec(name: str, presenting: bool, args: tuple, kwargs: tuple) -> tuple[dict, dict] | None:
    """The chart's Vega-Lite spec, and the same spec as sent to the browser: its datasets already
    Arrow IPC bytes, which st.vega_lite_chart passes on as they are. Converted here once per
    inputs, not on every view: under py-spy the conversion was a fifth of a 効果額 view's script
    time, 1 % after."""
    spec = _built(name, presenting, args, kwargs)
    if spec is None:
        return None
    wire = {**spec, "datasets": {name: dataframe_util.convert_anything_to_arrow_bytes(rows)
                                 for name, rows in spec.get("datasets", {}).items()}}
    if not wire["datasets"]:
        del wire["datasets"]
    return spec, wire


def _built(name: str, presenting: bool, args: tuple, kwargs: tuple) -> dict | None:
    token = theme.presenting.set(presenting)
    try:
        chart = _BUILDERS[name](*args, **dict(kwargs))
    finally:
        theme.presenting.reset(token)
    if chart is None:
        return None
    # As st.altair_chart converts: no Altair default theme (Streamlit's own applies), no row cap
    # (the frames are capped where they are queried).
    with _ALTAIR, alt.theme.enable("none"), alt.data_transformers.enable("default", max_rows=None):
        spec = chart.to_dict()
    if presenting:
        # 発表モード: the type of a 1280×720 slide (title 28, labels 18, values on marks 16,
        # subtitles 14 px), one rule with the deck's (deck_export.room_sized), and room above the
        # title for its glyphs, which a 28 px title pushes past Vega's default 5 px padding.
        spec = _marks_at_least(deck_export.room_sized(_rows_for_labels(_one_line_labels(spec))), deck_export.SLIDE_TYPE["mark"])
        spec.setdefault("padding", PRESENT_PADDING)
        if isinstance(spec.get("height"), (int, float)) and not _COMPOSED & set(spec):
            # Streamlit fits a single view's whole picture, titles, legends and axes included, into
            # its height ("fit"): at room sizes 計画比's 440 px left a plot of 139 px and its title
            # rose out of the chart. In a room the picture is one screen: 1280×720 less a margin,
            # or the height the chart asks for (a single bar needs less).
            spec["height"] = spec.get("usermeta", {}).get("present_height", PRESENT_HEIGHT)
    # The accessible name a screen reader announces instead of Vega's 「Vega visualization」.
    spec["description"] = describe.summary(spec)
    return spec
