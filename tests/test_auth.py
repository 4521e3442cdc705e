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
