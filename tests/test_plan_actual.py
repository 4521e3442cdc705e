"""Plan against actual on 効果額 (issue #16): queries, chart, table and page, on the seed.

001 = 001_9480041d8c514e34.txt, 行革推進プラン (R4～R9, no city named): 計画策定時点の改革改善効果額見込み
(the plan) and 後期アクションプラン策定時点の改革改善効果額見込み (R4–R5 実績, R6–R9 見込み), 単位：千円,
合計 rows:
    計画策定時  △52,218  274,598  405,430  642,023  697,417    706,843   合計額 2,674,093
    後期       △15,673   93,900  305,079  463,066  746,668  1,018,560   合計額 2,611,600  比較 △62,493
"""
from __future__ import annotations

import json

import altair as alt
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.charts import describe, plan_actual as charts
from dashboard.queries import effects as effect_queries
from dashboard.queries import plan_actual as queries
from tests.conftest import ROOT
from tests.test_effect_queries import OTHER_PLAN, variant_db

PLAN = (None, "行革推進プラン")
PLAN_TIME, REVISED = "計画策定時", "後期アクションプラン策定時"
# 001, 合計 rows of both tables, R4～R9
PLAN_ROW = [-52_218, 274_598, 405_430, 642_023, 697_417, 706_843]
REVISED_ROW = [-15_673, 93_900, 305_079, 463_066, 746_668, 1_018_560]


@pytest.fixture(autouse=True)
def _seed(app_db):
    yield


def test_the_plan_is_the_plan_time_estimate_and_the_latest_the_revision():
    assert queries.pair(*PLAN) == (PLAN_TIME, REVISED)


def test_each_year_sets_the_latest_beside_the_plan_as_the_tables_print_them():
    years = queries.by_year(*PLAN)
    assert years["fiscal_year"].tolist() == [2022, 2023, 2024, 2025, 2026, 2027]
    assert years["plan_amount"].tolist() == PLAN_ROW
    assert years["latest_amount"].tolist() == REVISED_ROW
    # the heading of each column of 001 後期: 令和4年度 (実績) … 令和9年度 (見込み)
    assert years["latest_kind"].tolist() == ["実績", "実績", "見込み", "見込み", "見込み", "見込み"]
    # every year equals the 合計 row each table prints
    assert (years["plan_printed"] == years["plan_amount"]).all()
    assert (years["latest_printed"] == years["latest_amount"]).all()
    assert years["difference"].tolist() == [b - a for a, b in zip(PLAN_ROW, REVISED_ROW)]


def test_cumulative_sums_end_on_the_printed_grand_totals():
    years = queries.by_year(*PLAN)
    # 001 合計額 (R4~R9): 計画策定時 2,674,093, 後期 2,611,600; their difference is the printed 比較 △62,493
    assert years["plan_cumulative"].iloc[-1] == 2_674_093
    assert years["latest_cumulative"].iloc[-1] == 2_611_600
    assert years["latest_cumulative"].iloc[-1] - years["plan_cumulative"].iloc[-1] == -62_493


def test_a_share_is_given_only_where_the_plan_is_positive():
    years = queries.by_year(*PLAN)
    assert years["ratio"].isna().tolist() == [True, False, False, False, False, False]   # R4 plan △52,218
    assert years["ratio"].iloc[1] == pytest.approx(93_900 / 274_598)


def test_actuals_to_date_against_the_plan_for_the_same_years():
    row = queries.to_date(*PLAN).iloc[0]
    # 001 後期 R4–R5 実績 △15,673 + 93,900 = 78,227; 計画策定時 R4–R5 △52,218 + 274,598 = 222,380
    assert (row.first_fy, row.last_fy, row.years) == (2022, 2023, 2)
    assert row.actual == 78_227
    assert row.planned == 222_380
    assert row.ratio == pytest.approx(0.3518, abs=1e-4)
    assert charts.percent(row.ratio) == "35.2 %"


def test_shifts_name_the_years_below_and_above_the_plan_and_add_up_to_the_printed_comparison():
    shifts = queries.shifts(*PLAN)
    below, above = shifts.iloc[0], shifts.iloc[1]
    assert (below.direction, list(below.years), below.difference) == ("below", [2023, 2024, 2025], -460_006)
    assert (above.direction, list(above.years), above.difference) == ("above", [2022, 2026, 2027], 397_513)
    assert below.difference + above.difference == -62_493          # 001 計画策定時との比較, 合計
    assert charts.shift_text(shifts, "千円", PLAN_TIME) == (
        "計画策定時より少ない年度: R5（実績）・R6～R7（見込み）（差 計 △460,006 千円）。"
        "計画策定時より多い年度: R4（実績）・R8～R9（見込み）（差 計 +397,513 千円）。")


def test_a_plan_with_one_estimate_has_no_plan_to_compare(seed_db, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANS_DB", str(variant_db(seed_db, tmp_path, OTHER_PLAN)))
    other = ("綾瀬市", "テスト改革プラン")
    assert queries.pair(*other) is None
    assert queries.by_year(*other).empty
    assert queries.to_date(*other).empty
    assert charts.plan_against_latest(queries.by_year(*other), queries.to_date(*other), "千円") is None


def test_table_reads_like_the_printed_tables_with_the_share_and_its_years():
    table = charts.table(queries.by_year(*PLAN), queries.to_date(*PLAN), "千円").set_index("時点（千円）")
    assert table.columns.tolist() == ["R4 実績", "R5 実績", "R6 見込み", "R7 見込み", "R8 見込み", "R9 見込み",
                                      "R4～R9 合計", "実績の年度（R4～R5）"]
    assert table.loc["計画策定時（計画）"].tolist()[-2:] == ["2,674,093", "222,380"]
    assert table.loc[REVISED].tolist()[-2:] == ["2,611,600", "78,227"]
    assert table.loc[f"差（{REVISED} − {PLAN_TIME}）"].tolist()[-2:] == ["△62,493", "△144,153"]
    assert table.loc["計画比"].tolist() == ["—", "34.2 %", "75.2 %", "72.1 %", "107.1 %", "144.1 %", "97.7 %",
                                         "35.2 %"]


def test_table_follows_the_unit():
    table = charts.table(queries.by_year(*PLAN), queries.to_date(*PLAN), "百万円").set_index("時点（百万円）")
    assert table.loc[REVISED, "実績の年度（R4～R5）"] == "78.2"


def _spec(chart) -> dict:
    with alt.data_transformers.enable("default", max_rows=None):
        return chart.to_dict()


def test_chart_text_alternative_names_each_years_difference():
    spec = _spec(charts.plan_against_latest(queries.by_year(*PLAN), queries.to_date(*PLAN), "千円"))
    assert describe.summary(spec) == (
        f"計画策定時と最新（{REVISED}）の効果額（年度別・計画比）。R4 (2022) 差 +36,545 千円、"
        "R5 (2023) 差 △180,698 千円、R6 (2024) 差 △100,351 千円、R7 (2025) 差 △178,957 千円、"
        "R8 (2026) 差 +49,251 千円、R9 (2027) 差 +311,717 千円")
    table = describe.table(spec)
    assert len(table) == 12           # six years × two estimates
    assert table.columns.tolist() == ["年度", "時点", "区分", "効果額", f"差（{REVISED} − {PLAN_TIME}）", "計画比"]


def test_chart_writes_the_share_to_date_on_itself():
    spec = _spec(charts.plan_against_latest(queries.by_year(*PLAN), queries.to_date(*PLAN), "千円"))
    texts = [row["label"] for data in spec["datasets"].values() for row in data if "label" in row]
    assert "実績 R4～R5: 計画比 35.2 %" in texts


def test_cumulative_chart_has_a_plan_line_listed_in_its_table():
    chart = charts.cumulative_against_plan(effect_queries.year_totals(*PLAN, REVISED), queries.by_year(*PLAN),
                                           "千円", estimate=REVISED)
    spec = _spec(chart)
    assert describe.summary(spec).startswith(f"累計効果額の推移（{REVISED}、計画線つき）。R4 (2022) △15,673 千円")
    table = describe.table(spec)
    assert table[f"計画線の累計（{PLAN_TIME}）"].tolist()[-1] == "2,674,093 千円"
    assert table[f"累計（{REVISED}）"].tolist()[1] == "78,227 千円"
    assert table[f"計画線の累計（{PLAN_TIME}）"].tolist()[1] == "222,380 千円"
    texts = [row.get("label") for data in spec["datasets"].values() for row in data]
    assert f"計画線（{PLAN_TIME}）R9 累計 2,674,093 千円" in texts


def test_page_shows_actuals_against_the_plan_with_the_share():
    at = AppTest.from_file(str(ROOT / "pages/effect_amounts.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    metrics = [(m.label, m.value) for m in at.metric]
    assert metrics[-3:] == [("実績（R4～R5）", "78,227 千円"), ("計画（R4～R5、計画策定時）", "222,380 千円"),
                            ("計画比（R4～R5）", "35.2 %")]
    assert "計画比（計画策定時と最新の時点）" in [s.value for s in at.subheader]
    assert any("R8～R9（見込み）（差 計 +397,513 千円）" in m.value for m in at.markdown)
    table = at.table[-1].value
    assert table.loc["計画比", "実績の年度（R4～R5）"] == "35.2 %"
    captions = "\n".join(c.value for c in at.caption)
    assert "✔ 各年度の額は両時点の表に印刷された合計行と一致（6年度）" in captions
    # the cumulative chart carries the plan line
    specs = [json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in at.get("vega_lite_chart")]
    # (the datasets travel apart from the spec, as Arrow: the accessible name and title say it)
    assert any(f"累計効果額の推移（{REVISED}、計画線つき）。" in spec for spec in specs)
    assert not at.warning


def test_page_in_oku_yen_keeps_the_share():
    at = AppTest.from_file(str(ROOT / "pages/effect_amounts.py"), default_timeout=60)
    at.query_params["unit"] = "億円"
    at.run()
    assert [(m.label, m.value) for m in at.metric][-3:] == [
        ("実績（R4～R5）", "0.78 億円"), ("計画（R4～R5、計画策定時）", "2.22 億円"), ("計画比（R4～R5）", "35.2 %")]


def test_plan_time_shown_draws_the_cumulative_chart_without_a_plan_line():
    at = AppTest.from_file(str(ROOT / "pages/effect_amounts.py"), default_timeout=60)
    at.query_params["estimate"] = PLAN_TIME
    at.run()
    specs = [json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in at.get("vega_lite_chart")]
    assert not any("計画線つき" in spec for spec in specs)
    assert [m.value for m in at.metric][-1] == "35.2 %"       # the section does not follow the selector
