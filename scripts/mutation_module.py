"""Lay out a scratch copy of the project for mutating one module with its own tests.

scripts/mutation.sh --module M runs mutmut in mutants-by-module/M/: a copy of the code, the data and
the tests, with a setup.cfg that mutates only M and runs only the tests setup.cfg [mutation:tests]
lists for M. Each module keeps its own results there, so a run of one module, or a change to one
module's test list, never throws away another module's results (mutmut resets every result when
its test list changes). Prints the scratch directory.
"""
from __future__ import annotations

import configparser
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = ROOT / "mutants-by-module"
COPIED = ("loaders", "dashboard", "tests", "data", "pages", "app.py", ".streamlit", "pytest.ini")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.duckdb", "*.duckdb.*", "*.lock")


def tests_of(module: str) -> list[str]:
    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg", encoding="utf-8")
    if not parser.has_option("mutation:tests", module):
        sys.exit(f"setup.cfg [mutation:tests] names no tests for {module}")
    return parser.get("mutation:tests", module).split()


def _sync(source: Path, target: Path) -> None:
    """Copy source over target, keeping the times of unchanged files (mutmut compares them)."""
    if source.is_file():
        if not target.exists() or target.read_bytes() != source.read_bytes():
            shutil.copy2(source, target)
        return
    target.mkdir(exist_ok=True)
    wanted = {p.name for p in source.iterdir() if not IGNORED(str(source), [p.name])}
    for stale in [p for p in target.iterdir() if p.name not in wanted]:
        shutil.rmtree(stale) if stale.is_dir() and not stale.is_symlink() else stale.unlink()
    for name in wanted:
        _sync(source / name, target / name)


def _shared() -> Path | None:
    """The source documents beside the clone (tests/conftest.py looks two levels up from tests/)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "seeds").is_dir():
            return base / "shared"
    return None


def prepare(module: str) -> Path:
    tests = tests_of(module)
    work = SCRATCH / module
    work.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        if (ROOT / name).exists():
            _sync(ROOT / name, work / name)
    for link, target in ((".venv", ROOT / ".venv"), ("shared", _shared())):
        if target is not None and not (work / link).exists():
            os.symlink(target, work / link)
    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg", encoding="utf-8")
    config = configparser.ConfigParser()
    config["mutmut"] = dict(parser["mutmut"])
    config["mutmut"]["only_mutate"] = "\n" + str(Path(*module.split(".")).with_suffix(".py"))
    config["mutmut"]["pytest_add_cli_args_test_selection"] = "\n" + "\n".join(tests)
    with open(work / "setup.cfg", "w", encoding="utf-8") as out:
        out.write(f"# Written by scripts/mutation_module.py for {module}: do not edit.\n")
        config.write(out)
    return work


if __name__ == "__main__":
    print(prepare(sys.argv[1]))
