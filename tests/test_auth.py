"""Sign-in for uploads: who may write, and how the password is compared."""
from __future__ import annotations

import hmac

import pytest

from dashboard import auth


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
