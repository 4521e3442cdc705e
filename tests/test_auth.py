"""Who may write (#13): deck writes take the same sign-in as upload and restore, password attempts
are limited per session and per client address with a growing wait, failures are logged without
the text tried, and a deleted slide can be put back."""
from __future__ import annotations

import hmac
import logging

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth
from tests.conftest import ROOT
from tests.test_briefing import _slides

PASSWORD = "correct horse"


@pytest.fixture
def signin_required(live, monkeypatch):
    """Served as if beyond localhost, with a password; attempts counted from zero."""
    monkeypatch.setenv("PLANS_REQUIRE_SIGNIN", "1")
    monkeypatch.setenv("PLANS_UPLOAD_PASSWORD", PASSWORD)
    auth._BY_ADDRESS.clear()
    yield live
    auth._BY_ADDRESS.clear()


def _page(path="pages/briefing.py"):
    return AppTest.from_file(str(ROOT / path), default_timeout=60).run()


def _sign_in(at, password=PASSWORD):
    box = next(t for t in at.text_input if t.label == "パスワード")
    box.set_value(password)
    return next(b for b in at.button if b.label == "サインイン").click().run()


# wrong passwords in a row -> seconds before the next attempt: free, then doubling, then capped
WAITS = [(1, 0.0), (2, 0.0), (3, 30.0), (4, 60.0), (5, 120.0), (8, 900.0), (30, 900.0)]


@pytest.mark.parametrize("failures, wait", WAITS)
def test_the_wait_grows_after_the_free_attempts(failures, wait):
    attempts = auth.Attempts()
    for _ in range(failures):
        attempts.failed(now=0.0)
    assert attempts.wait(0.0) == wait


def _crafted_writes():
    from dashboard import auth, decks
    auth.as_writer(decks.add_slide, "議会説明サンプル", "x", "plan_timeline", {})
    auth.as_writer(decks.update_slide, "議会説明サンプル", 1, "x", "")
    auth.as_writer(decks.move_slide, "議会説明サンプル", 1, 1)
    auth.as_writer(decks.remove_slide, "議会説明サンプル", 2)


def test_every_deck_write_is_refused_without_sign_in(signin_required):
    before = _slides(signin_required)
    at = _page()
    assert not at.exception, at.exception
    assert "デッキの編集（並べ替え・編集・削除）には分析担当のサインインが必要です。" in [m.value for m in at.markdown]
    writes = [b for b in at.button if b.key and b.key[:2] in ("up", "do", "dr")]
    assert writes and all(b.disabled for b in writes)
    assert all(b.disabled for b in at.button if b.label == "保存")
    # A request that reaches a write anyway (a crafted websocket message) is refused by the write.
    crafted = AppTest.from_function(_crafted_writes, default_timeout=60).run()
    assert [e.value for e in crafted.error] == ["この変更には分析担当のサインインが必要です。"] * 4
    assert _slides(signin_required) == before
    # The sample deck is still shown and can be presented by anyone.
    assert any(b.label == "発表を始める" for b in at.button)


def test_saving_a_slide_is_refused_without_sign_in_and_allowed_with_it(signin_required):
    at = _page("pages/effect_amounts.py")
    assert not any(b.label == "スライドとして保存" for b in at.button)
    at = _sign_in(at)
    assert not at.exception, at.exception
    next(s for s in at.selectbox if s.label == "デッキ").set_value("（新しいデッキ）")
    next(t for t in at.text_input if t.label == "新しいデッキの名前（新しいデッキのとき）").set_value("委員会資料")
    at = next(b for b in at.button if b.label == "スライドとして保存").click().run()
    assert _slides(signin_required, "委員会資料") == [(1, "政策分野別・年度別の効果額", "effect_by_area")]


def test_signed_in_edits_and_a_deleted_slide_is_put_back(signin_required):
    before = _slides(signin_required)
    at = _sign_in(_page())
    assert not at.exception, at.exception
    at = next(b for b in at.button if b.key == "drop2").click().run()
    assert _slides(signin_required) == [(n, t, v) for n, (_, t, v) in enumerate(before[:1] + before[2:], 1)]
    assert f"2 枚目「{before[1][1]}」を削除しました。" in [i.value for i in at.info]
    at = next(b for b in at.button if b.label == "元に戻す").click().run()
    assert _slides(signin_required) == before
    assert not any(b.label == "元に戻す" for b in at.button)


def test_attempts_are_limited_per_session_and_address_and_logged_without_the_text(signin_required, caplog,
                                                                                 monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(auth, "_now", lambda: clock[0])
    caplog.set_level(logging.WARNING, logger="dashboard.auth")
    at = _page("pages/upload.py")
    for left in (2, 1):
        at = _sign_in(at, "guess-1")
        assert f"パスワードが違います（あと {left} 回失敗すると" in at.error[0].value
    at = _sign_in(at, "guess-2")
    assert "30 秒間サインインを受け付けません" in at.error[0].value
    at = _sign_in(at)                                 # the right password, while locked
    assert "あと 30 秒待ってから" in at.error[0].value and not at.file_uploader
    other = _sign_in(_page("pages/upload.py"))        # another session from the same address
    assert "待ってから" in other.error[0].value and not other.file_uploader
    assert "sign-in failed" in caplog.text and "guess" not in caplog.text and PASSWORD not in caplog.text
    clock[0] += 31
    at = _sign_in(at, "guess-3")                       # the wait doubles with each failure
    assert "60 秒間サインインを受け付けません" in at.error[0].value
    clock[0] += 61
    at = _sign_in(at)
    assert at.file_uploader


# Who may sign in, and how the password is compared (#19)
@pytest.mark.parametrize("expected, given, accepted", [
    ("s3cret", "s3cret", True),
    ("s3cret", "s3cre", False),
    ("s3cret", "s3cret ", False),
    ("s3cret", "", False),
    ("パスワード", "パスワード", True),
    ("パスワード", "パスワーﾄﾞ", False),
    (None, "", False),       # no password configured: nothing signs in, not even an empty one
    ("", "", False),
])
def test_password_check(monkeypatch, expected, given, accepted):
    if expected is None:
        monkeypatch.delenv("PLANS_UPLOAD_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("PLANS_UPLOAD_PASSWORD", expected)
    monkeypatch.setattr(auth, "_secret", lambda name: None)
    assert auth.check_password(given) is accepted


def test_password_is_compared_in_constant_time(monkeypatch):
    # `==` on the two strings gives the same answers; only the comparison used tells them apart.
    monkeypatch.setenv("PLANS_UPLOAD_PASSWORD", "s3cret")
    calls, compare_digest = [], hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return compare_digest(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    assert auth.check_password("guess") is False
    assert auth.check_password("s3cret") is True
    assert calls == [(b"guess", b"s3cret"), (b"s3cret", b"s3cret")]


@pytest.mark.parametrize("address, forced, local", [
    ("127.0.0.1", None, True),
    ("localhost", None, True),
    ("::1", None, True),
    ("0.0.0.0", None, False),
    ("", None, False),
    (None, None, False),
    ("192.168.1.10", None, False),
    ("127.0.0.1", "1", False),      # PLANS_REQUIRE_SIGNIN=1: the tests' way to sign in on localhost
    ("127.0.0.1", "0", True),
    ("127.0.0.1", "", True),
])
def test_only_a_server_bound_to_this_machine_is_open_without_sign_in(monkeypatch, address, forced, local):
    if forced is None:
        monkeypatch.delenv("PLANS_REQUIRE_SIGNIN", raising=False)
    else:
        monkeypatch.setenv("PLANS_REQUIRE_SIGNIN", forced)
    monkeypatch.setattr(auth.st, "get_option", lambda name: {"server.address": address}[name])
    assert auth.served_locally() is local


def test_the_environment_password_comes_before_the_secrets_one(monkeypatch):
    asked = []
    monkeypatch.setattr(auth, "_secret", lambda name: asked.append(name) or "from-secrets")
    monkeypatch.setenv("PLANS_UPLOAD_PASSWORD", "from-env")
    assert auth._password() == "from-env"
    monkeypatch.delenv("PLANS_UPLOAD_PASSWORD")
    assert auth._password() == "from-secrets"
    assert asked == ["upload_password"]
    assert auth.check_password("from-secrets") is True


def test_without_a_secrets_file_there_is_no_secret_and_no_provider():
    # The project ships no .streamlit/secrets.toml: sign-in must be configured, never assumed.
    assert auth._secret("upload_password") is None
    assert auth._oidc_configured() is False


def test_a_password_and_a_provider_are_read_from_the_secrets(monkeypatch):
    monkeypatch.setattr(auth.st, "secrets", {"upload_password": "from-secrets", "auth": {"client_id": "x"}})
    assert auth._secret("upload_password") == "from-secrets"
    assert auth._secret("other") is None
    assert auth._oidc_configured() is True
    monkeypatch.setattr(auth.st, "secrets", {"upload_password": "from-secrets"})
    assert auth._oidc_configured() is False


# The same limits called directly, a session and a client address at a time (#19: fast cases
# for mutation testing; the AppTest one above shows them on the page).
@pytest.fixture
def attempts(monkeypatch):
    """A clock, a password, no address seen yet; `visit(address)` makes a new browser session."""
    monkeypatch.setenv("PLANS_UPLOAD_PASSWORD", PASSWORD)
    clock = [1000.0]
    monkeypatch.setattr(auth, "_now", lambda: clock[0])
    auth._BY_ADDRESS.clear()

    def visit(address):
        monkeypatch.setattr(auth.st, "session_state", {})
        monkeypatch.setattr(auth.st, "context", type("Context", (), {"ip_address": address})())

    yield clock, visit
    auth._BY_ADDRESS.clear()


def test_each_refusal_says_how_many_tries_are_left_then_how_long_to_wait(attempts):
    clock, visit = attempts
    visit("192.0.2.10")
    assert auth._try_password("guess") == "パスワードが違います（あと 2 回失敗すると、しばらくサインインできなくなります）。"
    assert auth._try_password("guess") == "パスワードが違います（あと 1 回失敗すると、しばらくサインインできなくなります）。"
    assert auth._try_password("guess") == ("パスワードが違います。失敗が続いたため、30 秒間サインインを受け付けません"
                                           "（失敗が続くほど待ち時間は長くなります）。")
    clock[0] += 10.5
    assert auth._try_password(PASSWORD) == ("サインインの試行が続けて失敗したため、受け付けを止めています。あと 20 秒待ってから"
                                            "もう一度お試しください（失敗が続くほど待ち時間は長くなります）。")
    clock[0] += 19.0                                      # half a second of the 30 left
    assert "あと 1 秒待ってから" in auth._try_password(PASSWORD)
    clock[0] += 0.5
    assert auth._try_password(PASSWORD) is None
    # a success starts the count again, for the session and the address alike
    assert auth._try_password("guess").startswith("パスワードが違います（あと 2 回")
    assert auth._BY_ADDRESS["192.0.2.10"].failures == 1


def test_a_new_session_from_the_same_address_is_still_locked_another_address_is_not(attempts, caplog):
    clock, visit = attempts
    caplog.set_level(logging.WARNING, logger="dashboard.auth")
    visit("192.0.2.10")
    for _ in range(3):
        auth._try_password("guess")
    visit("192.0.2.10")                                   # another tab: a new session
    assert auth._try_password(PASSWORD).startswith("サインインの試行が続けて失敗したため")
    assert ("sign-in refused while locked: address=192.0.2.10 session_failures=0 address_failures=3"
            in caplog.messages)
    visit("198.51.100.7")
    assert auth._try_password(PASSWORD) is None
    assert "guess" not in caplog.text and PASSWORD not in caplog.text


@pytest.mark.parametrize("address", [None, ""])
def test_a_session_without_an_address_counts_as_the_unknown_address(attempts, address):
    _, visit = attempts
    visit(address)
    auth._try_password("guess")
    assert list(auth._BY_ADDRESS) == ["不明"] and auth._BY_ADDRESS["不明"].failures == 1


def test_past_the_kept_number_only_addresses_still_locked_are_remembered(attempts, monkeypatch):
    clock, visit = attempts
    monkeypatch.setattr(auth, "_ADDRESSES_KEPT", 2)
    visit("192.0.2.1")
    for _ in range(3):
        auth._try_password("guess")                       # locked for 30 s
    for address in ("192.0.2.2", "192.0.2.3"):
        visit(address)
        auth._try_password("guess")                       # one failure each: not locked
    assert len(auth._BY_ADDRESS) == 3
    visit("192.0.2.4")
    auth._try_password("guess")
    assert sorted(auth._BY_ADDRESS) == ["192.0.2.1", "192.0.2.4"]
    assert auth._BY_ADDRESS["192.0.2.1"].failures == 3
