"""The one search box and the initiative ↔ indicator join, as small widgets KPI推移 and 取組一覧 call (issue #16).

Everything shown is the documents' text: tables (st.dataframe, plain text) or inert captions,
never Markdown or HTML.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import documents as docs
from dashboard import filters, format
from dashboard.queries import search

LABEL = "検索（成果指標・取組名・取組内容・資料の記述）"
NO_INITIATIVE = "資料はこの指標の取組を示していません。"


def box(key: str = "q") -> str:
    """The search box in the sidebar, kept in the URL under `key`."""
    return filters.text(LABEL, key, placeholder="例: BCP")


def hits(text: str) -> None:
    """Where the search words were found, by field, folded away under the page's results."""
    if not text:
        return
    found = search.hits(text)
    total = int(found["total"].iloc[0]) if len(found) else 0
    with st.expander(f"検索語が見つかった記載 {total:,}件（{'・'.join(search.FIELDS.values())}）"):
        if found.empty:
            st.info("成果指標名・取組名・取組内容・資料の記述のどこにも見つかりませんでした。検索語を短くしてください。")
            return
        if total > len(found):
            st.caption(f"最初の {len(found):,} 件を表示します。")
        st.dataframe(search.hits_view(found), hide_index=True,
                     column_config={"記載": st.column_config.TextColumn(width="large")})


def _initiative_name(row) -> str:
    code = row.initiative_code if isinstance(row.initiative_code, str) and row.initiative_code else ""
    return f"{code}\u3000{row.initiative}" if code else str(row.initiative)


def initiative_detail(rows: pd.DataFrame, key: str = "open") -> None:
    """One initiative of the table opened: its indicators with 目標 / 実績 / 判定 and the document's words.

    rows: the initiatives the page lists (city as shown, plan, initiative_code, initiative, department, source).
    """
    if rows.empty:
        return
    names = [f"{_initiative_name(r)}（{r.city}）" for r in rows.itertuples()]
    pick = st.selectbox("取組を開く（成果指標と資料の記述）", range(len(rows)), format_func=names.__getitem__,
                        key=key, index=0)
    row = rows.iloc[pick]
    city = None if row["city"] == format.city(None) else row["city"]
    code = row["initiative_code"] if isinstance(row["initiative_code"], str) and row["initiative_code"] else None
    st.markdown(f"**{format.inert(_initiative_name(row))}**")
    if isinstance(row["department"], str) and row["department"]:
        st.caption(f"担当課: {format.inert(row['department'])}")
    indicators = search.initiative_indicators(city, row["plan"], code, row["initiative"])
    if indicators.empty:
        st.info("資料はこの取組に成果指標を示していません。")
    else:
        # a small table as text a presenter reads without scrolling; its cells made inert
        st.table(format.inert_frame(pd.DataFrame({
            "成果指標": indicators["indicator"], "年度・期間": indicators["year_label"],
            "目標": indicators["target_label"], "実績": indicators["actual_label"],
            "資料の判定": indicators["judgement"], "判定": indicators["status_label"],
        }).set_index("成果指標")))
    words = search.initiative_words(city, row["plan"], code)
    if not words.empty:
        # the passages whole, wrapped in a static table (a grid cell cuts them), made inert
        st.table(format.inert_frame(pd.DataFrame({
            "種類": words["kind"], "年度": words["fiscal_year"].map(format.fiscal_year),
            "資料の記載": words["text"]})), hide_index=True)
    sources = [*search.initiative_sources(city, row["plan"], code, row["initiative"]),
               *indicators.get("source", []), *words["source"]]
    st.caption(format.inert("出典: " + docs.cite_many(sources)))


def indicator_initiative(history: pd.DataFrame) -> None:
    """The initiative the indicator shown belongs to, in one line (or that the document names none)."""
    if history.empty:
        return
    found = search.indicator_initiative(history["label_id"].iloc[0])
    if found.empty:
        st.caption(NO_INITIATIVE)
        return
    row = found.iloc[0]
    department = f"（担当課 {row['department']}）" if isinstance(row["department"], str) else ""
    st.caption(format.inert(f"この指標の取組: {_initiative_name(row)}{department}。"
                            f"出典: {docs.cite(row['source'])}"))
