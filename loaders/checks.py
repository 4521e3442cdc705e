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
    return findings


def failures(findings: list[Finding]) -> list[Finding]:
    """The findings that fail `check`: those not listed as a known discrepancy."""
    return [f for f in findings if not f.known]
