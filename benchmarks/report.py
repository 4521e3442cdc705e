"""The results as Markdown: the tables of docs/benchmarks.md, with the targets met or missed."""
from __future__ import annotations

import re
from pathlib import Path

from benchmarks.stats import ms, seconds, spread

START, END = "<!-- results:start -->", "<!-- results:end -->"
# Issue #18's targets: pages against Streamlit's own floor measured in the same run, server CPU per
# view, sessions through ./serve.sh's balancer, imports against the plain load beside them.
TARGETS = {
    "query_p95": 0.050, "page_ratio": 1.25, "cpu_per_view": 0.05, "balancer_p95": {20: 1.0, 100: 3.0},
    "csv_ratio": 1.0, "xlsx_speedup": 5.0, "import_peak_mb": 1536, "server_peak_mb": 1536,
}


def _ok(met: bool | None) -> str:
    return "—" if met is None else ("met" if met else "**missed**")


def markdown(results: dict) -> str:
    """Every section that ran, with a summary of the targets first."""
    took = ", ".join(f"{name} {minutes:.1f}" for name, minutes in results.get("section_min", {}).items())
    lines = [f"Command: `{results['command']}` — {results['started']} — {results['elapsed_min']:.1f} min in all"
             + (f" (minutes: {took})" if took else "") + "."
             + (f" Written here from its saved results with `{results['rendered_with']}`." if results.get("rendered_with")
                else ""), ""]
    m = results["machine"]
    v = m["versions"]
    lines += [f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['os']}; Python {m['python']}, "
              f"DuckDB {v['duckdb']}, Streamlit {v['streamlit']}, pandas {v['pandas']}, openpyxl {v['openpyxl']}, "
              f"python-calamine {v['python-calamine']}; {m['chromium']}; code at `{m['commit']}`"
              + (" with uncommitted changes" if m["dirty"] else "")
              + (f" (`{results['commit_end']}` when it ended)" if results.get("commit_end", m["commit"]) != m["commit"] else "")
              + ".", "",
              f"Other work on the machine during the run: processes not started by the benchmark used "
              f"{results.get('other_cpu_share', 0) * 100:.0f} % of the CPU, the hypervisor took "
              f"{results.get('steal_share', 0) * 100:.0f} % (steal); load average {m.get('load', '?')} at the start, "
              f"{results.get('load_end', '?')} at the end. Figures measured while others work are slower than on "
              "a quiet machine.", ""]
    checks = _targets(results)
    if checks:
        lines += ["### Targets", "", "| target | measured | |", "|---|---|---|"]
        lines += [f"| {name} | {measured} | {_ok(met)} |" for name, measured, met in checks]
        lines.append("")
    data = results.get("data")
    if data:
        lines += ["### Data", "",
                  f"Generated in {data['generate_s']:.1f} s (seed {data['seed']}): "
                  + "; ".join(f"**{label}** `{d['file']}` {d['kpi_rows']:,} v_kpi rows ({d['cities']:,} generated "
                              f"municipalities + the seed), {d['size_mb']:.0f} MB" for label, d in data["databases"].items())
                  + ". Upload files: " + "; ".join(f"`{f['name']}` {f['rows']:,} rows, {f['size_mb']:.1f} MB"
                                                  for f in data["uploads"].values()) + ".", ""]
    if results.get("imports"):
        lines += _imports(results["imports"])
    if results.get("queries"):
        lines += _queries(results["queries"])
    if results.get("pages"):
        lines += _pages(results["pages"])
    if results.get("concurrency"):
        lines += _concurrency(results["concurrency"])
    for name, trace in results.get("failed", {}).items():
        lines += [f"### {name}: failed", "", "```", trace.strip().splitlines()[-1], "```", ""]
    return "\n".join(lines).rstrip() + "\n"


def _imports(rows: list[dict]) -> list[str]:
    out = ["### Import (product path with validation vs. plain pandas + DuckDB)", "",
           "Seconds, median (min–max) over the runs; each run a fresh process on a fresh copy of the large database. "
           "Product = read bytes + `importer.prepare` (decode, layout, parse every cell, duplicates, diff against the "
           "database) + `importer.commit` (copy the file, retire the replaced scopes, insert, swap). Baseline = "
           "`pandas.read_csv` / `read_excel(engine=\"openpyxl\")` + `create table … as select * from frame` in DuckDB, "
           "no validation. Ratio = product ÷ baseline (below 1: the product is faster).", "",
           "| file | rows | MB | product | prepare | commit | baseline | ratio | peak memory product / baseline |",
           "|---|---:|---:|---|---|---|---|---:|---|"]
    for r in rows:
        p, b = r["product"], r["baseline"]
        ratio = (p["seconds"]["median"] / b["seconds"]["median"]
                 if p["seconds"].get("n") and b["seconds"].get("n") else None)
        out.append(f"| {r['file']} `{r['name']}` | {r['rows'] or 0:,} | {r['size_mb']:.1f} | {spread(p['seconds'])} | "
                   f"{spread(p['prepare'])} | {spread(p['commit'])} | {spread(b['seconds'])} | "
                   f"{'—' if ratio is None else f'{ratio:.2f}'} | "
                   f"{r['product_peak_mb'] or 0:,.0f} / {r['baseline_peak_mb'] or 0:,.0f} MB |")
    errors = [f"{r['file']}: {e}" for r in rows for e in r["errors"]]
    if errors:
        out += ["", "Errors: " + "; ".join(errors)]
    changes = [f"{r['file']} {r['changes']}" for r in rows if r.get("changes")]
    if changes:
        out += ["", "The files revise rows the database holds (2 % of the actuals changed); the preview's "
                "difference: " + "; ".join(changes) + "."]
    return out + [""]


def _queries(q: dict) -> list[str]:
    sizes = list(q["sizes"])
    labels = {s: q["sizes"][s]["label"] for s in sizes}
    large = sizes[-1]
    out = ["### Page queries (uncached)", "",
           f"Recorded by running each page under AppTest on `{q['recorded_on']}` (its default view), then timed "
           "on each database: **function** = the call in dashboard/queries/*.py with `st.cache_data` cleared before "
           "every call (SQL + fetch into pandas + the function's own pandas work); **SQL** = time inside "
           "`db.Database.fetch` during it (DuckDB executes and returns a DataFrame). "
           f"Milliseconds, median / p95 over up to {q['runs']} runs (fewer for slow calls: see n). "
           + (f"**materialised** = the same SQL on a copy of the {labels[large]} database whose v_* views are "
              "tables (v_kpi already reads a table derived at write time; this column says what doing the same "
              "for the other views would add)." if q.get("materialised") else ""), "",
           "| page | query | rows | " + " | ".join(f"SQL {labels[s]}" for s in sizes) + f" | function {labels[large]} | n"
           + (f" | SQL {labels[large]} materialised" if q.get("materialised") else "") + " | p95 < 50 ms |",
           "|---|---|---:|" + "---:|" * len(sizes) + "---:|---:|" + ("---:|" if q.get("materialised") else "") + "---|"]
    by_size = {s: {(r["page"], r["function"], i): r for i, r in enumerate(q["sizes"][s]["rows"])} for s in sizes}
    materialised = {(r["page"], r["function"], i): r for i, r in enumerate(q.get("materialised") or [])}
    for key, row in by_size[large].items():
        cells = []
        for s in sizes:
            r = by_size[s].get(key)
            cells.append(_mp(r["sql_s"]) if r else "—")
        f = row["function_s"]
        mat = materialised.get(key)
        count = "—" if row["rows"] is None else f"{row['rows']:,}"
        out.append(f"| {row['page']} | `{row['function']}` | {count} | "
                   + " | ".join(cells) + f" | {_mp(f)} | {f.get('n', 0)}"
                   + (f" | {_mp(mat['sql_s'])}" if q.get("materialised") else "")
                   + f" | {_ok(f['p95'] < TARGETS['query_p95'] if f.get('n') else None)} |")
    return out + [""]


def _mp(stat: dict) -> str:
    if not stat.get("n"):
        return "failed"
    return f"{ms(stat['median'])} / {ms(stat['p95'])}"


def _floor(p: dict) -> dict | None:
    return next((r for r in p["rows"] if r["path"].endswith(".py")), None)


def _ratio(r: dict, floor: dict | None, key: str) -> float | None:
    """A page's median time to drawn over the floor app's, both from the same run."""
    mine, base = r[key]["chart"], (floor or {}).get(key, {}).get("chart", {})
    return mine["median"] / base["median"] if mine.get("n") and base.get("n") else None


def _pages(p: dict) -> list[str]:
    floor = _floor(p)
    limit = TARGETS["page_ratio"]
    out = [f"### Pages in headless Chromium ({p['label']})", "",
           "Seconds from navigation start until the script has finished and every chart has drawn its marks; "
           "median (min–max). Cold: the first load on a freshly started server, new browser profile. Warm: the "
           "same URL again in a new tab of a returning browser (new session, server caches filled). "
           "Script done: when the page's script finished (the rest is the browser drawing). Peak: the server's "
           f"VmHWM. A load still waiting after {p['cap']:.0f} s counts as not finished. **× floor** = the page's "
           "median over the floor app's median (Streamlit, one small chart, no data), measured in the same run.", "",
           f"| page | charts | cold | × floor | warm | × floor | script done (warm) | server peak | ≤ {limit}× floor |",
           "|---|---:|---|---:|---|---:|---|---:|---|"]
    stopped = [f"{r['page']}: {r['stopped']}" for r in p["rows"] if r.get("stopped")]
    for r in p["rows"]:
        if r is floor:      # the floor: what the ratios are read against, not a product page
            out.append(f"| *{r['page']}* `{r['path']}` | {r['charts']} | {_timed(r['cold'])} | 1 | {_timed(r['warm'])} | "
                       f"1 | {spread(r['warm']['idle'])} | {r['peak_mb']:,.0f} MB | |")
            continue
        cold, warm = _ratio(r, floor, "cold"), _ratio(r, floor, "warm")
        met = None if cold is None or warm is None else max(cold, warm) <= limit
        out.append(f"| {r['page']} `{r['path']}` | {r['charts']} | {_timed(r['cold'], r.get('error'))} | {_x(cold)} | "
                   f"{_timed(r['warm'], r.get('error'))} | {_x(warm)} | {spread(r['warm']['idle'])} | "
                   f"{r['peak_mb']:,.0f} MB | {_ok(met)} |")
    if stopped:
        out += ["", "Stopped by the memory guard: " + "; ".join(stopped) + "."]
    return out + [""]


def _x(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio:.2f}×"


def _timed(phases: dict, error: str | None = None) -> str:
    if error and not phases["chart"].get("n"):
        return f"raised: {error[:140]}"
    text = spread(phases["chart"])
    if phases.get("timeouts") and phases["chart"].get("n"):
        text += f", {phases['timeouts']} not finished"
    return text


def _concurrency(c: dict) -> list[str]:
    if "light" not in c:          # results saved before the light client: browsers only
        return _browser_sessions(c, f"### {c['sessions']} concurrent sessions ({c['label']})", c["first_path"])
    light = c["light"]
    out = [f"### {light['sessions']} concurrent sessions ({c['label']})", "",
           f"Two clients, each on a freshly started server. **Light client** (`benchmarks/sessions.py`): "
           f"{light['sessions']} sessions speak Streamlit's own websocket protocol as the browser does, in one "
           f"asyncio loop in the benchmark's process, and open `{c['first_path']}` by its deep link at once; "
           "when all have finished, they move on as a page link does (same sessions). It measures **time to data "
           "delivered**: seconds from the request until every chart's Vega-Lite spec and data have arrived, "
           "not until they are drawn. **Browsers** (the cross-check below): a few Chromium contexts do the same "
           "and measure **time to chart drawn**, the browser's Vega work included; few, because many of them "
           "on this machine measure mostly themselves. Before each page one load of it filled the server's "
           "caches" + (f" (not for {', '.join(_unwarmed(light))}: no single load of it drew its charts in "
                       "the page test)" if _unwarmed(light) else "")
           + f". A session still waiting after {light['cap']:.0f} s counts as not finished. Server CPU per view "
           "= the server's CPU seconds in the window ÷ the page views served.", ""]
    out += _light_rows(light)
    if c.get("floor_light"):
        out += [f"#### The floor: {c['floor_light']['sessions']} sessions on Streamlit's own floor app", "",
                "The same light client on `benchmarks/floor_app.py` (one small chart, no data), freshly started: "
                "what a view costs the server before the product does anything.", ""]
        out += _light_rows(c["floor_light"])
    for key in ("replicas", "replicas_more"):
        if not c.get(key):
            continue
        r = c[key]
        if r.get("through") != "haproxy":   # results saved before ./serve.sh: replicas addressed directly
            out += [f"#### The same {r['sessions']} sessions on {r['replicas']} replicas of the app", "",
                    "Two `streamlit run` processes addressed directly, each session staying on one.", ""]
            out += _light_rows(r)
            continue
        out += [f"#### {r['sessions']} sessions through `./serve.sh`'s HAProxy on {r['replicas']} replicas", "",
                "Two `streamlit run` processes on this machine behind the balancer `./serve.sh` starts; every "
                "session connects to its one address and stays on the replica it was dealt (the light client "
                "keeps one websocket per session). One Streamlit process runs its sessions' scripts in one "
                "Python interpreter, so a second process is the first step past it (docs/scaling.md). Server "
                "CPU and memory are the sum of both replicas'.", ""]
        out += _light_rows(r)
    if c.get("browser"):
        b = c["browser"]
        out += _browser_sessions(b, f"#### Cross-check: {b['sessions']} sessions in headless Chromium", c["first_path"])
    elif c.get("browser_failed"):
        out += ["#### Cross-check in headless Chromium: failed", "", "```",
                c["browser_failed"].strip().splitlines()[-1], "```", ""]
    return out


def _light_rows(light: dict) -> list[str]:
    out = ["| page | every chart's data | p50 | p95 | max | first chart p95 | script done p95 | raised | "
           "not finished | server CPU per view | client CPU |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    raised = []
    for title, s in light["pages"].items():
        if s.get("not_run"):
            out.append(f"| {title} | not run: the sessions had not finished the page before | | | | | | | | | |")
            continue
        ch = s["chart"]
        views = s["idle"].get("n", 0) + s["errors"]
        out.append(f"| {title} | {ch.get('n', 0)} of {light['sessions']}"
                   + (f" ({s['short']} with fewer than {s['charts']} charts)" if s.get("short") else "")
                   + f" | {seconds(ch.get('median'))} | {seconds(ch.get('p95'))} | {seconds(ch.get('max'))} | "
                   f"{seconds(s['first'].get('p95'))} | {seconds(s['idle'].get('p95'))} | {s['errors']} | "
                   f"{s['pending']} | {seconds(s['server_cpu_s'] / views) + ' s' if views else '—'} | "
                   f"{s['load_cpu_s']:.1f} s |")
        if s.get("error"):
            raised.append(f"{title}: {s['error'][:200]}")
    if raised:
        out += ["", "Raised: " + "; ".join(raised) + "."]
    if light.get("stopped"):
        out += ["", f"**The light run was {light['stopped']}** (a guard for the shared machine)."]
    capacity = light["wall_s"] * light["cores"] or 1
    out += ["", f"Over the {light['wall_s']:.0f} s measured: server peak memory (VmHWM) **{light['peak_mb']:,.0f} MB**; "
            f"server CPU {light['server_cpu_s']:.0f} s ({light['server_cpu_s'] / capacity * 100:.0f} % of "
            f"{light['cores']} cores); the light client itself **{light['load_cpu_s']:.1f} CPU s "
            f"({light['load_cpu_s'] / capacity * 100:.1f} % of the machine)**.", ""]
    return out


def _unwarmed(c: dict) -> list[str]:
    return [title for title, v in c["pages"].items() if v.get("unwarmed")]


def _browser_sessions(c: dict, heading: str, first_path: str) -> list[str]:
    capacity = c["wall_s"] * c["cores"] or 1
    unwarmed = _unwarmed(c)
    out = [heading, "",
           f"{c['sessions']} browser contexts in one headless Chromium open `{first_path}` by its deep link at "
           "once; when all have drawn, they move on by the sidebar link (same sessions). Seconds from the "
           f"navigation or the click until every chart has drawn its marks; a session still waiting after "
           f"{c['cap']:.0f} s counts as not finished. The server was fresh; before each page one load of it filled "
           "the caches" + (f" (not for {', '.join(unwarmed)}: no single load of it drew its charts in the page test)"
                           if unwarmed else "") + ". Server CPU per view = the server's CPU seconds in the window ÷ "
           "the page views served: what one view costs the server, whatever the browsers did.", "",
           "| page | drawn | p50 | p95 | max | script done p95 | raised | not finished | server CPU per view | "
           "load generator CPU |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for title, s in c["pages"].items():
        if s.get("not_run"):
            out.append(f"| {title} | not run: the sessions had not finished the page before | | | | | | | | |")
            continue
        ch, idle = s["chart"], s["idle"]
        views = ch.get("n", 0) + s["errors"]
        out.append(f"| {title} | {ch.get('n', 0)} of {c['sessions']} | {seconds(ch.get('median'))} | "
                   f"{seconds(ch.get('p95'))} | {seconds(ch.get('max'))} | {seconds(idle.get('p95'))} | {s['errors']} | "
                   f"{s['pending']} | {seconds(s['server_cpu_s'] / views) + ' s' if views else '—'} | "
                   f"{s['load_cpu_s']:.0f} s |")
    if c.get("stopped"):
        out += ["", f"**The run was {c['stopped']}** (a guard for the shared machine)."]
    out += ["", f"Over the {c['wall_s']:.0f} s measured: server peak memory (VmHWM) **{c['peak_mb']:,.0f} MB**; server "
            f"CPU {c['server_cpu_s']:.0f} s ({c['server_cpu_s'] / capacity * 100:.0f} % of {c['cores']} cores); the "
            f"load generator itself (Chromium, Playwright's driver and this process) **{c['load_cpu_s']:.0f} CPU s "
            f"({c['load_cpu_s'] / capacity * 100:.0f} % of the machine)**"
            + (" — the browsers, not the server, used most of the CPU." if c["load_cpu_s"] > c["server_cpu_s"] else "."),
            ""]
    return out


def _targets(results: dict) -> list[tuple[str, str, bool | None]]:
    """Issue #18's targets, each against its baseline from the same run."""
    checks = []
    imports = {r["file"]: r for r in results.get("imports") or []}
    if "csv" in imports:
        r = imports["csv"]
        t, b = r["product"]["seconds"], r["baseline"]["seconds"]
        if t.get("n") and b.get("n"):
            ratio = t["median"] / b["median"]
            checks.append((f"import {r['rows'] or 0:,}-row CSV no slower than plain pandas + DuckDB",
                           f"{spread(t)} s vs {spread(b)} s: {ratio:.2f}×", ratio <= TARGETS["csv_ratio"]))
    if "xlsx" in imports:
        r = imports["xlsx"]
        t, b = r["product"]["seconds"], r["baseline"]["seconds"]
        if t.get("n") and b.get("n"):
            checks.append((f"import {r['rows'] or 0:,}-row xlsx ≥ {TARGETS['xlsx_speedup']:.0f}× faster than pandas + openpyxl",
                           f"{spread(t)} s vs {spread(b)} s: {b['median'] / t['median']:.2f}×",
                           b["median"] / t["median"] >= TARGETS["xlsx_speedup"]))
    peaks = [(r["file"], r["product_peak_mb"]) for r in imports.values() if r.get("product_peak_mb")]
    if peaks:
        file, peak = max(peaks, key=lambda fp: fp[1])
        checks.append(("import peak memory < 1.5 GB", f"{peak:,.0f} MB ({file})", peak < TARGETS["import_peak_mb"]))
    q = results.get("queries")
    if q:
        large = list(q["sizes"])[-1]
        rows = q["sizes"][large]["rows"]
        slow = [r for r in rows if not r["function_s"].get("n") or r["function_s"]["p95"] >= TARGETS["query_p95"]]
        worst = max((r["function_s"].get("p95", 0) for r in rows), default=0)
        checks.append((f"page queries at {q['sizes'][large]['label']}: p95 < 50 ms each",
                       f"{len(rows) - len(slow)} of {len(rows)} under; slowest p95 {ms(worst)} ms", not slow))
    p = results.get("pages")
    if p:
        floor = _floor(p)
        product_pages = [r for r in p["rows"] if r is not floor]
        for key in ("warm", "cold"):
            ratios = [(r["page"], _ratio(r, floor, key)) for r in product_pages]
            known = [x for _, x in ratios if x is not None]
            worst = max(ratios, key=lambda pr: pr[1] if pr[1] is not None else float("inf")) if ratios else None
            checks.append((f"each page {key} ≤ {TARGETS['page_ratio']}× the floor's {key} ({p['label']})",
                           f"{sum(x <= TARGETS['page_ratio'] for x in known)} of {len(ratios)} pages; worst "
                           f"{worst[0]} {_x(worst[1])}" if worst else "—",
                           bool(ratios) and len(known) == len(ratios) and max(known) <= TARGETS["page_ratio"]))
    c = results.get("concurrency") or {}
    light = c.get("light")
    if light:
        per_view = {title: s["server_cpu_s"] / views for title, s in light["pages"].items()
                    if not s.get("not_run") and (views := s["idle"].get("n", 0) + s["errors"])}
        floor_light = c.get("floor_light")
        floor_view = next((s["server_cpu_s"] / views for s in (floor_light or {}).get("pages", {}).values()
                           if (views := s["idle"].get("n", 0) + s["errors"])), None)
        if per_view:
            worst = max(per_view, key=per_view.get)
            checks.append(("server CPU per view ≤ 0.05 s, every page",
                           f"worst {worst} {per_view[worst]:.2f} s" + "".join(
                               f", {t} {v:.2f} s" for t, v in per_view.items() if t != worst)
                           + (f" (floor app {floor_view:.3f} s)" if floor_view is not None else ""),
                           max(per_view.values()) <= TARGETS["cpu_per_view"]))
    for key in ("replicas", "replicas_more"):
        r = c.get(key)
        if not r or r.get("through") != "haproxy":
            continue
        limit = TARGETS["balancer_p95"].get(r["sessions"])
        ran = [v for v in r["pages"].values() if not v.get("not_run")]
        worst = max((v["chart"].get("p95", 0) for v in ran), default=None)
        missing = sum(v["pending"] + v["errors"] + v.get("short", 0) for v in ran)
        checks.append((f"{r['sessions']} sessions through the balancer ({r['replicas']} replicas): every chart's data "
                       f"in p95 < {limit:g} s" if limit else f"{r['sessions']} sessions through the balancer",
                       f"{seconds(worst)} s (worst page)" + (f", {missing} views incomplete" if missing else ""),
                       None if limit is None else (worst is not None and not missing and worst < limit)))
    runs = [r for r in (c.get("light"), c.get("browser"), c.get("replicas"), c.get("replicas_more")) if r]
    server_peaks = [r["peak_mb"] for r in (p or {}).get("rows", [])] + [r["peak_mb"] for r in runs if r.get("peak_mb")]
    if server_peaks:
        checks.append(("server peak memory < 1.5 GB", f"{max(server_peaks):,.0f} MB",
                       max(server_peaks) < TARGETS["server_peak_mb"]))
    return checks


def write_docs(doc: Path, text: str) -> None:
    """Replace the results block of docs/benchmarks.md, keeping everything written around it."""
    current = doc.read_text(encoding="utf-8") if doc.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in current:
        current += f"\n{START}\n{END}\n"
    block = f"{START}\n{text}{END}"
    doc.write_text(re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, current, flags=re.S),
                   encoding="utf-8")


_ = seconds
