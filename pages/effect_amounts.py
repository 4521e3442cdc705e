"""効果額: 改革改善効果額 by policy area and fiscal year, and the plan's estimates (時点) compared."""
import streamlit as st

from dashboard import chart_export, deck_controls, documents, filters, format, frame, plan_actual_view, slides
from dashboard.charts import effects as charts
from dashboard.queries import defaults
from dashboard.queries import effects as queries

frame.setup("効果額")
st.caption("行政改革の取組による改革改善効果額です。合計はすべて元資料の各セルから計算し、印刷された合計と照合しています。")

plans = queries.plan_keys()
if not plans:
    st.info("効果額（改革改善効果額）のデータがまだありません。「データ取込」ページから効果額の表を取り込んでください。")
    st.stop()
opens_on = defaults.expected_plan(plans, last_fys=queries.plans()["last_fy"].tolist())   # not the first in order (#16)
city, plan = filters.choice("計画", plans, key="effect_plan", index=opens_on,
                            format_func=lambda p: f"{p[1]}（{format.city(p[0])}）")
estimates = queries.estimates(city, plan)
estimate = filters.choice("時点", estimates["estimate"].tolist(), key="estimate", index=len(estimates) - 1,
                          help="効果額の表が作られた時点。後の時点ほど実績の年度が多くなります。")
unit = filters.unit()
view = slides.EffectView(city, plan, estimate, unit)   # every filter pinned: a slide is this view tomorrow
plan_actual = slides.plan_actual_params(view)   # the two estimates it compares, pinned now
deck_controls.offer({"effect_by_area": view.to_params(), "effect_cumulative": view.to_params(),
                     "estimate_comparison": {**view.to_params(), "estimate": None},
                     **({"effect_plan_actual": plan_actual} if plan_actual else {})})

checks = queries.printed_total_checks(city, plan)
agree, printed, mismatches = charts.printed_total_summary(checks)
if mismatches:
    st.warning(f"印刷された合計と計算した合計が一致しません（一致 {agree}/{printed}）:\n\n"
               + "\n".join(f"- {format.inert(line)}" for line in mismatches))
elif printed:
    st.caption(f"✔ 印刷された合計と一致（{agree}/{printed}）")

st.subheader(f"{format.inert(estimate)}の効果額", divider="gray", anchor=False)
parts = queries.kind_totals(city, plan, estimate)
parts = parts if len(parts) > 2 else parts.head(1)   # a "うち" equal to the total says nothing
for cell, part in zip(st.columns(3), parts.itertuples()):
    years = format.period(part.first_fy, part.last_fy)
    cell.metric(f"合計（{years}）" if part.is_total else f"うち{format.inert(part.value_kind)}（{years}）",
                charts.amount_text(part.amount, unit))
totals = queries.year_totals(city, plan, estimate)
chart_export.draw(charts.by_area_and_year, queries.amounts(city, plan, estimate), totals, unit, estimate=estimate,
                  name=f"効果額_{estimate}")
plan_actual_view.cumulative(city, plan, estimate, totals, unit)   # with the plan line (#16)
table = charts.amount_table(queries.area_year_cells(city, plan, estimate), unit)
st.table(charts.printed_table(format.inert_frame(table)))
st.caption(format.inert("出典: " + documents.cite_many(queries.sources(city, plan, estimate))))
st.caption(format.inert(documents.files(queries.sources(city, plan, estimate))))

st.subheader("時点の比較", divider="gray")
if len(estimates) < 2:
    st.info(f"この計画の効果額は「{format.inert(estimate)}」の1時点だけのため、比較できる時点がありません。")
    st.stop()
comparison = queries.estimate_comparison(city, plan)
overall = comparison[comparison["area_no"].isna()].sort_values("estimate_no")
first, last = overall.iloc[0], overall.iloc[-1]
span = format.period(overall["first_fy"].min(), overall["last_fy"].max())
left, right = st.columns(2)
left.metric(f"{span} 合計（{format.inert(first.estimate)}）", charts.amount_text(first.amount, unit))
right.metric(f"{span} 合計（{format.inert(last.estimate)}）", charts.amount_text(last.amount, unit),
             **charts.delta(last.difference, unit), delta_description=f"{format.inert(first.estimate)}との比較")
chart_export.draw(charts.estimate_comparison, comparison, unit, name="効果額_時点比較")
table = charts.comparison_table(comparison, unit)
st.table(charts.printed_table(format.inert_frame(table)))
st.caption(format.inert("出典: " + documents.cite_many(queries.sources(city, plan))))
st.caption(format.inert(documents.files(queries.sources(city, plan))))

plan_actual_view.section(city, plan, unit)
