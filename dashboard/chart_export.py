"""A chart on the page with its downloads: PNG at 2× for slides and SVG, drawn on the server.

Streamlit's own chart menu offers only a low-resolution PNG; these are rendered by vl-convert
with the export font when the button is clicked, not on every rerun.
"""
from __future__ import annotations

import altair as alt
import streamlit as st

from dashboard import deck_export, frame, render


def show(chart: alt.TopLevelMixin, name: str, **kwargs) -> None:
    """Draw the chart; outside presentation mode, offer it as PNG (2×) and SVG."""
    st.altair_chart(chart, **kwargs)
    if frame.presenting():
        return
    png, svg, _ = st.columns([1, 1, 6])
    png.download_button("PNG", lambda: render.png(chart, scale=2), file_name=deck_export.safe_filename(name, "png"),
                        mime="image/png", icon=":material/image:", key=f"png-{name}", type="tertiary",
                        help="スライド用の高解像度画像（2倍）")
    svg.download_button("SVG", lambda: render.svg(chart), file_name=deck_export.safe_filename(name, "svg"),
                        mime="image/svg+xml", icon=":material/draw:", key=f"svg-{name}", type="tertiary",
                        help="拡大しても粗くならない図（SVG）")
