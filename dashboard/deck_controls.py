"""「ブリーフィングに追加」: the sidebar control that saves the current view as a slide."""
from __future__ import annotations

import streamlit as st

from dashboard import auth, decks, format, frame, slides

_NEW = "（新しいデッキ）"


def offer(views: dict[str, dict]) -> None:
    """Offer the page's views, each with the filters it is showing now: {view name: params}."""
    if frame.presenting() or not views:
        return
    with st.sidebar.expander("ブリーフィングに追加", icon=":material/add_to_photos:"):
        if auth.require_writer("スライドの保存", key="sign_in_add_slide") is None:
            return
        with st.form("add_slide", clear_on_submit=True, border=False):
            names = decks.names()
            deck = st.selectbox("デッキ", [*names, _NEW])
            new_name = st.text_input("新しいデッキの名前（新しいデッキのとき）")
            choices = {name: slides.VIEWS[name][1] for name in views}
            # a few choices, each written whole: a selectbox in the sidebar cuts a chart's name
            view = st.radio("図", list(choices), format_func=choices.get)
            title = st.text_input("スライドのタイトル", placeholder="空欄なら図の内容から（例: 成果指標名の目標と実績）")
            notes = st.text_area("発表メモ（スピーカーノート）")
            if st.form_submit_button("スライドとして保存"):
                name = new_name.strip() if deck == _NEW else deck
                if not name:
                    st.error("新しいデッキの名前を入力してください。")
                    return
                position = auth.as_writer(decks.add_slide, name, title.strip() or slides.default_title(view, views[view]),
                                          view, views[view], notes)
                if position is not None:
                    st.success(f"「{format.inert(name)}」の {position} 枚目として保存しました。")
