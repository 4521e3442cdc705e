"""The frame every page calls first: page config, the Japanese navigation, the data stamp.

The client's `pages/` folder puts Streamlit in directory mode, where a deep link runs the page
file directly and `app.py` never runs. So the frame is a function each page calls, not a router,
and Streamlit's own file-name navigation is switched off in .streamlit/config.toml.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from dashboard import db, filters
from dashboard.charts import theme

APP_TITLE = "行政改革プラン分析"
ROOT = Path(__file__).resolve().parent.parent

# (file, label, icon) in the order of the navigation; a page appears once its file exists.
PAGES = (
    ("app.py", "概要", ":material/dashboard:"),
    ("pages/kpi.py", "KPI推移", ":material/show_chart:"),
    ("pages/effect_amounts.py", "効果額", ":material/payments:"),
    ("pages/comparison.py", "都市比較", ":material/compare_arrows:"),
    ("pages/initiatives.py", "取組一覧", ":material/list_alt:"),
    ("pages/briefing.py", "ブリーフィング", ":material/slideshow:"),
    ("pages/upload.py", "データ取込", ":material/upload_file:"),
)


def _navigation() -> None:
    present = [page for page in PAGES if (ROOT / page[0]).exists()]
    try:
        for file, label, icon in present:
            st.page_link(file, label=label, icon=icon)
    except StreamlitPageNotFoundError:
        # A page file run as its own entry point (AppTest.from_file("pages/x.py")) has no app
        # around it to link to; the served app always does.
        pass


# 発表モード: no sidebar, no Streamlit chrome, larger type; our own CSS, no data in it.
_PRESENT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"], footer,
[data-testid="stExpandSidebarButton"] { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container { padding: 1.2rem 2.5rem 0.5rem !important; max-width: 100% !important; }
h1 { font-size: 2.4rem !important; padding: 0 0 0.4rem !important; }
[data-testid="stMetricValue"] { font-size: 3rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.3rem !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 1rem !important; }
div:has(> .vega-embed:not(.fit-x) > svg.marks g.role-scope.cell),
.vega-embed:not(.fit-x):has(> svg.marks g.role-scope.cell) { width: 100% !important; }
.vega-embed:not(.fit-x) > svg.marks:has(g.role-scope.cell) { width: 100% !important; height: auto !important; }
</style>"""


# On every page (our own CSS and script, no data in either):
# - captions in a grey of 6.9:1, not Streamlit's text at 60 % opacity (3.0:1; WCAG 1.4.3 asks 4.5);
# - a visible focus ring on whatever the keyboard reaches (2.4.7);
# - Streamlit's English widget words in Japanese. Streamlit has no setting for them, and CSS
#   content would change what is seen but not what a screen reader reads, so a fixed table of
#   exact English phrases, each only inside the widget that draws it, is swapped for Japanese in
#   the text itself. Only text nodes' textContent is written: nothing is parsed as HTML.
_A11Y = r"""<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #55575f !important; opacity: 1 !important; }
:focus-visible { outline: 3px solid #0072B2 !important; outline-offset: 2px; }
.stElementContainer:has(> [data-testid="stHtml"] > style.plans-frame) { display: none; }
</style><style class="plans-frame"></style><script>
(() => {
  document.documentElement.lang = "ja";   // Streamlit serves lang="en"; WCAG 3.1.1
  if (window.plansJapanese) return;
  window.plansJapanese = true;
  const uploader = '[data-testid="stFileUploader"]', list = '[role="listbox"], [data-baseweb="popover"]';
  const WORDS = [
    [uploader, /^Upload$/, "ファイルを選ぶ"],
    [uploader, /^Browse files$/, "ファイルを選ぶ"],
    [uploader, /^Drag and drop (?:a file|files|directories) here$/, "ここにファイルをドロップ"],
    [uploader, /^([\d.]+)\s*([KMG]B) per file(.*)$/, "1ファイル $1 $2 まで$3"],
    [list, /^Select all$/, "すべて選択"],
    [list, /^Select (\d+) matches$/, "一致する $1 件を選択"],
    [list, /^No results$/, "該当する選択肢はありません"],
    [list, /^Add: (.*)$/, "追加: $1"],
    ['[data-testid="stSkipToContent"]', /^Skip to main content$/, "本文へ移動"],
    // a button's hidden text naming its icon (the uploader's 「add icon」): the button's label says it
    ["button", /^[a-z_]+ icon$/, ""],
  ];
  // aria-labels Streamlit writes in English: what a screen reader says for its buttons
  const LABELS = [
    [/^file upload$/, "ファイルを選ぶ"], [/^Add files$/, "ファイルを追加"], [/^Clear all$/, "すべて解除"], [/^Dismiss$/, "閉じる"],
    [/^Open$/, "選択肢を開く"], [/^Close$/, "閉じる"], [/^Sidebar$/, "サイドバー"],
    [/^Link to heading$/, "この見出しへのリンク"], [/^Fullscreen$/, "全画面表示"], [/^Close fullscreen$/, "全画面表示を終える"],
    [/^Show data$/, "データを表示"], [/^Download as PNG$/, "PNG で保存"], [/^Download as SVG$/, "SVG で保存"],
    [/^Copy Vega-Lite spec$/, "図の定義をコピー"], [/^Show\/hide columns$/, "列の表示・非表示"],
    [/^Search$/, "検索"], [/^Download as CSV$/, "CSV で保存"], [/^Selected values$/, "選択中の値"],
    [/^Help for (.+)$/, "$1 の説明"], [/^Remove (.+)$/, "$1 を外す"],
    [/^Collapse sidebar$/, "サイドバーを閉じる"], [/^Expand sidebar$/, "サイドバーを開く"],
  ];
  const fixLabel = (e) => {
    const label = e.getAttribute("aria-label");
    for (const [pattern, japanese] of LABELS) {
      if (pattern.test(label)) { e.setAttribute("aria-label", label.replace(pattern, japanese)); return; }
    }
  };
  const fixText = (node) => {
    const text = node.nodeValue.trim();
    if (!text) return;
    for (const [within, pattern, japanese] of WORDS) {
      if (pattern.test(text) && node.parentElement && node.parentElement.closest(within)) {
        node.nodeValue = text.replace(pattern, japanese);
        return;
      }
    }
  };
  const fix = (root) => {
    if (root.nodeType === Node.TEXT_NODE) return fixText(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) fixText(node);
    if (root.hasAttribute("aria-label")) fixLabel(root);
    root.querySelectorAll("[aria-label]").forEach(fixLabel);
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "characterData") fixText(r.target);
      else if (r.type === "attributes") fixLabel(r.target);
      r.addedNodes.forEach(fix);
    }
  }).observe(document.body, {childList: true, subtree: true, characterData: true,
                             attributes: true, attributeFilter: ["aria-label"]});
  fix(document.body);
})();
</script>"""


def presenting() -> bool:
    """Whether the page is shown in presentation mode (?present=1 in the URL)."""
    return st.query_params.get("present") == "1"


def setup(title: str, *, heading: bool = True) -> None:
    """Configure the page and draw the shared navigation; call first on every page.

    `heading=False` leaves the page title out of the page (a slide shows its own)."""
    filters.adopt_aliases()
    present = presenting()
    theme.presenting.set(present)
    st.set_page_config(page_title=f"{title}｜{APP_TITLE}", layout="wide",
                       initial_sidebar_state="collapsed" if present else "expanded")
    st.html(_A11Y, unsafe_allow_javascript=True)
    if present:
        st.html(_PRESENT_CSS)
        if heading:
            left, leave = st.columns([12, 1], vertical_alignment="center")
            left.title(title)
            leave.button("終了", key="stop_presenting", on_click=_stop_presenting, type="tertiary",
                         help="発表モードを終える")
        return
    with st.sidebar:
        st.markdown(f"**{APP_TITLE}**")
        _navigation()
        version, written_at = db.data_version()
        st.caption(f"データ版 {version}（{written_at} 更新）")
        st.button("発表モードで表示", icon=":material/present_to_all:", on_click=_start_presenting,
                  help="サイドバーとメニューを隠し、文字を大きくします。URL に ?present=1 を付けても同じです。")
    st.title(title)


def _start_presenting() -> None:
    st.query_params["present"] = "1"


def _stop_presenting() -> None:
    st.query_params.pop("present", None)
