"""Reconciliation checks: totals are computed and compared with the ones the documents print.

A finding listed in data/known_discrepancies.csv is reported but does not fail: the product never
overrides what a document printed, it says where the document disagrees with itself.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class Finding:
    check: str
    city: str | None
    plan: str
    item: str
    printed: float | None
    computed: float | None
    message: str
    known: bool = False

    def __str__(self) -> str:
        tag = "既知の不一致" if self.known else "不一致"
        where = f"{self.city or '市名記載なし'} / {self.plan} / {self.item}"
        return f"[{tag}] {self.check}: {where}: {self.message}"


def _fmt(value: float | None) -> str:
    return "なし" if value is None else f"{value:,.0f}"


# What each printed total is, in the words of the finding; the rules are v_effect_total_checks
# (schema.sql), which the importer's preview and the 効果額 page read too.
_TOTAL_WORDS = {
    "year_total": "年度の合計行",
    "area_total": "政策分野の合計額列",
    "grand_total": "総合計",
    "comparison": "比較列（この時点 − 計画策定時の時点）",
}
_EFFECT_TOTALS = """
    select check_name, total_kind, city, plan, item, printed, computed, agrees
    from v_effect_total_checks
    where checked
    order by plan, city, estimate_no, total_kind, item"""

# A printed mark judged against the indicator's own figures and direction.
_MARK_CHECK = """
    select city, plan, coalesce(fiscal_year::varchar, period) || ' ' || indicator as item,
           target_value, actual_value, mark, direction, status
    from v_kpi
    where target_value is not null and actual_value is not null and direction is not null
      and status in ('achieved', 'not_achieved') and mark is not null"""


def run(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    """Every reconciliation finding in the database, known discrepancies marked as known."""
    known = {
        (r[0], r[1], r[2], r[3])
        for r in con.execute("select check_name, city, plan, item from known_discrepancies").fetchall()
    }
    findings = []
    for name, kind, city, plan, item, printed, computed, agrees in con.execute(_EFFECT_TOTALS).fetchall():
        if not agrees:
            findings.append(Finding(
                name, city, plan, item, printed, computed,
                f"{_TOTAL_WORDS[kind]}: 印刷値 {_fmt(printed)} 千円、計算値 {_fmt(computed)} 千円",
                (name, city, plan, item) in known))
    for city, plan, item, target, actual, mark, direction, status in con.execute(_MARK_CHECK).fetchall():
        met = actual >= target if direction == "higher" else actual <= target
        if met != (status == "achieved"):
            findings.append(Finding(
                "kpi_mark_direction", city, plan, item, None, None,
                f"マーク「{mark}」が目標 {target:g}・実績 {actual:g}（{'高いほど良い' if direction == 'higher' else '低いほど良い'}）と合いません",
                ("kpi_mark_direction", city, plan, item) in known))
    findings += judgement_findings(con, known) + series_total_findings(con, known) + goal_findings(con, known)
    findings += printed_rate_findings(con, known)
    return findings


# A judgement given as evaluation words (001 人件費の適正化 「達成」, 004 1-2 「概ね達成」, 2-3 「未達成」,
# 4-4 「目標を達成」, 6-1 「目標には達しなかった」) tested against the figures beside it, as marks are
# (issue #15). 概ね達成 (partly) holds only when the target is not met.
_JUDGEMENT_CHECK = """
    select city, plan, coalesce(fiscal_year::varchar, period) || ' ' || indicator as item,
           target_value, actual_value, evaluation, direction, status
    from v_kpi
    where target_value is not null and actual_value is not null and direction is not null
      and status in ('achieved', 'partly', 'not_achieved') and mark is null and evaluation is not null"""


def judgement_findings(con: duckdb.DuckDBPyConnection, known: set) -> list[Finding]:
    """Each evaluation word that disagrees with its indicator's own target, actual and direction."""
    findings = []
    for city, plan, item, target, actual, word, direction, status in con.execute(_JUDGEMENT_CHECK).fetchall():
        met = actual >= target if direction == "higher" else actual <= target
        if met != (status == "achieved"):
            findings.append(Finding(
                "kpi_evaluation_direction", city, plan, item, None, None,
                f"評価「{word}」が目標 {target:g}・実績 {actual:g}（{'高いほど良い' if direction == 'higher' else '低いほど良い'}）と合いません",
                ("kpi_evaluation_direction", city, plan, item) in known))
    return findings


# A total the document prints over statistics (000 未利用地売却額 合計) against the sum of its parts.
_SERIES_TOTAL_CHECK = """
    select t.city, t.total, t.fiscal_year, t.value, sum(s.value)
    from v_series_totals t
    left join v_series s on s.city is not distinct from t.city and s.fiscal_year = t.fiscal_year
         and starts_with(s.indicator, t.parts)
    group by all"""


def series_total_findings(con: duckdb.DuckDBPyConnection, known: set) -> list[Finding]:
    """Each printed series total that its parts do not add up to."""
    findings = []
    for city, total, fy, printed, computed in con.execute(_SERIES_TOTAL_CHECK).fetchall():
        if computed is None or printed is None or abs(printed - computed) > 0.5:
            item = f"{fy} {total}"
            findings.append(Finding(
                "series_total", city, total, item, printed, computed,
                f"印刷された合計 {_fmt(printed)}、内訳の合計 {_fmt(computed)}",
                ("series_total", city, total, item) in known))
    return findings


def failures(findings: list[Finding]) -> list[Finding]:
    """The findings that fail `check`: those not listed as a known discrepancy."""
    return [f for f in findings if not f.known]


# A review's judgement of a goal in words (001 基本目標, v_judgements) against its figures (issue #15):
#   kpi            the indicator's target and actual in v_kpi, by its direction (人件費の適正化 「達成」)
#   effect_actuals the estimate's 実績 years against the plan-time estimate's same years, the
#                  plan's 目標額 (財政の健全化 「目標と実績の大きな乖離がある（…効果額が少ない）」)
# basis 'none' is a judgement the document gives no figure for: held and shown, nothing to test.
_GOAL_KPI = """
    select j.city, j.plan, j.goal, j.judgement, j.status, k.target_value, k.actual_value, k.direction
    from v_judgements j
    left join v_kpi k on k.city is not distinct from j.city and k.plan = j.plan and k.indicator = j.indicator
         and k.target_value is not null and k.actual_value is not null and k.direction is not null
    where j.basis = 'kpi'"""
_GOAL_EFFECTS = """
    with actual as (
        select e.city, e.plan, e.estimate, e.fiscal_year, sum(e.amount_thousand_yen) as amount
        from v_effect_amounts e where e.value_kind = '実績' group by all),
    planned as (
        select e.city, e.plan, e.fiscal_year, sum(e.amount_thousand_yen) as amount
        from v_effect_amounts e
        join v_effect_estimates o on o.city is not distinct from e.city and o.plan = e.plan
             and o.estimate = e.estimate and o.estimate_no = 1
        group by all)
    select j.city, j.plan, j.goal, j.judgement, j.status, sum(p.amount), sum(a.amount),
           string_agg(a.fiscal_year::varchar, '・' order by a.fiscal_year)
    from v_judgements j
    left join actual a on a.city is not distinct from j.city and a.plan = j.plan and a.estimate = j.estimate
    left join planned p on p.city is not distinct from j.city and p.plan = j.plan and p.fiscal_year = a.fiscal_year
    where j.basis = 'effect_actuals'
    group by all"""


def goal_findings(con: duckdb.DuckDBPyConnection, known: set) -> list[Finding]:
    """Each judgement of a goal in words that its figures do not bear out, or that has none."""
    findings = []

    def add(city, plan, goal, message):
        findings.append(Finding("goal_judgement", city, plan, goal, None, None, message,
                                ("goal_judgement", city, plan, goal) in known))

    for city, plan, goal, word, status, target, actual, direction in con.execute(_GOAL_KPI).fetchall():
        if actual is None or status not in ("achieved", "not_achieved", "partly"):
            add(city, plan, goal, f"評価「{word}」を確かめる目標・実績の数値がありません")
            continue
        met = actual >= target if direction == "higher" else actual <= target
        if met != (status == "achieved"):
            add(city, plan, goal, f"評価「{word}」が目標 {target:g}・実績 {actual:g}"
                                  f"（{'高いほど良い' if direction == 'higher' else '低いほど良い'}）と合いません")
    for city, plan, goal, word, status, planned, actual, fys in con.execute(_GOAL_EFFECTS).fetchall():
        if actual is None or planned is None or status not in ("achieved", "not_achieved", "partly"):
            add(city, plan, goal, f"評価「{word}」を確かめる効果額の実績がありません")
            continue
        if (actual >= planned) != (status == "achieved"):
            add(city, plan, goal, f"評価「{word}」が効果額の実績 {_fmt(actual)} 千円・計画策定時の見込み "
                                  f"{_fmt(planned)} 千円（{fys}年度）と合いません")
    return findings


# An achievement rate the document prints in words (004 1-2 「達成率97.8%」, v_figures) against the
# indicator's own ratio (v_kpi: actual ÷ target, or the inverse when lower is better), rounded as
# printed: 782 ÷ 800 = 97.75 % is 97.8 % to one decimal.
_PRINTED_RATES = """
    select f.city, f.plan, f.fiscal_year || ' ' || f.indicator, f.value, f.printed, k.ratio
    from v_figures f
    left join v_kpi k on k.city is not distinct from f.city and k.plan = f.plan
         and k.indicator = f.indicator and k.fiscal_year = f.fiscal_year
    where f.subject = '達成率'"""


def printed_rate_findings(con: duckdb.DuckDBPyConnection, known: set) -> list[Finding]:
    """Each printed achievement rate that its indicator's target and actual do not give."""
    findings = []
    for city, plan, item, printed, spelled, ratio in con.execute(_PRINTED_RATES).fetchall():
        decimals = len(spelled.split(".")[1].rstrip("%％")) if "." in spelled else 0
        if ratio is None or printed is None or abs(ratio * 100 - printed) > 0.5 * 10 ** -decimals + 1e-9:
            computed = None if ratio is None else ratio * 100
            findings.append(Finding(
                "printed_rate", city, plan, item, printed, computed,
                f"印刷された達成率 {spelled}、目標と実績からの計算 "
                f"{'なし' if computed is None else f'{computed:.{decimals + 1}f}%'}",
                ("printed_rate", city, plan, item) in known))
    return findings
