"""Briefing decks, kept in their own file beside the plan database (plans.duckdb → plans.decks.json).

Decks are not plan data: a slide moved or a deck frozen must not stamp a new data version, nor
throw away the cached plan queries of every session (which the plan database's copy-and-swap
writer does for any change). So decks live in one small JSON file, written whole to a temporary
file and renamed over the old one (atomic), writers taking turns through a lock file. A database
without a deck file starts with the sample deck of data/decks.csv.

Each change is one function below (add_slide, update_slide, move_slide, remove_slide,
remove_deck, freeze, unfreeze), all through `_change`.
"""
from __future__ import annotations

import contextlib
import copy
import datetime as dt
import fcntl
import json
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

from loaders import store
from loaders.readers import read_csv_text

SEED = store.DATA_DIR / "decks.csv"
FORMAT = 1

_lock = threading.Lock()
_read: dict[str, tuple[tuple | None, dict]] = {}      # path -> (file identity, document)


class UnknownDeck(KeyError):
    """No deck of that name; the message lists the decks there are."""

    def __str__(self) -> str:
        return self.args[0]


def path() -> Path:
    """The deck file beside the configured plan database."""
    db = store.db_path().resolve()
    return db.with_name(f"{db.stem}.decks.json")


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _seed_document() -> dict:
    """The sample deck of data/decks.csv, as a document."""
    decks: dict[str, dict] = {}
    if SEED.exists():
        frame, _ = read_csv_text(SEED.read_bytes())
        frame["position"] = frame["position"].astype(int)
        for row in frame.sort_values(["deck", "position"]).itertuples():
            deck = decks.setdefault(row.deck, {"name": row.deck, "created_at": _now(), "updated_at": _now(),
                                               "frozen": None, "slides": []})
            deck["slides"].append({"title": row.title, "view": row.view, "params": json.loads(row.params),
                                   "notes": row.notes if isinstance(row.notes, str) else ""})
    return {"format": FORMAT, "decks": list(decks.values())}


def _load(file: Path) -> dict:
    identity = store.file_identity(file)
    with _lock:
        cached = _read.get(str(file))
        if cached and cached[0] == identity:
            return cached[1]
    document = json.loads(file.read_text(encoding="utf-8")) if identity else _seed_document()
    with _lock:
        _read[str(file)] = (identity, document)
    return document


def document() -> dict:
    """Every deck as stored now (a copy: change decks only through the functions below)."""
    return copy.deepcopy(_load(path()))


@contextlib.contextmanager
def _writer(file: Path) -> Iterator[None]:
    file.parent.mkdir(parents=True, exist_ok=True)
    with open(file.with_name(file.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _change(edit: Callable[[dict], object]):
    """Apply `edit` to the stored decks and write them atomically; returns what `edit` returns."""
    file = path()
    with _writer(file):
        current = copy.deepcopy(_load(file))
        result = edit(current)
        staging = file.with_name(f".{file.name}.{uuid.uuid4().hex}.staging")
        try:
            with open(staging, "w", encoding="utf-8") as out:
                json.dump(current, out, ensure_ascii=False, indent=1)
                out.flush()
                os.fsync(out.fileno())
            os.replace(staging, file)
        finally:
            staging.unlink(missing_ok=True)
    return result


def _find(doc: dict, deck: str) -> dict:
    for item in doc["decks"]:
        if item["name"] == deck:
            return item
    there = "、".join(d["name"] for d in doc["decks"]) or "なし"
    raise UnknownDeck(f"デッキ「{deck}」はありません（あるデッキ: {there}）。")


def _touch(doc: dict, deck: str) -> dict:
    try:
        item = _find(doc, deck)
    except UnknownDeck:
        item = {"name": deck, "created_at": _now(), "updated_at": _now(), "frozen": None, "slides": []}
        doc["decks"].append(item)
    item["updated_at"] = _now()
    return item


# Reading --------------------------------------------------------------------------------------

def names() -> list[str]:
    """Every deck, newest change first."""
    decks = sorted(_load(path())["decks"], key=lambda d: d["name"])
    return [d["name"] for d in sorted(decks, key=lambda d: d["updated_at"], reverse=True)]


def slides(deck: str) -> pd.DataFrame:
    """A deck's slides in order: position, title, view, params (a dict), notes."""
    try:
        items = _find(_load(path()), deck)["slides"]
    except UnknownDeck:
        items = []
    return pd.DataFrame([{"position": number, "title": s["title"], "view": s["view"],
                          "params": copy.deepcopy(s["params"]), "notes": s.get("notes") or ""}
                         for number, s in enumerate(items, start=1)],
                        columns=["position", "title", "view", "params", "notes"])


def frozen(deck: str) -> dict | None:
    """How a frozen deck was frozen — {batch, data_version, written_at, frozen_at} — else None."""
    try:
        found = _find(_load(path()), deck).get("frozen")
    except UnknownDeck:
        return None
    return dict(found) if found else None


def fingerprint(deck: str) -> str:
    """The deck as stored, as text: a cache key that changes with any edit of the deck."""
    try:
        return json.dumps(_find(_load(path()), deck), ensure_ascii=False, sort_keys=True)
    except UnknownDeck:
        return ""


def require(deck: str) -> None:
    """UnknownDeck (a Japanese message) when there is no such deck."""
    _find(_load(path()), deck)


# Writing: one function per change --------------------------------------------------------------

def add_slide(deck: str, title: str, view: str, params: dict, notes: str = "") -> int:
    """Append a slide (creating the deck if new); returns its position."""
    def edit(doc):
        item = _touch(doc, deck)
        item["slides"].append({"title": title, "view": view, "params": params, "notes": notes})
        return len(item["slides"])
    return _change(edit)


def update_slide(deck: str, position: int, title: str, notes: str) -> None:
    def edit(doc):
        item = _touch(doc, deck)
        if 1 <= position <= len(item["slides"]):
            item["slides"][position - 1].update(title=title, notes=notes)
    _change(edit)


def move_slide(deck: str, position: int, step: int) -> None:
    """Swap a slide with its neighbour (step -1: earlier, +1: later)."""
    def edit(doc):
        item = _find(doc, deck)
        items, here, there = item["slides"], position - 1, position - 1 + step
        if 0 <= here < len(items) and 0 <= there < len(items):
            items[here], items[there] = items[there], items[here]
            item["updated_at"] = _now()
    _change(edit)


def remove_slide(deck: str, position: int) -> None:
    """Delete a slide and close the gap."""
    def edit(doc):
        item = _find(doc, deck)
        if 1 <= position <= len(item["slides"]):
            del item["slides"][position - 1]
            item["updated_at"] = _now()
    _change(edit)


def insert_slide(deck: str, position: int, title: str, view: str, params: dict, notes: str = "") -> None:
    """Put a slide back at its position (undoing a delete), moving the later ones one down."""
    def edit(doc):
        item = _touch(doc, deck)
        at = min(max(position, 1), len(item["slides"]) + 1)
        item["slides"].insert(at - 1, {"title": title, "view": view, "params": params, "notes": notes})
    _change(edit)


def remove_deck(deck: str) -> None:
    def edit(doc):
        doc["decks"] = [d for d in doc["decks"] if d["name"] != deck]
    _change(edit)


def freeze(deck: str, batch: int, data_version: str, written_at: str) -> dict:
    """「この版で固定」: the deck draws from the data as of `batch` from now on; returns the stamp."""
    stamp = {"batch": int(batch), "data_version": data_version, "written_at": written_at, "frozen_at": _now()}

    def edit(doc):
        item = _find(doc, deck)
        item["frozen"] = stamp
        item["updated_at"] = _now()
    _change(edit)
    return stamp


def unfreeze(deck: str) -> None:
    """The deck draws from the current data again."""
    def edit(doc):
        item = _find(doc, deck)
        item["frozen"] = None
        item["updated_at"] = _now()
    _change(edit)
