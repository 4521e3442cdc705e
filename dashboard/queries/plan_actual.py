"""Plan against actual on 効果額: the plan-time figure (計画策定時) beside the latest estimate.

For a plan with more than one estimate (時点) of its 改革改善効果額, the first estimate in
v_effect_estimates' order (no 実績 years: the plan-time one) is the plan; the last (the most 実績
years) is the latest, each of its years 実績 or 見込み as the document heads the column. Every
figure is summed from the cells in v_effect_amounts and set beside the 合計 row the document prints
(v_effect_printed_totals), so the page can say that they agree. 千円 throughout.
"""
from __future__ import annotations

import pandas as pd

from dashboard.db import query
from dashboard.labels import ACTUAL

# The plan-time and the latest estimate of one plan; nothing when it has fewer than two. A slide
# pins both ($plan_estimate, $latest_estimate, resolved when it was saved): an estimate loaded
# later does not become its "latest", and a pinned one that is gone gives nothing.
_PAIR = """
    pair as (
        select coalesce($plan_estimate::varchar, min_by(estimate, estimate_no)) as plan_estimate,
               coalesce($latest_estimate::varchar, max_by(estimate, estimate_no)) as latest_estimate
        from v_effect_estimates
        where plan = $plan and city is not distinct from $city
        having count(*) > 1
           and ($plan_estimate::varchar is null or bool_or(estimate = $plan_estimate::varchar))
           and ($latest_estimate::varchar is null or bool_or(estimate = $latest_estimate::varchar))),
    by_year as (
        select e.fiscal_year,
               sum(e.amount_thousand_yen) filter (where e.estimate = p.plan_estimate)   as plan_amount,
               sum(e.amount_thousand_yen) filter (where e.estimate = p.latest_estimate) as latest_amount,
               string_agg(distinct e.value_kind, '・' order by e.value_kind)
                   filter (where e.estimate = p.latest_estimate)                       as latest_kind
        from v_effect_amounts e cross join pair p
        where e.plan = $plan and e.city is not distinct from $city
        group by e.fiscal_year)"""


Pinned = tuple[str, str] | None     # (plan-time estimate, latest estimate) as a slide saved them


def _pinned(pinned: Pinned) -> dict:
    return {"plan_estimate": pinned[0] if pinned else None, "latest_estimate": pinned[1] if pinned else None}


def pair(city: str | None, plan: str, pinned: Pinned = None) -> tuple[str, str] | None:
    """(plan-time estimate, latest estimate) of a plan, or None when it has only one estimate (or a
    pinned estimate is not there)."""
    frame = query(f"with {_PAIR} select plan_estimate, latest_estimate from pair", city=city, plan=plan,
                  **_pinned(pinned))
    return (frame["plan_estimate"].iloc[0], frame["latest_estimate"].iloc[0]) if len(frame) else None


def by_year(city: str | None, plan: str, pinned: Pinned = None) -> pd.DataFrame:
    """Per fiscal year: the plan-time amount, the latest (実績 / 見込み), their difference and 計画比,
    running sums of both, and the 合計 row each table prints for that year.

    ratio is NULL where the plan-time amount is not positive: a share of a negative or zero plan
    says nothing. A year one estimate lacks has its amount NULL, not 0.
    """
    return query(f"""
        with {_PAIR},
        printed as (
            -- one per estimate and year: a table may be printed in more than one file (the seed and
            -- an upload of the same estimate); totals that differ give none, so nothing reconciles
            select t.estimate, t.fiscal_year,
                   case when count(distinct t.amount_thousand_yen) = 1 then any_value(t.amount_thousand_yen) end
                       as printed
            from v_effect_printed_totals t
            where t.plan = $plan and t.city is not distinct from $city and t.total_kind = 'year_total'
            group by t.estimate, t.fiscal_year)
        select y.fiscal_year, p.plan_estimate, p.latest_estimate,
               y.plan_amount, y.latest_amount, y.latest_kind,
               y.latest_amount - y.plan_amount as difference,
               case when y.plan_amount > 0 then y.latest_amount / y.plan_amount end as ratio,
               sum(y.plan_amount) over w as plan_cumulative,
               sum(y.latest_amount) over w as latest_cumulative,
               pp.printed as plan_printed, lp.printed as latest_printed
        from by_year y cross join pair p
        left join printed pp on pp.estimate = p.plan_estimate and pp.fiscal_year = y.fiscal_year
        left join printed lp on lp.estimate = p.latest_estimate and lp.fiscal_year = y.fiscal_year
        window w as (order by y.fiscal_year)
        order by y.fiscal_year""", city=city, plan=plan, **_pinned(pinned))


def to_date(city: str | None, plan: str, pinned: Pinned = None) -> pd.DataFrame:
    """Actual to date against the plan for the same years: the latest estimate's 実績 years, their
    sum, the plan-time sum of those years, and the share (計画比; NULL unless the plan sum is positive).

    One row, or none when the plan has one estimate or its latest has no 実績 year.
    """
    return query(f"""
        with {_PAIR},
        actual_years as (
            select distinct e.fiscal_year
            from v_effect_amounts e cross join pair p
            where e.plan = $plan and e.city is not distinct from $city
              and e.estimate = p.latest_estimate and e.value_kind = $actual)
        select min(y.fiscal_year) as first_fy, max(y.fiscal_year) as last_fy, count(*) as years,
               sum(y.latest_amount) as actual, sum(y.plan_amount) as planned,
               case when sum(y.plan_amount) > 0 then sum(y.latest_amount) / sum(y.plan_amount) end as ratio
        from by_year y join actual_years using (fiscal_year)
        having count(*) > 0""", city=city, plan=plan, actual=ACTUAL, **_pinned(pinned))


def shifts(city: str | None, plan: str, pinned: Pinned = None) -> pd.DataFrame:
    """The years the latest estimate is below the plan and the years it is above, each with their
    sum: where the amounts moved between years. direction is 'below' or 'above'; a year equal to
    the plan is in neither. The two sums add up to the difference of the totals (the printed 比較)."""
    return query(f"""
        with {_PAIR}
        select case when latest_amount < plan_amount then 'below' else 'above' end as direction,
               list(fiscal_year order by fiscal_year) as years,
               list(latest_kind order by fiscal_year) as kinds,
               sum(latest_amount - plan_amount) as difference
        from by_year
        where latest_amount is distinct from plan_amount and latest_amount is not null and plan_amount is not null
        group by direction
        order by direction desc""", city=city, plan=plan, **_pinned(pinned))


def judgements(city: str | None, plan: str) -> pd.DataFrame:
    """The document's own judgement of a goal its effect amounts measure (001 Problem ①: 基本目標の
    「財政の健全化」の目標と実績の大きな乖離がある), as printed, with its item and source (issue #15)."""
    return query("""
        select item, goal, judgement, quote, source from v_judgements
        where city is not distinct from $city and plan = $plan and basis = 'effect_actuals'
        order by source, item""", city=city, plan=plan)
