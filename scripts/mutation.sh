#!/usr/bin/env bash
# Mutation testing (issue #19): slow, so not in CI. mutmut mutates the modules setup.cfg [mutmut]
# names, runs the non-browser tests that cover each mutant, and scripts/mutation_report.py keeps
# each module's latest results in docs/mutation-results/M.json and writes them all, with the
# surviving mutants, to docs/mutation.md.
#   scripts/mutation.sh --module loaders.totals [M …]
#                                            each module alone, with only the tests setup.cfg
#                                            [mutation:tests] lists for it, in mutants-by-module/M/
#   scripts/mutation.sh 'loaders.numbers.*'  one module's mutants again within the whole run
#   scripts/mutation.sh                      every module at once, from nothing (hours)
# One worker at low priority by default (the machine is shared); MUTATION_WORKERS=N for more,
# MUTATION_NICE=N for another priority (19 by default). MUTATION_MAX_MINUTES=N stops a module's
# run after N minutes and keeps what it checked, marked partial; MUTATION_CONTINUE=1 then carries
# on with the mutants it left unchecked (and those of functions changed since), keeping the others'
# verdicts: survivors are checked again only by a run without it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh requirements-dev.txt
root=$PWD

budget=()
if [ -n "${MUTATION_MAX_MINUTES:-}" ]; then
  budget=(timeout --signal=INT --kill-after=60 "${MUTATION_MAX_MINUTES}m")
fi

commit_now() {  # the commit a run starts from, +changes when tracked files differ from it
  echo "$(git rev-parse --short HEAD)$([ -n "$(git status --porcelain --untracked-files=no)" ] && echo +changes)"
}

note=""
mutmut_in() {  # directory, mutant names…; sets $note when the run stopped at the time limit
  local dir=$1 status=0
  shift
  note=""
  (cd "$dir" && PLANS_TEST_READ_IN_PROCESS=1 HYPOTHESIS_PROFILE=mutation "${budget[@]}" nice -n "${MUTATION_NICE:-19}" \
    "$root/.venv/bin/python" -m mutmut run --max-children "${MUTATION_WORKERS:-1}" "$@" > mutants.log 2>&1) || status=$?
  tail -n 3 "$dir/mutants.log" | tr '\r' '\n' | tail -n 3
  if [ "$status" -eq 124 ] && [ -n "${MUTATION_MAX_MINUTES:-}" ]; then
    note="stopped at the limit of ${MUTATION_MAX_MINUTES} min (MUTATION_MAX_MINUTES)"
  elif [ "$status" -ne 0 ]; then
    echo "mutmut stopped with exit $status; see $dir/mutants.log" >&2
    exit "$status"
  fi
}

if [ "${1:-}" = "--module" ]; then
  shift
  for module in "$@"; do
    dir=$(.venv/bin/python scripts/mutation_module.py "$module")
    echo "$module: mutmut in ${dir#"$root"/}"
    start=$SECONDS commit=$(commit_now)
    if [ "${MUTATION_CONTINUE:-}" = 1 ]; then
      mutmut_in "$dir"            # no names: mutmut runs only the mutants without a verdict
    else
      mutmut_in "$dir" "$module.*"
    fi
    .venv/bin/python scripts/mutation_report.py --module "$module" --commit "$commit" --seconds $((SECONDS - start)) \
      ${note:+--note "$note"} ${MUTATION_CONTINUE:+--continued}
  done
  exit 0
fi
if [ "$#" -eq 0 ]; then
  rm -rf mutants mutants-by-module   # a full run keeps no result from older code
fi
start=$SECONDS commit=$(commit_now)
mutmut_in . "$@"
.venv/bin/python scripts/mutation_report.py --commit "$commit" --seconds $((SECONDS - start)) ${note:+--note "$note"} "$@"
