"""Benchmarks: generated plan data at national scale, and the timings of imports, queries and pages.

`./bench.sh` (or `python -m benchmarks`) builds the data and writes docs/benchmarks.md. Nothing here
is a test: no figure is asserted, and nothing here writes to data/.
"""
