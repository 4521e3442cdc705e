"""The benchmark report judges issue #18's targets against the baselines measured in the same run."""
from benchmarks import report


def _stat(median: float) -> dict:
    return {"n": 3, "median": median, "min": median, "max": median, "p95": median}


def _page(name: str, path: str, cold: float, warm: float) -> dict:
    return {"page": name, "path": path, "charts": 1, "peak_mb": 300.0,
            "cold": {"chart": _stat(cold), "idle": _stat(cold)}, "warm": {"chart": _stat(warm), "idle": _stat(warm)}}


def _light(sessions: int, p95: float, cpu: float) -> dict:
    return {"sessions": sessions, "replicas": 2, "through": "haproxy", "peak_mb": 900.0,
            "pages": {"効果額": {"chart": _stat(p95), "idle": {"n": sessions}, "errors": 0, "pending": 0,
                                 "server_cpu_s": cpu}}}


def _targets(**results) -> dict[str, tuple[str, bool | None]]:
    return {name: (measured, met) for name, measured, met in report._targets(results)}


def test_a_page_is_judged_by_its_ratio_to_the_floor_of_the_same_run():
    pages = {"label": "1.13M rows", "rows": [
        _page("概要", "/", cold=2.2, warm=1.2), _page("効果額", "/effect_amounts", cold=2.4, warm=3.0),
        _page("floor", "benchmarks/floor_app.py", cold=2.0, warm=1.0)]}
    checks = _targets(pages=pages)
    warm = checks["each page warm ≤ 1.25× the floor's warm (1.13M rows)"]
    cold = checks["each page cold ≤ 1.25× the floor's cold (1.13M rows)"]
    assert warm == ("1 of 2 pages; worst 効果額 3.00×", False)
    assert cold == ("2 of 2 pages; worst 効果額 1.20×", True)


def test_cpu_per_view_and_the_balancer_sessions_have_their_own_limits():
    concurrency = {"light": _light(20, 5.0, cpu=6.0), "floor_light": _light(20, 0.6, cpu=0.6),
                   "replicas": _light(20, 0.9, cpu=4.0), "replicas_more": _light(100, 3.5, cpu=20.0)}
    checks = _targets(concurrency=concurrency)
    assert checks["server CPU per view ≤ 0.05 s, every page"] == ("worst 効果額 0.30 s (floor app 0.030 s)", False)
    assert checks["20 sessions through the balancer (2 replicas): every chart's data in p95 < 1 s"][1] is True
    assert checks["100 sessions through the balancer (2 replicas): every chart's data in p95 < 3 s"][1] is False


def test_imports_are_judged_against_the_plain_load_beside_them():
    def row(file, product, baseline, peak):
        return {"file": file, "rows": 1000, "product": {"seconds": _stat(product)},
                "baseline": {"seconds": _stat(baseline)}, "product_peak_mb": peak}
    checks = _targets(imports=[row("csv", 2.0, 2.2, 1200.0), row("xlsx", 3.0, 15.0, 700.0)])
    assert checks["import 1,000-row CSV no slower than plain pandas + DuckDB"][1] is True
    assert checks["import 1,000-row xlsx ≥ 5× faster than pandas + openpyxl"][1] is True
    assert checks["import peak memory < 1.5 GB"] == ("1,200 MB (csv)", True)
