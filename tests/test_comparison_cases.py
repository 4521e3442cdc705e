"""The three-city comparison (厚木市・綾瀬市・相模原市) figure by figure: each per-resident figure with
the year of its denominator, each plan's scope, the staffing table, the theme mapping and the sources.

Figures from the seed database (data/) and the documents in shared/seeds; a case a seed lacks (a
city-wide or unscoped cost, a cost from two documents, a population without a date) is made on a
private copy of the seed database.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.queries import comparison as queries
from tests.conftest import changed

ALL = list(queries.CITY_OPTIONS)
SAGAMIHARA_PLAN = "総務局 局・区経営方針（平成25年度）"
SAGAMIHARA_DOCUMENT = "相模原市 総務局 局・区経営方針（平成25年度）"
ATSUGI_PAPER = "厚木市 令和３年度 人材マネジメント部会 研究論文「庁内副業10％推進」"
NOT_DIVIDED = "の計画の数値で、市全体の人口で割ると比べられる数値になりません"


@pytest.fixture(autouse=True)
def _seed(app_db):
    """dashboard.db reads $PLANS_DB, which app_db points at the seed database (live, where asked, a copy)."""



def _city(people: pd.DataFrame, city: str) -> pd.Series:
    return people.set_index("city").loc[city]


# --- 年度: a population date's fiscal year -------------------------------------------------------

@pytest.mark.parametrize("date, fiscal_year", [
    ("2024-02-01", 2023),            # 厚木市 推計人口 2024年2月1日: 令和5年度
    ("2020-10-01", 2020),            # 令和2年国勢調査 (10月1日): 令和2年度
    ("2024-03-31", 2023),            # the last day of 令和5年度
    ("2024-04-01", 2024),            # 年度 begins in April
    ("2024-01-01", 2023),
    (dt.date(2024, 2, 1), 2023),     # a date, not text
    (pd.Timestamp("2024-05-01"), 2024),
    (None, None),
    (float("nan"), None),            # a blank cell of a text column
    (pd.NaT, None),
])
def test_population_date_falls_in_its_fiscal_year(date, fiscal_year):
    assert queries.population_fy(date) == fiscal_year


# --- 人口・職員当たり ----------------------------------------------------------------------------

def test_each_denominator_keeps_its_fiscal_year_and_the_gap_to_the_figure():
    people = queries.per_capita(ALL)
    assert list(people["city"]) == ["厚木市", "綾瀬市", "相模原市"]
    assert list(people["population_fy"]) == [2023, 2020, 2020]
    atsugi, ayase, sagamihara = (_city(people, c) for c in ("厚木市", "綾瀬市", "相模原市"))
    # 002, 5-4: 職員数 2,044人 in 令和３年度 (2021) over 推計人口 of 2024-02-01 (2023): two years apart
    assert (atsugi.staff_fy, atsugi.staff_gap) == (2021, 2)
    assert pd.isna(atsugi.cost_gap)
    # 004, 本年度の主な事業 (平成25年度, 2013) beside 令和2年国勢調査 (2020): seven years apart
    assert (sagamihara.cost_fy, sagamihara.cost_gap) == (2013, 7)
    assert pd.isna(sagamihara.staff_gap)
    assert pd.isna(ayase.staff_gap) and pd.isna(ayase.cost_gap)


def test_staff_per_thousand_residents_is_the_r3_staff_over_the_2024_population():
    atsugi = _city(queries.per_capita(["厚木市"]), "厚木市")
    # 002, 5-4: 職員数 2,044人; 職員一人当たりの予算額 0.74 億円 (R3); population 223,930
    assert atsugi.staff_per_1000 == pytest.approx(2044 * 1000 / 223_930)
    assert (atsugi.staff_document, atsugi.budget_per_staff_document) == (ATSUGI_PAPER, ATSUGI_PAPER)
    assert (atsugi.budget_per_staff, atsugi.budget_per_staff_unit, atsugi.budget_per_staff_fy) == (0.74, "億円", 2021)


def test_a_city_without_a_cost_has_no_reason_to_give():
    people = queries.per_capita(ALL)
    for city in ("厚木市", "綾瀬市"):
        row = _city(people, city)
        assert pd.isna(row.cost_thousand_yen) and pd.isna(row.cost_per_1000), city
        assert pd.isna(row.cost_not_comparable), city   # no figure: データなし, not 比較できません


def test_a_bureau_cost_is_not_divided_by_the_city_population():
    row = _city(queries.per_capita(["相模原市"]), "相模原市")
    # 004 is 総務局's 経営方針 (plans.scope 局, scope_unit 総務局): 350,029 千円 is that bureau's (issue #16)
    assert (row.cost_thousand_yen, row.cost_scope, row.cost_document) == (350_029, "総務局のみ", SAGAMIHARA_DOCUMENT)
    assert pd.isna(row.cost_per_1000) and not row.cost_city_wide
    assert row.cost_not_comparable == "事業費は総務局のみ" + NOT_DIVIDED


def test_a_city_wide_cost_is_divided_by_the_city_population(live):
    changed(live, f"update plans set scope = '市', scope_unit = null where plan = '{SAGAMIHARA_PLAN}'")
    row = _city(queries.per_capita(["相模原市"]), "相模原市")
    assert (row.cost_scope, row.cost_city_wide, row.cost_gap) == ("市全体", True, 7)
    assert row.cost_per_1000 == pytest.approx(350_029 * 1000 / 725_493)
    assert pd.isna(row.cost_not_comparable)


@pytest.mark.parametrize("scope, scope_unit, label, reason", [
    (None, None, "範囲の記載なし", "事業費の計画に範囲（市全体・局など）の記載がなく、市全体の人口で割れるか分かりません"),
    ("部", None, "一つの部のみ", "事業費は一つの部のみ" + NOT_DIVIDED),
    ("局", "総務局", "総務局のみ", "事業費は総務局のみ" + NOT_DIVIDED),
])
def test_a_cost_not_city_wide_says_why_it_is_not_comparable(live, scope, scope_unit, label, reason):
    value = lambda v: "null" if v is None else f"'{v}'"  # noqa: E731
    changed(live, f"update plans set scope = {value(scope)}, scope_unit = {value(scope_unit)} "
                   f"where plan = '{SAGAMIHARA_PLAN}'")
    row = _city(queries.per_capita(["相模原市"]), "相模原市")
    assert (row.cost_scope, row.cost_not_comparable) == (label, reason)
    assert pd.isna(row.cost_per_1000) and not row.cost_city_wide
    assert _city(queries.scopes(["相模原市"]), "相模原市").scope_label == label
    assert set(queries.staffing(["相模原市"])["scope_label"]) == {label}


def test_a_cost_from_two_documents_names_each_by_its_title(live):
    changed(live,
             "insert into batches (batch_id, kind, file_name, loaded_at) "
             "values (2, 'import', '事業費.xlsx', timestamp '2026-04-01 09:00')",
             "insert into budget (batch_id, city, plan, fiscal_year, project, amount_thousand_yen, is_revenue, source) "
             f"values (2, '相模原市', '{SAGAMIHARA_PLAN}', 2013, '追加の事業', 1000, false, '事業費.xlsx シート「事業費」3行目')")
    row = _city(queries.per_capita(["相模原市"]), "相模原市")
    assert (row.cost_thousand_yen, row.projects, row.costed_projects) == (351_029, 26, 16)
    upload = "事業費.xlsx（取込 バッチ2、2026-04-01）"
    assert row.cost_document in (f"{SAGAMIHARA_DOCUMENT}、{upload}", f"{upload}、{SAGAMIHARA_DOCUMENT}")


def test_a_population_without_a_date_has_no_year_gap(live):
    # a data/municipalities.csv row may give a population but no date: its year is unknown, not 0
    changed(live, "update municipalities set population_date = null where name = '厚木市'")
    people = queries.per_capita(ALL)
    atsugi = _city(people, "厚木市")
    assert pd.isna(atsugi.population_fy) and pd.isna(atsugi.staff_gap)
    assert atsugi.staff_per_1000 == pytest.approx(2044 * 1000 / 223_930)
    assert _city(people, "相模原市").cost_gap == 7


# --- 計画の範囲 -----------------------------------------------------------------------------------

def test_each_plan_names_what_it_covers():
    scopes = queries.scopes(ALL)
    assert list(zip(scopes["city"].fillna(queries.NO_CITY), scopes["plan"], scopes["scope_label"])) == [
        ("厚木市", "行政経営プラン実施計画（平成27年度実績報告）", "市全体"),
        ("厚木市", "「庁内副業10％推進」アクションプラン", "市全体"),
        ("綾瀬市", "あやせ経営戦略プラン", "市全体"),
        ("綾瀬市", "あやせ集中改革プラン（H18～H21）", "市全体"),
        ("綾瀬市", "第2期あやせ集中改革プラン（H22～H24）", "市全体"),
        ("綾瀬市", "第3期あやせ集中改革プラン（H25～H27）", "市全体"),
        ("相模原市", SAGAMIHARA_PLAN, "総務局のみ"),       # 004: 総務局 局・区経営方針
        (queries.NO_CITY, "行革推進プラン", "市全体"),
    ]


def test_scopes_keep_to_the_chosen_city():
    scopes = queries.scopes(["相模原市"])
    assert list(zip(scopes["city"], scopes["plan_type"], scopes["scope_label"])) == [
        ("相模原市", "経営方針", "総務局のみ")]


def test_achievement_rates_carry_their_plan_scope():
    rates = queries.achievement_rates(ALL)
    labels = {(c if isinstance(c, str) else None, fy): s
              for c, fy, s in zip(rates["city"], rates["fiscal_year"], rates["scope_label"])}
    assert labels[("厚木市", 2015)] == "市全体"
    assert labels[("相模原市", 2012)] == labels[("相模原市", 2013)] == "総務局のみ"


# --- 計画期間の出典 -------------------------------------------------------------------------------

def test_a_printed_period_cites_its_document_only():
    plans = queries.plan_timeline(["厚木市"]).set_index("plan")
    # 000: the title page of 平成27年度 行政経営プラン実施計画 実績報告
    assert plans.loc["行政経営プラン実施計画（平成27年度実績報告）", "source"] == (
        "厚木市 平成27年度 行政経営プラン実施計画 実績報告、表題「平成27年度　行政経営プラン実施計画　実績報告」"
        "（全8ページ、各ページ見出し）")


def test_an_inferred_period_says_how_it_was_inferred():
    row = queries.plan_timeline(["厚木市"]).set_index("plan").loc["「庁内副業10％推進」アクションプラン"]
    # 002 prints no period for its action plan: the paper's year 令和３年度 stands in (issue #15)
    assert row.period_text == "令和３年度（推定）"
    assert row.source.startswith(ATSUGI_PAPER + "、1 はじめに")
    assert row.source.endswith("。期間は推定: アクションプランの計画期間の記載なし（ロードマップは図のみで文字なし）。"
                               "論文の年度（令和３年度）を期間とした")
    assert row.source.count("期間は推定") == 1


# --- 職員数の基準・目標・実績 ---------------------------------------------------------------------

def test_staffing_shows_each_figure_with_its_year_as_printed():
    staffing = queries.staffing(ALL)
    assert list(zip(staffing["city"], staffing["measure"], staffing["role"], staffing["fiscal_year"],
                    staffing["value"], staffing["scope_label"])) == [
        # 002, 5-4: 平成23年度 2,025人, 令和３年度 2,044人
        ("厚木市", "職員数", "基準", "平成23年度", "2,025人", "市全体"),
        ("厚木市", "職員数", "実績", "令和３年度", "2,044人", "市全体"),
        # 003, 第1期 1 職員自らの改革: 今後5年間で職員数を30人(4.6%)削減
        ("綾瀬市", "職員数", "目標", "今後5年間", "30人(4.6%)削減", "市全体"),
        # 004, 2-1 職員数の適正管理: 職員定数 4,590人 → 4,620人 (H25), 4,640人 (H26)
        ("相模原市", "職員定数", "基準", "平成25年度", "4,590人", "総務局のみ"),
        ("相模原市", "職員定数", "目標", "平成26年度", "4,640人", "総務局のみ"),
        ("相模原市", "職員定数", "実績", "平成25年度", "4,620人", "総務局のみ"),
    ]
    ayase = staffing[staffing["city"] == "綾瀬市"].iloc[0]
    assert ayase.note == "削減前の職員数と目標の年度は記載なし"
    assert ayase.source.startswith("003_a41e65aa208a94a2.txt ")


def test_staffing_keeps_to_the_chosen_city():
    staffing = queries.staffing(["相模原市"])
    assert list(zip(staffing["city"], staffing["role"])) == [
        ("相模原市", "基準"), ("相模原市", "目標"), ("相模原市", "実績")]
    assert list(staffing["plan"].unique()) == [SAGAMIHARA_PLAN]


# --- 共通テーマの対応 -----------------------------------------------------------------------------

def test_ayase_pillars_and_initiatives_map_to_themes():
    mapping = queries.theme_mapping(["綾瀬市"])
    assert set(mapping["city"]) == {"綾瀬市"}
    assert mapping["batch_id"].isna().all()               # every row from data/themes.csv
    first = mapping[mapping["plan"] == "あやせ集中改革プラン（H18～H21）"]
    # 003, 第1期: four pillars; under 3 行政システムの改革 four initiatives on finance counted apart
    assert list(zip(first["policy_area"], first["initiative"].fillna(""), first["theme"])) == [
        ("1 職員自らの改革", "", "人材・組織"),
        ("2 組織の改革", "", "人材・組織"),
        ("3 行政システムの改革", "", "業務改革・デジタル"),
        ("3 行政システムの改革", "受益者負担の見直し", "財政・財源"),
        ("3 行政システムの改革", "市税の収納率向上対策を強化", "財政・財源"),
        ("3 行政システムの改革", "財政健全化目標を設定", "財政・財源"),
        ("3 行政システムの改革", "長期財政計画の策定", "財政・財源"),
        ("4 市民と行政の新たな関係づくり", "", "市民協働・情報発信"),
    ]
    assert list(mapping["plan"].value_counts().sort_index()) == [8, 5, 6]   # 第1期, 第2期, 第3期
    assert set(mapping["area_kind"]) == {"柱"}


def test_each_city_has_its_own_mapping():
    assert list(queries.theme_mapping(["厚木市"])["area_kind"]) == ["目標の区分", "目標の区分", "柱", "柱", "柱"]
    sagamihara = queries.theme_mapping(["相模原市"])
    assert (len(sagamihara), set(sagamihara["plan"])) == (6, {SAGAMIHARA_PLAN})
    # 004's six 局・区の役割・目標: two each for 人材・組織 and 市民協働・情報発信, two for 地域・交流
    assert sorted(sagamihara["theme"].value_counts().items()) == [
        ("人材・組織", 2), ("地域・交流", 2), ("市民協働・情報発信", 2)]
    unnamed = queries.theme_mapping([queries.NO_CITY])
    assert unnamed["city"].isna().all()
    assert list(unnamed["policy_area"]) == ["業務マネジメント改革", "組織・人材マネジメント改革", "財務マネジメント改革"]


def test_initiatives_counted_through_their_pillar():
    by_pillar = queries.initiatives_counted_by_pillar(["綾瀬市"])
    assert set(by_pillar["city"]) == {"綾瀬市"}
    first = by_pillar[(by_pillar["plan"] == "あやせ集中改革プラン（H18～H21）")
                      & (by_pillar["policy_area"] == "3 行政システムの改革")]
    # 003, 第1期 3: the finance initiatives have rows of their own, the other three count as the pillar
    assert list(zip(first["initiative"], first["theme"])) == [
        ("オンライン手続き", "業務改革・デジタル"), ("事業の見直しや統廃合の推進", "業務改革・デジタル"),
        ("行政評価制度を活用", "業務改革・デジタル")]
    # as theme_counts counts them: pillars 1 and 2 of the three periods (3+3, 1+3, 3+3) are 人材・組織
    assert (by_pillar["theme"] == "人材・組織").sum() == 16
    assert len(by_pillar) == 32


def test_themes_in_use_are_the_current_themes():
    assert queries.themes_in_use() == ["人材・組織", "地域・交流", "市民協働・情報発信", "業務改革・デジタル", "財政・財源"]
