"""Reconciliation checks catch deliberately broken copies; broken input changes nothing."""
from __future__ import annotations

import csv

import pytest

from loaders import checks, seed, store
from loaders.errors import LoadError


def _edit(path, match, column, value):
    """Change one cell of a seed CSV: the first row whose cells contain `match`."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0].keys())
    for row in rows:
        if all(row[k] == v for k, v in match.items()):
            row[column] = value
            break
    else:
        raise AssertionError(f"no row matches {match}")
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def _findings(data_dir, tmp_path):
    path = tmp_path / "broken.duckdb"
    seed.rebuild(path, data_dir)
    con = store.connect_reader(path)
    try:
        return checks.failures(checks.run(con))
    finally:
        con.close()


def test_seed_passes_every_check(seed_con):
    assert checks.failures(checks.run(seed_con)) == []


def test_a_changed_cell_breaks_the_year_and_area_totals(data_copy, tmp_path):
    _edit(data_copy / "seed/001_effect_amounts.csv",
          {"estimate": "計画策定時", "policy_area_code": "I", "fiscal_year": "令和4年度"}, "amount", "11,443")
    found = {(f.check, f.item) for f in _findings(data_copy, tmp_path)}
    assert ("effect_year_total", "計画策定時 2022") in found
    assert ("effect_area_total", "計画策定時 I") in found
    assert ("effect_grand_total", "計画策定時") in found
    assert ("effect_comparison", "後期アクションプラン策定時 I") in found


def test_a_wrong_printed_comparison_is_reported_with_both_figures(data_copy, tmp_path):
    _edit(data_copy / "seed/001_effect_printed_totals.csv",
          {"total_kind": "comparison", "policy_area_code": "II"}, "amount", "-23,843")
    [finding] = _findings(data_copy, tmp_path)
    assert finding.check == "effect_comparison"
    assert "△23,843" in finding.message or "-23,843" in finding.message
    assert "-23,842" in finding.message or "△23,842" in finding.message


def test_a_mark_against_its_own_figures_fails_unless_listed(data_copy, tmp_path):
    # 000 prints ふるさと納税 1,000千円 → 795千円 as ×; a 〇 there contradicts the figures.
    _edit(data_copy / "seed/000_kpi.csv", {"actual": "795千円"}, "mark", "〇")
    [finding] = _findings(data_copy, tmp_path)
    assert finding.check == "kpi_mark_direction"
    with open(data_copy / "known_discrepancies.csv", "a", encoding="utf-8") as f:
        f.write(f"{finding.check},{finding.city},{finding.plan},{finding.item},テスト: 資料の記載どおり\n")
    assert _findings(data_copy, tmp_path) == []


def test_an_unreadable_cell_names_file_row_column_and_text(data_copy, tmp_path):
    _edit(data_copy / "seed/001_effect_amounts.csv",
          {"estimate": "計画策定時", "policy_area_code": "II", "fiscal_year": "令和5年度"}, "amount", "1,82,190")
    with pytest.raises(LoadError) as caught:
        seed.rebuild(tmp_path / "x.duckdb", data_copy)
    [error] = caught.value.errors
    assert error.file.endswith("001_effect_amounts.csv")
    assert error.text == "1,82,190"
    assert (error.column, error.header) == ("H", "amount")   # the 8th column, as the CSV heads it
    assert error.row > 1
    assert "1,82,190" in caught.value.report()


def test_an_unknown_city_is_an_error(data_copy, tmp_path):
    _edit(data_copy / "seed/004_plans.csv", {"city": "相模原市"}, "city", "相模原")
    with pytest.raises(LoadError) as caught:
        seed.rebuild(tmp_path / "x.duckdb", data_copy)
    assert any(e.text == "相模原" for e in caught.value.errors)


def test_a_bad_municipality_code_is_an_error(data_copy, tmp_path):
    _edit(data_copy / "municipalities.csv", {"name": "厚木市"}, "code", "142124")
    with pytest.raises(LoadError, match="142124"):
        seed.rebuild(tmp_path / "x.duckdb", data_copy)


def test_broken_input_leaves_the_existing_database_untouched(seed_db, data_copy, tmp_path):
    live = tmp_path / "live.duckdb"
    live.write_bytes(seed_db.read_bytes())
    before = live.read_bytes()
    _edit(data_copy / "seed/004_budget.csv", {"project_code": "1-1"}, "amount", "千四百五十")
    with pytest.raises(LoadError):
        seed.rebuild(live, data_copy)
    assert live.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if "staging" in p.name] == []


def test_a_finding_reads_as_one_line_naming_where_it_is():
    from loaders.checks import Finding
    finding = Finding("合計額", None, "行革推進プラン", "I", 353_913, 353_914, "印刷 353,913、計算 353,914")
    assert str(finding) == "[不一致] 合計額: 市名記載なし / 行革推進プラン / I: 印刷 353,913、計算 353,914"
    known = Finding("達成", "厚木市", "P", "指標A", None, None, "〇 ですが実績は目標未満", known=True)
    assert str(known) == "[既知の不一致] 達成: 厚木市 / P / 指標A: 〇 ですが実績は目標未満"


@pytest.mark.parametrize("value, text", [(None, "なし"), (2_611_600, "2,611,600"), (-62_493.4, "-62,493"), (0, "0")])
def test_a_figure_in_a_finding_reads_with_thousands_separators_or_as_none(value, text):
    assert checks._fmt(value) == text


def test_a_finding_carries_where_it_is_and_both_figures(data_copy, tmp_path):
    _edit(data_copy / "seed/001_effect_printed_totals.csv",
          {"total_kind": "comparison", "policy_area_code": "II"}, "amount", "-23,843")
    assert _findings(data_copy, tmp_path) == [checks.Finding(
        "effect_comparison", None, "行革推進プラン", "後期アクションプラン策定時 II", -23_843, -23_842,
        "比較列（この時点 − 計画策定時の時点）: 印刷値 -23,843 千円、計算値 -23,842 千円", False)]


@pytest.mark.parametrize("direction, actual, words", [("lower", "12.5%", "低いほど良い"), ("higher", "12.5%", "高いほど良い")])
def test_a_mark_exactly_on_target_is_met_in_either_direction(data_copy, tmp_path, direction, actual, words):
    # 000 女性管理職の割合: target 12.5%, printed ×. Exactly on target is met whichever way is better.
    _edit(data_copy / "seed/000_kpi.csv", {"indicator": "女性管理職の割合"}, "actual", actual)
    _edit(data_copy / "seed/000_kpi.csv", {"indicator": "女性管理職の割合"}, "direction", direction)
    assert _findings(data_copy, tmp_path) == [checks.Finding(
        "kpi_mark_direction", "厚木市", "行政経営プラン実施計画（平成27年度実績報告）", "2015 女性管理職の割合", None, None,
        f"マーク「×」が目標 12.5・実績 12.5（{words}）と合いません", False)]


def test_a_mark_is_judged_by_its_indicators_direction(data_copy, tmp_path):
    # 000 ふるさと納税: target 1,000千円, actual 795千円, printed ×. Were lower better, 795 would
    # meet the target and the × would contradict the figures.
    _edit(data_copy / "seed/000_kpi.csv", {"actual": "795千円"}, "direction", "lower")
    assert _findings(data_copy, tmp_path) == [checks.Finding(
        "kpi_mark_direction", "厚木市", "行政経営プラン実施計画（平成27年度実績報告）",
        "2015 市外在住者からのあつぎ元気応援寄附金（ふるさと納税）の額", None, None,
        "マーク「×」が目標 1000・実績 795（低いほど良い）と合いません", False)]


def test_a_wrong_printed_total_listed_as_known_is_found_but_does_not_fail(data_copy, tmp_path):
    _edit(data_copy / "seed/001_effect_printed_totals.csv",
          {"total_kind": "comparison", "policy_area_code": "II"}, "amount", "-23,843")
    with open(data_copy / "known_discrepancies.csv", "a", encoding="utf-8") as f:
        f.write("effect_comparison,,行革推進プラン,後期アクションプラン策定時 II,テスト: 資料の記載どおり\n")
    path = tmp_path / "known.duckdb"
    seed.rebuild(path, data_copy)
    con = store.connect_reader(path)
    try:
        found = checks.run(con)
    finally:
        con.close()
    assert [(f.check, f.item, f.known) for f in found] == [
        ("effect_comparison", "後期アクションプラン策定時 II", True)]
    assert checks.failures(found) == []


def test_a_printed_total_of_a_named_citys_plan_carries_the_city(data_copy, tmp_path):
    # The R4–R9 plan's effect tables as if 綾瀬市 had printed them, with one comparison misprinted.
    for name in ("001_effect_amounts.csv", "001_effect_printed_totals.csv"):
        with open(data_copy / "seed" / name, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        for row in rows:
            row["city"] = "綾瀬市"
        with open(data_copy / "seed" / name, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    _edit(data_copy / "seed/001_effect_printed_totals.csv",
          {"total_kind": "comparison", "policy_area_code": "II"}, "amount", "-23,843")
    effect = [f for f in _findings(data_copy, tmp_path) if f.check.startswith("effect_")]
    assert effect == [checks.Finding(
        "effect_comparison", "綾瀬市", "行革推進プラン", "後期アクションプラン策定時 II", -23_843, -23_842,
        "比較列（この時点 − 計画策定時の時点）: 印刷値 -23,843 千円、計算値 -23,842 千円", False)]


@pytest.mark.parametrize("actual, words", [("10%", []), ("12%", ["評価「目標を達成」が目標 10・実績 12（低いほど良い）と合いません"])])
def test_an_evaluation_word_is_judged_by_its_direction_on_and_past_the_target(data_copy, tmp_path, actual, words):
    # 004 相模原市 放棄呼率 (H24): target 10%以下, printed 5.6% and 目標を達成. Exactly on a
    # lower-is-better target is met; past it, 目標を達成 contradicts the figures.
    _edit(data_copy / "seed/004_kpi.csv", {"indicator": "放棄呼率", "fiscal_year": "H24"}, "actual", actual)
    assert _findings(data_copy, tmp_path) == [checks.Finding(
        "kpi_evaluation_direction", "相模原市", "総務局 局・区経営方針（平成25年度）", "2012 放棄呼率", None, None,
        message, False) for message in words]
