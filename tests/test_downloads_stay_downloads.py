"""Every download button only downloads: a click starts no rerun (on_click="ignore").

A rerun started with a download (Streamlit's default) runs the page again beside the file's own
request; on a busy server the click then came to nothing once in a full run (KPI推移's CSV).
"""
from __future__ import annotations

import pytest
from tests.conftest import run_page

# each page with the query that opens its downloads
PAGES = [("pages/kpi.py", {"city": "厚木市", "view": "一覧"}),
         ("pages/effect_amounts.py", {}),
         ("pages/initiatives.py", {}),
         ("pages/briefing.py", {"deck": "議会説明サンプル"}),
         ("pages/upload.py", {})]


@pytest.mark.parametrize(("page", "params"), PAGES, ids=[p for p, _ in PAGES])
def test_no_download_button_reruns_the_page(app_db, page, params):
    buttons = run_page(page, params).get("download_button")
    assert buttons, page
    assert [b.proto.label for b in buttons if not b.proto.ignore_rerun] == []
