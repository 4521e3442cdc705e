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
