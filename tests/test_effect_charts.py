"""Chart builders and table frames of the 効果額 page, checked as Vega-Lite dicts on the seed database.

Figures from 001_9480041d8c514e34.txt (行革推進プラン), tables 計画策定時点 / 後期アクションプラン策定時点の
改革改善効果額見込み (単位：千円).
"""
from __future__ import annotations

import pytest

from dashboard.charts import effects as charts
from dashboard.queries import effects as queries

PLAN = (None, "行革推進プラン")
PLAN_TIME, REVISED = "計画策定時", "後期アクションプラン策定時"
YEAR_LABELS = ["R4 (2022)", "R5 (2023)", "R6 (2024)", "R7 (2025)", "R8 (2026)", "R9 (2027)"]


def layer_data(spec: dict, layer: dict) -> list[dict]:
    return spec["datasets"][layer["data"]["name"]]


def marks(spec: dict) -> list[str]:
    return [layer["mark"]["type"] for layer in spec["layer"]]


def layer_of(spec: dict, mark: str) -> dict:
    return next(layer for layer in spec["layer"] if layer["mark"]["type"] == mark)


def bars_spec(estimate: str, unit: str) -> dict:
    return charts.by_area_and_year(queries.amounts(*PLAN, estimate), queries.year_totals(*PLAN, estimate),
                                   unit, estimate=estimate).to_dict()


# amount in 千円, unit, text: converted values keep the decimals that stay honest
AMOUNT_TEXT = [
    (2_611_600, "千円", "2,611,600 千円"),
    (2_611_600, "百万円", "2,611.6 百万円"),
    (2_611_600, "億円", "26.12 億円"),
    (-52_218, "千円", "△52,218 千円"),
    (-52_218, "百万円", "△52.2 百万円"),
    (-52_218, "億円", "△0.52 億円"),
    (0, "億円", "0.00 億円"),
    (4, "億円", "0.01未満 億円"),          # a non-zero amount never reads as 0.00
    (None, "千円", "—"),
]


@pytest.mark.parametrize("amount, unit, text", AMOUNT_TEXT)
def test_amount_text_carries_unit_and_enough_decimals(amount, unit, text):
    assert charts.amount_text(amount, unit) == text


# A delta is written with △ like every figure; its arrow and colour are given with it, because
# Streamlit reads a direction only from a leading minus.
DELTAS = [(-62_493, "千円", ("△62,493 千円", "red", "down")), (-62_493, "億円", ("△0.62 億円", "red", "down")),
          (152_675, "百万円", ("+152.7 百万円", "green", "up")), (0, "千円", ("0 千円", "off", "off")),
          (-4, "億円", ("△0.01未満 億円", "red", "down"))]


@pytest.mark.parametrize("amount, unit, shown", DELTAS)
def test_metric_delta_writes_a_triangle_and_points_the_arrow(amount, unit, shown):
    d = charts.delta(amount, unit)
    assert (d["delta"], d["delta_color"], d["delta_arrow"]) == shown


def test_area_bars_stack_from_zero_so_negatives_go_below(app_db):
    spec = bars_spec(PLAN_TIME, "千円")
    bars = layer_of(spec, "bar")
    assert bars["encoding"]["y"]["stack"] == "zero"
    assert bars["encoding"]["order"]["field"] == "area_no"
    r4 = {row["area"]: row["value"] for row in layer_data(spec, bars) if row["year"] == "R4 (2022)"}
    # 001 計画策定時 R4: II △63,660 stacks down from 0 while I +11,442 stacks up
    assert r4 == {"I 業務マネジメント改革": 11_442, "II 組織・人材マネジメント改革": -63_660,
                  "III 財務マネジメント改革": 0}


def test_area_chart_is_bars_with_zero_rule_and_net_layer_not_an_area(app_db):
    spec = bars_spec(PLAN_TIME, "千円")
    assert marks(spec) == ["bar", "rule", "tick", "text"]
    assert "area" not in marks(spec)
    assert layer_data(spec, layer_of(spec, "rule")) == [{"zero": 0}]


def test_net_per_year_is_marked_with_tick_and_label(app_db):
    spec = bars_spec(PLAN_TIME, "千円")
    net = layer_data(spec, layer_of(spec, "tick"))
    assert [row["value"] for row in net] == [-52_218, 274_598, 405_430, 642_023, 697_417, 706_843]
    label = layer_of(spec, "text")
    assert label["encoding"]["text"]["field"] == "label"
    assert layer_data(spec, label)[0]["label"] == "計 △52,218 千円"
    # the label sits above the positive part of the stack, clear of the bars
    assert layer_data(spec, label)[0]["top"] == 11_442


def test_projected_years_are_paler_and_dashed_and_said_so(app_db):
    spec = bars_spec(REVISED, "千円")
    enc = layer_of(spec, "bar")["encoding"]
    assert enc["opacity"]["scale"]["domain"] == ["実績", "見込み"]
    actual_opacity, projected_opacity = enc["opacity"]["scale"]["range"]
    assert projected_opacity < actual_opacity
    assert enc["strokeDash"]["scale"]["range"][1] != [1, 0]
    assert enc["opacity"]["title"] == enc["strokeDash"]["title"] == "区分"
    kinds = {row["year"]: row["value_kind"] for row in layer_data(spec, layer_of(spec, "bar"))}
    assert [kinds[y] for y in YEAR_LABELS] == ["実績", "実績", "見込み", "見込み", "見込み", "見込み"]
    assert any("見込みは薄い色・点線の枠" in line for line in spec["title"]["subtitle"])


def test_plan_time_chart_says_its_figures_are_plans(app_db):
    spec = bars_spec(PLAN_TIME, "千円")
    assert layer_of(spec, "bar")["encoding"]["opacity"]["scale"]["domain"] == ["計画"]
    assert any("計画は計画策定時の見込み額（実績ではありません）" in line for line in spec["title"]["subtitle"])
    assert "計画策定時" in spec["title"]["text"]


@pytest.mark.parametrize("unit, r4_ii, label", [
    ("千円", -63_660, "計 △52,218 千円"), ("百万円", -63.66, "計 △52.2 百万円"), ("億円", -0.6366, "計 △0.52 億円")])
def test_unit_switch_changes_values_axis_and_labels(app_db, unit, r4_ii, label):
    spec = bars_spec(PLAN_TIME, unit)
    bars = layer_of(spec, "bar")
    assert bars["encoding"]["y"]["title"] == f"改革改善効果額（{unit}）"
    row = next(r for r in layer_data(spec, bars) if r["year"] == "R4 (2022)" and r["policy_area_code"] == "II")
    assert row["value"] == pytest.approx(r4_ii)
    assert row["text"].endswith(unit)
    assert layer_data(spec, layer_of(spec, "text"))[0]["label"] == label
    assert spec["title"]["subtitle"][0].startswith(f"単位: {unit}")


def test_years_read_as_era_labels_in_order_with_tooltips(app_db):
    spec = bars_spec(REVISED, "千円")
    enc = layer_of(spec, "bar")["encoding"]
    assert enc["x"]["sort"] == YEAR_LABELS
    assert [t["title"] for t in enc["tooltip"]] == ["年度", "政策分野", "区分", "効果額"]
    assert layer_data(spec, layer_of(spec, "bar"))[0]["text"] == "14,358 千円"
    assert "△" in enc["y"]["axis"]["labelExpr"]


def test_tooltips_keep_the_exact_figure_when_the_unit_rounds(app_db):
    spec = bars_spec(PLAN_TIME, "億円")
    bars = layer_of(spec, "bar")
    assert [t["title"] for t in bars["encoding"]["tooltip"]][-1] == "効果額（千円・資料の値）"
    row = next(r for r in layer_data(spec, bars) if r["year"] == "R4 (2022)" and r["policy_area_code"] == "I")
    assert (row["text"], row["exact"]) == ("0.11 億円", "11,442 千円")
    net = layer_data(spec, layer_of(spec, "tick"))[0]
    assert (net["text"], net["exact"]) == ("△0.52 億円", "△52,218 千円")


def test_cumulative_line_runs_to_the_grand_total_dashed_after_the_last_actual(app_db):
    spec = charts.cumulative(queries.year_totals(*PLAN, REVISED), "千円", estimate=REVISED).to_dict()
    assert marks(spec) == ["line", "rule", "point", "text", "text"]
    line = layer_of(spec, "line")
    rows = layer_data(spec, line)
    actual = [r["year"] for r in rows if r["kind"] == "実績"]
    projected = [r["year"] for r in rows if r["kind"] == "見込み"]
    # R5 ends the 実績 segment and starts the 見込み one, so the line has no gap
    assert actual == ["R4 (2022)", "R5 (2023)"]
    assert projected == ["R5 (2023)", "R6 (2024)", "R7 (2025)", "R8 (2026)", "R9 (2027)"]
    points = layer_data(spec, layer_of(spec, "point"))
    # 001 後期: running sum of the 合計行, ending at 合計額 2,611,600
    assert [p["value"] for p in points] == [-15_673, 78_227, 383_306, 846_372, 1_593_040, 2_611_600]
    assert line["encoding"]["y"]["title"] == "累計（千円）"


def test_comparison_bars_are_grouped_per_area_with_the_difference(app_db):
    spec = charts.estimate_comparison(queries.estimate_comparison(*PLAN), "千円").to_dict()
    bars = layer_of(spec, "bar")
    assert bars["encoding"]["xOffset"]["sort"] == [PLAN_TIME, REVISED]
    assert bars["encoding"]["x"]["sort"] == ["I 業務マネジメント改革", "II 組織・人材マネジメント改革",
                                             "III 財務マネジメント改革", "合計"]
    values = {(r["area"], r["estimate"]): r["value"] for r in layer_data(spec, bars)}
    assert values[("合計", PLAN_TIME)] == 2_674_093
    assert values[("合計", REVISED)] == 2_611_600
    labels = [r["label"] for r in layer_data(spec, spec["layer"][-1])]
    # 001 後期, 計画策定時との比較
    assert labels == ["比較 △191,326 千円", "比較 △23,842 千円", "比較 152,675 千円", "比較 △62,493 千円"]
    assert bars["encoding"]["y"]["title"] == "合計額（千円）"


def test_amount_table_has_total_row_and_column_in_the_unit(app_db):
    table = charts.amount_table(queries.area_year_cells(*PLAN, PLAN_TIME), "千円")
    assert table.columns.tolist() == ["政策分野（千円）", *[f"{y} 計画" for y in YEAR_LABELS],
                                      "R4～R9 合計"]
    rows = table.set_index("政策分野（千円）")
    assert rows.loc["I 業務マネジメント改革"].tolist() == [
        "11,442", "92,408", "61,050", "178,897", "92,721", "108,721", "545,239"]
    assert rows.loc["II 組織・人材マネジメント改革"].iloc[0] == "△63,660"
    assert rows.loc["合計"].tolist() == [
        "△52,218", "274,598", "405,430", "642,023", "697,417", "706,843", "2,674,093"]


def test_amount_table_headers_say_actual_or_projected(app_db):
    table = charts.amount_table(queries.area_year_cells(*PLAN, REVISED), "億円")
    assert table.columns[1:3].tolist() == ["R4 (2022) 実績", "R5 (2023) 実績"]
    assert table.columns[3] == "R6 (2024) 見込み"
    assert table.set_index("政策分野（億円）").loc["合計"].iloc[-1] == "26.12"


def test_figures_are_right_aligned_labels_are_not(app_db):
    table = charts.amount_table(queries.area_year_cells(*PLAN, PLAN_TIME), "千円")
    config = charts.number_columns(table)
    assert "政策分野（千円）" not in config
    assert config["R4～R9 合計"] == {"alignment": "right"}
    assert len(config) == 7


def test_comparison_table_gives_each_estimate_and_the_difference(app_db):
    table = charts.comparison_table(queries.estimate_comparison(*PLAN), "千円").set_index("政策分野（千円）")
    diff = f"比較（{REVISED} − {PLAN_TIME}）"
    assert table.columns.tolist() == [PLAN_TIME, REVISED, diff]
    assert table[REVISED].tolist() == ["353,913", "2,096,528", "161,159", "2,611,600"]
    assert table[diff].tolist() == ["△191,326", "△23,842", "152,675", "△62,493"]


def test_printed_total_summary_counts_agreement(app_db):
    assert charts.printed_total_summary(queries.printed_total_checks(*PLAN)) == (24, 24, [])
