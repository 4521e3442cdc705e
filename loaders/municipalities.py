"""The municipalities the database may hold, and their 全国地方公共団体コード."""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass

import pandas as pd

from loaders.errors import CellError, located

NO_CITY = "市名記載なし"  # how the UI shows a document that names no city


def check_digit(first_five: str) -> int:
    """全国地方公共団体コード check digit: (11 - (6a+5b+4c+3d+2e) mod 11) mod 10."""
    total = sum(weight * int(digit) for weight, digit in zip((6, 5, 4, 3, 2), first_five))
    return (11 - total % 11) % 10


def valid_code(code: str) -> bool:
    """Six ASCII digits whose last is the check digit (「１４１５００」 and 「14150²」 are not codes)."""
    return len(code) == 6 and code.isascii() and code.isdigit() and check_digit(code[:5]) == int(code[5])


def validate(frame: pd.DataFrame, *, file: str) -> list[CellError]:
    """Errors for codes that are malformed or fail their check digit, and duplicate names."""
    errors = []
    for i, row in frame.iterrows():
        # a blank cell reaches here as NaN, not None (pandas 3 reads text as its str dtype)
        code = "" if pd.isna(row["code"]) else str(row["code"])
        if not valid_code(code):
            errors.append(located("municipality-code", file=file, row=int(i) + 2, column="code", text=code))
        if pd.isna(row["name"]) or not row["name"]:
            errors.append(located("municipality-name-blank", file=file, row=int(i) + 2, column="name", text=""))
    for i in frame.index[frame["name"].duplicated()]:
        errors.append(located("municipality-duplicate", file=file, row=int(i) + 2, column="name",
                              text=frame.at[i, "name"]))
    return errors


def unknown_cities(rows: pd.DataFrame, known: set[str], *, file: str, sheet: str | None = None,
                   first_row: int = 2) -> list[CellError]:
    """Rows naming a city that is not in the municipality list (a blank city is allowed)."""
    if "city" not in rows.columns:
        return []
    return [
        located("unknown-city", file=file, sheet=sheet, row=first_row + i, column="city", text=city)
        for i, city in enumerate(rows["city"].tolist())
        if isinstance(city, str) and city and city not in known
    ]


@dataclass(frozen=True)
class Former:
    """A name a municipality had before a merger or another change (data/former_municipalities.csv)."""
    former: str        # as a file would write it: 津久井町
    prefecture: str
    current: str       # the municipality it is part of today, as data/municipalities.csv writes it
    changed_on: str    # the day it became part of it (ISO date)
    printed: str       # as the source writes it: 津久井郡津久井町

    def date_text(self) -> str:
        """2006-03-20 -> 2006年3月20日."""
        year, month, day = (int(x) for x in self.changed_on.split("-"))
        return f"{year}年{month}月{day}日"


@functools.cache
def _formers() -> dict[str, tuple[Former, ...]]:
    from loaders import store
    found: dict[str, list[Former]] = {}
    with open(store.DATA_DIR / "former_municipalities.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            former = Former(row["former"], row["prefecture"], row["current"], row["changed_on"], row["printed"])
            # 津久井町, 神奈川県津久井町, 津久井郡津久井町 and 神奈川県津久井郡津久井町 all name it
            for spelling in {former.former, former.printed}:
                for name in (spelling, former.prefecture + spelling):
                    found.setdefault(name, []).append(former)
    return {name: tuple(dict.fromkeys(formers)) for name, formers in found.items()}


def formers(name: str) -> tuple[Former, ...]:
    """The former municipalities a name may mean (several where two prefectures had the name)."""
    return _formers().get(name, ())
