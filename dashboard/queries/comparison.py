"""Questions the 都市比較 page asks: plan periods, theme coverage, achievement rates, per-resident figures.

Every function takes the cities chosen in the sidebar: city names, and 市名記載なし for the plan whose
document names no city (city NULL). The choice reaches SQL as parameters only (`$names` and
`$unnamed`); an empty choice means every city. Each result carries `documents`: the source files
(the first word of `source`) of its rows, for the caption under the chart.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard import documents as docs
from dashboard.db import query
from dashboard.labels import CITIES, NO_CITY

CITY_OPTIONS = (*CITIES, NO_CITY)
NO_CITY_LABEL = NO_CITY

# How the theme heatmap counts: one view per measure, picked from this fixed table.
MEASURES = {"取組数": "v_initiatives", "指標数": "v_kpi"}

# v_series indicators as 002 (厚木市 人材マネジメント部会, 5-4) prints them.
STAFF = "職員数"
BUDGET_PER_STAFF = "職員一人当たりの予算額"

_CHOSEN = "(list_contains($names, city) or ($unnamed and city is null))"
_DOCUMENT = "split_part(source, ' ', 1)"

# What a plan covers, in words (issue #16): the scope is data on each plan (plans.scope, scope_unit).
WHOLE_CITY = "市全体"
NO_SCOPE = "範囲の記載なし"
_SCOPE_LABEL = f"""case when {{0}}scope = '市' then '{WHOLE_CITY}'
                       when {{0}}scope_unit is not null then {{0}}scope_unit || 'のみ'
                       when {{0}}scope is not null then '一つの' || {{0}}scope || 'のみ'
                       else '{NO_SCOPE}' end"""


def _scope(cities: Sequence[str] | None) -> dict:
    """The sidebar choice as SQL parameters; names keep the order of CITY_OPTIONS."""
    chosen = set(cities or CITY_OPTIONS)
    return {"names": tuple(c for c in CITIES if c in chosen) or ("",), "unnamed": NO_CITY in chosen}


def plan_timeline(cities: Sequence[str] | None = None) -> pd.DataFrame:
    """Every plan or plan period of the chosen cities with its first and last fiscal year and source
    (the document by title)."""
    plans = query(f"""
        select city, plan, plan_type, parent_plan,
               -- a period the document does not print is marked on the bar (issue #15)
               period_text || case when period_inferred then '（推定）' else '' end as period_text,
               period_start_fy, period_end_fy, {_DOCUMENT} as documents, source, period_note,
               {_SCOPE_LABEL.format("")} as scope_label
        from v_plans
        where {_CHOSEN} and period_start_fy is not null
        order by list_position($names, city) nulls last, period_start_fy,
                 parent_plan nulls first, plan""", **_scope(cities))
    cited = docs.cite_column(plans["source"])
    return plans.assign(source=[s if not isinstance(n, str) else f"{s}。期間は推定: {n}"
                                for s, n in zip(cited, plans["period_note"])])


def theme_counts(cities: Sequence[str] | None = None, measure: str = "取組数") -> pd.DataFrame:
    """Initiatives or indicator rows per chosen city and common theme; n NULL where a city has none at all.

    Columns are every theme of the `themes` table, plus NULL (テーマ未設定) when a row has no theme;
    rows are every chosen city with a plan or a counted row. A city with rows elsewhere but none
    in a theme gets 0; a city with no rows in the view at all gets NULL, which the page shows as
    データなし, since the document was not transcribed into that table (not "zero initiatives").
    """
    view = MEASURES[measure]
    return query(f"""
        with facts as (
            select city, theme, {_DOCUMENT} as document from {view} where {_CHOSEN}),
        row_cities as (
            select city from v_plans where {_CHOSEN}
            union
            select city from facts),
        themes_shown as (
            select theme from themes where retired_by is null union select theme from facts),
        counts as (
            select city, theme, count(*) as n,
                   string_agg(distinct document, '、' order by document) as documents
            from facts group by city, theme),
        scopes as (
            select city, string_agg(distinct {_SCOPE_LABEL.format("")}, '・') as scope_label
            from v_plans where {_CHOSEN} group by city)
        select r.city, t.theme,
               case when exists (select 1 from facts f where f.city is not distinct from r.city)
                    then coalesce(k.n, 0) end as n,
               k.documents, coalesce(sc.scope_label, '{NO_SCOPE}') as scope_label
        from row_cities r cross join themes_shown t
        left join counts k on k.city is not distinct from r.city and k.theme is not distinct from t.theme
        left join scopes sc on sc.city is not distinct from r.city
        order by list_position($names, r.city) nulls last, t.theme nulls last""",
        **_scope(cities))


def achievement_rates(cities: Sequence[str] | None = None) -> pd.DataFrame:
    """Indicator rows per city, plan and fiscal year by judgement, with the plan type and how it was judged.

    judged = achieved + partly + not_achieved; the rate is achieved / judged (一部達成 is judged
    but not achieved). `marks` counts rows judged by a printed mark (〇 ×), `evaluations` rows
    judged by the document's evaluation words, so the page can say the bases differ.
    """
    return query(f"""
        select k.city, k.plan, any_value(p.plan_type) as plan_type, k.fiscal_year, k.period,
               any_value({_SCOPE_LABEL.format("p.")}) as scope_label,
               count(*)                                          as indicators,
               count(*) filter (where k.status = 'achieved')     as achieved,
               count(*) filter (where k.status = 'partly')       as partly,
               count(*) filter (where k.status = 'not_achieved') as not_achieved,
               count(*) filter (where k.status = 'not_judged')   as not_judged,
               count(*) filter (where k.status <> 'not_judged')  as judged,
               round(100.0 * count(*) filter (where k.status = 'achieved')
                     / nullif(count(*) filter (where k.status <> 'not_judged'), 0), 1) as rate,
               count(*) filter (where k.status <> 'not_judged' and k.mark is not null)     as marks,
               count(*) filter (where k.status <> 'not_judged' and k.mark is null
                                      and k.evaluation is not null)                         as evaluations,
               string_agg(distinct split_part(k.source, ' ', 1), '、') as documents
        from (select * from v_kpi where {_CHOSEN}) k
        left join v_plans p on p.plan = k.plan and p.city is not distinct from k.city
        group by k.city, k.plan, k.fiscal_year, k.period
        order by list_position($names, k.city) nulls last, k.fiscal_year nulls last, k.plan, k.period""",
        **_scope(cities))


def per_capita(cities: Sequence[str] | None = None) -> pd.DataFrame:
    """Population, staff and project cost per chosen city, and per 1,000 residents where both are in the data.

    Staff is the latest 職員数 in v_series, cost the latest year's 事業費 in v_budget without revenue
    budgets (歳入予算額), summed over the projects that print an amount (a blank is not zero).
    Every figure keeps its year and document; a city lacking one gets NULL, never an estimate.
    """
    people = query(f"""
        with staff as (
            select city, arg_max(value, fiscal_year) as staff, max(fiscal_year) as staff_fy,
                   arg_max({_DOCUMENT}, fiscal_year) as staff_document
            from v_series where indicator = $staff and value is not null group by city),
        budget_per_staff as (
            select city, arg_max(value, fiscal_year) as budget_per_staff,
                   arg_max(unit, fiscal_year) as budget_per_staff_unit,
                   max(fiscal_year) as budget_per_staff_fy,
                   arg_max({_DOCUMENT}, fiscal_year) as budget_per_staff_document
            from v_series where indicator = $budget_per_staff and value is not null group by city),
        cost as (
            select city, fiscal_year as cost_fy, sum(amount_thousand_yen) as cost_thousand_yen,
                   count(*) as projects, count(amount_thousand_yen) as costed_projects,
                   string_agg(distinct {_DOCUMENT}, '、') as cost_document,
                   string_agg(distinct scope_label, '・') as cost_scope,
                   bool_and(coalesce(scope = '市', false)) as cost_city_wide
            from (select b.*, p.scope, {_SCOPE_LABEL.format("p.")} as scope_label
                  from v_budget b left join v_plans p on p.plan = b.plan and p.city is not distinct from b.city
                  where not b.is_revenue)
            group by city, fiscal_year
            qualify row_number() over (partition by city order by fiscal_year desc) = 1)
        select m.name as city, m.population, m.population_date, m.population_source,
               s.staff, s.staff_fy, s.staff_document,
               b.budget_per_staff, b.budget_per_staff_unit, b.budget_per_staff_fy, b.budget_per_staff_document,
               c.cost_thousand_yen, c.cost_fy, c.projects, c.costed_projects, c.cost_document,
               c.cost_scope, c.cost_city_wide,
               -- a statistic of v_series is the city's own (it belongs to no plan); a budget is its
               -- plan's: a bureau's cost is never divided by the whole city's population (issue #16)
               1000.0 * s.staff / m.population             as staff_per_1000,
               case when c.cost_city_wide then 1000.0 * c.cost_thousand_yen / m.population end as cost_per_1000
        from municipalities m
        left join staff s on s.city = m.name
        left join budget_per_staff b on b.city = m.name
        left join cost c on c.city = m.name
        where list_contains($names, m.name)
        order by list_position($names, m.name)""",
        staff=STAFF, budget_per_staff=BUDGET_PER_STAFF, names=_scope(cities)["names"])
    for column in ("staff_document", "budget_per_staff_document", "cost_document"):
        people[column] = [("、".join(docs.names(d.split("、"))) if isinstance(d, str) else d) for d in people[column]]
    # The year gap between a figure and the population it is divided by, in fiscal years (a
    # population date in January–March falls in the fiscal year begun the April before). A population
    # without a date has no year: beside a dated one the column holds NaN there, not None.
    people["population_fy"] = [population_fy(d) for d in people["population_date"]]
    for measure in ("staff", "cost"):
        people[f"{measure}_gap"] = [None if pd.isna(fy) or pd.isna(p) else int(p) - int(fy)
                                    for fy, p in zip(people[f"{measure}_fy"], people["population_fy"])]
    people["cost_not_comparable"] = [
        None if pd.isna(cost) or (not pd.isna(wide) and bool(wide)) else
        ("事業費の計画に範囲（市全体・局など）の記載がなく、市全体の人口で割れるか分かりません"
         if not isinstance(scope, str) or NO_SCOPE in scope else
         f"事業費は{scope}の計画の数値で、市全体の人口で割ると比べられる数値になりません")
        for cost, wide, scope in zip(people["cost_thousand_yen"], people["cost_city_wide"], people["cost_scope"])]
    return people


def population_fy(date) -> int | None:
    """The fiscal year a population date falls in: 2024-02-01 → 2023 (年度 runs April to March)."""
    if date is None or (not isinstance(date, str) and pd.isna(date)):
        return None
    stamp = pd.Timestamp(date)
    return stamp.year if stamp.month >= 4 else stamp.year - 1


def staffing(cities: Sequence[str] | None = None) -> pd.DataFrame:
    """Baseline, target and actual staff figures as the documents print them (data/staffing.csv),
    with the plan's scope; one row per chosen city and figure, nothing estimated."""
    return query(f"""
        select s.city, s.plan, s.measure, s.role, s.fiscal_year, s.value, s.note, s.source,
               {_SCOPE_LABEL.format("p.")} as scope_label
        from staffing s left join v_plans p on p.plan = s.plan and p.city is not distinct from s.city
        where (list_contains($names, s.city) or ($unnamed and s.city is null))
        order by list_position($names, s.city) nulls last, s.measure,
                 list_position(['基準', '目標', '実績'], s.role)""", **_scope(cities))


def scopes(cities: Sequence[str] | None = None) -> pd.DataFrame:
    """Every chosen city's plans with what each covers (市全体, 総務局のみ …)."""
    return query(f"""
        select city, plan, plan_type, {_SCOPE_LABEL.format("")} as scope_label
        from v_plans where {_CHOSEN}
        order by list_position($names, city) nulls last, period_start_fy, plan""", **_scope(cities))


def theme_mapping(cities: Sequence[str] | None = None) -> pd.DataFrame:
    """The mapping in use: each pillar, or initiative under it, and its common theme, with where the
    row came from: data/themes.csv (batch_id NULL), or the batch that wrote it (an upload's preview,
    or a change on this page) with its kind, file, date and who."""
    return query(f"""
        select t.city, t.plan, t.policy_area, t.initiative, t.theme, t.area_kind, t.batch_id,
               b.kind as batch_kind, b.file_name as batch_file, b.loaded_at as batch_loaded_at,
               b.loaded_by as batch_loaded_by
        from (select * from themes where retired_by is null and {_CHOSEN}) t
        left join batches b on b.batch_id = t.batch_id
        order by list_position($names, t.city) nulls last, t.plan, t.policy_area, t.initiative nulls first""",
        **_scope(cities))


def initiatives_counted_by_pillar(cities: Sequence[str] | None = None) -> pd.DataFrame:
    """Every initiative of the chosen cities with no theme row of its own, counted through its
    pillar's row (「（分野のすべての取組）」), with that row's theme: those 都市比較 can give a theme
    of their own. Initiatives as 取組一覧 and the indicators (v_kpi) name them."""
    return query(f"""
        with named as (
            select city, plan, policy_area, initiative from v_initiatives where policy_area is not null
            union
            select city, plan, policy_area, initiative from v_kpi
            where policy_area is not null and initiative is not null)
        select n.city, n.plan, n.policy_area, n.initiative, t.theme, t.area_kind
        from (select * from named where {_CHOSEN}) n
        join themes t on t.retired_by is null and t.initiative is null and t.plan = n.plan
                     and t.policy_area = n.policy_area and t.city is not distinct from n.city
        where not exists (select 1 from themes ti where ti.retired_by is null and ti.initiative = n.initiative
                          and ti.plan = n.plan and ti.policy_area = n.policy_area
                          and ti.city is not distinct from n.city)
        order by list_position($names, n.city) nulls last, n.plan, n.policy_area, n.initiative""",
        **_scope(cities))


def themes_in_use() -> list[str]:
    """Every common theme a current themes row names: the choices of a change on this page."""
    return query("select distinct theme from themes where retired_by is null order by theme")["theme"].tolist()
