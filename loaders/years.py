"""Fiscal years (年度) and periods as documents write them, kept as the Western year the 年度 starts."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from loaders.numbers import fold_width, is_blank, looks_like_date

FIRST_YEAR = 1868  # 明治元年
LAST_YEAR = 2100


@dataclass(frozen=True)
class Era:
    """A Japanese era: its name, its letter, the Western year of its 元年 and its last year read."""

    name: str
    letter: str
    first_year: int
    last: int


ERAS = (
    Era("明治", "M", 1868, 45),
    Era("大正", "T", 1912, 15),
    Era("昭和", "S", 1926, 64),
    # Plans made before the 2019 change of era run on in 平成 (平成32年度 = 2020); read them up to
    # 平成40, where a ten-year plan begun in 平成30 ends, rather than stopping at 平成31.
    Era("平成", "H", 1989, 40),
    Era("令和", "R", 2019, LAST_YEAR - 2019 + 1),
)
_ERA_BY_SPELLING = {e.name: e for e in ERAS} | {e.letter: e for e in ERAS}

_ERA_YEAR = re.compile(r"(?P<era>明治|大正|昭和|平成|令和|[MTSHR])\.?(?P<n>\d+|元)(?P<suffix>年度?)?", re.IGNORECASE)
_WESTERN_YEAR = re.compile(r"(?:FY)?(?P<year>\d+)(?:\.0+)?(?P<suffix>年度?)?", re.IGNORECASE)
# The second year of 平成25年度～27年度 carries the first one's era
_ERA_OMITTED = re.compile(r"(?:\d{1,2}|元)(?:年度)?")
_PERIOD_SEPARATOR = re.compile(r"から|[~〜\-−–—―]")
_EXAMPLES = "（例: H27、令和4年度、2015年度）"


def parse_fiscal_year(text: str | int | float | Decimal) -> int:
    """The Western year in which the fiscal year written in a cell starts: H27 -> 2015."""
    return _read_year(text)[0]


def parse_period(text: str) -> tuple[int, int]:
    """First and last fiscal years of a period such as R4～R9; a single year is a one-year period."""
    if is_blank(text):
        raise ValueError("期間が空欄です。期間を入力してください（例: R4～R9、平成25年度から平成27年度）。")
    seen = str(text).strip()
    compact = _compact(seen).removesuffix("まで")
    if looks_like_date(compact):
        raise ValueError(f"「{seen}」は日付です。日付ではなく年度で期間を入力してください（例: R4～R9）。")
    parts = _PERIOD_SEPARATOR.split(compact)
    if len(parts) == 1:
        year = parse_fiscal_year(seen)
        return year, year
    if len(parts) > 2:
        raise ValueError(f"「{seen}」を期間として読めません。始まりと終わりの年度を「～」1つでつないでください（例: R4～R9）。")
    try:
        first, era = _read_year(parts[0])
        last_text = era.name + parts[1] if era and _ERA_OMITTED.fullmatch(parts[1]) else parts[1]
        last, _ = _read_year(last_text)
    except ValueError as err:
        raise ValueError(f"期間「{seen}」を読めません。{err}") from None
    if first > last:
        raise ValueError(f"「{seen}」は始まりの年度が終わりの年度より後です。順序を確認してください（例: R4～R9）。")
    return first, last


def era_label(fy: int) -> str:
    """The short label users read on screen: 2022 -> R4 (2022)."""
    era = _era_of(fy)
    return f"{era.letter}{fy - era.first_year + 1} ({fy})"


def japanese_label(fy: int) -> str:
    """The label as documents print it: 2022 -> 令和4年度, 2019 -> 令和元年度."""
    era = _era_of(fy)
    n = fy - era.first_year + 1
    return f"{era.name}{'元' if n == 1 else n}年度"


def _read_year(text: str | int | float | Decimal) -> tuple[int, Era | None]:
    """The fiscal year and the era it was written in (None for a Western year)."""
    if is_blank(text):
        raise ValueError(f"年度が空欄です。年度を入力してください{_EXAMPLES}。")
    seen = str(text).strip()
    compact = _compact(seen)
    if looks_like_date(compact):
        raise ValueError(f"「{seen}」は日付です。日付ではなく年度を入力してください{_EXAMPLES}。")
    if match := _ERA_YEAR.fullmatch(compact):
        _check_suffix(match["suffix"], seen)
        era = _ERA_BY_SPELLING[match["era"].upper()]
        n = 1 if match["n"] == "元" else int(match["n"])
        if not 1 <= n <= era.last:
            raise ValueError(
                f"「{seen}」は{era.name}の年として読めません。{era.name}は1年（元年）から{era.last}年までです。"
            )
        return era.first_year + n - 1, era
    if match := _WESTERN_YEAR.fullmatch(compact):
        _check_suffix(match["suffix"], seen)
        year = int(match["year"])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(
                f"「{seen}」は{FIRST_YEAR}～{LAST_YEAR}年度の範囲の外です。"
                f"西暦4桁か元号付きで入力してください{_EXAMPLES}。"
            )
        return year, None
    raise ValueError(f"「{seen}」を年度として読めません。元号か西暦の年度を入力してください{_EXAMPLES}。")


def _check_suffix(suffix: str | None, seen: str) -> None:
    # 平成27年 is a calendar year; its January to March belong to 平成26年度, so do not guess
    if suffix == "年":
        raise ValueError(f"「{seen}」は暦年の書き方です。年度なら「年度」まで入力してください（例: 平成27年度）。")


def _era_of(fy: int) -> Era:
    if not FIRST_YEAR <= fy <= LAST_YEAR:
        raise ValueError(f"{fy}年度は{FIRST_YEAR}～{LAST_YEAR}年度の範囲の外です。")
    # The latest era begun by that year names it: FY2019 is 令和元年度, though April 2019 was 平成31
    return next(era for era in reversed(ERAS) if era.first_year <= fy)


def _compact(text: str) -> str:
    # Text taken from PDFs splits 平成 29 年度 and R 4 with spaces
    return re.sub(r"\s+", "", fold_width(text))
