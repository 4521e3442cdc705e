"""The formats analysts have (issue #12): .xls (OLE2), .xlsb and .ods read through calamine with the
same rules as .xlsx: hidden sheets skipped with a 注意, chart sheets left out, a password-protected
workbook refused. Fixtures: python-calamine's own test workbooks (tests/fixtures/calamine, MIT)."""
from __future__ import annotations

from pathlib import Path

import pytest

from loaders import guard, importer, readers
from loaders.layouts import Context

FIXTURES = Path(__file__).parent / "fixtures" / "calamine"


@pytest.mark.parametrize("name, kind", [("base.xls", "xls"), ("base.xlsb", "xlsb"), ("base.ods", "ods")])
def test_each_format_reads_to_cells(name, kind):
    data = (FIXTURES / name).read_bytes()
    assert guard.kind_of(data, name) == kind
    cells = readers.read(data, name, kind)
    assert list(cells.grids)[0] == "Sheet1"
    assert [str(v) for v in cells.grids["Sheet1"].iloc[1, :3]] == ["String", "1", "1.1"]
    assert not cells.errors


@pytest.mark.parametrize("name", ["any_sheets.xls", "any_sheets.xlsb", "any_sheets.ods"])
def test_hidden_sheets_of_every_format_are_skipped_and_named(name):
    data = (FIXTURES / name).read_bytes()
    kind = guard.kind_of(data, name)
    cells = readers.read(data, name, kind)
    assert "Hidden" not in cells.grids and "VeryHidden" not in cells.grids and "Visible" in cells.grids
    assert any("「Hidden」" in w and "「VeryHidden」" in w for w in cells.warnings)
    asked = readers.read(data, name, kind, include_hidden=True)
    assert {"Visible", "Hidden", "VeryHidden"} <= set(asked.grids)


@pytest.mark.parametrize("name", ["password.xls", "password.xlsb", "password.ods", "password.xlsx"])
def test_a_password_protected_workbook_of_every_format_is_refused_as_such(name):
    [error] = importer.read_file((FIXTURES / name).read_bytes(), name).errors
    assert error.code == "password" and "パスワード" in error.message


def test_an_xls_goes_through_the_child_like_any_upload(live):
    before = live.read_bytes()
    preview = importer.prepare((FIXTURES / "base.xls").read_bytes(), "base.xls", live, Context())
    assert preview.kind == "xls" and not preview.ok  # not a plan table: refused, located
    assert all(e.file == "base.xls" for e in preview.errors)
    assert live.read_bytes() == before


def test_an_xlsx_named_xls_is_refused_by_its_bytes():
    data = (FIXTURES / "base.xlsb").read_bytes()
    with pytest.raises(guard.RejectedFile) as refused:
        guard.kind_of(data, "base.xls")
    assert refused.value.code == "extension-mismatch"
