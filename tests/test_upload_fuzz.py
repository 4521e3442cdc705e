"""No input ever shows a traceback (issue #12): random bytes, truncated and mutated workbooks and
mutated CSVs. Each ends as rows read or as Japanese errors naming the file, never an exception,
and the database is never touched.

The many examples run `importer.read_file`, the body of the isolated child, in this process (a
child per example costs seconds on a loaded machine); a few run the whole `prepare`, child and
database included, and through the CLI.
"""
from __future__ import annotations

import io
import logging
import os
import re
import subprocess
import sys

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders import importer, layouts
from loaders.layouts import Context
from tests.conftest import ROOT

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
FUZZ = settings(max_examples=60, deadline=None)
WHOLE = settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def good_workbook() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "成果指標"
    for row in (["市名", "計画", "年度", "指標", "目標", "実績"], ["厚木市", "P", "R5", "指標A", "1件", "2件"],
                ["厚木市", "P", "R6", "指標A", "3件", "4件"]):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD_XLSX = good_workbook()
GOOD_CSV = "市名,計画,年度,指標,目標,実績\n厚木市,P,R5,指標A,1件,2件\n厚木市,P,R6,指標A,3件,4件\n".encode()


def judged(preview: importer.Preview, name: str) -> importer.Preview:
    if preview.ok:
        assert preview.rows
    else:
        for error in preview.errors:
            text = str(error)
            assert error.file == name and error.code
            assert JAPANESE.search(error.message), text
            assert "Traceback" not in text and 'File "' not in text
    return preview


def outcome(data: bytes, name: str) -> importer.Preview:
    return judged(importer.read_file(data, name), name)


NAMES = st.sampled_from(["x.csv", "x.xlsx", "x.xls", "x.ods", "x.xlsb"])


@FUZZ
@given(st.binary(min_size=1, max_size=4096), NAMES)
def test_random_bytes(data, name):
    outcome(data, name)


@WHOLE
@given(st.binary(min_size=1, max_size=4096), NAMES)
def test_random_bytes_through_prepare_leave_the_database_as_it_was(live, data, name):
    before = live.read_bytes()
    judged(importer.prepare(data, name, live, Context()), name)
    assert live.read_bytes() == before


@FUZZ
@given(st.integers(1, len(GOOD_XLSX) - 1))
def test_truncated_workbooks(length):
    assert not outcome(GOOD_XLSX[:length], "cut.xlsx").ok


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(GOOD_XLSX) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_mutated_workbooks(changes):
    data = bytearray(GOOD_XLSX)
    for at, value in changes:
        data[at] = value
    preview = outcome(bytes(data), "mutated.xlsx")
    if preview.ok:
        # A byte changed where it does not matter (a timestamp, a comment): every part's CRC-32 is
        # checked on inflating, so a workbook that still reads says what it said, to the cell.
        kpi = preview.rows["kpi"]
        assert kpi[["target_printed", "actual_printed"]].values.tolist() == [["1件", "2件"], ["3件", "4件"]]


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(GOOD_CSV) - 1),
                          st.sampled_from([b"\r", b"\n", b'"', b",", b"\x00", b"\xff", b"\x81", b"\xe3", b"", b"1"])),
                min_size=1, max_size=6))
def test_mutated_csvs(changes):
    data = bytearray(GOOD_CSV)
    for at, value in changes:
        at = min(at, len(data) - 1)
        data[at:at + 1] = value
    preview = outcome(bytes(data), "mutated.csv")
    if preview.ok:
        text = bytes(data).decode(preview.encoding or "utf-8", "replace")
        for printed in preview.rows["kpi"].target_printed.dropna():  # a blank target is no value
            assert printed in text  # every value read is one the file says


def test_a_field_moved_past_the_headings_is_named_not_dropped():
    data = GOOD_CSV.replace("指標A,1件".encode(), "指標,,1件".encode(), 1)  # the CI's falsifying example
    preview = outcome(data, "mutated.csv")
    assert [(e.row, e.column, e.text) for e in preview.errors] == [(2, "G", "2件")]


def test_random_bytes_through_the_cli_exit_1_with_japanese(live, tmp_path):
    path = tmp_path / "noise.xlsx"
    path.write_bytes(b"PK\x03\x04" + os.urandom(3000))
    done = subprocess.run([sys.executable, "-m", "loaders", "import", str(path), "--db", str(live)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and JAPANESE.search(done.stderr) and "Traceback" not in done.stderr


def test_an_unexpected_failure_is_an_internal_error_and_a_log_line(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug in a layout")

    monkeypatch.setattr(layouts, "read_sheet", broken)
    with caplog.at_level(logging.ERROR, logger="loaders.importer"):
        preview = importer.read_file(GOOD_CSV, "bug.csv")
    [error] = preview.errors
    assert (error.code, error.file) == ("internal", "bug.csv") and "予期しない" in error.message
    assert "a bug in a layout" not in str(error)
    assert "RuntimeError: a bug in a layout" in caplog.text


def test_a_failure_comparing_with_the_database_is_an_internal_error(live, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise TypeError("boolean value of NA is ambiguous")

    monkeypatch.setattr(importer, "_diff", broken)
    with caplog.at_level(logging.ERROR, logger="loaders.importer"):
        preview = importer.prepare(GOOD_CSV, "diff.csv", live, Context())
    assert [e.code for e in preview.errors] == ["internal"]
    assert "boolean value of NA" in caplog.text


def test_a_memory_error_in_the_reader_names_the_memory_limit(monkeypatch):
    def hungry(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(layouts, "read_sheet", hungry)
    [error] = importer.read_file(GOOD_CSV, "big.csv").errors
    assert error.code == "limit-memory" and "1.5 GB" in error.message
