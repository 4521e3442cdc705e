"""The frame every page calls first: page config, the Japanese navigation, the data stamp.

The client's `pages/` folder puts Streamlit in directory mode, where a deep link runs the page
file directly and `app.py` never runs. So the frame is a function each page calls, not a router,
and Streamlit's own file-name navigation is switched off in .streamlit/config.toml.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from dashboard import db
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
</style>"""


def presenting() -> bool:
    """Whether the page is shown in presentation mode (?present=1 in the URL)."""
    return st.query_params.get("present") == "1"


def setup(title: str, *, heading: bool = True) -> None:
    """Configure the page and draw the shared navigation; call first on every page.

    `heading=False` leaves the page title out of the page (a slide shows its own)."""
    present = presenting()
    theme.presenting.set(present)
    st.set_page_config(page_title=f"{title}｜{APP_TITLE}", layout="wide",
                       initial_sidebar_state="collapsed" if present else "expanded")
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
