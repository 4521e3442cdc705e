#!/usr/bin/env bash
# Set up (once) and serve the dashboard on N replicas behind HAProxy: http://localhost:8501
# Usage: ./serve.sh [--replicas N] [--port P] [--address A]   (N defaults to the number of cores)
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh requirements.txt
[ -x /usr/sbin/haproxy ] || scripts/apt-deps.sh "./serve.sh" haproxy
# The supervisor builds data/plans.duckdb first when it is missing, then starts the replicas.
exec .venv/bin/python -m dashboard.serve "$@"
