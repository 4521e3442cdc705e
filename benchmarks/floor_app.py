"""The floor: a Streamlit page with one small Altair chart and no data, timed like the product's pages."""
import altair as alt
import pandas as pd
import streamlit as st

st.set_page_config(page_title="floor", layout="wide")
st.title("floor")
frame = pd.DataFrame({"x": list("abcdef"), "y": [3, 1, 4, 1, 5, 9]})
st.altair_chart(alt.Chart(frame).mark_bar().encode(x="x", y="y"))
