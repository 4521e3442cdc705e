"""./bench.sh [--quick] …: build the benchmark data, time imports, page queries and pages, write the table.

The full run writes docs/benchmarks.md (between its results markers); every run writes
benchmarks/results/<time>.json and latest.md, and prints the table.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shlex
import sys
import time
import traceback
from pathlib import Path
from urllib.parse import quote

import click

from benchmarks import generate, stats
from benchmarks.stats import ROOT

DATA = ROOT / "benchmarks" / "data"
RESULTS = ROOT / "benchmarks" / "results"
DOC = ROOT / "docs" / "benchmarks.md"
SECTIONS = ("imports", "queries", "pages", "concurrency")
BROWSER_SESSIONS = 5   # Chromium contexts in the concurrency section's cross-check

# Sizes in generated municipalities (650 v_kpi rows each): 154 -> 100,100 rows; all 1,738 real
# municipalities but the seed's three -> 1,129,700 (the seed's own cities make them 1,741).
FULL = {"record": 31, "small": 154, "large": 1738, "csv": 1538, "sjis": 154, "xlsx": 154,
        "runs": 3, "query_runs": 10, "query_budget": 5.0, "sessions": 20, "cap": 60.0, "materialise": True}
QUICK = {"record": 16, "small": 31, "large": 154, "csv": 154, "sjis": 16, "xlsx": 16,
         "runs": 2, "query_runs": 5, "query_budget": 3.0, "sessions": 5, "cap": 45.0, "materialise": True}


def _log(message: str) -> None:
    print(message, flush=True)


def _label(rows: int) -> str:
    return f"{rows / 1e6:.2f}M rows" if rows >= 1e6 else f"{rows / 1e3:.0f}k rows"


def _data_key() -> str:
    """Changes with the generator, the product's seed and schema: cached files are rebuilt then."""
    digest = hashlib.sha256(generate.VERSION.encode())
    sources = [Path(generate.__file__), ROOT / "loaders" / "schema.sql", *sorted((ROOT / "data").rglob("*.csv"))]
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


class Data:
    """The generated municipalities and tables (made once per run, only when a file is missing)."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.munis = generate.municipalities().sort_values("rank").reset_index(drop=True)
        self._tables = None
        self.generate_s = 0.0

    @property
    def tables(self):
        if self._tables is None:
            start = time.perf_counter()
            self._tables = generate.generate(self.munis)
            problems = generate.check_against_parser(self._tables["kpi"])
            if problems:
                raise RuntimeError("generated rows differ from what the parser reads: " + "; ".join(problems))
            self.generate_s += time.perf_counter() - start
        return self._tables

    def database(self, cities: int) -> Path:
        path = self.directory / f"plans_{cities}.duckdb"
        if not path.exists():
            start = time.perf_counter()
            generate.build_database(path, self.munis, self.tables, cities)
            for lock in path.parent.glob("*.lock"):
                lock.unlink()
            self.generate_s += time.perf_counter() - start
            _log(f"  built {path.relative_to(ROOT)} ({cities} municipalities)")
        return path

    def uploads(self, sizes: dict[str, int]) -> dict[str, Path]:
        wanted = {kind: self.directory / name for kind, name in
                  ((k, f"kpi_{n * generate.ROWS_PER_CITY}{'_sjis' if k == 'sjis' else ''}."
                    f"{'xlsx' if k == 'xlsx' else 'csv'}") for k, n in sizes.items())}
        if not all(p.exists() for p in wanted.values()):
            start = time.perf_counter()
            generate.write_uploads(self.tables["kpi"], self.directory, sizes)
            self.generate_s += time.perf_counter() - start
        return wanted


def _kpi_rows(db: Path) -> int:
    import duckdb
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select count(*) from v_kpi").fetchone()[0]
    finally:
        con.close()


def _path_of(file: str) -> str:
    return "/" if file == "app.py" else "/" + Path(file).stem


@click.command()
@click.option("--quick", is_flag=True, help="小さな規模（10万行まで）で短時間に実行する（開発用）")
@click.option("--only", default=",".join(SECTIONS), show_default=True,
              help="実行する項目（カンマ区切り）: imports, queries, pages, concurrency")
@click.option("--runs", type=int, help="取込・ページの繰り返し回数（既定: 3、--quick は 2）")
@click.option("--sessions", type=int, help="同時セッション数（既定: 20、--quick は 5）")
@click.option("--cap", type=float, help="ページ表示を待つ上限の秒数（既定: 60）")
@click.option("--report", "saved", type=click.Path(exists=True, dir_okay=False),
              help="計測せず、保存済みの結果（benchmarks/results/*.json）から表を作り直す")
@click.option("--docs/--no-docs", "docs", default=None,
              help="docs/benchmarks.md の結果欄を書き換える（既定: 通常の実行は書き換え、--quick は書き換えない）")
def main(quick: bool, only: str, runs: int | None, sessions: int | None, cap: float | None, saved: str | None,
         docs: bool | None) -> None:
    """生成データで取込・ページのクエリ・ページ表示・同時アクセスを計測し、表を出力する。"""
    if saved:
        results = json.loads(Path(saved).read_text(encoding="utf-8"))
        results["rendered_with"] = "./bench.sh" + "".join(f" {shlex.quote(a)}" for a in sys.argv[1:])
        _publish(results, docs if docs is not None else not results.get("quick"))
        return
    chosen = [s.strip() for s in only.split(",") if s.strip()]
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        raise click.BadParameter(f"{', '.join(sorted(unknown))} は項目名ではありません（{', '.join(SECTIONS)}）。",
                                 param_hint="--only")
    config = dict(QUICK if quick else FULL)
    config.update({k: v for k, v in (("runs", runs), ("sessions", sessions), ("cap", cap)) if v is not None})
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    started = time.perf_counter()
    busy_before, steal_before = stats.machine_cpu()
    command = "./bench.sh" + ("".join(f" {shlex.quote(a)}" for a in sys.argv[1:]))
    results: dict = {"command": command, "started": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
                     "quick": quick, "config": config, "machine": stats.machine(), "failed": {}}
    _log(f"{command}: {results['machine']['cpu']}, {results['machine']['cores']} cores")

    _log("data")
    data = Data(DATA / _data_key())
    databases = {key: data.database(config[key]) for key in ("record", "small", "large")}
    kpi_rows = {key: _kpi_rows(path) for key, path in databases.items()}
    uploads = data.uploads({k: config[k] for k in ("csv", "sjis", "xlsx")}) if "imports" in chosen else {}
    results["data"] = {
        "seed": generate.SEED, "generate_s": data.generate_s,
        "databases": {_label(kpi_rows[k]): {"file": str(p.relative_to(ROOT)), "kpi_rows": kpi_rows[k],
                                            "cities": config[k], "size_mb": p.stat().st_size / 1e6}
                      for k, p in databases.items()},
        "uploads": {k: {"name": p.name, "rows": config[k] * generate.ROWS_PER_CITY, "size_mb": p.stat().st_size / 1e6}
                    for k, p in uploads.items()},
    }

    results["section_min"] = {"data": (time.perf_counter() - started) / 60}

    def section(name, run):
        if name not in chosen:
            return
        _log(name)
        begun = time.perf_counter()
        try:
            results[name] = run()
        except Exception:       # one section failing still leaves the others' figures
            results["failed"][name] = traceback.format_exc()
            _log(results["failed"][name])
        results["section_min"][name] = (time.perf_counter() - begun) / 60

    def imports():
        from benchmarks import imports as bench_imports
        return bench_imports.bench(uploads, databases["large"], config["runs"], DATA / "work", log=_log)

    recorded = {}

    def record():
        if "calls" not in recorded:
            from benchmarks import queries
            _log(f"  recording the pages' queries on {databases['record'].name}")
            recorded["calls"], recorded["charts"] = queries.record(databases["record"])
        return recorded["calls"], recorded["charts"]

    def page_queries():
        from benchmarks import queries
        calls, _ = record()
        out = {"recorded_on": _label(kpi_rows["record"]), "runs": config["query_runs"], "sizes": {}}
        for key in ("small", "large"):
            _log(f"  on {_label(kpi_rows[key])}")
            out["sizes"][key] = {"label": _label(kpi_rows[key]), "rows": queries.measure(
                calls, databases[key], runs=config["query_runs"], budget=config["query_budget"], log=_log)}
        if config["materialise"]:
            _log("  materialised views (what-if)")
            copy = queries.materialised_copy(databases["large"], DATA / "work" / "materialised.duckdb")
            out["materialised"] = queries.measure_sql(calls, copy, runs=config["query_runs"],
                                                      budget=config["query_budget"] / 2, log=_log)
        return out

    def page_list() -> dict[str, tuple[str | None, int]]:
        from benchmarks import pages as bench_pages, queries
        _, charts = record()
        listed = {title: (_path_of(file), charts[title]) for title, file in queries.pages().items()}
        one = data.munis.loc[0, "name"]
        if "KPI推移" in listed:   # the KPI page as someone at national scale would use it: one municipality
            listed[f"KPI推移（{one}）"] = (f"/kpi?city={quote(one)}", listed["KPI推移"][1])
        listed[bench_pages.FLOOR_TITLE] = (None, 1)
        return listed

    def pages():
        from benchmarks import pages as bench_pages
        rows = bench_pages.page_loads(databases["large"], page_list(), runs=config["runs"], cap=config["cap"], log=_log)
        return {"label": _label(kpi_rows["large"]), "cap": config["cap"], "rows": rows}

    def concurrency():
        from benchmarks import pages as bench_pages
        listed = page_list()
        paths = {title: listed[title] for title in ("効果額", "KPI推移") if title in listed}
        # a page that drew nothing within the cap alone is not warmed first (that only leaves the server busy)
        unwarmed = tuple(r["page"] for r in (results.get("pages") or {}).get("rows", [])
                         if r["page"] in paths and not r["cold"]["chart"].get("n"))
        # the light client at the configured count; a few Chromium contexts as a cross-check of
        # time to chart drawn (20 of them on 2 cores measured mostly the browsers, issue #8)
        out = bench_pages.concurrent(databases["large"], paths, sessions=config["sessions"],
                                     browsers=min(BROWSER_SESSIONS, config["sessions"]),
                                     cap=3 * config["cap"], unwarmed=unwarmed, log=_log)
        return out | {"label": _label(kpi_rows["large"]), "first_path": next(iter(paths.values()))[0]}

    section("queries", page_queries)
    section("pages", pages)
    section("concurrency", concurrency)
    section("imports", imports)

    results["elapsed_min"] = (time.perf_counter() - started) / 60
    results["load_end"] = stats.loadavg()
    results["commit_end"] = stats.machine()["commit"]
    busy, steal = stats.machine_cpu()
    wall = time.perf_counter() - started
    capacity = wall * (os.cpu_count() or 1)
    results["other_cpu_share"] = max(0.0, busy - busy_before - stats.own_cpu()) / capacity
    results["steal_share"] = (steal - steal_before) / capacity
    RESULTS.mkdir(parents=True, exist_ok=True)
    saved = RESULTS / f"{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    saved.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    _log(f"saved {saved.relative_to(ROOT)}")
    _publish(results, docs if docs is not None else not quick)
    if results["failed"]:
        sys.exit(1)


def _publish(results: dict, to_docs: bool) -> None:
    from benchmarks import report
    text = report.markdown(results)
    (RESULTS / "latest.md").write_text(text, encoding="utf-8")
    if to_docs:
        report.write_docs(DOC, text)
        _log(f"wrote {DOC.relative_to(ROOT)}")
    print("\n" + text)

if __name__ == "__main__":
    main()
