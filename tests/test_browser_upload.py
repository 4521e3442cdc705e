"""End to end: an analyst loads a spreadsheet through the real upload widget, and the command-line
import works while the dashboard is running on the same database."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter


from tests.browser import IDLE, open_page, screenshot, streamlit_server, switch_on, until
from tests.conftest import ROOT
from tests.test_importer import EFFECT_ROWS, xlsx


def _choose_file(page, path):
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.wait_for_selector(IDLE, timeout=60_000)


def test_deep_link_to_the_upload_page_as_the_first_request(live, browser):
    with streamlit_server(live) as url:
        page = open_page(browser, url + "/upload")
        page.get_by_text("取込の履歴").wait_for()
        assert page.title().startswith("データ取込")
        page.locator('[data-testid="stSidebar"] a', has_text="概要").first.wait_for()   # drawn after the body
        nav = page.locator('[data-testid="stSidebar"] a').all_inner_texts()
        assert any("概要" in n for n in nav) and any("データ取込" in n for n in nav)


def test_upload_preview_commit_and_see_it_on_the_overview(live, browser, tmp_path):
    workbook = tmp_path / "効果額.xlsx"
    workbook.write_bytes(xlsx(EFFECT_ROWS, "効果額"))
    with streamlit_server(live) as url:
        page = open_page(browser, url + "/upload")
        page.get_by_label("計画名（ファイルに計画名がないとき）").fill("新計画")
        page.get_by_label("時点（年度列の効果額表のとき。例: 後期アクションプラン策定時）").fill("後期アクションプラン策定時")
        page.keyboard.press("Tab")
        page.wait_for_selector(IDLE)
        # a file chosen while the page still reruns for the text boxes can be dropped; choose it again
        until(lambda: _choose_file(page, workbook), page.get_by_text("追加 18"), tries=2, timeout=60_000)
        screenshot(page, "upload-preview")
        page.get_by_role("button", name="この内容で取り込む").click()
        page.get_by_text("バッチ 2 として取り込みました").wait_for()
        screenshot(page, "upload-committed")
        overview = open_page(browser, url + "/")
        overview.get_by_text("新計画").first.wait_for()
        # History lists the batch; restoring the state before it is one action, itself a batch.
        switch_on(page, "戻すことを確認しました")
        until(page.get_by_role("button", name="復元する").click,
              page.get_by_text("バッチ 2 より前の状態に戻しました（記録: バッチ 3）"))
        screenshot(page, "upload-restored")
        overview.reload()
        overview.get_by_text("市名記載なし").first.wait_for()
        overview.locator("[data-testid=stTable] table").nth(3).wait_for()   # the fourth: 市名記載なし
        assert "新計画" not in overview.inner_text("body")


def test_a_bad_file_shows_its_errors_and_changes_nothing(live, browser, tmp_path):
    before = live.read_bytes()
    disguised = tmp_path / "report.xlsx"
    disguised.write_bytes("市名,指標\n厚木市,x\n".encode("cp932"))
    with streamlit_server(live) as url:
        page = open_page(browser, url + "/upload")
        _choose_file(page, disguised)
        page.get_by_text("1件のエラー").wait_for()
        page.get_by_text("拡張子は .xlsx ですが").wait_for()  # the error table renders a moment later
        assert page.get_by_role("button", name="この内容で取り込む").count() == 0
        screenshot(page, "upload-error")
    assert live.read_bytes() == before


def test_password_sign_in_in_the_browser(live, browser):
    env = {"PLANS_REQUIRE_SIGNIN": "1", "PLANS_UPLOAD_PASSWORD": "kaigi-2026"}
    with streamlit_server(live, env=env) as url:
        page = open_page(browser, url + "/upload")
        assert page.locator('[data-testid="stFileUploaderDropzoneInput"]').count() == 0
        page.get_by_label("パスワード").fill("wrong")
        page.get_by_role("button", name="サインイン").click()
        page.get_by_text("パスワードが違います").wait_for()
        page.get_by_label("パスワード").fill("kaigi-2026")
        page.get_by_role("button", name="サインイン").click()
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').wait_for(state="attached")


def test_cli_import_while_the_dashboard_runs(live, browser, tmp_path):
    csv = tmp_path / "kpi.csv"
    csv.write_bytes("市名,計画,年度,指標,目標,実績,達成,出典\n"
                    "綾瀬市,行革テスト計画,R5,窓口の待ち時間,15分,12分,〇,試験\n".encode("cp932"))
    with streamlit_server(live) as url:
        page = open_page(browser, url + "/")
        page.get_by_text("市名記載なし").first.wait_for()
        page.locator('[data-testid="stMetricValue"]').nth(19).wait_for()
        before = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
        done = subprocess.run([sys.executable, "-m", "loaders", "import", str(csv), "--db", str(live)],
                              cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        page.reload()
        page.get_by_text("行革テスト計画").first.wait_for()
        page.wait_for_selector(IDLE)
        # every figure drawn before they are read: the page draws them as it goes
        page.locator('[data-testid="stMetricValue"]').nth(len(before) + 4).wait_for()
        after = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
        # the new plan is counted apart (a row per plan): one indicator, achieved
        added = Counter(after) - Counter(before)
        assert len(after) == len(before) + 5 and added == Counter({"1": 2, "0": 3})
