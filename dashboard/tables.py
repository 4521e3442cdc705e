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


def plan_list(plans: pd.DataFrame) -> None:
    """A city's plans with their periods and sources."""
    view = pd.DataFrame({
        "計画": plans["plan"],
        "種別": plans["plan_type"],
        "期間": [format.period(s, e) + ("" if not isinstance(n, str) else f"（推定: {n}）")
               for s, e, n in zip(plans["period_start_fy"], plans["period_end_fy"], plans["period_note"])],
        "出典": documents.cite_column(plans["source"]),
    })
    st.table(format.inert_frame(view.set_index("計画")))
