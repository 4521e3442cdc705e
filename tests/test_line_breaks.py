"""Labels break between words only (#17): 「業務マネジメン / ト改革」 and 「…事業への参 / 加者数」
were drawn on slides. Pieces from the case table, then every seed label wrapped at every width a
chart or slide uses."""
import csv
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from dashboard import format, line_breaks

# text -> its unbreakable pieces
PIECES = [
    ("業務マネジメント改革", ["業務", "マネジメント", "改革"]),                        # kanji | katakana | kanji
    ("I 業務マネジメント改革", ["I ", "業務", "マネジメント", "改革"]),                  # after a space
    ("事業への参加者数", ["事業への", "参加者数"]),                                    # after a particle
    ("組織・人材マネジメント改革", ["組織・", "人材", "マネジメント", "改革"]),            # after 「・」
    ("KPI評価に基づく既存事業ヒアリング", ["KPI", "評価に", "基づく", "既存事業", "ヒアリング"]),
    ("１ 強い組織をつくる（厚木市）", ["１ 強い組織をつくる", "（厚木市）"]),             # before 「（」; 強い組織: okurigana
    ("R9 (2027)", ["R9 (2027)"]),                                                     # a year with its era
    ("R4～R9 合計", ["R4～R9 合計"]),                                                 # a figure's space holds, as keep_units
    ("2,611.6 百万円", ["2,611.6 百万円"]),                                            # a figure with its unit
    ("今後5年間で職員数を30人(4.6%)削減", ["今後5年間で", "職員数を", "30人(4.6%)", "削減"]),
    ("平成27年度", ["平成27年度"]),
    ("約11か月", ["約11か月"]),                                                        # a counter with its figure
    ("取り組む見込み額", ["取り組む見込み額"]),                                         # okurigana inside a word
    ("正式合意及び共同使用区域整備に", ["正式合意及び", "共同使用区域整備に"]),           # after a conjunction
    ("「庁内副業10％推進」アクションプラン", ["「庁内副業10％推進」", "アクションプラン"]),
    ("あやせ集中改革プラン（H18～H21）", ["あやせ", "集中改革", "プラン", "（H18～H21）"]),
    ("職員アンケートによる「やりがい」", ["職員", "アンケートによる", "「やりがい」"]),
    ("2,611,600\u00a0千円", ["2,611,600\u00a0千円"]),                                  # keep_units' no-break space
    ("", []),
]


@pytest.mark.parametrize("text, expected", PIECES)
def test_text_splits_into_pieces_no_line_break_enters(text, expected):
    assert line_breaks.pieces(text) == expected


# text, width (em) -> lines
WRAPS = [
    ("I 業務マネジメント改革", 7, ["I 業務", "マネジメント", "改革"]),
    ("II 組織・人材マネジメント改革", 7, ["II 組織・人材", "マネジメント", "改革"]),   # no word left alone after 「・」
    ("市民の国際交流、国際理解の機会の拡充を図るための事業への参加者数", 29,
     ["市民の国際交流、国際理解の機会の拡充を図るための事業への", "参加者数"]),
    # a clause's 「、」 in the line's second half is where it breaks, rather than the last word
    ("職員の資質の向上と、意識の変革を進める", 12, ["職員の資質の向上と、", "意識の変革を進める"]),
    # half-width letters count half an em: 14 of them fit 7 em
    ("ABCDEFG HIJKLMN", 7, ["ABCDEFG ", "HIJKLMN"]),
]


@pytest.mark.parametrize("text, width, expected", WRAPS)
def test_text_wraps_between_pieces_within_the_width(text, width, expected):
    assert line_breaks.wrap(text, width) == expected


def test_a_word_wider_than_a_line_is_cut_only_then_and_never_before_closing_punctuation():
    lines = line_breaks.wrap("トランスフォーメーション・デジタル", 5)
    assert "".join(lines) == "トランスフォーメーション・デジタル"
    assert all(line_breaks.em_width(line) <= 5 for line in lines)
    assert not [line for line in lines if line[0] in "・ー"]


def test_format_wrap_drops_the_space_ending_a_line_and_the_lookup_falls_back_to_the_label():
    assert format.wrap("I 業務マネジメント改革", 7) == ["I 業務", "マネジメント", "改革"]
    expr = format.wrapped_labels(["I 業務マネジメント改革", "合計"], 7)
    assert expr.endswith("|| datum.label")                      # a value the table lacks: drawn whole
    assert '["I 業務", "マネジメント", "改革"]' in expr and "substring" not in expr


SEED = Path(__file__).resolve().parents[1] / "data" / "seed"
# The columns whose values charts and slides draw as labels or titles.
LABEL_COLUMNS = ("policy_area", "indicator", "initiative", "plan", "strategy", "department")


def seed_labels() -> list[str]:
    found: dict[str, None] = {}
    for path in sorted(SEED.glob("*.csv")):
        with path.open(encoding="utf-8") as file:
            for row in csv.DictReader(file):
                for column in LABEL_COLUMNS:
                    if row.get(column):
                        found[row[column]] = None
    return list(found)


def _kind(ch: str) -> str:
    if "\u30a1" <= ch <= "\u30fa" or ch == "ー":
        return "katakana"
    if "\u4e00" <= ch <= "\u9fff" or ch == "々":
        return "kanji"
    if ch.isascii() and ch.isalnum() or "０" <= ch <= "９":
        return "latin"
    return ""


def inside_a_word(line: str, after: str) -> bool:
    """Whether a line break between `line` and the next line `after` falls inside a word: inside a
    katakana run, a kanji compound, a latin word or figure, or before closing punctuation."""
    a, b = line[-1:], after[:1]
    return bool(a and b and not a.isspace() and (_kind(a) and _kind(a) == _kind(b) or b in "）」』)、。・ー％"))


# Every width a chart or slide wraps labels at: an area under its column (7), a slide's axis or
# legend (14), a KPI row (20), a slide's or page's row (22), a status row (25), a slide title (29).
WIDTHS = (7, 14, 20, 22, 25, 29)


def _breaks(lines: list[str]) -> list[int]:
    """Where the lines break, as offsets into the text they were wrapped from."""
    return [len("".join(lines[:i])) for i in range(1, len(lines))]


def test_every_seed_label_wraps_back_to_itself_and_breaks_only_between_words():
    labels = seed_labels()
    assert len(labels) > 200 and "業務マネジメント改革" in labels
    assert "市民の国際交流、国際理解の機会の拡充を図るための事業への参加者数" in labels
    broken = []
    for label in labels:
        pieces = line_breaks.pieces(label)
        bounds = {len("".join(pieces[:i])) for i in range(len(pieces) + 1)}
        for width in WIDTHS:
            lines = line_breaks.wrap(label, width)
            assert "".join(lines) == label, (label, width, lines)
            assert all(line_breaks.em_width(line.rstrip()) <= width for line in lines), (label, width, lines)
            for at in _breaks(lines):
                if at not in bounds:
                    # the last resort: only inside a word wider than the whole line
                    piece = next(p for i, p in enumerate(pieces) if len("".join(pieces[:i])) < at < len("".join(pieces[:i + 1])))
                    assert line_breaks.em_width(piece) > width, (label, width, lines)
                    if width >= 14 and inside_a_word(label[:at], label[at:]):
                        broken.append((label, width, lines))     # a slide's line cuts no seed word
                elif inside_a_word(label[:at], label[at:]):
                    broken.append((label, width, lines))
    assert not broken, broken[:10]


@pytest.mark.parametrize("word, may_break_after", [
    ("業務マネジメント改革", ("業務", "業務マネジメント")),      # at its two changes of script only
    ("参加者数", ()), ("マネジメント", ()), ("アクションプラン", ()), ("人材マネジメント", ("人材",)),
])
def test_seed_words_break_only_where_the_rule_lets_them(word, may_break_after):
    labels = [label for label in seed_labels() if word in label]
    assert labels
    for label in labels:
        at = label.find(word)
        allowed = {at + len(head) for head in may_break_after}
        pieces = line_breaks.pieces(label)
        starts = [len("".join(pieces[:i])) for i in range(len(pieces))]
        holding = [p for s, p in zip(starts, pieces) if s < at + len(word) and at < s + len(p)]
        for width in WIDTHS:
            if any(line_breaks.em_width(p.rstrip()) > width for p in holding):
                continue                          # a word wider than the line: cut as the last resort
            lines = line_breaks.wrap(label, width)
            inside = [b for b in _breaks(lines) if at < b < at + len(word) and b not in allowed]
            assert not inside, (label, width, lines)


# Any text an upload can name a plan, an area or an indicator with: kana, kanji, latin, figures,
# brackets, punctuation and spaces of both widths.
_ANY = st.text(alphabet=st.sampled_from(list("業務改革参加者数のをにへとりかマネジメントーァABC123,.%（）「」()、。・ 　△～\u00a0")),
               max_size=60)


@given(text=_ANY, width=st.sampled_from([1, 3, 7, 14, 22]))
def test_any_text_wraps_back_to_itself_within_the_width(text, width):
    lines = line_breaks.wrap(text, width)
    assert "".join(lines) == text
    for line in lines:
        shown = line.rstrip(" \u3000")
        assert line_breaks.em_width(shown) <= width or len(shown) == 1, (text, width, lines)
    assert "".join(line_breaks.pieces(text)) == text
