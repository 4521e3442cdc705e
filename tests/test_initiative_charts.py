"""取組一覧 chart builders, checked as Vega-Lite dicts built from the seed database."""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard.charts import initiatives as charts
from dashboard.queries import initiatives as q

PLAN = "市名記載なし\u3000行革推進プラン"


@pytest.fixture(autouse=True)
def _seed(app_db):
    return app_db


def _layers(spec):
    return spec["spec"]["layer"]


def _data(spec):
    return next(iter(spec["datasets"].values()))


def _tooltip_titles(layer):
    return [t["title"] for t in layer["encoding"]["tooltip"]]


# --- 見直し区分 per 戦略区分 ------------------------------------------------------------------
@pytest.fixture
def review_spec():
    return charts.review_by_strategy(q.review_counts(PLAN), PLAN).to_dict()


def test_review_chart_is_titled_with_the_plan(review_spec):
    assert review_spec["title"]["text"] == "見直し区分別の取組数（前期→後期）"
    assert review_spec["title"]["subtitle"] == PLAN


def test_review_chart_stacks_head_words_in_document_order_with_safe_colours(review_spec):
    bars = _layers(review_spec)[0]
    color = bars["encoding"]["color"]
    assert color["scale"]["domain"] == ["継続", "新規", "廃止"]
    assert color["scale"]["range"] == ["#0072B2", "#009E73", "#D55E00"]
    assert color["title"] == "見直し区分"
    stack = next(t for t in bars["transform"] if "stack" in t)
    assert stack["groupby"] == ["policy_area", "strategy"]
    assert stack["sort"][0] == {"field": "review_order"}


def test_review_chart_axes_and_tooltips_carry_units(review_spec):
    bars = _layers(review_spec)[0]
    assert bars["encoding"]["x"]["title"] == "取組数（件）"
    assert _tooltip_titles(bars) == ["基本方針", "戦略区分", "見直し区分", "取組数（件）"]


def test_review_chart_labels_each_segment_and_each_total(review_spec):
    bars, labels, totals = _layers(review_spec)
    assert labels["mark"]["type"] == "text"
    assert labels["encoding"]["text"]["field"] == "initiatives"
    assert totals["encoding"]["text"]["field"] == "label"
    assert {"aggregate": [{"op": "sum", "field": "initiatives", "as": "total"}],
            "groupby": ["policy_area", "strategy"]} in totals["transform"]


def test_review_chart_has_one_panel_per_policy_area_with_its_own_strategies(review_spec):
    assert review_spec["facet"]["row"]["field"] == "policy_area"
    assert review_spec["resolve"]["scale"]["y"] == "independent"
    data = pd.DataFrame(_data(review_spec))
    # 001 sheets 1–4: 65 lines, 41 継続 / 12 新規 / 12 廃止
    assert data.groupby("review_group")["initiatives"].sum().to_dict() == {"継続": 41, "新規": 12, "廃止": 12}
    assert data["policy_area"].nunique() == 3


HEAD_WORD_CASES = [
    (["継続", "廃止"], ["#0072B2", "#D55E00"]),
    (["新規", "統合"], ["#009E73", "#8A8A8A"]),   # a head word another plan may use: grey (3:1 on white), still labelled
]


@pytest.mark.parametrize(("groups", "colours"), HEAD_WORD_CASES)
def test_review_chart_colours_only_the_head_words_present(groups, colours):
    counts = pd.DataFrame({"policy_area": "A", "strategy": "(1)", "review_group": groups,
                           "review_order": range(1, len(groups) + 1), "initiatives": [3, 1]})
    spec = charts.review_by_strategy(counts, "厚木市\u3000計画").to_dict()
    scale = _layers(spec)[0]["encoding"]["color"]["scale"]
    assert scale["domain"] == groups
    assert scale["range"] == colours


# --- departments -----------------------------------------------------------------------------
@pytest.fixture
def department_spec():
    return charts.departments(q.department_counts(q.Selection())).to_dict()


def test_department_chart_is_titled_with_the_number_shown(department_spec):
    assert department_spec["title"]["text"] == "担当課別の取組数と成果指標数（上位15課）"
    assert "D X 推進課 / DX推進課" in department_spec["title"]["subtitle"]


def test_department_chart_orders_departments_by_their_totals(department_spec):
    bars = _layers(department_spec)[0]
    order = bars["encoding"]["y"]["sort"]
    # a joint department counts for each department it names (issue #16): 行政経営課 leads
    assert order[:3] == ["行政経営課", "行政マネジメント課", "職員課"]
    assert len(order) == 15


def test_department_chart_shows_initiatives_beside_indicators(department_spec):
    assert department_spec["facet"]["column"]["field"] == "measure"
    assert department_spec["facet"]["column"]["sort"] == ["取組数", "成果指標数"]
    fold = department_spec["transform"][0]
    # folded under the Japanese names, so the chart's table view reads 取組数 / 成果指標数
    assert fold == {"fold": ["取組数", "成果指標数"], "as": ["measure", "count"]}
    bars, labels = _layers(department_spec)
    assert bars["encoding"]["x"]["title"] == "件数（件）"
    assert labels["encoding"]["text"]["field"] == "count"
    assert _tooltip_titles(bars) == ["担当課", "資料での表記", "区分", "件数（件）"]


def test_department_chart_carries_the_seed_counts(department_spec):
    data = pd.DataFrame(_data(department_spec)).set_index("department")
    # 001: 行政マネジメント課 29 lines; 000: 行政経営課 16 initiatives and 18 indicators, joint ones included
    assert data.loc["行政マネジメント課", ["取組数", "成果指標数"]].tolist() == [29, 0]
    assert data.loc["行政経営課", ["取組数", "成果指標数"]].tolist() == [16, 18]


def test_department_chart_title_counts_fewer_departments_when_filtered():
    counts = q.department_counts(q.Selection(plans=["行革推進プラン"]))
    spec = charts.departments(counts).to_dict()
    assert spec["title"]["text"] == f"担当課別の取組数と成果指標数（上位{len(counts)}課）"
    assert len(counts) == 11   # 001 names 11 departments in charge


def test_charts_name_a_japanese_font(review_spec, department_spec):
    for spec in (review_spec, department_spec):
        assert spec["config"]["font"].startswith("Noto Sans CJK JP")
