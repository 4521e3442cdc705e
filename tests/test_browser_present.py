"""The ordinary pages in 発表モード (?present=1), as a presenter shares them in a council room.

Measured in Chromium on the page as drawn: every chart's text at room sizes on a 1280×720 screen
(title 28 px, axis labels and legends 18 px, values on marks 16 px, subtitles and notes 14 px: the
same rule as a slide, tests/test_slide_legibility.LEAST), and every text box inside its chart at
1280×720 and 1920×1080. Each (size, view) is visited once for the module; the tests read the
measurements. Screenshots of every chart are left in test-artifacts/ to be looked at.
"""
from __future__ import annotations

import pytest

from tests.browser import IDLE, open_page, screenshot, ARTIFACTS
from tests.test_slide_legibility import LEAST, check_words

# Each view with the charts it draws in present mode on the seed data; KPI推移 one tab at a time.
VIEWS = {"overview": ("/", 0), "kpi-indicator": ("/kpi?view=目標と実績", 1), "kpi-ratios": ("/kpi?view=達成率", 1),
         "kpi-counts": ("/kpi?view=判定の件数", 1), "kpi-series": ("/kpi?view=統計", 1),
         "effect_amounts": ("/effect_amounts", 4), "comparison": ("/comparison", 4), "initiatives": ("/initiatives", 2)}
SIZES = {"1280x720": (1280, 720), "1920x1080": (1920, 1080)}
CHARTS = '[data-testid="stVegaLiteChart"] svg.marks'

# Every drawn text of every chart: its role (from the groups Vega writes), its size as shown (the
# SVG's own scale applied) and its box against the chart's SVG.
MEASURE = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg.marks')].map((svg, chart) => {
  const box = svg.getBoundingClientRect();
  const scale = box.width / (parseFloat(svg.getAttribute('width')) || box.width);
  const role = (t) => { for (let e = t; e && e !== svg; e = e.parentElement) {
      const m = (e.getAttribute('class') || '').match(/role-([a-z-]+)/); if (m) return m[1]; } return ''; };
  // A facet's header (the timeline's city, 取組数 / 成果指標数) is a label, though Vega classes its
  // text as a title: it names a panel, not the chart.
  const inHeader = (t) => !!t.closest('.role-scope, [class*="-header"]');
  const title = [...svg.querySelectorAll('.role-title-text text')].find(t => !inHeader(t));
  return [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
    const r = t.getBoundingClientRect();
    const header = role(t) === 'title-text' && inHeader(t);
    const spans = [...t.querySelectorAll('tspan')];
    return {chart, of: title ? title.textContent : '', text: t.textContent, role: header ? 'header-label' : role(t),
            lines: spans.length ? spans.map(s => s.textContent) : [t.textContent],
            size: parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize) * scale,
            left: r.left - box.left, top: r.top - box.top, right: r.right - box.left, bottom: r.bottom - box.top,
            width: box.width, height: box.height};
  });
}).flat()"""
# Notes under the charts and tables (st.caption): their size as drawn.
NOTES = """() => [...document.querySelectorAll('[data-testid="stCaptionContainer"]')].filter(e => e.textContent.trim())
  .map(e => ({text: e.textContent.trim().slice(0, 40), size: parseFloat(getComputedStyle(e.querySelector('p') || e).fontSize)}))"""


@pytest.fixture(scope="module")
def visits(server, browser) -> dict[tuple[str, str], list[dict]]:
    measured = {}
    for size, (width, height) in SIZES.items():
        for name, (path, charts) in VIEWS.items():
            page = open_page(browser, server + path + ("&" if "?" in path else "?") + "present=1", width, height)
            if charts:
                page.locator(CHARTS).nth(charts - 1).wait_for(timeout=60_000)
                page.wait_for_function(f"[...document.querySelectorAll('{CHARTS}')].length >= {charts} && "
                                       f"[...document.querySelectorAll('{CHARTS}')].every(s => s.querySelector('text'))",
                                       timeout=60_000)
            page.wait_for_selector(IDLE)
            measured[size, name] = page.evaluate(MEASURE)
            measured[size, name, "notes"] = page.evaluate(NOTES)
            screenshot(page, f"present-{name}-{size}")
            for i in range(charts):
                chart = page.locator('[data-testid="stVegaLiteChart"]').nth(i)
                chart.scroll_into_view_if_needed()
                ARTIFACTS.mkdir(exist_ok=True)
                chart.screenshot(path=str(ARTIFACTS / f"present-{name}-{size}-chart{i + 1}.png"))
            page.close()
    return measured


@pytest.fixture(scope="module")
def drawn(seed_db) -> set[str]:
    """The texts the charts draw their lines from (the slides' charts share the pages' builders):
    a line ending at a space (not drawn) is told from one ending inside a word."""
    from dashboard import slides
    from tests.test_slide_legibility import samples, spec_strings
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANS_DB", str(seed_db))
        return set().union(*(spec_strings(slides.draw(kind, params).chart.to_dict())
                             for kind, params in samples().items()))


def _least(role: str) -> float:
    return next((size for prefix, size in LEAST.items() if role.startswith(prefix)), 14)


@pytest.mark.parametrize("name", [n for n, (_, charts) in VIEWS.items() if charts])
def test_chart_type_reads_in_a_room_at_1280(visits, name):
    texts = visits["1280x720", name]
    assert len({t["chart"] for t in texts}) == VIEWS[name][1]
    small = [(t["of"], t["role"], t["text"], round(t["size"], 1)) for t in texts if t["size"] < _least(t["role"]) - 0.5]
    assert not small, small
    roles = {t["role"] for t in texts}
    assert {"title-text", "axis-label"} <= roles, roles


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", [n for n, (_, charts) in VIEWS.items() if charts])
def test_every_chart_text_lies_inside_its_chart(visits, drawn, name, size):
    out = [(t["of"], t["role"], t["text"], {k: round(t[k]) for k in ("left", "top", "right", "bottom", "width", "height")})
           for t in visits[size, name]
           if t["left"] < -1 or t["top"] < -1 or t["right"] > t["width"] + 1 or t["bottom"] > t["height"] + 1]
    assert not out, out
    assert not [(t["of"], t["chart"], t["role"], t["text"]) for t in visits[size, name] if t["text"].endswith("…")]   # wrapped, not cut
    check_words(visits[size, name], drawn)                                # between words, never inside one


@pytest.mark.parametrize("name", VIEWS)
def test_notes_read_in_a_room_at_1280(visits, name):
    notes = visits["1280x720", name, "notes"]
    assert notes
    assert not [n for n in notes if n["size"] < LEAST["title-subtitle"]], notes


DECK_SLIDE = "/briefing?deck=%E8%AD%B0%E4%BC%9A%E8%AA%AC%E6%98%8E%E3%82%B5%E3%83%B3%E3%83%97%E3%83%AB&slide={}&present=1"
# The first chart's picture, the main column's width, and the headline figures' sizes as drawn.
_SLIDE_SIZES = r"""() => { const svg = document.querySelector('[data-testid="stVegaLiteChart"] svg.marks').getBoundingClientRect();
  const column = document.querySelector('[data-testid="stMainBlockContainer"]');
  const padded = parseFloat(getComputedStyle(column).paddingLeft) + parseFloat(getComputedStyle(column).paddingRight);
  return {chart_w: svg.width, chart_h: svg.height, column: column.clientWidth - padded,
          values: [...document.querySelectorAll('[data-testid="stMetricValue"]')].map(e => parseFloat(getComputedStyle(e).fontSize)),
          labels: [...document.querySelectorAll('[data-testid="stMetricLabel"] p')].map(e => parseFloat(getComputedStyle(e).fontSize)),
          split: [...document.querySelectorAll('[data-testid="stMetricLabel"] p, [data-testid="stMetricValue"]')].flatMap(e => {
            const out = [], walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              for (const m of n.data.matchAll(/[A-Z]\d{1,2}[ \u00a0]\(\d{4}\)|[\d,.]+[ \u00a0][^\s\d（）]*円/g)) {
                const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
                if (new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1) out.push(m[0]);
              } }
            return out; })}; }"""


def _sizes(browser, url: str, width: int, height: int, figures: bool = True) -> dict:
    """Sizes as drawn, read once the chart has its text and (a slide's) headline figures are drawn."""
    page = open_page(browser, url, width, height)
    try:
        page.locator(CHARTS).first.wait_for(timeout=60_000)
        page.wait_for_function(f"document.querySelector('{CHARTS}').querySelector('text')", timeout=60_000)
        if figures:
            page.locator('[data-testid="stMetricValue"]').first.wait_for()
        page.wait_for_selector(IDLE)
        return page.evaluate(_SLIDE_SIZES)
    finally:
        page.close()


@pytest.mark.parametrize("slide", [1, 4])
def test_a_slides_headline_figures_grow_with_the_slide_at_1920(server, browser, slide):
    """The figures beside the chart keep their proportion to it: 48 px beside a 507 px chart at
    1280×720, about 1.5 times both at 1920×1080 (they stayed at 48 px while the chart grew)."""
    small, large = (_sizes(browser, server + DECK_SLIDE.format(slide), *SIZES[size]) for size in SIZES)
    assert small["values"] and len(small["values"]) == len(large["values"])
    assert min(small["values"]) >= 40                                    # as before at 1280
    assert small["split"] == [] and large["split"] == []                 # 「R9 / (2027)」 was broken at 1920
    growth = large["chart_h"] / small["chart_h"]
    assert growth > 1.4
    for key in ("values", "labels"):
        for a, b in zip(small[key], large[key]):
            assert b / a == pytest.approx(growth, rel=0.03), (key, a, b, growth)


@pytest.mark.parametrize("size", SIZES)
def test_the_present_mode_timeline_fills_its_column(server, browser, size):
    """都市比較 ?present=1: the timeline's picture is as wide as the page's column (it stayed at its
    842 px, half of a 1920 px screen), and its texts lie inside it (test_every_chart_text_lies_inside)."""
    measured = _sizes(browser, server + "/comparison?present=1", *SIZES[size], figures=False)
    assert measured["chart_w"] >= 0.97 * measured["column"], measured
    assert measured["chart_h"] <= SIZES[size][1], measured                # seen whole on one screen


@pytest.mark.parametrize("size", SIZES)
def test_the_page_timeline_wraps_a_long_plan_name_instead_of_cutting_it(server, browser, size):
    """都市比較 without present mode: every plan's whole name is written (on two lines where long,
    「行政経営プラン実施計画（平成27年度実績報告）」 was cut with 「…」), inside the chart."""
    from dashboard.queries import comparison as comparison_queries
    page = open_page(browser, server + "/comparison", *SIZES[size])
    try:
        page.wait_for_function(f"[...document.querySelectorAll('{CHARTS} .role-title-text text')]"
                               ".some(t => t.textContent === '各市の計画期間')", timeout=60_000)
        page.wait_for_selector(IDLE)
        texts = [t for t in page.evaluate(MEASURE) if t["of"] == "各市の計画期間"]
    finally:
        page.close()
    assert texts
    names = [t["text"] for t in texts if t["role"] == "axis-label"]
    plans = comparison_queries.plan_timeline(None)["plan"]
    assert any(len(p) > 19 for p in plans)
    for plan in plans:
        assert plan in names, (plan, names)
    out = [(t["text"], {k: round(t[k]) for k in ("left", "top", "right", "bottom", "width", "height")}) for t in texts
           if t["left"] < -1 or t["top"] < -1 or t["right"] > t["width"] + 1 or t["bottom"] > t["height"] + 1]
    assert not out, out
    assert not [t["text"] for t in texts if t["text"].endswith("…")]
    wrapped = [t for t in texts if t["role"] == "axis-label" and t["text"] in list(plans)]
    for i, a in enumerate(wrapped):                                       # two lines never reach a neighbour's
        for b in wrapped[i + 1:]:
            assert not (a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1 and
                        a["left"] < b["right"] and b["left"] < a["right"]), (a["text"], b["text"])


@pytest.mark.parametrize("size", SIZES)
def test_a_one_year_indicators_bar_and_figures_are_on_the_first_screen(server, browser, size):
    """KPI推移 ?present=1 opens on an indicator of one year (a bullet): its bar, the actual's and the
    target's figures are all above the fold. At the screen-high picture of the other charts the
    first screen of a 1280×720 room showed an empty plot, the bar below it."""
    width, height = SIZES[size]
    page = open_page(browser, server + "/kpi?present=1&view=目標と実績", width, height)
    try:
        bar = page.locator(f"{CHARTS} [aria-roledescription='bar']").first
        bar.wait_for()
        page.wait_for_selector(IDLE)
        figures = page.locator(f"{CHARTS} text", has_text="実績 ").first, page.locator(f"{CHARTS} text", has_text="目標 ").first
        bottoms = [box["y"] + box["height"] for box in (bar.bounding_box(), *(f.bounding_box() for f in figures))]
        screenshot(page, f"present-kpi-bullet-{size}")
    finally:
        page.close()
    assert max(bottoms) <= height, bottoms
