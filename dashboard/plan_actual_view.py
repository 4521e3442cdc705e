"""The 計画比 section of the 効果額 page: a plan's plan-time figures against its latest estimate.

Kept out of pages/effect_amounts.py so the page stays a description of the UI; the figures come
from dashboard/queries/plan_actual.py (SQL), the chart and table from dashboard/charts/plan_actual.py.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import chart_export, documents, format
from dashboard.charts import effects
from dashboard.charts import plan_actual as charts
from dashboard.queries import effects as effect_queries
from dashboard.queries import plan_actual as queries


def cumulative(city: str | None, plan: str, estimate: str, totals: pd.DataFrame, unit: str) -> None:
    """The cumulative chart of the estimate shown, with the plan line when there is a plan to set it against."""
    pair = queries.pair(city, plan)
    if pair is None or estimate == pair[0]:
        chart_export.draw(effects.cumulative, totals, unit, estimate=estimate, name=f"累計効果額_{estimate}")
        return
    chart_export.draw(charts.cumulative_against_plan, totals, queries.by_year(city, plan), unit,
                      estimate=estimate, name=f"累計効果額_{estimate}_計画線")


def section(city: str | None, plan: str, unit: str) -> None:
    """計画比: the chart and table by fiscal year, actual to date as a share, the years that moved."""
    years = queries.by_year(city, plan)
    if years.empty:
        return
    plan_estimate, latest = years["plan_estimate"].iloc[0], years["latest_estimate"].iloc[0]
    st.subheader("計画比（計画策定時と最新の時点）", divider="gray", anchor="plan-actual")
    st.caption(f"{format.inert(plan_estimate)}の額（計画）と、最新の時点「{format.inert(latest)}」の額"
               "（実績の年度は実績、ほかは見込み）を年度ごとに並べます。")
    to_date = queries.to_date(city, plan)
    left, middle, right = st.columns(3)
    if len(to_date):
        row = to_date.iloc[0]
        span = charts.years_text(sorted({row.first_fy, row.last_fy}))
        left.metric(f"実績（{span}）", effects.amount_text(row.actual, unit))
        middle.metric(f"計画（{span}、{format.inert(plan_estimate)}）", effects.amount_text(row.planned, unit))
        right.metric(f"計画比（{span}）", charts.percent(row.ratio),
                     help="実績の年度の実績の合計 ÷ 同じ年度の計画の合計。計画の合計が0以下のときは示しません。")
    else:
        left.info(f"「{format.inert(latest)}」には実績の年度がまだありません。")
    for said in queries.judgements(city, plan).itertuples():   # the document's own words on these figures
        st.caption(format.inert(f"資料の判断（{said.item}）: 「{said.quote}」"
                                f"（{documents.cite_many([said.source])}）"))
    st.markdown(format.inert(charts.shift_text(queries.shifts(city, plan), unit, plan_estimate)))
    chart_export.draw(charts.plan_against_latest, years, to_date, unit, name="効果額_計画比")
    st.table(effects.printed_table(format.inert_frame(charts.table(years, to_date, unit))))
    printed = years.dropna(subset=["plan_printed", "latest_printed"])
    agree = ((printed["plan_printed"] - printed["plan_amount"]).abs().lt(0.5)
             & (printed["latest_printed"] - printed["latest_amount"]).abs().lt(0.5))
    if len(printed) and agree.all():
        st.caption(f"✔ 各年度の額は両時点の表に印刷された合計行と一致（{len(printed)}年度）")
    elif len(printed):
        st.warning("各年度の額の一部が、表に印刷された合計行と一致しません。上の「印刷された合計」の照合をご覧ください。")
    st.caption(format.inert("出典: " + documents.cite_many(effect_queries.sources(city, plan))))
