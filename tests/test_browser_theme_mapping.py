"""End to end (issue #16, questions 17 and 21), served as beyond localhost: on 都市比較 the analyst
signs in, gives 綾瀬市's 第2期 pillar 「2 組織の改革」 the theme 財政・財源, sees the row's source
become the batch, and undoes it on データ取込; at the preview of a plan judged in words of its own,
each 評価 word gets a choice of meaning; and an initiative counted through its pillar is given a
theme of its own, then undone."""
from __future__ import annotations

from tests.browser import choose, expand, open_page, screenshot, signed_in, streamlit_server, switch_on, until
from tests.test_evaluation_words import ROWS as WORDED
from tests.test_importer import xlsx

PASSWORD = "kaigi-2026"
SERVED_BEYOND = {"PLANS_REQUIRE_SIGNIN": "1", "PLANS_UPLOAD_PASSWORD": PASSWORD}
ROW = "綾瀬市・第2期あやせ集中改革プラン（H22～H24） 分野「2 組織の改革」（分野のすべての取組）: 人材・組織"


def _sign_in(page, action: str) -> None:
    """Sign in through the form of `action` (the sidebar has a form of its own for slides)."""
    signed_in(page, PASSWORD, page.locator('[data-testid="stForm"]').filter(has_text=action))


def test_change_a_pillars_theme_on_the_comparison_then_undo_it(live, browser):
    with streamlit_server(live, env=SERVED_BEYOND) as url:
        for width, height in ((1920, 1080), (1280, 720)):
            page = open_page(browser, url + "/comparison?city=綾瀬市", width=width, height=height)
            expand(page, "共通テーマの対応表")
            page.get_by_text("出典: data/themes.csv 19行").wait_for()
            switch_on(page, "対応を変える")
            page.get_by_text("共通テーマの対応の変更には分析担当のサインインが必要です。").wait_for()
            assert page.get_by_role("button", name="この対応に変える").count() == 0
            _sign_in(page, "共通テーマの対応の変更")
            page.get_by_role("button", name="この対応に変える").wait_for()
            page.get_by_role("button", name="この対応に変える").scroll_into_view_if_needed()
            screenshot(page, f"theme-mapping-editor-{width}")
            if width == 1920:
                page.close()
                continue
            choose(page, "変える行", ROW)
            choose(page, "新しい共通テーマ", "財政・財源")
            until(page.get_by_role("button", name="この対応に変える").click, page.get_by_text("バッチ 2 として記録しました"))   # in the expander, still open
            page.get_by_text("バッチ 2（都市比較での変更、").first.wait_for()
            page.get_by_text("data/themes.csv 18行").wait_for()
            screenshot(page, "theme-mapping-changed-1280")

        _restore_before_batch_2(browser, url)

        after = open_page(browser, url + "/comparison?city=綾瀬市", width=1280, height=720)
        expand(after, "共通テーマの対応表")
        after.get_by_text("出典: data/themes.csv 19行").wait_for()
        assert "都市比較での変更" not in after.inner_text("body")


def test_each_unknown_evaluation_word_gets_a_choice_at_preview(live, browser, tmp_path):
    workbook = tmp_path / "評価語プラン.xlsx"
    workbook.write_bytes(xlsx(WORDED, "評価"))
    with streamlit_server(live) as url:
        for width, height in ((1280, 720), (1920, 1080)):
            page = open_page(browser, url + "/upload", width=width, height=height)
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(workbook))
            page.get_by_role("heading", name="判定の意味とテーマの対応").wait_for()
            choose(page, "評価「順調」", "達成")
            # chosen again only while the preview has not counted it (a rerun lost on a loaded machine)
            until(lambda: choose(page, "評価「やや遅れ」", "一部達成"),
                  page.locator('[data-testid="stTable"]').filter(has_text="75%（4件中3件）"))
            left = page.locator('[data-testid="stTable"]').filter(has_text="意味が選ばれていません")
            assert "未着手" in left.inner_text()
            page.get_by_text("意味を選んでいない語").scroll_into_view_if_needed()
            screenshot(page, f"evaluation-words-preview-{width}")
            page.close()


INITIATIVE = ("綾瀬市・第2期あやせ集中改革プラン（H22～H24） 取組「事務事業の民間委託化を推進」"
              "（分野「2 組織の改革」の対応で数えています）: 人材・組織")


def test_give_an_initiative_counted_through_its_pillar_a_theme_of_its_own_then_undo_it(live, browser):
    with streamlit_server(live, env=SERVED_BEYOND) as url:
        for width, height in ((1920, 1080), (1280, 720)):
            page = open_page(browser, url + "/comparison?city=綾瀬市", width=width, height=height)
            expand(page, "共通テーマの対応表")
            switch_on(page, "対応を変える")
            _sign_in(page, "共通テーマの対応の変更")
            until(page.get_by_text("取組に独自のテーマを付ける", exact=True).click,
                  page.locator('[data-testid="stSelectbox"]').filter(has_text="テーマを付ける取組"))
            choose(page, "テーマを付ける取組", INITIATIVE)
            choose(page, "新しい共通テーマ", "業務改革・デジタル")
            page.get_by_role("button", name="この対応に変える").scroll_into_view_if_needed()
            screenshot(page, f"theme-initiative-editor-{width}")
            if width == 1920:
                page.close()
                continue
            until(page.get_by_role("button", name="この対応に変える").click,
                  page.get_by_text("バッチ 2 として記録しました"))
            assert "取組「事務事業の民間委託化を推進」" in page.get_by_text("バッチ 2 として記録しました").inner_text()
            # the pillar's 19 rows stay; the initiative's row is the batch's
            page.get_by_text("data/themes.csv 19行、バッチ 2（都市比較での変更、").wait_for()
            screenshot(page, "theme-initiative-changed-1280")

        _restore_before_batch_2(browser, url)

        after = open_page(browser, url + "/comparison?city=綾瀬市", width=1280, height=720)
        expand(after, "共通テーマの対応表")
        after.get_by_text("出典: data/themes.csv 19行（").wait_for()
        assert "都市比較での変更" not in after.inner_text("body")


def _restore_before_batch_2(browser, url: str) -> None:
    """Undo the mapping change (batch 2) on データ取込, as an analyst signed in does."""
    upload = open_page(browser, url + "/upload", width=1280, height=720)
    _sign_in(upload, "取込と復元")
    upload.get_by_role("heading", name="取込の履歴").wait_for()
    choose(upload, "このバッチより前の状態に戻す", "2")
    switch_on(upload, "戻すことを確認しました（戻したことも履歴に残り、あとで取り消せます）")
    until(upload.get_by_role("button", name="復元する").click,
          upload.get_by_text("バッチ 2 より前の状態に戻しました（記録: バッチ 3）。"))
