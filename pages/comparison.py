"""都市比較: the cities' plan periods, theme coverage, achievement rates and per-resident figures side by side."""
import streamlit as st

from dashboard import chart_export, deck_controls, filters, format, frame, slides, theme_mapping_view
from dashboard.charts import comparison as charts
from dashboard.queries import comparison as queries

frame.setup("都市比較")
cities = filters.choices("市", queries.CITY_OPTIONS, key="city", default=queries.CITY_OPTIONS)
measure = filters.choice("テーマの数え方", list(queries.MEASURES), key="measure")
st.caption("資料の形式・年度・計画の種類は市ごとに異なります。数値は各資料のとおりで、ない数値は推計せず「データなし」と示します。")
scopes = queries.scopes(cities)
if not (part := scopes[scopes["scope_label"] != queries.WHOLE_CITY]).empty:
    # What each plan covers is data (plans.scope): a plan of one bureau is named at the top
    st.caption("計画の範囲: " + format.inert("、".join(
        f"{format.city(c) if isinstance(c, str) else queries.NO_CITY_LABEL}の「{p}」は{sc}"
        for c, p, sc in zip(part["city"], part["plan"], part["scope_label"])))
        + "の計画です。" + ("ほかの計画は市全体の計画です。" if len(part) < len(scopes) else ""))

st.subheader("計画期間", divider="gray")
plans = queries.plan_timeline(cities)
if plans.empty:
    st.info("選んだ市には計画期間のデータがありません。サイドバーで市を追加してください。")
else:
    chart_export.draw(charts.plan_timeline, plans, name="計画期間")
    st.caption(charts.sources(plans))
pinned = {"cities": list(cities or queries.CITY_OPTIONS)}
deck_controls.offer({"plan_timeline": slides.timeline_params(cities or queries.CITY_OPTIONS, plans),
                     "comparison_themes": {**pinned, "measure": measure}, "comparison_rates": pinned,
                     "per_thousand_staff": pinned, "per_thousand_cost": pinned})

st.subheader(f"共通テーマ別の{measure}", divider="gray")
counts = queries.theme_counts(cities, measure)
if counts.empty or counts["n"].isna().all():
    st.info(f"選んだ市には{measure}のデータがありません。市を追加するか、テーマの数え方を切り替えてください。")
else:
    chart_export.draw(charts.theme_heatmap, counts, measure, name=f"共通テーマ別_{measure}")
    st.caption(f"{charts.sources(counts)}。「データなし」はその市の資料にこの表がないことを示し、0件とは異なります。"
               f"「{charts.NO_THEME}」は共通テーマが割り当てられていない行です。"
               "取組ごとの対応がある取組は、分野（柱）の対応より取組の対応で数えます（下の対応表）。")
mapping = queries.theme_mapping(cities)
# keyed: a change that adds a row (an initiative given a theme of its own) changes the title, and
# the expander stays open on the change it shows
with st.expander(f"共通テーマの対応表（どの分野・取組をどのテーマに数えているか、{len(mapping):,}行）",
                 key="theme_mapping_table"):
    # a static table that wraps, so every column (対応の出典 too) fits at 1280 px without scrolling
    st.table(format.inert_frame(charts.mapping_table(mapping)), hide_index=True)
    st.caption(format.inert(charts.mapping_caption(mapping)))
    theme_mapping_view.editor(mapping, queries.themes_in_use())

st.subheader("成果指標の達成率", divider="gray")
rates = queries.achievement_rates(cities)
if rates.empty or (rates["judged"] == 0).all():
    st.info("選んだ市には達成の判定がある成果指標がありません。サイドバーで市を追加してください。")
else:
    if caution := charts.rate_caution(rates):
        st.warning(caution, icon=":material/warning:")
    chart_export.draw(charts.achievement_rates, rates, name="達成率")
    st.caption(charts.sources(rates[rates["judged"] > 0]))
    if note := charts.scope_note(rates[rates["judged"] > 0]):
        st.caption(note)
if not rates.empty and (note := charts.unjudged_note(rates)):
    st.caption(note)

st.subheader("人口・職員当たりの数値", divider="gray")
people = queries.per_capita(cities)
if people.empty:
    st.info("人口当たりの数値は市ごとに計算します。サイドバーで厚木市・綾瀬市・相模原市のいずれかを選んでください。")
else:
    # One under the other: side by side at 1280 px their titles were cut (「歳入予…」). A measure no
    # chosen city can compare is not drawn: its cells in the table say why (比較できません / データなし).
    for measure_key in ("staff", "cost"):
        if charts.has_per_thousand(people, measure_key):
            chart_export.draw(charts.per_thousand, people, measure_key, name=charts.PER_THOUSAND[measure_key][1])
    st.table(format.inert_frame(charts.per_capita_table(people)))
    st.caption(charts.per_capita_caption(people))

st.subheader("職員数の基準・目標・実績", divider="gray")
staff_cities = [c for c in queries.CITIES if c in (cities or queries.CITY_OPTIONS)]
if not staff_cities:
    st.info("職員数は市ごとに比べます。サイドバーで厚木市・綾瀬市・相模原市のいずれかを選んでください。")
else:
    st.table(format.inert_frame(charts.staffing_table(queries.staffing(staff_cities), staff_cities)))
    st.caption("各市の資料が印刷している職員数・職員定数だけを、資料の年度とともに示します。"
               "記載のない数値（削減前の職員数など）は計算せず「記載なし」とします。"
               "職員数（実員）と職員定数は別の数値で、年度も市ごとに異なります。出典: data/staffing.csv（各欄の出典の節）")
