"""In the browser: an analyst uploads an unrelated plan through the upload page; the presenter then
steps through the sample deck and downloads it — the same slides with the same figures; a deck is
frozen and unfrozen on its page; a page writes its resolved defaults into the URL."""
from __future__ import annotations

import io
import re
import urllib.parse

from playwright.sync_api import expect
from pptx import Presentation

from tests.browser import IDLE, download, open_page, screenshot, streamlit_server, until
from tests.test_deck_freeze import AYASE_CSV, DECK

# The figures each slide of the sample deck shows in its headline panel (documents 001, 000).
FIGURES = {
    1: ["2,611.6 百万円", "78.2 百万円", "2,533.4 百万円"],
    2: ["2,674.1 百万円", "2,611.6 百万円", "△62.5 百万円"],
    3: ["14件", "3件", "11件"],
    4: ["8件", "4", "H18 (2006)", "R9 (2027)"],
}


def _metrics(page) -> list[str]:
    """The headline figures as read aloud: a no-break space read as a space."""
    return [t.strip().replace("\u00a0", " ") for t in page.locator('[data-testid="stMetricValue"]').all_inner_texts()]


def test_an_upload_through_the_page_leaves_the_sample_deck_and_its_export_as_they_were(live, browser, tmp_path):
    csv = tmp_path / "綾瀬市_効果額.csv"
    csv.write_bytes(AYASE_CSV)
    with streamlit_server(live) as url:
        page = open_page(browser, url + "/upload")
        page.get_by_label("市（ファイルに市名がないとき）").click()
        page.get_by_role("option", name="綾瀬市").click()
        page.get_by_label("計画名（ファイルに計画名がないとき）").fill("あやせ改革プラン")
        page.get_by_label("時点（年度列の効果額表のとき。例: 後期アクションプラン策定時）").fill("当初見込み")
        page.keyboard.press("Tab")
        page.wait_for_selector(IDLE)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(csv))
        page.wait_for_selector(IDLE, timeout=60_000)
        page.get_by_role("button", name="この内容で取り込む").click()
        page.get_by_text("バッチ 2 として取り込みました").wait_for()


        slide = open_page(browser, f"{url}/briefing?deck={DECK}&slide=1&present=1", 1280, 720)
        for number in range(1, 5):
            slide.get_by_text(f"{number} / 4").wait_for()
            slide.wait_for_selector(IDLE)
            slide.locator('[data-testid="stVegaLiteChart"] svg.marks').first.wait_for()
            assert "描けません" not in slide.inner_text("body")
            assert _metrics(slide) == FIGURES[number], number
            if number < 4:
                slide.get_by_role("button", name="次へ →").click()

        editor = open_page(browser, f"{url}/briefing?deck={DECK}")
        button = editor.get_by_role("button", name="PowerPoint（.pptx）")
        button.wait_for()
        deck = Presentation(download(editor, button).path())
        text = " ".join(shape.text_frame.text for s in deck.slides for shape in s.shapes if shape.has_text_frame)
        assert len(deck.slides) == 4
        for figures in FIGURES.values():
            for figure in figures:
                assert figure in text.replace("\u00a0", " ")


def test_freeze_and_unfreeze_on_the_deck_page(live, browser):
    with streamlit_server(live) as url:
        page = open_page(browser, f"{url}/briefing?deck={DECK}", 1280, 720)
        page.get_by_role("button", name="この版で固定").click()
        page.get_by_text("固定後の変更").first.wait_for()
        page.wait_for_selector(IDLE)
        assert "時点で固定" in page.inner_text("body")
        assert page.get_by_text("変更なし").count() == 4
        screenshot(page, "briefing-frozen-1280x720")
        # Every button of the deck page reads whole at 1280 px: no label cut to 「発…」.
        cut = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stMain"] button')]
            .filter(b => b.offsetParent && b.scrollWidth > b.clientWidth + 1).map(b => b.innerText)""")
        assert cut == []
        present = open_page(browser, f"{url}/briefing?deck={DECK}&slide=1&present=1", 1280, 720)
        present.get_by_text("時点で固定").first.wait_for()
        page.get_by_role("button", name="固定を解除").click()
        page.get_by_role("button", name="この版で固定").wait_for()
        page.get_by_text("固定後の変更").first.wait_for(state="detached")
        page.wait_for_selector(IDLE)


def test_a_page_writes_its_resolved_defaults_into_the_url(server, browser):
    page = open_page(browser, f"{server}/effect_amounts")
    page.wait_for_function("() => location.search.includes('estimate=')")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
    assert query["effect_plan"] == ["行革推進プラン（市名記載なし）"]
    assert query["estimate"] == ["後期アクションプラン策定時"] and query["unit"] == ["千円"]
    again = open_page(browser, page.url)
    again.locator('[data-testid="stMetricValue"]').nth(4).wait_for()   # the estimate's three, the comparison's two
    again.wait_for_selector(IDLE)
    # the first figure once the page has drawn it: the reopened URL's estimate's total
    expect(again.locator('[data-testid="stMetricValue"]').first).to_have_text(re.compile(r"2,611,600\s*千円"),
                                                                           timeout=30_000)


INDICATOR = "相模原市｜市民の国際交流、国際理解の機会の拡充を図るための事業への参加者数"


def test_the_indicator_chart_on_screen_becomes_a_slide_that_shows_its_figures(live, browser):
    """On KPI推移 a presenter adds the indicator chart on screen to the sample deck with
    「ブリーフィングに追加」, opens the briefing, steps to that slide and reads the indicator's figures."""
    query = urllib.parse.urlencode({"city": "相模原市", "ind": INDICATOR})
    with streamlit_server(live) as url:
        page = open_page(browser, f"{url}/kpi?{query}", 1280, 720)
        page.wait_for_selector(IDLE)
        until(page.get_by_text("ブリーフィングに追加").click, page.get_by_role("button", name="スライドとして保存"))
        # the deck offered first is the sample deck, the only one; the 図 offered is the open tab's chart
        until(page.get_by_role("button", name="スライドとして保存").click,
              page.get_by_text(f"「{DECK}」の 5 枚目として保存しました"), tries=2, timeout=45_000)

        slide = open_page(browser, f"{url}/briefing?deck={urllib.parse.quote(DECK)}&slide=4&present=1", 1280, 720)
        slide.get_by_text("4 / 5").wait_for()
        slide.get_by_role("button", name="次へ →").click()
        slide.get_by_text("5 / 5").wait_for()
        slide.wait_for_selector(IDLE)
        chart = slide.locator('[data-testid="stVegaLiteChart"] svg.marks').first
        chart.wait_for()
        assert "描けません" not in slide.inner_text("body")
        # 相模原市 経営方針, 重点目標: the indicator's actual of H24 (2012), in the panel and on the chart
        assert _metrics(slide) == ["6,181人"]
        assert "実績（H24 (2012)）" in slide.inner_text("body").replace("\u200b", "").replace("\u00a0", " ")
        assert "6,181" in chart.evaluate("e => e.textContent")
        # the indicator's whole name in the chart's title, on lines, no character cut for 「…」
        title = chart.evaluate("e => [...e.querySelectorAll('.role-title-text text tspan, .role-title-text text')]"
                               ".filter(t => !t.querySelector('tspan')).map(t => t.textContent).join('')")
        assert title == INDICATOR.split("｜")[1], title
        screenshot(slide, "briefing-indicator-slide-1280x720")


# Every text of the slide's chart inside the chart's own box, and values written on marks apart,
# as the screen shows them (the picture scaled to the viewport).
_ON_SCREEN = """(svg) => {
  const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
    const r = t.getBoundingClientRect(); let mark = false;
    for (let e = t; e && e !== svg; e = e.parentElement) if ((e.getAttribute('class') || '').includes('role-mark')) mark = true;
    return {text: t.textContent, mark, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; });
  return {box: {left: box.left, right: box.right, top: box.top, bottom: box.bottom,
                viewport: window.innerWidth, height: window.innerHeight}, texts};
}"""


def test_the_comparison_slide_at_1920_keeps_its_values_apart_and_inside_the_chart(server, browser):
    page = open_page(browser, f"{server}/briefing?deck={urllib.parse.quote(DECK)}&slide=2&present=1", 1920, 1080)
    chart = page.locator('[data-testid="stVegaLiteChart"] svg.marks').first
    chart.wait_for()
    page.wait_for_selector(IDLE)
    measured = chart.evaluate(_ON_SCREEN)
    box, texts = measured["box"], measured["texts"]
    assert box["right"] <= box["viewport"] and box["bottom"] <= box["height"]
    for t in texts:
        assert box["left"] - 1 <= t["left"] and t["right"] <= box["right"] + 1, t
        # a line box of Noto Sans CJK reaches a quarter of its height above the glyphs' tops
        assert box["top"] - 1 - (t["bottom"] - t["top"]) / 4 <= t["top"] and t["bottom"] <= box["bottom"] + 1, t
    marks = [t for t in texts if t["mark"]]
    assert any(t["text"] == "2,674.1" for t in marks) and any(t["text"] == "2,611.6" for t in marks)
    for i, a in enumerate(marks):
        for b in marks[i + 1:]:
            apart = a["right"] + 2 <= b["left"] or b["right"] + 2 <= a["left"] or \
                a["bottom"] + 2 <= b["top"] or b["bottom"] + 2 <= a["top"]
            assert apart, ("values touch", a, b)
    assert page.evaluate("() => document.documentElement.scrollHeight <= window.innerHeight")
    screenshot(page, "briefing-slide2-1920x1080")
