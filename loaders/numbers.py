"""Numbers as plan documents print them (１，０００, △63,660, 12.5%以下, 2万5千時間) and placeholders."""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

# Dashes that stand for "no value here" (conventions.md, Numbers); − and – are typed for them too
DASHES = frozenset({"-", "－", "―", "—", "‐", "ー", "–", "−"})
UNSET = "未設定"
PLACEHOLDERS = DASHES | {"", UNSET}

# How many 千円 one of each unit is; amounts are kept in 千円 (conventions.md, Numbers)
YEN_UNITS = {
    "円": Decimal("0.001"),
    "千円": Decimal(1),
    "万円": Decimal(10),
    "百万円": Decimal(1000),
    "千万円": Decimal(10000),
    "億円": Decimal(100000),
}

SIGNS = {"△": -1, "▲": -1, "−": -1, "-": -1, "+": 1}
BOUND_PREFIXES = {"<=": "le", "≦": "le", "≤": "le", ">=": "ge", "≧": "ge", "≥": "ge", "<": "lt", ">": "gt"}
BOUND_SUFFIXES = {"以下": "le", "以上": "ge", "未満": "lt", "を超える": "gt", "超え": "gt", "超": "gt"}
KANJI_MULTIPLIERS = {"百": 100, "千": 1000, "万": 10**4, "億": 10**8}

# Full NFKC would also read ① as 1 and ² as 2, silently changing a number; fold only these
_FOLDED_FORMS = ("<wide>", "<narrow>", "<square>")
_DATE = re.compile(r"\d+年\d+月|\d+月\d+日|\d+[./-]\d+[./-]\d+")
_SEGMENT = re.compile(r"(\d[\d,.]*)([千百]?[億万]|[千百])?")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
_UNIT = re.compile(r"%|[^\W\d_][\w/%・]*")
_PARENTHESISED = re.compile(r"\(\s*[△▲−+-]?\s*\d.*\)")
_YEN_UNIT = re.compile("|".join(sorted(YEN_UNITS, key=len, reverse=True)))
_EXAMPLES = "数値（例: 1,000、12.5%、△63,660）を入力してください。"


@dataclass(frozen=True)
class Quantity:
    """A number and the unit written on it (千円, 件, %), or None."""

    value: Decimal
    unit: str | None


@dataclass(frozen=True)
class CellValue:
    """A target or actual cell: a number, words, or a placeholder that is not a zero."""

    number: Decimal | None
    unit: str | None
    text: str | None
    bound: str | None
    placeholder: bool


class _MistypedNumber(ValueError):
    """A cell meant as a number but written wrongly (1,2345): an error to fix, not words to keep."""


class _Folds(dict):
    """Each character's folded form, worked out the first time it is seen (str.translate table)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = unicodedata.normalize("NFKC", ch) if unicodedata.decomposition(ch).startswith(_FOLDED_FORMS) else ch
        self[code] = folded
        return folded


_FOLDS = _Folds()


def fold_width(text: str) -> str:
    """Full-width and half-width forms folded (NFKC): Ｈ２７ -> H27, － -> -, outer spaces removed."""
    folded = text if text.isascii() else text.translate(_FOLDS)  # ASCII has no width forms
    return unicodedata.normalize("NFC", folded).strip()


def is_blank(value: object) -> bool:
    """True for None, NaN (an empty cell read by pandas) and whitespace-only text."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


def looks_like_date(text: str) -> bool:
    """True for a date such as 2015/4/1, R4.4.1 or 2015年4月1日."""
    return bool(_DATE.search(re.sub(r"\s+", "", fold_width(text))))


def is_placeholder(text: object) -> bool:
    """True for a cell saying "no value": blank, a lone dash, or any text containing 未設定."""
    if is_blank(text):
        return True
    if not isinstance(text, str):
        return False
    folded = fold_width(text)
    return folded in PLACEHOLDERS or UNSET in folded


def parse_number(text: str | int | float | Decimal) -> Quantity:
    """The number in a cell with its unit; a comparator such as 以下 is dropped (see parse_bound)."""
    return parse_bound(text)[0]


def parse_bound(text: str | int | float | Decimal) -> tuple[Quantity, str | None]:
    """The number in a cell and its comparator: 33.3%以下 -> (33.3 %, 'le'); 'ge', 'lt', 'gt' or None."""
    if is_blank(text):
        raise ValueError(f"数値が空欄です。{_EXAMPLES}")
    if isinstance(text, (int, float, Decimal)) and not isinstance(text, bool):
        return Quantity(_excel_number(text), None), None
    if type(text) is str and (plain := _plain_bound(text)) is not None:
        return plain
    seen = str(text).strip()
    folded = fold_width(seen)
    if is_placeholder(folded):
        raise ValueError(f"「{seen}」は値がないことを表す記号・語で、数値ではありません。{_EXAMPLES}")
    if looks_like_date(folded):
        raise ValueError(f"「{seen}」は日付です。日付ではなく数値を入力してください。")
    _non_finite(folded, seen)
    body, bound = _split_bound(folded)
    sign, body = _split_sign(body)
    quantity = _finite(_scientific(body, seen) or _quantity(body, seen), seen)
    # -value, not sign * value: △0 stays 0 rather than becoming Decimal('-0')
    return (Quantity(-quantity.value, quantity.unit) if sign < 0 else quantity), bound


def read_value(text: str | int | float | Decimal | None) -> CellValue:
    """A target or actual cell as a number, a placeholder or words; raises only for a mistyped number."""
    if type(text) is str and (plain := _plain_bound(text)) is not None:
        return CellValue(plain[0].value, plain[0].unit, None, plain[1], False)
    if is_placeholder(text):
        seen = "" if is_blank(text) else str(text).strip()
        kept = seen if seen and fold_width(seen) not in DASHES else None
        return CellValue(None, None, kept, None, True)
    try:
        quantity, bound = parse_bound(text)
    except _MistypedNumber:
        raise
    except ValueError:
        # 黒字, 方針の検討, 策定: targets and results that are words stay words
        return CellValue(None, None, str(text).strip(), None, False)
    return CellValue(quantity.value, quantity.unit, None, bound, False)


def unit_factor_to_thousand_yen(text: str) -> Decimal:
    """How many 千円 one unit named in a note is: （単位：百万円） -> 1000, 円 -> 0.001."""
    how = "円・千円・万円・百万円・億円 のいずれかを（単位：千円）のように書いてください。"
    if is_blank(text):
        raise ValueError(f"金額の単位が空欄です。{how}")
    seen = str(text).strip()
    found = {m.group() for m in _YEN_UNIT.finditer(fold_width(seen))}
    if not found:
        raise ValueError(f"「{seen}」から金額の単位を読めません。{how}")
    if len(found) > 1:
        raise ValueError(f"「{seen}」に金額の単位が複数あります（{'・'.join(sorted(found))}）。単位を1つにしてください。")
    return YEN_UNITS[found.pop()]


def to_thousand_yen(q: Quantity, default_unit: str = "千円") -> Decimal:
    """The quantity in 千円; a value with no unit on it is in default_unit (the table's note)."""
    unit = q.unit or default_unit
    if unit not in YEN_UNITS:
        raise ValueError(
            f"「{q.value}{unit}」は金額ではありません。円・千円・万円・百万円・億円 のいずれかの金額を入力してください。"
        )
    return q.value * YEN_UNITS[unit]


def _excel_number(value: int | float | Decimal) -> Decimal:
    # str() gives the shortest spelling of a float: 0.1 -> '0.1', not 0.1000000000000000055…
    number = Decimal(str(value))
    if not number.is_finite():
        raise ValueError(f"「{value}」を数値として読めません。{_EXAMPLES}")
    return _finite(Quantity(number, None), str(value)).value


# Scientific notation as Excel writes and reads it (1E6, 1.2E+06, 1e-3, １Ｅ６ once folded),
# optionally followed by a unit (1.2E6千円): the number Excel means, never 1 with the unit "E6".
_SCIENTIFIC = re.compile(r"([0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE]([+-]?[0-9]+)\s*(.*)")
# Not a number a double can hold: stored, it would read as inf or nan (or 0 for 1e-400)
_NON_FINITE = re.compile(r"[+-]?(?:inf|infinity|nan|∞)", re.IGNORECASE)
_EXPONENT_LIKE = re.compile(r"[0-9][0-9,.]*[eE][+-]?[0-9]+.*")
_EXPONENT_DIGITS = 5  # 1E99999 is not a figure; a longer exponent is not worth working out


def _scientific(body: str, seen: str) -> Quantity | None:
    """A number in scientific notation with the unit written after it, or None for any other body."""
    match = _SCIENTIFIC.fullmatch(body)
    if match is None:
        if _EXPONENT_LIKE.fullmatch(body):  # 1,000E3 or 1.2.3E4: an exponent, not a unit "E3"
            raise _MistypedNumber(f"「{seen}」を数値として読めません。指数表記は 1.2E+06 のように、"
                                  "カンマを付けずに書いてください。")
        return None
    mantissa, exponent, unit = match.groups()
    if len(exponent.lstrip("+-")) > _EXPONENT_DIGITS:
        raise _MistypedNumber(f"「{seen}」は数値として保存できません（桁数が大きすぎる数）。正しい数値を入力してください。")
    if unit and not _is_unit(unit):
        raise ValueError(f"「{seen}」を数値として読めません。{_EXAMPLES}")
    value = _finite(Quantity(Decimal(f"{mantissa}E{exponent}"), None), seen).value
    # 1.2E+06 -> 1200000, not Decimal('1.2E+6'); a fraction keeps its digits (1e-3 -> 0.001)
    whole = value == value.to_integral_value() and value.adjusted() < 28  # 28: Decimal's precision
    return Quantity(value.quantize(Decimal(1)) if whole else value.normalize(), unit or None)


def _finite(quantity: Quantity, seen: str) -> Quantity:
    """The quantity if a double holds it as a finite number of the same sign of zero-ness; an
    error for inf, nan, 1e400, a 400-digit number or 1e-400 (which a double would hold as 0)."""
    value = quantity.value
    as_float = float(value) if value.is_finite() else math.inf
    if not math.isfinite(as_float) or (as_float == 0 and value != 0):
        raise _MistypedNumber(
            f"「{seen}」は数値として保存できません（無限大・非数・桁数が大きすぎる数）。正しい数値を入力してください。")
    return quantity


def _non_finite(folded: str, seen: str) -> None:
    if _NON_FINITE.fullmatch(folded):
        raise _MistypedNumber(
            f"「{seen}」は数値として保存できません（無限大・非数・桁数が大きすぎる数）。正しい数値を入力してください。")


# The spelling most cells have: ASCII digits (grouped by 3 or not), a unit in letters, a bound
# after it (1,564, 12.5%, 25,609千円以下). Nothing in it folds, nor is it a date or a placeholder,
# so parse_bound's answer is read off directly; tests hold it to the full reading.
_PLAIN = re.compile(r"((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)"
                    r"(%|[A-Za-z\u30a1-\u30fa\u30fc\u4e00-\u9fff][A-Za-z\u30a1-\u30fa\u30fc\u4e00-\u9fff/%・]*)?")
# The same spelling for Arrow's regex engine (RE2), bound included: the unit taken as short as
# lets a comparator end the cell, which is the split _plain_bound makes by stripping it first.
_LETTER = "A-Za-z\u30a1-\u30fa\u30fc\u4e00-\u9fff"
_PLAIN_RE2 = (r"^(?P<digits>(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)"
              f"(?P<unit>%|[{_LETTER}][{_LETTER}/%・]*?)??"
              f"(?P<bound>{'|'.join(BOUND_SUFFIXES)})?$")


_PLAIN_DIGITS = 300  # a double holds up to about 1.8e308; a longer plain number is read in full


def _plain_bound(text: str) -> tuple[Quantity, str | None] | None:
    """parse_bound of a cell in the plain spelling (see _PLAIN); None for any other cell."""
    if not text[:1].isdigit() or UNSET in text:
        return None
    body, bound = text, None
    for suffix, name in BOUND_SUFFIXES.items():
        if text.endswith(suffix):
            body, bound = text[: -len(suffix)], name
            break
    match = _PLAIN.fullmatch(body)
    if match is None:
        return None
    digits, unit = match.groups()
    if unit and unit[0] in KANJI_MULTIPLIERS and unit not in YEN_UNITS:  # 2万5千, 3万人: read in full
        return None
    if len(digits) > _PLAIN_DIGITS:  # beyond what a double holds: read in full, refused there
        return None
    return Quantity(Decimal(digits.replace(",", "")), unit), bound


def plain_values(texts: list[str]) -> tuple[np.ndarray, list[float], list[str | None], list[str | None]]:
    """_plain_bound of many cells at once: which are plainly spelled, and their numbers (as
    floats), units and bounds; every other cell is left to read_value (issue #8)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(texts, type=pa.string())
    parts = pc.extract_regex(array, _PLAIN_RE2)
    plain = pc.and_(pc.is_valid(parts), pc.invert(pc.match_substring(array, UNSET)))
    found = parts.filter(plain)
    units = found.field("unit").to_pylist()
    # 2万5千 and 3万人 are read in full; 5千円 is a plain amount in 千円
    plain_np = plain.to_numpy(zero_copy_only=False)
    index = np.flatnonzero(plain_np)
    full = [i for i, (u, d) in enumerate(zip(units, found.field("digits").to_pylist()))
            if (u and u[0] in KANJI_MULTIPLIERS and u not in YEN_UNITS) or len(d) > _PLAIN_DIGITS]
    if full:
        keep = np.ones(len(index), dtype=bool)
        keep[full] = False
        index, found = index[keep], found.filter(pa.array(keep))
        units = [u for u, k in zip(units, keep.tolist()) if k]
    values = [float(d.replace(",", "")) for d in found.field("digits").to_pylist()]
    bounds = [BOUND_SUFFIXES[b] if b else None for b in found.field("bound").to_pylist()]
    return index, values, [u or None for u in units], bounds


def _split_bound(text: str) -> tuple[str, str | None]:
    for prefix, bound in BOUND_PREFIXES.items():
        if text.startswith(prefix):
            return text[len(prefix):].strip(), bound
    for suffix, bound in BOUND_SUFFIXES.items():
        if text.endswith(suffix):
            return text[: -len(suffix)].strip(), bound
    return text, None


def _split_sign(text: str) -> tuple[int, str]:
    if text[:1] in SIGNS:
        return SIGNS[text[0]], text[1:].lstrip()
    return 1, text


# Hiragana after a number is a sentence (250万件を超えた), not a unit; these few are units.
_HIRAGANA = re.compile("[\u3041-\u3096]")
_HIRAGANA_UNITS = ("か所", "か月", "か国", "か年")


def _is_unit(unit: str) -> bool:
    return bool(_UNIT.fullmatch(unit)) and (not _HIRAGANA.search(unit) or unit in _HIRAGANA_UNITS)


def _quantity(body: str, seen: str) -> Quantity:
    if _PARENTHESISED.fullmatch(body):
        # Accounting-style (63,660) is not how these documents write a negative (conventions.md)
        raise _MistypedNumber(
            f"「{seen}」を数値として読めません。括弧付きの数は負の数として扱いません。"
            "負の数は△を付けてください（例: △63,660）。"
        )
    segments, unit = _segments(body)
    if not segments or (unit and not _is_unit(unit)):
        raise ValueError(f"「{seen}」を数値として読めません。{_EXAMPLES}")
    if len(segments) == 1 and segments[0][1] + unit in YEN_UNITS:
        # 1,000千円 and 5百万円 are amounts in a unit, not 1,000,000 and 5,000,000 円
        digits, multiplier = segments[0]
        return Quantity(_decimal(digits, seen), multiplier + unit)
    multipliers = [_multiplier(m) for _, m in segments]
    if multipliers != sorted(set(multipliers), reverse=True):
        raise _MistypedNumber(f"「{seen}」を数値として読めません。億・万・千の順序を確認してください（例: 2万5千）。")
    value = sum((_decimal(d, seen) * m for (d, _), m in zip(segments, multipliers)), Decimal(0))
    return Quantity(value, unit or None)


def _segments(body: str) -> tuple[list[tuple[str, str]], str]:
    """2万5千時間 -> ([('2', '万'), ('5', '千')], '時間')."""
    segments = []
    position = 0
    while match := _SEGMENT.match(body, position):
        segments.append((match[1], match[2] or ""))
        position = match.end()
        if not match[2]:
            break
    return segments, body[position:].strip()


def _multiplier(kanji: str) -> int:
    return math.prod(KANJI_MULTIPLIERS[k] for k in kanji)


def _decimal(digits: str, seen: str) -> Decimal:
    whole, dot, fraction = digits.partition(".")
    if dot and not fraction.isdigit():
        raise _MistypedNumber(f"「{seen}」を数値として読めません。小数点の位置を確認してください（例: 12.5）。")
    if "," in whole and not _GROUPED.fullmatch(whole):
        raise _MistypedNumber(f"「{seen}」を数値として読めません。桁区切りのカンマの位置を確認してください（例: 12,345）。")
    return Decimal(whole.replace(",", "") + dot + fraction)


# --- Figures written around a number (issue #15) -------------------------------------------------
# The documents print numbers inside words: 約30万人, 約３割, 25人（各部に１人）, 30人(4.6%),
# 250万件を超えた, (平成23年度 2.8%), 2,000人以上増加. Each spelling found in them is a row of a case
# table here; tests/test_read_figure.py holds one line per spelling (CASES, YEARS_AND_SIGNS), and
# tests/test_document_figures.py walks every held cell for numbers still left as words. What is left
# after these rows is read by read_value as before.

# Words before or after a number saying it is approximate: kept as a flag, shown with its 約.
APPROXIMATE_PREFIXES = ("約", "およそ", "概ね", "ほぼ")
APPROXIMATE_SUFFIXES = ("程度", "ほど", "前後")
# 割 is a share of ten: ６割 is 60 %, the same whether or not 約 is written before it.
SHARE_UNITS = {"割": Decimal(10)}
# A result stated as beyond its figure: 250万件を超えた (004, 4-2) is more than 2,500,000 件.
RESULT_BOUND_SUFFIXES = {"を超えた": "gt", "を上回った": "gt", "を下回った": "lt",
                         # a limit on a duration: 活動期間は２年以内 (002, 7-2)
                         "以内": "le"}
_TRAILING_NOTE = re.compile(r"^(?P<main>.+?)\s*[（(](?P<inner>[^（）()]+)[）)]$")
# A note between a number and its bound: 8%(委託契約の数値)以下 (004, 4-4 平成25年度) is 8 % or less,
# the note 委託契約の数値.
_NOTE_BEFORE_BOUND = re.compile(r"^(?P<main>.+?)\s*[（(](?P<inner>[^（）()]+)[）)]\s*(?P<bound>"
                                + "|".join(sorted(BOUND_SUFFIXES, key=len, reverse=True)) + ")$")
# A change written after its figure: 前年度より2,000人以上増加した (004, 6-1 評価) is +2,000 人 or more.
CHANGE_SUFFIXES = {"増加": 1, "増": 1, "減少": -1, "減": -1}
# A fiscal year written before its figure, inside a parenthetical: (平成23年度 2.8%) (004, 2-3).
_YEAR_BEFORE = re.compile(r"^(?P<year>(?:明治|大正|昭和|平成|令和|[MTSHR])\s*(?:\d+|元)\s*(?:年度)?)\s+(?P<rest>\S.*)$")


@dataclass(frozen=True)
class Figure:
    """A cell read as a figure: what read_value reads, whether the number is approximate (約),
    the parenthetical after it as a note, and the note read as a second figure when it is one."""

    value: CellValue
    approximate: bool = False
    note: str | None = None
    second: Quantity | None = None
    # the fiscal year the text gives the figure (2.8%(H23) -> 2011): the figure's year, not its column's
    year: int | None = None
    # printed with its sign or as a change (+2,000人, △80人, 2,000人以上増加): a difference, not a level
    signed: bool = False


def read_figure(text: str | int | float | Decimal | None) -> Figure:
    """A target, actual or statistic cell as a figure; raises only for a mistyped number.

    約30万人 -> 300,000 人, approximate; ６割 and 約３割 -> 60 % and 30 %; 25人（各部に１人） -> 25 人
    with the note 各部に１人; 30人(4.6%) -> 30 人, second figure 4.6 %; 半数以上 stays words.
    """
    if not isinstance(text, str) or is_placeholder(text):
        return Figure(read_value(text))
    seen = text.strip()
    folded = fold_width(seen)
    main, note, year = folded, None, None
    if (before := _YEAR_BEFORE.match(folded)) and (year := _fiscal_year(before["year"])) is not None \
            and _numeric(before["rest"]):
        main = before["rest"]           # 平成23年度 2.8%: the year is the figure's
    elif (parts := _NOTE_BEFORE_BOUND.match(seen)) and _numeric(fold_width(parts["main"])):
        main, note = fold_width(parts["main"]) + parts["bound"], parts["inner"].strip()
    elif (parts := _TRAILING_NOTE.match(seen)) and _numeric(fold_width(parts["main"])):
        # the note as printed (各部に１人), the number read from its folded form
        main, note = fold_width(parts["main"]), parts["inner"].strip()
        year = _fiscal_year(note)       # 2.8%(H23): a note that is a fiscal year is the figure's year
    year = None if main == folded else year
    body, approximate = _strip_approximate(main)
    body, result_bound = _strip_result_bound(body)
    body, change = _strip_change(body)
    if (body, approximate, result_bound, note, change) == (folded, False, None, None, 0):
        cell = _share(read_value(text))
        return Figure(cell, signed=cell.number is not None and folded[:1] in SIGNS)
    cell = read_value(body)
    if cell.number is None:
        # words after all (概ね達成, 約束): keep the cell as printed, nothing read out of it
        return Figure(read_value(text))
    signed = bool(change) or body[:1] in SIGNS
    number = -cell.number if change < 0 and cell.number > 0 else cell.number
    cell = _share(CellValue(number, cell.unit, None, cell.bound or result_bound, False))
    second = None
    if note is not None and year is None:
        inner, _ = _strip_approximate(fold_width(note))
        inner_cell = read_value(inner)
        if inner_cell.number is not None and inner_cell.text is None:
            second = Quantity(inner_cell.number, inner_cell.unit)
            if second.unit in SHARE_UNITS:
                second = Quantity(second.value * SHARE_UNITS[second.unit], "%")
    return Figure(cell, approximate, note, second, year, signed)


def _fiscal_year(text: str) -> int | None:
    """The fiscal year a note is (H23, 平成23年度), or None when it is anything else."""
    from loaders import years  # years reads its numbers with this module

    if not re.search(r"明治|大正|昭和|平成|令和|^\s*[MTSHRmtshr]\s*\d|年度\s*$", text):
        return None  # 25人(2015) is no year: only an era or 年度 makes a note a fiscal year
    try:
        return years.parse_fiscal_year(text)
    except ValueError:
        return None


def _strip_change(text: str) -> tuple[str, int]:
    """2,000人以上増加 -> ('2,000人以上', +1); 80人減少 -> ('80人', -1); no change word -> 0."""
    for suffix, sign in CHANGE_SUFFIXES.items():
        if text.endswith(suffix) and text[: -len(suffix)][-1:].strip():
            return text[: -len(suffix)].strip(), sign
    return text, 0


def _numeric(text: str) -> bool:
    """True when the text reads as a number once 約 and its kin are taken off. A mistyped number
    (1,2345) raises, as it does alone: a note or a year beside it does not make it words."""
    body, _ = _strip_approximate(text.strip())
    body, _ = _strip_result_bound(body)
    try:
        return read_value(body).number is not None
    except _MistypedNumber:
        raise
    except ValueError:
        return False


def _strip_approximate(text: str) -> tuple[str, bool]:
    for prefix in APPROXIMATE_PREFIXES:
        if text.startswith(prefix) and text[len(prefix):len(prefix) + 1].isdigit():
            return text[len(prefix):].strip(), True
    for suffix in APPROXIMATE_SUFFIXES:
        if text.endswith(suffix) and text[: -len(suffix)][-1:].isalnum():
            return text[: -len(suffix)].strip(), True
    return text, False


def _strip_result_bound(text: str) -> tuple[str, str | None]:
    for suffix, bound in RESULT_BOUND_SUFFIXES.items():
        if text.endswith(suffix):
            return text[: -len(suffix)].strip(), bound
    return text, None


def _share(cell: CellValue) -> CellValue:
    """６割 -> 60 %: a share of ten read as a percentage."""
    if cell.number is None or cell.unit not in SHARE_UNITS:
        return cell
    return CellValue(cell.number * SHARE_UNITS[cell.unit], "%", cell.text, cell.bound, cell.placeholder)
