#!/usr/bin/env bash
# Set up (once), generate the benchmark data and measure imports, page queries and pages in
# headless Chromium; prints the table and writes docs/benchmarks.md. ./bench.sh --quick for a
# short run at small sizes; ./bench.sh --help for the options.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh requirements-dev.txt
scripts/browser-deps.sh
exec .venv/bin/python -m benchmarks "$@"
