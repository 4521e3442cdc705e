"""A deck drawn and written as PowerPoint or PDF, and what changed since it was frozen: used by the
briefing page and the CLI.

A live deck draws every slide from the current data. A frozen deck (「この版で固定」) draws them
from the data as of the batch it was frozen at (db.as_of), whatever is loaded later; its
「固定後の変更」 compares each slide's figures drawn then and now, and names the batches (and files)
after which a figure took another value.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard import db, deck_export, decks, slides


class DeckError(ValueError):
    """The deck does not exist, or one of its slides cannot be drawn; the message says which."""


@dataclass(frozen=True)
class Change:
    """One figure of a frozen deck that differs in the current data."""
    position: int
    title: str
    what: str
    old: str
    new: str
    batches: str        # バッチ 3（効果額_綾瀬市.csv）…: the loads after which it took another value

    def line(self) -> str:
        return f"{self.position}枚目「{self.title}」: {self.what} {self.old} → {self.new}（{self.batches}）"


NO_CHANGE = "変更なし"
CHANGES_TITLE = "固定後の変更"
MISSING = "なし"
# The 「固定後の変更」 page of an export lists this many figures; the CLI lists all.
CHANGES_SHOWN = 14


def _require(deck: str) -> None:
    try:
        decks.require(deck)
    except decks.UnknownDeck as exc:
        raise DeckError(str(exc)) from exc


def batch_of(deck: str) -> int | None:
    """The batch a frozen deck draws from; None for a live deck."""
    frozen = decks.frozen(deck)
    return frozen["batch"] if frozen else None


def draw(view: str, params: dict, batch: int | None) -> slides.Slide:
    """A slide drawn from the data as of `batch` (None: the current data)."""
    with db.as_of(batch):
        return slides.draw(view, params)


def stamp_text(deck: str) -> str:
    """Which data a deck's slides show: the data version (frozen: 「… 時点で固定」)."""
    frozen = decks.frozen(deck)
    if frozen:
        return f"データ版 {frozen['data_version']}（{frozen['written_at']} 更新）時点で固定"
    version, written_at = db.data_version()
    return f"データ版 {version}（{written_at} 更新）"


def freeze(deck: str) -> dict:
    """「この版で固定」 at the data on screen now."""
    _require(deck)
    with db.as_of(None):
        version, written_at = db.data_version()
        batch = db.current_batch()
    return decks.freeze(deck, batch, version, written_at)


def unfreeze(deck: str) -> None:
    _require(deck)
    decks.unfreeze(deck)


def images(deck: str) -> list[deck_export.SlideImage]:
    """Every slide of a deck drawn with its headline figures and stamp; a frozen deck's drawn from
    its batch, followed by a 「固定後の変更」 page."""
    _require(deck)
    batch = batch_of(deck)
    stamp = f"{stamp_text(deck)}　作成 {dt.datetime.now():%Y-%m-%d %H:%M}"
    out = []
    for row in decks.slides(deck).itertuples():
        try:
            slide = draw(row.view, row.params, batch)
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
    if batch is not None:
        out.append(deck_export.SlideImage(title=CHANGES_TITLE, png=b"", body=changes_page(deck), stamp=stamp))
    return out


def _figures(view: str, params: dict, batch: int | None) -> dict[str, str] | str:
    """A slide's figures {what: value}, or why it cannot be drawn."""
    try:
        slide = draw(view, params, batch)
    except slides.SlideError as exc:
        return str(exc)
    if slide.chart is None:
        return slide.empty or ""
    return dict(slide.figures)


def _later_batches(batch: int) -> list[tuple[int, str]]:
    with db.as_of(None):
        frame = db.query("select batch_id, kind, file_name from batches where batch_id > $b order by batch_id", b=batch)
    named = {"restore": "取り消し", "seed": "data/ から再作成", "mapping": "都市比較での対応の変更"}
    return [(int(r.batch_id), f"バッチ {r.batch_id}（{r.file_name if isinstance(r.file_name, str) else named.get(r.kind, r.kind)}）")
            for r in frame.itertuples()]


def changes(deck: str) -> dict[int, list[Change]]:
    """For each slide of a frozen deck, the figures that differ in the current data (empty: 変更なし)."""
    _require(deck)
    batch = batch_of(deck)
    if batch is None:
        raise DeckError(f"デッキ「{deck}」は固定されていません。`python -m dashboard freeze --deck {deck}` で固定できます。")
    later = _later_batches(batch)
    out: dict[int, list[Change]] = {}
    for row in decks.slides(deck).itertuples():
        then = _figures(row.view, row.params, batch)
        now = _figures(row.view, row.params, None)
        found: list[Change] = []
        if then != now:
            steps = [_figures(row.view, row.params, b) for b, _ in later]
            if not isinstance(then, dict) or not isinstance(now, dict):
                what = "スライド"
                old = "描ける" if isinstance(then, dict) else then
                new = "描ける" if isinstance(now, dict) else now
                at = [name for (_, name), value, before in zip(later, steps, [then, *steps]) if value != before]
                found.append(Change(row.position, row.title, what, old, new, "、".join(at) or "—"))
            else:
                for what in [*then, *(k for k in now if k not in then)]:
                    old, new = then.get(what, MISSING), now.get(what, MISSING)
                    if old == new:
                        continue
                    values = [s.get(what, MISSING) if isinstance(s, dict) else MISSING for s in steps]
                    at = [name for (_, name), value, before in zip(later, values, [old, *values]) if value != before]
                    found.append(Change(row.position, row.title, what, old, new, "、".join(at) or "—"))
        out[row.position] = found
    return out


def change_lines(deck: str) -> list[str]:
    """One line per changed figure, or 「変更なし」: the CLI's `changes` and the deck page."""
    lines = [c.line() for found in changes(deck).values() for c in found]
    return lines or [NO_CHANGE]


def changes_page(deck: str) -> list[str]:
    """The 「固定後の変更」 page: per slide its changed figures (the first CHANGES_SHOWN), or 変更なし."""
    lines = []
    titles = dict(zip(decks.slides(deck)["position"], decks.slides(deck)["title"]))
    shown = 0
    for position, found in changes(deck).items():
        if not found:
            lines.append(f"{position}枚目「{titles[position]}」: {NO_CHANGE}")
            continue
        for change in found:
            if shown < CHANGES_SHOWN:
                lines.append(change.line())
            shown += 1
    if shown > CHANGES_SHOWN:
        lines.append(f"ほか {shown - CHANGES_SHOWN} 件（すべては python -m dashboard changes --deck で表示）")
    return lines
