"""Upload limits, set in one place and shown on the upload page.

Each can be changed with an environment variable of the same name in capitals
(e.g. PLANS_MAX_FILE_MB=100).
"""
from __future__ import annotations

import os
from dataclasses import dataclass


def _env(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int
    max_rows: int
    max_inflated_bytes: int
    max_zip_entries: int = 10_000

    def describe(self) -> str:
        return (f"1ファイル {self.max_file_bytes / 1e6:,.0f} MB まで、{self.max_rows:,} 行まで、"
                f"ブックの展開後 {self.max_inflated_bytes / 1e6:,.0f} MB まで")


LIMITS = Limits(
    max_file_bytes=int(_env("PLANS_MAX_FILE_MB", 50) * 1_000_000),
    max_rows=int(_env("PLANS_MAX_ROWS", 1_000_000)),
    max_inflated_bytes=int(_env("PLANS_MAX_INFLATED_MB", 200) * 1_000_000),
)
