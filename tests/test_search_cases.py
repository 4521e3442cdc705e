"""The search's hits, their table and one initiative's sources and words (issue #16), as case tables on the seed.

dashboard/queries/search.py: which rows a term finds and in what order, the frame a blank term gives,
the table people read, and the lookups one opened initiative makes (refs #19).
"""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard.queries import search as q

ATSUGI_000 = "行政経営プラン実施計画（平成27年度実績報告）"
AYASE_003 = "あやせ集中改革プラン（H18～H21）"
BCP = "業務継続計画（BCP）の策定及び改定"                 # 000, 分類 １-(３)-ア
AYASE_STAFF = "今後5年間で職員数を30人(4.6%)削減"           # 003, printed with no 分類
HIT_COLUMNS = ["field", "city", "plan", "initiative_code", "initiative", "indicator", "text", "source"]
WORD_COLUMNS = ["kind", "item", "fiscal_year", "text", "source"]


@pytest.fixture(autouse=True)
def _seed(app_db):
    """Every query here reads the seed database."""


def _rows(found, columns=("field", "city", "initiative_code", "initiative", "indicator")):
    return [[None if pd.isna(v) else v for v in row] for row in found[list(columns)].values.tolist()]


# --- a blank term: no query, the result's columns ----------------------------------------------
@pytest.mark.parametrize("text", ["", "  ", "\u3000", " \u3000 ", None])
def test_a_blank_term_finds_nothing_with_the_columns_of_a_result(text):
    found = q.hits(text)
    assert found.empty
    assert list(found.columns) == HIT_COLUMNS + ["field_label"]
    assert list(found.columns) == [c for c in q.hits("給与").columns if c != "total"]


# --- which rows, in which order ------------------------------------------------------------------
def test_hits_are_listed_by_city_then_plan_then_code_then_field():
    # 000 １-(１)-ア, 003 1 職員自らの改革 (its 取組 and the passage it is read from), 004 1-1 事務事業の概要:
    # 厚木市 before 綾瀬市 before 相模原市 (labels.CITIES, not the plans' names), and within 綾瀬市's
    # codeless rows 取組名 before 資料の記述 although the passage's source sorts first
    found = q.hits("給与")
    assert _rows(found) == [
        ["initiative", "厚木市", "１-(１)-ア", "職責に対応した給与制度の見直し", None],
        ["initiative", "綾瀬市", None, "職員給与や手当ての適正化", None],
        ["narrative", "綾瀬市", None, None, "職員数の削減"],
        ["narrative", "相模原市", "1-1", None, None],
    ]
    assert found["field_label"].tolist() == ["取組名", "取組名", "資料の記述", "資料の記述"]
    assert found["total"].tolist() == [4] * 4


def test_rows_of_no_city_come_after_every_city():
    # 001 prints no city (市名記載なし): its 取組 and passages follow 003's and 004's
    found = q.hits("民間委託")
    assert [None if pd.isna(c) else c for c in found["city"]] == [
        "綾瀬市"] * 6 + ["相模原市", None, None]


def test_the_limit_keeps_the_first_rows_and_the_total_counts_them_all():
    found = q.hits("給与", limit=2)
    assert _rows(found) == _rows(q.hits("給与"))[:2]
    assert found["total"].tolist() == [4, 4]


def test_percent_and_underscore_are_characters():
    # 003 1 職員自らの改革: 「今後5年間で職員数を30人(4.6%)削減し」
    assert q.hits("4.6%")["text"].str.contains("30人(4.6%)", regex=False).all()
    assert len(q.hits("4.6%")) == 2
    assert q.hits("4.%").empty and q.hits("4._").empty and q.hits("_").empty
    assert q.hits("30人'(4.6%)").empty                  # a quote is a character too, not SQL


def test_spaces_and_case_do_not_matter():
    # 001 prints 「B P Rの推進」 beside 「[BPR]」
    found = q.hits("BPR")
    assert "B P Rの推進" in found["text"].tolist() and len(found) == 8
    for text in ("B P R", "bpr", "B\u3000P R"):
        assert _rows(q.hits(text), HIT_COLUMNS) == _rows(found, HIT_COLUMNS)


def test_a_passage_naming_an_initiative_is_not_joined_to_it_by_the_name():
    # 001 ⑤ and ⑦ list 「事務作業の削減・省力化」, the name of one of 001's 取組, but carry no 分類
    found = q.hits("事務作業の削減")
    assert _rows(found) == [
        ["initiative", None, None, "事務作業の削減・省力化", None],
        ["narrative", None, None, None, None],
        ["narrative", None, None, None, None],
    ]


# --- the table people read -----------------------------------------------------------------------
def test_the_hits_table_has_japanese_headers_blanks_and_the_source_by_title():
    # 001 後期アクションプランの方向性 Try ②: no city, no 分類, no 取組, no indicator
    view = q.hits_view(q.hits("人件費削減に向けた取組の強化"))
    assert view.to_dict("records") == [{
        "見つかった項目": "資料の記述", "市": "市名記載なし", "分類": "", "取組名": "", "成果指標": "",
        "記載": "人件費削減に向けた取組の強化",
        "出典": "後期アクションプラン策定について（市名記載なし）、後期アクションプランの方向性 Try 次に取り組が必要なこと ②",
    }]


def test_the_hits_table_keeps_each_rows_code_initiative_and_indicator():
    view = q.hits_view(q.hits("給与"))
    assert view.drop(columns=["記載", "出典"]).values.tolist() == [
        ["取組名", "厚木市", "１-(１)-ア", "職責に対応した給与制度の見直し", ""],
        ["取組名", "綾瀬市", "", "職員給与や手当ての適正化", ""],
        ["資料の記述", "綾瀬市", "", "", "職員数の削減"],
        ["資料の記述", "相模原市", "1-1", "", ""],
    ]
    assert view["記載"].tolist()[:2] == ["職責に対応した給与制度の見直し", "職員給与や手当ての適正化"]
    assert view["出典"].tolist()[0] == (
        "厚木市 平成27年度 行政経営プラン実施計画 実績報告（１ 強い組織をつくる）p.1 分類１-(１)-ア")


# --- one opened initiative: its sources, indicators and words --------------------------------------
@pytest.mark.parametrize(("city", "plan", "code", "name", "sources"), [
    ("厚木市", ATSUGI_000, "１-(３)-ア", BCP,
     ["000_96b2268ca103a618.txt 平成27年度 行政経営プラン実施計画 実績報告（１ 強い組織をつくる）p.1 分類１-(３)-ア"]),
    # 003 prints its 取組 with no 分類: found by the name
    ("綾瀬市", AYASE_003, None, AYASE_STAFF,
     ["003_a41e65aa208a94a2.txt あやせ集中改革プラン(平成18年度から平成21年度) 1 職員自らの改革（本文中の語句）"]),
    ("綾瀬市", ATSUGI_000, "１-(３)-ア", BCP, []),          # another city
    ("厚木市", AYASE_003, "１-(３)-ア", BCP, []),            # another plan
    ("厚木市", ATSUGI_000, "１-(２)-ア", BCP, []),           # another code
    ("厚木市", ATSUGI_000, None, BCP, []),                  # its code is printed: no match without it
    ("厚木市", ATSUGI_000, "１-(３)-ア", "職員の意識改革と人材育成の推進", []),   # another name
])
def test_an_initiatives_sources_need_its_city_plan_code_and_name(city, plan, code, name, sources):
    assert q.initiative_sources(city, plan, code, name) == sources


def test_an_initiative_with_no_code_finds_its_indicators_by_its_name():
    # 003 1 職員自らの改革: 職員数の削減, 今後5年間 30人(4.6%), no 実績 printed
    rows = q.initiative_indicators("綾瀬市", AYASE_003, None, AYASE_STAFF)
    assert rows[["indicator", "year_label", "target_label"]].values.tolist() == [
        ["職員数の削減", "今後5年間", "30人(4.6%)"]]
    none = q.initiative_indicators("綾瀬市", AYASE_003, None, "職員給与や手当ての適正化")
    assert none.empty and list(none.columns) == list(rows.columns)   # an empty result is dressed alike


@pytest.mark.parametrize("code", [None, ""])
def test_an_initiative_with_no_code_has_no_words_but_their_columns(code):
    words = q.initiative_words("綾瀬市", AYASE_003, code)
    assert words.empty
    assert list(words.columns) == WORD_COLUMNS
    assert list(q.initiative_words("厚木市", ATSUGI_000, "１-(３)-ア").columns) == WORD_COLUMNS
