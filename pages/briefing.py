"""ブリーフィング: decks of saved views for council briefings — edit, present, export."""
import streamlit as st

from dashboard import briefing_view, decks, format, frame

frame.setup("ブリーフィング", heading=not frame.presenting())
names = decks.names()
if not names:
    st.info("保存されたデッキがありません。各ページのサイドバー「ブリーフィングに追加」から、表示中の図をスライドとして保存できます。")
    st.stop()
deck = briefing_view.current_deck(names)
slides = decks.slides(deck)
if slides.empty:
    st.info(f"デッキ「{format.inert(deck)}」にはスライドがありません。各ページのサイドバーから追加してください。")
    st.stop()

if frame.presenting():
    briefing_view.present(deck, slides)
else:
    briefing_view.exports(deck, slides)
    briefing_view.editor(deck, slides)
