"""Every page as a screen-reader user, a presenter at 1280 px and a keyboard user meet it.

One server and one tab per viewport size for the module: each page is opened once per (size,
mode, data) and everything is measured on that visit — axe-core (WCAG 2.1 A/AA rules), boxes that
leave the main column, chart text that overlaps, what a screen reader reads — so the tests below
only read the measurements. "After an upload" is the same pass after an analyst loaded an
effect-amount workbook through the upload page.
"""
from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser import IDLE, open_page, screenshot, streamlit_server
from tests.test_importer import EFFECT_ROWS, xlsx

PAGES = {"overview": "/", "kpi": "/kpi", "effect_amounts": "/effect_amounts", "comparison": "/comparison",
         "initiatives": "/initiatives", "briefing": "/briefing", "upload": "/upload"}
SIZES = {"1280x720": (1280, 720), "1920x1080": (1920, 1080)}
MODES = {"normal": "", "present": "?present=1"}
PHASES = ("seed", "uploaded")
# Every page, both modes, both sizes, with the seed data and again after an upload.
VISITS = [(phase, size, mode, name) for phase in PHASES for size in SIZES for mode in MODES for name in PAGES]
IDS = ["-".join(v) for v in VISITS]

# WCAG 2.0 and 2.1, levels A and AA: the rules axe-core tags with these (README lists them).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
BLOCKING = {"serious", "critical"}

# Material icon ligatures a screen reader or a copy of the page text would read out as English.
ICON_NAMES = ("add", "show_chart", "dashboard", "payments", "compare_arrows", "list_alt", "slideshow",
              "upload_file", "present_to_all", "add_to_photos", "keyboard_double_arrow_left",
              "keyboard_double_arrow_right", "image", "draw", "upload", "warning", "download")
# Streamlit's own English words that the product overrides (frame.py).
ENGLISH = ("Add files", "Upload", "Drag and drop", "per file", "Select all", "No results", "Vega visualization",
           "Browse files", "Choose an option", "Link to heading", "Fullscreen", "Show data", "Copy Vega-Lite",
           "Help for", "Remove ", "Skip to main content", "Sidebar", "Open", "Show/hide columns", "Search",
           "Selected values", "X-axis titled", "Y-axis titled", "area_no")

# Measured in the page: every box inside the main column that reaches past its right edge, every
# static table wider than its box (a table hiding columns; the record lists of st.dataframe scroll
# by design, their columns reachable by keyboard), every pair of chart texts whose boxes cross
# (rotated labels excepted: their boxes cross while the glyphs do not), and chart titles cut short
# with an ellipsis.
MEASURE = r"""() => {
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  // the edge of the column's content (inside its padding), and never past the window
  const edge = Math.min(main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight),
                        document.documentElement.clientWidth) + 1;
  const name = e => (e.getAttribute('data-testid') || e.tagName) + ': ' + (e.textContent || '').trim().slice(0, 40);
  const wide = [];
  for (const e of main.querySelectorAll('svg, canvas, table, [data-testid="stDataFrame"], [data-testid="stMetric"], h1, h2, h3, p, [data-testid="stVegaLiteChart"]')) {
    const r = e.getBoundingClientRect();
    if (r.width > 0 && r.right > edge) wide.push(name(e) + ' → ' + Math.round(r.right) + ' > ' + Math.round(edge));
  }
  for (const e of main.querySelectorAll('[data-testid="stTable"], [data-testid="stTable"] *')) {
    if (e.scrollWidth > e.clientWidth + 1) wide.push('scroll ' + name(e.closest('[data-testid]') || e) + ' ' + e.scrollWidth + ' > ' + e.clientWidth);
  }
  const overlaps = [], cut = [], faint = [];
  for (const svg of main.querySelectorAll('[data-testid="stVegaLiteChart"] svg')) {
    const texts = [...svg.querySelectorAll('text')].filter(t => {
      const tr = t.getAttribute('transform') || '';
      return t.textContent.trim() && !/rotate\\((?!0\\))/.test(tr) && getComputedStyle(t).opacity !== '0';
    }).map(t => ({t: t.textContent.trim(), r: t.getBoundingClientRect(), title: !!t.closest('.role-title')}));
    for (const x of texts) if (x.title && x.t.endsWith('…')) cut.push(x.t);
    // text written in a mark's colour on the white background (a city's green is 3.4:1)
    for (const t of svg.querySelectorAll('text')) {
      const fill = getComputedStyle(t).fill, opacity = parseFloat(getComputedStyle(t).opacity || '1');
      const rgb = (fill.match(/\\d+(\\.\\d+)?/g) || []).slice(0, 3).map(Number);
      if (rgb.length < 3 || !t.textContent.trim() || opacity === 0) continue;
      const lum = rgb.map(c => c / 255).map(c => c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      const l = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
      if (l < 0.9 && 1.05 / (l + 0.05) < 4.5) faint.push(t.textContent.trim() + ' ' + fill);
    }
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i], b = texts[j];
      if (a.t === b.t && Math.abs(a.r.x - b.r.x) < 1 && Math.abs(a.r.y - b.r.y) < 1) continue;  // a halo under its text
      const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      // A line's box is taller than its glyphs: boxes of stacked lines (a title over its
      // subtitle) touch by a few px while the text does not.
      if (w > 2 && h > 0.35 * Math.min(a.r.height, b.r.height)) overlaps.push(a.t + ' × ' + b.t);
    }
  }
  // an axis label Vega hid because it would overlap its neighbour: a number on a scale may go
  // (its tick stays), a name (a theme, a city, a year) may not
  const lost = [...main.querySelectorAll('[data-testid="stVegaLiteChart"] svg .role-axis-label text')]
    .filter(t => getComputedStyle(t).opacity === '0' && !/^[\d,.%△\-−\s]*$/.test(t.textContent))
    .map(t => t.textContent);
  return {wide, overlaps, cut, faint, lost};
}"""

CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .every(c => c.querySelector('svg text'))"""
# A fresh document reads "notRunning" before its first run starts: wait for the page's own
# elements too (the frame's one, then the page's), not the idle state alone.
PAGE_DRAWN = """() => document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    && document.querySelectorAll('[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]').length > 3"""


NOTHING_STALE = """() => !document.querySelector('[data-testid="stElementContainer"][data-stale="true"]')"""


# Streamlit mounts a chart only when it scrolls near the window: scroll the main column down a
# screen at a time, each chart drawn before the next step, then back to the top.
SCROLL = """() => { const m = document.querySelector('[data-testid="stMain"]');
    const before = m.scrollTop; m.scrollBy(0, m.clientHeight * 0.8); return m.scrollTop > before; }"""


def _draw_every_chart(page) -> None:
    page.wait_for_function(CHARTS_DRAWN)
    for _ in range(60):
        if not page.evaluate(SCROLL):
            break
        page.wait_for_function(CHARTS_DRAWN)
    page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")


FRAMED = """() => document.querySelector('[data-testid="stSkipToContent"]')?.textContent.includes('本文へ移動')"""


def _settle(page) -> None:
    """Wait for the page as a reader meets it: run, every chart drawn, the frame's words and
    styles applied (before them the skip link says "Skip to main content" and no ring is set)."""
    page.wait_for_function(PAGE_DRAWN, timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    _draw_every_chart(page)
    page.wait_for_function(FRAMED, timeout=60_000)
    # an element left from the previous run is drawn faded until its rerun ends: contrast is
    # measured on the page as it settles, not on that fade
    page.wait_for_function(NOTHING_STALE, timeout=60_000)


def _visit(page, url: str) -> dict:
    page.goto(url)
    _settle(page)
    results = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    return {"axe": [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
                    for v in results if v["impact"] in BLOCKING],
            **page.evaluate(MEASURE), "lang": page.evaluate("() => document.documentElement.lang"),
            "spoken": page.locator("body").aria_snapshot()}


def _spoken_english(spoken: str) -> tuple[list, list]:
    """Icon names and Streamlit's English phrases a screen reader would say in this snapshot."""
    # the snapshot's own "/url:" lines are addresses, not spoken text
    spoken = "\n".join(line for line in spoken.splitlines() if "/url:" not in line)
    words = set(re.findall(r"[A-Za-z_]+", spoken))
    # whole words only: 「OpenDocument（.ods）」 names a format, it is not the button word 「Open」
    return ([n for n in ICON_NAMES if n in words],
            [e for e in ENGLISH if re.search(rf"(?<![A-Za-z]){re.escape(e.strip())}(?![A-Za-z])", spoken)])


def _preview(page, url: str, tmp_path) -> None:
    """An effect-amount workbook chosen on the upload page, its preview drawn (not yet imported)."""
    workbook = tmp_path / "効果額.xlsx"
    workbook.write_bytes(xlsx(EFFECT_ROWS, "効果額"))
    page.goto(url + "/upload")
    page.wait_for_selector(IDLE, timeout=60_000)
    page.get_by_label("計画名（ファイルに計画名がないとき）").fill("新計画")
    page.get_by_label("時点（年度列の効果額表のとき。例: 後期アクションプラン策定時）").fill("後期アクションプラン策定時")
    page.keyboard.press("Tab")
    page.wait_for_selector(IDLE)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(workbook))
    page.wait_for_selector(IDLE, timeout=60_000)
    page.get_by_text("追加 18").wait_for()


def _upload(page, url: str, tmp_path) -> None:
    _preview(page, url, tmp_path)
    page.get_by_role("button", name="この内容で取り込む").click()
    page.get_by_text("バッチ 2 として取り込みました").wait_for()


def _whole_page_screenshot(page, name: str) -> None:
    """The page as long as its content, at the same width: Streamlit scrolls inside its main
    column, so a full-page shot of a 720 px window shows only the first screen."""
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    tall = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": width, "height": min(max(tall, height), 12_000)})
    _draw_every_chart(page)
    screenshot(page, name)
    page.set_viewport_size({"width": width, "height": height})


@pytest.fixture(scope="module")
def site(seed_db, tmp_path_factory):
    """One server for the module, on a copy of the seed that the upload pass writes to."""
    folder = tmp_path_factory.mktemp("a11y")
    db = folder / "plans.duckdb"
    db.write_bytes(seed_db.read_bytes())
    with streamlit_server(db) as url:
        yield url, folder


@pytest.fixture(scope="module")
def visits(site, browser) -> dict:
    """Every (phase, size, mode, page) visited once; the measurements by visit."""
    url, folder = site
    found = {}
    tabs = {size: open_page(browser, url + "/", *SIZES[size]) for size in SIZES}
    for phase in PHASES:
        if phase == "uploaded":
            _upload(tabs["1280x720"], url, folder)
        for size, tab in tabs.items():
            for mode, query in MODES.items():
                for name, path in PAGES.items():
                    found[phase, size, mode, name] = _visit(tab, url + path + query)
                    _whole_page_screenshot(tab, f"a11y-{phase}-{size}-{name}-{mode}")
    for tab in tabs.values():
        tab.close()
    return found


@pytest.mark.parametrize("visit", VISITS, ids=IDS)
def test_no_serious_or_critical_axe_violations(visits, visit):
    assert visits[visit]["axe"] == []


@pytest.mark.parametrize("visit", VISITS, ids=IDS)
def test_nothing_reaches_past_the_main_column(visits, visit):
    assert visits[visit]["wide"] == []


@pytest.mark.parametrize("visit", VISITS, ids=IDS)
def test_chart_texts_never_overlap_and_titles_are_whole(visits, visit):
    assert (visits[visit]["overlaps"], visits[visit]["cut"]) == ([], [])


@pytest.mark.parametrize("visit", VISITS, ids=IDS)
def test_no_axis_hides_a_name_it_has_no_room_for(visits, visit):
    # 共通テーマ at 1280 px hid 業務改革・デジタル and 市民協働・情報発信 over their columns
    assert visits[visit]["lost"] == []


@pytest.mark.parametrize("visit", VISITS, ids=IDS)
def test_chart_text_on_the_background_has_text_contrast(visits, visit):
    # white text is only written on marks (theme.ink_on), where test_contrast.py checks it
    assert visits[visit]["faint"] == []


@pytest.mark.parametrize("visit", VISITS, ids=IDS)
def test_a_screen_reader_hears_japanese_not_icon_names(visits, visit):
    assert _spoken_english(visits[visit]["spoken"]) == ([], [])


def test_the_upload_preview_speaks_japanese(seed_db, browser, tmp_path):
    # with a file chosen the uploader grows a button Streamlit names 「Add files」 with an 「add」 icon.
    # A server of its own: on the module's, the visits' upload has already loaded this workbook, and
    # its preview would say so instead of listing 追加 18.
    db = tmp_path / "plans.duckdb"
    db.write_bytes(seed_db.read_bytes())
    with streamlit_server(db) as url:
        page = open_page(browser, url + "/upload", 1280, 720)
        _preview(page, url, tmp_path)
        page.wait_for_function(FRAMED)
        assert _spoken_english(page.locator("body").aria_snapshot()) == ([], [])
        page.close()


@pytest.mark.parametrize("visit", VISITS, ids=IDS)
def test_the_page_says_it_is_japanese(visits, visit):
    # WCAG 3.1.1: a screen reader picks its voice from the page's language
    assert visits[visit]["lang"] == "ja"


# What the keyboard reaches on the 効果額 page, in order, and whether each shows where it is.
FOCUS = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
  const label = (e.labels && e.labels[0]) || e.closest('label');
  const name = e.getAttribute('aria-label') || (label && label.innerText) || e.innerText || e.value || e.tagName;
  return {name: name.trim().slice(0, 40),
          role: e.getAttribute('role') || e.tagName.toLowerCase(), ring};
}"""


def test_every_control_is_reached_by_tab_and_shows_its_focus(site, browser):
    url, _ = site
    page = open_page(browser, url + "/effect_amounts", 1280, 720)
    _settle(page)
    reached = []
    for _ in range(160):   # the page has gained controls (計画比, slides): room to reach them all
        page.keyboard.press("Tab")
        reached.append(page.evaluate(FOCUS))
    names = [r["name"] for r in reached]
    for control in ("概要", "発表モードで表示", "計画", "時点", "千円", "表で見る", "PNG", "SVG"):
        assert any(control in n for n in names), (control, names)
    assert [r for r in reached if r["role"] != "body" and not r["ring"]] == []
    # operable: the 表で見る switch opens the figures as a table from the keyboard
    page.get_by_role("switch", name="表で見る").first.focus()
    page.keyboard.press("Space")
    page.wait_for_selector(IDLE)
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    screenshot(page, "a11y-keyboard-table")
