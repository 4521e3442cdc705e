"""End to end (issue #12): uploads that once took the server down, through the real upload widget.

The server runs with column and row limits wide enough for the guard to let a far-cell workbook
through, so calamine really aborts on its 512 GB allocation, in the reading child. The page shows
one Japanese error, and a second browser session still draws the 効果額 charts afterwards.
"""
from __future__ import annotations

from tests.browser import IDLE, open_page, screenshot, streamlit_server
from tests.test_browser_effects import wait_for_charts
from tests.test_isolation import far_cell_workbook

WIDE = {"PLANS_MAX_COLUMNS": "20000", "PLANS_MAX_ROWS": "2000000"}


def _choose_file(page, path):
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.wait_for_selector(IDLE, timeout=120_000)


def test_uploads_that_crashed_or_stalled_the_server_are_errors_and_it_stays_up(live, browser, tmp_path):
    before = live.read_bytes()
    far = tmp_path / "far.xlsx"
    far.write_bytes(far_cell_workbook())
    one_line = tmp_path / "one-line.csv"
    one_line.write_bytes(b"1," * 20_000_000)  # 40 MB without a line break, under the 50 MB file limit
    with streamlit_server(live, env=WIDE) as url:
        page = open_page(browser, url + "/upload")
        page.get_by_text("確認に使うメモリ 1.5 GB").first.wait_for()   # the limits are on the page
        _choose_file(page, far)
        page.get_by_text("1件のエラー").wait_for()
        page.get_by_text("確認に使うメモリが上限 1.5 GB に達したため").wait_for()
        screenshot(page, "upload-far-cell")
        _choose_file(page, one_line)
        page.get_by_text("1行が 1 MB を超えています").wait_for()
        screenshot(page, "upload-one-line-csv")
        assert page.get_by_role("button", name="この内容で取り込む").count() == 0
        other = open_page(browser, url + "/effect_amounts", height=2900)   # another session
        wait_for_charts(other, 3)
        screenshot(other, "upload-second-session-charts")
    assert live.read_bytes() == before
