#!/usr/bin/env bash
# Set up (once) and open the dashboard on the seed data: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh requirements.txt
# The app builds data/plans.duckdb from data/ on first start when it is missing.
exec .venv/bin/python -m streamlit run app.py "$@"
