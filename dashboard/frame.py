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

APP_TITLE = "行政改革プラン分析"
ROOT = Path(__file__).resolve().parent.parent

# (file, label, icon) in the order of the navigation; a page appears once its file exists.
PAGES = (
    ("app.py", "概要", ":material/dashboard:"),
    ("pages/kpi.py", "KPI推移", ":material/show_chart:"),
    ("pages/effect_amounts.py", "効果額", ":material/payments:"),
    ("pages/comparison.py", "都市比較", ":material/compare_arrows:"),
    ("pages/initiatives.py", "取組一覧", ":material/list_alt:"),
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


def setup(title: str) -> None:
    """Configure the page and draw the shared navigation; call first on every page."""
    st.set_page_config(page_title=f"{title}｜{APP_TITLE}", layout="wide",
                       initial_sidebar_state="expanded")
    with st.sidebar:
        st.markdown(f"**{APP_TITLE}**")
        _navigation()
        version, written_at = db.data_version()
        st.caption(f"データ版 {version}（{written_at} 更新）")
    st.title(title)
