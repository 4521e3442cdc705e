"""Upload limits: the defaults the upload page states, each one set by its environment variable,
and the sentence the page shows, to the character (mutation testing of loaders.limits)."""
from __future__ import annotations

import pytest

from loaders import limits

DEFAULTS = limits.Limits(
    max_file_bytes=50_000_000, max_rows=1_000_000, max_inflated_bytes=200_000_000, max_zip_entries=10_000,
    max_columns=1_000, max_line_bytes=1_000_000, max_memory_bytes=1_500_000_000, max_seconds=120.0,
)

# (variable, value set, field, value read)
SETTINGS = [
    pytest.param("PLANS_MAX_FILE_MB", "100", "max_file_bytes", 100_000_000, id="file-mb"),
    pytest.param("PLANS_MAX_FILE_MB", "0.5", "max_file_bytes", 500_000, id="file-mb-fraction"),
    pytest.param("PLANS_MAX_ROWS", "2500", "max_rows", 2_500, id="rows"),
    pytest.param("PLANS_MAX_INFLATED_MB", "300", "max_inflated_bytes", 300_000_000, id="inflated-mb"),
    pytest.param("PLANS_MAX_ZIP_ENTRIES", "12", "max_zip_entries", 12, id="zip-entries"),
    pytest.param("PLANS_MAX_COLUMNS", "40", "max_columns", 40, id="columns"),
    pytest.param("PLANS_MAX_LINE_MB", "2", "max_line_bytes", 2_000_000, id="line-mb"),
    pytest.param("PLANS_MAX_MEMORY_MB", "800", "max_memory_bytes", 800_000_000, id="memory-mb"),
    pytest.param("PLANS_MAX_SECONDS", "7.5", "max_seconds", 7.5, id="seconds"),
]


@pytest.fixture
def clean_environment(monkeypatch):
    for name, *_ in (p.values for p in SETTINGS):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_defaults_are_the_limits_the_page_states(clean_environment):
    assert limits.from_environment() == DEFAULTS


@pytest.mark.parametrize("variable, value, field, expected", SETTINGS)
def test_each_limit_is_set_by_its_own_variable_alone(clean_environment, variable, value, field, expected):
    clean_environment.setenv(variable, value)
    read = limits.from_environment()
    assert getattr(read, field) == expected and type(getattr(read, field)) is type(expected)
    assert {k: v for k, v in read.as_dict().items() if k != field} == {
        k: v for k, v in DEFAULTS.as_dict().items() if k != field}


def test_the_page_says_every_limit_in_japanese():
    assert DEFAULTS.describe() == (
        "1ファイル 50 MB まで、データ 1,000,000 行まで、1,000 列まで、CSV の1行 1 MB まで、"
        "ブックの展開後 200 MB まで、確認に使うメモリ 1.5 GB・時間 120 秒まで")


def test_a_dataclass_default_is_the_environment_default():
    # A Limits built in code (tests, the benchmark) without the optional fields reads as the page says
    built = limits.Limits(max_file_bytes=1, max_rows=2, max_inflated_bytes=3)
    assert (built.max_zip_entries, built.max_columns, built.max_line_bytes, built.max_memory_bytes,
            built.max_seconds) == (10_000, 1_000, 1_000_000, 1_500_000_000, 120.0)
    assert built.memory_text() == "1.5 GB"


@pytest.mark.parametrize("size, said", [
    (50_000_000, "50"), (200_000_000, "200"), (1_000_000_000, "1,000"),
    (1_500_000, "1.5"),        # not 「2」: a file of 1.8 MB would be refused under a limit said as 2 MB
    (250_000, "0.25"), (1_234_567, "1.234"),   # to the kilobyte, rounded down
    (1_999_999, "1.999"),
])
def test_a_size_is_said_to_the_kilobyte_never_rounded_up(size, said):
    assert limits.megabytes(size) == said


def test_limits_set_in_fractions_are_said_as_set(clean_environment):
    for variable, value in (("PLANS_MAX_FILE_MB", "1.5"), ("PLANS_MAX_LINE_MB", "0.5"),
                            ("PLANS_MAX_INFLATED_MB", "2.5"), ("PLANS_MAX_MEMORY_MB", "1250"),
                            ("PLANS_MAX_SECONDS", "7.5")):
        clean_environment.setenv(variable, value)
    assert limits.from_environment().describe() == (
        "1ファイル 1.5 MB まで、データ 1,000,000 行まで、1,000 列まで、CSV の1行 0.5 MB まで、"
        "ブックの展開後 2.5 MB まで、確認に使うメモリ 1.25 GB・時間 7.5 秒まで")
