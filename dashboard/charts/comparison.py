"""Charts of the 都市比較 page, and the sentences that go with them: DataFrames in, no st.* calls.

Every chart colours a city with CITY_COLORS and also names it (facet header, axis label or the
text on the mark), so no reading depends on colour alone.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import altair as alt
import pandas as pd

from dashboard import format, line_breaks
from dashboard.charts.theme import TEXT, ink_on, presenting, style
from dashboard.labels import CITIES, CITY_COLORS, NO_CITY

NO_THEME = "テーマ未設定"
NO_DATA = "データなし"
CITY_ORDER = [*CITIES, NO_CITY]
_CITY_SCALE = alt.Scale(domain=CITY_ORDER, range=[CITY_COLORS[c] for c in CITY_ORDER])
_CITY_COLOR = alt.Color("city_label:N", scale=_CITY_SCALE, legend=None)
_MUTED = "#555555"
# The city axis title reads across, above the names (a rotated 市 reads as a stray mark).
_CITY_AXIS = alt.Axis(labelFontWeight="bold", titleAngle=0, titleAnchor="end", titleAlign="right",
                      titleBaseline="bottom", titleY=-6)


def _city_label(cities: pd.Series) -> pd.Series:
    """市名記載なし where the document names no city (NULL), never a guessed city."""
    return cities.astype(object).where(cities.notna(), None).map(format.city)


def _scoped(city_label: str, scope_label) -> str:
    """相模原市（総務局のみ）: a city's name with what its plan covers, when that is not the whole city."""
    if not isinstance(scope_label, str) or scope_label == "市全体":
        return city_label
    return f"{city_label}（{scope_label}）"


def _year_or_period(fiscal_year, period) -> str:
    """R4 (2022), or the document's own period words when it gives no single year."""
    if not pd.isna(fiscal_year):
        return format.fiscal_year(fiscal_year)
    return period if isinstance(period, str) and period else "年度記載なし"


def _wrapped(labels, per_line: float) -> str:
    """A Vega label expression: each of `labels` on lines of at most `per_line` em, broken between words."""
    return format.wrapped_labels(labels, per_line)


# A Vega label expression: the label on two lines after its first 「・」 (業務改革・|デジタル).
_AT_DOT = "indexof(datum.label, '・') > 0 ? split(replace(datum.label, '・', '・|'), '|') : datum.label"


def _md(text: str) -> str:
    """Data text made inert for st.warning / st.caption, which read Markdown: the one helper (#13)."""
    return format.inert(text)


def sources(*frames: pd.DataFrame) -> str:
    """出典: the distinct source documents of the rows shown."""
    from dashboard import documents  # the titles live in the database; charts stay importable without it
    files = sorted({d for f in frames for cell in f["documents"].dropna() for d in str(cell).split("、") if d})
    return "出典: " + _md("、".join(documents.names(files))) if files else "出典: なし"


# --- 計画期間 -------------------------------------------------------------------------------------

TIMELINE_WIDTH = 460   # with the plan names (≤ 260 px) it fits the main column at 1280 px


@dataclass(frozen=True)
class TimelineType:
    """The timeline's sizes: on the page, and for a room (a 1280×720 slide's chart box, or
    ?present=1), where every text is ≥ 18 px (values on marks ≥ 16 px) and the year axis is
    labelled every `year_step` years on two lines, never slanted over its neighbours."""
    width: int = TIMELINE_WIDTH
    step: int = 28
    label: int = 13
    mark: int = 13
    header: int = 15
    name_limit: int = 260
    year_step: int = 1
    spacing: int | None = None
    room: bool = False


PAGE_TIMELINE = TimelineType()
ROOM_TIMELINE = TimelineType(width=400, step=26, label=18, mark=16, header=19, name_limit=420, year_step=5,
                             spacing=2, room=True)
# ?present=1 on the page: room type, the panel as wide as a 1280 px screen leaves beside the names
# (the page stretches the picture to its column, so at 1920 px it grows with the screen).
PRESENT_TIMELINE = dataclasses.replace(ROOM_TIMELINE, width=700)
# A plan's name on the page: one line up to PAGE_NAME_CHARS em (13 px type in 260 px), else on
# lines broken before its 「（」 where the part before fits, else between words; never cut with 「…」.
PAGE_NAME_CHARS = 19


def page_name_lines(name: str) -> list[str]:
    """A plan's name as the page's timeline draws it."""
    cut = name.find("（")
    if line_breaks.em_width(name) <= PAGE_NAME_CHARS:
        return [name]
    if 0 < cut and line_breaks.em_width(name[:cut]) <= PAGE_NAME_CHARS:
        return [name[:cut], *format.wrap(name[cut:], PAGE_NAME_CHARS)]
    return format.wrap(name, PAGE_NAME_CHARS)


def _text_width(text: str, size: int = 13) -> float:
    """Rough drawn width in px: full-width characters take a whole em, others about half."""
    return sum(size if ord(ch) > 0x2000 else size * 0.6 for ch in text) + 8


def _label_side(label: str, start: int, end: int, first: int, stop: int, sizes: TimelineType = PAGE_TIMELINE) -> str:
    """Where a bar's label fits: after the bar, before it, or else on the bar itself."""
    per_year = sizes.width / (stop - first)
    needed = _text_width(label, sizes.mark) / per_year
    if stop - end >= needed:
        return "right"
    if start - first >= needed:
        return "left"
    return "inside"


def year_step(first: int, last: int, sizes: TimelineType) -> int:
    """Every how many years the axis names a year: as often as its widest line, 「(2006)」, fits
    between grid lines at the label size, horizontally (at 1280 px, every year slanted at −45°
    crowded the page's 22 years into a band nobody could read)."""
    per_year = sizes.width / (last + 1 - first)
    return max(sizes.year_step, math.ceil((_text_width("(2006)", sizes.label) + 6) / per_year))


def _timeline_axis(first: int, last: int, title: str, sizes: TimelineType) -> alt.Axis:
    # Every year keeps its grid line; every step-th from the first is named on two lines
    # (H18 / (2006)), and the last always (the current plan ends there), the one before it left
    # out when the two would touch.
    step = year_step(first, last, sizes)
    named = {y for y in range(first, last + 1, step) if last - y >= step} | {last} if last - first >= step else {first}
    labels = [[format.fiscal_year(y).split(" ")[0], format.fiscal_year(y).split(" ")[-1]]
              if y in named else "" for y in range(first, last + 1)]
    return alt.Axis(values=list(range(first, last + 1)), title=title, labelAngle=0, grid=True,
                    labelOverlap=False, labelFontSize=sizes.label, titleFontSize=sizes.label,
                    labelExpr=f"{labels!r}[datum.value - {first}]")


def plan_timeline(plans: pd.DataFrame, room: bool | None = None) -> alt.FacetChart:
    """One bar per plan from its first fiscal year to the end of its last, rows grouped by city;
    `room` (default: presentation mode) draws it at a slide's size with room-sized type."""
    sizes = ROOM_TIMELINE if room else PRESENT_TIMELINE if room is None and presenting.get() else PAGE_TIMELINE
    plan_lines = {name: page_name_lines(name) for name in dict.fromkeys(plans["plan"])}
    wraps = not sizes.room and any(len(lines) > 1 for lines in plan_lines.values())
    if wraps:
        # a row of two lines of 13 px, raised half a line to sit on its bar (labelOffset below)
        sizes = dataclasses.replace(sizes, step=36)
    first = int(plans["period_start_fy"].min())
    last = int(plans["period_end_fy"].max())
    data = pd.DataFrame({
        "city_label": _city_label(plans["city"]),
        "plan": plans["plan"],
        "plan_type": plans["plan_type"].fillna("—"),
        "parent": plans["parent_plan"].astype(object).where(plans["parent_plan"].notna(), "—"),
        "start": plans["period_start_fy"].astype(int),
        "end": plans["period_end_fy"].astype(int) + 1,   # a 年度 runs to the start of the next one
        "period": [format.period(s, e) for s, e in zip(plans["period_start_fy"], plans["period_end_fy"])],
        "printed": plans["period_text"].fillna("—"),
        "source": plans["source"],
    })
    # The period in the product's one notation (R3 (2021)), not the document's mix of 令和３年度 and H27.
    data["label"] = data["plan_type"].where(plans["plan_type"].notna(), "") + "・" + data["period"]
    if sizes.room:
        # In a room the period alone: the type is in the plan's name, and the long label would
        # run off its bar.
        data["label"] = data["period"]
    if "scope_label" in plans:
        # what the plan covers, on the bar when it is not the whole city (総務局のみ), and in the tip
        data["scope"] = plans["scope_label"].fillna("範囲の記載なし").to_numpy()
        data["label"] = [label if scope == "市全体" else f"{label}・{scope}"
                         for label, scope in zip(data["label"], data["scope"])]
    else:
        data["scope"] = "—"
    data["side"] = [_label_side(label, start, end, first, last + 1, sizes)
                    for label, start, end in zip(data["label"], data["start"], data["end"])]
    data["ink"] = [ink_on(CITY_COLORS[c]) for c in data["city_label"]]
    tooltip = [alt.Tooltip("city_label:N", title="市"), alt.Tooltip("plan:N", title="計画"),
               alt.Tooltip("plan_type:N", title="種別"), alt.Tooltip("period:N", title="期間"),
               alt.Tooltip("printed:N", title="期間（資料の表記）"),
               alt.Tooltip("parent:N", title="上位の計画"), alt.Tooltip("scope:N", title="範囲"),
               alt.Tooltip("source:N", title="出典")]
    names = {"labelLimit": sizes.name_limit, "labelExpr": "datum.label"} if sizes.room else {
        # one line per plan in a room, whatever a slide's wrapping does; two on the page, never cut
        "labelLimit": 0, "labelExpr": format.label_lookup(plan_lines),
        "labelOffset": {"condition": {"test": format.label_among(n for n, lines in plan_lines.items() if len(lines) > 1),
                                      "value": -7}, "value": 0}}
    base = alt.Chart().encode(y=alt.Y("plan:N", sort=alt.SortField("start"), title=None,
                                      axis=alt.Axis(labelFontSize=sizes.label, **names)))
    # Layers share one x axis; each must carry it, or Vega-Lite merges in its default ticks.
    axis = _timeline_axis(first, last, "年度（各年度は4月始まり、棒は年度の初めから終わりまで）"
                          if not sizes.room else "年度（4月始まり）", sizes)
    scale = alt.Scale(domain=[first, last + 1], nice=False, zero=False)
    x = alt.X("start:Q", scale=scale, axis=axis)
    bars = base.mark_bar(height=min(18, sizes.step - 8), cornerRadius=2).encode(
        x=x, x2="end:Q", color=_CITY_COLOR, tooltip=tooltip)
    after = base.mark_text(align="left", dx=5, fontSize=sizes.mark).encode(
        x=alt.X("end:Q", scale=scale, axis=axis), text="label:N").transform_filter("datum.side == 'right'")
    before = base.mark_text(align="right", dx=-5, fontSize=sizes.mark).encode(
        x=x, text="label:N").transform_filter("datum.side == 'left'")
    inside = base.mark_text(align="left", dx=6, fontSize=sizes.mark).encode(
        x=x, text="label:N", color=alt.Color("ink:N", scale=None)).transform_filter("datum.side == 'inside'")
    cities = [c for c in CITY_ORDER if c in set(data["city_label"])]
    chart = (alt.layer(bars, after, before, inside, data=data)
             .properties(width=sizes.width, height=alt.Step(sizes.step))
             .facet(row=alt.Row("city_label:N", sort=cities, title=None,
                                header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start",
                                                  labelOrient="top", labelFontSize=sizes.header, labelPadding=2 if sizes.spacing else 10,
                                                  labelFontWeight="bold", labelColor=TEXT)),
                    **({"spacing": sizes.spacing} if sizes.spacing is not None else {}))
             .resolve_scale(y="independent")
             .properties(title=alt.TitleParams("各市の計画期間", subtitle="種別・期間は資料の表記のとおり。"
                                               "市名の記載がない計画は「市名記載なし」として別に示します。")))
    if not sizes.room:
        # room above the title for its glyphs: at Vega's 5 px they rose 7 px out of the picture
        chart = chart.properties(padding={"top": 14, "left": 5, "right": 5, "bottom": 5})
    return style(chart, label_size=sizes.label) if sizes.room else style(chart)


# --- 共通テーマ -----------------------------------------------------------------------------------

# A theme's name in a room: a line after each 「・」 (「人材・ / 組織」: on one line it reached the
# next column's), each part on lines of 5 em broken between words (「テーマ / 未設定」).
ROOM_THEME_EM = 5


def room_theme_lines(theme: str) -> list[str]:
    """A common theme's name as a slide's column heading draws it."""
    return [line for part in theme.replace("・", "・\n").split("\n") if part
            for line in format.wrap(part, ROOM_THEME_EM)]


def theme_heatmap(counts: pd.DataFrame, measure: str, room: bool = False) -> alt.LayerChart:
    """City × common theme with the count written in each cell; データなし where a city has no such table.
    `room`: at a slide's size, a theme's name on two lines (after its 「・」) and データなし at 16 px."""
    data = pd.DataFrame({
        "city_label": _city_label(counts["city"]),
        "theme_label": counts["theme"].astype(object).where(counts["theme"].notna(), NO_THEME),
        "n": pd.to_numeric(counts["n"], errors="coerce").astype(float),
    })
    scopes = counts["scope_label"] if "scope_label" in counts else pd.Series(None, index=counts.index)
    data["row_label"] = [_scoped(c, sc) for c, sc in zip(data["city_label"], scopes)]
    data["has_data"] = data["n"].notna()
    data["text"] = [f"{int(n):,}" if ok else NO_DATA for n, ok in zip(data["n"], data["has_data"])]
    data["tip"] = [f"{int(n):,}件" if ok else f"{NO_DATA}（この市の資料はこの表に取り込まれていません）"
                   for n, ok in zip(data["n"], data["has_data"])]
    totals = data.groupby("theme_label")["n"].sum()
    themes = sorted(totals.index, key=lambda t: (t == NO_THEME, -totals[t], t))
    rows = list(dict.fromkeys(data.sort_values("city_label", key=lambda c: c.map(CITY_ORDER.index))["row_label"]))
    unit = "取組（計画・期ごとの件数）" if measure == "取組数" else "成果指標（指標×年度の行数）"
    base = alt.Chart(data).encode(
        x=alt.X("theme_label:N", sort=themes, title="共通テーマ",
                axis=alt.Axis(orient="top", labelAngle=0, labelLimit=0,
                              labelExpr=format.label_lookup({t: room_theme_lines(t) for t in themes}))
                if room else alt.Axis(orient="top", labelAngle=0, labelLimit=0, labelOverlap=False,
                                      # a theme is wrapped within its column, never cut nor hidden: in a
                                      # room (19 px) every 7 characters; on the page (a 1280 px window
                                      # narrows the columns) after its 「・」
                                      labelExpr=_wrapped(themes, 7) if presenting.get() else _AT_DOT)),
        # 相模原市（総務局のみ） is longer than a city's name: room for it, never cut (「相模原市（総…」)
        y=alt.Y("row_label:N", sort=rows, title="市（計画の範囲）",
                axis=alt.Axis(labelFontWeight="bold", titleAngle=0, titleAnchor="end", titleAlign="right",
                              titleBaseline="bottom", titleY=-6, labelLimit=260)),
        tooltip=[alt.Tooltip("city_label:N", title="市"), alt.Tooltip("theme_label:N", title="共通テーマ"),
                 alt.Tooltip("tip:N", title=measure)])
    filled = base.mark_rect(stroke="white", strokeWidth=3).encode(
        color=_CITY_COLOR,
        opacity=alt.Opacity("n:Q", scale=alt.Scale(domain=[0, max(float(data["n"].max() or 0), 1.0)],
                                                   range=[0.07, 0.65]), legend=None),
    ).transform_filter("datum.has_data")
    empty = base.mark_rect(stroke="white", strokeWidth=3, color="#f0f0f0").transform_filter("!datum.has_data")
    text = base.mark_text().encode(
        text="text:N",
        color=alt.condition("datum.has_data", alt.value("#111111"), alt.value(_MUTED)),
        size=alt.condition("datum.has_data", alt.value(20 if room else 18), alt.value(16 if room else 13)))
    chart = alt.layer(filled, empty, text).properties(
        width=alt.Step(150), height=alt.Step(54),
        title=alt.TitleParams(f"共通テーマ別の{measure}（件）",
                              subtitle=f"セルの数字は{unit}。色の濃さは件数の多さ、色は市を表します。"))
    return style(chart)


# --- 達成率 ---------------------------------------------------------------------------------------

def _judged(rates: pd.DataFrame) -> pd.DataFrame:
    return rates[rates["judged"] > 0]


def _basis(marks: int, evaluations: int) -> str:
    if marks and evaluations:
        return "達成マークと評価の文言"
    return "達成マーク（〇×）" if marks else "評価の文言"


def rate_label(judged: int, achieved: int) -> str:
    """82%（17件中14件）: the rate, rounded half up (四捨五入), always beside the judged count."""
    percent = (200 * achieved + judged) // (2 * judged)
    return f"{percent}%（{judged}件中{achieved}件）"


def achievement_rates(rates: pd.DataFrame) -> alt.LayerChart:
    """Achieved ÷ judged per city and year, each bar labelled with its rate and its judged count."""
    shown = _judged(rates)
    data = pd.DataFrame({
        "city_label": _city_label(shown["city"]),
        "year": [_year_or_period(y, p) for y, p in zip(shown["fiscal_year"], shown["period"])],
        "plan": shown["plan"], "plan_type": shown["plan_type"].fillna("—"),
        "rate": shown["rate"].astype(float),
        "achieved": shown["achieved"].astype(int), "partly": shown["partly"].astype(int),
        "not_achieved": shown["not_achieved"].astype(int), "judged": shown["judged"].astype(int),
        "not_judged": shown["not_judged"].astype(int),
        "basis": [_basis(m, e) for m, e in zip(shown["marks"], shown["evaluations"])],
    })
    scopes = shown["scope_label"] if "scope_label" in shown else pd.Series(None, index=shown.index)
    data["scope"] = scopes.fillna("—").to_numpy()
    data["row"] = [f"{_scoped(c, sc)}　{y}　{t}" for c, sc, y, t in
                   zip(data["city_label"], scopes, data["year"], data["plan_type"])]
    data["label"] = [rate_label(j, a) for j, a in zip(data["judged"], data["achieved"])]
    data["rate_text"] = data["rate"].map(format.percent)
    tooltip = [alt.Tooltip("city_label:N", title="市"), alt.Tooltip("year:N", title="年度"),
               alt.Tooltip("plan:N", title="計画"), alt.Tooltip("plan_type:N", title="種別"),
               alt.Tooltip("rate_text:N", title="達成率"), alt.Tooltip("achieved:Q", title="達成（件）"),
               alt.Tooltip("partly:Q", title="一部達成（件）"), alt.Tooltip("not_achieved:Q", title="未達成（件）"),
               alt.Tooltip("judged:Q", title="判定あり（件）"), alt.Tooltip("not_judged:Q", title="判定なし（件）"),
               alt.Tooltip("basis:N", title="判定の根拠"), alt.Tooltip("scope:N", title="計画の範囲")]
    base = alt.Chart(data).encode(
        y=alt.Y("row:N", sort=list(data["row"]), title=None, axis=alt.Axis(labelLimit=360, labelFontWeight="bold")),
        tooltip=tooltip)
    bars = base.mark_bar(height=26, cornerRadius=2).encode(
        x=alt.X("rate:Q", scale=alt.Scale(domain=[0, 145]),
                axis=alt.Axis(values=list(range(0, 101, 20)), title="達成率（%）＝ 達成 ÷ 判定あり（達成・一部達成・未達成）")),
        color=_CITY_COLOR)
    text = base.mark_text(align="left", dx=6, fontSize=15, fontWeight="bold").encode(x="rate:Q", text="label:N")
    chart = alt.layer(bars, text).properties(
        width="container", height=alt.Step(46),
        title=alt.TitleParams("成果指標の達成率（市・年度別）",
                              subtitle="括弧内は判定のある指標の数と、そのうち達成の数。判定なしの指標は分母に含めません。"))
    return style(chart)


def rate_caution(rates: pd.DataFrame) -> str | None:
    """Which years, plan types and ways of judging are set side by side, when they differ between cities."""
    shown = _judged(rates)
    if shown["city"].fillna(NO_CITY).nunique() < 2:
        return None
    years = {_year_or_period(y, p) for y, p in zip(shown["fiscal_year"], shown["period"])}
    kinds = set(shown["plan_type"].fillna("—"))
    bases = {_basis(m, e) for m, e in zip(shown["marks"], shown["evaluations"])}
    if len(years) == 1 and len(kinds) == 1 and len(bases) == 1:
        return None
    compared = "、".join(
        f"{format.city(c) if isinstance(c, str) else NO_CITY} {_year_or_period(y, p)}の{t}（{_basis(m, e)}で判定）"
        for c, y, p, t, m, e in zip(shown["city"], shown["fiscal_year"], shown["period"],
                                    shown["plan_type"].fillna("—"), shown["marks"], shown["evaluations"]))
    return (f"年度と計画の種類が市ごとに異なります。比べているのは {_md(compared)} です。"
            f"{scope_note(shown)}"
            "判定はそれぞれの資料の自己評価で、共通の基準ではありません。達成率の差を市の優劣として読まないでください。")


def scope_note(frame: pd.DataFrame) -> str:
    """Which cities' figures come from a plan of one part of the city (相模原市は総務局のみ), as data says."""
    if "scope_label" not in frame:
        return ""
    parts = dict.fromkeys(f"{format.city(c) if isinstance(c, str) else NO_CITY}は{sc}"
                          for c, sc in zip(frame["city"], frame["scope_label"])
                          if isinstance(sc, str) and sc != "市全体")
    if not parts:
        return ""
    return f"{_md('、'.join(parts))}の計画で、市全体の計画ではありません。"


def unjudged_note(rates: pd.DataFrame) -> str | None:
    """The years whose indicators carry no judgement at all, so no rate is shown for them."""
    rest = rates[rates["judged"] == 0]
    if rest.empty:
        return None
    # A document's staged periods without a year (まず / 次に / さらに取り組む) read as one entry.
    groups = (rest.assign(city_label=_city_label(rest["city"]),
                          year=[format.fiscal_year(y) or "年度記載なし" for y in rest["fiscal_year"]])
              .groupby(["city_label", "plan", "year"], sort=False)["indicators"].sum())
    parts = [f"{c} {plan}（{year}）{n}件" for (c, plan, year), n in groups.items()]
    return "達成の判定がない指標だけのため達成率を出していないもの: " + _md("、".join(parts))


# --- 人口・職員当たり -----------------------------------------------------------------------------

NOT_COMPARABLE = "比較できません"

PER_THOUSAND = {
    "staff": ("staff_per_1000", "人口千人当たり職員数", "人", 2),
    "cost": ("cost_per_1000", "人口千人当たり事業費（主な事業、歳入予算を除く）", "千円", 1),
}


def _population_basis(row) -> str:
    return f"人口 {format.number(row.population)}人（{row.population_source}）"


def year_gap(gap) -> str:
    """同じ年度 / 年次の差 2年度: how far apart the figure's year and the population's are."""
    if gap is None or pd.isna(gap):
        return "年次の差は不明"
    return "同じ年度" if int(gap) == 0 else f"年次の差 {abs(int(gap))}年度"


def _gap_of(row, measure: str):
    return getattr(row, f"{measure}_gap", None)


def _not_comparable(row, measure: str) -> str | None:
    """Why a city's figure cannot be divided by its population (a bureau's figure), or None."""
    reason = getattr(row, f"{measure}_not_comparable", None)
    return reason if isinstance(reason, str) else None


def per_thousand_basis(row, measure: str) -> str | None:
    """How one city's per-1,000-resident figure is computed, with the year and source of each part
    and the gap between their years; the reason where it is not comparable."""
    if reason := _not_comparable(row, measure):
        return f"{NOT_COMPARABLE}: {reason}"
    gap = f"（{year_gap(_gap_of(row, measure))}）"
    if measure == "staff" and not pd.isna(row.staff):
        return (f"職員数 {format.number(row.staff)}人（{format.fiscal_year(row.staff_fy)}、{row.staff_document}）"
                f" ÷ {_population_basis(row)} × 1,000{gap}")
    if measure == "cost" and not pd.isna(row.cost_thousand_yen):
        return (f"事業費 {format.number(row.cost_thousand_yen)}千円（{format.fiscal_year(row.cost_fy)}、"
                f"金額の記載がある{row.costed_projects}事業の合計、{row.cost_document}） ÷ {_population_basis(row)}"
                f" × 1,000{gap}")
    return None


def has_per_thousand(people: pd.DataFrame, measure: str) -> bool:
    """Whether any chosen city has this per-1,000-resident figure (else the chart is not drawn)."""
    return bool(pd.to_numeric(people[PER_THOUSAND[measure][0]], errors="coerce").notna().any())


def per_thousand(people: pd.DataFrame, measure: str) -> alt.LayerChart:
    """A per-1,000-resident figure per city with the year gap written beside it; a city without it
    reads データなし, a bureau's figure 比較できません, never a zero bar."""
    column, title, unit, digits = PER_THOUSAND[measure]
    values = pd.to_numeric(people[column], errors="coerce").astype(float)
    data = pd.DataFrame({"city_label": people["city"].astype(object), "value": values})
    data["has_data"] = data["value"].notna()
    rows = list(people.itertuples())
    data["text"] = [f"{format.number(v, digits)}{unit}（{year_gap(_gap_of(r, measure))}）" if ok
                    else (NOT_COMPARABLE if _not_comparable(r, measure) else NO_DATA)
                    for v, ok, r in zip(data["value"], data["has_data"], rows)]
    data["basis"] = [per_thousand_basis(r, measure) or f"{NO_DATA}（職員数・事業費または人口がデータにありません）"
                     for r in rows]
    data["x"] = data["value"].fillna(0.0)
    top = float(values.max()) if values.notna().any() else 1.0
    gaps = "、".join(f"{r.city} {year_gap(_gap_of(r, measure)).removeprefix('年次の差 ')}"
                     for r, ok in zip(rows, data["has_data"]) if ok)
    base = alt.Chart(data).encode(
        y=alt.Y("city_label:N", sort=list(data["city_label"]), title="市", axis=_CITY_AXIS),
        tooltip=[alt.Tooltip("city_label:N", title="市"), alt.Tooltip("text:N", title=title),
                 alt.Tooltip("basis:N", title="算出の根拠")])
    bars = base.mark_bar(height=24, cornerRadius=2).encode(
        x=alt.X("value:Q", scale=alt.Scale(domain=[0, top * 2.2]), title=f"{title}（{unit}）"),
        color=_CITY_COLOR).transform_filter("datum.has_data")
    value_text = base.mark_text(align="left", dx=6, fontSize=15, fontWeight="bold").encode(
        x="x:Q", text="text:N").transform_filter("datum.has_data")
    no_data = base.mark_text(align="left", dx=6, fontSize=15, color=_MUTED).encode(
        x="x:Q", text="text:N").transform_filter("!datum.has_data")
    chart = alt.layer(bars, value_text, no_data).properties(
        width="container", height=alt.Step(44),
        title=alt.TitleParams(title, subtitle=[
            f"分子と人口の年次の差（括弧内）: {gaps}。" if gaps else "計算できる市がありません。",
            "局など市の一部の数値は市全体の人口で割らず「比較できません」と表示します。"]))
    return style(chart)


def per_capita_caption(people: pd.DataFrame) -> str:
    """Where the population, staff and cost figures come from, and the year gap of each division."""
    documents = [people[c].rename("documents").to_frame() for c in
                 ("staff_document", "budget_per_staff_document", "cost_document")]
    populations = "・".join(dict.fromkeys(people["population_source"].dropna()))
    reasons = "、".join(f"{r.city}の{label}（{_not_comparable(r, m)}）" for r in people.itertuples()
                       for m, label in (("cost", "事業費"),) if _not_comparable(r, m))
    return (f"人口: 市町村一覧（{_md(populations)}）。{sources(*documents)}。"
            "職員数・事業費と人口の年次が異なるときは、その差を各欄に示します（人口の日付は、その日を含む年度で数えます）。"
            + (f"{NOT_COMPARABLE}: {_md(reasons)}。" if reasons else "")
            + "市名記載なしの計画は人口が特定できないため対象外です。")


def per_capita_table(people: pd.DataFrame) -> pd.DataFrame:
    """Population, staff and cost per city as sentences with year, scope and source; データなし where
    absent, 比較できません with the reason where the figure covers only part of the city."""
    def cell(ok, text):
        return text if ok else NO_DATA

    rows = {}
    for r in people.itertuples():
        cost_reason = _not_comparable(r, "cost")
        rows[r.city] = {
            "人口": cell(not pd.isna(r.population),
                       f"{format.number(r.population)}人（{r.population_source}）"),
            "職員数": cell(not pd.isna(r.staff),
                         f"{format.number(r.staff)}人（{format.fiscal_year(r.staff_fy)}、市全体、{r.staff_document}）"),
            "人口千人当たり職員数": cell(
                not pd.isna(r.staff_per_1000),
                f"{format.number(r.staff_per_1000, 2)}人（職員数 {format.fiscal_year(r.staff_fy)} ÷ 人口 "
                f"{r.population_source}、{year_gap(r.staff_gap)}）"),
            "職員一人当たり予算額（資料の記載）": cell(
                not pd.isna(r.budget_per_staff),
                f"{r.budget_per_staff:.2f}{r.budget_per_staff_unit or ''}"
                f"（{format.fiscal_year(r.budget_per_staff_fy)}、資料が同じ年度の予算と職員数で計算、{r.budget_per_staff_document}）"),
            "主な事業の事業費（歳入予算を除く）": cell(
                not pd.isna(r.cost_thousand_yen),
                f"{format.number(r.cost_thousand_yen)}千円（{format.fiscal_year(r.cost_fy)}、"
                f"{r.cost_scope if isinstance(r.cost_scope, str) else '範囲の記載なし'}、"
                f"{r.projects}事業中 金額の記載がある{r.costed_projects}事業の合計、{r.cost_document}）"),
            "人口千人当たり事業費": (
                f"{NOT_COMPARABLE}（{cost_reason}）" if cost_reason else cell(
                    not pd.isna(r.cost_per_1000),
                    f"{format.number(r.cost_per_1000, 1)}千円（事業費 {format.fiscal_year(r.cost_fy)} ÷ 人口 "
                    f"{r.population_source}、{year_gap(r.cost_gap)}）")),
        }
    return pd.DataFrame(rows).rename_axis("項目")


# --- 職員数の基準・目標・実績 -----------------------------------------------------------------------

STAFF_ROLES = ("基準", "目標", "実績")
NOT_STATED = "記載なし"


def staffing_table(staff: pd.DataFrame, cities: list[str]) -> pd.DataFrame:
    """Baseline, target and actual staff per city as printed, each with its year and note; a figure
    the document does not print reads 記載なし (never computed from the others)."""
    from dashboard import documents  # the titles live in the database
    rows = {}
    for city in cities:
        own = staff[staff["city"].astype(object).where(staff["city"].notna(), None).map(format.city) == city]
        column = {"計画の範囲": NOT_STATED, "指標": NOT_STATED, **{role: NOT_STATED for role in STAFF_ROLES},
                  "出典": NOT_STATED}
        if not own.empty:
            column["計画の範囲"] = f"{own['scope_label'].iloc[0]}（{own['plan'].iloc[0]}）"
            column["指標"] = "・".join(dict.fromkeys(own["measure"]))
            for role in STAFF_ROLES:
                hits = own[own["role"] == role]
                if not hits.empty:
                    column[role] = "、".join(
                        f"{h.value}（{h.fiscal_year}{'、' + h.note if isinstance(h.note, str) else ''}）"
                        for h in hits.itertuples())
            column["出典"] = "、".join(dict.fromkeys(documents.cite_column(own["source"])))
        rows[city] = column
    return pd.DataFrame(rows).rename_axis("項目")


# --- 共通テーマの対応表 ------------------------------------------------------------------------------

def mapping_table(mapping: pd.DataFrame) -> pd.DataFrame:
    """The theme mapping in use: each pillar, or initiative under it, and the theme it is counted in."""
    return pd.DataFrame({
        "市": _city_label(mapping["city"]),
        "計画": mapping["plan"],
        "分野（資料の表記）": mapping["policy_area"],
        "分野の種類": mapping["area_kind"],
        "取組": mapping["initiative"].astype(object).where(mapping["initiative"].notna(), "（分野のすべての取組）"),
        "共通テーマ": mapping["theme"],
        "対応の出典": mapping_sources(mapping),
    })


THEMES_FILE = "data/themes.csv"


def mapping_sources(mapping: pd.DataFrame) -> list[str]:
    """Where each row of the mapping came from, in words: data/themes.csv, or the batch that wrote
    it (the upload's file, or 都市比較での変更) with its date and who. Plain text, for a table cell."""
    def one(row) -> str:
        batch = row.get("batch_id")
        if batch is None or pd.isna(batch):
            return THEMES_FILE
        when = row.get("batch_loaded_at")
        parts = [f"{pd.Timestamp(when):%Y-%m-%d %H:%M}"] if when is not None and not pd.isna(when) else []
        if isinstance(who := row.get("batch_loaded_by"), str) and who:
            parts.append(who)
        what = (f"取込「{row['batch_file']}」" if isinstance(row.get("batch_file"), str)
                else "都市比較での変更" if row.get("batch_kind") == "mapping" else "取込")
        return f"バッチ {int(batch)}（{what}、{'、'.join(parts)}）" if parts else f"バッチ {int(batch)}（{what}）"
    return [one(row) for row in mapping.to_dict("records")]


def mapping_caption(mapping: pd.DataFrame) -> str:
    """The caption under the mapping: each source of its rows, with how many rows it gave."""
    counts: dict[str, int] = {}
    for source in mapping_sources(mapping):
        counts[source] = counts.get(source, 0) + 1
    listed = "、".join(f"{source} {n:,}行" for source, n in counts.items()) or THEMES_FILE
    return (f"出典: {listed}（分野は資料の表記のとおり。対応は比較のために付けたもので、資料の記載ではありません。"
            "各行の出典は表の「対応の出典」列）")
