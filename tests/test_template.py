"""The download template (dashboard/template.py, issue #16): Japanese headers the importer maps
back to their fields, and one example row per sheet that is never imported."""
from __future__ import annotations

import io

import openpyxl

from dashboard import template
from loaders import importer
from loaders.layouts import Context
from loaders.tables import TABLES, header_map


def _book():
    return openpyxl.load_workbook(io.BytesIO(template.workbook_bytes()))


def test_every_header_is_japanese_and_maps_back_to_its_field():
    book = _book()
    for table, title in template.SHEETS.items():
        headers = [c.value for c in book[title][1]]
        assert all(not h.isascii() for h in headers), (title, headers)
        mapping, unknown = header_map(table, headers)
        assert unknown == []
        assert [mapping[h] for h in headers] == [f.name for f in TABLES[table]], title
    assert [c.value for c in book["成果指標"][1]][:9] == ["市名", "計画", "年度", "期間", "政策分野", "分類", "取組",
                                                      "担当課", "指標"]


def test_each_sheet_has_one_example_row_marked_as_such():
    book = _book()
    for title in template.SHEETS.values():
        rows = list(book[title].iter_rows(values_only=True))
        assert len(rows) == 2 and rows[1][0] == "記入例", title
        assert sum(v is not None for v in rows[1]) >= 5, title   # an example, not a blank row


def test_an_untouched_template_imports_nothing_and_says_why(live):
    preview = importer.prepare(template.workbook_bytes(), "取込テンプレート.xlsx", live, Context())
    assert not preview.ok and not preview.rows
    assert [e.message for e in preview.errors] == [
        "「記入例」の行のほかに読み込める行がありません。記入例の下の行に書いてから読み込んでください。"]
    assert [w for w in preview.warnings if "記入例" in w] == [
        f"シート「{title}」の2行目は「記入例」の行のため読み込みません。" for title in template.SHEETS.values()]


def _filled(rows_by_sheet: dict[str, list[list]]) -> bytes:
    book = _book()
    for title, rows in rows_by_sheet.items():
        for row in rows:
            book[title].append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_filled_template_imports_exactly_the_rows_written(live):
    kpi = [["厚木市", "テンプレート計画", "R5", None, "１ 強い組織をつくる", "１-(１)-ア", "職員研修", "行政経営課",
            "受講者数", "人", "higher", "100人", "120人", "〇", None, "テスト"],
           ["厚木市", "テンプレート計画", "R6", None, "１ 強い組織をつくる", "１-(１)-ア", "職員研修", "行政経営課",
            "受講者数", "人", "higher", "100人", "90人", "×", None, "テスト"]]
    preview = importer.prepare(_filled({"成果指標": kpi}), "記入済み.xlsx", live, Context())
    assert preview.ok, [str(e) for e in preview.errors]
    assert preview.row_counts() == {"kpi": 2, "plans": 1}
    rows = preview.rows["kpi"]
    assert rows["city"].tolist() == ["厚木市", "厚木市"] and "記入例" not in set(rows["city"])
    assert rows["actual_value"].tolist() == [120, 90] and rows["mark_key"].tolist() == ["〇", "×"]
    batch = importer.commit(preview, live)
    assert importer.history(live).iloc[0]["batch_id"] == batch


def test_an_error_under_the_example_row_names_its_own_row(live):
    kpi = [["厚木市", "テンプレート計画", "R5", None, None, None, None, None, "受講者数", "人", "sideways", "100人",
            "120人", "〇", None, "テスト"]]
    preview = importer.prepare(_filled({"成果指標": kpi}), "記入済み.xlsx", live, Context())
    # row 3, as the spreadsheet numbers it: the blanked example row keeps every row in its place
    assert [(e.sheet, e.row, e.column[:1]) for e in preview.errors][:1] == [("成果指標", 3, "K")]
