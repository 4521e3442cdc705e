"""Upload limits, set in one place and shown on the upload page.

Each can be changed with an environment variable of the same name in capitals
(e.g. PLANS_MAX_FILE_MB=100). Reading an upload runs in a child process (loaders/isolation.py)
that gets these limits from its parent, so a limit changed in a test or by the server's
environment is the one the child enforces.
"""
from __future__ import annotations

import os
from dataclasses import asdict, dataclass


def _env(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int
    max_rows: int                          # data rows: a header row and title rows come on top
    max_inflated_bytes: int
    max_zip_entries: int = 10_000
    max_columns: int = 1_000               # a sheet's used range, by the cells its XML names
    max_line_bytes: int = 1_000_000        # one CSV line
    max_memory_bytes: int = 1_500_000_000  # the reading child's address space (RLIMIT_AS)
    max_seconds: float = 120.0             # the reading child's wall time

    def describe(self) -> str:
        return (f"1ファイル {megabytes(self.max_file_bytes)} MB まで、データ {self.max_rows:,} 行まで、"
                f"{self.max_columns:,} 列まで、CSV の1行 {megabytes(self.max_line_bytes)} MB まで、"
                f"ブックの展開後 {megabytes(self.max_inflated_bytes)} MB まで、"
                f"確認に使うメモリ {self.memory_text()}・時間 {self.max_seconds:,g} 秒まで")

    def memory_text(self) -> str:
        return f"{megabytes(self.max_memory_bytes // 1_000)} GB"

    def as_dict(self) -> dict:
        return asdict(self)


def megabytes(size: int) -> str:
    """A size in bytes as the MB figure a page states: 1_500_000 -> 1.5."""
    # to the kilobyte, never rounded up: a limit of 1.5 MB said as 「2 MB」 would invite a file it refuses
    return f"{size // 1_000 / 1_000:,.3f}".rstrip("0").rstrip(".")


def from_environment() -> Limits:
    """The limits the environment sets now (read again by each child and each test that asks)."""
    return Limits(
        max_file_bytes=int(_env("PLANS_MAX_FILE_MB", 50) * 1_000_000),
        max_rows=int(_env("PLANS_MAX_ROWS", 1_000_000)),
        max_inflated_bytes=int(_env("PLANS_MAX_INFLATED_MB", 200) * 1_000_000),
        max_zip_entries=int(_env("PLANS_MAX_ZIP_ENTRIES", 10_000)),
        max_columns=int(_env("PLANS_MAX_COLUMNS", 1_000)),
        max_line_bytes=int(_env("PLANS_MAX_LINE_MB", 1) * 1_000_000),
        max_memory_bytes=int(_env("PLANS_MAX_MEMORY_MB", 1_500) * 1_000_000),
        max_seconds=_env("PLANS_MAX_SECONDS", 120),
    )


LIMITS = from_environment()
