"""Fiscal years and periods as documents write them (reference/conventions.md, Years)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.years import ERAS, FIRST_YEAR, LAST_YEAR, era_label, japanese_label, parse_fiscal_year, parse_period

# One line per spelling: (cell as written, Western year the 年度 starts)
FISCAL_YEARS = [
    pytest.param("H27", 2015, id="letter"),
    pytest.param("Ｈ２７", 2015, id="fullwidth-letter-and-digits"),
    pytest.param("h27", 2015, id="lowercase-letter"),
    pytest.param("H27年度", 2015, id="letter-nendo"),
    pytest.param("H.27", 2015, id="letter-dot"),
    pytest.param("平成27年度", 2015, id="kanji-nendo"),
    pytest.param("平成２７年度", 2015, id="kanji-fullwidth-digits"),
    pytest.param("平成27", 2015, id="kanji-bare"),
    pytest.param("平成 27 年度", 2015, id="kanji-spaced-as-in-pdf-text"),
    pytest.param("\u3000H27\u3000", 2015, id="ideographic-spaces-around"),
    pytest.param(" H27 ", 2015, id="ascii-spaces-around"),
    pytest.param("㍻27", 2015, id="square-era-sign"),
    pytest.param("R4", 2022, id="reiwa-letter"),
    pytest.param("Ｒ４", 2022, id="reiwa-fullwidth"),
    pytest.param("Ｒ１", 2019, id="reiwa-1-fullwidth"),
    pytest.param("令和4年度", 2022, id="reiwa-kanji-nendo"),
    pytest.param("令和３", 2021, id="reiwa-kanji-fullwidth-digit"),
    pytest.param("令和元年度", 2019, id="reiwa-gan-nendo"),
    pytest.param("R元", 2019, id="reiwa-letter-gan"),
    pytest.param("R元年度", 2019, id="reiwa-letter-gan-nendo"),
    pytest.param("平成31年度", 2019, id="heisei-31-is-reiwa-gan"),
    pytest.param("平成32年度", 2020, id="heisei-past-its-end-in-old-plans"),
    pytest.param("H40", 2028, id="heisei-40-last-read"),
    pytest.param("平成元年度", 1989, id="heisei-gan"),
    pytest.param("S64", 1989, id="showa-last-year"),
    pytest.param("昭和50年度", 1975, id="showa-kanji"),
    pytest.param("T15", 1926, id="taisho-last-year"),
    pytest.param("M1", 1868, id="meiji-first-year"),
    pytest.param("2015年度", 2015, id="western-nendo"),
    pytest.param("２０１５年度", 2015, id="western-fullwidth-nendo"),
    pytest.param("FY2015", 2015, id="fy-prefix"),
    pytest.param("FY 2015", 2015, id="fy-prefix-spaced"),
    pytest.param("fy2015", 2015, id="fy-prefix-lowercase"),
    pytest.param("2015", 2015, id="western-bare"),
    pytest.param("2015.0", 2015, id="excel-float-as-text"),
    pytest.param(2015, 2015, id="excel-int"),
    pytest.param(2015.0, 2015, id="excel-float"),
]

# (cell, words the message must contain besides the cell itself)
NOT_FISCAL_YEARS = [
    pytest.param("H0", "平成は1年", id="era-year-zero"),
    pytest.param("R", "年度として読めません", id="era-letter-alone"),
    pytest.param("X27", "年度として読めません", id="unknown-era-letter"),
    pytest.param("天保3", "年度として読めません", id="unknown-era-name"),
    pytest.param("大正20", "大正は1年（元年）から15年まで", id="taisho-past-its-end"),
    pytest.param("H41", "平成は1年（元年）から40年まで", id="heisei-past-the-slack"),
    pytest.param("1867", "1868～2100", id="before-meiji"),
    pytest.param("2101", "1868～2100", id="after-2100"),
    pytest.param("27", "西暦4桁か元号付き", id="two-digits-without-era"),
    pytest.param("2015年4月1日", "日付ではなく年度", id="date-in-kanji"),
    pytest.param("2015/4/1", "日付ではなく年度", id="date-with-slashes"),
    pytest.param("H27.4.1", "日付ではなく年度", id="era-date-with-dots"),
    pytest.param("平成27年", "暦年", id="calendar-year"),
    pytest.param("R4年", "暦年", id="calendar-year-era-letter"),
    pytest.param("2015年", "暦年", id="calendar-year-western"),
    pytest.param("2015.5", "年度として読めません", id="fraction"),
    pytest.param("R4～R9", "年度として読めません", id="a-period-is-not-one-year"),
]

BLANKS = [
    pytest.param("", id="empty"),
    pytest.param("  ", id="ascii-spaces"),
    pytest.param("\u3000", id="ideographic-space"),
    pytest.param(None, id="none"),
    pytest.param(float("nan"), id="pandas-nan"),
]

# (cell, first and last fiscal years)
PERIODS = [
    pytest.param("R4～R9", (2022, 2027), id="fullwidth-tilde"),
    pytest.param("R4~R9", (2022, 2027), id="ascii-tilde"),
    pytest.param("R4〜R9", (2022, 2027), id="wave-dash"),
    pytest.param("R4-R9", (2022, 2027), id="hyphen"),
    pytest.param("R4－R9", (2022, 2027), id="fullwidth-hyphen"),
    pytest.param("R 4～R 9", (2022, 2027), id="spaced-as-in-pdf-text"),
    pytest.param("R4年度～R9年度", (2022, 2027), id="letters-with-nendo"),
    pytest.param("H18～H27", (2006, 2015), id="heisei-letters"),
    pytest.param("平成25年度から平成27年度", (2013, 2015), id="kara"),
    pytest.param("平成25年度から平成27年度まで", (2013, 2015), id="kara-made"),
    pytest.param("平成25年度～27年度", (2013, 2015), id="era-carried-to-second-year"),
    pytest.param("平成18年度から21年度", (2006, 2009), id="era-carried-with-kara"),
    pytest.param("R4～9", (2022, 2027), id="era-carried-bare-number"),
    pytest.param("平成29年度から令和３年度", (2017, 2021), id="across-eras"),
    pytest.param("2022～2027", (2022, 2027), id="western"),
    pytest.param("2022-2027年度", (2022, 2027), id="western-hyphen-nendo"),
    pytest.param("H27", (2015, 2015), id="single-year-letter"),
    pytest.param("平成27年度", (2015, 2015), id="single-year-kanji"),
    pytest.param("R4～R4", (2022, 2022), id="one-year-written-as-a-range"),
]

# (cell, words the message must contain)
NOT_PERIODS = [
    pytest.param("R9～R4", "順序", id="end-before-start"),
    pytest.param("R4～R6～R9", "1つでつないで", id="two-separators"),
    pytest.param("R4～", "年度が空欄", id="open-end"),
    pytest.param("2022～27", "「27」", id="western-start-two-digit-end"),
    pytest.param("H27.4.1～H28.3.31", "日付ではなく年度", id="dates"),
    pytest.param("", "期間が空欄", id="blank"),
]

# (fiscal year, short label, label as printed)
LABELS = [
    pytest.param(2022, "R4 (2022)", "令和4年度", id="reiwa"),
    pytest.param(2015, "H27 (2015)", "平成27年度", id="heisei"),
    pytest.param(2019, "R1 (2019)", "令和元年度", id="fy2019-is-reiwa-gan"),
    pytest.param(2018, "H30 (2018)", "平成30年度", id="last-full-heisei-year"),
    pytest.param(2020, "R2 (2020)", "令和2年度", id="reiwa-not-heisei-32"),
    pytest.param(1989, "H1 (1989)", "平成元年度", id="heisei-gan"),
]

FULLWIDTH = str.maketrans("0123456789MTSHR", "０１２３４５６７８９ＭＴＳＨＲ")

# Ways to write era year n of an era; each must read back as the same fiscal year
ERA_SPELLINGS = [
    lambda era, n: f"{era.letter}{n}",
    lambda era, n: f"{era.letter.lower()}{n}",
    lambda era, n: f"{era.letter}.{n}",
    lambda era, n: f"{era.letter}{n}年度",
    lambda era, n: f"{era.letter}{n}".translate(FULLWIDTH),
    lambda era, n: f"{era.name}{n}",
    lambda era, n: f"{era.name}{n}年度",
    lambda era, n: f"{era.name}{'元' if n == 1 else n}年度",
    lambda era, n: f"\u3000{era.name}{str(n).translate(FULLWIDTH)}年度\u3000",
    lambda era, n: f"{era.name} {n} 年度",
]

WESTERN_SPELLINGS = [
    lambda year: year,
    lambda year: float(year),
    lambda year: str(year),
    lambda year: f"{year}.0",
    lambda year: f"{year}年度",
    lambda year: f"FY{year}",
    lambda year: f"FY {year}",
    lambda year: f"{year}年度".translate(FULLWIDTH),
]


@pytest.mark.parametrize("text, expected", FISCAL_YEARS)
def test_reads_each_spelling_of_a_fiscal_year(text, expected):
    assert parse_fiscal_year(text) == expected


def test_heisei_31_and_reiwa_gan_are_the_same_fiscal_year():
    # 平成31年度 and 令和元年度 are both FY2019
    assert parse_fiscal_year("平成31年度") == parse_fiscal_year("令和元年度") == 2019


@pytest.mark.parametrize("text, reason", NOT_FISCAL_YEARS)
def test_rejects_what_is_not_a_fiscal_year_naming_the_text(text, reason):
    with pytest.raises(ValueError) as error:
        parse_fiscal_year(text)
    assert f"「{text}」" in str(error.value)
    assert reason in str(error.value)


@pytest.mark.parametrize("text", BLANKS)
def test_blank_fiscal_year_is_an_error(text):
    with pytest.raises(ValueError, match="年度が空欄"):
        parse_fiscal_year(text)


@pytest.mark.parametrize("text, expected", PERIODS)
def test_reads_each_spelling_of_a_period(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text, reason", NOT_PERIODS)
def test_rejects_what_is_not_a_period(text, reason):
    with pytest.raises(ValueError) as error:
        parse_period(text)
    assert reason in str(error.value)
    if text:
        assert text in str(error.value)


@pytest.mark.parametrize("fy, short, printed", LABELS)
def test_labels_a_fiscal_year_as_users_read_it(fy, short, printed):
    assert era_label(fy) == short
    assert japanese_label(fy) == printed


@pytest.mark.parametrize("fy", [FIRST_YEAR - 1, LAST_YEAR + 1])
def test_label_outside_the_years_read_is_an_error(fy):
    with pytest.raises(ValueError, match=str(fy)):
        era_label(fy)


@settings(max_examples=300, deadline=None)
@given(st.integers(FIRST_YEAR, LAST_YEAR), st.data())
def test_any_era_spelling_of_a_year_reads_back_as_that_year(year, data):
    eras = [era for era in ERAS if era.first_year <= year < era.first_year + era.last]
    era = data.draw(st.sampled_from(eras), label="era")
    spell = data.draw(st.sampled_from(ERA_SPELLINGS), label="spelling")
    assert parse_fiscal_year(spell(era, year - era.first_year + 1)) == year


@settings(max_examples=100, deadline=None)
@given(st.integers(FIRST_YEAR, LAST_YEAR), st.sampled_from(WESTERN_SPELLINGS))
def test_any_western_spelling_of_a_year_reads_back_as_that_year(year, spell):
    assert parse_fiscal_year(spell(year)) == year


@settings(max_examples=100, deadline=None)
@given(st.integers(FIRST_YEAR, LAST_YEAR))
def test_labels_read_back_as_their_year(year):
    assert parse_fiscal_year(japanese_label(year)) == year
    assert parse_fiscal_year(era_label(year).split(" ")[0]) == year


def test_a_blank_period_says_how_to_write_one():
    with pytest.raises(ValueError) as error:
        parse_period("")
    assert str(error.value) == "期間が空欄です。期間を入力してください（例: R4～R9、平成25年度から平成27年度）。"
