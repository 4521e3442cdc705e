"""Every slide kind drawn at slide size fits its canvas and reads in a room: each text element's box
lies inside the SVG, no label or title line ends inside a word, labels on one axis do not overlap, values written on marks do not touch, count
axes read in whole numbers, a stacked segment carries its value where it fits and every bar its
total, and type on a 1280×720 slide is at least title 28 px, axis labels and legends 18 px, values
on marks 16 px, subtitles 14 px.

Every kind of slides.VIEWS is measured with the filters a page saves (SAMPLES), and the kinds a
page offers with a choice of its own (the group of the status counts, the measure of the theme
grid) once per choice; the sample deck's slides are measured as the deck saves them.
"""
from __future__ import annotations

import re

import pytest

from dashboard import deck_export, decks, render, slides
from dashboard.queries import initiatives as initiative_queries
from dashboard.queries import kpi as kpi_queries
from tests.test_line_breaks import inside_a_word

DECK = "議会説明サンプル"
ALL_CITIES = ["厚木市", "綾瀬市", "相模原市", "市名記載なし"]
EFFECT = {"city": None, "plan": "行革推進プラン", "estimate": "後期アクションプラン策定時", "unit": "百万円"}
STATISTIC = "厚木市｜職員一人当たりの予算額（億円）"
INDICATOR = "相模原市｜市民の国際交流、国際理解の機会の拡充を図るための事業への参加者数"
REVIEW_PLAN = "市名記載なし　行革推進プラン"


def samples() -> dict[str, dict]:
    """One saved filter per slide kind, as its page pins it."""
    pinned = slides.kpi_params(kpi_queries.Filter())
    return {
        "effect_by_area": EFFECT, "effect_cumulative": EFFECT, "estimate_comparison": {**EFFECT, "estimate": None},
        "effect_plan_actual": {**EFFECT, "estimate": None, "plan_estimate": "計画策定時",
                               "latest_estimate": "後期アクションプラン策定時"},
        "kpi_indicator": {**pinned, "indicator": INDICATOR}, "kpi_ratios": pinned,
        "kpi_status_by_area": {**pinned, "by": "theme"}, "kpi_series": {**pinned, "series": STATISTIC},
        "plan_timeline": {"cities": ALL_CITIES},
        "comparison_themes": {"cities": ALL_CITIES, "measure": "取組数"}, "comparison_rates": {"cities": ALL_CITIES},
        "per_thousand_staff": {"cities": ALL_CITIES[:3]}, "per_thousand_cost": {"cities": ALL_CITIES[:3]},
        "initiative_reviews": {"review_plan": REVIEW_PLAN},
        "initiative_departments": slides.selection_params(initiative_queries.Selection()),
    }


def variants() -> list[tuple[str, str, dict]]:
    """(id, kind, params): every kind, and each choice a page offers for it."""
    base = samples()
    out = [(kind, kind, params) for kind, params in base.items()]
    # By policy area for one city, as a presenter shows it: 相模原市's names are the longest (two lines).
    sagamihara = slides.kpi_params(kpi_queries.Filter(cities=("相模原市",)))
    out.append(("kpi_status_by_area-policy_area", "kpi_status_by_area", {**sagamihara, "by": "policy_area"}))
    # By policy area across all four groups (3 cities and 市名記載なし): 13 rows, the longest names.
    out.append(("kpi_status_by_area-policy_area-all", "kpi_status_by_area", {**base["kpi_ratios"], "by": "policy_area"}))
    out.append(("comparison_themes-指標数", "comparison_themes", {**base["comparison_themes"], "measure": "指標数"}))
    out.append(("effect_by_area-千円", "effect_by_area", {**EFFECT, "unit": "千円"}))
    out.append(("estimate_comparison-千円", "estimate_comparison", {**EFFECT, "estimate": None, "unit": "千円"}))
    return out


VARIANT_IDS = [v[0] for v in variants()]

# Roles of the SVG groups vl-convert writes, and the least size of their text on the slide.
_MEASURE = """() => {
  const svg = document.querySelector('svg'); const box = svg.getBoundingClientRect();
  const role = (t) => { for (let e = t; e && e !== svg; e = e.parentElement) {
      const c = (e.getAttribute('class') || ''); const m = c.match(/role-([a-z-]+)/); if (m) return m[1]; }
    return ''; };
  const axes = [...document.querySelectorAll('.role-axis')];
  // a figure left undrawn where its segment is too small for it (opacity 0) is not on the slide
  return [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() && t.getAttribute('opacity') !== '0').map(t => {
    const r = t.getBoundingClientRect();
    // A facet's header (the timeline's city) is a label, though Vega classes its text as a title:
    // it is the title of a panel (a group inside the facet's scope), not of the chart.
    const header = role(t) === 'title-text' && !!t.closest('.role-scope, .role-column-header, .role-row-header');
    // a label or title drawn on several lines is one text of tspans, a line each
    const spans = [...t.querySelectorAll('tspan')];
    return {text: t.textContent, lines: spans.length ? spans.map(s => s.textContent) : [t.textContent],
            role: header ? 'header-label' : role(t),
            size: parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize),
            left: r.left - box.left, top: r.top - box.top, right: r.right - box.left, bottom: r.bottom - box.top,
            width: box.width, height: box.height, axis: t.closest('.role-axis') ? axes.indexOf(t.closest('.role-axis')) : -1};
  });
}"""
# The bars of a chart: every rect mark's box, with the fill it was drawn in.
_BARS = """() => {
  const svg = document.querySelector('svg'); const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('.mark-rect path')].map(p => { const r = p.getBoundingClientRect();
    return {left: r.left - box.left, top: r.top - box.top, right: r.right - box.left, bottom: r.bottom - box.top,
            fill: p.getAttribute('fill')}; }).filter(r => r.right - r.left > 0.5 && r.bottom - r.top > 0.5);
}"""
LEAST = {"header-label": 18, "title-text": 28, "axis-label": 18, "axis-title": 18, "legend-label": 18, "legend-title": 18,
         "mark": 16, "title-subtitle": 14}
# Kinds whose value axis counts things: its ticks are whole numbers.
COUNT_KINDS = {"kpi_status_by_area", "initiative_reviews", "initiative_departments"}
# Stacked kinds: a value on each segment wide enough for it, a 計 beside each bar.
STACKED_KINDS = {"kpi_status_by_area", "initiative_reviews", "effect_by_area"}


def _texts(browser, svg_text: str, script: str = _MEASURE) -> list[dict]:
    page = browser.new_page()
    page.set_content(f"<html><body style='margin:0'>{svg_text}</body></html>")
    try:
        return page.evaluate(script)
    finally:
        page.close()


def _overlap(a: dict, b: dict, gap: float = -1) -> bool:
    """Whether two boxes overlap (gap -1: by more than a pixel; gap 2: closer than 2 px)."""
    return a["left"] < b["right"] + gap and b["left"] < a["right"] + gap and \
        a["top"] < b["bottom"] + gap and b["top"] < a["bottom"] + gap


def spec_strings(value) -> set[str]:
    """Every string a spec holds (its data, titles, label tables): the texts its lines come from."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*map(spec_strings, value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*map(spec_strings, value)) if value else set()
    return set()


def _at_a_space(a: str, b: str, known) -> bool:
    """Whether the text the lines come from has a space where they break: a line's last space is
    not drawn (「市名記載なし　前期アクションプラン期間」 / 「行革推進プラン」)."""
    return any(a[-4:] + space + b[:4] in text for text in known for space in (" ", "\u3000"))


def check_words(texts: list[dict], known=()) -> None:
    """No drawn line ends inside a word (「業務マネジメン / ト改革」, 「…事業への参 / 加者数」): a line
    ending in katakana, kanji or a latin letter or digit is not followed by one of the same, nor
    a line by one starting with closing punctuation. Not a subtitle's: its lines are sentences of
    their own (「相模原市　実線: 実績　破線: 目標」 / 「低いほど良い指標です。」)."""
    broken = [(t["role"], t["lines"]) for t in texts if t["role"] != "title-subtitle"
              and any(inside_a_word(a, b) and not _at_a_space(a, b, known) for a, b in zip(t["lines"], t["lines"][1:]))]
    assert not broken, broken


def check_fits(texts: list[dict], scale: float | None) -> None:
    """Inside the canvas, nothing cut with 「…」, axis labels apart, values on marks not touching;
    with a scale, type at room size."""
    assert texts
    for t in texts:
        assert t["left"] >= -1 and t["top"] >= -1 and t["right"] <= t["width"] + 1 and t["bottom"] <= t["height"] + 1, t
        assert not t["text"].endswith("…"), t                          # wrapped, not truncated
        if scale is not None:
            least = next((size for role, size in LEAST.items() if t["role"].startswith(role)), 14)
            assert t["size"] * scale >= least - 0.5, (t, scale)
    labels = [t for t in texts if t["role"] == "axis-label"]
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if a["axis"] == b["axis"]:
                assert not _overlap(a, b), (a, b)
    if scale is not None:
        # a figure drawn twice in one place is one figure on its white halo
        marks = list({(t["text"], round(t["left"]), round(t["top"])): t for t in texts if t["role"] == "mark"}.values())
        for i, a in enumerate(marks):
            for b in marks[i + 1:]:
                assert not _overlap(a, b, gap=2), ("values touch", a, b)


def _measure_slide(browser, kind: str, params: dict):
    spec = deck_export.slide_spec(slides.draw(kind, params).chart)
    svg_text = render.svg_from_spec(spec)
    texts = _texts(browser, svg_text)
    check_words(texts, spec_strings(spec))            # every slide: no line ends inside a word
    return svg_text, texts, deck_export.slide_scale(svg_text)


@pytest.mark.parametrize("variant", VARIANT_IDS)
def test_every_slide_kind_fits_its_canvas_and_reads_in_a_room(app_db, browser, variant):
    _, kind, params = next(v for v in variants() if v[0] == variant)
    svg_text, texts, scale = _measure_slide(browser, kind, params)
    check_fits(texts, scale)
    if kind in COUNT_KINDS:
        for axis in {t["axis"] for t in texts if t["axis"] >= 0}:
            titles = " ".join(t["text"] for t in texts if t["axis"] == axis and t["role"] == "axis-title")
            if "件" in titles:
                ticks = [t["text"] for t in texts if t["axis"] == axis and t["role"] == "axis-label"]
                assert ticks and all(re.fullmatch(r"[\d,]+", tick) for tick in ticks), (titles, ticks)
    if kind in STACKED_KINDS:
        bars = _texts(browser, svg_text, _BARS)
        if kind == "effect_by_area":
            _check_columns(texts, bars)
        else:
            _check_stacked(texts, bars)


_NOT_SEGMENTS = ("white", "#ffffff", "#f0f0f0", "transparent", "#000000")   # backgrounds, the net's tick


def _check_columns(texts: list[dict], bars: list[dict]) -> None:
    """Upright stacks: each segment 26 px tall and 60 px wide carries its amount; every column its 計 above."""
    values = [t for t in texts if t["role"] == "mark" and re.search(r"\d", t["text"])]
    columns: dict[tuple, list[dict]] = {}
    for bar in bars:
        if bar["fill"] in _NOT_SEGMENTS:
            continue
        columns.setdefault((round(bar["left"]), round(bar["right"])), []).append(bar)
        if bar["bottom"] - bar["top"] >= 26 and bar["right"] - bar["left"] >= 60:
            assert any(bar["left"] <= t["left"] and t["right"] <= bar["right"] and
                       bar["top"] <= (t["top"] + t["bottom"]) / 2 <= bar["bottom"] for t in values), \
                ("a segment without its value", bar)
    assert columns
    for (left, right), segments in columns.items():
        top = min(s["top"] for s in segments)
        assert any(t["text"].startswith("計") and left <= (t["left"] + t["right"]) / 2 <= right
                   and t["bottom"] <= top + 2 for t in values), ("a column without its 計", left, right)


def _check_stacked(texts: list[dict], bars: list[dict]) -> None:
    """Each segment as wide as its value plus 8 px carries it; every bar (row of segments) its 計."""
    values = [t for t in texts if t["role"] == "mark" and re.fullmatch(r"\D*[\d,]+", t["text"])]
    rows: dict[tuple, list[dict]] = {}
    for bar in bars:
        if bar["fill"] in _NOT_SEGMENTS:
            continue
        rows.setdefault((round(bar["top"]), round(bar["bottom"])), []).append(bar)
        inside = [t for t in values if bar["left"] - 1 <= (t["left"] + t["right"]) / 2 <= bar["right"] + 1
                  and bar["top"] - 1 <= (t["top"] + t["bottom"]) / 2 <= bar["bottom"] + 1]
        if bar["right"] - bar["left"] >= 8 + 10 * 2:                 # room for two digits at 16 px
            assert inside, ("a segment without its value", bar)
    assert rows
    totals = [t for t in values if t["text"].startswith("計")]
    for (top, bottom), segments in rows.items():
        right = max(s["right"] for s in segments)
        assert any(top - 2 <= (t["top"] + t["bottom"]) / 2 <= bottom + 2 and t["left"] >= right - 1
                   for t in totals), ("a bar without its 計", top, bottom)


@pytest.mark.parametrize("position", [1, 2, 3, 4])
def test_each_slide_of_the_sample_deck_fits_its_canvas_and_reads_in_a_room(app_db, browser, position):
    row = decks.slides(DECK).iloc[position - 1]
    _, texts, scale = _measure_slide(browser, row.view, row.params)
    check_fits(texts, scale)


@pytest.mark.parametrize("unit", ["千円", "百万円"])
def test_the_plan_actual_slide_writes_every_bars_amount(app_db, browser, unit):
    """計画比: each bar's amount is written (△ for a negative, as the tables print it), not only the 差."""
    from dashboard import format
    from dashboard.queries import plan_actual as plan_actual_queries
    params = {**samples()["effect_plan_actual"], "unit": unit}
    _, texts, scale = _measure_slide(browser, "effect_plan_actual", params)
    check_fits(texts, scale)
    years = plan_actual_queries.by_year(None, params["plan"], (params["plan_estimate"], params["latest_estimate"]))
    written = [t["text"] for t in texts if t["role"] == "mark"]
    amounts = [format.amount_number(v, unit) for v in [*years["plan_amount"], *years["latest_amount"]]]
    assert len(amounts) == 2 * len(years) and any(a.startswith("△") for a in amounts)
    for amount in amounts:
        assert written.count(amount) >= amounts.count(amount), (amount, written)


@pytest.mark.parametrize(("kind", "cities", "why"), [
    ("per_thousand_cost", ALL_CITIES[:3], {"厚木市": "事業費がデータにありません", "綾瀬市": "事業費がデータにありません",
                                          "相模原市": "事業費は総務局のみの計画の数値で"}),
    ("per_thousand_staff", ["綾瀬市", "相模原市"], {"綾瀬市": "職員数がデータにありません",
                                                 "相模原市": "職員数がデータにありません"}),
])
def test_a_per_resident_slide_no_city_can_compute_says_why_without_an_empty_chart(app_db, browser, kind, cities, why):
    """No chosen city has the figure: the slide says so and, city by city, which figure is missing
    (or why a bureau's is not divided by the city's population), in room type; no axes, no bars."""
    svg_text, texts, scale = _measure_slide(browser, kind, {"cities": cities})
    check_fits(texts, scale)
    lines = [t["text"] for t in texts if t["role"] == "mark"]
    assert any("を計算できる市がありません" in line for line in lines), lines
    for city, reason in why.items():
        assert any(line.startswith(f"{city}: {reason}") for line in lines), (city, lines)
    assert not [t for t in texts if t["axis"] >= 0], "an empty chart's axes"
    assert not [b for b in _texts(browser, svg_text, _BARS) if b["fill"] not in _NOT_SEGMENTS], "bars"
