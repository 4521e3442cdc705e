"""KPI推移: each indicator's target and actual over fiscal years, achievement ratios, judgements, statistics,
one view per tab."""
import streamlit as st

from dashboard import chart_export, deck_controls, documents, exports, filters, format, frame, report, search_view, slides
from dashboard.charts import kpi as charts
from dashboard.labels import STATUS
from dashboard.queries import kpi as queries
from dashboard.queries import report as report_queries

frame.setup("KPI推移")
options = queries.filter_options()
chosen = queries.Filter(
    cities=tuple(filters.choices("市", options["city"], "city")),
    plans=tuple(filters.choices("計画", options["plan"], "plan")),
    themes=tuple(filters.choices("共通テーマ", options["theme"], "theme")),
    areas=tuple(filters.choices("政策分野", options["area"], "area")),
    departments=tuple(filters.choices("担当課", options["department"], "department")),
    statuses=tuple(filters.choices("判定", list(STATUS), "status", format_func=STATUS.get)),
    search=search_view.box("q"),
    years=filters.year_range("年度", options["year"], "fy"), year_span=options["year_span"])
pinned = slides.kpi_params(chosen)   # every chart's slide is pinned by the filters above and its own choice
views: dict[str, dict] = {}

count = queries.totals(chosen)
if count["rows"] == 0:
    st.info("条件に合う成果指標がありません。サイドバーで市・判定・担当課の選択を減らすか、"
            "検索語を短くするか、年度の範囲を広げてください。")
    st.stop()
st.caption(f"成果指標 {count['indicators']:,} 件（指標×年度 {count['rows']:,} 行）。年度がなく期間だけが記載された"
           "指標は、年度の範囲を全期間にしているときに表示します。")
search_view.hits(chosen.search)

# One view at a time, the rest drawn when its tab is opened (and kept in the URL as ?view=): a
# first screen of one chart, not four charts, a 2,000-row table and a 3,000-choice selector, each
# of them sent to every browser on every rerun (issue #18).
indicator_tab, ratio_tab, count_tab, series_tab, listing_tab = st.tabs(
    ["目標と実績", "達成率", "判定の件数", "統計", "一覧"], key="view", bind="query-params")

with indicator_tab:
    if indicator_tab.open:
        st.subheader("指標ごとの目標と実績", divider="gray")
        labels = queries.indicator_labels(chosen)
        if count["indicators"] > len(labels):
            st.caption(f"選べるのは資料順の最初の {len(labels):,} 指標です。市や分野で絞り込むと、ほかの指標も選べます。")
        first = queries.default_indicator(chosen)
        labels = labels if first in labels else [first, *labels]   # the default may lie past the cap
        pick = filters.choice("成果指標", labels, "ind", index=labels.index(first), sidebar=False)
        history = queries.indicator_history(pick, chosen)
        views["kpi_indicator"] = {**pinned, "indicator": pick}
        if not chart_export.draw(charts.indicator_chart, history, name="成果指標_目標と実績"):
            st.info("この指標の目標・実績は数値ではなく文言で記載されています。下の表で資料の記載をご覧ください。")
        st.table(format.inert_frame(queries.history_view(history)))
        search_view.indicator_initiative(history)
        if not (words := queries.indicator_texts(history)).empty:
            st.markdown("**資料の記載（この指標の取組・評価について資料が書いていること）**")
            # a passage wraps whole in a static table: a presenter cannot hover a cut grid cell
            # a column the document leaves empty for this indicator (no year) is not drawn
            st.table(format.inert_frame(words.loc[:, words.ne("").any()]), hide_index=True)
        if not (figures := queries.indicator_figures(history)).empty:
            st.markdown("**資料の文中の数値（この指標の記載の中に書かれた数値）**")
            st.table(format.inert_frame(figures).set_index("資料の文中の数値"))
        st.caption(format.inert(queries.sources(history)))
        st.caption(format.inert(documents.files(history["source"])))

with ratio_tab:
    if ratio_tab.open:
        st.subheader("達成率の比較（単位の違う指標を同じ物差しで）", divider="gray")
        ratios = queries.ratios(chosen)
        if ratios.empty:
            st.info("目標と実績がともに数値で、高い・低いどちらが良いかが記載された指標がありません。条件を広げてください。")
        else:
            if count["ratios"] > len(ratios):
                st.caption(f"達成率が計算できる {count['ratios']:,} 行のうち、達成率の低い {len(ratios):,} 行を示します。"
                           "市や分野で絞り込むと、ほかの行も表示されます。")
            chart_export.draw(charts.ratio_dots, ratios, queries.band_floors(), name="達成率")
            views["kpi_ratios"] = pinned
            st.caption(f"達成率の帯: {queries.band_legend()}。資料の判定（形）と並べて示します。{format.inert(queries.documents(ratios))}")
            if count["disagreements"] == 0:
                st.success("表示中の指標では、達成率の帯と資料の判定が一致しています。")
            else:
                st.warning(f"{count['disagreements']:,} 件で、達成率の帯と資料の判定が食い違っています。"
                           "どちらも資料の数値から読んだもので、このページはどちらも書き換えません。")
                st.table(format.inert_frame(queries.disagreement_view(queries.disagreements(chosen, limit=100))), hide_index=True)

with count_tab:
    if count_tab.open:
        st.subheader("判定の件数", divider="gray")
        by = st.radio("集計の単位", list(queries.GROUPS), format_func=queries.GROUPS.get, key="by",
                      horizontal=True, bind="query-params")
        counts = queries.status_counts(chosen, by)
        if len(counts) and (hidden := int(counts["groups_total"].iloc[0]) - counts["group"].nunique()) > 0:
            st.caption(f"{queries.GROUPS[by]}が多いため、資料の順で最初の {counts['group'].nunique():,} 件を表示しています"
                       f"（ほか {hidden:,} 件）。市や分野で絞り込むと、ほかの件数も表示されます。")
        chart_export.draw(charts.status_bars, counts, queries.GROUPS[by], name="判定件数")
        views["kpi_status_by_area"] = {**pinned, "by": by}
        st.caption(format.inert(queries.documents(counts)))

with series_tab:
    if series_tab.open:
        st.subheader("統計の推移", divider="gray")
        if not (names := queries.series_labels(chosen)):
            st.info("選んだ市・年度には統計の記載がありません。市の選択や年度の範囲を変えてください。")
        else:
            series = filters.choice("統計", names, "series", sidebar=False)   # the first, written into the URL
            data = queries.series(series, chosen)
            views["kpi_series"] = {**pinned, "series": series}
            if not chart_export.draw(charts.series_line, data, name="統計の推移"):
                st.info("この統計は数値ではなく文言で記載されています。")
            if not (words := queries.series_words(data)).empty:
                st.caption("文言で記載された年度（数値にはしていません）")
                st.table(format.inert_frame(words))
            st.caption(format.inert(queries.sources(data)))
            st.caption(format.inert(documents.files(data["source"])))

with listing_tab:
    if listing_tab.open:
        st.subheader("成果指標の一覧", divider="gray")
        table = queries.indicator_table(chosen)
        if count["rows"] > len(table):
            st.caption(f"{count['rows']:,} 行のうち最初の {len(table):,} 行を表示します。すべての行はダウンロードできます。")
        st.dataframe(queries.indicator_list(chosen), hide_index=True,
                     column_config={"達成率（%）": st.column_config.NumberColumn(format="%.1f%%")})
        left, right = st.columns(2)
        every_row = lambda: queries.table_view(queries.indicator_table(chosen, limit=queries.ALL))  # noqa: E731
        left.download_button("CSV をダウンロード", lambda: exports.to_csv_bytes(every_row()), "成果指標.csv", exports.CSV_MIME,
                             on_click="ignore")
        right.download_button("Excel (xlsx) をダウンロード", lambda: exports.to_xlsx_bytes(every_row(), "成果指標"),
                              "成果指標.xlsx", exports.XLSX_MIME, on_click="ignore")
        report.offer(lambda: report_queries.indicator_rows(chosen), "成果指標の目標と実績（KPI推移）",
                     report_queries.kpi_conditions(chosen), "成果指標_報告")
        st.caption(format.inert(queries.documents(table)))

if views:   # the open view's chart, pinned by the filters and its own choice
    deck_controls.offer(views)
