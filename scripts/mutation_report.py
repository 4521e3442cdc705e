"""Write the score of the last mutation run and its surviving mutants into docs/mutation.md.

Reads mutmut's results in mutants/ (scripts/mutation.sh runs mutmut first). Only the part between
the two markers is rewritten; the explanations of the survivors around it are written by hand.
"""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from mutmut.mutation.diff_apply import get_diff_for_mutant
from mutmut.stats import status_by_exit_code

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "mutation.md"
BEGIN, END = "<!-- mutation-report:begin -->", "<!-- mutation-report:end -->"
GROUPS = ("loaders", "dashboard.queries", "dashboard.exports", "dashboard.auth")
# Killed: a test failed, or the mutant ran into the time limit (an endless loop is caught too).
KILLED = {"killed", "timeout", "caught by type check", "segfault"}


def results() -> dict[str, dict[str, str]]:
    """Per module (dotted name), mutant name -> status."""
    out = {}
    for meta in sorted((ROOT / "mutants").rglob("*.py.meta")):
        source = meta.relative_to(ROOT / "mutants").with_suffix("").with_suffix("")
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        if codes:
            out[".".join(source.parts)] = {name: status_by_exit_code[code] for name, code in codes.items()}
    return out


def changed_lines(name: str, module: str) -> str:
    """The mutated line(s), as the mutant reads."""
    path = Path(*module.split(".")).with_suffix(".py")
    diff = get_diff_for_mutant(name, path=path)
    added = [line[1:].strip() for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    return " / ".join(added)[:160].replace("|", "\\|").replace("`", "'")


def score(statuses) -> tuple[int, int]:
    counted = [s for s in statuses if s not in ("not checked", "skipped")]
    return sum(s in KILLED for s in counted), len(counted)


def report(runs: list[dict]) -> str:
    by_module = results()
    lines = [BEGIN, "", "Written by `scripts/mutation.sh`; do not edit by hand between these markers.", ""]
    lines += ["Runs behind these results (newest last):", ""]
    lines += [f"- {r['date']} on commit `{r['commit']}`: `{' '.join(['scripts/mutation.sh', *r['args']])}`"
              + (f" ({r['note']})" if r.get("note") else "") for r in runs]
    lines += ["", "Score = killed ÷ checked. A module whose mutants were not all checked says so: its score is of",
              "the checked ones only.", "",
              "| module | mutants | checked | killed | survived | no test | timeout | score |",
              "|---|---:|---:|---:|---:|---:|---:|---:|"]
    totals = {g: Counter() for g in GROUPS}
    for module, statuses in by_module.items():
        counts = Counter(statuses.values())
        killed, checked = score(statuses.values())
        shown = f"{100 * killed / checked:.1f} %" if checked else "not run"
        lines.append(f"| `{module}` | {len(statuses)} | {checked} | {killed} | {counts['survived']} | {counts['no tests']} "
                     f"| {counts['timeout']} | {shown} |")
        group = next(g for g in GROUPS if module == g or module.startswith(g + "."))
        totals[group].update(killed=killed, checked=checked, mutants=len(statuses))
    lines += ["", "| part | mutants | checked | killed | score of the checked |", "|---|---:|---:|---:|---:|"]
    for group, total in totals.items():
        shown = f"{100 * total['killed'] / total['checked']:.1f} %" if total["checked"] else "not run"
        lines.append(f"| `{group}` | {total['mutants']} | {total['checked']} | {total['killed']} | {shown} |")
    lines += ["", "### Surviving mutants", ""]
    for module, statuses in by_module.items():
        survivors = [n for n, s in statuses.items() if s in ("survived", "no tests", "suspicious")]
        if not survivors:
            continue
        lines += [f"#### `{module}` ({len(survivors)})", "", "| mutant | status | the line as mutated |", "|---|---|---|"]
        for name in sorted(survivors, key=lambda n: (n.rsplit("__mutmut_", 1)[0], int(n.rsplit("_", 1)[1]))):
            lines.append(f"| `{name.split('.', len(module.split('.')))[-1]}` | {statuses[name]} | `{changed_lines(name, module)}` |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def main(args: list[str]) -> None:
    log = ROOT / "mutants" / "runs.json"
    runs = json.loads(log.read_text()) if log.exists() else []
    if args == ["--no-log"]:     # the report again, after a run stopped by hand (logged by hand)
        return write(runs)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    runs.append({"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                 "commit": commit + ("+changes" if dirty else ""), "args": args})
    log.write_text(json.dumps(runs, ensure_ascii=False, indent=1))
    write(runs)


def write(runs: list[dict]) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Mutation testing\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    DOC.write_text(head + report(runs) + tail, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
