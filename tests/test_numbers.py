"""Numbers, units, comparators and placeholders as documents print them (reference/conventions.md, Numbers)."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders import numbers
from loaders.numbers import (
    PLACEHOLDERS,
    CellValue,
    Quantity,
    is_placeholder,
    parse_bound,
    parse_number,
    read_value,
    to_thousand_yen,
    unit_factor_to_thousand_yen,
)

# One line per spelling: (cell as written, value, unit)
NUMBERS = [
    pytest.param("1,000", "1000", None, id="comma"),
    pytest.param("１，０００", "1000", None, id="fullwidth-comma"),
    pytest.param("12.5", "12.5", None, id="decimal"),
    pytest.param("１２．５", "12.5", None, id="fullwidth-decimal"),
    pytest.param("0", "0", None, id="zero"),
    pytest.param("△63,660", "-63660", None, id="white-triangle-negative"),
    pytest.param("▲63,660", "-63660", None, id="black-triangle-negative"),
    pytest.param("−63,660", "-63660", None, id="minus-sign-u2212"),
    pytest.param("－63,660", "-63660", None, id="fullwidth-hyphen-negative"),
    pytest.param("-63,660", "-63660", None, id="ascii-hyphen-negative"),
    pytest.param("△ 63,660", "-63660", None, id="triangle-then-space"),
    pytest.param("△52,218", "-52218", None, id="effect-amount-001"),
    pytest.param("△0", "0", None, id="negative-zero-is-zero"),
    pytest.param("+5", "5", None, id="plus-sign"),
    pytest.param("12.5%", "12.5", "%", id="percent"),
    pytest.param("１２．５％", "12.5", "%", id="fullwidth-percent"),
    pytest.param("1,000千円", "1000", "千円", id="thousand-yen-unit"),
    pytest.param("1,000 千円", "1000", "千円", id="thousand-yen-unit-spaced"),
    pytest.param("5百万円", "5", "百万円", id="million-yen-unit"),
    pytest.param("250万円", "250", "万円", id="ten-thousand-yen-unit"),
    pytest.param("△63,660千円", "-63660", "千円", id="negative-with-unit"),
    pytest.param("17件", "17", "件", id="ken"),
    pytest.param("180団体", "180", "団体", id="dantai"),
    pytest.param("15,800kWh", "15800", "kWh", id="kwh"),
    pytest.param("15,800 kWh", "15800", "kWh", id="kwh-spaced"),
    pytest.param("30人", "30", "人", id="nin"),
    pytest.param("35チーム", "35", "チーム", id="katakana-unit"),
    pytest.param("250万件", "2500000", "件", id="man-multiplier"),
    pytest.param("3億人", "300000000", "人", id="oku-multiplier"),
    pytest.param("74万時間", "740000", "時間", id="man-hours"),
    pytest.param("2万5千時間", "25000", "時間", id="man-and-sen"),
    pytest.param("2万5000", "25000", None, id="man-and-digits"),
    pytest.param("1億2,000万円", "120000000", "円", id="oku-and-man-yen"),
    pytest.param("1.5億", "150000000", None, id="decimal-with-multiplier"),
    pytest.param("\u300017件\u3000", "17", "件", id="ideographic-spaces-around"),
    pytest.param(2015, "2015", None, id="excel-int"),
    pytest.param(0.1, "0.1", None, id="excel-float-shortest"),
    pytest.param(12.5, "12.5", None, id="excel-float"),
    pytest.param(Decimal("3.14"), "3.14", None, id="decimal-input"),
]

# (cell, value, unit, comparator)
BOUNDS = [
    pytest.param("33.3%以下", "33.3", "%", "le", id="ika"),
    pytest.param("10%以上", "10", "%", "ge", id="ijou"),
    pytest.param("≦33.3%", "33.3", "%", "le", id="le-sign"),
    pytest.param("≧10%", "10", "%", "ge", id="ge-sign"),
    pytest.param("<=33.3%", "33.3", "%", "le", id="ascii-le"),
    pytest.param("33.3%未満", "33.3", "%", "lt", id="miman"),
    pytest.param("10%超", "10", "%", "gt", id="chou"),
    pytest.param("10%超え", "10", "%", "gt", id="chou-e"),
    pytest.param("250万件以上", "2500000", "件", "ge", id="multiplier-and-ijou"),
    pytest.param("３３．３％以下", "33.3", "%", "le", id="fullwidth-ika"),
    pytest.param("12.5%", "12.5", "%", None, id="no-comparator"),
]

# (cell, words the message must contain); the message also names the cell
NOT_NUMBERS = [
    pytest.param("1,2345", "桁区切りのカンマ", id="comma-misplaced"),
    pytest.param("12,34", "桁区切りのカンマ", id="comma-short-group"),
    pytest.param("1,,000", "桁区切りのカンマ", id="comma-doubled"),
    pytest.param("１，２３４５", "桁区切りのカンマ", id="fullwidth-comma-misplaced"),
    pytest.param("12.", "小数点", id="trailing-point"),
    pytest.param("(63,660)", "△を付けて", id="parentheses-are-not-negative"),
    pytest.param("（63,660）", "△を付けて", id="fullwidth-parentheses"),
    pytest.param("5千2万", "順序", id="multipliers-out-of-order"),
    pytest.param("黒字", "数値として読めません", id="word"),
    pytest.param("約800件", "数値として読めません", id="approximately"),
    pytest.param("①12件", "数値として読めません", id="circled-digit-is-not-a-digit"),
    pytest.param("17件（見込み）", "数値として読めません", id="note-after-unit"),
    pytest.param("-", "数値ではありません", id="placeholder-dash"),
    pytest.param("未設定", "数値ではありません", id="placeholder-word"),
    pytest.param("H27年度は未設定（H28年度から）", "数値ではありません", id="placeholder-sentence"),
    pytest.param("2015/4/1", "日付ではなく数値を入力してください", id="date-slashes"),
    pytest.param("R4.4.1", "日付ではなく数値を入力してください", id="era-date"),
    pytest.param("2015年4月1日", "日付ではなく数値を入力してください", id="date-kanji"),
]

# Cells that mean "no value here"
PLACEHOLDER_CELLS = [
    pytest.param("-", id="hyphen"),
    pytest.param("－", id="fullwidth-hyphen"),
    pytest.param("―", id="horizontal-bar"),
    pytest.param("—", id="em-dash"),
    pytest.param("‐", id="hyphen-u2010"),
    pytest.param("ー", id="prolonged-sound-mark"),
    pytest.param("ｰ", id="halfwidth-prolonged-sound-mark"),
    pytest.param("−", id="minus-sign-alone"),
    pytest.param("", id="empty"),
    pytest.param("\u3000", id="ideographic-space"),
    pytest.param(None, id="none"),
    pytest.param(float("nan"), id="pandas-nan"),
    pytest.param("未設定", id="misettei"),
    pytest.param("H27年度は未設定（H28年度から）", id="misettei-in-a-sentence"),
]

NOT_PLACEHOLDER_CELLS = [
    pytest.param("なし", id="nashi-is-a-word"),
    pytest.param("0", id="zero"),
    pytest.param(0, id="zero-int"),
    pytest.param("黒字", id="word"),
    pytest.param("△", id="triangle-alone"),
]

# (cell, what read_value makes of it)
CELLS = [
    pytest.param("15件", CellValue(Decimal(15), "件", None, None, False), id="number-with-unit"),
    pytest.param("33.3%以下", CellValue(Decimal("33.3"), "%", None, "le", False), id="number-with-bound"),
    pytest.param("0", CellValue(Decimal(0), None, None, None, False), id="zero-is-a-number"),
    pytest.param(12.5, CellValue(Decimal("12.5"), None, None, None, False), id="excel-float"),
    pytest.param("黒字", CellValue(None, None, "黒字", None, False), id="word"),
    pytest.param("方針の検討", CellValue(None, None, "方針の検討", None, False), id="phrase"),
    pytest.param(" 策定 ", CellValue(None, None, "策定", None, False), id="word-stripped"),
    pytest.param("R4.4.1", CellValue(None, None, "R4.4.1", None, False), id="date-stays-words"),
    pytest.param("-", CellValue(None, None, None, None, True), id="dash"),
    pytest.param("－", CellValue(None, None, None, None, True), id="fullwidth-dash"),
    pytest.param("", CellValue(None, None, None, None, True), id="blank"),
    pytest.param(None, CellValue(None, None, None, None, True), id="none"),
    pytest.param("未設定", CellValue(None, None, "未設定", None, True), id="misettei-kept-as-text"),
    pytest.param(
        "\u3000H27年度は未設定（H28年度から）",
        CellValue(None, None, "H27年度は未設定（H28年度から）", None, True),
        id="misettei-sentence-kept-as-written",
    ),
]

# (unit note, 千円 per unit)
UNIT_NOTES = [
    pytest.param("（単位：千円）", "1", id="note-fullwidth"),
    pytest.param("(単位:千円)", "1", id="note-ascii"),
    pytest.param("単位：百万円", "1000", id="note-million"),
    pytest.param("金額（百万円）", "1000", id="header-million"),
    pytest.param("円", "0.001", id="yen"),
    pytest.param("万円", "10", id="man-yen"),
    pytest.param("億円", "100000", id="oku-yen"),
]

# (cell, unit of the table when the value carries none, amount in 千円)
THOUSAND_YEN = [
    pytest.param("63,660", "千円", "63660", id="no-unit-default"),
    pytest.param("△52,218", "千円", "-52218", id="negative-default"),
    pytest.param("3", "百万円", "3000", id="no-unit-table-in-millions"),
    pytest.param("1,000千円", "百万円", "1000", id="own-unit-beats-table"),
    pytest.param("5百万円", "千円", "5000", id="million-yen"),
    pytest.param("1億2,000万円", "千円", "120000", id="folded-yen"),
    pytest.param("1,234円", "千円", "1.234", id="yen"),
    pytest.param("2億円", "千円", "200000", id="oku-yen"),
]

FULLWIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")
NEGATIVE_SIGNS = ["△", "▲", "−", "－", "-"]


@pytest.mark.parametrize("text, value, unit", NUMBERS)
def test_reads_each_spelling_of_a_number(text, value, unit):
    assert parse_number(text) == Quantity(Decimal(value), unit)


@pytest.mark.parametrize("text, value, unit, bound", BOUNDS)
def test_reads_a_comparator_as_a_bound(text, value, unit, bound):
    assert parse_bound(text) == (Quantity(Decimal(value), unit), bound)
    assert parse_number(text) == Quantity(Decimal(value), unit)


def test_excel_float_becomes_its_shortest_decimal():
    assert str(parse_number(0.1).value) == "0.1"


@pytest.mark.parametrize("text, reason", NOT_NUMBERS)
def test_rejects_what_is_not_a_number_naming_the_text(text, reason):
    with pytest.raises(ValueError) as error:
        parse_number(text)
    assert f"「{text}」" in str(error.value)
    assert reason in str(error.value)


def test_misplaced_comma_message_says_how_to_fix():
    with pytest.raises(ValueError) as error:
        parse_number("1,2345")
    assert str(error.value) == "「1,2345」を数値として読めません。桁区切りのカンマの位置を確認してください（例: 12,345）。"


@pytest.mark.parametrize("text", ["", "  ", None, float("nan")])
def test_blank_is_not_a_number(text):
    with pytest.raises(ValueError, match="空欄"):
        parse_number(text)


@pytest.mark.parametrize("text", PLACEHOLDER_CELLS)
def test_placeholder_is_recognised(text):
    assert is_placeholder(text)


@pytest.mark.parametrize("text", NOT_PLACEHOLDER_CELLS)
def test_words_and_zero_are_not_placeholders(text):
    assert not is_placeholder(text)


@pytest.mark.parametrize("text, expected", CELLS)
def test_reads_a_target_or_actual_cell(text, expected):
    assert read_value(text) == expected


@pytest.mark.parametrize("text", PLACEHOLDER_CELLS)
def test_placeholder_is_not_zero(text):
    cell = read_value(text)
    assert cell.placeholder
    assert cell.number is None


@pytest.mark.parametrize("text", [
    pytest.param("1,2345", id="comma-misplaced"),
    pytest.param("(63,660)", id="parentheses"),
    pytest.param("12.", id="trailing-point"),
])
def test_mistyped_number_is_an_error_not_words(text):
    with pytest.raises(ValueError, match=re.escape(f"「{text}」")):
        read_value(text)


@pytest.mark.parametrize("note, factor", UNIT_NOTES)
def test_reads_the_unit_note_above_a_table(note, factor):
    assert unit_factor_to_thousand_yen(note) == Decimal(factor)


@pytest.mark.parametrize("note, reason", [
    pytest.param("件", "読めません", id="not-money"),
    pytest.param("金額", "読めません", id="no-unit"),
    pytest.param("", "空欄", id="blank"),
    pytest.param("（単位：千円）一部百万円", "複数", id="two-units"),
])
def test_rejects_a_note_without_one_yen_unit(note, reason):
    with pytest.raises(ValueError) as error:
        unit_factor_to_thousand_yen(note)
    assert reason in str(error.value)
    if note:
        assert f"「{note}」" in str(error.value)


@pytest.mark.parametrize("text, table_unit, expected", THOUSAND_YEN)
def test_converts_amounts_to_thousand_yen(text, table_unit, expected):
    assert to_thousand_yen(parse_number(text), table_unit) == Decimal(expected)


def test_a_count_is_not_an_amount():
    with pytest.raises(ValueError, match=re.escape("「17件」")):
        to_thousand_yen(parse_number("17件"))


amounts = st.one_of(
    st.integers(-(10**12), 10**12).map(Decimal),
    st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=300, deadline=None)
@given(amounts, st.booleans(), st.sampled_from(NEGATIVE_SIGNS), st.sampled_from(["", " ", "\u3000"]))
def test_a_printed_amount_reads_back_as_itself(amount, fullwidth, sign, pad):
    body = f"{abs(amount):,}"
    if fullwidth:
        body = body.translate(FULLWIDTH)
    printed = pad + (sign + body if amount < 0 else body) + pad
    assert parse_number(printed).value == amount


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.sampled_from(sorted(PLACEHOLDERS)),
        st.builds(lambda before, after: before + "未設定" + after, st.text(max_size=10), st.text(max_size=10)),
    ),
    st.sampled_from(["", " ", "\u3000"]),
)
def test_read_value_of_any_placeholder_never_yields_a_number(text, pad):
    cell = read_value(pad + text + pad)
    assert cell.placeholder
    assert cell.number is None


# The plain spelling read directly (numbers._plain_bound) must equal the full reading ----------------

_PIECES = ["1", "0", "12", "1,564", "12,345,678", "1,2345", "1.5", "1.", ".5", "12.50", "007", ",", ".",
           "%", "％", "件", "人", "千円", "万円", "百万円", "千万円", "億円", "円", "千", "万", "2万5千", "kWh", "ｋＷｈ",
           "㎡", "m2", "か所", "人以上", "/", "・", "人/日", "以下", "以上", "未満", "超", "超え", "を超える",
           "未設定", "年", "月", "4", "△", "-", "ー", "ガ", "々", " ", "　", "H", "R", "(", ")", "１", "万人"]


@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=5).map("".join))
@settings(max_examples=3000, deadline=None)
def test_plain_spelling_reads_as_the_full_reading(text):
    plain = numbers._plain_bound(text)
    full = _full_reading(text)
    if plain is not None:
        assert ("ok", plain) == full
        assert numbers.read_value(text) == _full_value(text)


@given(st.text(max_size=8))
@settings(max_examples=1000, deadline=None)
def test_any_text_reads_as_the_full_reading(text):
    assert _outcome(numbers.read_value, text) == _outcome(_full_value, text)
    assert _outcome(numbers.parse_bound, text) == _full_reading(text)


def _plain_one_by_one(texts):
    """numbers.plain_values as _plain_bound gives it, cell by cell (the oracle)."""
    index, values, units, bounds = [], [], [], []
    for i, text in enumerate(texts):
        if (plain := numbers._plain_bound(text)) is not None:
            index.append(i)
            values.append(float(plain[0].value))
            units.append(plain[0].unit)
            bounds.append(plain[1])
    return index, values, units, bounds


def _plain_at_once(texts):
    index, values, units, bounds = numbers.plain_values(texts)
    return index.tolist(), values, units, bounds


@given(st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=5).map("".join), max_size=20))
@settings(max_examples=1500, deadline=None)
def test_plain_values_at_once_read_as_one_by_one(texts):
    assert _plain_at_once(texts) == _plain_one_by_one(texts)


@given(st.lists(st.text(max_size=8), max_size=20))
@settings(max_examples=500, deadline=None)
def test_plain_values_of_any_text_read_as_one_by_one(texts):
    assert _plain_at_once(texts) == _plain_one_by_one(texts)


@pytest.mark.parametrize("text", [
    "1,564", "12.5%", "25,609千円以下", "76.4%以下", "2,217人", "5超", "5超え", "5を超える", "100未満", "10件以上",
    "5以下", "5以下件", "5%超", "5%件", "1,000千円", "5千円", "5百万円", "2万5千", "3万人", "5千", "5件未設定",
    "1,2345", "12.5.3", "007", "1.50", "15,800kWh", "10㎡", "5人/日", "5・6", "ガ5", "5ガ", "5 件", "5か所",
    "99999999999999999999999", "1" * 400, "0.1", "5\n件", "５", "",
])
def test_plain_values_of_tricky_spellings(text):
    assert _plain_at_once([text, "x", text]) == _plain_one_by_one([text, "x", text])


@pytest.mark.parametrize("text", ["1,564", "12.5%", "25,609千円以下", "76.4%以下", "2,217人", "5超", "1,000千円"])
def test_common_spellings_take_the_plain_path(text):
    assert numbers._plain_bound(text) is not None


def test_width_folding_matches_nfkc_of_width_forms_for_every_character():
    import unicodedata
    for code in list(range(0x30000)):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        expected = unicodedata.normalize("NFKC", ch) if unicodedata.decomposition(ch).startswith(
            ("<wide>", "<narrow>", "<square>")) else ch
        assert ch.translate(numbers._FOLDS) == expected


def _outcome(read, text):
    try:
        return "ok", read(text)
    except ValueError as exc:
        return type(exc).__name__, str(exc)


def _without_plain(read, text):
    saved = numbers._plain_bound
    numbers._plain_bound = lambda _: None
    try:
        return read(text)
    finally:
        numbers._plain_bound = saved


def _full_reading(text):
    return _outcome(lambda t: _without_plain(numbers.parse_bound, t), text)


def _full_value(text):
    return _without_plain(numbers.read_value, text)


# Scientific notation as Excel writes it: the number Excel means, never 1 with the unit "E6"
# (issue #12). One line per spelling: (cell as written, value, unit)
SCIENTIFIC = [
    pytest.param("1E6", "1000000", None, id="upper-e"),
    pytest.param("1e6", "1000000", None, id="lower-e"),
    pytest.param("1E+6", "1000000", None, id="plus-exponent"),
    pytest.param("1.2E+06", "1200000", None, id="excel-display"),
    pytest.param("1.23E+10", "12300000000", None, id="excel-display-large"),
    pytest.param("1e-3", "0.001", None, id="negative-exponent"),
    pytest.param("1.5E-03", "0.0015", None, id="negative-exponent-padded"),
    pytest.param("1e-05", "0.00001", None, id="python-repr-of-small-float"),
    pytest.param("１Ｅ６", "1000000", None, id="fullwidth"),
    pytest.param("１．２Ｅ＋０６", "1200000", None, id="fullwidth-excel-display"),
    pytest.param("1.2E6千円", "1200000", "千円", id="with-yen-unit"),
    pytest.param("1E6 千円", "1000000", "千円", id="with-yen-unit-spaced"),
    pytest.param("1E6件", "1000000", "件", id="with-count-unit"),
    pytest.param("1.5E-3%", "0.0015", "%", id="with-percent"),
    pytest.param("△1E3", "-1000", None, id="triangle-negative"),
    pytest.param("-1.2E+06", "-1200000", None, id="hyphen-negative"),
    pytest.param("1.E3", "1000", None, id="bare-point"),
    pytest.param(".5e1", "5", None, id="leading-point"),
    pytest.param("0E0", "0", None, id="zero"),
    pytest.param("1e30", "1000000000000000000000000000000", None, id="beyond-decimal-precision"),
]


@pytest.mark.parametrize("text, value, unit", SCIENTIFIC)
def test_reads_scientific_notation_as_the_number_excel_means(text, value, unit):
    assert parse_number(text) == Quantity(Decimal(value), unit)
    cell = read_value(text)
    assert (cell.number, cell.unit, cell.text) == (Decimal(value), unit, None)


def test_scientific_notation_keeps_its_bound():
    assert parse_bound("1e6以下") == (Quantity(Decimal(1000000), None), "le")


def test_scientific_amount_converts_to_thousand_yen():
    assert to_thousand_yen(parse_number("1.2E6円")) == Decimal(1200)


@pytest.mark.parametrize("text", ["1,000E3", "1,234.5E+2"])
def test_a_grouped_mantissa_is_a_mistyped_number(text):
    with pytest.raises(ValueError, match="指数表記"):
        read_value(text)


# What a double cannot hold: stored it would read as inf, nan or 0. An error, never words.
NON_FINITE = [
    pytest.param("inf", id="inf"),
    pytest.param("-inf", id="negative-inf"),
    pytest.param("Infinity", id="infinity"),
    pytest.param("NaN", id="nan"),
    pytest.param("nan", id="nan-lower"),
    pytest.param("∞", id="infinity-sign"),
    pytest.param("1e400", id="exponent-overflow"),
    pytest.param("-1E+400", id="negative-exponent-overflow"),
    pytest.param("1e-400", id="underflow-to-zero"),
    pytest.param("1E999999", id="huge-exponent"),
    pytest.param("9" * 400, id="400-digits"),
    pytest.param("9" * 400 + "千円", id="400-digits-with-unit"),
    pytest.param("△" + "9" * 400, id="400-digits-negative"),
    pytest.param("1" + ",000" * 110, id="grouped-330-digits"),
]


@pytest.mark.parametrize("text", NON_FINITE)
def test_a_number_a_double_cannot_hold_is_an_error(text):
    with pytest.raises(ValueError, match="数値として保存できません"):
        parse_number(text)
    with pytest.raises(ValueError, match="数値として保存できません"):
        read_value(text)


def test_plain_values_leave_a_400_digit_number_to_the_full_reading():
    index, values, _, _ = numbers.plain_values(["9" * 400, "12"])
    assert (index.tolist(), values) == ([1], [12.0])


def test_excel_float_of_a_tiny_number_reads_as_itself():
    assert parse_number(1e-05) == Quantity(Decimal("0.00001"), None)


@pytest.mark.parametrize("value, seen", [(float("inf"), "inf"), (float("-inf"), "-inf"), (Decimal("Infinity"), "Infinity")])
def test_an_infinite_number_cell_is_refused_with_the_value_seen(value, seen):
    with pytest.raises(ValueError) as refused:
        numbers.parse_bound(value)
    assert str(refused.value) == f"「{seen}」を数値として読めません。数値（例: 1,000、12.5%、△63,660）を入力してください。"


# 004, 重点目標 4-4 平成25年度 指標・目標: 「放棄呼率を8%(委託契約の数値)以下を目指す」: the note sits
# between the number and its bound; the figure is 8 % or less, the note kept (issue #15).
@pytest.mark.parametrize("text, value, unit, bound, note", [
    ("8%(委託契約の数値)以下", Decimal(8), "%", "le", "委託契約の数値"),
    ("8％（委託契約の数値）以下", Decimal(8), "%", "le", "委託契約の数値"),
    ("20人(各部)以上", Decimal(20), "人", "ge", "各部"),
])
def test_reads_a_note_between_a_number_and_its_bound(text, value, unit, bound, note):
    figure = numbers.read_figure(text)
    assert (figure.value.number, figure.value.unit, figure.value.bound, figure.note) == (value, unit, bound, note)


def test_words_with_a_note_before_a_bound_stay_words():
    figure = numbers.read_figure("黒字(見込み)以上")
    assert (figure.value.number, figure.value.text, figure.note) == (None, "黒字(見込み)以上", None)



@pytest.mark.parametrize("value, seen", [(Decimal("1E+400"), "1E+400"), (10 ** 400, "1" + "0" * 400)])
def test_a_number_cell_too_large_for_a_double_is_refused_naming_it(value, seen):
    with pytest.raises(ValueError) as caught:
        parse_number(value)
    assert str(caught.value) == f"「{seen}」は数値として保存できません（無限大・非数・桁数が大きすぎる数）。正しい数値を入力してください。"


def test_a_unit_of_signs_is_no_unit():
    assert read_value("5#") == CellValue(None, None, "5#", None, False)


def test_plain_values_take_a_300_digit_number_the_plain_way():
    assert numbers.plain_values(["1" * 300])[0].tolist() == [0]


def test_a_blank_unit_note_says_how_to_write_one():
    with pytest.raises(ValueError) as caught:
        numbers.unit_factor_to_thousand_yen(" ")
    assert str(caught.value) == "金額の単位が空欄です。円・千円・万円・百万円・億円 のいずれかを（単位：千円）のように書いてください。"
