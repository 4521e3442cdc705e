#!/usr/bin/env bash
# Set up (once) and run the whole test suite, browser tests included.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh requirements-dev.txt
scripts/browser-deps.sh
# Two workers: the suite, browser tests included, takes about 11 minutes on two cores this way.
exec .venv/bin/python -m pytest -n 2 "$@"
