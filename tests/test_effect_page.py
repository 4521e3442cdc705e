"""The 効果額 page (pages/effect_amounts.py) under AppTest, on the seed database and on variants.

Figures from 001_9480041d8c514e34.txt (行革推進プラン, R4～R9, no city named).
"""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.test_effect_queries import NO_EFFECTS, OTHER_PLAN, variant_db

PAGE = str(ROOT / "pages/effect_amounts.py")


def run(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def metrics(at: AppTest) -> list[tuple[str, str, str]]:
    return [(m.label, m.value, m.delta) for m in at.metric]


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_opens_on_the_latest_estimate_with_actual_and_projected_totals(app_db):
    at = run()
    assert at.title[0].value == "効果額"
    assert at.sidebar.selectbox(key="effect_plan").value == (None, "行革推進プラン")
    assert at.sidebar.selectbox(key="estimate").value == "後期アクションプラン策定時"
    assert at.sidebar.radio(key="unit").value == "千円"
    # 001 後期: 合計額 2,611,600; R4–R5 実績 △15,673 + 93,900; R6–R9 見込み
    assert metrics(at)[:3] == [("合計（R4 (2022)～R9 (2027)）", "2,611,600 千円", ""),
                               ("うち実績（R4 (2022)～R5 (2023)）", "78,227 千円", ""),
                               ("うち見込み（R6 (2024)～R9 (2027)）", "2,533,373 千円", "")]


def test_headline_compares_the_revision_with_plan_time(app_db):
    at = run()
    # 001 後期, 合計額 (R4~R9) 2,611,600 against 計画策定時 2,674,093; 比較 △62,493
    assert metrics(at)[3:5] == [
        ("R4 (2022)～R9 (2027) 合計（計画策定時）", "2,674,093 千円", ""),
        ("R4 (2022)～R9 (2027) 合計（後期アクションプラン策定時）", "2,611,600 千円", "△62,493 千円")]
    assert at.metric[4].proto.delta_description == "計画策定時との比較"


def test_plan_is_shown_with_no_city_named(app_db):
    at = run()
    select = at.sidebar.selectbox(key="effect_plan")
    assert select.options == ["行革推進プラン（市名記載なし）"]


def test_page_shows_four_charts_and_three_tables(app_db):
    # by area and year, cumulative with its plan line, estimates compared, plan against latest (#16)
    at = run()
    assert len(at.get("vega_lite_chart")) == 4
    assert len(at.table) == 3
    table = at.table[0].value
    assert table.loc["合計"].tolist() == ["△15,673", "93,900", "305,079", "463,066", "746,668", "1,018,560",
                                        "2,611,600"]
    comparison = at.table[1].value
    assert comparison.iloc[:, -1].tolist() == ["△191,326", "△23,842", "152,675", "△62,493"]


def test_printed_totals_are_said_to_agree(app_db):
    at = run()
    assert "印刷された合計と一致（24/24）" in captions(at)
    assert not at.warning


def test_every_chart_and_table_names_its_source(app_db):
    at = run()
    assert captions(at).count("出典: 後期アクションプラン策定について（市名記載なし）") == 3
    assert captions(at).count("ファイル: 001_9480041d8c514e34.txt") == 2
    assert "後期アクションプラン策定時点の改革改善効果額見込み（単位：千円）" in captions(at)


@pytest.mark.parametrize("unit, total, delta, r4", [
    ("百万円", "2,611.6 百万円", "△62.5 百万円", "△15.7"),
    ("億円", "26.12 億円", "△0.62 億円", "△0.16"),
])
def test_unit_switch_changes_metrics_and_tables_together(app_db, unit, total, delta, r4):
    at = run()
    at.sidebar.radio(key="unit").set_value(unit).run()
    assert metrics(at)[0][1] == total
    assert metrics(at)[4][1:] == (total, delta)
    table = at.table[0].value
    assert table.index.name == f"政策分野（{unit}）"
    assert table.loc["合計"].iloc[0] == r4
    assert at.table[1].value.index.name == f"政策分野（{unit}）"


def test_choosing_plan_time_shows_its_figures(app_db):
    at = run()
    at.sidebar.selectbox(key="estimate").set_value("計画策定時").run()
    # plan-time has only 計画 figures: the total alone, no "うち"
    assert metrics(at)[0] == ("合計（R4 (2022)～R9 (2027)）", "2,674,093 千円", "")
    assert at.subheader[0].value == "計画策定時の効果額"
    table = at.table[0].value
    assert table.loc["II 組織・人材マネジメント改革"].iloc[0] == "△63,660"
    assert table.columns[0] == "R4 (2022) 計画"


def test_url_with_filters_restores_the_view(app_db):
    at = run({"estimate": "計画策定時", "unit": "億円", "effect_plan": "行革推進プラン（市名記載なし）"})
    assert at.sidebar.selectbox(key="estimate").value == "計画策定時"
    assert at.sidebar.radio(key="unit").value == "億円"
    assert metrics(at)[0][1] == "26.74 億円"
    assert at.table[0].value.index.name == "政策分野（億円）"


def test_invalid_url_values_fall_back_to_the_defaults(app_db):
    at = run({"estimate": "存在しない時点", "unit": "ドル"})
    assert at.sidebar.selectbox(key="estimate").value == "後期アクションプラン策定時"
    assert at.sidebar.radio(key="unit").value == "千円"


@pytest.fixture
def other_db(seed_db, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANS_DB", str(variant_db(seed_db, tmp_path, OTHER_PLAN)))


def test_any_plan_shows_the_same_way_and_one_estimate_has_nothing_to_compare(other_db):
    at = run({"effect_plan": "テスト改革プラン（綾瀬市）"})
    assert at.sidebar.selectbox(key="effect_plan").options == ["テスト改革プラン（綾瀬市）", "行革推進プラン（市名記載なし）"]
    assert at.sidebar.selectbox(key="estimate").options == ["当初見込み"]
    assert metrics(at) == [("合計（R12 (2030)～R14 (2032)）", "3,165 千円", ""),
                           ("うち実績（R12 (2030)）", "1,055 千円", ""),
                           ("うち見込み（R13 (2031)～R14 (2032)）", "2,110 千円", "")]
    rows = at.table[0].value.index.tolist()
    assert rows == ["1 業務改革", "2 人材育成", "3 公共施設", "4 歳入確保", "合計"]
    assert len(at.get("vega_lite_chart")) == 2
    assert "比較できる時点がありません" in at.info[0].value


def test_a_printed_total_that_does_not_add_up_is_listed(other_db):
    at = run({"effect_plan": "テスト改革プラン（綾瀬市）"})
    warning = at.warning[0].value
    assert "一致 1/2" in warning
    assert "総合計: 印刷 3,160 千円、計算 3,165 千円" in warning


def test_no_effect_amounts_says_so(seed_db, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANS_DB", str(variant_db(seed_db, tmp_path, NO_EFFECTS)))
    at = run()
    assert "効果額（改革改善効果額）のデータがまだありません" in at.info[0].value
    assert not at.get("vega_lite_chart")


def test_url_restores_a_plan_that_is_not_the_default(other_db):
    at = run({"effect_plan": "行革推進プラン（市名記載なし）", "estimate": "計画策定時"})
    assert at.sidebar.selectbox(key="effect_plan").value == (None, "行革推進プラン")
    assert at.sidebar.selectbox(key="estimate").value == "計画策定時"
    assert metrics(at)[0][1] == "2,674,093 千円"


def test_changing_plan_offers_that_plans_estimates(other_db):
    at = run()
    assert at.sidebar.selectbox(key="estimate").value == "当初見込み"
    at.sidebar.selectbox(key="effect_plan").set_value((None, "行革推進プラン")).run()
    assert not at.exception
    assert at.sidebar.selectbox(key="estimate").options == ["計画策定時", "後期アクションプラン策定時"]
    assert at.sidebar.selectbox(key="estimate").value in {"計画策定時", "後期アクションプラン策定時"}
    assert "印刷された合計と一致（24/24）" in captions(at)


def test_a_sidebar_choice_longer_than_its_box_is_written_whole_beneath_it(app_db):
    """At 1280 px the sidebar's box cuts 「行革推進プラン（市名記載なし）」 to 「…（市名記載な」: the whole
    name is written under it; a short one (後期アクションプラン策定時 fits) is not said twice."""
    at = run()
    shown = at.sidebar.selectbox(key="effect_plan")
    assert shown.format_func(shown.value) == "行革推進プラン（市名記載なし）"
    said = [c.value for c in at.sidebar.caption]
    assert "行革推進プラン（市名記載なし）" in said
    assert "後期アクションプラン策定時" not in said
