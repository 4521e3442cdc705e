"""The upload page as an analyst sees it at 1280×720 (#13): the preview and the difference in
Japanese with formatted figures, the commit button gone once committed, and the history (date
visible, kinds and row counts in words) drawn again right after a commit and a restore."""
from __future__ import annotations

from tests.browser import IDLE, open_page, screenshot, streamlit_server, switch_on, until
from tests.test_importer import EFFECT_ROWS, xlsx

REVISED = "後期アクションプラン策定時"


def _grid_text(page, nth: int, showing: str) -> str:
    """What a st.dataframe shows (a canvas grid): its cells as the accessible table Streamlit keeps.
    The grid fills that table only once it is mounted on screen, so wait for a word it must show."""
    grid = page.locator('[data-testid="stDataFrame"]').nth(nth)
    grid.scroll_into_view_if_needed()
    page.wait_for_function("([n, word]) => document.querySelectorAll('[data-testid=stDataFrame]')[n]"
                           "?.textContent.includes(word)", arg=[nth, showing])
    return grid.text_content()


def test_preview_commit_and_history_read_in_japanese_at_1280(live, browser, tmp_path):
    workbook = tmp_path / "効果額.xlsx"
    workbook.write_bytes(xlsx(EFFECT_ROWS, "効果額"))
    with streamlit_server(live) as url:
        page = open_page(browser, url + "/upload", width=1280, height=720)
        page.get_by_label("計画名（ファイルに計画名がないとき）").fill("新計画")
        page.get_by_label("時点（年度列の効果額表のとき。例: 後期アクションプラン策定時）").fill(REVISED)
        page.keyboard.press("Tab")
        page.wait_for_selector(IDLE)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(workbook))
        page.get_by_text("効果額: 追加 18、変更 0、削除 0").wait_for()
        page.get_by_text("取り込まれる行", exact=True).scroll_into_view_if_needed()
        screenshot(page, "upload-1280-preview")
        rows = _grid_text(page, 1, "金額（千円）")
        assert "金額（千円）" in rows and "14,358" in rows and "amount_thousand_yen" not in rows and "None" not in rows
        page.get_by_text("データベースとの差分", exact=True).scroll_into_view_if_needed()
        diff = _grid_text(page, 3, "金額（千円）")
        assert "金額（千円）: 空 → 14,358" in diff and "R4 (2022)" in diff
        screenshot(page, "upload-1280-diff")

        page.get_by_role("button", name="この内容で取り込む").click()
        page.get_by_text("バッチ 2 として取り込みました").wait_for()
        page.wait_for_selector(IDLE)
        assert page.get_by_role("button", name="この内容で取り込む").count() == 0
        page.get_by_text("バッチ 2 として取り込みました").scroll_into_view_if_needed()
        screenshot(page, "upload-1280-commit-message")
        page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stDataFrame]')].pop()"
                               ".textContent.includes('効果額 18行、計画 1行')")   # the history, at once
        history = page.locator('[data-testid="stDataFrame"]').last
        history.scroll_into_view_if_needed()
        # The grid keeps text only for the columns on screen: the date is among them at 1280 px.
        shown = history.locator('th[role="columnheader"]').all_text_contents()
        assert shown[:5] == ["バッチ", "日時", "種類", "ファイル", "行数"], shown
        assert "効果額 18行、計画 1行" in history.text_content() and "取込" in history.text_content()
        screenshot(page, "upload-1280-committed")

        switch_on(page, "戻すことを確認しました")
        until(page.get_by_role("button", name="復元する").click,
              page.get_by_text("バッチ 2 より前の状態に戻しました（記録: バッチ 3）"))
        page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stDataFrame]')].pop()"
                               ".textContent.includes('復元')")                       # no reload needed
        assert "初期データ" in page.locator('[data-testid="stDataFrame"]').last.text_content()
        page.get_by_text("取込の履歴", exact=True).scroll_into_view_if_needed()
        screenshot(page, "upload-1280-history")
