"""Where Japanese text may break onto a new line: between words, never inside one (#17).

Japanese sets no spaces between words, so a chart label cut every N characters broke words in
the middle (「業務マネジメン / ト改革」, 「…事業への参 / 加者数」). The text is split here into
pieces no line break may enter, from the script of each character (a rule of thumb in the spirit
of JIS X 4051 and UAX #14, no dictionary): a kanji compound, a katakana word, a latin word or
figure stays whole; a line may break after 。、・）」 and spaces, before （「, where kanji, katakana
and latin meet, and after hiragana (a particle or okurigana) before a kanji, katakana or figure
(「事業への|参加者数」, 「業務|マネジメント|改革」). A number keeps its unit (30人, 2,611.6 百万円)
and a year its era (R9 (2027), 平成27年度); closing punctuation never starts a line.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# Never at the start of a line (行頭禁則): closing brackets and punctuation, the prolonged sound
# mark, small kana and iteration marks.
_NO_START = set("）」』)］】〉》〕｝}”’、。，．,.・：:；;！!？?ー～〜…‥ゝゞ々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ"
                "ヵヶ％%")
# Never at the end of a line (行末禁則): opening brackets, and a sign that belongs to its figure.
_NO_END = set("（「『(［【〈《〔｛{“‘△▲＋+−￥¥#＃")
_OPEN = set("（「『(［【〈《〔｛{“‘")
# A line may break after these: the end of a clause or a word list, a separator.
_BREAK_AFTER = set("）」』)］】〉》〕｝}”’、。，．・：；！？｜|／/")
_SPACES = set(" \t\u3000")
_ZWSP, _NBSP = "\u200b", "\u00a0"
# Hiragana that stand alone between two kanji as a particle (「職員の育成」), not as okurigana
# inside one word (「取り組む」「見込み額」「受け入れ」).
_PARTICLES = set("のをにへとがはでもや")
# Conjunctions written with okurigana, words of their own: 「正式合意及び|共同使用」.
_CONJUNCTIONS = ("及び", "並びに", "又は", "若しくは")
# 「(2027)」「(4.6%)」: a figure in brackets, kept with what it qualifies (R9 (2027), 30人(4.6%)).
_FIGURE_IN_BRACKETS = re.compile(r"[(（][\d０-９][\d０-９,，.．%％]*[)）]")


def _script(ch: str) -> str:
    if "\u3041" <= ch <= "\u309f":
        return "hiragana"
    if ch in "ヵヶ〆〇々" or unicodedata.name(ch, "").startswith("CJK"):
        return "kanji"                  # 3ヶ月, 〆切: read as kanji, so the compound holds
    if "\u30a0" <= ch <= "\u30ff" or "\uff66" <= ch <= "\uff9f" or "\u31f0" <= ch <= "\u31ff":
        return "katakana"
    if ch.isdigit():
        return "digit"
    if ch.isalpha() or ch.isascii() or unicodedata.category(ch).startswith("N"):
        return "latin"                  # letters, ASCII signs, full-width Ａ-Ｚ, ① and Ⅱ
    return "other"


def _may_break(text: str, i: int) -> bool:
    """Whether a line may break between text[i - 1] and text[i]."""
    a, b = text[i - 1], text[i]
    if _NBSP in (a, b) or b in _SPACES or b == _ZWSP:
        return False                    # a space stays at the end of the line it follows
    if b in _NO_START or a in _NO_END:
        return False
    if _FIGURE_IN_BRACKETS.match(text, i):
        return False                    # R9 (2027), 30人(4.6%)
    if a in _SPACES:
        before = text[:i].rstrip(" \t\u3000")
        # 2,611.6 百万円: a figure and its unit, as keep_units keeps them
        return not (before and before[-1].isdigit() and not b.isdigit())
    if a == _ZWSP or a in _BREAK_AFTER or b in _OPEN or text.endswith(_CONJUNCTIONS, 0, i):
        return True
    sa, sb = _script(a), _script(b)
    if sa == sb or "other" in (sa, sb):
        return False                    # inside a compound, a word, a figure
    if sa == "digit" or (sb == "digit" and sa in ("kanji", "latin")):
        return False                    # 30人, 5年間 / 平成27年度, 第2期, R9
    if sb == "hiragana":
        return False                    # okurigana and particles stay with their word
    if sa == "hiragana":
        run = re.search(r"[\u3041-\u309f]+$", text[:i]).group()
        before = text[i - len(run) - 1] if i - len(run) > 0 else ""
        if len(run) == 1 and before and _script(before) == "digit":
            return False                # 4か年, 11か月
        if len(run) == 1 and before and _script(before) == "kanji" and sb == "kanji" and run not in _PARTICLES:
            return False                # 取り組む, 見込み額: okurigana inside one word
        if run in ("お", "ご") and (not before or _script(before) != "hiragana"):
            return False                # ご意見: the honorific prefix stays with its noun
        return True
    return True                         # kanji | katakana | latin meet: 業務|マネジメント|改革, KPI|評価


def pieces(text: str) -> list[str]:
    """The text as pieces no line break may enter; joined, they are the text again."""
    text = str(text)
    out, start = [], 0
    for i in range(1, len(text)):
        if _may_break(text, i):
            out.append(text[start:i])
            start = i
    return [*out, text[start:]] if text else []


def em_width(text: str) -> float:
    """Width in em as a label is set: full-width characters 1, half-width about 0.5."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.0 if ch == _ZWSP else 0.5 for ch in text)


def _shown(line: str) -> str:
    return line.rstrip(" \t\u3000" + _ZWSP)


# Where a line may end by choice when it would otherwise end at any word: after a clause's 。、
# or a closing bracket, if in its second half. Not after a list's 「・」: 「II 組織・ / 人材 /
# マネジメント」 left a word alone on a line where 「II 組織・人材」 fit.
_PHRASE_END = set("。、，）」』")


def wrap(text: str, width: float, measure: Callable[[str], float] = em_width) -> list[str]:
    """The text on lines at most `width` wide (by `measure`, em by default), broken only between
    pieces, at a clause's end where one falls in the line's second half. Joined, the lines are the
    text again; a space that ends a line stays on it (not counted in its width)."""
    lines: list[str] = []
    line: list[str] = []
    for piece in pieces(text):
        if line and measure(_shown("".join(line) + piece)) > width:
            cut = max((j for j in range(1, len(line))
                       if line[j - 1][-1] in _PHRASE_END and measure(_shown("".join(line[:j]))) >= width / 2),
                      default=len(line))
            lines.append("".join(line[:cut]))
            line = line[cut:]
            if line and measure(_shown("".join(line) + piece)) > width:
                lines.append("".join(line))
                line = []
        line.append(piece)
        while measure(_shown(line[0])) > width and len(line) == 1:
            # Last resort: one piece (a very long katakana word or figure) wider than a whole line
            # is cut where the width ends, never before a character that may not start a line.
            head, rest = _cut(line[0], width, measure)
            if not rest:
                break
            lines.append(head)
            line = [rest]
    if line:
        lines.append("".join(line))
    return lines or [""]


def _cut(piece: str, width: float, measure: Callable[[str], float]) -> tuple[str, str]:
    cut = 1
    while cut < len(piece) and measure(piece[:cut + 1]) <= width:
        cut += 1
    while 1 < cut < len(piece) and piece[cut] in _NO_START:
        cut -= 1
    if cut < len(piece) and _script(piece[cut - 1]) == _script(piece[cut]) == "kanji":
        # inside a long kanji compound, most of whose words are two kanji (公共施設|有効利用|促進計画):
        # at an even count from the compound's start
        start = cut
        while start > 0 and _script(piece[start - 1]) == "kanji":
            start -= 1
        if (cut - start) % 2 and cut - 1 > start:
            cut -= 1
    return piece[:cut], piece[cut:]
