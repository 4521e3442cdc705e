"""Every slide view drawn at slide size fits its canvas and reads in a room: each text element's box
lies inside the SVG, labels on one axis do not overlap, and type on a 1280×720 slide is at least
title 28 px, axis labels and legends 18 px, values on marks 16 px, subtitles 14 px."""
from __future__ import annotations

import pytest

from dashboard import deck_export, decks, render, slides

DECK = "議会説明サンプル"

# Roles of the SVG groups vl-convert writes, and the least size of their text on the slide.
_MEASURE = """() => {
  const svg = document.querySelector('svg'); const box = svg.getBoundingClientRect();
  const role = (t) => { for (let e = t; e && e !== svg; e = e.parentElement) {
      const c = (e.getAttribute('class') || ''); const m = c.match(/role-([a-z-]+)/); if (m) return m[1]; }
    return ''; };
  return [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
    const r = t.getBoundingClientRect();
    // A facet's header (the timeline's city) is a label, though Vega classes its text as a title:
    // it is the title of a panel (a group inside the facet's scope), not of the chart.
    const header = role(t) === 'title-text' && !!t.closest('.role-scope');
    return {y: t.getAttribute("y"), transform: t.getAttribute("transform"), text: t.textContent, role: header ? 'header-label' : role(t), size: parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize),
            left: r.left - box.left, top: r.top - box.top, right: r.right - box.left, bottom: r.bottom - box.top,
            width: box.width, height: box.height, axis: (t.closest('.role-axis') ? [...document.querySelectorAll('.role-axis')].indexOf(t.closest('.role-axis')) : -1)};
  });
}"""
LEAST = {"header-label": 18, "title-text": 28, "axis-label": 18, "axis-title": 18, "legend-label": 18, "legend-title": 18,
         "mark": 16, "title-subtitle": 14}


def _texts(browser, svg_text: str) -> list[dict]:
    page = browser.new_page()
    page.set_content(f"<html><body style='margin:0'>{svg_text}</body></html>")
    try:
        return page.evaluate(_MEASURE)
    finally:
        page.close()


def _overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] - 1 and b["left"] < a["right"] - 1 and a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1


@pytest.mark.parametrize("position", [1, 2, 3, 4])
def test_each_slide_of_the_sample_deck_fits_its_canvas_and_reads_in_a_room(app_db, browser, position):
    row = decks.slides(DECK).iloc[position - 1]
    spec = deck_export.slide_spec(slides.draw(row.view, row.params).chart)
    svg_text = render.svg_from_spec(spec)
    scale = deck_export.slide_scale(svg_text)
    texts = _texts(browser, svg_text)
    assert texts
    for t in texts:
        assert t["left"] >= -1 and t["top"] >= -1 and t["right"] <= t["width"] + 1 and t["bottom"] <= t["height"] + 1, t
        assert not t["text"].endswith("…"), t                          # wrapped, not truncated
        least = next((size for role, size in LEAST.items() if t["role"].startswith(role)), 14)
        assert t["size"] * scale >= least - 0.5, (t, scale)
    labels = [t for t in texts if t["role"] == "axis-label"]
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if a["axis"] == b["axis"]:
                assert not _overlap(a, b), (a, b)
