"""Keep each module's latest mutation results and write them all into docs/mutation.md.

A run leaves mutmut's raw results in mutants/ (the whole run) or mutants-by-module/M/mutants/
(scripts/mutation.sh --module M); neither is in git. This script sums a module's raw results into
docs/mutation-results/M.json (in git): its mutants, how many of each status, every survivor with
its mutated line, and the run behind them (when, on which commit, the command, how long). A run
rewrites only the files of the modules it ran, so each module keeps its latest results, and the
report between the markers in docs/mutation.md is then written from every module's file. The
explanations of the survivors around it are written by hand; the table "Survivors explained"
after the report names each survivor that is equivalent (or killed by a test written since), and
the report counts the equivalent ones beside each score and marks a survivor not named there.

    scripts/mutation_report.py --module M --seconds N [--note TEXT]   after M's own run
    scripts/mutation_report.py [PATTERN …] --seconds N                after the whole run (or a pattern)
    scripts/mutation_report.py --no-log                               the report again, from the files
"""
from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
import json
import os
import re
import subprocess
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "mutation.md"
RESULTS = ROOT / "docs" / "mutation-results"
SCRATCH = ROOT / "mutants-by-module"
BEGIN, END = "<!-- mutation-report:begin -->", "<!-- mutation-report:end -->"
PARTS = ("loaders", "dashboard.queries", "dashboard.exports", "dashboard.auth")
# Killed: a test failed, or the mutant ran into the time limit (an endless loop is caught too).
KILLED = {"killed", "timeout", "caught by type check", "segfault"}
UNCOUNTED = {"not checked", "skipped", "check was interrupted by user"}
SURVIVING = {"survived", "no tests", "suspicious"}


def mutated_modules() -> list[str]:
    """The modules setup.cfg [mutmut] mutates (dotted), without the ones holding no function."""
    files = [*ROOT.glob("loaders/*.py"), *ROOT.glob("dashboard/queries/*.py"),
             ROOT / "dashboard" / "exports.py", ROOT / "dashboard" / "auth.py"]
    return sorted(".".join(f.relative_to(ROOT).with_suffix("").parts) for f in files
                  if f.name not in ("__init__.py", "__main__.py"))


def part_of(module: str) -> str:
    return next(p for p in PARTS if module == p or module.startswith(p + "."))


# Raw results: mutmut's meta files ---------------------------------------------------------------

def raw_results(root: Path) -> dict[str, dict[str, str]]:
    """Per module (dotted name) in root/mutants, mutant name -> status."""
    from mutmut.stats import status_by_exit_code

    out = {}
    for meta in sorted((root / "mutants").rglob("*.py.meta")):
        module = ".".join(meta.relative_to(root / "mutants").with_suffix("").with_suffix("").parts)
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        if codes:
            out[module] = {name: status_by_exit_code[code] for name, code in codes.items()}
    return out


def changed_lines(root: Path, name: str, module: str) -> str:
    """The mutated line(s), as the mutant reads."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    here = os.getcwd()
    os.chdir(root)  # mutmut reads the mutated module under ./mutants
    try:
        diff = get_diff_for_mutant(name, path=Path(*module.split(".")).with_suffix(".py"))
    finally:
        os.chdir(here)
    added = [line[1:].strip() for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    return " / ".join(added)[:160]


def _order(name: str):
    function, number = name.rsplit("__mutmut_", 1)
    return function, int(number)


def summary(root: Path, module: str, statuses: dict[str, str], run: dict) -> dict:
    """One module's results as kept in git: counts, survivors and the run behind them."""
    survivors = sorted((n for n, s in statuses.items() if s in SURVIVING), key=_order)
    return {
        "module": module,
        "run": run,
        "mutants": len(statuses),
        "statuses": dict(sorted(Counter(statuses.values()).items())),
        "survivors": [{"mutant": n.split(".", len(module.split(".")))[-1], "status": statuses[n],
                       "line": changed_lines(root, n, module)} for n in survivors],
    }


def keep(root: Path, modules: list[str] | None, run: dict) -> list[str]:
    """Write docs/mutation-results/M.json for each module run (all of root's if modules is None)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    kept = []
    for module, statuses in raw_results(root).items():
        if modules is not None and module not in modules:
            continue
        if all(s in UNCOUNTED for s in statuses.values()):
            continue  # mutated but never run: an older result, if any, stands
        text = json.dumps(summary(root, module, statuses, run), ensure_ascii=False, indent=1)
        (RESULTS / f"{module}.json").write_text(text + "\n", encoding="utf-8")
        kept.append(module)
    return kept


# The report: every module's latest results --------------------------------------------------------

EXPLAINED_HEADING = "## Survivors explained"
_EXPLAINED_ROW = re.compile(r"^\| `([\w.]+)` \| `(x_\w+)` \| (equivalent|killed since|removed since) \| (.+) \|$")


def explained(text: str) -> dict[tuple[str, str], str]:
    """(module, mutant) -> equivalent / killed since / removed since, from the hand-written table after the report."""
    section = text.split(EXPLAINED_HEADING, 1)[1] if EXPLAINED_HEADING in text else ""
    return {(m.group(1), m.group(2)): m.group(3) for m in map(_EXPLAINED_ROW.match, section.splitlines()) if m}


def latest() -> dict[str, dict]:
    return {f.stem: json.loads(f.read_text(encoding="utf-8")) for f in sorted(RESULTS.glob("*.json"))}


def counts(result: dict) -> Counter:
    statuses = Counter(result["statuses"])
    checked = sum(n for s, n in statuses.items() if s not in UNCOUNTED)
    killed = sum(n for s, n in statuses.items() if s in KILLED)
    return Counter(mutants=result["mutants"], checked=checked, killed=killed,
                   survived=statuses["survived"] + statuses["suspicious"], no_tests=statuses["no tests"],
                   timeout=statuses["timeout"])


def percent(killed: int, checked: int) -> str:
    return f"{100 * killed / checked:.1f} %" if checked else "–"


def duration(run: dict) -> str:
    seconds = run.get("seconds")
    if seconds is None:
        return "not recorded"
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("`", "'")


def report(why: dict[tuple[str, str], str]) -> str:
    results = latest()
    lines = [BEGIN, "", "Written by `scripts/mutation_report.py` (run by `scripts/mutation.sh`) from",
             "`docs/mutation-results/*.json`, each module's latest run; do not edit by hand between these markers.", "",
             "Score = killed ÷ checked (a time-out counts as killed). A run stopped before the end checked",
             "only some of its module's mutants: it is marked *partial* and its score is of the checked ones.",
             f"*Equivalent* counts the survivors the table \"{EXPLAINED_HEADING[3:]}\" below calls equivalent (no",
             "test can tell them from the code); the last score leaves them out: killed ÷ (checked − equivalent).", "",
             "| module | mutants | checked | killed | survived | no test | timeout | score | equivalent "
             "| score without them | run | time |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    totals = {p: Counter() for p in PARTS}
    for module, result in results.items():
        c = counts(result)
        c["equivalent"] = sum(why.get((module, s["mutant"])) == "equivalent" for s in result["survivors"])
        run = result["run"]
        partial = " (partial)" if c["checked"] < c["mutants"] else ""
        lines.append(f"| `{module}` | {c['mutants']} | {c['checked']} | {c['killed']} | {c['survived']} "
                     f"| {c['no_tests']} | {c['timeout']} | {percent(c['killed'], c['checked'])}{partial} "
                     f"| {c['equivalent']} | {percent(c['killed'], c['checked'] - c['equivalent'])} "
                     f"| {run['date']}, `{run['commit']}` | {duration(run)} |")
        totals[part_of(module)].update(c)
    lines += ["", "Notes of the runs:", ""]
    lines += [f"- `{m}`: `{r['run']['command']}`" + (f" ({r['run']['note']})" if r["run"].get("note") else "")
              for m, r in results.items()]
    lines += ["", "Each part over its modules' latest results:", "",
              "| part | modules run | mutants | checked | killed | score of the checked | equivalent "
              "| score without them | not run yet |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    modules = mutated_modules()
    for part, total in totals.items():
        mine = [m for m in modules if part_of(m) == part]
        missing = [m for m in mine if m not in results]
        lines.append(f"| `{part}` | {len(mine) - len(missing)} of {len(mine)} | {total['mutants']} | {total['checked']} "
                     f"| {total['killed']} | {percent(total['killed'], total['checked'])} | {total['equivalent']} "
                     f"| {percent(total['killed'], total['checked'] - total['equivalent'])} "
                     f"| {', '.join(f'`{m}`' for m in missing) or 'none'} |")
    lines += ["", "### Surviving mutants", "",
              f"*Explained* is what the table \"{EXPLAINED_HEADING[3:]}\" says of the mutant; *not yet* means it",
              "is neither killed by a test written since nor explained as equivalent.", ""]
    survivors = set()
    for module, result in results.items():
        if not result["survivors"]:
            continue
        lines += [f"#### `{module}` ({len(result['survivors'])})", "",
                  "| mutant | status | explained | the line as mutated |", "|---|---|---|---|"]
        for s in result["survivors"]:
            survivors.add((module, s["mutant"]))
            lines.append(f"| `{s['mutant']}` | {s['status']} | {why.get((module, s['mutant']), '**not yet**')} "
                         f"| `{cell(s['line'])}` |")
        lines.append("")
    stale = sorted(k for k in why if k not in survivors)
    if stale:
        lines += ["Explained below but no longer survivors (killed in the latest run, or renamed by a change",
                  "to their function): " + ", ".join(f"`{m}` `{n}`" for m, n in stale) + ".", ""]
    lines.append(END)
    return "\n".join(lines)


def write() -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Mutation testing\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    DOC.write_text(head + report(explained(tail)) + tail, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")


def this_run(command: list[str], seconds: int | None, note: str | None, commit: str | None) -> dict:
    if commit is None:  # the commit now, when scripts/mutation.sh did not say which the run started from
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                               text=True, cwd=ROOT).stdout.strip()
        commit = head + ("+changes" if dirty else "")
    run = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
           "commit": commit, "command": " ".join(["scripts/mutation.sh", *command]), "seconds": seconds}
    return run | ({"note": note} if note else {})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", help="the module run alone in mutants-by-module/MODULE/")
    parser.add_argument("--seconds", type=int, help="how long the run took")
    parser.add_argument("--note", help="said beside the run, e.g. why it stopped")
    parser.add_argument("--commit", help="the commit the run started from (default: the one checked out now)")
    parser.add_argument("--continued", action="store_true",
                        help="the run carried on from the module's last one (MUTATION_CONTINUE=1): its time is added")
    parser.add_argument("--no-log", action="store_true", help="only write the report from the kept results")
    parser.add_argument("patterns", nargs="*", help="the mutant names the whole run was given")
    args = parser.parse_args(argv)
    if not args.no_log:
        if args.module:
            run = this_run(["--module", args.module], args.seconds, args.note, args.commit)
            before = RESULTS / f"{args.module}.json"
            if args.continued and before.exists():
                last = json.loads(before.read_text(encoding="utf-8"))["run"]
                run["command"] = "MUTATION_CONTINUE=1 " + run["command"]
                run["seconds"] = (last.get("seconds") or 0) + (args.seconds or 0)
                run["note"] = "; ".join(filter(None, [f"carried on from the run of {last['date']} on `{last['commit']}`",
                                                      f"whose time is added", args.note]))
            kept = keep(SCRATCH / args.module, [args.module], run)
        else:
            run = this_run(args.patterns, args.seconds, args.note, args.commit)
            wanted = None if not args.patterns else [
                m for m in mutated_modules() if any(fnmatch.fnmatch(f"{m}.x", p) or p.startswith(m + ".") for p in args.patterns)]
            kept = keep(ROOT, wanted, run)
        print("kept the results of " + (", ".join(kept) or "no module"))
    write()


if __name__ == "__main__":
    main()
