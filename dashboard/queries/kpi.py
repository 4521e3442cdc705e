"""KPI推移: indicators' targets and actuals, achievement ratios, status bands and statistics over years.

Every query reads v_kpi or v_series with one constant SQL text: an unused filter is an empty list
and `len($x) = 0` lets every row through, so values never enter the SQL and the cache key is the
parameters alone.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import pandas as pd

from dashboard import documents as docs
from dashboard import format
from dashboard.db import kept, query
from dashboard.labels import CITIES, NO_CITY, STATUS
from dashboard.queries import defaults, search

# Status bands as strategic-plan trackers grade them, checked from the top: the first floor the
# achievement ratio reaches names the band. The ratio is actual ÷ target, or target ÷ actual when
# lower is better, so 100 % always means "on target" (conventions.md, lower-is-better indicators).
BANDS = (
    ("達成", "achieved", 1.00),
    ("概ね達成", "partly", 0.90),
    ("未達成", "not_achieved", 0.0),
)

GROUPS = {"policy_area": "政策分野", "theme": "共通テーマ"}
DIRECTIONS = {"higher": "高いほど良い", "lower": "低いほど良い（目標は上限）"}
NO_AREA = "分野の記載なし"
GOAL_KIND = "目標の区分（柱ではない）"

# Cities in the shared order (labels.CITIES), a city not listed there after them, no city last.
_CITY_RANK = "coalesce(list_position($order::varchar[], city), case when city is null then 99 else 98 end)"

# A statistic: its name with the unit the selector shows (職員一人当たりの予算額（億円）).
_SERIES_LABEL = "coalesce(city, $no_city) || '｜' || indicator || coalesce('（' || unit || '）', '')"

# v_kpi carries each row's indicator label (市｜成果指標) and achievement ratio, derived when the data
# was written (loaders/schema.sql); the band is the first floor of BANDS the ratio reaches.
_BAND = "case " + " ".join(f"when ratio >= $floor{i} then {{0}}{i}" for i in range(len(BANDS))) + " end"

_FILTER_SQL = f"""
with filtered as (
    select *, {_CITY_RANK} as city_rank,
           {_BAND.format("$band")} as band, {_BAND.format("$status")} as band_status
    from {{source}}
    where (len($cities::varchar[]) = 0 or list_contains($cities::varchar[], coalesce(city, $no_city)))
      and (len($plans::varchar[]) = 0 or list_contains($plans::varchar[], plan))
      and (len($themes::varchar[]) = 0 or list_contains($themes::varchar[], theme))
      and (len($areas::varchar[]) = 0 or list_contains($areas::varchar[], policy_area))
      and (len($departments::varchar[]) = 0
           or list_has_any(list_transform($departments::varchar[], lambda d: department_key(d)),
                           department_keys(department)))
      and (len($statuses::varchar[]) = 0 or list_contains($statuses::varchar[], status))
      and ($pattern = '' or label_id in ({search.INDICATOR_HITS}))
      and (fiscal_year between $first_fy and $last_fy or ($undated and fiscal_year is null))
)"""
_FILTERED = _FILTER_SQL.format(source="v_kpi")
# The same over the rows of the cities listed in $codes only: DuckDB reads only the row groups of
# those cities (kpi_current is stored in city-code order).
_CITIES_SOURCE = "(select * from v_kpi where city_code in (select unnest($codes::bigint[])))"
_FILTERED_CITIES = _FILTER_SQL.format(source=_CITIES_SOURCE)

# The same over the rows whose ratio is at most the $limit-th lowest (ties at it all kept): the
# lowest ratios of the unfiltered view without evaluating the filter on every row.
_LOWEST_SOURCE = """(select * from v_kpi where ratio <= (
    select max(ratio) from (select ratio from v_kpi where ratio is not null order by ratio limit $limit)))"""

# The unfiltered view (every filter at its default) is the one most people see first; its counts
# and lists come from the summaries derived with kpi_current (schema.sql: kpi_labels, kpi_groups,
# kpi_years), not from scanning every indicator row.

# Rows dated by a stage, not a year (まず / 次に / さらに取り組むアクション), follow the document:
# its sections are numbered in `source` (7-1, 7-2, 7-3).
# (indicator_order and row_order number plan, area, code, indicator, year, source within each city,
# at write time.)
_INDICATOR_ORDER = "city_rank, city_code, indicator_order"
_ORDER = "city_rank, city_code, row_order"


@dataclass(frozen=True)
class Filter:
    """The sidebar's choices; an empty tuple means every value."""

    cities: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()    # achieved / partly / not_achieved / not_judged
    search: str = ""
    years: tuple[int, int] | None = None
    year_span: tuple[int, int] | None = None   # every year there is; rows with only a period show then

    def unfiltered(self) -> bool:
        """Whether every row passes: no choice made, no search, the year range at every year."""
        return not (self.cities or self.plans or self.themes or self.areas or self.departments
                    or self.statuses or like_pattern(self.search)) and (
            self.years is None or self.years == self.year_span)

    def params(self) -> dict:
        first, last = self.years or (0, 9999)
        # A row dated by a period only (前期アクションプラン期間) has no fiscal year to compare:
        # it shows while the range is left at every year, and not once someone narrows it.
        undated = self.years is None or self.years == self.year_span
        return {
            "cities": list(self.cities), "plans": list(self.plans), "themes": list(self.themes),
            "areas": list(self.areas), "departments": list(self.departments),
            "statuses": list(self.statuses), "pattern": like_pattern(self.search),
            "first_fy": int(first), "last_fy": int(last), "undated": undated,
            "no_city": NO_CITY, "order": list(CITIES),
        } | {f"{key}{i}": band[j] for i, band in enumerate(BANDS)
             for j, key in enumerate(("band", "status", "floor"))}


def like_pattern(text: str) -> str:
    """A substring search for ILIKE with % and _ taken literally; '' for no search.

    The one search of KPI推移 and 取組一覧 (issue #16): names, initiatives and the documents' words."""
    return search.pattern(text)


@kept
def filter_options() -> dict[str, list]:
    """What each sidebar filter offers, from the data: city, plan, theme, area, department, year, year_span."""
    rank = _CITY_RANK
    # read from the summaries of v_kpi (schema.sql), a row per city and value at most
    frame = query(f"""
        select 'city' as kind, coalesce(city, $no_city) as value, min({rank}) as r, '' as sort
        from kpi_groups group by 2
        union all select 'plan', plan, min({rank}), min(plan) from kpi_groups group by 2
        union all select 'theme', theme, 0, theme from kpi_groups where theme is not null group by 2
        union all select 'area', policy_area, min({rank}), policy_area
                  from kpi_groups where policy_area is not null group by 2
        union all select 'department', d, 0, department_key(d)
                  from (select unnest(department_names(department)) as d from kpi_departments) group by 2
        union all select 'year', fiscal_year::varchar, 0, '' from kpi_years group by 2
        union all select 'year', fiscal_year::varchar, 0, '' from v_series group by 2
        order by kind, r, sort, value""", no_city=NO_CITY, order=list(CITIES))
    options = {kind: list(dict.fromkeys(group["value"])) for kind, group in frame.groupby("kind", sort=False)}
    years = sorted({int(y) for y in options.get("year", [])})
    return {
        "city": options.get("city", []), "plan": options.get("plan", []), "theme": options.get("theme", []),
        "area": options.get("area", []), "department": options.get("department", []),
        "year": years, "year_span": (years[0], years[-1]) if years else None,
    }


# What one page hands the browser at most, whatever the database holds: the rest is counted,
# downloadable, and reached by narrowing the filters.
TABLE_ROWS, CHART_POINTS, CHOICES, GROUPS_SHOWN = 2_000, 150, 3_000, 40
ALL = 2**62


def indicator_labels(f: Filter, limit: int = CHOICES) -> list[str]:
    """The indicators the filter keeps, one label each (市｜成果指標), in document order."""
    if f.unfiltered():
        frame = query(f"""
            select label from kpi_labels order by {_CITY_RANK}, city_code, indicator_order limit $limit""",
            order=list(CITIES), limit=limit)
        return list(dict.fromkeys(frame["label"]))
    frame = query(_FILTERED + f"""
        select any_value(label) as label from filtered group by label_id
        order by min(city_rank), min(city_code), min(indicator_order) limit $limit""", **f.params(), limit=limit)
    return list(dict.fromkeys(frame["label"]))


@kept
def indicator_history(label: str, f: Filter) -> pd.DataFrame:
    """One indicator's target and actual in every year of the filter's range, with ratio and band."""
    params = f.params() | {"label": label, "cities": [], "plans": [], "themes": [], "areas": [],
                           "departments": [], "statuses": [], "pattern": ""}
    # read from the row groups of the label's city only
    return _dress(query(_FILTERED_CITIES + f"""
        select * from filtered where label = $label order by {_ORDER}""", **params,
        codes=_codes("select city_code from kpi_labels where label = $label", label=label)))


def _codes(sql: str, **params) -> list[int]:
    """City codes a small query over the summaries picks."""
    return [int(c) for c in query(sql, **params)["city_code"]]


def _first_cities(column: str, limit: int) -> list[int]:
    """The codes of the cities, in page order, whose rows hold the first `limit` rows counted in
    kpi_labels' `column` (rows or disagreements): the unfiltered view reads only theirs."""
    return _codes(f"""
        with per_city as (select city_code, min({_CITY_RANK}) as city_rank, sum({column}) as n
                          from kpi_labels group by city_code having sum({column}) > 0),
        running as (select city_code, sum(n) over (order by city_rank, city_code
                                                   rows between unbounded preceding and 1 preceding) as before
                    from per_city)
        select city_code from running where coalesce(before, 0) < $limit""",
        order=list(CITIES), limit=limit)


def _rows(f: Filter, where: str, order: str, limit: int, then: str | None = None,
          source: str = "v_kpi", **extra) -> pd.DataFrame:
    """The first `limit` filtered rows in `order`, whole. They are picked on the few columns the
    filter and the order need, and only those rows are then read whole: sorting every column of a
    million rows to keep two thousand is most of the work otherwise. `source` may hold fewer
    rows than v_kpi (the caller knows the rows lie there), with its parameters in `extra`: both the
    picking and the reading whole then read only those."""
    return _dress(query(_FILTER_SQL.format(source=source) + f""",
        picked as (select city_code, row_order, city_rank, band, band_status from filtered
                   where {where} order by {order} limit $limit)
        select k.*, p.city_rank, p.band, p.band_status
        from picked p join {source} k using (city_code, row_order)
        order by {then or order}""", **f.params(), **extra, limit=limit))


@kept
def indicator_table(f: Filter, limit: int = TABLE_ROWS) -> pd.DataFrame:
    """The indicator rows the filter keeps (the first `limit`), with ratio, band and whether the band
    agrees with the document."""
    if f.unfiltered():
        return _rows(f, "true", _ORDER, limit, source=_CITIES_SOURCE, codes=_first_cities("rows", limit))
    return _rows(f, "true", _ORDER, limit)


# A band that disagrees with the document's own judgement (not judged rows have nothing to disagree with).
_DISAGREES = "band_status is not null and status <> 'not_judged' and band_status <> status"


def totals(f: Filter) -> dict:
    """How many rows, indicators and band/document disagreements the filter keeps, counted in DuckDB."""
    if f.unfiltered():
        frame = query("""
            select coalesce(sum(rows), 0) as rows, count(*) as indicators, coalesce(sum(ratios), 0) as ratios,
                   coalesce(sum(disagreements), 0) as disagreements
            from kpi_labels""")
        return {k: int(v) for k, v in frame.iloc[0].items()}
    frame = query(_FILTERED + f"""
        select count(*) as rows, count(distinct label_id) as indicators,
               count(*) filter (where ratio is not null) as ratios,
               count(*) filter (where {_DISAGREES}) as disagreements
        from filtered""", **f.params())
    return {k: int(v) for k, v in frame.iloc[0].items()}


@kept
def disagreements(f: Filter, limit: int = TABLE_ROWS) -> pd.DataFrame:
    """The rows whose band and document judgement differ (the first `limit`)."""
    if f.unfiltered():
        return _rows(f, _DISAGREES, _ORDER, limit, source=_CITIES_SOURCE, codes=_first_cities("disagreements", limit))
    return _rows(f, _DISAGREES, _ORDER, limit)


@kept
def ratios(f: Filter, limit: int = CHART_POINTS) -> pd.DataFrame:
    """Rows whose target and actual are both numbers and whose direction is stated: ratio and band.
    Beyond `limit`, the lowest ratios — the targets missed by most — are kept."""
    order, then = "ratio, city_rank, city_code, indicator, row_order", "ratio desc, city_rank, city_code, indicator, row_order"
    if f.unfiltered():
        return _rows(f, "ratio is not null", order, limit, then, source=_LOWEST_SOURCE)
    return _rows(f, "ratio is not null", order, limit, then)


@kept
def status_counts(f: Filter, by: str, groups: int = GROUPS_SHOWN) -> pd.DataFrame:
    """達成 / 一部達成 / 未達成 / 判定なし counts per policy area or common theme (by = policy_area | theme),
    for the first `groups` groups in document order; `groups_total` says how many the filter keeps."""
    group = {"policy_area": "coalesce(policy_area, $no_area)", "theme": "coalesce(theme, $no_area)"}[by]
    # An area name is the document's own, so it carries its city; a common theme is shared by all.
    city = "coalesce(city, $no_city)" if by == "policy_area" else "null"
    # A goal kind (アウトプット / アウトカム, themes.area_kind) is no pillar: its groups come after
    # every pillar and say what they are, never beside the pillars as one of them (issue #16).
    kind = "coalesce(area_kind, '柱')" if by == "policy_area" else "'柱'"
    # Documents are listed for the groups shown only, from their rows counted per document.
    # Unfiltered: the same from kpi_groups, each of its rows counting `rows` indicator rows.
    if f.unfiltered():
        start, count = f"with filtered as (select *, {_CITY_RANK} as city_rank from kpi_groups),", "rows"
        params = {"order": list(CITIES)} | ({"no_city": NO_CITY} if by == "policy_area" else {})
    else:
        start, count, params = _FILTERED + ",", "1", f.params()
    frame = query(start + f"""
        grouped as not materialized (select {group} as grp, {city} as city, {kind} as kind, status, document,
                                            city_rank, {count} as n from filtered),
        shown as (
            select grp, city, any_value(kind) as kind, min(city_rank) as city_sort, count(*) over () as groups_total
            from grouped group by grp, city
            order by any_value(kind) = '目標の区分', city_sort, grp limit $groups
        ),
        per_document as (
            select grp, city, status, document, sum(n) as n
            from grouped g semi join shown s on g.grp = s.grp and g.city is not distinct from s.city
            group by all
        )
        select d.grp, d.city, status, sum(n)::bigint as n, any_value(s.city_sort) as city_sort,
               any_value(s.groups_total) as groups_total, any_value(s.kind) as kind,
               string_agg(document, '、' order by document) as documents
        from per_document d join shown s on d.grp = s.grp and d.city is not distinct from s.city
        group by d.grp, d.city, status
        order by any_value(s.kind) = '目標の区分', city_sort, d.grp, status""", **params, no_area=NO_AREA, groups=groups)
    frame["status_label"] = frame["status"].map(STATUS)
    frame["group"] = [(f"{GOAL_KIND}: " if k == "目標の区分" else "") + (g if c is None or pd.isna(c) else f"{g}（{c}）")
                      for g, c, k in zip(frame["grp"], frame["city"], frame["kind"])]
    return frame.drop(columns=["grp", "city_sort", "kind"])


def series_labels(f: Filter) -> list[str]:
    """Statistics over years (v_series) for the filter's cities, most numeric years first."""
    params = f.params()
    frame = query(f"""
        select {_SERIES_LABEL} as label
        from v_series
        where (len($cities::varchar[]) = 0 or list_contains($cities::varchar[], coalesce(city, $no_city)))
          and fiscal_year between $first_fy and $last_fy
        group by label, city, indicator, unit
        order by count(value) desc, count(*) desc, min({_CITY_RANK}), indicator""",
        **{k: params[k] for k in ("cities", "first_fy", "last_fy", "no_city", "order")})
    return list(frame["label"])


def series(label: str, f: Filter) -> pd.DataFrame:
    """One statistic's values over the filter's years, numbers and words as printed."""
    params = f.params()
    frame = query(f"""
        select city, indicator, fiscal_year, value, unit, value_printed, source, value_approximate
        from v_series
        where {_SERIES_LABEL} = $label and fiscal_year between $first_fy and $last_fy
        order by fiscal_year""", label=label, no_city=NO_CITY,
        first_fy=params["first_fy"], last_fy=params["last_fy"])
    frame["year_label"] = frame["fiscal_year"].map(format.fiscal_year)
    frame["city_label"] = frame["city"].map(format.city)
    return frame


def sources(frame: pd.DataFrame) -> str:
    """出典: the distinct source documents and sections of the rows shown."""
    if frame.empty:
        return ""
    return "出典: " + docs.cite_many(frame["source"].dropna())


def documents(frame: pd.DataFrame) -> str:
    """出典: the distinct source document files of the rows shown (for charts of many rows)."""
    if frame.empty:
        return ""
    if "source" in frame:
        names = docs.names(sorted(frame["source"].dropna().unique()))
    else:
        names = docs.names(sorted({d for cell in frame["documents"].dropna() for d in cell.split("、")}))
    return "出典: " + format.document_list(names)


@kept
def indicator_list(f: Filter, limit: int = TABLE_ROWS) -> pd.DataFrame:
    """table_view of indicator_table, kept per data version like it: the words of 2,000 rows are
    made once, not on every view."""
    return table_view(indicator_table(f, limit))


def table_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The indicator list as people read and export it: Japanese headers, numbers kept as numbers."""
    view = pd.DataFrame({
        "市": frame["city_label"],
        "計画": frame["plan"],
        "年度・期間": frame["year_label"],
        "政策分野": frame["policy_area"],
        "共通テーマ": frame["theme"],
        "担当課": frame["department"],
        "成果指標": frame["indicator"],
        "方向": frame["direction"].map(DIRECTIONS),
        "目標": frame["target_label"],
        "実績": frame["actual_label"],
        "目標値": frame["target_value"],
        "実績値": frame["actual_value"],
        "単位": frame["unit"],
        "達成率（%）": frame["ratio_pct"].round(2),
        "資料の判定": frame["judgement"],
        "判定": frame["status_label"],
        "達成率の帯": frame["band"],
        "帯と資料の照合": frame["band_note"],
        "数値の注記": [_figure_note(r) for r in frame.itertuples()],
        "出典": docs.cite_column(frame["source"]),
        docs.FILES_LABEL: docs.file_column(frame["source"]),
    })
    text = [c for c in view.columns if not pd.api.types.is_numeric_dtype(view[c])]
    view[text] = view[text].astype(object).where(view[text].notna(), "")
    return view


def history_view(history: pd.DataFrame) -> pd.DataFrame:
    """One indicator's rows for a small table: figures or words exactly as the document prints them."""
    return pd.DataFrame({
        "年度・期間": history["year_label"],
        "目標": history["target_label"],
        "実績": history["actual_label"],
        "資料の判定": history["judgement"],
        "判定": history["status_label"],
        "達成率": [format.percent(r) for r in history["ratio_pct"]],
        "帯と資料の照合": history["band_note"].replace("", "—"),
    }).set_index("年度・期間")


def series_words(data: pd.DataFrame) -> pd.DataFrame:
    """The years of a statistic the document gives in words (約３割, 半数以上), as printed."""
    words = data[data["value"].isna()]
    return pd.DataFrame({"年度": words["year_label"], "記載": words["value_printed"]}).set_index("年度")


def disagreement_view(table: pd.DataFrame) -> pd.DataFrame:
    """Where the band from the figures and the document's own judgement differ, said in words."""
    rows = table[table["agrees"].eq(False)]
    return pd.DataFrame({"市": rows["city_label"], "成果指標": rows["indicator"], "年度・期間": rows["year_label"],
                         "目標": rows["target_label"], "実績": rows["actual_label"],
                         "照合": rows["band_note"]}).reset_index(drop=True)


def band_floors() -> tuple[tuple[str, float], ...]:
    """(band, lowest ratio) from BANDS, for the chart's rules."""
    return tuple((name, floor) for name, _, floor in BANDS)


def band_legend() -> str:
    """The bands in words: 達成 100%以上、概ね達成 90%以上、未達成 90%未満."""
    words = [f"{name} {floor * 100:.0f}%以上" for name, _, floor in BANDS if floor > 0]
    last_floor = min(floor for _, _, floor in BANDS if floor > 0)
    return "、".join(words + [f"{BANDS[-1][0]} {last_floor * 100:.0f}%未満"])


def default_indicator(f: Filter) -> str | None:
    """The indicator to show first: of the plan a user expects (defaults.expected_plan: the chosen
    city's latest achievement report, never the first plan in sort order; issue #16), the one with
    the most years of numeric target and actual."""
    # one query: the plans the view holds ranked in the database (defaults.RANKED), then the
    # indicator of the first; unfiltered, the plans come from kpi_groups and the indicator from
    # the row groups of the plan's city only
    if f.unfiltered():
        head, plans, params = "with ", "select distinct city, plan from kpi_groups", {}
        rows = """(select * from v_kpi where city_code = (
                      select coalesce(max(m.code::bigint), 0) from municipalities m, chosen c
                      where m.name = c.city))"""
    else:
        head, plans, params = _FILTERED + ", ", "select distinct city, plan from filtered", f.params()
        rows = "filtered"
    options = f"""select city, plan, null::integer as data_last_fy,
                         row_number() over (order by city nulls last, plan) as position from ({plans})"""
    frame = query(head + defaults.RANKED.format(options=options) + f""",
        chosen as (select city, plan from ranked order by {defaults.ORDER} limit 1)
        select any_value(k.label) as label from {rows} k, chosen c
        where k.plan = c.plan and k.city is not distinct from c.city
        group by k.label_id
        order by count(k.ratio) desc, count(k.target_value) + count(k.actual_value) desc, k.label_id
        limit 1""", **params, city=defaults.one_city(f.cities), report=defaults.REPORT)
    return frame["label"].iloc[0] if len(frame) else None


def _dress(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the words people read: year or period, city, target/actual as printed, judgement, band note."""
    frame = frame.copy()
    frame["city_label"] = frame["city"].map(format.city)
    frame["year_label"] = [format.fiscal_year(fy) or (p if isinstance(p, str) else "")
                           for fy, p in zip(frame["fiscal_year"], frame["period"])]
    frame["target_label"] = [_printed(v, t, p, u) for v, t, p, u in
                             zip(frame["target_value"], frame["target_text"], frame["target_printed"], frame["unit"])]
    frame["actual_label"] = [_printed(v, t, p, u) for v, t, p, u in
                             zip(frame["actual_value"], frame["actual_text"], frame["actual_printed"], frame["unit"])]
    frame["judgement"] = [_judgement(m, e) for m, e in zip(frame["mark"], frame["evaluation"])]
    frame["status_label"] = frame["status"].map(STATUS)
    frame["ratio_pct"] = frame["ratio"] * 100
    frame["agrees"] = [None if pd.isna(b) or s == "not_judged" else b == s
                       for b, s in zip(frame["band_status"], frame["status"])]
    frame["band_note"] = [_band_note(r) for r in frame.itertuples()]
    return frame


def _figure_note(row) -> str:
    """What the figures' cells say beside the number: 概数 (約), a parenthetical (各部に１人)."""
    notes = []
    for name, kind in (("target", "目標"), ("actual", "実績")):
        if getattr(row, f"{name}_approximate", False) is True:
            notes.append(f"{kind}は概数")
        note = getattr(row, f"{name}_note", None)
        if isinstance(note, str) and note:
            notes.append(f"{kind}の注記「{note}」")
    return "、".join(notes)


def _printed(value, text, printed, unit) -> str:
    """The cell as the document prints it, with the unit from the header when the cell has none."""
    if isinstance(printed, str) and printed:
        has_number = value is not None and not pd.isna(value)
        if has_number and isinstance(unit, str) and unit and _fold(unit) not in _fold(printed):
            return printed + unit
        return printed
    return format.value_with_unit(value, text, unit)


def _fold(text: str) -> str:
    """Width and case set aside (NFKC, casefold): ％ is %, ＫＭ and KM are km."""
    return unicodedata.normalize("NFKC", text).casefold()


def _judgement(mark, evaluation) -> str:
    parts = [x for x in (mark, evaluation) if isinstance(x, str) and x]
    return "／".join(parts) if parts else "（記載なし）"


def _band_note(row) -> str:
    """In words: does the band from the figures agree with the document's own mark or evaluation?"""
    if row.band is None or pd.isna(row.band):
        return ""
    ratio = format.percent(row.ratio_pct)
    if row.status == "not_judged":
        return f"資料に判定はありません（達成率 {ratio} は「{row.band}」の帯）"
    if row.agrees:
        return f"一致（達成率 {ratio}・「{row.band}」、資料「{row.judgement}」）"
    status = "" if row.judgement == STATUS[row.status] else f"（{STATUS[row.status]}）"
    return f"食い違い: 達成率 {ratio} は「{row.band}」の帯ですが、資料の判定は「{row.judgement}」{status}です"


def indicator_texts(history: pd.DataFrame) -> pd.DataFrame:
    """The document's own words beside the indicator shown (issue #15): its initiative's 取組内容 /
    計画 / 実績 (000), the review that names it (001 Keep / Problem), its 評価 (004), as printed."""
    if history.empty:
        return pd.DataFrame(columns=["種類", "項目", "年度", "資料の記載", "出典"])
    first = history.iloc[0]
    code = first["initiative_code"] if isinstance(first["initiative_code"], str) else None
    words = query("""
        select kind, item, fiscal_year, text, source from v_texts
        where city is not distinct from $city and plan = $plan
          and (indicator = $indicator or (indicator is null and $code is not null and initiative_code = $code))
        order by fiscal_year nulls first, item nulls first,
                 list_position(['取組内容', '計画', '実績'], kind) nulls last, source""",
        city=first["city"] if isinstance(first["city"], str) else None, plan=first["plan"],
        indicator=first["indicator"], code=code)
    return pd.DataFrame({"種類": words["kind"], "項目": words["item"].fillna(""),
                         "年度": words["fiscal_year"].map(format.fiscal_year),
                         "資料の記載": words["text"], "出典": docs.cite_column(words["source"])})


def indicator_figures(history: pd.DataFrame) -> pd.DataFrame:
    """The figures the document prints in the words beside the indicator shown (issue #15, v_figures):
    004 1-2's 達成率97.8%, 2-3's 平成23年度 2.8%, 2-2's 74万時間 and 10万時間, 6-1's 2,000人以上増加,
    as printed, with the year the text gives each and its source."""
    if history.empty:
        return pd.DataFrame(columns=["資料の文中の数値", "数値（記載どおり）", "年度", "出典"])
    first = history.iloc[0]
    code = first["initiative_code"] if isinstance(first["initiative_code"], str) else None
    figures = query("""
        select subject, printed, fiscal_year, source from v_figures
        where city is not distinct from $city and plan = $plan
          and (indicator = $indicator or (indicator is null and $code is not null and initiative_code = $code))
        order by fiscal_year nulls first, source, subject""",
        city=first["city"] if isinstance(first["city"], str) else None, plan=first["plan"],
        indicator=first["indicator"], code=code)
    return pd.DataFrame({"資料の文中の数値": figures["subject"], "数値（記載どおり）": figures["printed"],
                         "年度": figures["fiscal_year"].map(format.fiscal_year),
                         "出典": docs.cite_column(figures["source"])})
