"""Achievement marks as cities print them (reference/conventions.md, Achievement marks)."""
from __future__ import annotations

import pytest

from loaders.marks import normalize_mark

# One line per spelling: (cell as printed, canonical mark)
MARKS = [
    pytest.param("〇", "〇", id="ideographic-zero-u3007"),
    pytest.param("○", "〇", id="white-circle-u25cb"),
    pytest.param("◯", "〇", id="large-circle-u25ef"),
    pytest.param(" 〇 ", "〇", id="circle-with-spaces"),
    pytest.param("\u3000○\u3000", "〇", id="circle-with-ideographic-spaces"),
    pytest.param("◎", "◎", id="bullseye"),
    pytest.param("×", "×", id="multiplication-sign-u00d7"),
    pytest.param("✕", "×", id="multiplication-x-u2715"),
    pytest.param("✗", "×", id="ballot-x-u2717"),
    pytest.param("Ｘ", "×", id="fullwidth-x"),
    pytest.param("X", "×", id="ascii-x"),
    pytest.param("x", "×", id="ascii-lowercase-x"),
    pytest.param("△", "△", id="partly-achieved"),
    pytest.param("-", "-", id="hyphen"),
    pytest.param("－", "-", id="fullwidth-hyphen"),
    pytest.param("―", "-", id="horizontal-bar"),
    pytest.param("—", "-", id="em-dash"),
    pytest.param("", "-", id="blank"),
    pytest.param("\u3000", "-", id="ideographic-space"),
    pytest.param(None, "-", id="none"),
    pytest.param(float("nan"), "-", id="pandas-nan"),
    pytest.param("S", "S", id="grade-s"),
    pytest.param("Ａ", "A", id="grade-a-fullwidth"),
    pytest.param("A", "A", id="grade-a"),
    pytest.param("B", "B", id="grade-b"),
    pytest.param("Ｃ", "C", id="grade-c-fullwidth"),
    pytest.param("D", "D", id="grade-d"),
]

NOT_MARKS = [
    pytest.param("達", id="kanji"),
    pytest.param("達成", id="evaluation-word"),
    pytest.param("▲", id="black-triangle-is-a-sign-not-a-mark"),
    pytest.param("E", id="grade-outside-s-to-d"),
    pytest.param("1", id="digit"),
    pytest.param("〇×", id="two-marks"),
]


@pytest.mark.parametrize("text, expected", MARKS)
def test_reads_each_spelling_of_a_mark(text, expected):
    assert normalize_mark(text) == expected


@pytest.mark.parametrize("text", NOT_MARKS)
def test_rejects_what_is_not_a_mark_naming_the_text(text):
    with pytest.raises(ValueError) as error:
        normalize_mark(text)
    assert f"「{text}」" in str(error.value)


def test_unknown_mark_message_says_what_to_enter():
    with pytest.raises(ValueError) as error:
        normalize_mark("達")
    assert str(error.value) == "「達」を達成マークとして読めません。〇・×・- のいずれかを入力してください。"
