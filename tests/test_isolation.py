"""No upload can stop or stall the server: reading runs in a child process with memory and time
limits, and a child that dies becomes one Japanese error naming the file and the limit (issue #12).
"""
from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
import zipfile

import openpyxl

from loaders import guard, importer
from loaders.layouts import Context
from tests.conftest import ROOT


def small_workbook() -> bytes:
    wb = openpyxl.Workbook()
    for r in range(4):
        wb.active.append(list(range(7)))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def far_cell_workbook() -> bytes:
    """A1:G4 plus one cell at XFD1048576: 2 KB that make calamine allocate about 512 GB."""
    src = zipfile.ZipFile(io.BytesIO(small_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"</sheetData>",
                                          b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
            z.writestr(info, content)
    return out.getvalue()


def refused(live, data, name, limits=None, **context):
    before = live.read_bytes()
    preview = importer.prepare(data, name, live, Context(**context), limits=limits)
    assert not preview.ok
    assert live.read_bytes() == before
    return preview


def test_a_far_cell_is_refused_by_its_real_extent_before_calamine_sees_it(live):
    [error] = refused(live, far_cell_workbook(), "far.xlsx").errors
    assert (error.code, error.sheet, error.row, error.column) == ("sheet-extent", "Sheet", 1_048_576, "XFD")
    assert "XFD1048576" in str(error) and "far.xlsx" in str(error)


def test_calamine_aborting_in_the_child_is_one_error_naming_the_memory_limit(live):
    # Limits wide enough for the guard to let the sheet through: calamine then aborts (SIGABRT)
    # on its 512 GB allocation, in the child, and this process goes on.
    wide = dataclasses.replace(guard.LIMITS, max_columns=20_000, max_rows=2_000_000)
    [error] = refused(live, far_cell_workbook(), "far.xlsx", limits=wide).errors
    assert error.code == "limit-memory"
    assert error.file == "far.xlsx" and "1.5 GB" in error.message


def test_a_child_past_its_time_limit_is_killed_and_named(live):
    quick = dataclasses.replace(guard.LIMITS, max_seconds=0.01)
    [error] = refused(live, small_workbook(), "slow.xlsx", limits=quick).errors
    assert error.code == "limit-time" and "時間の上限" in str(error) and "slow.xlsx" in str(error)


def test_a_child_that_cannot_even_start_in_its_memory_is_named(live):
    tiny = dataclasses.replace(guard.LIMITS, max_memory_bytes=60_000_000)
    [error] = refused(live, small_workbook(), "tiny.xlsx", limits=tiny).errors
    assert error.code == "limit-memory" and "上限 0.06 GB に達した" in error.message   # 60 MB, never rounded up to 0.1 GB


def test_the_parent_never_imports_calamine_to_read_an_upload(live):
    # calamine's abort kills the process that calls it: the server must not be that process.
    code = ("import sys; from loaders import importer; from loaders.layouts import Context;"
            f"p = importer.prepare(open(sys.argv[1], 'rb').read(), 'a.xlsx', sys.argv[2], Context());"
            "print(p.ok, 'python_calamine' in sys.modules)")
    path = live.parent / "a.xlsx"
    path.write_bytes(small_workbook())
    done = subprocess.run([sys.executable, "-c", code, str(path), str(live)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.stdout.split()[-1] == "False", done.stderr


def test_progress_comes_from_the_child(live):
    seen = []
    importer.prepare(small_workbook(), "p.xlsx", live, Context(), progress=lambda share, text: seen.append(text))
    assert "ファイルの形式を確認しています" in seen and any("シート「Sheet」" in t for t in seen)


def test_cli_goes_through_the_child_and_exits_1_not_134(live, tmp_path):
    path = tmp_path / "far.xlsx"
    path.write_bytes(far_cell_workbook())
    env = {**os.environ, "PLANS_MAX_COLUMNS": "20000", "PLANS_MAX_ROWS": "2000000"}
    before = live.read_bytes()
    done = subprocess.run([sys.executable, "-m", "loaders", "import", str(path), "--db", str(live)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 1, done.stderr
    assert "far.xlsx" in done.stderr and "メモリが上限 1.5 GB" in done.stderr
    assert "Traceback" not in done.stderr and "memory allocation" not in done.stderr
    assert live.read_bytes() == before
