"""Long tables parsed column by column equal the row-by-row parser they replaced (issue #8):
the same typed frame, dtypes included, and the same errors in the same order."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from loaders import numbers, tables
from loaders.errors import CellError


def row_by_row(table: str, frame: pd.DataFrame, *, file: str, sheet=None, first_row: int = 2):
    """tables.parse as of fa761d1: every cell read and spread in Python lists (the oracle)."""
    fields = {f.name: f for f in tables.TABLES[table]}
    errors = []
    for name, field in fields.items():
        if field.required and name not in frame.columns:
            errors.append(CellError(file, sheet, first_row - 1, name, None,
                                    f"必須の列「{field.label}」がありません。見出し行に追加してください。"))
    if errors:
        return pd.DataFrame(), errors
    parsed, raw = {}, {}
    columns = list(frame.columns)
    for name in columns:
        field = fields[name]
        cells = ["" if v is None or v != v else str(v).strip() for v in frame[name].tolist()]
        raw[name] = cells
        results = {text: tables._read_cell(field, text) for text in dict.fromkeys(cells)}
        # a ditto mark is refused in every column, its message naming the value above
        results.update({text: tables._Problem(text, tables._DITTO) for text in results if tables.dittos([text])})
        parsed[name] = [None if isinstance(r, tables._Problem) else r for r in (results[t] for t in cells)]
        problems = {t: r for t, r in results.items() if isinstance(r, tables._Problem)}
        column, heading = tables._column(columns, name, None)
        errors += [CellError(file, sheet, first_row + i, column, problems[t].seen,
                             tables.ditto_message(t, cells[i - 1] if i else None)
                             if problems[t].message is tables._DITTO else problems[t].message, header=heading)
                   for i, t in enumerate(cells) if t in problems]
    out = {}
    for name, values in parsed.items():
        texts = raw[name]
        if name == "period" and table == "plans":
            out["period_start_fy"] = [v[0] if v else None for v in values]
            out["period_end_fy"] = [v[1] if v else None for v in values]
            out["period_text"] = texts
        elif name in ("target", "actual"):
            blank = numbers.read_figure("")
            figures = [v or blank for v in values]
            cells = [f.value for f in figures]
            out[f"{name}_value"] = [float(c.number) if c.number is not None else None for c in cells]
            out[f"{name}_bound"] = [c.bound for c in cells]
            out[f"{name}_text"] = [c.text for c in cells]
            out[f"{name}_unit"] = [c.unit for c in cells]
            out[f"{name}_printed"] = [t or None for t in texts]
            # issue #15: 約, the parenthetical and its figure, read beside the number
            out[f"{name}_approximate"] = [f.approximate for f in figures]
            out[f"{name}_note"] = [f.note for f in figures]
            out[f"{name}_second_value"] = [float(f.second.value) if f.second else None for f in figures]
            out[f"{name}_second_unit"] = [f.second.unit if f.second else None for f in figures]
        elif name == "amount":
            out["amount_thousand_yen"] = [v[0] if v else None for v in values]
            out["amount_printed"] = [v[1] if v else None for v in values]
        elif name == "value":
            out["value"] = [v[0] if v else None for v in values]
            out["value_unit"] = [v[1] if v else None for v in values]
            out["value_printed"] = [v[2] if v else t for v, t in zip(values, texts)]
            out["value_approximate"] = [bool(v[3]) if v else False for v in values]
            out["value_note"] = [v[4] if v else None for v in values]
        elif name == "mark":
            out["mark"] = [t or None for t in texts]
            out["mark_key"] = values
        else:
            out[name] = values
    for name, allowed in {"value_kind": tables.VALUE_KINDS, "total_kind": tables.TOTAL_KINDS}.items():
        for i, value in enumerate(out.get(name, ())):
            if value is not None and value not in allowed:
                column, heading = tables._column(columns, name, None)
                errors.append(CellError(file, sheet, first_row + i, column, value,
                                        f"「{fields[name].label}」は {' / '.join(allowed)} のいずれかで入力してください。",
                                        header=heading))
    sources = [out.pop(key) for key in ("target_unit", "actual_unit", "value_unit") if key in out]
    if sources:
        given_units = out.get("unit", [None] * len(sources[0]))
        units = []
        for i, (stated, *written) in enumerate(zip(given_units, *sources)):
            written = [u for u in written if u]
            if stated:
                units.append(stated)
            elif len({u.casefold() for u in written}) > 1:
                errors.append(CellError(file, sheet, first_row + i, None, " / ".join(written),
                                        "目標と実績の単位が違います。同じ単位にそろえるか、単位の列に単位を入力してください。"))
                units.append(None)
            else:
                units.append(written[0] if written else None)
        out["unit"] = units
    return pd.DataFrame(out), errors


def same_as_row_by_row(table, frame, **kw):
    got, got_errors = tables.parse(table, frame, file="f.csv", **kw)
    want, want_errors = row_by_row(table, frame, file="f.csv", **kw)
    pd.testing.assert_frame_equal(got, want)
    assert got_errors == want_errors
    return got, got_errors


# Spellings per kind, tricky ones first: each line one way documents write a cell.
VALUES = ["1,564", "１，５６４", "12.5%", "12.5％", "△63,660", "▲12", "-3", "−3", "2万5千時間", "3億", "5千円",
          "1,000千円", "33.3%以下", "10件以上", "≦5", "100未満", "5超", "－", "―", "-", "", "空欄", "未定",
          "未設定", "H28年度から未設定", "黒字", "方針の検討", "1,2345", "(63,660)", "12.5.3", "2015/4/1",
          "15,800kWh", "17,136kwh", "5か所", "5人以上以下", "㎡", "10㎡", " 7 ", "0", "△0", "007", "1.50",
          "5以下", "5%超", "5を超える", "3万人", "25,609千円以下", "5件未設定", "5以下件",
          "約30万人", "６割", "約３割", "25人（各部に１人）", "30人(4.6%)", "250万件を超えた", "半数以上"]
YEARS = ["令和元年度", "R4", "Ｒ４", "H27", "平成27年度", "2015", "2015年度", "FY2020", "平成27年", "R99", "", "令和 4 年度"]
MARKS = ["〇", "○", "×", "X", "△", "-", "", "S", "Ｓ", "済", "◎"]
DIRECTIONS = ["higher", "lower", "高", "↓", "", "up"]
AMOUNTS = ["14,358", "△34,614", "5百万円", "1.2億円", "3万円", "10件", "", "-", "1,2345", "2万5千"]
KINDS = ["実績", "見込み", "計画", "予定", ""]


def test_kpi_cells_every_spelling_against_every_other():
    n = len(VALUES)
    frame = pd.DataFrame({
        "city": ["厚木市"] * n, "plan": ["P"] * n,
        "fiscal_year": [YEARS[i % len(YEARS)] for i in range(n)],
        "indicator": [f"指標{i % 7}" for i in range(n)],
        "unit": ["" if i % 3 else "件" for i in range(n)],
        "direction": [DIRECTIONS[i % len(DIRECTIONS)] for i in range(n)],
        "target": VALUES, "actual": VALUES[::-1],
        "mark": [MARKS[i % len(MARKS)] for i in range(n)],
        "source": ["資料\x01" if i == 5 else "資料" for i in range(n)],
    })
    _, errors = same_as_row_by_row("kpi", frame)
    # The table holds calendar years, out-of-era years, mistyped numbers, unknown marks and
    # directions, a control character and units that disagree on purpose: each is found where it is.
    year, direction, target, actual, mark = "C", "F", "G", "H", "I"
    assert [(e.row, e.column, e.text) for e in errors] == [
        *[(row, year, text) for base in (10, 22, 34, 46) for row, text in ((base, "平成27年"), (base + 1, "R99"))],
        *[(row, direction, "up") for row in range(7, 56, 6)],
        (29, target, "1,2345"), (30, target, "(63,660)"), (29, actual, "(63,660)"), (30, actual, "1,2345"),
        *[(row, mark, "済") for row in (11, 22, 33, 44, 55)],
        (7, "J", "資料\\x01"),   # shown escaped, as the error list prints it
        # units that disagree: 12.5% against 30人(4.6%), 5千円 against 3万人, ６割 / 約３割 against 人
        (4, None, "% / 人"), (12, None, "千円 / 人"), (54, None, "人 / %"), (55, None, "人 / %"),
    ]
    assert {e.text: e.message for e in errors} == {
        "平成27年": "「平成27年」は暦年の書き方です。年度なら「年度」まで入力してください（例: 平成27年度）。",
        "R99": "「R99」は令和の年として読めません。令和は1年（元年）から82年までです。",
        "up": "方向は higher（高いほど良い）か lower（低いほど良い）で入力してください。空欄は「判定に使わない」です。",
        "1,2345": "「1,2345」を数値として読めません。桁区切りのカンマの位置を確認してください（例: 12,345）。",
        "(63,660)": "「(63,660)」を数値として読めません。括弧付きの数は負の数として扱いません。負の数は△を付けてください（例: △63,660）。",
        "済": "「済」を達成マークとして読めません。〇・×・- のいずれかを入力してください。",
        "資料\\x01": "表示できない制御文字が含まれています。セルの内容を入力し直してください。",
        **{units: "目標と実績の単位が違います。同じ単位にそろえるか、単位の列に単位を入力してください。"
           for units in ("% / 人", "千円 / 人", "人 / %")},
    }
    assert {e.file for e in errors} == {"f.csv"} and {e.sheet for e in errors} == {None}


def test_amounts_and_kinds_against_the_row_by_row_parser():
    n = 30
    frame = pd.DataFrame({
        "plan": ["P"] * n, "estimate": ["E"] * n, "policy_area": [f"分野{i % 4}" for i in range(n)],
        "fiscal_year": [YEARS[i % len(YEARS)] for i in range(n)],
        "value_kind": [KINDS[i % len(KINDS)] for i in range(n)],
        "amount": [AMOUNTS[i % len(AMOUNTS)] for i in range(n)], "source": ["s"] * n,
    })
    same_as_row_by_row("effect_amounts", frame, first_row=5)


def test_statistics_and_plans_against_the_row_by_row_parser():
    n = len(VALUES)
    series = pd.DataFrame({"indicator": ["A"] * n, "fiscal_year": ["R4"] * n, "value": VALUES,
                           "unit": [None if i % 2 else "%" for i in range(n)], "source": ["s"] * n})
    same_as_row_by_row("series", series)
    plans = pd.DataFrame({"plan": ["P1", "P2", "P3", "P4"], "period": ["R4～R9", "平成25年度から27年度", "R9～R4", ""],
                          "source": ["s", "s", None, "s"]})
    same_as_row_by_row("plans", plans)


def test_blank_cells_and_missing_values_read_alike():
    frame = pd.DataFrame({"plan": ["P", None, float("nan"), " P "], "indicator": ["A", "A", "", "B"],
                          "fiscal_year": [" R4", None, "", "R5"], "target": [None, "", " 1,000件", "－"],
                          "source": ["s", "s", "s", "s"]}, dtype=object)
    same_as_row_by_row("kpi", frame)


def test_no_rows_gives_the_same_empty_frame():
    frame = pd.DataFrame({"plan": [], "indicator": [], "target": [], "source": []}, dtype=object)
    got, _ = same_as_row_by_row("kpi", frame)
    assert got.empty


def test_a_missing_required_column_is_reported_before_any_cell():
    got, errors = same_as_row_by_row("kpi", pd.DataFrame({"plan": ["P"], "source": ["s"]}))
    assert got.empty
    assert errors == [CellError("f.csv", None, 1, "indicator", None, "必須の列「指標」がありません。見出し行に追加してください。")]


def test_conflicting_units_without_a_unit_column_are_errors_on_their_rows():
    frame = pd.DataFrame({"plan": ["P"] * 4, "indicator": list("ABCD"), "target": ["5件", "5件", "5人", "5%"],
                          "actual": ["6人", "6件", "6人", "6kWh"], "source": ["s"] * 4})
    _, errors = same_as_row_by_row("kpi", frame)
    assert [e.row for e in errors] == [2, 5]


cell = st.one_of(st.sampled_from(VALUES + YEARS + MARKS + AMOUNTS + KINDS), st.text(max_size=6), st.none())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(cell, cell, cell, cell, cell), max_size=12))
# a ditto mark among the values is refused, not kept as the indicator's words
@example(rows=[(None, None, "", None, None), ("", None, '"', None, None)])
@example(rows=[("R4", "5件", "〃", None, None), ("R5", "黒字", "同上", None, None)])
def test_any_kpi_cells_parse_as_row_by_row(rows):
    frame = pd.DataFrame(rows, columns=["fiscal_year", "target", "actual", "unit", "mark"], dtype=object)
    frame.insert(0, "plan", "P")
    frame.insert(1, "indicator", "A")
    frame["source"] = "s"
    same_as_row_by_row("kpi", frame)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(cell, cell, cell), max_size=12))
def test_any_amount_cells_parse_as_row_by_row(rows):
    frame = pd.DataFrame(rows, columns=["fiscal_year", "value_kind", "amount"], dtype=object)
    for name in ("plan", "estimate", "policy_area", "source"):
        frame[name] = "x"
    same_as_row_by_row("effect_amounts", frame)


# Arrow-backed text (a large CSV) is checked for blanks and padding in Arrow, not text by text ------

def test_arrow_whitespace_is_pythons_for_every_character():
    import pyarrow as pa
    import pyarrow.compute as pc
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    spaces = pc.utf8_is_space(pa.array(chars)).to_pylist()
    assert [c for c, space in zip(chars, spaces) if space != c.isspace()] == []


padded_text = st.one_of(st.none(), st.text(alphabet=st.sampled_from(list("a1 \u3000\t\n\x1c\x85\u2028済")), max_size=4))


@settings(max_examples=300, deadline=None)
@given(st.lists(padded_text, max_size=12))
def test_arrow_text_reads_as_object_text(cells):
    from loaders import layouts
    as_objects = pd.Series(cells, dtype=object)
    as_arrow = pd.Series(cells, dtype="str")
    assert tables.text_shape(pd.factorize(as_objects)[1]) is None
    want_codes, want_texts = tables._distinct(as_objects)
    got_codes, got_texts = tables._distinct(as_arrow)
    assert (got_codes.tolist(), got_texts) == (want_codes.tolist(), want_texts)
    assert (layouts._filled(*pd.factorize(as_arrow)).tolist()
            == layouts._filled(*pd.factorize(as_objects)).tolist()
            == [layouts.cell_text(c) != "" for c in cells])


# 合計 / 小計 / 計 rows (loaders/total_rows.py), read as a sheet is: the exact error and 注意 ---------

from loaders import layouts, total_rows  # noqa: E402
from loaders.layouts import Context  # noqa: E402
from tests import test_upload_figures as upload_figures  # noqa: E402

KPI_HEAD = ["市名", "計画", "年度", "指標", "目標", "実績"]


def sheet(rows, file="t.xlsx", name="表"):
    return layouts.read_sheet(rows, file=file, sheet=name, context=Context())


@pytest.mark.parametrize("text, word", [
    ("合計", "合計"), ("総合計", "総合計"), ("合計額", "合計額"), ("総計", "総計"), ("小計", "小計"), ("計", "計"),
    ("合 計", "合計"), ("合\u3000計", "合計"), ("合計（R4～R9）", "合計"), ("小計(R4~R9)", "小計"),
    ("会計", None), ("計画", None), ("合計A", None), ("", None), (None, None), (3, None),
])
def test_a_total_is_named_by_its_word_alone(text, word):
    assert total_rows.total_word(text) == word


def test_a_total_row_that_agrees_is_dropped_with_a_note_naming_its_row():
    result = sheet([KPI_HEAD, ["厚木市", "P", "R5", "研修A", "10件", "8件"], ["厚木市", "P", "R5", "研修B", "5件", "4件"],
                    ["厚木市", "P", "R5", "計", "15件", "12件"]])
    assert (result.errors, result.rows.indicator.tolist()) == ([], ["研修A", "研修B"])
    assert result.warnings == ["4行目は合計・小計の行です。内訳の合計と一致することを確かめ、データには含めていません。"]


@pytest.mark.parametrize("total, refused", [("2.5件", False), ("3件", False), ("3.1件", True), ("1.9件", True)])
def test_a_total_may_differ_from_its_parts_by_half_a_unit_of_rounding(total, refused):
    result = sheet([KPI_HEAD, ["厚木市", "P", "R5", "研修A", "1件", "1.2件"], ["厚木市", "P", "R5", "研修B", "1件", "1.3件"],
                    ["厚木市", "P", "R5", "合計", "2件", total]])
    assert [(e.code, e.row, e.column, e.header, e.text) for e in result.errors] == (
        [("total-row", 4, "F", "実績", total)] if refused else [])


def test_a_total_row_that_disagrees_names_its_cell_both_figures_and_the_parts():
    result = sheet([KPI_HEAD, ["厚木市", "P", "R5", "研修A", "10件", "8件"], ["厚木市", "P", "R6", "研修A", "9件", "1件"],
                    ["厚木市", "P", "R5", "研修B", "5件", "4件"], ["厚木市", "P", "R5", "計", "16件", "13件"]])
    assert [e.as_dict() for e in result.errors] == [
        {"file": "t.xlsx", "sheet": "表", "row": 5, "column": "E", "text": "16件", "code": "total-row", "header": "目標",
         "message": "計の行 16 が、同じ表の同じ年度の行（2行）の合計 15 と一致しません。金額か合計を確認してください。"},
        {"file": "t.xlsx", "sheet": "表", "row": 5, "column": "F", "text": "13件", "code": "total-row", "header": "実績",
         "message": "計の行 13 が、同じ表の同じ年度の行（2行）の合計 12 と一致しません。金額か合計を確認してください。"}]
    assert result.warnings == []


def test_a_total_over_a_part_that_is_no_number_says_so():
    result = sheet([KPI_HEAD, ["厚木市", "P", "R5", "研修A", "10件", ""], ["厚木市", "P", "R5", "研修B", "5件", "4件"],
                    ["厚木市", "P", "R5", "合計", "15件", "4件"]])
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (4, "F", "合計の行 4 が、同じ表の同じ年度の行（2行）の合計 （数値でない内訳があります） と一致しません。金額か合計を確認してください。")]


BUDGET_HEAD = ["市名", "計画", "年度", "事業名", "事業費"]


def test_subtotals_sum_the_rows_since_the_previous_total_and_the_note_names_every_total_row():
    rows = [BUDGET_HEAD, ["相模原市", "経営方針", "R5", "A事業", "1,000"], ["相模原市", "経営方針", "R5", "B事業", "2,000"],
            ["相模原市", "経営方針", "R5", "小計", "3,000"], ["相模原市", "経営方針", "R5", "C事業", "500"],
            ["相模原市", "経営方針", "R5", "D事業", "250"], ["相模原市", "経営方針", "R5", "小計", "750"],
            ["相模原市", "経営方針", "R5", "合計", "3,750"]]
    result = sheet(rows)
    assert result.errors == [] and result.rows.project.tolist() == ["A事業", "B事業", "C事業", "D事業"]
    assert result.warnings == ["4行目・7行目・8行目は合計・小計の行です。内訳の合計と一致することを確かめ、データには含めていません。"]
    rows[6][4] = "751"
    [error] = sheet(rows).errors
    assert (error.row, error.column, error.header, error.message) == (7, "E", "事業費", (
        "小計の行 751 が、同じ表の直前の合計・小計からの行（2行）の合計 750 と一致しません。金額か合計を確認してください。"))


def test_a_total_over_years_sums_its_items_years():
    rows = [["市名", "指標", "年度", "値", "出典"], ["厚木市", "応援件数", "R3", "10件", "広報"],
            ["厚木市", "応援件数", "R4", "12件", "広報"], ["厚木市", "相談件数", "R4", "7件", "広報"],
            ["厚木市", "応援件数", "計", "23件", "広報"]]
    [error] = sheet(rows, "s.csv", None).errors  # the year cell names it; the label is the generic 合計
    assert (error.sheet, error.row, error.column, error.header, error.message) == (None, 5, "D", "値", (
        "合計の行 23 が、同じ表の同じ項目の各年度（2行）の合計 22 と一致しません。金額か合計を確認してください。"))
    rows[4][3] = "22件"
    assert sheet(rows, "s.csv", None).warnings == [
        "5行目は合計・小計の行です。内訳の合計と一致することを確かめ、データには含めていません。"]


def test_a_subtotal_sums_only_the_rows_of_its_own_year_since_the_previous_total():
    rows = [BUDGET_HEAD, ["相模原市", "経営方針", "R5", "A事業", "1,000"], ["相模原市", "経営方針", "R6", "A事業", "4,000"],
            ["相模原市", "経営方針", "R5", "B事業", "2,000"], ["相模原市", "経営方針", "R5", "小計", "3,000"]]
    result = sheet(rows)
    assert (result.errors, len(result.rows)) == ([], 3)
    rows[4][4] = "7,000"
    assert [(e.row, e.message) for e in sheet(rows).errors] == [(5, (
        "小計の行 7,000 が、同じ表の直前の合計・小計からの行（2行）の合計 3,000 と一致しません。金額か合計を確認してください。"))]


def test_a_total_whose_actual_is_a_placeholder_is_checked_on_its_target_only():
    result = sheet([KPI_HEAD, ["厚木市", "P", "R5", "研修A", "10件", "8件"], ["厚木市", "P", "R5", "研修B", "5件", "4件"],
                    ["厚木市", "P", "R5", "計", "16件", "-"]])
    assert [(e.row, e.column, e.text) for e in result.errors] == [(4, "E", "16件")]


# the upload tests' table and a 合計 row over a year with no amount
EFFECT_LONG = [*upload_figures.EFFECT_LONG, ["綾瀬市", "改善プラン", "策定時", "合計", "R6", "", ""]]


def test_effect_total_rows_become_printed_totals_each_one_line_from_its_cell():
    result = sheet(EFFECT_LONG, "e.xlsx", "効果額")
    assert result.errors == [] and len(result.rows) == 4
    where = {"city": "綾瀬市", "plan": "改善プラン", "estimate": "策定時", "_sheet": "効果額", "_column": "G", "_header": "金額"}
    assert result.printed_totals == [
        {**where, "total_kind": kind, "policy_area_code": area, "fiscal_year": fy, "amount_thousand_yen": amount,
         "amount_printed": printed, "source": f"e.xlsx シート「効果額」{row}行目", "_row": row}
        for kind, area, fy, amount, printed, row in [
            ("year_total", None, 2022, 60.0, "60", 4), ("year_total", None, 2023, 260.0, "260", 7),
            ("area_total", "業務の見直し", None, 300.0, "300", 8), ("grand_total", None, None, 320.0, "320", 9)]]
    # the R6 total row has no amount: nothing to check, dropped with the others
    assert result.warnings == ["4行目・7行目・8行目・9行目・10行目は合計・小計の行です。内訳の合計と一致することを確かめ、データには含めていません。"]


def test_an_area_total_is_named_by_the_areas_number_where_the_table_has_one():
    rows = [["市名", "計画", "時点", "番号", "政策分野", "年度", "区分", "金額"],
            ["綾瀬市", "改善プラン", "策定時", "1", "業務の見直し", "R4", "計画", "100"],
            ["綾瀬市", "改善プラン", "策定時", "1", "業務の見直し", "R5", "計画", "200"],
            ["綾瀬市", "改善プラン", "策定時", "1", "業務の見直し", "合計", "", "300"]]
    result = sheet(rows, "e.xlsx", "効果額")
    assert [(p["total_kind"], p["policy_area_code"], p["fiscal_year"], p["amount_printed"], p["_column"])
            for p in result.printed_totals] == [("area_total", "1", None, "300", "H")]
