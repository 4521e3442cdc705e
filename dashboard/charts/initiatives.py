"""取組一覧 charts: the 前期→後期 review per 戦略区分, and the departments with most initiatives."""
from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts.theme import TEXT, ink_on, style

# Okabe–Ito, as the city colours; the head word is also in the legend, the tooltip and the table.
REVIEW_COLORS = {"継続": "#0072B2", "新規": "#009E73", "廃止": "#D55E00"}
OTHER_REVIEW = "#8A8A8A"
MEASURES = {"initiatives": "取組数", "indicators": "成果指標数"}
MEASURE_COLORS = {"取組数": "#0072B2", "成果指標数": "#B88000"}


# At a 1280×720 slide's chart box (840×504 px): names on one line at 18 px, counts at 16 px.
ROOM_LABEL, ROOM_MARK = 18, 16


def review_by_strategy(counts: pd.DataFrame, plan_label: str, room: bool = False) -> alt.FacetChart:
    """Stacked bars: initiatives per 戦略区分 by 見直し区分 head word, one panel per 基本方針, the
    count on every segment and 計 beside each bar. `room`: drawn at a slide's size, names on one
    line and the legend in one row, so the 9 rows and 3 panels fit the slide's chart box."""
    label_size, mark_size = (ROOM_LABEL, ROOM_MARK) if room else (14, 13)
    groups = counts.sort_values(["review_order", "review_group"])["review_group"].unique().tolist()
    colors = [REVIEW_COLORS.get(g, OTHER_REVIEW) for g in groups]
    base = alt.Chart().transform_stack(
        stack="initiatives", as_=["start", "end"], groupby=["policy_area", "strategy"],
        sort=[alt.SortField("review_order"), alt.SortField("review_group")],
    ).transform_calculate(middle="(datum.start + datum.end) / 2")
    tooltip = [alt.Tooltip("policy_area:N", title="基本方針"), alt.Tooltip("strategy:N", title="戦略区分"),
               alt.Tooltip("review_group:N", title="見直し区分"),
               alt.Tooltip("initiatives:Q", title="取組数（件）", format=",d")]
    bars = base.mark_bar(stroke="white", strokeWidth=1).encode(
        x=alt.X("start:Q", title="取組数（件）", axis=alt.Axis(tickMinStep=1, format="d")),
        x2="end:Q",
        # one line per row however a slide wraps labels: a second line ran into the next row
        y=alt.Y("strategy:N", title=None, sort="ascending",
                axis=alt.Axis(labelLimit=0, labelExpr="datum.label") if room else alt.Axis(labelLimit=320)),
        color=alt.Color("review_group:N", title="見直し区分", sort=groups,
                        scale=alt.Scale(domain=groups, range=colors),
                        legend=alt.Legend(columns=len(groups), titleOrient="left") if room else alt.Undefined),
        tooltip=tooltip,
    )
    labels = base.mark_text(fontWeight="bold", fontSize=mark_size).encode(
        x="middle:Q", y=alt.Y("strategy:N", sort="ascending"),
        color=alt.Color("ink:N", scale=None),
        text=alt.Text("initiatives:Q", format=",d"), tooltip=tooltip,
    )
    totals = alt.Chart().transform_aggregate(
        total="sum(initiatives)", groupby=["policy_area", "strategy"],
    ).transform_calculate(label="'計 ' + datum.total").mark_text(align="left", dx=5, color=TEXT,
                                                                  fontSize=mark_size).encode(
        x="total:Q", y=alt.Y("strategy:N", sort="ascending"), text="label:N",
        tooltip=[alt.Tooltip("strategy:N", title="戦略区分"), alt.Tooltip("total:Q", title="計（件）", format=",d")],
    )
    # The ink of each count on its segment, its own field: a second scale on review_group would
    # merge with the bars' colours.
    counts = counts.assign(ink=[ink_on(REVIEW_COLORS.get(g, OTHER_REVIEW)) for g in counts["review_group"]])
    chart = (alt.layer(bars, labels, totals, data=counts)
             .properties(width=400 if room else 560, height=alt.Step(25 if room else 30))
             .facet(row=alt.Row("policy_area:N", title=None, sort="ascending",
                                header=alt.Header(labelAngle=0, labelOrient="top", labelAnchor="start",
                                                  labelFontSize=label_size, labelFontWeight="bold",
                                                  labelColor=TEXT, **({"labelPadding": 2} if room else {}))),
                    spacing=12 if room else 14)
             .resolve_scale(y="independent")
             .properties(title=alt.Title("見直し区分別の取組数（前期→後期）", subtitle=plan_label)))
    return style(chart, label_size=label_size) if room else style(chart)


def departments(counts: pd.DataFrame, room: bool = False) -> alt.FacetChart:
    """Horizontal bars: initiatives and indicators per department, side by side, counts labelled.
    `room`: drawn at a slide's size, the count axes without a title (the panel headers name them)
    so 15 rows fit the slide's chart box at 18 px."""
    label_size, mark_size = (ROOM_LABEL, ROOM_MARK) if room else (14, 13)
    order = counts["department"].tolist()
    base = alt.Chart()
    y = alt.Y("department:N", title=None, sort=order, axis=alt.Axis(labelLimit=280))   # 「企画政策課・行政経営課・財政課・関係各課」 whole, not cut
    tooltip = [alt.Tooltip("department:N", title="担当課"),
               alt.Tooltip("spellings:N", title="資料での表記"),
               alt.Tooltip("measure:N", title="区分"),
               alt.Tooltip("count:Q", title="件数（件）", format=",d")]
    bars = base.mark_bar().encode(
        x=alt.X("count:Q", title=None if room else "件数（件）", axis=alt.Axis(tickMinStep=1, format="d")),
        y=y,
        color=alt.Color("measure:N", legend=None,
                        scale=alt.Scale(domain=list(MEASURE_COLORS), range=list(MEASURE_COLORS.values()))),
        tooltip=tooltip,
    )
    labels = base.mark_text(align="left", dx=4, color=TEXT, fontSize=mark_size).encode(
        x="count:Q", y=y, text=alt.Text("count:Q", format=",d"), tooltip=tooltip,
    )
    # Folded under the measures' Japanese names, so the data (and the 表で見る table read from
    # it) says 取組数 / 成果指標数 itself.
    chart = (alt.layer(bars, labels, data=counts.rename(columns=MEASURES))
             # two panels of 220 px beside 220 px of names fit the main column at 1280 px
             .properties(width=290 if room else 220, height=alt.Step(25 if room else 24))
             .facet(column=alt.Column("measure:N", title=None, sort=list(MEASURE_COLORS),
                                      header=alt.Header(labelFontSize=label_size, labelFontWeight="bold",
                                                        labelColor=TEXT,
                                                        **({"labelExpr": "datum.label + '（件）'"} if room else {}))),
                    spacing=24)
             # Folded before faceting: the facet field must exist in the data the facet splits.
             .transform_fold(list(MEASURES.values()), as_=["measure", "count"])
             .properties(title=alt.Title(f"担当課別の取組数と成果指標数（上位{len(counts)}課）",
                                         subtitle="資料の空白の違い（例: D X 推進課 / DX推進課）は同じ課として集計")))
    return style(chart, label_size=label_size) if room else style(chart)
