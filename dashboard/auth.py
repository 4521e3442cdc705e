"""Who may write: upload, restore, and create, edit, reorder or delete a deck's slides.

On localhost (the default in .streamlit/config.toml) writing is open to the local user. Served
beyond localhost, it needs an analyst sign-in: a password from Streamlit secrets
(`upload_password`) or the PLANS_UPLOAD_PASSWORD environment variable, compared in constant time
and never logged; or `st.login` where an OpenID Connect provider is configured in secrets
(`[auth]`). With neither, writing is refused with how to configure one. Every write site calls
`require_writer` (one gate); password attempts are limited per session and per client address.
"""
from __future__ import annotations

import hmac
import logging
import math
import os
import threading
import time
from dataclasses import dataclass

import streamlit as st

log = logging.getLogger(__name__)

_LOCAL = {"127.0.0.1", "localhost", "::1"}


def _secret(name: str) -> str | None:
    try:
        return st.secrets.get(name)
    except (FileNotFoundError, KeyError, AttributeError, st.errors.StreamlitSecretNotFoundError):
        return None


def _password() -> str | None:
    return os.environ.get("PLANS_UPLOAD_PASSWORD") or _secret("upload_password")


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return False


def served_locally() -> bool:
    """True when the server listens on this machine only (and sign-in is not forced)."""
    if os.environ.get("PLANS_REQUIRE_SIGNIN") == "1":
        return False
    return (st.get_option("server.address") or "") in _LOCAL


def check_password(given: str) -> bool:
    expected = _password()
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


# Attempts: the first FREE_ATTEMPTS wrong passwords cost nothing; each one after locks sign-in for
# a wait that doubles, up to MAX_WAIT. Counted per browser session and per client address, so
# opening more tabs (each a new session) does not reset the count (#13: five tabs, 9 tries a second).
FREE_ATTEMPTS = 3
FIRST_WAIT = 30.0
MAX_WAIT = 15 * 60.0


@dataclass
class Attempts:
    failures: int = 0
    locked_until: float = 0.0

    def wait(self, now: float) -> float:
        return max(0.0, self.locked_until - now)

    def failed(self, now: float) -> None:
        self.failures += 1
        if self.failures >= FREE_ATTEMPTS:
            self.locked_until = now + min(FIRST_WAIT * 2 ** (self.failures - FREE_ATTEMPTS), MAX_WAIT)


_BY_ADDRESS: dict[str, Attempts] = {}
_LOCK = threading.Lock()
_ADDRESSES_KEPT = 10_000   # past this, addresses no longer locked are forgotten (memory stays bounded)


def _now() -> float:
    return time.monotonic()


def _address() -> str:
    """The client's address as the server sees it (behind a proxy: the proxy's, so all share one)."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "不明"   # AppTest has none


def _session_attempts() -> Attempts:
    return st.session_state.setdefault("sign_in_attempts", Attempts())


def _try_password(given: str) -> str | None:
    """None when signed in; else the Japanese reason. Failures are logged without the text tried."""
    now, address, session = _now(), _address(), _session_attempts()
    with _LOCK:
        if len(_BY_ADDRESS) > _ADDRESSES_KEPT:
            for stale in [a for a, n in _BY_ADDRESS.items() if n.wait(now) == 0]:
                del _BY_ADDRESS[stale]
        by_address = _BY_ADDRESS.setdefault(address, Attempts())
        wait = max(session.wait(now), by_address.wait(now))
        if wait > 0:
            log.warning("sign-in refused while locked: address=%s session_failures=%d address_failures=%d",
                        address, session.failures, by_address.failures)
            return (f"サインインの試行が続けて失敗したため、受け付けを止めています。あと {math.ceil(wait)} 秒待ってから"
                    "もう一度お試しください（失敗が続くほど待ち時間は長くなります）。")
        if check_password(given):
            session.failures = by_address.failures = 0
            session.locked_until = by_address.locked_until = 0.0
            return None
        session.failed(now)
        by_address.failed(now)
        log.warning("sign-in failed: address=%s session_failures=%d address_failures=%d",
                    address, session.failures, by_address.failures)
        left = FREE_ATTEMPTS - max(session.failures, by_address.failures)
        if left > 0:
            return f"パスワードが違います（あと {left} 回失敗すると、しばらくサインインできなくなります）。"
        wait = max(session.wait(now), by_address.wait(now))
        return (f"パスワードが違います。失敗が続いたため、{math.ceil(wait)} 秒間サインインを受け付けません"
                "（失敗が続くほど待ち時間は長くなります）。")


def writer() -> str | None:
    """Who may write now (the local user, the signed-in analyst), or None; draws nothing."""
    if served_locally():
        return os.environ.get("USER") or "ローカル利用者"
    if st.session_state.get("analyst_signed_in"):
        return st.session_state.get("analyst_name") or "分析担当"
    if _oidc_configured() and st.user.is_logged_in:
        return st.user.get("email") or st.user.get("name") or "分析担当"
    return None


def require_writer(action: str = "取込と復元", key: str = "sign_in") -> str | None:
    """The gate of every write: who may write, or None after drawing how to sign in (or why not).

    It does not stop the page, so a deck stays readable and presentable to anyone; the caller draws
    its write controls only for a writer."""
    if (who := writer()) is not None:
        return who
    if _password():
        with st.form(key):
            st.write(f"{action}には分析担当のサインインが必要です。")
            name = st.text_input("氏名（履歴に記録されます）")
            given = st.text_input("パスワード", type="password")
            if st.form_submit_button("サインイン"):
                refused = _try_password(given)
                if refused is None:
                    st.session_state["analyst_signed_in"] = True
                    st.session_state["analyst_name"] = name.strip() or "分析担当"
                    st.rerun()
                st.error(refused)
        return None
    if _oidc_configured():
        st.button("サインイン（組織のアカウント）", on_click=st.login, key=f"{key}_oidc")
        return None
    st.error(f"このサーバーは localhost 以外から利用できるため、{action}にはサインインの設定が必要です。"
             "環境変数 PLANS_UPLOAD_PASSWORD か .streamlit/secrets.toml の upload_password にパスワードを設定するか、"
             "secrets.toml の [auth] に OpenID Connect の設定をしてください（README「取込の権限」参照）。")
    return None


def as_writer(write, *args, **kwargs):
    """Run one write for a writer only, else refuse: also where a widget callback or a crafted
    request reaches a write whose controls were never drawn."""
    if writer() is None:
        log.warning("write refused without sign-in: %s", getattr(write, "__name__", "write"))
        st.error("この変更には分析担当のサインインが必要です。")
        return None
    return write(*args, **kwargs)


def require_analyst() -> str | None:
    """Stop the page unless the visitor may write; returns who (when known)."""
    who = require_writer()
    if who is None:
        st.stop()
    return who
