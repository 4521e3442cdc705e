"""End to end, served as beyond localhost (PLANS_REQUIRE_SIGNIN=1, as an address other than
127.0.0.1 would): every deck write is refused without the analyst sign-in and allowed with it, a
deleted slide is put back, and the password attempt limit is reached and said (#13)."""
from __future__ import annotations

from tests.browser import IDLE, expand, open_page, screenshot, signed_in, streamlit_server, until
from tests.test_briefing import _slides

PASSWORD = "kaigi-2026"
SERVED_BEYOND = {"PLANS_REQUIRE_SIGNIN": "1", "PLANS_UPLOAD_PASSWORD": PASSWORD}


def _sign_in(page, password=PASSWORD, within=None):
    where = within or page
    where.get_by_label("パスワード").fill(password)
    where.get_by_role("button", name="サインイン").click()
    page.wait_for_selector(IDLE)


def test_deck_writes_need_the_sign_in_and_a_deleted_slide_comes_back(live, browser):
    before = _slides(live)
    with streamlit_server(live, env=SERVED_BEYOND) as url:
        page = open_page(browser, url + "/briefing", width=1280, height=720)
        page.get_by_text("デッキの編集（並べ替え・編集・削除）には分析担当のサインインが必要です。").wait_for()
        for name in ("↑", "↓", "削除"):
            buttons = page.get_by_role("button", name=name, exact=True)
            assert buttons.count() and all(buttons.nth(i).is_disabled() for i in range(buttons.count())), name
        expand(page, "タイトルと発表メモを編集")
        assert page.get_by_role("button", name="保存").first.is_disabled()
        assert page.get_by_role("button", name="発表を始める").is_enabled()   # reading and presenting stay open
        screenshot(page, "signin-deck-refused")

        signed_in(page, PASSWORD)
        page.get_by_role("button", name="削除").first.wait_for()
        page.wait_for_function("() => ![...document.querySelectorAll('button')]"
                               ".some((b) => b.innerText.trim() === '削除' && b.disabled)")
        page.get_by_role("button", name="↓", exact=True).first.click()
        page.get_by_text(f"1. {before[1][1]}").wait_for()
        assert [t for _, t, _ in _slides(live)][:2] == [before[1][1], before[0][1]]

        page.get_by_role("button", name="削除").nth(1).click()
        page.get_by_text(f"2 枚目「{before[0][1]}」を削除しました。").wait_for()
        assert len(_slides(live)) == len(before) - 1
        screenshot(page, "signin-deck-deleted")
        page.get_by_role("button", name="元に戻す").click()
        page.get_by_text(f"2. {before[0][1]}").wait_for()
        assert [t for _, t, _ in _slides(live)][:2] == [before[1][1], before[0][1]] and len(_slides(live)) == len(before)

        page.wait_for_selector(IDLE)          # the restore's rerun has drawn the deck before the form is used
        expand(page, "タイトルと発表メモを編集")
        page.get_by_label("タイトル", exact=True).first.fill("委員会で最初に示す図")
        page.wait_for_selector(IDLE)
        until(page.get_by_role("button", name="保存").first.click,     # saving the same title twice is harmless
              page.get_by_text("1. 委員会で最初に示す図"), tries=2, timeout=45_000)

        effects = open_page(browser, url + "/effect_amounts")
        effects.get_by_text("ブリーフィングに追加").click()
        sidebar = effects.locator('[data-testid="stSidebar"]')
        sidebar.get_by_text("スライドの保存には分析担当のサインインが必要です。").wait_for()
        assert effects.get_by_role("button", name="スライドとして保存").count() == 0
        signed_in(effects, PASSWORD, sidebar)
        effects.wait_for_selector(IDLE)       # the sign-in's rerun has drawn the form (a second save would count twice)
        effects.get_by_role("button", name="スライドとして保存").click()
        effects.get_by_text(f"「議会説明サンプル」の {len(before) + 1} 枚目として保存しました。").wait_for()
    assert len(_slides(live)) == len(before) + 1


def test_the_attempt_limit_is_reached_and_said(live, browser):
    with streamlit_server(live, env=SERVED_BEYOND) as url:
        page = open_page(browser, url + "/upload", width=1280, height=720)
        for left in (2, 1):
            _sign_in(page, "guess")
            page.get_by_text(f"あと {left} 回失敗すると、しばらくサインインできなくなります").wait_for()
        _sign_in(page, "guess")
        page.get_by_text("30 秒間サインインを受け付けません").wait_for()
        _sign_in(page)                                    # the right password, while locked
        page.get_by_text("受け付けを止めています").wait_for()
        assert page.locator('[data-testid="stFileUploaderDropzoneInput"]').count() == 0
        screenshot(page, "signin-attempts-limited")
        other = open_page(browser, url + "/upload")       # a new session from the same address
        _sign_in(other)
        other.get_by_text("受け付けを止めています").wait_for()
        assert other.locator('[data-testid="stFileUploaderDropzoneInput"]').count() == 0
