"""`loaders check` tests judgements given as evaluation words and printed series totals (issue #15):
the seed passes, and a copy broken in each rule fails."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from loaders import checks, cli, seed
from tests.test_checks import _edit, _findings


def test_the_seed_passes_the_new_rules(seed_con):
    known = set()
    assert checks.judgement_findings(seed_con, known) == []
    assert checks.series_total_findings(seed_con, known) == []


def test_every_judgement_word_beside_two_figures_is_checked(seed_con):
    items = {row[2] for row in seed_con.execute(checks._JUDGEMENT_CHECK).fetchall()}
    # 001 Problem ② 人件費; 004 1-2, 2-3, 4-4, 6-1 (and 4-2, 6-2, read as figures since issue #15)
    assert {"前期アクションプラン期間 人件費の適正化", "2012 職場研修の実施件数", "2012 長期病気休業職員の割合",
            "2012 放棄呼率", "2012 市民の国際交流、国際理解の機会の拡充を図るための事業への参加者数"} <= items


@pytest.mark.parametrize("file, match, value, item", [
    # 004, 4-4 放棄呼率 10%以下 against 5.6%: 「目標を達成」 changed to 未達成
    ("004_kpi.csv", {"initiative_code": "4-4", "fiscal_year": "H24"}, "未達成", "2012 放棄呼率"),
    # 004, 2-3 長期病気休業職員の割合 2.7%以下 against 2.8%: 「未達成」 changed to 目標を達成
    ("004_kpi.csv", {"initiative_code": "2-3", "fiscal_year": "H24"}, "目標を達成", "2012 長期病気休業職員の割合"),
    # 004, 1-2 職場研修 782件 of 800件: 「概ね達成」 changed to 目標を達成
    ("004_kpi.csv", {"initiative_code": "1-2", "fiscal_year": "H24"}, "目標を達成", "2012 職場研修の実施件数"),
    # 001, Problem ② 人件費の適正化 33.3%以下 against 32.9%: 「達成」 changed to 未達成
    ("001_kpi.csv", {"indicator": "人件費の適正化"}, "未達成", "前期アクションプラン期間 人件費の適正化"),
    # 004, 6-1 参加者数 1万人 against 6,181人: 「目標には達しなかった」 changed to 目標を達成
    ("004_kpi.csv", {"initiative_code": "6-1", "fiscal_year": "H24"}, "目標を達成",
     "2012 市民の国際交流、国際理解の機会の拡充を図るための事業への参加者数"),
])
def test_a_changed_judgement_word_fails(data_copy, tmp_path, file, match, value, item):
    _edit(data_copy / "seed" / file, match, "evaluation", value)
    found = [f for f in _findings(data_copy, tmp_path) if f.check == "kpi_evaluation_direction"]
    assert [f.item for f in found] == [item]


def test_a_changed_printed_series_total_fails(data_copy, tmp_path):
    # 000, p.5 分類２-(３)-イ 合計：52,980千円 changed to 52,990千円
    _edit(data_copy / "seed" / "000_series_totals.csv", {"total": "未利用地売却額 合計"}, "value", "52,990千円")
    found = [f for f in _findings(data_copy, tmp_path) if f.check == "series_total"]
    assert [(f.printed, f.computed) for f in found] == [(52_990, 52_980)]


def test_a_changed_part_fails_the_series_total(data_copy, tmp_path):
    _edit(data_copy / "seed" / "000_series.csv", {"indicator": "未利用地売却額 戸田長淵用地（元市営住宅長淵団地）"},
          "value", "27,100千円")
    assert [f.check for f in _findings(data_copy, tmp_path)] == ["series_total"]


def test_check_command_exits_1_on_a_broken_copy(data_copy, tmp_path):
    _edit(data_copy / "seed" / "004_kpi.csv", {"initiative_code": "4-4", "fiscal_year": "H24"}, "evaluation", "未達成")
    path = tmp_path / "broken.duckdb"
    seed.rebuild(path, data_copy)
    result = CliRunner().invoke(cli.main, ["check", "--db", str(path)])
    assert result.exit_code == 1 and "kpi_evaluation_direction" in result.output


# --- 001's 基本目標 judged in words, and printed achievement rates (issue #15) ----------------------

def test_the_seed_passes_the_goal_and_rate_rules(seed_con):
    assert checks.goal_findings(seed_con, set()) == []
    assert checks.printed_rate_findings(seed_con, set()) == []


def test_every_001_goal_judgement_is_held_with_what_it_is_judged_against(seed_con):
    rows = seed_con.execute("select item, goal, judgement, status, basis from v_judgements order by item").fetchall()
    assert rows == [
        # 001, 前期アクションプランの総括 Keep ① / ②, Problem ① / ②
        ("Keep ①", "職場における改革・改善マインドの醸成", "目標を達成していない", "not_achieved", "none"),
        ("Keep ②", "財政調整2基金残高の標準財政規模に対する割合", "確保できている", "achieved", "none"),
        ("Problem ①", "財政の健全化", "目標と実績の大きな乖離がある", "not_achieved", "effect_actuals"),
        ("Problem ②", "人件費の適正化", "達成", "achieved", "kpi"),
    ]


@pytest.mark.parametrize("item, word", [
    # 001, Problem ② 「33.3%以下に対して、実績が32.9%と達成」: changed to 未達成
    ("Problem ②", "未達成"),
    # 001, Problem ① 「目標と実績の大きな乖離がある」 (R4・R5 実績 78,227 千円 against 222,380): changed to 達成
    ("Problem ①", "達成"),
])
def test_a_changed_goal_judgement_word_fails(data_copy, tmp_path, item, word):
    _edit(data_copy / "seed" / "001_judgements.csv", {"item": item}, "judgement", word)
    found = [f for f in _findings(data_copy, tmp_path) if f.check == "goal_judgement"]
    assert [f.plan for f in found] == ["行革推進プラン"] and len(found) == 1 and f"評価「{word}」" in found[0].message


def test_a_changed_figure_fails_the_goal_judgement(data_copy, tmp_path):
    # 001, Problem ② 人件費 実績 32.9% changed to 34.0%: no longer 33.3%以下, so 「達成」 does not hold
    _edit(data_copy / "seed" / "001_kpi.csv", {"indicator": "人件費の適正化"}, "actual", "34.0%")
    checks_failed = {f.check for f in _findings(data_copy, tmp_path)}
    assert "goal_judgement" in checks_failed


def test_a_changed_effect_actual_fails_the_goal_judgement(data_copy, tmp_path):
    # 001, 後期アクションプラン策定時点 II 令和5年度 実績 73,396 changed to 273,396: the 実績 years now
    # exceed the plan-time 222,380, so 「目標と実績の大きな乖離がある（効果額が少ない）」 does not hold
    _edit(data_copy / "seed" / "001_effect_amounts.csv",
          {"estimate": "後期アクションプラン策定時", "policy_area_code": "II", "fiscal_year": "令和5年度"},
          "amount", "273,396")
    found = [f for f in _findings(data_copy, tmp_path) if f.check == "goal_judgement"]
    assert len(found) == 1 and "278,227" in found[0].message and "222,380" in found[0].message


def test_a_goal_judged_against_no_figure_fails(data_copy, tmp_path):
    # a judgement said to rest on an indicator the database does not hold has nothing to test it with
    _edit(data_copy / "seed" / "001_judgements.csv", {"item": "Problem ②"}, "indicator", "人件費比率")
    found = [f for f in _findings(data_copy, tmp_path) if f.check == "goal_judgement"]
    assert len(found) == 1 and "数値がありません" in found[0].message


def test_a_changed_printed_rate_fails(data_copy, tmp_path):
    # 004, 重点目標 1-2 「達成率97.8%」 (782 ÷ 800 = 97.75 %) changed to 98.8%
    _edit(data_copy / "seed" / "004_figures.csv", {"subject": "達成率"}, "figure", "98.8%")
    found = [f for f in _findings(data_copy, tmp_path) if f.check == "printed_rate"]
    assert [(f.item, f.printed) for f in found] == [("2012 職場研修の実施件数", 98.8)]
