"""One function per question the pages ask, on the v_* views only. Aggregation happens here."""
from __future__ import annotations

import pandas as pd

from dashboard.db import query


def plans() -> pd.DataFrame:
    """Every plan or plan period with its city, type, period and source."""
    return query("""
        select city, plan, plan_type, parent_plan, period_text, period_start_fy, period_end_fy, source, period_note
        from v_plans
        order by city nulls last, period_start_fy, plan""")


def status_counts_by_city() -> pd.DataFrame:
    """Indicator rows per city and judgement (達成 / 一部達成 / 未達成 / 判定なし), with their documents.

    Read from kpi_groups (schema.sql), the indicator rows counted per city, judgement and document
    when they were written; tests/test_summaries.py checks it against v_kpi itself."""
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
        from kpi_groups
        group by city
        order by city nulls last""")


_SUMMARY = True   # False: count from v_kpi (the check in tests/test_summaries.py)


def municipalities() -> pd.DataFrame:
    """The municipality list with population and its source."""
    return query("""
        select name as city, code, prefecture, kind, population, population_date, population_source
        from municipalities order by code""")
