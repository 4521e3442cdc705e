"""One search over indicators, initiatives and the documents' words, and the join between them (issue #16).

The search box on KPI推移 and 取組一覧 reads four fields: 成果指標名 (v_kpi), 取組名 (v_initiatives and
the 取組 cell an indicator row carries), 取組内容 and the rest of the documents' narrative (v_texts).
A hit on an initiative's words finds the initiative and its indicators; a hit on an indicator finds
it and its initiative. Which indicator belongs to which initiative is data — the schema's
`same_initiative` macro over the 分類 / 取組 cells the seed and uploads carry — never a guess from
the indicator's name. The text searched is a bound parameter; spaces are ignored on both sides
(the documents print `B P R`), and % and _ are characters, not wildcards.
"""
from __future__ import annotations

import pandas as pd

from dashboard import documents as docs
from dashboard.db import query
from dashboard.labels import CITIES, NO_CITY

# What the search reads, in the order results are listed; the words a person sees.
FIELDS = {"indicator": "成果指標名", "initiative": "取組名", "content": "取組内容", "narrative": "資料の記述"}
CONTENT_KIND = "取組内容"    # v_texts.kind of an initiative's 取組内容 (000); every other kind is narrative
HITS_SHOWN = 200


def pattern(text: str | None) -> str:
    """An ILIKE pattern for text anywhere, spaces ignored, % _ and \\ taken literally; '' for no search."""
    text = "".join((text or "").split())
    if not text:
        return ""
    for char in ("\\", "%", "_"):
        text = text.replace(char, "\\" + char)
    return f"%{text}%"


def _like(column: str) -> str:
    """The column, spaces removed (ASCII and full-width), against $pattern."""
    return f"replace(replace({column}, ' ', ''), '\u3000', '') ilike $pattern escape '\\'"


# The label_id of every indicator the search finds: by its name or its initiative's name (the 取組
# cell of its own row), or by words the documents write about it or its initiative (v_texts keyed
# by the indicator, or by the initiative's 分類 code). v_kpi-side filters read this.
INDICATOR_HITS = f"""
    select label_id from v_kpi where {_like('indicator')} or {_like('initiative')}
    union
    select k.label_id from v_kpi k join v_texts t
      on t.city is not distinct from k.city and t.plan = k.plan
     and (t.indicator = k.indicator or (t.indicator is null and t.initiative_code = k.initiative_code))
    where {_like('t.text')}"""

# An initiative (a v_initiatives row, unaliased) the search finds: by its name, department or
# successor, by the words the documents write under its 分類 code, or by one of its indicators.
INITIATIVE_MATCH = f"""(
    {_like('initiative')} or {_like('department')} or {_like('successor')}
    or exists (select 1 from v_texts t
               where t.city is not distinct from v_initiatives.city and t.plan = v_initiatives.plan
                 and t.initiative_code = v_initiatives.initiative_code and {_like('t.text')})
    or exists (select 1 from v_indicator_initiatives l
               where l.city is not distinct from v_initiatives.city and l.plan = v_initiatives.plan
                 and l.initiative_code is not distinct from v_initiatives.initiative_code
                 and l.initiative = v_initiatives.initiative and {_like('l.indicator')}))"""

_CITY_RANK = "coalesce(list_position($order::varchar[], city), case when city is null then 99 else 98 end)"


def hits(text: str, limit: int = HITS_SHOWN) -> pd.DataFrame:
    """Where the words were found: one row per indicator, initiative or passage, with its field,
    initiative (分類 and 取組名), indicator, the text found and its source, in document order."""
    like = pattern(text)
    columns = ["field", "city", "plan", "initiative_code", "initiative", "indicator", "text", "source"]
    if not like:
        return pd.DataFrame(columns=columns + ["field_label"])
    frame = query(f"""
        with found as (
            select 'indicator' as field, city, plan, initiative_code, initiative, indicator,
                   indicator as text, min(source) as source
            from v_kpi where {_like('indicator')} group by all
            union all
            select 'initiative', city, plan, initiative_code, initiative, null, initiative, source
            from v_initiatives where {_like('initiative')}
            union all
            select case when t.kind = $content then 'content' else 'narrative' end, t.city, t.plan,
                   t.initiative_code, i.initiative, t.indicator, t.text, t.source
            from v_texts t
            left join v_initiatives i on i.city is not distinct from t.city and i.plan = t.plan
                                     and i.initiative_code = t.initiative_code
            where {_like('t.text')})
        select *, count(*) over () as total from found
        order by {_CITY_RANK}, plan, initiative_code nulls last,
                 list_position($fields, field), source, text
        limit $limit""", pattern=like, content=CONTENT_KIND, fields=list(FIELDS),
        order=list(CITIES), limit=limit)
    frame["field_label"] = frame["field"].map(FIELDS)
    return frame


def hits_view(found: pd.DataFrame) -> pd.DataFrame:
    """The hits as a table people read: Japanese headers, the source by title."""
    return pd.DataFrame({
        "見つかった項目": found["field_label"],
        "市": found["city"].fillna(NO_CITY),
        "分類": found["initiative_code"].fillna(""),
        "取組名": found["initiative"].fillna(""),
        "成果指標": found["indicator"].fillna(""),
        "記載": found["text"],
        "出典": docs.cite_column(found["source"]),
    })


def indicator_initiative(label_id: int) -> pd.DataFrame:
    """The initiative an indicator belongs to (none when the document prints none)."""
    return query("""
        select initiative_code, initiative, department, policy_area, phase, initiative_source as source
        from v_indicator_initiatives where label_id = $label_id""", label_id=int(label_id))


def initiative_sources(city: str | None, plan: str, code: str | None, name: str) -> list[str]:
    """Where one initiative is printed (its sources as the data holds them)."""
    return query("""
        select source from v_initiatives
        where same_initiative($city, $plan, $code, $name, city, plan, initiative_code, initiative)
          and initiative = $name
        order by source""", city=city, plan=plan, code=code, name=name)["source"].tolist()


def initiative_indicators(city: str | None, plan: str, code: str | None, name: str) -> pd.DataFrame:
    """Every indicator-year of one initiative with 目標 / 実績 / 判定, in document order."""
    from dashboard.queries import kpi   # its row dressing: the figures as printed, the judgement
    frame = query("""
        select k.*, null::varchar as band, null::varchar as band_status from v_kpi k
        where same_initiative(k.city, k.plan, k.initiative_code, k.initiative, $city, $plan, $code, $name)
        order by k.row_order""", city=city, plan=plan, code=code, name=name)
    return kpi._dress(frame)   # an empty frame too: the same columns either way


def initiative_words(city: str | None, plan: str, code: str | None) -> pd.DataFrame:
    """The document's own words under one initiative's 分類 code: 取組内容, 計画, 実績 … as printed."""
    if not code:
        return pd.DataFrame(columns=["kind", "item", "fiscal_year", "text", "source"])
    return query("""
        select kind, item, fiscal_year, text, source from v_texts
        where city is not distinct from $city and plan = $plan and initiative_code = $code
        order by fiscal_year nulls first, list_position(['取組内容', '計画', '実績'], kind) nulls last,
                 item nulls first, source""", city=city, plan=plan, code=code)
