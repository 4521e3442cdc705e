"""A deck drawn now and written as PowerPoint or PDF: used by the briefing page and the CLI."""
from __future__ import annotations

import datetime as dt

from dashboard import db, deck_export, decks, slides


class DeckError(ValueError):
    """The deck does not exist, or one of its slides cannot be drawn; the message says which."""


def images(deck: str) -> list[deck_export.SlideImage]:
    """Every slide of a deck drawn from today's data, with its headline figures and stamp."""
    if deck not in decks.names():
        raise DeckError(f"デッキ「{deck}」はありません（あるデッキ: {'、'.join(decks.names()) or 'なし'}）。")
    version, _ = db.data_version()
    stamp = deck_export.stamp(version, dt.datetime.now())
    out = []
    for row in decks.slides(deck).itertuples():
        try:
            slide = slides.draw(row.view, row.params)
        except slides.SlideError as exc:
            raise DeckError(f"{row.position}枚目「{row.title}」を描けません: {exc}") from exc
        if slide.chart is None:
            raise DeckError(f"{row.position}枚目「{row.title}」を描けません: {slide.empty}")
        try:
            png = deck_export.slide_png(slide.chart)
        except ValueError as exc:  # a missing font or glyph, or a character the renderer cannot hold
            raise DeckError(f"{row.position}枚目「{row.title}」を書き出せません: {exc}") from exc
        out.append(deck_export.SlideImage(
            title=row.title, png=png,
            headlines=[f"{label}: {value}" for label, value in slide.headlines],
            source=slide.source, notes=row.notes or "", stamp=stamp))
    return out
