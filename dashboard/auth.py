"""Who may upload and restore.

On localhost (the default in .streamlit/config.toml) uploading is open to the local user. Served
beyond localhost, it needs an analyst sign-in: a password from Streamlit secrets
(`upload_password`) or the PLANS_UPLOAD_PASSWORD environment variable, compared in constant time
and never logged; or `st.login` where an OpenID Connect provider is configured in secrets
(`[auth]`). With neither, the page refuses and says how to configure one.
"""
from __future__ import annotations

import hmac
import os

import streamlit as st

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


def require_analyst() -> str | None:
    """Stop the page unless the visitor may write; returns who (when known)."""
    if served_locally():
        return os.environ.get("USER") or "ローカル利用者"
    if st.session_state.get("analyst_signed_in"):
        return st.session_state.get("analyst_name") or "分析担当"
    if _password():
        with st.form("sign_in"):
            st.write("取込と復元には分析担当のサインインが必要です。")
            name = st.text_input("氏名（履歴に記録されます）")
            given = st.text_input("パスワード", type="password")
            if st.form_submit_button("サインイン"):
                if check_password(given):
                    st.session_state["analyst_signed_in"] = True
                    st.session_state["analyst_name"] = name.strip() or "分析担当"
                    st.rerun()
                st.error("パスワードが違います。")
        st.stop()
    if _oidc_configured():
        if not st.user.is_logged_in:
            st.button("サインイン（組織のアカウント）", on_click=st.login)
            st.stop()
        return st.user.get("email") or st.user.get("name")
    st.error("このサーバーは localhost 以外から利用できるため、取込と復元にはサインインの設定が必要です。"
             "環境変数 PLANS_UPLOAD_PASSWORD か .streamlit/secrets.toml の upload_password にパスワードを設定するか、"
             "secrets.toml の [auth] に OpenID Connect の設定をしてください（README「取込の権限」参照）。")
    st.stop()
