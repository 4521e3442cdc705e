"""Plan against actual on 効果額 (改革改善効果額): frames from dashboard/queries/plan_actual.py in, no st.*.

The plan-time figure (計画策定時) and the latest estimate side by side per fiscal year, the latest
drawn as the by-area chart draws a kind (実績 solid, 見込み pale with a dashed outline); the
difference written above each year, the years of 実績 shaded, and the words neutral: 計画比 is a
share, 差 a difference, never a judgement the document does not make.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard import format
from dashboard.charts import effects, theme
from dashboard.charts.theme import style
from dashboard.labels import ACTUAL, PROJECTED, UNITS

# The palest and a dark blue of the estimates' palette: the plan-time estimate reads as the
# older one, as on the 時点の比較 chart.
PLAN_COLOR, LATEST_COLOR = effects.ESTIMATE_PALETTE[0], effects.ESTIMATE_PALETTE[2]
PLAN_FILL = "#ffffff"        # the plan's bars: hollow, their outline carries them
PLAN_INK = effects.ESTIMATE_PALETTE[3]    # the plan line's words: the darkest of the blues
ACTUAL_SHADE = "#f0f0f0"     # behind the years of 実績


def percent(ratio: float | None) -> str:
    """計画比 as written on the page: 35.2 %, or — where the plan's amount gives no share."""
    return "—" if ratio is None or pd.isna(ratio) else f"{ratio * 100:.1f} %"


def years_text(years, kinds=None) -> str:
    """R5～R7, or R4（実績）・R8～R9（見込み）: runs of consecutive years, each run of one kind."""
    years = [int(y) for y in years]
    kinds = list(kinds) if kinds is not None else [None] * len(years)
    runs: list[list] = []
    for fy, kind in zip(years, kinds):
        if runs and fy == runs[-1][1] + 1 and kind == runs[-1][2]:
            runs[-1][1] = fy
        else:
            runs.append([fy, fy, kind])
    short = lambda fy: format.fiscal_year(fy).split(" ")[0]   # noqa: E731  R4, as the headers write it
    return "・".join((short(a) if a == b else f"{short(a)}～{short(b)}") + (f"（{k}）" if k else "")
                    for a, b, k in runs)


def shift_text(shifts: pd.DataFrame, unit: str, plan_estimate: str) -> str:
    """Where the amounts moved between years, in one sentence: below the plan here, above it there."""
    words = {"below": f"{plan_estimate}より少ない年度", "above": f"{plan_estimate}より多い年度"}
    parts = []
    for row in shifts.itertuples():
        sign = "+" if row.difference > 0 else ""
        parts.append(f"{words[row.direction]}: {years_text(row.years, row.kinds)}"
                     f"（差 計 {sign}{effects.amount_text(row.difference, unit)}）")
    return "。".join(parts) + "。" if parts else f"どの年度も{plan_estimate}と同じ額です。"


def _signed(thousand_yen, unit: str) -> str:
    text = effects.amount_text(thousand_yen, unit)
    return "+" + text if thousand_yen is not None and not pd.isna(thousand_yen) and thousand_yen > 0 else text


def plan_against_latest(years: pd.DataFrame, to_date: pd.DataFrame, unit: str,
                        room: bool = False) -> alt.LayerChart | None:
    """Grouped bars per fiscal year: the plan-time amount beside the latest estimate's, the 差 above.
    `room` (a slide): drawn for a slide's chart box (deck_export.slide_spec sizes it)."""
    if years.empty:
        return None
    plan_estimate, latest_estimate = years["plan_estimate"].iloc[0], years["latest_estimate"].iloc[0]
    frame = years.assign(year=years["fiscal_year"].map(format.fiscal_year))
    order = list(frame["year"])
    bars = pd.concat([
        frame.assign(estimate=plan_estimate, amount=frame["plan_amount"], kind="計画"),
        frame.assign(estimate=latest_estimate, amount=frame["latest_amount"], kind=frame["latest_kind"]),
    ], ignore_index=True).dropna(subset=["amount"])
    bars["value"] = bars["amount"] / UNITS[unit]
    bars["text"] = [effects.amount_text(v, unit) for v in bars["amount"]]
    bars["ratio_text"] = [percent(r) for r in bars["ratio"]]
    bars["difference_text"] = [_signed(v, unit) for v in bars["difference"]]
    bars["pale"] = bars["kind"] == PROJECTED
    estimates = [plan_estimate, latest_estimate]
    # On a slide the years say what the axis is; its title's line goes to the amounts written under it.
    x = alt.X("year:N", sort=order, title=None if room else "年度", axis=alt.Axis(labelAngle=0))
    offset = alt.XOffset("estimate:N", sort=estimates)
    tooltip = [alt.Tooltip("year:N", title="年度"), alt.Tooltip("estimate:N", title="時点"),
               alt.Tooltip("kind:N", title="区分"), alt.Tooltip("text:N", title="効果額"),
               alt.Tooltip("difference_text:N", title=f"差（{latest_estimate} − {plan_estimate}）"),
               alt.Tooltip("ratio_text:N", title="計画比")]

    actual_years = frame.loc[frame["latest_kind"] == ACTUAL, "year"]
    shade = alt.Chart(pd.DataFrame({"year": actual_years})).mark_rect(color=ACTUAL_SHADE).encode(x=x)
    layers = [shade]
    if len(to_date):
        # Written over the first year of 実績: nobody in a council room can hover.
        row = to_date.iloc[0]
        note = pd.DataFrame({"year": [format.fiscal_year(row.first_fy)], "label": [
            f"実績 {years_text(sorted({row.first_fy, row.last_fy}))}: 計画比 {percent(row.ratio)}"]})
        layers.append(alt.Chart(note).mark_text(align="left", baseline="top", dx=-30, y=4, fontSize=12,
                                                fontWeight="bold", color=theme.TEXT).encode(
            x=alt.X("year:N", sort=order), text="label:N"))
    # The plan hollow (white, dark outline), the latest filled: pale 見込み bars of the latest
    # would read as the plan's if both were filled in blues.
    columns = alt.Chart(bars).mark_bar(stroke="#333333", strokeWidth=1.5).encode(
        x=x, xOffset=offset,
        y=alt.Y("value:Q", title=f"改革改善効果額（{unit}）", axis=alt.Axis(labelExpr=effects._AXIS_AMOUNT)),
        color=alt.Color("estimate:N", title="時点", sort=estimates,
                        # on a slide, below the two rows of amounts under the years
                        legend=alt.Legend(labelLimit=320, symbolType="square", symbolSize=220,
                                          symbolStrokeColor="#222222", symbolStrokeWidth=1.5,
                                          offset=AMOUNT_ROWS[-1][1] + 10 if room else alt.Undefined),
                        scale=alt.Scale(domain=estimates, range=[PLAN_FILL, LATEST_COLOR])),
        opacity=alt.condition("datum.pale", alt.value(effects.KIND_OPACITY[PROJECTED]), alt.value(1.0)),
        strokeDash=alt.condition("datum.pale", alt.value(effects.KIND_DASH[PROJECTED]), alt.value([1, 0])),
        tooltip=tooltip)

    # The 差 of each year above its pair of bars; a year one estimate lacks has none.
    labels = frame.dropna(subset=["difference"]).copy()
    labels["top"] = labels[["plan_amount", "latest_amount"]].max(axis=1).clip(lower=0) / UNITS[unit]
    labels["label"] = ["差 " + _signed(v, unit) for v in labels["difference"]]
    difference = alt.Chart(labels).mark_text(dy=-8, baseline="bottom", fontSize=12, fontWeight="bold",
                                             color="#000000").encode(x=x, y="top:Q", text="label:N")
    kinds = effects.kinds_note([k for k in (ACTUAL, PROJECTED) if k in set(bars["kind"])])
    title = alt.Title(
        f"計画策定時と最新（{latest_estimate}）の効果額（年度別・計画比）",
        subtitle=[f"単位: {unit}。左の白い棒が{plan_estimate}（計画）、右の青い棒が{latest_estimate}"
                  f"{'（最新）' if room else ''}。",
                  f"「差」は{latest_estimate} − {plan_estimate}。灰色の背景は実績の年度。",
                  kinds])
    layers = [*layers, columns, effects._zero(), difference]
    if room:
        layers += _amount_rows(frame, order, unit)
    return style(alt.layer(*layers).properties(title=title, height=440, width="container"))


# The slide's two rows of amounts under the years: px below the plot's bottom, and their words.
AMOUNT_ROWS = ((("plan_amount", "計画"), 36), (("latest_amount", "最新"), 58))


def _amount_rows(frame: pd.DataFrame, order: list[str], unit: str) -> list[alt.Chart]:
    """Each bar's amount written under its year, as a table's two rows (計画, then 最新), with the
    rows' words left of the first year: nobody in a council room can hover, and a bar 58 px wide
    has no room across for 「1,022,097」 at room size."""
    x = alt.X("year:N", sort=order)
    rows = []
    for (column, word), below in AMOUNT_ROWS:
        cells = frame.assign(label=[format.amount_number(v, unit) for v in frame[column]])
        y = alt.YValue(alt.ExprRef(f"height + {below}"))
        rows.append(alt.Chart(cells).mark_text(baseline="middle", fontSize=16, color=theme.TEXT)
                    .encode(x=x, y=y, text="label:N"))
        rows.append(alt.Chart(pd.DataFrame({"label": [word]})).mark_text(
            align="right", baseline="middle", dx=-8, fontSize=16, fontWeight="bold", color=theme.TEXT)
            .encode(x=alt.XValue(0), y=y, text="label:N"))
    return rows


def cumulative_against_plan(totals: pd.DataFrame, years: pd.DataFrame, unit: str, *,
                            estimate: str) -> alt.LayerChart:
    """The cumulative chart of one estimate (effects.cumulative) with the plan-time running sum as a line.

    The plan line is the first layer and carries both running sums in its tooltip, so the chart's
    「表で見る」 table (describe.table reads the first layer with a tooltip) lists the plan beside
    the estimate shown, year by year."""
    chart = effects.cumulative(totals, unit, estimate=estimate)
    plan_estimate = years["plan_estimate"].iloc[0]
    line = years.dropna(subset=["plan_cumulative"]).merge(
        totals[["fiscal_year", "cumulative", "value_kind"]], on="fiscal_year", how="left")
    line["year"] = line["fiscal_year"].map(format.fiscal_year)
    line["value"] = line["plan_cumulative"] / UNITS[unit]
    line["text"] = [effects.amount_text(v, unit) for v in line["plan_cumulative"]]
    line["shown_text"] = [effects.amount_text(v, unit) for v in line["cumulative"]]
    line["gap_text"] = [_signed(s - p, unit) for s, p in zip(line["cumulative"], line["plan_cumulative"])]
    x = alt.X("year:N", sort=list(totals["fiscal_year"].map(format.fiscal_year)))
    tooltip = [alt.Tooltip("year:N", title="年度"), alt.Tooltip("value_kind:N", title="区分"),
               alt.Tooltip("shown_text:N", title=f"累計（{estimate}）"),
               alt.Tooltip("text:N", title=f"計画線の累計（{plan_estimate}）"),
               alt.Tooltip("gap_text:N", title="差")]
    plan_line = alt.Chart(line).mark_line(color=PLAN_COLOR, strokeWidth=3, point=alt.OverlayMarkDef(
        shape="square", size=60, color=PLAN_COLOR)).encode(x=x, y="value:Q", tooltip=tooltip)
    # Named once, above the line's second-last point: at the last one the estimate's own running
    # sum is written (the two totals of 001 differ by 2 %), and a running sum rises, so above-left
    # of the line is free.
    last = line.tail(1)
    at = line.tail(2).head(1).assign(
        label=f"計画線（{plan_estimate}）{format.fiscal_year(last['fiscal_year'].iloc[0]).split(' ')[0]}"
              f" 累計 {last['text'].iloc[0]}")
    place = dict(align="right", dx=-12, dy=-14, fontSize=12, fontWeight="bold")
    halo = alt.Chart(at).mark_text(stroke="#ffffff", strokeWidth=4, strokeJoin="round", **place).encode(
        x=x, y="value:Q", text="label:N")
    plan_label = halo.mark_text(color=PLAN_INK, **place)
    chart.layer = [plan_line, *chart.layer, halo, plan_label]
    subtitle = list(chart.title.subtitle) + [f"青い線と四角は{plan_estimate}の累計（計画線）。"]
    chart.title = alt.Title(f"累計効果額の推移（{estimate}、計画線つき）", subtitle=subtitle)
    return chart


def table(years: pd.DataFrame, to_date: pd.DataFrame, unit: str) -> pd.DataFrame:
    """The figures of the chart as the documents lay a table out: a row per estimate, then 差 and
    計画比, a column per fiscal year (headed with the latest estimate's 実績 / 見込み) and the total."""
    plan_estimate, latest_estimate = years["plan_estimate"].iloc[0], years["latest_estimate"].iloc[0]
    short = lambda fy: format.fiscal_year(fy).split(" ")[0]   # noqa: E731
    headers = [f"{short(fy)} {kind}" if isinstance(kind, str) else short(fy)
               for fy, kind in zip(years["fiscal_year"], years["latest_kind"])]
    total = f"{short(years['fiscal_year'].min())}～{short(years['fiscal_year'].max())} 合計"
    plan_total, latest_total = years["plan_amount"].sum(min_count=1), years["latest_amount"].sum(min_count=1)
    rows = {
        f"{plan_estimate}（計画）": [*years["plan_amount"], plan_total],
        f"{latest_estimate}": [*years["latest_amount"], latest_total],
        f"差（{latest_estimate} − {plan_estimate}）": [*years["difference"], latest_total - plan_total],
    }
    table = pd.DataFrame({label: [format.amount_number(v, unit) for v in values] for label, values in rows.items()},
                         index=[*headers, total]).T
    ratios = [*years["ratio"], latest_total / plan_total if plan_total and plan_total > 0 else None]
    table.loc["計画比"] = [percent(r) for r in ratios]
    if len(to_date):
        row = to_date.iloc[0]
        table[f"実績の年度（{years_text(sorted({row.first_fy, row.last_fy}))}）"] = [
            format.amount_number(row.planned, unit), format.amount_number(row.actual, unit),
            format.amount_number(row.actual - row.planned, unit), percent(row.ratio)]
    table.index.name = f"時点（{unit}）"
    return table.reset_index()
