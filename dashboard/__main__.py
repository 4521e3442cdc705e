import streamlit.logger

# Queries are cached with st.cache_data, which warns 「No runtime found」 when there is no
# Streamlit runtime; outside the app that is expected, so the command line says only its own
# messages. Streamlit sets each of its loggers' levels itself, so it is told, not logging.
streamlit.logger.set_log_level("error")

from dashboard.cli import run  # noqa: E402

run(prog_name="python -m dashboard")
