"""Charts and table frames for the 効果額 page (改革改善効果額): query frames in, no st.* calls.

Amounts arrive in 千円 and leave in the chosen unit, always with the unit written beside them.
Vega's stack keeps separate sums for negatives and positives (field notes §3), so a year such as
R4 at plan time (II △63,660 below zero, I +11,442 above) shows both parts; the net is a layer of
its own because a diverging stack never shows it. No hatching exists in Vega-Lite: a 見込み
(projection) is drawn pale with a dashed outline, a 実績 solid.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard import format
from dashboard.charts.theme import style
from dashboard.labels import ACTUAL, PLANNED, PROJECTED, UNITS

DIGITS = format.DIGITS
TOTAL = "合計"

# Policy areas are not cities: colours kept apart from CITY_COLORS and STATUS_COLORS
# (Okabe–Ito sky blue, reddish purple, vermilion, then Paul Tol's muted set), the light ones
# darkened to 3:1 on white (WCAG 1.4.11; dashboard/charts/theme.py).
AREA_PALETTE = ["#4797C8", "#BC6F9A", "#D55E00", "#332288", "#117733", "#882255", "#9F9255", "#3E9C8C",
                "#AA4499", "#8F8F30"]
# Estimates, earliest palest: a later estimate reads as the newer, darker one.
ESTIMATE_PALETTE = ["#6C98BF", "#3182bd", "#08519c", "#08306b"]

# How each kind of figure is drawn, and what it means in words.
KIND_OPACITY = {ACTUAL: 1.0, PLANNED: 0.7, PROJECTED: 0.35}
KIND_DASH = {ACTUAL: [1, 0], PLANNED: [1, 0], PROJECTED: [5, 3]}
KIND_FILL = {ACTUAL: "#333333", PLANNED: "#ffffff", PROJECTED: "#ffffff"}
KIND_WORDS = {
    ACTUAL: "実績は濃い色",
    PROJECTED: "見込みは薄い色・点線の枠（まだ実績ではありません）",
    PLANNED: "計画は計画策定時の見込み額（実績ではありません）",
}

_POINT_WORDS = {ACTUAL: "黒丸・実線は実績", PROJECTED: "白丸・点線は見込み", PLANNED: "白丸は計画"}

# Axis labels read like the tables: △ for negatives, thousands separators.
_AXIS_AMOUNT = "datum.value < 0 ? '△' + format(-datum.value, ',') : format(datum.value, ',')"


def amount_text(thousand_yen: float | None, unit: str) -> str:
    """An amount in 千円 in the chosen unit with enough decimals and the unit: △52,218 千円, 26.12 億円."""
    return format.amount(thousand_yen, unit)


def delta(thousand_yen: float, unit: str) -> dict:
    """st.metric's delta for a difference, written with △ like every other figure (「△62,493 千円」).

    Streamlit reads a delta's direction from a leading minus only, so the arrow and colour are
    given with it."""
    if thousand_yen == 0:
        return {"delta": f"0 {unit}", "delta_color": "off", "delta_arrow": "off"}
    text = format.amount(thousand_yen, unit)
    if thousand_yen < 0:
        return {"delta": text, "delta_color": "red", "delta_arrow": "down"}
    return {"delta": "+" + text, "delta_color": "green", "delta_arrow": "up"}


def area_label(code, name) -> str:
    """I 業務マネジメント改革; the name alone when the document prints no code."""
    return f"{code} {name}" if isinstance(code, str) and code else str(name)


def kinds_note(kinds) -> str:
    """What the drawing of each kind present means, in one line."""
    present = [k for k in (ACTUAL, PROJECTED, PLANNED) if k in set(kinds)]
    return "。".join(KIND_WORDS[k] for k in present) + "。"


# One legend for 区分: a grey square drawn with each kind's opacity and outline.
_KIND_LEGEND = alt.Legend(symbolType="square", symbolSize=220, symbolFillColor="#777777",
                          symbolStrokeColor="#222222", symbolStrokeWidth=1.5)


def _cycle(palette: list[str], n: int) -> list[str]:
    return [palette[i % len(palette)] for i in range(max(n, 1))]


def _years(frame: pd.DataFrame) -> list[str]:
    return [format.fiscal_year(fy) for fy in sorted(frame["fiscal_year"].dropna().unique())]


def _with_units(frame: pd.DataFrame, column: str, unit: str) -> pd.DataFrame:
    frame = frame.copy()
    frame["value"] = frame[column] / UNITS[unit]
    frame["text"] = [amount_text(v, unit) for v in frame[column]]
    frame["exact"] = [amount_text(v, "千円") for v in frame[column]]    # the document's own figure
    return frame


def _exact(unit: str, title: str) -> list[alt.Tooltip]:
    """The unrounded 千円 figure in the tooltip whenever the chart shows a rounded unit."""
    return [] if unit == "千円" else [alt.Tooltip("exact:N", title=f"{title}（千円・資料の値）")]


def _y(title: str, **kwargs) -> alt.Y:
    return alt.Y("value:Q", title=title, axis=alt.Axis(labelExpr=_AXIS_AMOUNT), **kwargs)


def _zero() -> alt.Chart:
    return alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(color="#222222", strokeWidth=1.2).encode(
        y="zero:Q")


def by_area_and_year(amounts: pd.DataFrame, totals: pd.DataFrame, unit: str, *, estimate: str,
                     room: bool = False) -> alt.LayerChart:
    """Stacked bars of each policy area per fiscal year, negatives below zero, with the net per year
    marked. `room` (a slide): each segment also carries its amount where the segment is tall and
    wide enough for it, since nobody in a room can hover."""
    cells = _with_units(amounts, "amount_thousand_yen", unit)
    cells["year"] = cells["fiscal_year"].map(format.fiscal_year)
    cells["area"] = [area_label(c, n) for c, n in zip(cells["policy_area_code"], cells["policy_area"])]
    areas = list(dict.fromkeys(cells.sort_values("area_no")["area"]))
    kinds = [k for k in (ACTUAL, PROJECTED, PLANNED) if k in set(cells["value_kind"])]
    years = _years(cells)
    x = alt.X("year:N", sort=years, title="年度", axis=alt.Axis(labelAngle=0))

    bars = alt.Chart(cells).mark_bar(stroke="#333333", strokeWidth=1).encode(
        x=x,
        y=_y(f"改革改善効果額（{unit}）", stack="zero"),
        color=alt.Color("area:N", title="政策分野", sort=areas, legend=alt.Legend(labelLimit=320),
                        scale=alt.Scale(domain=areas, range=_cycle(AREA_PALETTE, len(areas)))),
        order=alt.Order("area_no:Q", title="政策分野の順"),   # a title: a screen reader reads it
        opacity=alt.Opacity("value_kind:N", title="区分", legend=_KIND_LEGEND,
                            scale=alt.Scale(domain=kinds, range=[KIND_OPACITY[k] for k in kinds])),
        strokeDash=alt.StrokeDash("value_kind:N", title="区分", legend=_KIND_LEGEND,
                                  scale=alt.Scale(domain=kinds, range=[KIND_DASH[k] for k in kinds])),
        tooltip=[alt.Tooltip("year:N", title="年度"), alt.Tooltip("area:N", title="政策分野"),
                 alt.Tooltip("value_kind:N", title="区分"), alt.Tooltip("text:N", title="効果額"),
                 *_exact(unit, "効果額")])

    net = _with_units(totals, "net", unit)
    net["year"] = net["fiscal_year"].map(format.fiscal_year)
    net["top"] = net["positive"].clip(lower=0) / UNITS[unit]
    net["label"] = "計 " + net["text"]
    net["cumulative_text"] = [amount_text(v, unit) for v in net["cumulative"]]
    net_tooltip = [alt.Tooltip("year:N", title="年度"), alt.Tooltip("value_kind:N", title="区分"),
                   alt.Tooltip("text:N", title="年度合計（純額）"), *_exact(unit, "年度合計"),
                   alt.Tooltip("cumulative_text:N", title="累計")]
    tick = alt.Chart(net).mark_tick(color="#000000", thickness=3, size=alt.expr("bandwidth('x') * 0.7")).encode(
        x=x, y="value:Q", tooltip=net_tooltip)
    label = alt.Chart(net).mark_text(dy=-8, baseline="bottom", fontSize=12, fontWeight="bold",
                                     color="#000000").encode(
        x=x, y=alt.Y("top:Q"), text="label:N", tooltip=net_tooltip)

    title = alt.Title(
        f"政策分野別・年度別の効果額（{estimate}）",
        subtitle=[f"単位: {unit}。黒い横線と「計」の数字は年度の合計（純額）。負の額は0より下に積み上げ。",
                  kinds_note(kinds)])
    layers = [bars, _zero(), tick, label]
    if room:
        # On the segment, in the same stack as the bars (Vega-Lite writes value_start/value_end);
        # drawn only where the segment in pixels holds the figure at 16 px.
        cells["number"] = [format.amount_number(v, unit) for v in cells["amount_thousand_yen"]]
        fits = ("abs(scale('y', datum.value_end) - scale('y', datum.value_start)) >= 22 && "
                "bandwidth('x') >= length(datum.number) * 10 + 8 ? 1 : 0")
        layers.insert(1, alt.Chart(cells).mark_text(fontSize=16, color="#111111", opacity=alt.expr(fits)).encode(
            x=x, y=alt.Y("value:Q", stack="zero", bandPosition=0.5), order=alt.Order("area_no:Q"),
            text="number:N", detail="area:N"))
    return style(alt.layer(*layers).properties(title=title, height=560, width="container"))


def cumulative(totals: pd.DataFrame, unit: str, *, estimate: str) -> alt.LayerChart:
    """The running sum of the yearly net totals; the line is dashed where it rests on projections."""
    points = _with_units(totals, "cumulative", unit)
    points["year"] = points["fiscal_year"].map(format.fiscal_year)
    points["kind"] = points["value_kind"].where(points["value_kind"].isin(list(KIND_FILL)), PROJECTED)
    years = _years(points)
    # A dashed projection starts at the last actual point, so that point belongs to both segments
    # (field notes §3, line_dashed_part).
    actual = points[points["kind"] == ACTUAL]
    rest = points[points["kind"] != ACTUAL]
    joint = actual.tail(1).assign(kind=rest["kind"].iloc[0]) if len(actual) and len(rest) else actual.head(0)
    segments = pd.concat([actual, joint, rest], ignore_index=True)
    kinds = [k for k in (ACTUAL, PROJECTED, PLANNED) if k in set(points["kind"])]
    x = alt.X("year:N", sort=years, title="年度", axis=alt.Axis(labelAngle=0))
    tooltip = [alt.Tooltip("year:N", title="年度"), alt.Tooltip("kind:N", title="区分"),
               alt.Tooltip("text:N", title="累計"), *_exact(unit, "累計")]

    line = alt.Chart(segments).mark_line(color="#333333", strokeWidth=2.5).encode(
        x=x, y=_y(f"累計（{unit}）"), detail="kind:N",
        strokeDash=alt.StrokeDash("kind:N", title="区分",
                                  scale=alt.Scale(domain=kinds, range=[KIND_DASH[k] for k in kinds])))
    dots = alt.Chart(points).mark_point(size=70, stroke="#333333", strokeWidth=2, opacity=1).encode(
        x=x, y="value:Q", tooltip=tooltip,
        fill=alt.Fill("kind:N", title="区分", legend=None,
                      scale=alt.Scale(domain=kinds, range=[KIND_FILL[k] for k in kinds])))
    # Above and left of each point: a running sum of savings mostly rises, so the line comes in
    # from below-left and leaves up-right; a white halo keeps the figure legible where it does not.
    # The first point's figure goes below and right of it: above, it met the second point's figure
    # written to that point's left (△15.7 and 78.2 百万円 ran together on a slide).
    points["first"] = points["fiscal_year"] == points["fiscal_year"].min()
    place = dict(align=alt.expr("datum.first ? 'left' : 'right'"), dx=alt.expr("datum.first ? 8 : -8"),
                 baseline=alt.expr("datum.first ? 'top' : 'bottom'"), dy=alt.expr("datum.first ? 6 : -4"),
                 fontSize=12)
    halo = alt.Chart(points).mark_text(stroke="#ffffff", strokeWidth=4, strokeJoin="round", **place).encode(
        x=x, y="value:Q", text="text:N")
    text = halo.mark_text(color="#222222", **place)
    title = alt.Title(f"累計効果額の推移（{estimate}）",
                      subtitle=[f"単位: {unit}。各年度の合計を初年度から積み上げた額。"
                                + "、".join(_POINT_WORDS[k] for k in kinds) + "。"])
    return style(alt.layer(line, _zero(), dots, halo, text).properties(title=title, height=340, width="container"))


def _comparison_frame(comparison: pd.DataFrame, unit: str) -> pd.DataFrame:
    frame = _with_units(comparison, "amount", unit)
    frame["area"] = [TOTAL if pd.isna(no) else area_label(c, n)
                     for no, c, n in zip(frame["area_no"], frame["policy_area_code"], frame["policy_area"])]
    frame["difference_text"] = [amount_text(v, unit) for v in frame["difference"]]
    frame["number"] = [format.amount_number(v, unit) for v in frame["amount"]]
    return frame


def estimate_comparison(comparison: pd.DataFrame, unit: str) -> alt.LayerChart:
    """Each estimate's total per policy area and overall, side by side (grouped bars)."""
    frame = _comparison_frame(comparison, unit).dropna(subset=["amount"])
    areas = list(dict.fromkeys(frame.sort_values("area_no", na_position="last")["area"]))
    estimates = list(dict.fromkeys(frame.sort_values("estimate_no")["estimate"]))
    base = estimates[0]
    # Long area names wrap onto lines under their group instead of running into the next one.
    x = alt.X("area:N", sort=areas, title="政策分野",
              axis=alt.Axis(labelAngle=0, labelLimit=0, labelExpr=format.wrapped_labels(areas, 7)))
    offset = alt.XOffset("estimate:N", sort=estimates)
    tooltip = [alt.Tooltip("area:N", title="政策分野"), alt.Tooltip("estimate:N", title="時点"),
               alt.Tooltip("value_kind:N", title="区分"), alt.Tooltip("text:N", title="合計額"),
               *_exact(unit, "合計額"),
               alt.Tooltip("difference_text:N", title=f"比較（{base}との差）")]
    bars = alt.Chart(frame).mark_bar().encode(
        x=x, xOffset=offset, y=_y(f"合計額（{unit}）"), tooltip=tooltip,
        color=alt.Color("estimate:N", title="時点", sort=estimates, legend=alt.Legend(labelLimit=320),
                        scale=alt.Scale(domain=estimates, range=_cycle(ESTIMATE_PALETTE, len(estimates)))))
    # Set on the bar's end (above a positive, below a negative), so a larger type on a slide grows
    # away from the bar and clear of the 比較 above it.
    text = alt.Chart(frame).mark_text(fontSize=11, color="#222222",
                                      baseline=alt.expr("datum.value < 0 ? 'top' : 'bottom'"),
                                      dy=alt.expr("datum.value < 0 ? 4 : -4")).encode(
        x=x, xOffset=offset, y="value:Q", text="number:N")
    layers = [bars, _zero(), text]
    if len(estimates) > 1:
        # The 比較 of the latest estimate, written above each group.
        latest = frame[frame["estimate"] == estimates[-1]].dropna(subset=["difference"]).copy()
        tops = frame.groupby("area")["value"].max().clip(lower=0)
        latest["top"] = latest["area"].map(tops)
        latest["label"] = "比較 " + latest["difference_text"]
        layers.append(alt.Chart(latest).mark_text(dy=-30, baseline="bottom", fontSize=12, fontWeight="bold",
                                                  color="#000000").encode(
            x=x, y="top:Q", text="label:N", tooltip=tooltip))
    first, last = format.fiscal_year(frame["first_fy"].min()), format.fiscal_year(frame["last_fy"].max())
    subtitle = f"単位: {unit}。{first}～{last}の合計。各時点の表の全セルから計算。"
    if len(estimates) > 1:
        subtitle += f"「比較」は{estimates[-1]} − {base}。"
    title = alt.Title("時点別の合計額（政策分野別・全体）", subtitle=[subtitle])
    return style(alt.layer(*layers).properties(title=title, height=480, width="container"))


# Table frames for st.dataframe: every cell already in the chosen unit, as text with △.

def amount_table(cells: pd.DataFrame, unit: str) -> pd.DataFrame:
    """Area × year with the total row and column (from area_year_cells), in the chosen unit."""
    cells = cells.copy()
    cells["row"] = [TOTAL if pd.isna(no) else area_label(c, n)
                    for no, c, n in zip(cells["area_no"], cells["policy_area_code"], cells["policy_area"])]
    years = cells[cells["area_no"].isna() & cells["fiscal_year"].notna()].sort_values("fiscal_year")
    headers = {fy: f"{format.fiscal_year(fy)} {kind}" for fy, kind in zip(years["fiscal_year"], years["value_kind"])}
    total_header = f"{_short_period(years['fiscal_year'].min(), years['fiscal_year'].max())} {TOTAL}"
    cells["column"] = [total_header if pd.isna(fy) else headers[fy] for fy in cells["fiscal_year"]]
    cells["cell"] = [format.amount_number(v, unit) for v in cells["amount_thousand_yen"]]
    rows = list(dict.fromkeys(cells.sort_values("area_no", na_position="last")["row"]))
    table = cells.pivot(index="row", columns="column", values="cell")
    table = table.reindex(index=rows, columns=[*headers.values(), total_header]).fillna("—")
    table.index.name = f"政策分野（{unit}）"
    table.columns.name = None
    return table.reset_index()


def printed_table(table: pd.DataFrame):
    """A figure table as st.table draws it: labelled rows, figures right-aligned like a printed
    table. A static table wraps its headers and fits the column at 1280 px, where the grid of
    st.dataframe hid R9 and 合計 behind a scroll and cut the 比較 column."""
    framed = table.set_index(table.columns[0])
    if not framed.index.is_unique:   # two rows labelled alike (pandas cannot style them): unstyled
        return framed
    return framed.style.set_properties(subset=list(framed.columns), **{"text-align": "right"})


def number_columns(table: pd.DataFrame) -> dict:
    """st.dataframe column_config: figures right-aligned like a printed table (the first column is the label)."""
    return {column: {"alignment": "right"} for column in table.columns[1:]}


def _short_period(first: int, last: int) -> str:
    """R4～R9: the era part of format.fiscal_year, for a column header that must stay narrow."""
    short = [format.fiscal_year(fy).split(" ")[0] for fy in (first, last)]
    return short[0] if first == last else "～".join(short)


def comparison_table(comparison: pd.DataFrame, unit: str) -> pd.DataFrame:
    """Each estimate's total per area and overall, then each later estimate minus the earliest (比較)."""
    frame = _comparison_frame(comparison, unit)
    estimates = list(dict.fromkeys(frame.sort_values("estimate_no")["estimate"]))
    rows = list(dict.fromkeys(frame.sort_values("area_no", na_position="last")["area"]))
    table = frame.pivot(index="area", columns="estimate", values="number").reindex(index=rows, columns=estimates)
    for later in estimates[1:]:
        diffs = frame[frame["estimate"] == later].set_index("area")["difference"]
        diffs = diffs.map(lambda v: format.amount_number(v, unit))
        table[f"比較（{later} − {estimates[0]}）"] = diffs.reindex(rows)
    table.columns.name = None
    table.index.name = f"政策分野（{unit}）"
    return table.reset_index()


_KIND_WORDS = {"year_total": "年度の合計行", "area_total": "政策分野の合計額", "grand_total": "総合計",
               "comparison": "比較（時点の差）"}


def printed_total_summary(checks: pd.DataFrame) -> tuple[int, int, list[str]]:
    """How many printed totals agree with the recomputed ones, of how many, and each disagreement in words."""
    lines = []
    for row in checks[~checks["agrees"]].itertuples():
        where = " ".join(filter(None, [row.estimate or "", _KIND_WORDS.get(row.total_kind, row.total_kind),
                                       row.policy_area_code if isinstance(row.policy_area_code, str) else "",
                                       format.fiscal_year(row.fiscal_year)]))
        lines.append(f"{where}: 印刷 {amount_text(row.printed, '千円')}、計算 {amount_text(row.computed, '千円')}")
    return int(checks["agrees"].sum()), len(checks), lines
