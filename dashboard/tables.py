"""Small rendering helpers shared by pages: metric rows and plain tables (text never as HTML)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import documents, format


def city_summary(people: pd.Series | None, counts: pd.DataFrame) -> None:
    """A city's population and its indicator rows by judgement, with the documents counted."""
    cells = st.columns(5)
    if counts.empty:
        cells[0].metric("成果指標（指標×年度）", "0")
    else:
        row = counts.iloc[0]
        cells[0].metric("成果指標（指標×年度）", f"{row.indicators:,}")
        for cell, label, value in zip(cells[1:], ("達成", "一部達成", "未達成", "判定なし"),
                                      (row.achieved, row.partly, row.not_achieved, row.not_judged)):
            cell.metric(label, f"{value:,}")
    notes = []
    if people is not None:
        notes.append(f"人口 {format.number(people.population)}人（{people.population_source}）")
    notes.append(f"成果指標の出典: {'、'.join(documents.names(counts.iloc[0].documents.split('、')))}"
                 if not counts.empty else "成果指標の記載はありません。")
    st.caption(format.inert("　".join(notes)))


def plan_counts(people: pd.Series | None, counts: pd.DataFrame) -> None:
    """A city's population, then one row of judgement counts per plan, headed by the plan and the
    kind of document it is (実績報告の成果指標 apart from 研究論文のアクションプランの目標, issue #16)."""
    if people is not None:
        st.caption(format.inert(f"人口 {format.number(people.population)}人（{people.population_source}）"))
    if counts.empty:
        st.caption("成果指標の記載はありません。")
        return
    for row in counts.itertuples():
        kind = "・".join(k for k in (row.plan_type, row.document_kind) if isinstance(k, str))
        # a plan added by an upload has no type yet: no empty （）
        st.markdown(f"**{format.inert(row.plan)}**" + (f"（{format.inert(kind)}）" if kind else ""))
        cells = st.columns(5)
        cells[0].metric("成果指標（指標×年度）", f"{row.indicators:,}")
        for cell, label, value in zip(cells[1:], ("達成", "一部達成", "未達成", "判定なし"),
                                      (row.achieved, row.partly, row.not_achieved, row.not_judged)):
            cell.metric(label, f"{value:,}")
        st.caption(format.inert(f"出典: {'、'.join(documents.names(row.documents.split('、')))}"))
    if len(counts) > 1:
        st.caption("計画・資料の種類ごとに数えています。種類の異なる目標（実績報告の成果指標と研究論文の目標など）は合計しません。")


def plan_list(plans: pd.DataFrame) -> None:
    """A city's plans with their periods and sources."""
    view = pd.DataFrame({
        "計画": plans["plan"],
        "種別": plans["plan_type"],
        **({"範囲": plans["scope_label"]} if "scope_label" in plans else {}),
        "期間": [format.period(s, e) + ("" if not isinstance(n, str) else f"（推定: {n}）")
               for s, e, n in zip(plans["period_start_fy"], plans["period_end_fy"], plans["period_note"])],
        "出典": documents.cite_column(plans["source"]),
    })
    st.table(format.inert_frame(view.set_index("計画")))
