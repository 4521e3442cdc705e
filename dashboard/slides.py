"""Slides: a named view of a page (its main chart), drawn from the data with every filter pinned.

A deck stores the view's name and every filter the view depends on, resolved when the slide was
saved (plan, estimate, unit, cities, years …): never "whatever the default is now", so an upload
of unrelated data cannot move a slide onto another plan. Each view has one filter object —
`from_params` reads a slide's or a URL's parameters (old spellings too), `to_params` writes them
with the same keys the page's URL uses — and its builder returns its chart, the headline figures
written as text (the audience cannot hover), every figure it shows (for 「固定後の変更」) and its
sources. Slides never store figures: a frozen deck draws them from the data as of its batch.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import altair as alt

from dashboard import documents, format
from dashboard.charts import comparison as comparison_charts
from dashboard.charts import effects as effect_charts
from dashboard.charts import kpi as kpi_charts
from dashboard.labels import FILTER_NAMES, NO_CITY, STATUS
from dashboard.queries import comparison as comparison_queries
from dashboard.queries import effects as effect_queries
from dashboard.queries import kpi as kpi_queries


@dataclass
class Slide:
    chart: alt.TopLevelMixin | None
    headlines: list[tuple[str, str]] = field(default_factory=list)   # (label, figure as text)
    source: str = ""
    empty: str | None = None                                         # why there is nothing to draw
    figures: list[tuple[str, str]] = field(default_factory=list)     # (what, figure as text): all it shows


def source_line(sources) -> str:
    """A slide's 出典 footer: each document by title with its table or section (never a file name)."""
    return "出典: " + documents.cite_many(sources)


class SlideError(ValueError):
    """A saved view that cannot be drawn with the data (the plan is gone, say): the message names
    the missing filter value and the nearest valid choice."""


def _nearest(wanted, there: list) -> str:
    """The valid choice closest to `wanted`: the same text ignoring width and spaces, a shared
    word, else the last (newest) one."""
    import difflib
    texts = [str(t) for t in there]
    close = difflib.get_close_matches(str(wanted), texts, n=1, cutoff=0.0)
    return close[0] if close else (texts[-1] if texts else "")


# 効果額 ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EffectView:
    """効果額 page: one plan (city, plan), one estimate (時点), a unit."""
    city: str | None
    plan: str
    estimate: str | None
    unit: str

    @classmethod
    def from_params(cls, params: dict) -> "EffectView":
        plan = params.get("plan")
        city = params.get("city")
        if isinstance(plan, (list, tuple)):              # the page's (city, plan) pair
            city, plan = plan
        if plan is None:
            # A slide saved before plans were pinned: the only plan there is, never the first of several.
            keys = effect_queries.plan_keys()
            if len(keys) != 1:
                raise SlideError("このスライドには計画の指定がありません。デッキの編集で計画を選び直してください。")
            city, plan = keys[0]
        return cls(city or None, plan, params.get("estimate") or None, params.get("unit") or "千円")

    def to_params(self) -> dict:
        return {"city": self.city, "plan": self.plan, "estimate": self.estimate, "unit": self.unit}

    def check_plan(self) -> None:
        keys = effect_queries.plan_keys()
        if not keys:
            raise SlideError("効果額のデータがありません。")
        if (self.city, self.plan) not in keys:
            labels = [f"{p}（{format.city(c)}）" for c, p in keys]
            raise SlideError(f"計画「{self.plan}（{format.city(self.city)}）」の効果額がありません。"
                             f"近い選択肢: 「{_nearest(self.plan, labels)}」")

    def check_estimate(self) -> str:
        estimates = effect_queries.estimates(self.city, self.plan)["estimate"].tolist()
        if self.estimate not in estimates:
            raise SlideError(f"時点「{self.estimate}」の効果額がありません（あるのは {'、'.join(estimates)}）。"
                             f"近い選択肢: 「{_nearest(self.estimate, estimates)}」")
        return self.estimate


# Figures for 「固定後の変更」 are compared in 千円, the documents' own unit: a correction of 1 千円
# does not show in 百万円 but is still a change.
FIGURE_UNIT = "千円"


def _amount_figures(frame, what: Callable) -> list[tuple[str, str]]:
    return [(what(row), effect_charts.amount_text(row.amount, FIGURE_UNIT)) for row in frame.itertuples()]


def effect_by_area(params: dict) -> Slide:
    """効果額: amounts by policy area and fiscal year for one estimate."""
    view = EffectView.from_params(params)
    view.check_plan()
    city, plan, unit = view.city, view.plan, view.unit
    estimate = view.check_estimate()
    totals = effect_queries.year_totals(city, plan, estimate)
    chart = effect_charts.by_area_and_year(effect_queries.amounts(city, plan, estimate), totals, unit,
                                           estimate=estimate)
    parts = effect_queries.kind_totals(city, plan, estimate)
    headlines = [(f"{'合計' if p.is_total else 'うち' + p.value_kind}（{format.period(p.first_fy, p.last_fy)}）",
                  effect_charts.amount_text(p.amount, unit)) for p in parts.itertuples()]
    cells = effect_queries.area_year_cells(city, plan, estimate).rename(columns={"amount_thousand_yen": "amount"})
    totals_figures = [(label, effect_charts.amount_text(p.amount, FIGURE_UNIT))
                      for (label, _), p in zip(headlines, parts.itertuples())]
    figures = _amount_figures(cells, lambda r: "・".join(filter(None, [
        effect_charts.area_label(r.policy_area_code, r.policy_area) if isinstance(r.policy_area, str) else "合計",
        format.fiscal_year(r.fiscal_year) or "計"])))
    return Slide(chart, headlines[:3], source_line(effect_queries.sources(city, plan, estimate)),
                 figures=totals_figures + figures)


def estimate_comparison(params: dict) -> Slide:
    """効果額: the plan's estimates side by side per area and in total, with the difference."""
    view = EffectView.from_params(params)
    view.check_plan()
    city, plan, unit = view.city, view.plan, view.unit
    comparison = effect_queries.estimate_comparison(city, plan)
    overall = comparison[comparison["area_no"].isna()].sort_values("estimate_no")
    if len(overall) < 2:
        return Slide(None, empty="この計画には比較できる時点が1つしかありません。")
    first, last = overall.iloc[0], overall.iloc[-1]
    headlines = [(first.estimate, effect_charts.amount_text(first.amount, unit)),
                 (last.estimate, effect_charts.amount_text(last.amount, unit)),
                 ("比較", effect_charts.amount_text(last.difference, unit))]
    figures = _amount_figures(comparison, lambda r: "・".join([
        effect_charts.area_label(r.policy_area_code, r.policy_area) if isinstance(r.policy_area, str) else "合計",
        r.estimate]))
    figures.append(("比較（合計）", effect_charts.amount_text(last.difference, FIGURE_UNIT)))
    return Slide(effect_charts.estimate_comparison(comparison, unit), headlines,
                 source_line(effect_queries.sources(city, plan)), figures=figures)


# KPI推移 --------------------------------------------------------------------------------------

# Old spellings a saved slide or a bookmarked URL may carry -> the one key used everywhere now.
_KPI_ALIASES = {"city": "cities", "plan": "plans", "theme": "themes", "area": "areas", "dept": "departments",
                "department": "departments", "status": "statuses", "q": "search"}


def kpi_filter(params: dict) -> kpi_queries.Filter:
    """The KPI推移 filter from a slide's parameters (or their old spellings)."""
    values: dict = {}
    for key, value in params.items():
        key = _KPI_ALIASES.get(key, key)
        if key in ("cities", "plans", "themes", "areas", "departments", "statuses"):
            items = value if isinstance(value, (list, tuple)) else [value]
            values[key] = tuple(dict.fromkeys([*values.get(key, ()), *(v for v in items if v not in (None, ""))]))
    fy = params.get("fy")
    if isinstance(fy, (list, tuple)):
        years = (int(fy[0]), int(fy[-1]))
    elif fy not in (None, ""):
        years = (int(fy), int(fy))
    else:
        years = tuple(int(y) for y in params["years"]) if params.get("years") else None
    # `undated`: rows dated by a period only were shown when the slide was saved (the whole range).
    span = years if params.get("undated") else None
    return kpi_queries.Filter(search=params.get("search") or params.get("q") or "", years=years,
                              year_span=span, **values)


def kpi_params(f: kpi_queries.Filter) -> dict:
    """A KPI推移 filter as a slide's parameters: every choice, the year range as saved."""
    return {"cities": list(f.cities), "plans": list(f.plans), "themes": list(f.themes), "areas": list(f.areas),
            "departments": list(f.departments), "statuses": list(f.statuses), "search": f.search,
            "years": list(f.years) if f.years else None,
            "undated": f.years is None or f.years == f.year_span}


def kpi_status_by_area(params: dict) -> Slide:
    """KPI推移: 達成 / 一部達成 / 未達成 / 判定なし per policy area for a city and fiscal year."""
    choice = kpi_filter(params)
    counts = kpi_queries.status_counts(choice, "policy_area")
    if counts.empty:
        return Slide(None, empty="条件に合う成果指標がありません。")
    by_status = counts.groupby("status_label")["n"].sum()
    headlines = [(label, f"{int(by_status.get(label, 0))}件") for label in ("達成", "未達成", "判定なし")]
    figures = [(f"{row.group}・{row.status_label}", f"{int(row.n)}件") for row in counts.itertuples()]
    names = sorted({d for ds in counts["documents"] for d in str(ds).split("、")})
    return Slide(kpi_charts.status_bars(counts, "政策分野"), headlines, "出典: " + format.document_list(documents.names(names)),
                 figures=headlines + figures)


# 都市比較 -------------------------------------------------------------------------------------

def timeline_params(cities, plans) -> dict:
    """The timeline as saved: the cities chosen and the plans it showed then ([city, plan] pairs),
    so a plan loaded later does not join a slide made before it."""
    return {"cities": list(cities),
            "plans": [[c if isinstance(c, str) else None, p] for c, p in zip(plans["city"], plans["plan"])]}


def plan_timeline(params: dict) -> Slide:
    """都市比較: the cities' plans and periods on one fiscal-year axis."""
    cities = params.get("cities") or params.get("city") or None
    cities = [cities] if isinstance(cities, str) else cities
    plans = comparison_queries.plan_timeline(cities)
    if params.get("plans"):
        pinned = {(c, p) for c, p in params["plans"]}
        keys = [(c if isinstance(c, str) else None, p) for c, p in zip(plans["city"], plans["plan"])]
        plans = plans[[key in pinned for key in keys]].reset_index(drop=True)
        if missing := sorted(pinned - set(keys), key=str):
            there = [f"{p}（{format.city(c)}）" for c, p in keys]
            city, plan = missing[0]
            raise SlideError(f"計画「{plan}（{format.city(city)}）」の期間がありません。"
                             f"近い選択肢: 「{_nearest(plan, there)}」")
    if plans.empty:
        return Slide(None, empty="計画のデータがありません。")
    first, last = int(plans["period_start_fy"].min()), int(plans["period_end_fy"].max())
    groups = plans["city"].map(lambda c: c if isinstance(c, str) else NO_CITY).nunique()
    headlines = [("計画・期間", f"{len(plans)}件"), ("市・資料の区分", f"{groups}"),
                 ("最初の年度", format.fiscal_year(first)), ("最後の年度", format.fiscal_year(last))]
    figures = [(f"{format.city(r.city if isinstance(r.city, str) else None)}・{r.plan}",
                format.period(r.period_start_fy, r.period_end_fy)) for r in plans.itertuples()]
    return Slide(comparison_charts.plan_timeline(plans, room=True), headlines, comparison_charts.sources(plans),
                 figures=headlines + figures)


VIEWS: dict[str, tuple[str, str, Callable[[dict], Slide]]] = {
    # name: (page file, what the view shows, builder)
    "effect_by_area": ("pages/effect_amounts.py", "政策分野別・年度別の効果額", effect_by_area),
    "estimate_comparison": ("pages/effect_amounts.py", "時点の比較", estimate_comparison),
    "kpi_status_by_area": ("pages/kpi.py", "政策分野ごとの達成状況", kpi_status_by_area),
    "plan_timeline": ("pages/comparison.py", "市ごとの計画の期間", plan_timeline),
}


def views_of(page: str) -> dict[str, str]:
    """The views a page offers as slides: {name: description}."""
    return {name: description for name, (file, description, _) in VIEWS.items() if file == page}


def draw(view: str, params: dict) -> Slide:
    """The view drawn now; SlideError when the view is unknown or its data is gone."""
    if view not in VIEWS:
        raise SlideError(f"「{view}」というスライドの種類はありません。")
    return VIEWS[view][2](params)


def describe(params: dict) -> str:
    """A slide's filters in Japanese words: 「計画: 行革推進プラン、時点: 後期アクションプラン策定時、単位: 百万円」."""
    parts = []
    for key, value in params.items():
        if key == "undated" or value in (None, "", [], ()):
            continue
        if key == "plans" and value and isinstance(value[0], (list, tuple)):
            value = f"{len(value)}件（保存したときの計画）"
        elif key in ("years", "fy"):
            years = value if isinstance(value, (list, tuple)) else [value]
            value = format.period(int(years[0]), int(years[-1])) if len(years) > 1 and years[0] != years[-1] \
                else format.fiscal_year(int(years[0]))
        elif key == "statuses":
            value = "・".join(STATUS.get(v, v) for v in value)
        elif isinstance(value, (list, tuple)):
            value = "・".join(map(str, value))
        parts.append(f"{FILTER_NAMES.get(key, key)}: {value}")
    if "city" in params and params["city"] is None and "plan" in params:
        parts.insert(0, f"{FILTER_NAMES['city']}: {NO_CITY}")
    return "、".join(parts) or "なし"
