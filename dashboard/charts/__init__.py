"""Altair chart builders: a small aggregated DataFrame in, an alt.Chart out, no st.* calls."""
