"""Import timings: the product's path (importer.prepare + commit, validation included) against a
plain baseline (pandas read_csv / read_excel(engine="openpyxl"), then insert into DuckDB).

Every run is a fresh Python process (`python -m benchmarks.imports product|baseline FILE DB`) on a
fresh copy of the benchmark database, so no run inherits another's caches, and its peak memory is
its own. The copy is made before the clock starts.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.stats import ROOT, status_kb, summary

# The 1M-row CSV is ~240 MB: over the upload limit (PLANS_MAX_FILE_MB, 50 MB by default), which
# would refuse it before reading. The benchmark raises the limit so the path behind it is measured;
# the reading child's memory and time limits too (a 240 MB file needs more than the 1.5 GB default).
ENV = {"PLANS_MAX_FILE_MB": "1000", "PLANS_MAX_ROWS": "2000000", "PLANS_MAX_MEMORY_MB": "16000",
       "PLANS_MAX_SECONDS": "1800"}


def _product(path: Path, db: Path) -> dict:
    from loaders import importer
    start = time.perf_counter()
    data = path.read_bytes()
    preview = importer.prepare(data, path.name, db)
    prepared = time.perf_counter()
    if not preview.ok:
        return {"error": "; ".join(str(e) for e in preview.errors[:3])}
    importer.commit(preview, db)
    done = time.perf_counter()
    changes = {t: d["区分"].value_counts().to_dict() for t, d in preview.diff.items()}
    return {"seconds": done - start, "prepare": prepared - start, "commit": done - prepared,
            "rows": sum(preview.row_counts().values()), "changes": changes}


def _baseline(path: Path, db: Path) -> dict:
    import duckdb
    import pandas as pd
    start = time.perf_counter()
    if path.suffix == ".xlsx":
        frame = pd.read_excel(path, engine="openpyxl")
    else:
        frame = pd.read_csv(path, encoding="cp932" if "_sjis" in path.name else "utf-8-sig")
    read = time.perf_counter()
    con = duckdb.connect(str(db))
    con.register("upload", frame)
    con.execute("create or replace table upload_rows as select * from upload")
    con.close()
    done = time.perf_counter()
    return {"seconds": done - start, "read": read - start, "insert": done - read, "rows": len(frame)}


def run_once(kind: str, path: Path, base_db: Path, work: Path) -> dict:
    """One timed import in its own process; the database copy is made first, untimed."""
    work.mkdir(parents=True, exist_ok=True)
    db = work / "import.duckdb"
    for leftover in work.glob("import.duckdb*"):
        leftover.unlink()
    if kind == "product":
        shutil.copyfile(base_db, db)
    out = subprocess.run([sys.executable, "-m", "benchmarks.imports", kind, str(path), str(db)],
                         cwd=ROOT, env={**os.environ, **ENV}, capture_output=True, text=True, timeout=1800)
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else f"exit {out.returncode}"}
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench(files: dict[str, Path], base_db: Path, runs: int, work: Path, log=print) -> list[dict]:
    """Product and baseline for each file, interleaved run by run; summaries per file."""
    results = []
    for kind, path in files.items():
        product, baseline = [], []
        for run in range(runs):
            for label, bucket in (("product", product), ("baseline", baseline)):
                result = run_once(label, path, base_db, work)
                bucket.append(result)
                log(f"  import {kind:5s} {label:8s} run {run + 1}/{runs}: "
                    + (f"{result['seconds']:.2f} s" if "seconds" in result else result["error"]))
        results.append({
            "file": kind, "name": path.name, "size_mb": path.stat().st_size / 1e6,
            "rows": next((r["rows"] for r in product + baseline if "rows" in r), None),
            "product": _stats(product, ("seconds", "prepare", "commit")),
            "baseline": _stats(baseline, ("seconds", "read", "insert")),
            "product_peak_mb": max((r.get("peak_mb", 0) for r in product), default=None),
            "baseline_peak_mb": max((r.get("peak_mb", 0) for r in baseline), default=None),
            "changes": next((r["changes"] for r in product if "changes" in r), None),
            "errors": sorted({r["error"] for r in product + baseline if "error" in r}),
        })
    return results


def _stats(runs: list[dict], keys: tuple[str, ...]) -> dict:
    return {key: summary([r[key] for r in runs if key in r]) for key in keys}


def main(argv: list[str]) -> None:
    kind, path, db = argv[0], Path(argv[1]), Path(argv[2])
    result = (_product if kind == "product" else _baseline)(path, db)
    # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child would report its parent's peak
    result["peak_mb"] = (status_kb(os.getpid(), "VmHWM") or 0) / 1024
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
