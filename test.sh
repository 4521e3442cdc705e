#!/usr/bin/env bash
# Set up (once) and run the whole test suite, browser tests included.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh requirements-dev.txt
scripts/browser-deps.sh
# Two workers, a test file kept on one worker (--dist loadscope): a file's module fixtures (a
# server, the accessibility visits of every page) are built once, not once per worker.
exec .venv/bin/python -m pytest -n 2 --dist loadscope "$@"
