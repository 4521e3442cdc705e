"""One function per question the pages ask, on the v_* views only. Aggregation happens here."""
from __future__ import annotations

import pandas as pd

from dashboard.db import query


def plans() -> pd.DataFrame:
    """Every plan or plan period with its city, type, period and source."""
    return query("""
        select city, plan, plan_type, parent_plan, period_text, period_start_fy, period_end_fy, source, period_note,
               case when scope = '市' then '市全体' when scope_unit is not null then scope_unit || 'のみ'
                    when scope is not null then '一つの' || scope || 'のみ' else '範囲の記載なし' end as scope_label
        from v_plans
        order by city nulls last, period_start_fy, plan""")


def status_counts_by_city() -> pd.DataFrame:
    """Indicator rows per city and judgement (達成 / 一部達成 / 未達成 / 判定なし), with their documents.

    Read from kpi_plan_statuses (schema.sql), the indicator rows counted per city, plan, judgement
    and document when they were written; tests/test_summaries.py checks it against v_kpi itself."""
    if not _SUMMARY:
        return query("""
            select city,
                   count(*)                                        as indicators,
                   count(*) filter (where status = 'achieved')     as achieved,
                   count(*) filter (where status = 'partly')       as partly,
                   count(*) filter (where status = 'not_achieved') as not_achieved,
                   count(*) filter (where status = 'not_judged')   as not_judged,
                   string_agg(distinct document, '、' order by document) as documents
            from v_kpi
            group by city
            order by city nulls last""")
    return query("""
        select city,
               sum(rows)::bigint                                        as indicators,
               coalesce(sum(rows) filter (where status = 'achieved'), 0)::bigint     as achieved,
               coalesce(sum(rows) filter (where status = 'partly'), 0)::bigint       as partly,
               coalesce(sum(rows) filter (where status = 'not_achieved'), 0)::bigint as not_achieved,
               coalesce(sum(rows) filter (where status = 'not_judged'), 0)::bigint   as not_judged,
               string_agg(distinct document, '、' order by document) as documents
        from kpi_plan_statuses
        group by city
        order by city nulls last""")


_SUMMARY = True   # False: count from v_kpi (the check in tests/test_summaries.py)


def municipalities() -> pd.DataFrame:
    """The municipality list with population and its source."""
    return query("""
        select name as city, code, prefecture, kind, population, population_date, population_source
        from municipalities order by code""")


def status_counts_by_plan() -> pd.DataFrame:
    """Indicator rows per city and plan by judgement, with the plan's type and its document's kind
    (実績報告, 研究論文 …), so an achievement report's indicators are never added to a research
    paper's action-plan goals (issue #16). One row per plan with indicators, in document order.

    Read from kpi_plan_statuses (schema.sql), each of its rows counting `rows` indicator rows, like
    status_counts_by_city; _SUMMARY = False counts them from v_kpi (tests/test_summaries.py)."""
    source, count = ("kpi_plan_statuses", "rows") if _SUMMARY else ("v_kpi", "1")
    # counted per plan, judgement and document first; the plans' types and the documents' kinds
    # are joined to those few thousand rows, not to every group of the summary
    return query(f"""
        with g as (select city, plan, status, document, sum({count}) as n from {source} group by all),
        per_plan as (
            select city, plan, sum(n)::bigint as indicators,
                   coalesce(sum(n) filter (where status = 'achieved'), 0)::bigint     as achieved,
                   coalesce(sum(n) filter (where status = 'partly'), 0)::bigint       as partly,
                   coalesce(sum(n) filter (where status = 'not_achieved'), 0)::bigint as not_achieved,
                   coalesce(sum(n) filter (where status = 'not_judged'), 0)::bigint   as not_judged
            from g group by city, plan),
        -- each plan's documents once (no distinct inside the ordered aggregates: the costly part)
        kinds as (select g.city, g.plan, string_agg(g.document, '、' order by g.document) as documents,
                         min(g.document) as first_document,
                         string_agg(distinct d.kind, '・' order by d.kind) as document_kind
                  from (select distinct city, plan, document from g where document is not null) g
                  left join documents d on d.file_name = g.document group by g.city, g.plan),
        types as (select city, plan, any_value(plan_type) as plan_type from v_plans group by city, plan)
        select k.city, k.plan, t.plan_type, d.document_kind, k.indicators, k.achieved, k.partly,
               k.not_achieved, k.not_judged, d.documents
        from per_plan k
        left join types t on t.plan = k.plan and t.city is not distinct from k.city
        left join kinds d on d.plan = k.plan and d.city is not distinct from k.city
        order by k.city nulls last, d.first_document, k.plan""")
