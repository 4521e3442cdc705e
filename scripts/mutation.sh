#!/usr/bin/env bash
# Mutation testing (issue #19): slow, so not in CI. mutmut mutates the modules setup.cfg [mutmut]
# names, runs the non-browser tests that cover each mutant, and scripts/mutation_report.py writes
# the score and the surviving mutants to docs/mutation.md.
#   scripts/mutation.sh                      every module, from nothing
#   scripts/mutation.sh 'loaders.numbers.*'  one module's mutants again, keeping the others' results
# One worker at the lowest priority by default (the machine is shared); MUTATION_WORKERS=N for more.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh requirements-dev.txt
if [ "$#" -eq 0 ]; then
  rm -rf mutants   # a full run keeps no result from older code
fi
status=0
PLANS_TEST_READ_IN_PROCESS=1 HYPOTHESIS_PROFILE=mutation nice -n 19 .venv/bin/python -m mutmut run --max-children "${MUTATION_WORKERS:-1}" "$@" > mutants.log 2>&1 || status=$?
tail -n 3 mutants.log | tr '\r' '\n' | tail -n 3
if [ "$status" -ne 0 ]; then
  echo "mutmut stopped with exit $status; see mutants.log" >&2
  exit "$status"
fi
.venv/bin/python scripts/mutation_report.py "$@"
