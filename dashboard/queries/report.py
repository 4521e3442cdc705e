"""A report one can paste (issue #16): the filtered indicators or initiatives as one row per indicator
and year, with the initiative it belongs to and the document's own words, in the document's order."""
from __future__ import annotations

import pandas as pd

from dashboard import format
from dashboard.db import query
from dashboard.labels import STATUS
from dashboard.queries import initiatives as iq
from dashboard.queries import kpi as kq

# Columns a v_kpi row needs to be dressed (kpi._dress) when it comes from a join.
_KPI_COLUMNS = ("indicator", "fiscal_year", "period", "unit", "direction", "target_value", "target_text",
                "target_printed", "actual_value", "actual_text", "actual_printed", "mark", "evaluation",
                "status", "ratio", "row_order", "label_id")


def indicator_rows(f: kq.Filter) -> pd.DataFrame:
    """Every indicator-year KPI推移's filter keeps, in document order, with its linked initiative."""
    table = kq.indicator_table(f, limit=kq.ALL)
    if table.empty:
        return table
    links = query("""
        select label_id, initiative as linked_initiative from v_indicator_initiatives
        where list_contains($ids, label_id)""", ids=[int(i) for i in table["label_id"].unique()])
    out = table.merge(links, on="label_id", how="left")
    out["linked_initiative"] = out["linked_initiative"].where(out["linked_initiative"].notna(), out["initiative"])
    return _with_words(out)


def initiative_rows(sel: iq.Selection) -> pd.DataFrame:
    """Every initiative 取組一覧's filters keep, in the table's order, one row per indicator-year of it
    (one row with no indicator where the document prints none)."""
    where, params = iq._where(sel)
    kpi = ", ".join(f"k.{c}" for c in _KPI_COLUMNS)
    frame = query(f"""
        with chosen as (select * from v_initiatives where {where})
        select c.city, c.plan, c.phase, c.policy_area, c.strategy, c.initiative_code,
               c.initiative as linked_initiative, c.initiative, c.department, c.source as initiative_source,
               coalesce(k.source, c.source) as source, {kpi},
               null::varchar as band, null::varchar as band_status
        from chosen c
        left join v_kpi k
          on same_initiative(k.city, k.plan, k.initiative_code, k.initiative,
                             c.city, c.plan, c.initiative_code, c.initiative)
        order by c.city is null, c.city, c.plan, c.phase, c.policy_area, c.strategy, c.initiative_code,
                 c.initiative, k.row_order""", **params)
    if frame.empty:
        return frame
    has = frame["indicator"].notna()
    dressed = kq._dress(frame[has]) if has.any() else frame[has]
    frame = pd.concat([dressed, frame[~has]]).sort_index()
    return _with_words(frame)


def _with_words(rows: pd.DataFrame) -> pd.DataFrame:
    """Add `words`: what the document writes about the row's indicator, or its initiative under its
    分類, for the row's year or for no year (取組内容), each passage headed by its kind."""
    keys = rows[["city", "plan"]].drop_duplicates()
    texts = query("""
        select city, plan, initiative_code, indicator, fiscal_year, kind, item, text, source from v_texts
        where list_contains($plans, plan) and (initiative_code is not null or indicator is not null)
        order by fiscal_year nulls first, list_position(['取組内容', '計画', '実績'], kind) nulls last,
                 item nulls first, source""", plans=keys["plan"].dropna().unique().tolist())
    words, sources = [], []
    for row in rows.itertuples():
        same = texts[(texts["plan"] == row.plan)
                     & ((texts["city"] == row.city) | (texts["city"].isna() & pd.isna(row.city)))]
        code = row.initiative_code if isinstance(row.initiative_code, str) else None
        indicator = row.indicator if isinstance(row.indicator, str) else None
        about = (same["indicator"] == indicator) if indicator else pd.Series(False, index=same.index)
        if code:
            about |= same["indicator"].isna() & (same["initiative_code"] == code)
        year = row.fiscal_year if "fiscal_year" in rows and pd.notna(row.fiscal_year) else None
        when = same["fiscal_year"].isna() | ((same["fiscal_year"] == year) if year is not None else True)
        chosen = same[about & when]
        words.append("\n".join(f"{k}: {t}" for k, t in zip(chosen["kind"], chosen["text"])))
        sources.append(list(chosen["source"]))
    return rows.assign(words=words, word_sources=sources)




def _conditions(pairs: dict) -> str:
    said = [f"{name}「{'・'.join(map(str, v)) if isinstance(v, (list, tuple)) else v}」"
            for name, v in pairs.items() if v]
    return "条件: " + ("、".join(said) if said else "なし（すべての行）")


def kpi_conditions(f: kq.Filter) -> str:
    """The filters in words, for the report's opening line."""
    years = (f"{format.fiscal_year(f.years[0])}～{format.fiscal_year(f.years[1])}"
             if f.years and f.years != f.year_span else "")
    return _conditions({"市": f.cities, "計画": f.plans, "共通テーマ": f.themes, "政策分野": f.areas,
                        "担当課": f.departments, "判定": [STATUS[s] for s in f.statuses],
                        "検索": f.search, "年度": years})


def initiative_conditions(sel: iq.Selection) -> str:
    """The filters in words, for the report's opening line."""
    return _conditions({"市": sel.cities, "計画": sel.plans, "共通テーマ": sel.themes, "担当課": sel.departments,
                        "見直し区分": sel.reviews, "検索": sel.search})
