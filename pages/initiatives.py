"""取組一覧: every initiative, the 前期→後期 review (見直し区分) and the departments in charge."""
import streamlit as st

from dashboard import chart_export, deck_controls, filters, format, frame, report, search_view, slides
from dashboard.charts import initiatives as charts
from dashboard.labels import COLUMNS
from dashboard.queries import defaults
from dashboard.queries import initiatives as queries
from dashboard.queries import report as report_queries

NAMES = {**COLUMNS, "phase": "期", "policy_area": "基本方針・政策分野", "strategy": "戦略区分",
         "review": "見直し区分", "successor": "後期の取組（継続先・集約先）", "file": "ファイル",
         "content": "取組内容（資料の記載）", "result": "実績（資料の記載）"}

frame.setup("取組一覧")
selection = queries.Selection(
    cities=filters.choices("市", queries.city_options(), key="city"),
    plans=filters.choices("計画", queries.plan_options(), key="plan"),
    themes=filters.choices("共通テーマ", queries.theme_options(), key="theme"),
    departments=filters.choices("担当課", queries.department_options(), key="department"),
    reviews=filters.choices("見直し区分", queries.review_options(), key="review"),
    search=search_view.box("q"))

views = {"initiative_departments": slides.selection_params(selection)}   # pinned as on screen
rows = queries.initiatives(selection)
found = queries.matching(selection)
st.subheader(f"取組 {found:,}件（全{queries.initiative_total():,}件）", divider="gray")
if found > len(rows):
    st.caption(f"最初の {len(rows):,} 件を表示します。市・計画・担当課で絞り込むと、ほかの取組も表示されます。")
if rows.empty:
    st.info("条件に合う取組はありません。サイドバーの絞り込みを外すか、検索語を短くしてください。")
else:
    st.dataframe(rows, hide_index=True, column_config=NAMES, placeholder="",
                 column_order=queries.shown_columns(rows))
    st.caption(f"出典: {format.inert(queries.documents(selection))}（各行の出典欄に資料内の位置）。空白の違いは無視して検索します。")
    search_view.hits(selection.search)
    report.offer(lambda: report_queries.initiative_rows(selection), "取組と成果指標（取組一覧）",
                 report_queries.initiative_conditions(selection), "取組_報告")
    search_view.initiative_detail(rows)

if not (worded := queries.worded(rows)).empty:
    # the document's own words in full, as plain text, where the reader looks after the table (issue #15)
    st.subheader("取組ごとの資料の記載（取組内容・計画・実績）", divider="gray")
    labels = [queries.word_label(r) for r in worded.itertuples()]
    chosen = worded.iloc[labels.index(filters.choice("取組", labels, key="initiative", sidebar=False))]
    if not (measured := queries.initiative_indicators(chosen.city, chosen.plan, chosen.initiative_code)).empty:
        # a static table whose cells wrap: as a grid its 目標達成 column was cut at 1280 px
        st.table(format.inert_frame(measured.fillna("")).set_index("成果指標"))
    for kind, item, text in queries.initiative_words(chosen.city, chosen.plan, chosen.initiative_code)[
            ["kind", "item", "text"]].itertuples(index=False):
        st.caption(format.inert(queries.word_heading(kind, item)))
        st.text(text)
    if not (figures := queries.initiative_figures(chosen.city, chosen.plan, chosen.initiative_code)).empty:
        # a static table whose cells wrap: as a grid its 出典 was cut at 1280 px (issue #16)
        st.table(format.inert_frame(figures).set_index("資料の文中の数値"))
    st.caption(f"出典: {format.inert(chosen.source)}。資料の文言をそのまま示します。")

st.subheader("前期→後期の見直し", divider="gray")
plans = queries.review_plans()
if plans.empty:
    st.info("見直し区分（継続・新規・廃止）が記載された計画はありません。")
else:
    opens_on = defaults.expected_plan(list(zip(plans["city"], plans["plan"])), city=defaults.one_city(selection.cities))
    plan = (filters.choice("見直しを集計する計画", plans["label"].tolist(), key="review_plan", index=opens_on)
            if len(plans) > 1 else plans["label"].iloc[0])
    filters.keep("review_plan", plan)
    chart_export.draw(charts.review_by_strategy, queries.review_counts(plan), plan, name="見直し区分")
    views = {"initiative_reviews": {"review_plan": plan}, **views}
    st.dataframe(queries.review_table(plan), hide_index=True, column_config=NAMES, height="content",
                 placeholder="")
    st.markdown("**廃止した取組と集約先**")
    gone = queries.abolished(plan)
    if gone.empty:
        st.info("この計画には見直し区分が「廃止」の取組はありません。")
    else:
        st.dataframe(gone, hide_index=True, height="content", placeholder="",
                     column_config={**NAMES, "initiative": "廃止した取組（前期）", "successor": "集約先（後期の取組）"})
    if not (said := queries.review_words(plan)).empty:
        st.markdown("**前期の総括と後期の方向性（資料の記載: Keep / Problem / Try）**")
        st.table(format.inert_frame(said), hide_index=True)   # passages wrap whole, never cut
    st.caption(f"出典: {format.inert(queries.review_documents(plan))}。見直し区分は「廃止（取組を集約）」なら廃止のように"
               "先頭の語で集計し、表には記載どおりに示します。集約先を資料が示さない取組は「記載なし」。"
               "この節はサイドバーの絞り込みに関係なく計画全体です。")

st.subheader("担当課別の取組数と成果指標数", divider="gray")
counts = queries.department_counts(selection)
coverage = queries.department_coverage(selection).iloc[0]
if counts.empty:
    st.info("担当課の記載がある取組・成果指標はありません。市や計画の絞り込みを変えてください。")
else:
    chart_export.draw(charts.departments, counts, name="担当課別")
    st.dataframe(counts[["department", "initiatives", "indicators"]], hide_index=True, height="content",
                 column_config={"department": "担当課", "initiatives": "取組数", "indicators": "成果指標数"})
    st.caption(f"出典: {format.inert(format.document_list(coverage.documents.split('、')))}。市・計画・共通テーマの絞り込みを反映。成果指標は年度をまたいで1件と数え、"
               f"複数課の共管（例: 職員課・行政経営課）は名前の挙がった課それぞれに1件と数えます（KPI推移の担当課と同じ数え方）。担当課の記載がない"
               f"取組 {coverage.initiatives_without:,}件・成果指標 {coverage.indicators_without:,}件は含みません。")
deck_controls.offer(views)
