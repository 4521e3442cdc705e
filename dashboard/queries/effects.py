"""Questions the 効果額 page asks: 改革改善効果額 (reform effect amounts) by area, year and estimate.

A plan is identified by its city and name together (`city is not distinct from $city`: a plan whose
document names no city has city NULL). Amounts stay in 千円 as loaded; the page converts units.
Every total here is summed from the facts in v_effect_amounts, never read from a printed total;
the printed ones (v_effect_printed_totals) are only compared with them.
"""
from __future__ import annotations

import pandas as pd

from dashboard.db import query

# Policy-area codes as documents print them (I, II, Ⅲ, 1, 2 …) in reading order; a code that is
# none of these sorts after them, by its text.
_AREA_ORDER = """coalesce(try_cast(policy_area_code as integer),
         list_position(['I','II','III','IV','V','VI','VII','VIII','IX','X','XI','XII'], upper(policy_area_code)),
         list_position(['Ⅰ','Ⅱ','Ⅲ','Ⅳ','Ⅴ','Ⅵ','Ⅶ','Ⅷ','Ⅸ','Ⅹ','Ⅺ','Ⅻ'], policy_area_code),
         999), policy_area_code, policy_area"""

# Estimates in the order v_effect_estimates (schema.sql) gives them: earliest (plan-time) first.
_ESTIMATES = f"""
    estimates as (
        select estimate, estimate_no from v_effect_estimates
        where plan = $plan and city is not distinct from $city),
    areas as (
        select policy_area_code, policy_area, dense_rank() over (order by {_AREA_ORDER}) as area_no
        from (select distinct policy_area_code, policy_area from v_effect_amounts
              where plan = $plan and city is not distinct from $city))"""
# An area whose document prints no code has code NULL: joined by `is not distinct from`, never `using`.
_AREA_JOIN = "join areas a on a.policy_area_code is not distinct from e.policy_area_code and a.policy_area = e.policy_area"


def plans() -> pd.DataFrame:
    """Every plan with effect amounts: city (NULL when the document names none), plan, years, estimates."""
    return query("""
        select city, plan, min(fiscal_year) as first_fy, max(fiscal_year) as last_fy,
               count(distinct estimate) as estimates
        from v_effect_amounts
        group by city, plan
        order by city nulls last, plan""")


def plan_keys() -> list[tuple[str | None, str]]:
    """(city, plan) of every plan with effect amounts, city None (not NaN) where the document names none."""
    frame = plans()
    return [(city if isinstance(city, str) else None, plan) for city, plan in zip(frame["city"], frame["plan"])]


def estimates(city: str | None, plan: str) -> pd.DataFrame:
    """A plan's estimates (時点) in order, earliest first, with their years of 実績 / 見込み / 計画."""
    return query(f"""
        with {_ESTIMATES}
        select e.estimate, o.estimate_no,
               min(e.fiscal_year) as first_fy, max(e.fiscal_year) as last_fy,
               count(distinct e.fiscal_year) filter (where e.value_kind = '実績')  as actual_years,
               count(distinct e.fiscal_year) filter (where e.value_kind = '見込み') as projected_years,
               count(distinct e.fiscal_year) filter (where e.value_kind = '計画')  as planned_years
        from v_effect_amounts e join estimates o using (estimate)
        where e.plan = $plan and e.city is not distinct from $city
        group by e.estimate, o.estimate_no
        order by o.estimate_no""", city=city, plan=plan)


def amounts(city: str | None, plan: str, estimate: str) -> pd.DataFrame:
    """One estimate's cells: policy area × fiscal year, with 実績 / 見込み / 計画 and the source."""
    return query(f"""
        with {_ESTIMATES}
        select a.area_no, e.policy_area_code, e.policy_area, e.fiscal_year, e.value_kind,
               e.amount_thousand_yen, e.source
        from v_effect_amounts e {_AREA_JOIN}
        where e.plan = $plan and e.city is not distinct from $city and e.estimate = $estimate
        order by a.area_no, e.fiscal_year""", city=city, plan=plan, estimate=estimate)


def year_totals(city: str | None, plan: str, estimate: str) -> pd.DataFrame:
    """Net total per fiscal year (the 合計 row, recomputed), its positive and negative parts, and the running sum."""
    return query("""
        select fiscal_year,
               string_agg(distinct value_kind, '・' order by value_kind) as value_kind,
               sum(amount_thousand_yen) as net,
               coalesce(sum(amount_thousand_yen) filter (where amount_thousand_yen > 0), 0) as positive,
               coalesce(sum(amount_thousand_yen) filter (where amount_thousand_yen < 0), 0) as negative,
               sum(sum(amount_thousand_yen)) over (order by fiscal_year) as cumulative
        from v_effect_amounts
        where plan = $plan and city is not distinct from $city and estimate = $estimate
        group by fiscal_year
        order by fiscal_year""", city=city, plan=plan, estimate=estimate)


def area_year_cells(city: str | None, plan: str, estimate: str) -> pd.DataFrame:
    """Area × year amounts with the total row and column (grouping sets); NULL area or year means 合計."""
    return query(f"""
        with {_ESTIMATES}
        select a.area_no, e.policy_area_code, e.policy_area, e.fiscal_year,
               string_agg(distinct e.value_kind, '・' order by e.value_kind) as value_kind,
               sum(e.amount_thousand_yen) as amount_thousand_yen
        from v_effect_amounts e {_AREA_JOIN}
        where e.plan = $plan and e.city is not distinct from $city and e.estimate = $estimate
        group by grouping sets ((a.area_no, e.policy_area_code, e.policy_area, e.fiscal_year),
                                (a.area_no, e.policy_area_code, e.policy_area),
                                (e.fiscal_year), ())
        order by a.area_no nulls last, e.fiscal_year nulls last""", city=city, plan=plan, estimate=estimate)


def estimate_comparison(city: str | None, plan: str) -> pd.DataFrame:
    """Each estimate's total per policy area and overall, and its difference (比較) from the earliest estimate.

    Rows with area_no NULL are the overall total. amount is NULL where an estimate has no row for
    an area (not zero), and then so is the difference.
    """
    return query(f"""
        with {_ESTIMATES},
        totals as (
            select e.estimate, a.area_no, sum(e.amount_thousand_yen) as amount,
                   string_agg(distinct e.value_kind, '・' order by e.value_kind) as value_kind,
                   min(e.fiscal_year) as first_fy, max(e.fiscal_year) as last_fy
            from v_effect_amounts e {_AREA_JOIN}
            where e.plan = $plan and e.city is not distinct from $city
            group by grouping sets ((e.estimate, a.area_no), (e.estimate))),
        grid as (
            select o.estimate, o.estimate_no, a.area_no, a.policy_area_code, a.policy_area
            from estimates o cross join (select area_no, policy_area_code, policy_area from areas
                                         union all select null, null, null) a)
        select g.estimate, g.estimate_no, g.area_no, g.policy_area_code, g.policy_area,
               t.amount, t.value_kind, t.first_fy, t.last_fy,
               first_value(t.amount) over w as base_amount,
               t.amount - first_value(t.amount) over w as difference
        from grid g
        left join totals t on t.estimate = g.estimate and t.area_no is not distinct from g.area_no
        window w as (partition by g.area_no order by g.estimate_no)
        order by g.area_no nulls last, g.estimate_no""", city=city, plan=plan)


def printed_total_checks(city: str | None, plan: str) -> pd.DataFrame:
    """Every total the plan's documents print that can be checked, beside the same total summed
    from the facts (v_effect_total_checks, the rule `loaders check` and the importer read too)."""
    return query("""
        select estimate, total_kind, policy_area_code, fiscal_year, printed, computed, agrees, source
        from v_effect_total_checks
        where plan = $plan and city is not distinct from $city and checked
        order by estimate_no nulls last, estimate, total_kind, policy_area_code nulls last,
                 fiscal_year nulls last""",
        city=city, plan=plan)


def kind_totals(city: str | None, plan: str, estimate: str) -> pd.DataFrame:
    """One estimate's total (is_total), then its part per 実績 / 見込み / 計画 with the years each covers."""
    return query("""
        select grouping(value_kind) = 1 as is_total, value_kind, sum(amount_thousand_yen) as amount,
               min(fiscal_year) as first_fy, max(fiscal_year) as last_fy, count(distinct fiscal_year) as years
        from v_effect_amounts
        where plan = $plan and city is not distinct from $city and estimate = $estimate
        group by grouping sets ((value_kind), ())
        order by value_kind is not null, min(fiscal_year)""", city=city, plan=plan, estimate=estimate)


def sources(city: str | None, plan: str, estimate: str | None = None) -> list[str]:
    """The distinct source documents of a plan's effect amounts (of one estimate, when given)."""
    clause = "and estimate = $estimate" if estimate is not None else ""
    params = {"estimate": estimate} if estimate is not None else {}
    frame = query(f"""
        select distinct source from v_effect_amounts
        where plan = $plan and city is not distinct from $city {clause}
        order by source""", city=city, plan=plan, **params)
    return frame["source"].tolist()
