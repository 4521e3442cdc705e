"""Briefing decks: saved through the one writer path, read through the cached reader."""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from dashboard.db import query
from loaders import store


def names() -> list[str]:
    """Every deck, newest change first."""
    return query("select name from decks order by updated_at desc, name")["name"].tolist()


def slides(deck: str) -> pd.DataFrame:
    """A deck's slides in order, with their filters parsed."""
    frame = query("select position, title, view, params, notes from slides where deck = $deck order by position",
                  deck=deck)
    frame["params"] = frame["params"].map(json.loads)
    return frame


def _touch(con, deck: str) -> None:
    now = dt.datetime.now()
    con.execute("insert into decks values (?, ?, ?) on conflict (name) do update set updated_at = excluded.updated_at",
                [deck, now, now])


def add_slide(deck: str, title: str, view: str, params: dict, notes: str = "") -> int:
    """Append a slide (creating the deck if new); returns its position."""
    with store.write(store.db_path(), derive=False) as con:
        _touch(con, deck)
        position = con.execute("select coalesce(max(position), 0) + 1 from slides where deck = ?", [deck]).fetchone()[0]
        con.execute("insert into slides values (?, ?, ?, ?, ?, ?)",
                    [deck, position, title, view, json.dumps(params, ensure_ascii=False), notes])
    return position


def update_slide(deck: str, position: int, title: str, notes: str) -> None:
    with store.write(store.db_path(), derive=False) as con:
        _touch(con, deck)
        con.execute("update slides set title = ?, notes = ? where deck = ? and position = ?",
                    [title, notes, deck, position])


def move_slide(deck: str, position: int, step: int) -> None:
    """Swap a slide with its neighbour (step -1: earlier, +1: later)."""
    with store.write(store.db_path(), derive=False) as con:
        other = position + step
        if not con.execute("select count(*) from slides where deck = ? and position = ?", [deck, other]).fetchone()[0]:
            return
        _touch(con, deck)
        con.execute("update slides set position = -1 where deck = ? and position = ?", [deck, position])
        con.execute("update slides set position = ? where deck = ? and position = ?", [position, deck, other])
        con.execute("update slides set position = ? where deck = ? and position = -1", [other, deck])


def remove_slide(deck: str, position: int) -> None:
    """Delete a slide and close the gap."""
    with store.write(store.db_path(), derive=False) as con:
        _touch(con, deck)
        con.execute("delete from slides where deck = ? and position = ?", [deck, position])
        con.execute("update slides set position = position - 1 where deck = ? and position > ?", [deck, position])


def insert_slide(deck: str, position: int, title: str, view: str, params: dict, notes: str = "") -> None:
    """Put a slide back at its position (undoing a delete), moving the later ones one down."""
    with store.write(store.db_path(), derive=False) as con:
        _touch(con, deck)
        last = con.execute("select coalesce(max(position), 0) from slides where deck = ?", [deck]).fetchone()[0]
        position = min(position, last + 1)
        # through negatives, so no two slides hold one position at any step
        con.execute("update slides set position = -(position + 1) where deck = ? and position >= ?", [deck, position])
        con.execute("update slides set position = -position where deck = ? and position < 0", [deck])
        con.execute("insert into slides values (?, ?, ?, ?, ?, ?)",
                    [deck, position, title, view, json.dumps(params, ensure_ascii=False), notes])


def remove_deck(deck: str) -> None:
    with store.write(store.db_path(), derive=False) as con:
        con.execute("delete from slides where deck = ?", [deck])
        con.execute("delete from decks where name = ?", [deck])
