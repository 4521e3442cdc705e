#!/usr/bin/env bash
# Set up (once) and run the whole test suite, browser tests included.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh requirements-dev.txt
scripts/browser-deps.sh
exec .venv/bin/python -m pytest "$@"
