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
from dashboard.charts import describe as chart_describe
from dashboard.charts import effects as effect_charts
from dashboard.charts import initiatives as initiative_charts
from dashboard.charts import kpi as kpi_charts
from dashboard.charts import plan_actual as plan_actual_charts
from dashboard.labels import FILTER_NAMES, NO_CITY, STATUS
from dashboard.queries import comparison as comparison_queries
from dashboard.queries import effects as effect_queries
from dashboard.queries import initiatives as initiative_queries
from dashboard.queries import kpi as kpi_queries
from dashboard.queries import plan_actual as plan_actual_queries


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
                                           estimate=estimate, room=True)
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


def plan_actual_params(view: EffectView) -> dict | None:
    """The 計画比 view as saved: the page's plan and unit, and the two estimates it compares as they
    are now (the plan-time one and the latest), so a later estimate does not move the slide. None
    when the plan has fewer than two estimates."""
    pair = plan_actual_queries.pair(view.city, view.plan)
    if pair is None:
        return None
    return {**view.to_params(), "estimate": None, "plan_estimate": pair[0], "latest_estimate": pair[1]}


def effect_plan_actual(params: dict) -> Slide:
    """効果額: the plan-time amount against the latest estimate per fiscal year (計画比), the pinned pair."""
    view = EffectView.from_params(params)
    view.check_plan()
    estimates = effect_queries.estimates(view.city, view.plan)["estimate"].tolist()
    pinned = (params.get("plan_estimate"), params.get("latest_estimate"))
    if not all(pinned):
        raise SlideError("このスライドには比べる時点の指定がありません。効果額のページから追加し直してください。")
    for wanted in pinned:
        if wanted not in estimates:
            raise SlideError(f"時点「{wanted}」の効果額がありません（あるのは {'、'.join(estimates)}）。"
                             f"近い選択肢: 「{_nearest(wanted, estimates)}」")
    years = plan_actual_queries.by_year(view.city, view.plan, pinned)
    if years.empty:
        return Slide(None, empty="この2つの時点の効果額を年度ごとに比べられません。")
    to_date = plan_actual_queries.to_date(view.city, view.plan, pinned)
    headlines = []
    if len(to_date):
        row = to_date.iloc[0]
        span = plan_actual_charts.years_text(sorted({row.first_fy, row.last_fy}))
        headlines = [(f"実績（{span}）", effect_charts.amount_text(row.actual, view.unit)),
                     (f"計画（{span}、{pinned[0]}）", effect_charts.amount_text(row.planned, view.unit)),
                     (f"計画比（{span}）", plan_actual_charts.percent(row.ratio))]
    chart = plan_actual_charts.plan_against_latest(years, to_date, view.unit, room=True)
    slide = _chart_slide(chart, headlines, source_line(effect_queries.sources(view.city, view.plan)), "")
    # 「固定後の変更」 compares 千円, the documents' unit, whatever unit the slide shows
    slide.figures = headlines + [
        *((f"{format.fiscal_year(r.fiscal_year)}・{pinned[0]}", effect_charts.amount_text(r.plan_amount, FIGURE_UNIT))
          for r in years.itertuples()),
        *((f"{format.fiscal_year(r.fiscal_year)}・{pinned[1]}", effect_charts.amount_text(r.latest_amount, FIGURE_UNIT))
          for r in years.itertuples())]
    return slide


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
    """KPI推移: 達成 / 一部達成 / 未達成 / 判定なし per policy area (or common theme, `by`) for a city
    and fiscal year."""
    choice = kpi_filter(params)
    by = params.get("by") if params.get("by") in kpi_queries.GROUPS else "policy_area"
    counts = kpi_queries.status_counts(choice, by)
    if counts.empty:
        return Slide(None, empty="条件に合う成果指標がありません。")
    by_status = counts.groupby("status_label")["n"].sum()
    # every judgement the bars draw: 一部達成 too wherever there is one, so the figures add up
    shown = [label for label in ("達成", "一部達成", "未達成", "判定なし")
             if label != "一部達成" or by_status.get(label, 0) > 0]
    headlines = [(label, f"{int(by_status.get(label, 0))}件") for label in shown]
    figures = [(f"{row.group}・{row.status_label}", f"{int(row.n)}件") for row in counts.itertuples()]
    names = sorted({d for ds in counts["documents"] for d in str(ds).split("、")})
    return Slide(kpi_charts.status_bars(counts, kpi_queries.GROUPS[by], room=True), headlines, "出典: " + format.document_list(documents.names(names)),
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
    chart = comparison_charts.plan_timeline(plans, room=True)
    chart.title = alt.TitleParams(timeline_title(plans), subtitle=chart.title.subtitle)
    return Slide(chart, headlines, comparison_charts.sources(plans), figures=headlines + figures)


def timeline_title(plans) -> str:
    """What the timeline shows, counted: 「3市と市名記載なしの計画期間」, never 「3市」 over four groups."""
    named = plans["city"].dropna().nunique()
    unnamed = plans["city"].isna().any()
    cities = f"{named}市" if named > 1 else (plans["city"].dropna().iloc[0] if named else "")
    return f"{cities}{'と' if named and unnamed else ''}{NO_CITY if unnamed else ''}の計画期間"


# Every other chart of the pages ------------------------------------------------------------------

def _table_figures(chart) -> list[tuple[str, str]]:
    """Every figure a chart shows, read from its own table view (describe.table): the row's words,
    then its last column's value."""
    frame = chart_describe.table(chart.to_dict())
    figures = []
    for _, row in frame.iterrows():
        cells = [str(v) for v in row.tolist() if isinstance(v, str) or not _isna(v)]
        if cells:
            figures.append(("・".join(cells[:-1]) or str(frame.columns[-1]), cells[-1]))
    return figures


def _isna(value) -> bool:
    try:
        return bool(value != value) or value is None
    except (TypeError, ValueError):
        return False


def _chart_slide(chart, headlines, source: str, empty: str) -> Slide:
    if chart is None:
        return Slide(None, empty=empty)
    return Slide(chart, headlines, source, figures=headlines + _table_figures(chart))


def effect_cumulative(params: dict) -> Slide:
    """効果額: the running total of the plan's amounts over its years for one estimate."""
    view = EffectView.from_params(params)
    view.check_plan()
    estimate = view.check_estimate()
    totals = effect_queries.year_totals(view.city, view.plan, estimate)
    overall = totals["amount"].sum() if "amount" in totals else None
    headlines = [("累計", effect_charts.amount_text(overall, view.unit))] if overall is not None else []
    return _chart_slide(effect_charts.cumulative(totals, view.unit, estimate=estimate), headlines,
                        source_line(effect_queries.sources(view.city, view.plan, estimate)),
                        "この時点の効果額がありません。")


def kpi_indicator(params: dict) -> Slide:
    """KPI推移: one indicator's target and actual over the years (pinned by its label)."""
    choice = kpi_filter(params)
    label = params.get("indicator") or params.get("ind")
    labels = kpi_queries.indicator_labels(choice)
    if not label:
        raise SlideError("このスライドには成果指標の指定がありません。デッキの編集で指標を選び直してください。")
    history = kpi_queries.indicator_history(label, choice)
    if history.empty:
        raise SlideError(f"成果指標「{label}」が今の条件にありません。近い選択肢: 「{_nearest(label, labels)}」")
    chart = kpi_charts.indicator_chart(history)
    last = history.dropna(subset=["actual_value"]).tail(1) if "actual_value" in history else history.head(0)
    headlines = [(f"実績（{row.year_label}）", str(row.actual_label)) for row in last.itertuples()]
    return _chart_slide(chart, headlines, "出典: " + kpi_queries.sources(history).removeprefix("出典: "),
                        "この指標の目標・実績は数値ではなく文言で記載されています。")


RATIO_ROWS = 4


def kpi_ratios(params: dict) -> Slide:
    """KPI推移: achievement ratios of indicators with units of their own, on one % axis."""
    choice = kpi_filter(params)
    # A room reads a few rows: the lowest ratios, as the page lists them first.
    ratios = kpi_queries.ratios(choice, limit=RATIO_ROWS)
    if ratios.empty:
        return Slide(None, empty="目標と実績がともに数値の指標がありません。")
    counted = kpi_queries.totals(choice)["ratios"]
    headlines = [("達成率を計算した行", f"{counted}件"), ("このスライド", f"達成率の低い{len(ratios)}行")]
    return _chart_slide(kpi_charts.ratio_dots(ratios, kpi_queries.band_floors()), headlines,
                        "出典: " + kpi_queries.documents(ratios).removeprefix("出典: "), "")


def kpi_series(params: dict) -> Slide:
    """KPI推移: one statistic over fiscal years (pinned by its label)."""
    choice = kpi_filter(params)
    label = params.get("series")
    names = kpi_queries.series_labels(choice)
    if label not in names:
        raise SlideError(f"統計「{label}」が今の条件にありません。近い選択肢: 「{_nearest(label, names)}」")
    data = kpi_queries.series(label, choice)
    return _chart_slide(kpi_charts.series_line(data), [], "出典: " + kpi_queries.sources(data).removeprefix("出典: "),
                        "この統計は数値ではなく文言で記載されています。")


def _cities(params: dict) -> list[str] | None:
    cities = params.get("cities") or params.get("city") or None
    return [cities] if isinstance(cities, str) else cities


def comparison_themes(params: dict) -> Slide:
    """都市比較: initiatives (or indicators) per common theme and city."""
    measure = params.get("measure") if params.get("measure") in comparison_queries.MEASURES else "取組数"
    counts = comparison_queries.theme_counts(_cities(params), measure)
    if counts.empty or counts["n"].isna().all():
        return Slide(None, empty=f"選んだ市には{measure}のデータがありません。")
    return _chart_slide(comparison_charts.theme_heatmap(counts, measure, room=True), [],
                        comparison_charts.sources(counts), "")


def comparison_rates(params: dict) -> Slide:
    """都市比較: achieved ÷ judged indicators per city and year."""
    rates = comparison_queries.achievement_rates(_cities(params))
    if rates.empty or (rates["judged"] == 0).all():
        return Slide(None, empty="選んだ市には達成の判定がある成果指標がありません。")
    shown = rates[rates["judged"] > 0]
    return _chart_slide(comparison_charts.achievement_rates(rates), [], comparison_charts.sources(shown), "")


_NUMERATOR = {"staff": ("staff", "職員数"), "cost": ("cost_thousand_yen", "事業費")}


def per_thousand_missing(people, measure: str) -> list[str]:
    """Why each city has no per-1,000-resident figure: the figure or the population the data lacks,
    or why a bureau's figure is not divided by the city's population."""
    column, word = _NUMERATOR[measure]
    out = []
    for row in people.itertuples():
        if reason := comparison_charts._not_comparable(row, measure):
            out.append(f"{row.city}: {reason}。")
            continue
        lacking = [w for w, v in ((word, getattr(row, column)), ("人口", row.population)) if _isna(v)]
        if lacking:
            out.append(f"{row.city}: {'と'.join(lacking)}がデータにありません。")
    return out


def empty_chart(title: str, lines: list[str], width: int = 38) -> alt.Chart:
    """A slide with nothing to draw: its title and, in room type, why (no axes, no empty frame);
    each line wrapped at `width` em, after 「。」「、」 where it can."""
    import pandas as pd

    from dashboard import deck_export
    wrapped = list(enumerate(part for text in lines for part in deck_export._lines_of(text, width)))
    frame = pd.DataFrame({"line": [line for _, line in wrapped], "y": [28 + 34 * i for i, _ in wrapped]})
    chart = alt.Chart(frame).mark_text(align="left", baseline="top", fontSize=20, color="#222222").encode(
        x=alt.value(0), y=alt.Y("y:Q", scale=None), text="line:N")
    return chart.properties(title=alt.TitleParams(title, anchor="start"), width=600, height=max(120, 34 * len(wrapped) + 40)).configure_view(stroke=None)


def _per_thousand(measure: str) -> Callable[[dict], Slide]:
    def build(params: dict) -> Slide:
        people = comparison_queries.per_capita(_cities(params))
        if people.empty:
            return Slide(None, empty="人口当たりの数値は厚木市・綾瀬市・相模原市について計算します。")
        title = comparison_charts.PER_THOUSAND[measure][1]
        if not comparison_charts.has_per_thousand(people, measure):
            # No city has the figure: the slide says why, city by city, never an empty chart.
            why = per_thousand_missing(people, measure)
            lines = [f"{title}を計算できる市がありません。", *why]
            return Slide(empty_chart(title, lines), [], comparison_charts.per_capita_caption(people),
                         figures=[(title, "計算できる市なし"), *((w.split(": ")[0], w) for w in why)])
        return _chart_slide(comparison_charts.per_thousand(people, measure), [],
                            comparison_charts.per_capita_caption(people), "")
    build.__doc__ = f"都市比較: {comparison_charts.PER_THOUSAND[measure][1]} per city."
    return build


_SELECTION_KEYS = ("cities", "plans", "themes", "departments", "reviews")
_SELECTION_ALIASES = {"city": "cities", "plan": "plans", "theme": "themes", "department": "departments",
                      "dept": "departments", "review": "reviews", "q": "search"}


def initiative_selection(params: dict) -> initiative_queries.Selection:
    """The 取組一覧 selection from a slide's parameters (or the page's URL spellings)."""
    values: dict = {}
    for key, value in params.items():
        key = _SELECTION_ALIASES.get(key, key)
        if key in _SELECTION_KEYS and value not in (None, "", [], ()):
            values[key] = list(value) if isinstance(value, (list, tuple)) else [value]
    return initiative_queries.Selection(search=params.get("search") or params.get("q") or "", **values)


def selection_params(selection: initiative_queries.Selection) -> dict:
    return {key: list(getattr(selection, key) or []) for key in _SELECTION_KEYS} | {"search": selection.search}


def initiative_reviews(params: dict) -> Slide:
    """取組一覧: the 前期→後期 review (継続・新規・廃止) per 戦略区分 of one plan."""
    plan = params.get("review_plan") or params.get("plan")
    there = initiative_queries.review_plans()["label"].tolist()
    if plan not in there:
        raise SlideError(f"見直しを集計する計画「{plan}」がありません。近い選択肢: 「{_nearest(plan, there)}」")
    chart = initiative_charts.review_by_strategy(initiative_queries.review_counts(plan), plan, room=True)
    return _chart_slide(chart, [], "出典: " + initiative_queries.review_documents(plan), "")


def initiative_departments(params: dict) -> Slide:
    """取組一覧: initiatives and indicators per department in charge."""
    selection = initiative_selection(params)
    counts = initiative_queries.department_counts(selection)
    if counts.empty:
        return Slide(None, empty="担当課の記載がある取組・成果指標はありません。")
    coverage = initiative_queries.department_coverage(selection).iloc[0]
    return _chart_slide(initiative_charts.departments(counts, room=True), [],
                        "出典: " + format.document_list(str(coverage.documents).split("、")), "")


VIEWS: dict[str, tuple[str, str, Callable[[dict], Slide]]] = {
    # name: (page file, what the view shows, builder)
    "effect_by_area": ("pages/effect_amounts.py", "政策分野別・年度別の効果額", effect_by_area),
    "effect_cumulative": ("pages/effect_amounts.py", "効果額の累計", effect_cumulative),
    "estimate_comparison": ("pages/effect_amounts.py", "時点の比較", estimate_comparison),
    "effect_plan_actual": ("pages/effect_amounts.py", "計画比（計画策定時と最新の時点）", effect_plan_actual),
    "kpi_indicator": ("pages/kpi.py", "成果指標の目標と実績（選んだ指標）", kpi_indicator),
    "kpi_ratios": ("pages/kpi.py", "達成率の比較", kpi_ratios),
    "kpi_status_by_area": ("pages/kpi.py", "判定の件数（政策分野・共通テーマごと）", kpi_status_by_area),
    "kpi_series": ("pages/kpi.py", "統計の推移（選んだ統計）", kpi_series),
    "plan_timeline": ("pages/comparison.py", "市ごとの計画の期間", plan_timeline),
    "comparison_themes": ("pages/comparison.py", "共通テーマ別の件数", comparison_themes),
    "comparison_rates": ("pages/comparison.py", "成果指標の達成率", comparison_rates),
    "per_thousand_staff": ("pages/comparison.py", "人口千人当たり職員数", _per_thousand("staff")),
    "per_thousand_cost": ("pages/comparison.py", "人口千人当たり事業費", _per_thousand("cost")),
    "initiative_reviews": ("pages/initiatives.py", "前期→後期の見直し", initiative_reviews),
    "initiative_departments": ("pages/initiatives.py", "担当課別の取組数と成果指標数", initiative_departments),
}


def default_title(view: str, params: dict) -> str:
    """A slide's title when the presenter gives none: what it shows, the chosen indicator or
    statistic named (「相模原市 …参加者数の目標と実績」), not the kind's general description."""
    name = params.get("indicator") or params.get("ind") if view == "kpi_indicator" else \
        params.get("series") if view == "kpi_series" else None
    if not name:
        return VIEWS[view][1] if view in VIEWS else view
    city, _, label = str(name).rpartition("｜")
    what = "の目標と実績" if view == "kpi_indicator" else "の推移"
    return f"{city + ' ' if city else ''}{label}{what}"


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
        elif key == "by":
            value = kpi_queries.GROUPS.get(value, value)
        elif key == "statuses":
            value = "・".join(STATUS.get(v, v) for v in value)
        elif isinstance(value, (list, tuple)):
            value = "・".join(map(str, value))
        parts.append(f"{FILTER_NAMES.get(key, key)}: {value}")
    if "city" in params and params["city"] is None and "plan" in params:
        parts.insert(0, f"{FILTER_NAMES['city']}: {NO_CITY}")
    return "、".join(parts) or "なし"
