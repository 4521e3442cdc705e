"""numbers.read_figure: every spelling of a figure inside words found in the documents (issue #15).

One line per spelling: the cell, then number, unit, bound, approximate, note, second figure.
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from loaders import numbers

CASES = [
    # 約 / およそ / 程度: a number with the approximate flag
    ("約30万人", 300000, "人", None, True, None, None),               # 004, 6-2 実績
    ("約1,273億円", 1273, "億円", None, True, None, None),            # 002, 5-4 本文
    ("約1,700冊", 1700, "冊", None, True, None, None),               # 004, 3-1 実績 (in a sentence)
    ("約17ha", 17, "ha", None, True, None, None),                  # 004, 現状と課題 4
    ("およそ5件", 5, "件", None, True, None, None),
    ("10人程度", 10, "人", None, True, None, None),
    # 割 is a share of ten, the same with or without 約
    ("６割", 60, "%", None, False, None, None),                    # 002, 4-1 (3)
    ("４割", 40, "%", None, False, None, None),                    # 002, 4-1 (3)
    ("約３割", 30, "%", None, True, None, None),                   # 002, 4-3
    ("約７割", 70, "%", None, True, None, None),                   # 002, 4-3
    ("６割以上", 60, "%", "ge", False, None, None),                # 002, 4-3 「対話したい職員は６割以上」
    # a number with a parenthetical: its main value, the rest as a note or a second figure
    ("25人（各部に１人）", 25, "人", None, False, "各部に１人", None),            # 002, 7-1 アウトカム②
    ("３％（年間約60時間）", 3, "%", None, False, "年間約60時間", None),         # 002, 7-1 アウトカム③
    ("10％（年間約200時間）", 10, "%", None, False, "年間約200時間", None),      # 002, 7-3 アウトカム④
    ("30人(4.6%)", 30, "人", None, False, "4.6%", (Decimal("4.6"), "%")),     # 003, 1 職員自らの改革
    ("13,650 (歳入予算額)", 13650, None, None, False, "歳入予算額", None),      # 004, 本年度の主な事業 4-5
    # a result beyond its figure
    ("250万件を超えた", 2500000, "件", "gt", False, None, None),              # 004, 4-2 実績
    # 万 / 億 multipliers (issue #15, figures in words)
    ("74万時間", 740000, "時間", None, False, None, None),                   # 004, 2-2 平成22年度実績(74万時間)
    ("10万時間", 100000, "時間", None, False, None, None),                   # 004, 2-2 平成28年度までに10万時間縮減
    ("3億人", 300000000, "人", None, False, None, None),                    # 004, 4-3 指標・目標
    ("4割", 40, "%", None, False, None, None),                             # 001, Problem ⑧ 職員が4割いる
    ("97.8%", Decimal("97.8"), "%", None, False, None, None),              # 004, 1-2 達成率97.8%
    ("１回以上", 1, "回", "ge", False, None, None),                          # 000, １-(２)-イ 月１回以上
    ("4か年", 4, "か年", None, False, None, None),                          # 004, 2-1 4か年の職員定数管理計画
    ("約11か月", 11, "か月", None, True, None, None),                       # 002, 4-3 約 11 か月
    ("16.32KW", Decimal("16.32"), "KW", None, False, None, None),          # 000, ２-(２)-エ 実績
    # bounds and changes
    ("2,000人以上増加", 2000, "人", "ge", False, None, None),                # 004, 6-1 評価
    ("+2,000人以上", 2000, "人", "ge", False, None, None),                   # the same, as an upload writes it
    ("約80人減少", -80, "人", None, True, None, None),                       # 002, 4-1 (3) 約 80 人減少
    ("△80人", -80, "人", None, False, None, None),
    ("5件未満", 5, "件", "lt", False, None, None),
]

# The figure's year where the text gives it (not the column's), and a sign or change word.
YEARS_AND_SIGNS = [
    ("平成23年度 2.8%", 2.8, 2011, False),      # 004, 2-3 指標・目標 「(平成23年度 2.8%)」
    ("2.8%(H23)", 2.8, 2011, False),           # the same, year after the figure
    ("2.8%（平成23年度）", 2.8, 2011, False),
    ("2.8%(2011年度)", 2.8, 2011, False),        # a note ending in 年度 is a year without an era
    ("2.8%(h23)", 2.8, 2011, False),           # an era letter typed in lower case
    ("R3 約３割", 30, 2021, False),
    ("2,000人以上増加", 2000, None, True),       # 004, 6-1 評価 前年度より2,000人以上増加
    ("+2,000人以上", 2000, None, True),
    ("約80人減少", -80, None, True),
    ("8減", -8, None, True),                   # one digit before the change word is enough
    ("1人減少", -1, None, True),
    ("△80人（前年度比）", -80, None, True),        # a sign kept with a note after the figure
    ("△52,218", -52218, None, True),
    ("25人（各部に１人）", 25, None, False),      # a note that is no year
    ("25人(2015)", 25, None, False),            # a bare number in a note is no year
    ("74万時間", 740000, None, False),
]


@pytest.mark.parametrize("text, number, year, signed", YEARS_AND_SIGNS)
def test_the_year_and_sign_a_figure_is_printed_with(text, number, year, signed):
    figure = numbers.read_figure(text)
    assert (figure.value.number, figure.year, figure.signed) == (Decimal(str(number)), year, signed)

WORDS = [
    "半数以上",                           # 002, 4-3: 半数 is no number
    "概ね達成",                           # 004, 1-2 評価
    "約束",
    "方針の検討",                         # 000, 3-(1)-ウ
    "職員構成の推移等を想定",              # 000, 1-(1)-イ
    "増加",                               # a change word with no number
    "2,000人 増加",                        # a change word set apart by a space is not the figure's
    "大幅に増加",                          # a change word after words
    "返還4事案",                          # 004, 5-1: a name, not a figure
    "H23",                               # a year alone is no figure
]


@pytest.mark.parametrize("text, number, unit, bound, approximate, note, second", CASES)
def test_each_spelling_reads_as_its_figure(text, number, unit, bound, approximate, note, second):
    figure = numbers.read_figure(text)
    assert (figure.value.number, figure.value.unit, figure.value.bound) == (Decimal(number), unit, bound)
    assert (figure.approximate, figure.note) == (approximate, note)
    assert (None if figure.second is None else (figure.second.value, figure.second.unit)) == second
    assert figure.value.text is None and not figure.value.placeholder


@pytest.mark.parametrize("text", WORDS)
def test_words_that_are_not_numbers_stay_words(text):
    figure = numbers.read_figure(text)
    assert figure.value.number is None and figure.value.text == text and not figure.approximate


@pytest.mark.parametrize("text", ["H27年度は未設定（H29年度から）", "-", ""])
def test_placeholders_stay_placeholders(text):
    figure = numbers.read_figure(text)
    assert figure.value.number is None and figure.value.placeholder


@pytest.mark.parametrize("text", ["12.5%", "1,000千円", "33.3%以下", "15,800kWh", "2万5千時間", "△52,218"])
def test_plain_cells_read_as_read_value_reads_them(text):
    figure = numbers.read_figure(text)
    assert figure.value == numbers.read_value(text) and not figure.approximate and figure.note is None


@pytest.mark.parametrize("text", ["約1,2345人", "1,2345（注）", "1,2345(H23)", "H23 1,2345", "平成23年度 1,2345%",
                                  "1,2345人(各部に１人)", "1,2345%(委託契約の数値)以下"])
def test_a_mistyped_number_is_an_error_with_a_note_or_year_beside_it(text):
    # a note or a year does not turn 1,2345 into words to keep: the analyst fixes the number
    with pytest.raises(ValueError, match="カンマ"):
        numbers.read_figure(text)


def test_an_upload_reads_the_same_figures(tmp_path):
    """Uploads go through the same long-table parser as the seed: 約 and 割 read the same way."""
    import pandas as pd

    from loaders import tables
    frame = pd.DataFrame({"city": ["厚木市", "厚木市"], "indicator": ["a", "b"], "fiscal_year": ["R3", "R3"],
                          "value": ["約３割", "６割"], "source": ["up.xlsx 1行目", "up.xlsx 2行目"]})
    parsed, errors = tables.parse("series", frame, file="up.xlsx")
    assert errors == []
    assert parsed[["value", "unit", "value_approximate"]].values.tolist() == [[30.0, "%", True], [60.0, "%", False]]


def test_an_upload_of_figures_in_words_reads_year_bound_and_sign():
    """A figures table uploaded reads its cells with the same parser as the seed (issue #15)."""
    import pandas as pd

    from loaders import tables
    frame = pd.DataFrame({"city": ["相模原市"] * 2, "plan": ["p"] * 2, "section": ["s"] * 2,
                          "held_in": ["v_texts"] * 2, "subject": ["a", "b"],
                          "figure": ["2.8%(H23)", "+2,000人以上"], "quote": ["q"] * 2,
                          "source": ["up.xlsx 1行目", "up.xlsx 2行目"]})
    parsed, errors = tables.parse("figures", frame, file="up.xlsx")
    assert errors == []
    read = parsed[["figure_value", "figure_unit", "figure_bound", "figure_year", "figure_signed"]]
    assert read.astype(object).where(read.notna(), None).values.tolist() == [
        [2.8, "%", None, 2011, False], [2000.0, "人", "ge", None, True]]


def test_a_share_of_ten_is_read_as_a_whole_percent_cell():
    assert numbers.read_figure("６割").value == numbers.CellValue(Decimal(60), "%", None, None, False)


@pytest.mark.parametrize("text, number", [("5程度", 5), ("1.5程度", 1.5), ("30人程度", 30)])
def test_a_number_right_before_its_approximate_suffix_is_approximate(text, number):
    figure = numbers.read_figure(text)
    assert (figure.value.number, figure.approximate, figure.value.text) == (Decimal(str(number)), True, None)


def test_an_approximate_suffix_set_apart_by_a_space_leaves_the_cell_as_words():
    figure = numbers.read_figure("30人 程度")
    assert (figure.value.number, figure.value.text, figure.approximate) == (None, "30人 程度", False)


@pytest.mark.parametrize("value, number", [(1234.0, Decimal("1234.0")), (7, Decimal(7)), (Decimal("2.5"), Decimal("2.5"))])
def test_a_number_cell_reads_as_its_number(value, number):
    assert numbers.read_figure(value) == numbers.Figure(numbers.CellValue(number, None, None, None, False))


@pytest.mark.parametrize("text, cell, second", [
    ("30人（約３割）", numbers.CellValue(Decimal(30), "人", None, None, False), numbers.Quantity(Decimal(30), "%")),
    ("約30万人", numbers.CellValue(Decimal(300000), "人", None, None, False), None),
    ("25人(-)", numbers.CellValue(Decimal(25), "人", None, None, False), None),   # a dash in a note is no second figure
])
def test_a_figure_with_words_around_it_reads_as_its_whole_cell_and_second_figure(text, cell, second):
    figure = numbers.read_figure(text)
    assert (figure.value, figure.second) == (cell, second)
