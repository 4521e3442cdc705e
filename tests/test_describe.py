"""Every chart's text alternative and table view, read from the spec it is drawn from.

Figures from 001_9480041d8c514e34.txt (行革推進プラン), 後期アクションプラン策定時点の改革改善効果額見込み
(単位：千円), 合計 row.
"""
from __future__ import annotations

import altair as alt
import pytest

from dashboard.charts import comparison, describe, effects, initiatives, kpi
from dashboard.queries import comparison as comparison_queries
from dashboard.queries import effects as effect_queries
from dashboard.queries import initiatives as initiative_queries
from dashboard.queries import kpi as kpi_queries

PLAN = (None, "行革推進プラン")
REVISED = "後期アクションプラン策定時"


@pytest.fixture(autouse=True)
def _seed(app_db):
    yield


def _spec(chart) -> dict:
    with alt.data_transformers.enable("default", max_rows=None):
        return chart.to_dict()


def _effect_spec(unit="千円") -> dict:
    return _spec(effects.by_area_and_year(effect_queries.amounts(*PLAN, REVISED),
                                          effect_queries.year_totals(*PLAN, REVISED), unit, estimate=REVISED))


def test_effect_chart_is_named_with_its_title_and_yearly_totals():
    # 001, 後期アクションプラン策定時点, 合計 row: R4 △15,673 … R9 1,018,560
    assert describe.summary(_effect_spec()) == (
        "政策分野別・年度別の効果額（後期アクションプラン策定時）。R4 (2022) 計 △15,673 千円、"
        "R5 (2023) 計 93,900 千円、R6 (2024) 計 305,079 千円、R7 (2025) 計 463,066 千円、"
        "R8 (2026) 計 746,668 千円、R9 (2027) 計 1,018,560 千円")


def test_effect_chart_name_follows_the_unit_switch():
    assert "R9 (2027) 計 10.19 億円" in describe.summary(_effect_spec("億円"))


def test_effect_table_shows_every_cell_the_chart_draws():
    table = describe.table(_effect_spec())
    assert list(table.columns) == ["年度", "政策分野", "区分", "効果額"]
    assert len(table) == 18                       # 3 policy areas × R4–R9
    row = table[(table["年度"] == "R4 (2022)") & table["政策分野"].str.startswith("II ")]
    assert row["効果額"].tolist() == ["△34,614 千円"]     # 001: Ⅱ, R4 (実績)


def test_department_table_names_both_counts_in_japanese():
    spec = _spec(initiatives.departments(initiative_queries.department_counts(initiative_queries.Selection())))
    table = describe.table(spec)
    assert set(table["区分"]) == {"取組数", "成果指標数"}
    # 001: 行政マネジメント課 29 initiatives
    assert table[(table["担当課"] == "行政マネジメント課") & (table["区分"] == "取組数")]["件数（件）"].tolist() == [29]
    assert "取組数 行政マネジメント課 29" in describe.summary(spec)


def test_a_summary_names_at_most_twelve_figures_and_counts_the_rest():
    spec = _spec(initiatives.departments(initiative_queries.department_counts(initiative_queries.Selection())))
    text = describe.summary(spec)
    assert text.count("、") == describe.SHOWN and text.endswith(" 件")


def _every_page_chart():
    chosen = kpi_queries.Filter()
    cities = comparison_queries.CITY_OPTIONS
    yield "timeline", comparison.plan_timeline(comparison_queries.plan_timeline(cities))
    yield "rates", comparison.achievement_rates(comparison_queries.achievement_rates(cities))
    yield "status", kpi.status_bars(kpi_queries.status_counts(chosen, "policy_area"), "政策分野")
    yield "ratios", kpi.ratio_dots(kpi_queries.ratios(chosen), kpi_queries.band_floors())
    yield "cumulative", effects.cumulative(effect_queries.year_totals(*PLAN, REVISED), "千円", estimate=REVISED)
    yield "comparison", effects.estimate_comparison(effect_queries.estimate_comparison(*PLAN), "千円")


@pytest.mark.parametrize("name", ["timeline", "rates", "status", "ratios", "cumulative", "comparison"])
def test_every_chart_has_a_title_figures_and_a_table(name):
    chart = dict(_every_page_chart())[name]
    spec = _spec(chart)
    text = describe.summary(spec)
    title = describe._title(spec)
    assert text.startswith(title + "。") and len(text) > len(title) + 5
    assert not describe.table(spec).empty
