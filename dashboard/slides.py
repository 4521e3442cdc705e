"""Slides: a named view of a page (its main chart) drawn from the data as it is now.

A deck stores only the view's name and the filters it was saved with, never figures, so a slide
shown or exported next month shows next month's data — with the data version and the date it was
drawn printed on it. Each view returns its chart, the headline figures written as text (the
audience cannot hover), and its sources.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import altair as alt

from dashboard import documents, format
from dashboard.charts import comparison as comparison_charts
from dashboard.charts import effects as effect_charts
from dashboard.charts import kpi as kpi_charts
from dashboard.queries import comparison as comparison_queries
from dashboard.queries import effects as effect_queries
from dashboard.queries import kpi as kpi_queries


@dataclass
class Slide:
    chart: alt.TopLevelMixin | None
    headlines: list[tuple[str, str]] = field(default_factory=list)   # (label, figure as text)
    source: str = ""
    empty: str | None = None                                         # why there is nothing to draw


def source_line(sources) -> str:
    """A slide's 出典 footer: each document by title with its table or section (never a file name)."""
    return "出典: " + documents.cite_many(sources)


class SlideError(ValueError):
    """A saved view that cannot be drawn with today's data (the plan is gone, say)."""


def _effect_plan(params: dict) -> tuple[str | None, str]:
    plans = effect_queries.plan_keys()
    if not plans:
        raise SlideError("効果額のデータがありません。")
    wanted = params.get("plan")
    for city, plan in plans:
        if wanted in (None, plan):
            return city, plan
    raise SlideError(f"計画「{wanted}」の効果額がありません。")


def effect_by_area(params: dict) -> Slide:
    """効果額: amounts by policy area and fiscal year for one estimate."""
    city, plan = _effect_plan(params)
    estimates = effect_queries.estimates(city, plan)["estimate"].tolist()
    estimate = params.get("estimate") or estimates[-1]
    if estimate not in estimates:
        raise SlideError(f"時点「{estimate}」の効果額がありません（あるのは {'、'.join(estimates)}）。")
    unit = params.get("unit", "千円")
    totals = effect_queries.year_totals(city, plan, estimate)
    chart = effect_charts.by_area_and_year(effect_queries.amounts(city, plan, estimate), totals, unit,
                                           estimate=estimate)
    parts = effect_queries.kind_totals(city, plan, estimate)
    headlines = [(f"{'合計' if p.is_total else 'うち' + p.value_kind}（{format.period(p.first_fy, p.last_fy)}）",
                  effect_charts.amount_text(p.amount, unit)) for p in parts.itertuples()]
    return Slide(chart, headlines[:3], source_line(effect_queries.sources(city, plan, estimate)))


def estimate_comparison(params: dict) -> Slide:
    """効果額: the plan's estimates side by side per area and in total, with the difference."""
    city, plan = _effect_plan(params)
    unit = params.get("unit", "千円")
    comparison = effect_queries.estimate_comparison(city, plan)
    overall = comparison[comparison["area_no"].isna()].sort_values("estimate_no")
    if len(overall) < 2:
        return Slide(None, empty="この計画には比較できる時点が1つしかありません。")
    first, last = overall.iloc[0], overall.iloc[-1]
    headlines = [(first.estimate, effect_charts.amount_text(first.amount, unit)),
                 (last.estimate, effect_charts.amount_text(last.amount, unit)),
                 ("比較", effect_charts.amount_text(last.difference, unit))]
    return Slide(effect_charts.estimate_comparison(comparison, unit), headlines,
                 source_line(effect_queries.sources(city, plan)))


def kpi_status_by_area(params: dict) -> Slide:
    """KPI推移: 達成 / 一部達成 / 未達成 / 判定なし per policy area for a city and fiscal year."""
    fy = int(params["fy"]) if params.get("fy") else None
    years = (fy, fy) if fy else (tuple(params["years"]) if params.get("years") else None)
    choice = kpi_queries.Filter(
        cities=tuple(params.get("cities") or filter(None, [params.get("city")])),
        plans=tuple(params.get("plans", ())), themes=tuple(params.get("themes", ())),
        areas=tuple(params.get("areas", ())), departments=tuple(params.get("departments", ())),
        statuses=tuple(params.get("statuses", ())), search=params.get("search", ""), years=years)
    counts = kpi_queries.status_counts(choice, "policy_area")
    if counts.empty:
        return Slide(None, empty="条件に合う成果指標がありません。")
    by_status = counts.groupby("status_label")["n"].sum()
    headlines = [(label, f"{int(by_status.get(label, 0))}件") for label in ("達成", "未達成", "判定なし")]
    names = sorted({d for ds in counts["documents"] for d in str(ds).split("、")})
    return Slide(kpi_charts.status_bars(counts, "政策分野"), headlines,
                 "出典: " + format.document_list(documents.names(names)))


def plan_timeline(params: dict) -> Slide:
    """都市比較: the cities' plans and periods on one fiscal-year axis."""
    plans = comparison_queries.plan_timeline(params.get("cities") or None)
    if plans.empty:
        return Slide(None, empty="計画のデータがありません。")
    first, last = int(plans["period_start_fy"].min()), int(plans["period_end_fy"].max())
    headlines = [("計画・期間", f"{len(plans)}件"), ("年度", format.period(first, last))]
    return Slide(comparison_charts.plan_timeline(plans), headlines, comparison_charts.sources(plans))


VIEWS: dict[str, tuple[str, str, Callable[[dict], Slide]]] = {
    # name: (page file, what the view shows, builder)
    "effect_by_area": ("pages/effect_amounts.py", "政策分野別・年度別の効果額", effect_by_area),
    "estimate_comparison": ("pages/effect_amounts.py", "時点の比較", estimate_comparison),
    "kpi_status_by_area": ("pages/kpi.py", "政策分野ごとの達成状況", kpi_status_by_area),
    "plan_timeline": ("pages/comparison.py", "計画の期間（3市）", plan_timeline),
}


def views_of(page: str) -> dict[str, str]:
    """The views a page offers as slides: {name: description}."""
    return {name: description for name, (file, description, _) in VIEWS.items() if file == page}


def draw(view: str, params: dict) -> Slide:
    """The view drawn now; SlideError when the view is unknown or its data is gone."""
    if view not in VIEWS:
        raise SlideError(f"「{view}」というスライドの種類はありません。")
    return VIEWS[view][2](params)
