"""The long-table parser's words, case by case (mutation testing of loaders.tables): a ditto mark
refused with the value it stands for named, the fixed-word columns' fixes, headers matched, and a
refused cell leaving its neighbours as read."""
from __future__ import annotations

import pandas as pd
import pytest

from loaders import tables

DITTO = "は{where}と同じという意味の記号ですが、取込ではその値を推測しません。同じ値なら、このセルにもその値を書いてください{value}。"


def _kpi(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base = {"city": ["厚木市"] * n, "plan": ["行政経営プラン"] * n, "fiscal_year": ["R5"] * n,
            "indicator": [f"指標{i}" for i in range(n)], "source": ["試験"] * n}
    return pd.DataFrame({**base, **columns})


def _errors(table, frame):
    _, errors = tables.parse(table, frame, file="f.csv")
    return [(e.row, e.text, e.message) for e in errors]


@pytest.mark.parametrize("cities, row, seen, where, value", [
    # the mark below a city: the city it stands for is named, never written in for the analyst
    (["厚木市", "〃"], 3, "〃", "上の行", "（上の行は「厚木市」）"),
    (["綾瀬市", "同上"], 3, "同上", "上の行", "（上の行は「綾瀬市」）"),
    # 左に同じ points left: no value above to name
    (["厚木市", "左に同じ"], 3, "左に同じ", "左の列", ""),
    # a mark below a mark stands for nothing the sheet shows; a mark in the first row has no row above
    (["厚木市", "〃", "〃"], 4, "〃", "上の行", ""),
    (["〃", "厚木市"], 2, "〃", "上の行", ""),
])
def test_a_ditto_mark_is_refused_and_names_what_it_stands_for(cities, row, seen, where, value):
    said = [e for e in _errors("kpi", _kpi(city=cities)) if e[0] == row]
    assert said == [(row, seen, f"「{seen}」" + DITTO.format(where=where, value=value))]


def test_a_ditto_mark_among_figures_leaves_the_other_figures_as_read():
    parsed, errors = tables.parse("kpi", _kpi(target=["800件", "〃"], actual=["782件", "790件"]), file="f.csv")
    assert [(e.row, e.column, e.header, e.text) for e in errors] == [(3, "F", "target", "〃")]
    assert parsed["target_value"].tolist()[0] == 800.0 and pd.isna(parsed["target_value"].tolist()[1])
    assert parsed["actual_value"].tolist() == [782.0, 790.0]
    assert parsed["target_printed"].tolist() == ["800件", "〃"]


@pytest.mark.parametrize("table, column, text, message", [
    ("budget", "is_revenue", "歳入です", "true（歳入）か false（歳出）で入力してください。"),
    ("themes", "area_kind", "ピラー", "分野の種類は 柱 か 目標の区分（アウトプット・アウトカムなど）で入力してください。空欄は「柱」です。"),
    ("plans", "scope", "係", "範囲は 市（市全体）・局・区・部・課 のいずれかで入力してください。空欄は「記載なし」です。"),
])
def test_a_fixed_word_column_says_which_words_it_takes(table, column, text, message):
    fields = tables.THEMES if table == "themes" else tables.TABLES[table]
    frame = pd.DataFrame({f.name: ["x"] for f in fields if f.required})
    for f in fields:
        if f.kind in ("fiscal_year",) and f.required:
            frame[f.name] = ["R5"]
        if f.kind == "amount":
            frame[f.name] = ["1,000"]
        if f.kind == "period":
            frame[f.name] = ["R4～R9"]
    frame[column] = [text]
    assert _errors(table, frame) == [(2, text, message)]


@pytest.mark.parametrize("text, read", [("TRUE", True), ("false", False), ("True", True)])
def test_a_boolean_is_read_whatever_its_case(text, read):
    assert tables._boolean(text) is read


def test_headers_are_matched_by_field_or_japanese_heading_and_the_rest_returned_as_written():
    mapping, unknown = tables.header_map("kpi", ["市名", " 目標 ", "Indicator", "備考", "出典", "メモ欄"])
    assert mapping == {"市名": "city", " 目標 ": "target", "Indicator": "indicator", "出典": "source"}
    assert unknown == ["備考", "メモ欄"]


def test_an_error_names_the_cell_by_the_letter_and_heading_the_sheet_gives():
    # a layout reads 年度 from the sheet's H column: the error says so, not the frame's order
    frame = _kpi(fiscal_year=["R99年"])
    _, errors = tables.parse("kpi", frame, file="f.xlsx", sheet="R5", first_row=7,
                             headings={"fiscal_year": ("H", "年度"), "city": ("A", "市名")})
    assert [(e.sheet, e.row, e.column, e.header, e.text) for e in errors] == [("R5", 7, "H", "年度", "R99年")]


def test_a_field_is_named_typed_and_found_by_the_common_headings_and_its_own():
    # tables.TABLES is built by _f when the module is imported, before mutmut switches a mutant on:
    # called here, its every argument counts
    assert tables._f("city") == tables.Field("city", "text", False, ("市名", "市", "自治体", "団体名"))
    assert tables._f("target", "value", True, "目標", "目標値") == tables.Field("target", "value", True, ("目標", "目標値"))
    assert tables._f("plan", "text", True, "名称") == tables.Field("plan", "text", True, ("計画", "計画名", "プラン", "名称"))


def test_a_tables_spec_holds_its_fields_key_compared_columns_and_scope():
    spec = tables._spec("kpi", ("indicator", "fiscal_year"), ("target_value",), ("city", "plan", "x"))
    assert (spec.name, spec.fields, spec.key, spec.compared, spec.scope) == (
        "kpi", tables.TABLES["kpi"], ("indicator", "fiscal_year"), ("target_value",), ("city", "plan", "x"))
    assert tables._spec("plans", ("plan",), ()).scope == ("city", "plan")
