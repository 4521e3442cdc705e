"""End to end: a workbook whose every text cell is Markdown or HTML is uploaded, and no page, slide
or deck editor turns any of it into a link, an image, a formula, a colour or markup (#13).

The images point at a listener of our own on 127.0.0.1 that records every request it gets: the
browser must never ask it for anything.
"""
from __future__ import annotations

import contextlib
import http.server
import io
import re
import threading
import urllib.parse

import openpyxl

from tests.browser import IDLE, free_port, open_page, screenshot, streamlit_server, until


@contextlib.contextmanager
def listener():
    """An HTTP server on 127.0.0.1 that answers 404 and records the path of every request."""
    seen: list[str] = []

    class Record(http.server.BaseHTTPRequestHandler):
        def do_GET(self):   # noqa: N802 (the standard library's name)
            seen.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Record)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], seen
    finally:
        server.shutdown()
        server.server_close()


def hostile(port: int, tag: str, kind: int) -> str:
    """The six forms Streamlit's Markdown would interpret: link, image, bare URL, colour, LaTeX, HTML."""
    base = f"http://127.0.0.1:{port}"
    return [f"[リンク{tag}]({base}/link{tag})", f"![画像{tag}]({base}/img{tag}.png)", f"{base}/auto{tag}",
            f":red[色{tag}]", f"$x_{tag}$",
            f"<img src='{base}/raw{tag}.png'><a href='{base}/a{tag}'>生{tag}</a>"][kind]


def hostile_workbook(port: int) -> bytes:
    """Plans, indicators, effect amounts, initiatives and a statistic: every text cell hostile."""
    h = lambda tag, kind: hostile(port, tag, kind)   # noqa: E731
    plan = h("p", 0)
    sheets = {
        "計画": [["市名", "計画", "期間", "種別", "出典"], ["厚木市", plan, "R4～R9", h("t", 1), h("s", 2)]],
        "成果指標": [["市名", "計画", "年度", "政策分野", "取組", "担当課", "指標", "単位", "目標", "実績", "達成", "評価", "出典"],
                 *[["厚木市", plan, fy, h("a", 3), h("i", 4), h("d", 5), h("k", 1), "件", h("g", 2), 3, "",
                    h("e", 3), h("s", 4)] for fy in ("R4", "R5")]],
        # 番号 given: an amount without one is not drawn today (reported with #13)
        "効果額": [["市名", "計画", "時点", "番号", "政策分野", "年度", "区分", "金額", "出典"],
                *[["厚木市", plan, estimate, "Ⅰ", h("x", 1), fy, "実績", amount, h("y", 2)]
                  for estimate, amount in ((h("m", 5), 1200), (h("n", 3), 1300)) for fy in ("R4", "R5")]],
        "取組": [["市名", "計画", "期", "政策分野", "戦略区分", "取組", "担当課", "見直し区分", "後期取組", "出典"],
               ["厚木市", plan, "後期", h("a", 3), h("q", 4), h("r", 5), h("d", 5), "廃止", h("z", 0), h("s", 1)]],
        "統計": [["市名", "項目", "年度", "値", "単位", "出典"], ["厚木市", h("u", 2), "R4", h("v", 4), h("w", 3), h("s", 5)]],
    }
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def assert_inert(page, port: int, seen: list[str], where: str, *literal: str) -> None:
    """No element from the data: no link or image naming the listener, no formula, no colour; the
    data's own text shown as written; and the listener never asked."""
    for words in literal:   # the data's own text, shown as written (the joiner is invisible)
        page.wait_for_function("(w) => document.body.innerText.replaceAll('\\u2060', '').includes(w)", arg=words)
    page.wait_for_selector(IDLE)
    marked = page.evaluate("""(port) => {
        const main = document.body;
        const named = [...main.querySelectorAll('[href], [src], [srcset]')]
            .map((e) => e.outerHTML.slice(0, 200)).filter((html) => html.includes(':' + port));
        return {named, katex: main.querySelectorAll('.katex').length,
                red: [...main.querySelectorAll('[data-testid=stMain] span, [data-testid=stSidebar] span')]
                       .filter((s) => (s.getAttribute('style') || '').includes('red') || /色[a-z]/.test(s.className))
                       .length};
    }""", port)
    assert marked["named"] == [], (where, marked["named"])
    assert marked["katex"] == 0, where
    assert seen == [], (where, seen)


def _pick(page, label: str, typed: str) -> None:
    page.get_by_role("combobox", name=label).click()
    page.keyboard.type(typed)
    page.keyboard.press("Enter")
    page.wait_for_selector(IDLE)


def test_nothing_uploaded_is_interpreted_on_any_page_slide_or_editor(live, browser, tmp_path):
    with listener() as (port, seen), streamlit_server(live) as url:
        base = f"http://127.0.0.1:{port}"
        workbook = tmp_path / "markdown.xlsx"
        workbook.write_bytes(hostile_workbook(port))
        plan = f"[リンクp]({base}/linkp)"

        page = open_page(browser, url + "/upload", height=720)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(workbook))
        page.get_by_text("取り込まれる行").wait_for()
        assert_inert(page, port, seen, "preview", "データベースとの差分")
        page.get_by_role("button", name="この内容で取り込む").click()
        page.get_by_text("として取り込みました").wait_for()
        assert_inert(page, port, seen, "committed")

        overview = open_page(browser, url + "/")
        overview.get_by_text("リンクp").first.wait_for()
        assert_inert(overview, port, seen, "概要", plan, f"![画像t]({base}/imgt.png)", f"{base}/autos")
        screenshot(overview, "inert-overview")

        label = urllib.parse.quote(f"厚木市｜![画像k]({base}/imgk.png)")
        kpi = open_page(browser, f"{url}/kpi?ind={label}", height=3000)
        kpi.get_by_text("指標ごとの目標と実績").wait_for()
        assert_inert(kpi, port, seen, "KPI推移", f"{base}/autog")
        kpi.get_by_role("tab", name="統計").click()      # a view of its own since issue #18
        kpi.get_by_role("heading", name="統計の推移").first.wait_for()   # the view drawn, not only its tab
        _pick(kpi, "統計", "autou")
        assert_inert(kpi, port, seen, "KPI推移（統計）", f"$x_v$")
        screenshot(kpi, "inert-kpi")

        effects = open_page(browser, url + "/effect_amounts", height=2400)
        _pick(effects, "計画", "リンクp")
        effects.get_by_role("heading", name="時点の比較").first.wait_for()   # the section, not the 図 choice
        assert_inert(effects, port, seen, "効果額", f"{base}/autoy", ":red[色n]")
        screenshot(effects, "inert-effects")

        # A slide saved from that view, in a new deck, both named with Markdown.
        effects.wait_for_selector(IDLE)
        until(effects.get_by_text("ブリーフィングに追加").click, effects.get_by_role("combobox", name="デッキ"))
        _pick(effects, "デッキ", "新しいデッキ")
        effects.get_by_label("新しいデッキの名前（新しいデッキのとき）").fill(f"$デッキ$ [d]({base}/deck)")
        effects.get_by_label("スライドのタイトル").fill(f"![題]({base}/title.png) <b>太字</b> www.example.com")
        effects.get_by_label("発表メモ（スピーカーノート）").fill(f"[メモ]({base}/notes)")
        effects.wait_for_selector(IDLE)
        # a second click, if the first was lost to a rerun, saves a second slide: the same text, as inert
        until(effects.get_by_role("button", name="スライドとして保存").click,
              effects.get_by_text("枚目として保存しました").first, tries=2, timeout=45_000)
        assert_inert(effects, port, seen, "保存", f"$デッキ$ [d]({base}/deck)")

        for page_path in ("/comparison", "/initiatives"):
            other = open_page(browser, url + page_path, height=2400)
            assert_inert(other, port, seen, page_path)

        deck = urllib.parse.quote(f"$デッキ$ [d]({base}/deck)")
        editor = open_page(browser, f"{url}/briefing?deck={deck}", height=1600)
        editor.get_by_text("タイトルと発表メモを編集").first.wait_for()
        editor.locator("[data-testid=stExpander] summary").last.click()
        editor.get_by_label("発表メモ（スピーカーノート）").last.wait_for()
        assert_inert(editor, port, seen, "デッキの編集", f"![題]({base}/title.png) <b>太字</b> www.example.com")
        screenshot(editor, "inert-deck-editor")

        present = open_page(browser, f"{url}/briefing?deck={deck}&slide=1&present=1", width=1280, height=720)
        present.get_by_text(re.compile(r"(^|\D)1 / [12](\D|$)")).wait_for()   # 2 when a lost click was retried
        assert_inert(present, port, seen, "発表モード", f"![題]({base}/title.png) <b>太字</b> www.example.com")
        screenshot(present, "inert-slide")

        history = open_page(browser, url + "/upload")
        history.get_by_text("取込の履歴").wait_for()
        assert_inert(history, port, seen, "履歴")
    assert seen == []
