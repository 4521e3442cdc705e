"""Write the score of the last mutation run and its surviving mutants into docs/mutation.md.

Reads mutmut's results in mutants/ and, for a module run alone (scripts/mutation.sh --module M), in
mutants-by-module/M/mutants/, which then stand for M. Only the part between the two markers is
rewritten; the explanations of the survivors around it are written by hand.
"""
from __future__ import annotations

import datetime as dt
import json
import os
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


SCRATCH = ROOT / "mutants-by-module"
WHERE: dict[str, Path] = {}   # module -> the directory whose mutants/ holds its results


def _roots() -> list[Path]:
    """The whole run's directory, then each module's own, which override it for their module."""
    return [ROOT, *sorted(p for p in SCRATCH.glob("*") if (p / "mutants").is_dir())]


def results() -> dict[str, dict[str, str]]:
    """Per module (dotted name), mutant name -> status."""
    out = {}
    for root in _roots():
        own = None if root == ROOT else root.name
        for meta in sorted((root / "mutants").rglob("*.py.meta")):
            source = meta.relative_to(root / "mutants").with_suffix("").with_suffix("")
            module = ".".join(source.parts)
            codes = json.loads(meta.read_text())["exit_code_by_key"]
            if codes and own in (None, module):
                out[module] = {name: status_by_exit_code[code] for name, code in codes.items()}
                WHERE[module] = root
    return dict(sorted(out.items()))


def _mutated_modules() -> list[str]:
    """The modules setup.cfg [mutmut] mutates (dotted), without the ones holding no function."""
    files = [*ROOT.glob("loaders/*.py"), *ROOT.glob("dashboard/queries/*.py"),
             ROOT / "dashboard" / "exports.py", ROOT / "dashboard" / "auth.py"]
    return sorted(".".join(f.relative_to(ROOT).with_suffix("").parts) for f in files
                  if f.name not in ("__init__.py", "__main__.py"))


def changed_lines(name: str, module: str) -> str:
    """The mutated line(s), as the mutant reads."""
    path = Path(*module.split(".")).with_suffix(".py")
    here = os.getcwd()
    os.chdir(WHERE[module])  # mutmut reads the mutated module under ./mutants
    try:
        diff = get_diff_for_mutant(name, path=path)
    finally:
        os.chdir(here)
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
    missing = [m for m in _mutated_modules() if m not in by_module]
    if missing:
        lines += ["", "Not run yet, so not in the table: " + ", ".join(f"`{m}`" for m in missing) + "."]
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


def _runs() -> list[dict]:
    """Every run behind the results, oldest first: the whole run's, then each module's own."""
    runs = []
    for root in _roots():
        log = root / "mutants" / "runs.json"
        runs += json.loads(log.read_text()) if log.exists() else []
    return sorted(runs, key=lambda r: r["date"])


def main(args: list[str]) -> None:
    log = ROOT / "mutants" / "runs.json"
    if args[:1] == ["--module"]:  # scripts/mutation.sh --module M: logged in M's own directory
        log = SCRATCH / args[1] / "mutants" / "runs.json"
    if args == ["--no-log"]:     # the report again, after a run stopped by hand (logged by hand)
        return write(_runs())
    runs = json.loads(log.read_text()) if log.exists() else []
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    runs.append({"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                 "commit": commit + ("+changes" if dirty else ""), "args": args})
    log.write_text(json.dumps(runs, ensure_ascii=False, indent=1))
    write(_runs())


def write(runs: list[dict]) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Mutation testing\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    DOC.write_text(head + report(runs) + tail, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
