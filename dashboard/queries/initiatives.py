"""取組一覧: initiatives, their 前期→後期 review (見直し区分) and the departments in charge."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import documents as docs
from dashboard import format
from dashboard.db import query
from dashboard.labels import NO_CITY
from dashboard.queries import search

# 見直し区分 grouped by its head word: 廃止（取組を集約） is 廃止, 継続（新規） is 継続 (001, 取組み整理表).
REVIEW_ORDER = ("継続", "新規", "廃止")
ABOLISHED = "廃止"
NO_SUCCESSOR = "記載なし"
NO_GROUPING = "記載なし"   # a plan may print no 基本方針 or 戦略区分; its rows still count
TOP_DEPARTMENTS = 15

_REVIEW_GROUP = "trim(regexp_extract(review, '^([^（(]*)', 1))"
_PLAN_LABEL = "coalesce(city, $no_city) || '\u3000' || plan"
_DOCUMENT = "split_part(source, ' ', 1)"


@dataclass
class Selection:
    """The sidebar's choices; an empty list means every value."""
    cities: list[str] | None = None
    plans: list[str] | None = None
    themes: list[str] | None = None
    departments: list[str] | None = None
    reviews: list[str] | None = None
    search: str = ""


def search_pattern(text: str) -> str:
    """An ILIKE pattern for text anywhere, spaces ignored, % and _ taken literally."""
    return search.pattern(text)


def _where(sel: Selection, *, shared_only: bool = False) -> tuple[str, dict]:
    """Fixed SQL clauses for the chosen filters; the values travel as parameters.

    shared_only: only the filters v_kpi can answer too (市, 計画, 共通テーマ).
    """
    clauses, params = ["true"], {}
    if sel.cities:
        clauses.append("(list_contains($cities, city) or (city is null and list_contains($cities, $no_city)))")
        params.update(cities=list(sel.cities), no_city=NO_CITY)
    if sel.plans:
        clauses.append("list_contains($plans, plan)")
        params["plans"] = list(sel.plans)
    if sel.themes:
        clauses.append("list_contains($themes, theme)")
        params["themes"] = list(sel.themes)
    if not shared_only and sel.departments:
        # a joint department (行政経営課・職員課) is found under each department it names (issue #16)
        clauses.append("list_has_any(list_transform($departments, lambda d: department_key(d)), "
                       "department_keys(department))")
        params["departments"] = list(sel.departments)
    if not shared_only and sel.reviews:
        clauses.append(f"list_contains($reviews, {_REVIEW_GROUP})")
        params["reviews"] = list(sel.reviews)
    if not shared_only and sel.search:
        # the one search (issue #16): name, department, successor, the words under its 分類, its indicators
        clauses.append(search.INITIATIVE_MATCH)
        params["pattern"] = search_pattern(sel.search)
    return " and ".join(clauses), params


def city_options() -> list[str]:
    """Cities that have initiatives, 市名記載なし last."""
    return query("""
        select coalesce(city, $no_city) as city from v_initiatives
        group by city order by city is null, city""", no_city=NO_CITY)["city"].tolist()


def plan_options() -> list[str]:
    """Plans that have initiatives, by city then name."""
    return query("""
        select plan from v_initiatives
        group by plan order by min(coalesce(city, '\uffff')), plan""")["plan"].tolist()


def theme_options() -> list[str]:
    """共通テーマ of the initiatives."""
    return query("""
        select theme from v_initiatives where theme is not null
        group by theme order by theme""")["theme"].tolist()


def department_options() -> list[str]:
    """Departments in charge, each department a joint one names on its own, one per name without
    spaces, as most often written."""
    # each department as printed counted first, so only those few strings are split and keyed
    return query("""
        with printed as (select department, count(*) as n from v_initiatives
                         where department is not null group by department),
        names as (select unnest(department_names(department)) as department, n from printed),
        spellings as (
            select department_key(department) as department_key, department, sum(n) as n
            from names group by all)
        select first(department order by n desc, department) as department
        from spellings group by department_key order by department""")["department"].tolist()


def review_options() -> list[str]:
    """見直し区分 head words (継続 / 新規 / 廃止 …) present in the data."""
    return query(f"""
        select {_REVIEW_GROUP} as review_group from v_initiatives where review is not null
        group by review_group
        order by coalesce(list_position($order, review_group), 99), review_group""",
        order=list(REVIEW_ORDER))["review_group"].tolist()


def initiative_total() -> int:
    """Every initiative the database holds."""
    return int(query("select count(*) as n from v_initiatives")["n"].iloc[0])


# What the table hands the browser at most; the rest is counted and reached by narrowing the filters.
TABLE_ROWS = 5_000


def matching(sel: Selection) -> int:
    """How many initiatives match the filters, counted in DuckDB."""
    where, params = _where(sel)
    return int(query(f"select count(*) as n from v_initiatives where {where}", **params)["n"].iloc[0])


def initiatives(sel: Selection, limit: int = TABLE_ROWS) -> pd.DataFrame:
    """The initiatives matching the filters (the first `limit`), with the review as printed and the source."""
    where, params = _where(sel)
    # the first `limit` rows are picked first; the words are gathered for those rows only
    return _by_title(query(f"""
        with picked as (
            select * from v_initiatives
            where {where}
            order by v_initiatives.city is null, v_initiatives.city, plan, phase, policy_area, strategy,
                     initiative_code, initiative
            limit $limit),
        words as (
            select t.city, t.plan, t.initiative_code, t.kind,
                   string_agg(t.text, chr(10) order by t.source, t.item) as text
            from v_texts t
            semi join (select distinct city, plan, initiative_code from picked) p
              on t.city is not distinct from p.city and t.plan = p.plan and t.initiative_code = p.initiative_code
            where t.kind in ('取組内容', '実績')
            group by t.city, t.plan, t.initiative_code, t.kind)
        select coalesce(p.city, $no_city) as city, p.phase, p.initiative_code, p.initiative,
               -- the document's own words next to the initiative's name (issue #15): 000's 取組内容 and 実績
               c.text as content, r.text as result,
               p.department, p.review, p.successor, p.plan, p.policy_area, p.strategy, p.theme, p.source
        from picked p
        left join words c on c.kind = '取組内容' and c.city is not distinct from p.city and c.plan = p.plan
                         and c.initiative_code = p.initiative_code
        left join words r on r.kind = '実績' and r.city is not distinct from p.city and r.plan = p.plan
                         and r.initiative_code = p.initiative_code
        order by p.city is null, p.city, p.plan, p.phase, p.policy_area, p.strategy,
                 p.initiative_code, p.initiative""",
        **{"no_city": NO_CITY, "limit": limit, **params}))


WORD_COLUMNS = ("content", "result")


def worded(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of the table whose document gives the initiative words of its own (取組内容, 実績)."""
    return rows.dropna(subset=list(WORD_COLUMNS), how="all")


def shown_columns(rows: pd.DataFrame) -> list[str]:
    """The table's columns, the words columns left out when no row shown has words."""
    return [c for c in rows.columns if c not in WORD_COLUMNS or rows[c].notna().any()]


def word_label(row) -> str:
    """How an initiative is named in the chooser: its code, name and city, as printed."""
    code = f"{row.initiative_code} " if isinstance(row.initiative_code, str) else ""
    return f"{code}{row.initiative}（{row.city}）"


def word_heading(kind: str, item) -> str:
    """What a passage of an initiative's words is, as the document heads it: 取組内容, 計画 1, 実績 1."""
    return kind if item is None or pd.isna(item) else f"{kind} {item}"


def initiative_words(city: str, plan: str, code: str) -> pd.DataFrame:
    """One initiative's own words as printed (issue #15): 取組内容, then each item's 計画 and 実績."""
    return query("""
        select kind, item, fiscal_year, text, source from v_texts
        where city is not distinct from $city and plan = $plan and initiative_code = $code
        order by kind <> '取組内容', item nulls first,
                 list_position(['取組内容', '計画', '実績'], kind) nulls last, source""",
        city=None if city == NO_CITY else city, plan=plan, code=code)


def initiative_indicators(city: str, plan: str, code: str) -> pd.DataFrame:
    """One initiative's 成果指標 with its target, actual and mark as printed: the figures its words explain."""
    rows = query("""
        select indicator, fiscal_year, target_printed, actual_printed, mark from v_kpi
        where city is not distinct from $city and plan = $plan and initiative_code = $code
        order by row_order""",
        city=None if city == NO_CITY else city, plan=plan, code=code)
    return pd.DataFrame({"成果指標": rows["indicator"], "年度": rows["fiscal_year"].map(format.fiscal_year),
                         "目標": rows["target_printed"], "実績": rows["actual_printed"], "目標達成": rows["mark"]})


def initiative_figures(city: str, plan: str, code: str) -> pd.DataFrame:
    """The figures printed in one initiative's words (v_figures), as printed, with their year and
    source; the words around each are the passage shown above the table."""
    figures = query("""
        select subject, printed, fiscal_year, source from v_figures
        where city is not distinct from $city and plan = $plan and initiative_code = $code
        order by source, subject""",
        city=None if city == NO_CITY else city, plan=plan, code=code)
    return pd.DataFrame({"資料の文中の数値": figures["subject"], "数値（記載どおり）": figures["printed"],
                         "年度": figures["fiscal_year"].map(format.fiscal_year),
                         "出典": docs.cite_column(figures["source"])})


def _by_title(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows whose 出典 names the document by title, the file in a column of its own."""
    rows = rows.copy()
    rows["file"] = docs.file_column(rows["source"])
    rows["source"] = docs.cite_column(rows["source"])
    return rows


def documents(sel: Selection) -> str:
    """The source documents of the initiatives matching the filters, joined with 、."""
    where, params = _where(sel)
    names = query(f"""
        select distinct {_DOCUMENT} as document from v_initiatives
        where {where} order by document""", **params)["document"]
    return format.document_list(docs.names(names))


def review_plans() -> pd.DataFrame:
    """Plans whose initiatives carry a 見直し区分, with a label naming the city (or 市名記載なし)."""
    return query(f"""
        select {_PLAN_LABEL} as label, city, plan, count(*) as initiatives
        from v_initiatives where review is not null
        group by city, plan order by city is null, city, plan""", no_city=NO_CITY)


def review_counts(plan_label: str) -> pd.DataFrame:
    """Initiatives per 基本方針, 戦略区分 and 見直し区分 head word, long, in the document's terms."""
    return query(f"""
        select coalesce(policy_area, $none) as policy_area, coalesce(strategy, $none) as strategy,
               {_REVIEW_GROUP} as review_group,
               coalesce(list_position($order, review_group), 99) as review_order,
               count(*) as initiatives
        from v_initiatives
        where {_PLAN_LABEL} = $plan_label and review is not null
        group by all order by policy_area, strategy, review_order, review_group""",
        plan_label=plan_label, no_city=NO_CITY, order=list(REVIEW_ORDER), none=NO_GROUPING)


def review_table(plan_label: str) -> pd.DataFrame:
    """The same counts one row per 基本方針 and 戦略区分, a column per head word and 計."""
    counts = review_counts(plan_label)
    if counts.empty:
        return pd.DataFrame(columns=["policy_area", "strategy", "計"])
    groups = counts.sort_values(["review_order", "review_group"])["review_group"].unique().tolist()
    table = (counts.pivot_table(index=["policy_area", "strategy"], columns="review_group",
                                values="initiatives", aggfunc="sum", fill_value=0)
             .reindex(columns=groups, fill_value=0))
    table["計"] = table.sum(axis=1)
    return table.reset_index().rename_axis(columns=None)


def abolished(plan_label: str) -> pd.DataFrame:
    """Each abolished (廃止) initiative with the 後期 initiative that absorbed it, 記載なし if none."""
    return _by_title(query(f"""
        select initiative, review, coalesce(successor, $none) as successor, department,
               policy_area, strategy, source
        from v_initiatives
        where {_PLAN_LABEL} = $plan_label and {_REVIEW_GROUP} = $abolished
        order by policy_area, strategy, successor is null, successor, initiative""",
        plan_label=plan_label, no_city=NO_CITY, abolished=ABOLISHED, none=NO_SUCCESSOR))


def review_documents(plan_label: str) -> str:
    """The documents the plan's review comes from, joined with 、."""
    names = query(f"""
        select distinct {_DOCUMENT} as document from v_initiatives
        where {_PLAN_LABEL} = $plan_label and review is not null order by document""",
        plan_label=plan_label, no_city=NO_CITY)["document"]
    return format.document_list(docs.names(names))


def department_counts(sel: Selection, limit: int = TOP_DEPARTMENTS) -> pd.DataFrame:
    """Initiatives and distinct indicators per department (spaces ignored), the top `limit` by both.

    A joint department (行政経営課・職員課) counts once for each department it names, as KPI推移
    filters it (schema.sql: department_names, issue #16). An indicator is one label of v_kpi (city,
    plan and name). Rows are first counted per printed department and indicator, so the names are
    split on those few rows, not on every year.
    """
    where, params = _where(sel, shared_only=True)
    if _unfiltered(sel):
        # with no city, plan or theme chosen, the indicators' side is read from the summary of
        # v_kpi split by department (schema.sql: kpi_department_names), summed over the cities
        indicators = """
        kpi_names as (select department_key, department, sum(pairs) as pairs
                      from kpi_department_names group by all),
        kpi_keys as (select department_key, sum(key_indicators) as indicators
                     from (select distinct city, department_key, key_indicators from kpi_department_names)
                     group by all),"""
    else:
        indicators = f"""
        pairs as (select department, label_id from v_kpi where department is not null and {where}
                  group by department, label_id),
        kpi_split as (select n.department_key, n.department, p.label_id
                      from pairs p join ({_SPLIT.format(source="pairs")}) n on n.printed = p.department),
        kpi_names as (select department_key, department, count(*) as pairs from kpi_split group by all),
        kpi_keys as (select department_key, count(distinct label_id) as indicators from kpi_split group by all),"""
    # the initiatives are counted per department as printed, and only those few strings are
    # split into the departments they name and keyed (_SPLIT), then joined back
    return query(f"""
        with printed as (select department, count(*) as initiatives from v_initiatives
                         where department is not null and {where} group by department),
        init_names as (select n.department_key, n.department, sum(p.initiatives) as initiatives
                       from printed p join ({_SPLIT.format(source="printed")}) n on n.printed = p.department
                       group by all),
        {indicators}
        names as (select department_key, department, coalesce(i.initiatives, 0) as initiatives,
                         coalesce(i.initiatives, 0) + coalesce(k.pairs, 0) as n
                  from init_names i full join kpi_names k using (department_key, department)),
        per_key as (select department_key, first(department order by n desc, department) as department,
                           string_agg(department, '、' order by department) as spellings,
                           sum(initiatives) as initiatives
                    from names group by department_key)
        select p.department_key, p.department, p.spellings, p.initiatives::integer as initiatives,
               coalesce(k.indicators, 0)::integer as indicators,
               (p.initiatives + coalesce(k.indicators, 0))::integer as total
        from per_key p left join kpi_keys k using (department_key)
        order by total desc, initiatives desc, department
        limit $limit""", limit=limit, **params)


# The distinct departments as printed in `source` (a CTE with a department column), each split
# into the departments it names (schema.sql: department_names) and keyed without spaces.
_SPLIT = """select printed, department, department_key(department) as department_key
            from (select printed, unnest(department_names(printed)) as department
                  from (select distinct department as printed from {source}))"""


def _unfiltered(sel: Selection) -> bool:
    """No city, plan or theme chosen: the indicators' side is read from the summaries of v_kpi."""
    return not (sel.cities or sel.plans or sel.themes)


def department_coverage(sel: Selection) -> pd.DataFrame:
    """One row: initiatives and indicators with no department printed, and the documents counted."""
    where, params = _where(sel, shared_only=True)
    # with no city, plan or theme chosen, the indicators' side comes from the summaries of v_kpi
    indicators = ("select false, 0, null::bigint, document from kpi_groups where with_department > 0"
                  if _unfiltered(sel) else
                  f"select department is null, 0, label_id, document from v_kpi where {where}")
    without = ("(select count(*) filter (where undepartmented) from kpi_labels)" if _unfiltered(sel) else
               "count(distinct indicator) filter (where unnamed)")
    return query(f"""
        with items as (
            select department is null as unnamed, 1 as initiative, null::bigint as indicator,
                   {_DOCUMENT} as document
            from v_initiatives where {where}
            union all
            {indicators})
        select count(*) filter (where unnamed and initiative = 1)::integer as initiatives_without,
               {without}::integer as indicators_without,
               coalesce(string_agg(distinct document, '、' order by document) filter (where not unnamed), '')
                   as documents
        from items""", **params).assign(documents=lambda f: f["documents"].map(
            lambda d: "、".join(docs.names(d.split("、"))) if d else d))


def review_words(plan_label: str) -> pd.DataFrame:
    """A plan's own review of its first half (001 Keep / Problem / Try, issue #15), as printed: the items
    tied to no initiative or indicator, which KPI推移 and the initiative detail do not show, with the
    figures written in them (Problem ⑧ 「職員が4割いる」 -> 40 %)."""
    rows = query(f"""
        select t.kind, t.item, t.text, t.source,
               (select string_agg(f.printed || '（' || f.subject || '）', '、' order by f.subject) from v_figures f
                where f.city is not distinct from t.city and f.plan = t.plan and f.held_in = 'v_texts'
                  and f.initiative_code is null and f.indicator is null and f.section = t.section
                  and contains(t.text, f.printed)) as figures
        from v_texts t
        where coalesce(t.city, $no_city) || '　' || t.plan = $label
          and t.kind in ('Keep', 'Problem', 'Try') and t.initiative_code is null
        order by list_position(['Keep', 'Problem', 'Try'], t.kind), t.item, t.source""", no_city=NO_CITY, label=plan_label)
    return pd.DataFrame({"種類": rows["kind"], "項目": rows["item"], "資料の記載": rows["text"],
                         "文中の数値": rows["figures"].fillna(""), "出典": docs.cite_column(rows["source"])})
