"""概要's plan list and municipality list, row by row (mutation testing of dashboard.queries.overview).

Figures from the seed database (data/: data/seed/*_plans.csv, data/municipalities.csv); the scopes
the seed lacks (a unit without its name, no scope written) are made on a private copy of it."""
from __future__ import annotations

import pytest

from dashboard.queries import overview
from loaders import store

# (city, plan, period as printed, scope label), in the order 概要 lists them: by city, then period
SEED_PLANS = [
    ("厚木市", "行政経営プラン実施計画（平成27年度実績報告）", "H27", "市全体"),
    ("厚木市", "「庁内副業10％推進」アクションプラン", "令和３年度", "市全体"),
    ("相模原市", "総務局 局・区経営方針（平成25年度）", "平成25年度", "総務局のみ"),
    ("綾瀬市", "あやせ経営戦略プラン", "H18～H27", "市全体"),
    ("綾瀬市", "あやせ集中改革プラン（H18～H21）", "H18～H21", "市全体"),
    ("綾瀬市", "第2期あやせ集中改革プラン（H22～H24）", "H22～H24", "市全体"),
    ("綾瀬市", "第3期あやせ集中改革プラン（H25～H27）", "H25～H27", "市全体"),
    (None, "行革推進プラン", "R4～R9", "市全体"),          # the document names no city: last, not guessed
]


def test_the_plans_are_listed_by_city_and_period_with_their_scope(app_db):
    plans = overview.plans()
    assert [(None if c is None or c != c else c, p, t, s) for c, p, t, s in
            plans[["city", "plan", "period_text", "scope_label"]].itertuples(index=False)] == SEED_PLANS
    assert list(plans.columns) == ["city", "plan", "plan_type", "parent_plan", "period_text", "period_start_fy",
                                   "period_end_fy", "source", "period_note", "scope_label"]
    assert plans["source"].str.len().gt(0).all()


@pytest.mark.parametrize("scope, unit, label", [
    ("局", None, "一つの局のみ"),       # a bureau's plan whose bureau is not named
    ("課", "行政経営課", "行政経営課のみ"),
    (None, None, "範囲の記載なし"),      # the document does not say: said, not taken for the city
    ("市", "総務局", "市全体"),          # a city-wide plan is city-wide whatever unit is written
])
def test_each_kind_of_scope_is_said_as_the_document_gives_it(live, app_db, monkeypatch, scope, unit, label):
    monkeypatch.setenv("PLANS_DB", str(live))
    with store.write(live, derive=False) as con:
        con.execute("update plans set scope = ?, scope_unit = ? where plan = 'あやせ経営戦略プラン'", [scope, unit])
    plans = overview.plans().set_index("plan")
    assert plans.loc["あやせ経営戦略プラン", "scope_label"] == label
    assert plans.loc["第2期あやせ集中改革プラン（H22～H24）", "scope_label"] == "市全体"


def test_the_municipalities_are_listed_by_code_with_their_population_and_its_date(app_db):
    towns = overview.municipalities()
    assert list(towns.columns) == ["city", "code", "prefecture", "kind", "population", "population_date",
                                   "population_source"]
    assert towns["code"].is_monotonic_increasing and towns["code"].is_unique
    three = towns.set_index("city").loc[["相模原市", "厚木市", "綾瀬市"]]
    assert list(three["code"]) == ["141500", "142123", "142182"]
    assert list(three["population"]) == [725493, 223930, 83913]
    assert [str(d)[:10] for d in three["population_date"]] == ["2020-10-01", "2024-02-01", "2020-10-01"]
    assert towns.set_index("city").loc["千代田区", "kind"] == "特別区"
