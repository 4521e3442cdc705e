"""Achievement marks (目標達成) as cities print them, each read as one canonical mark."""
from __future__ import annotations

from loaders.numbers import DASHES, fold_width, is_blank

NOT_JUDGED = "-"

# Keys are spellings after fold_width, so Ｘ, Ｓ and Ａ arrive as X, S and A.
# △ here means partly achieved; in an amount column the same character is a minus sign
# (△63,660). Callers choose normalize_mark or numbers.parse_number by column, never by the text.
MARKS = {
    "〇": "〇",  # U+3007 IDEOGRAPHIC NUMBER ZERO
    "○": "〇",  # U+25CB WHITE CIRCLE
    "◯": "〇",  # U+25EF LARGE CIRCLE
    "◎": "◎",
    "×": "×",  # U+00D7 MULTIPLICATION SIGN
    "✕": "×",  # U+2715 MULTIPLICATION X
    "✗": "×",  # U+2717 BALLOT X
    "X": "×",
    "x": "×",
    "△": "△",
    "S": "S",
    "A": "A",
    "B": "B",
    "C": "C",
    "D": "D",
}


def normalize_mark(text: str | None) -> str:
    """The canonical mark: 〇, ◎, ×, △, S to D, or - for not judged (blank or a dash)."""
    if is_blank(text):
        return NOT_JUDGED
    seen = str(text).strip()
    folded = fold_width(seen)
    if folded in DASHES:
        return NOT_JUDGED
    if folded not in MARKS:
        raise ValueError(f"「{seen}」を達成マークとして読めません。〇・×・- のいずれかを入力してください。")
    return MARKS[folded]
