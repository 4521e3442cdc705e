import logging

# Queries are cached with st.cache_data, which warns when there is no Streamlit runtime.
logging.getLogger("streamlit").setLevel(logging.ERROR)

from dashboard.cli import main  # noqa: E402

main(prog_name="python -m dashboard")
