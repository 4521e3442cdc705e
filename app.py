"""概要: the entry page — each city's plans, periods and indicator judgements, with sources."""
import streamlit as st

from dashboard import frame, tables
from dashboard.queries import overview as queries
from dashboard.labels import CITIES, NO_CITY

frame.setup("概要")
st.caption("神奈川県内3市（厚木市・綾瀬市・相模原市）の行政改革計画と、市名の記載がない行革推進プランの数値です。"
           "すべての数値は元資料のとおりで、出典を各行に示します。")

plans = queries.plans()
counts = queries.status_counts_by_plan()
people = queries.municipalities().set_index("city")
names = [*CITIES, NO_CITY] if plans["city"].isna().any() else list(CITIES)

for name in names:
    key = None if name == NO_CITY else name
    st.subheader(name, divider="gray")
    tables.plan_counts(
        people.loc[key] if key in people.index else None,
        counts[counts["city"].isna()] if key is None else counts[counts["city"] == key])
    tables.plan_list(plans[plans["city"].isna()] if key is None else plans[plans["city"] == key])
