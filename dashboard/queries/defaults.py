"""Which plan a page opens on when the URL and the session name none (issue #16).

The plan a user expects, never the first in sort order: of the chosen city's plans (all plans when
no city is chosen), an achievement report first (its document's kind is 実績報告, or the plan's
type says 実績報告), then the latest — the latest end of the plan's period (v_plans), else of the
years its figures cover — then the latest start; the list's own order only breaks a tie. So an
upload of an unrelated, older plan that sorts first does not move the default, and
dashboard/filters.py keeps whatever the user chose over any default.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard.db import query
from dashboard.labels import NO_CITY

REPORT = "実績報告"


def expected_plan(options: Sequence[tuple[str | None, str]], *, city: str | None = None,
                  last_fys: Sequence[int | None] | None = None) -> int:
    """The index in `options` ((city, plan) pairs) of the plan to open on; 0 for no options.

    `last_fys`, one per option, is the last fiscal year of the figures the page shows, for a plan
    whose period no plans row gives (an upload of effect amounts alone)."""
    if not options:
        return 0
    last_fys = list(last_fys) if last_fys is not None else [None] * len(options)
    frame = query("with " + RANKED.format(options="""
        select unnest($cities) as city, unnest($plans) as plan,
               unnest($last_fys)::integer as data_last_fy, unnest($positions) as position""") +
        "select position from ranked order by " + ORDER + " limit 1",
        cities=[c if isinstance(c, str) else None for c, _ in options], plans=[p for _, p in options],
        last_fys=[None if fy is None or pd.isna(fy) else int(fy) for fy in last_fys],
        positions=list(range(len(options))), city=city, report=REPORT)
    return int(frame["position"].iloc[0])


# The ranking of expected_plan over `options`, SQL giving city, plan, data_last_fy (the last fiscal
# year of the page's figures, or null) and position (the list's order, which breaks a tie);
# $city (the chosen city, or null) and $report are its parameters. A caller whose options are
# rows of the database ranks them there (kpi.default_indicator), not sent back as lists: these
# common table expressions (after `with` or another one), then `order by ORDER limit 1` of ranked.
RANKED = """
    options as ({options}),
    documents as (select file_name, kind from v_documents),
    ranked as (
        select o.position, any_value(o.city) as city, any_value(o.plan) as plan,
               $city::varchar is null or o.city = $city as chosen,
               coalesce(bool_or(d.kind = $report or p.plan_type = $report), false) as is_report,
               coalesce(max(p.period_end_fy), max(o.data_last_fy)) as last_fy,
               max(p.period_start_fy) as first_fy
        from options o
        left join v_plans p on p.plan = o.plan and p.city is not distinct from o.city
        left join documents d on p.source = d.file_name or starts_with(p.source, d.file_name || ' ')
        group by o.position, o.city)
"""
ORDER = "chosen desc, is_report desc, last_fy desc nulls last, first_fy desc nulls last, position"


def one_city(cities: Sequence[str] | None) -> str | None:
    """The city a page's city filter has chosen, when it names exactly one city (not 市名記載なし)."""
    cities = list(cities or [])
    return cities[0] if len(cities) == 1 and cities[0] != NO_CITY else None
