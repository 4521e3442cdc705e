"""Batch bookkeeping, case by case (mutation testing of loaders.batches): what a batch records,
and the restores it refuses. Replacing and undoing scopes across a rebuild: tests/test_rebuild.py."""
from __future__ import annotations

import json

import pytest

from loaders import batches, importer, store
from loaders.layouts import Context
from tests.test_importer import EFFECT_ROWS, xlsx


def _batches(path):
    con = store.connect_reader(path)
    try:
        return con.execute("select batch_id, kind, file_name, size_bytes, sheets, row_counts, scopes, restores, note"
                           " from batches order by batch_id").fetchall()
    finally:
        con.close()


def test_an_import_records_its_file_sheets_rows_and_scopes_in_readable_japanese(live):
    data = xlsx(EFFECT_ROWS, sheet="効果額")
    preview = importer.prepare(data, "効果額.xlsx", live, Context(plan="行革推進プラン", estimate="後期アクションプラン策定時"))
    assert preview.ok, [str(e) for e in preview.errors]
    batch = importer.commit(preview, live)
    (_, kind, file_name, size, sheets, counts, scopes, restores, note) = _batches(live)[-1]
    assert (batch, kind, file_name, size, restores, note) == (2, "import", "効果額.xlsx", len(data), None, None)
    # the JSON as written, not \\u escapes: a person reading the table (or an export of it) reads 効果額
    assert sheets == '["効果額"]'
    assert json.loads(counts) == preview.row_counts() and "\\u" not in counts
    assert json.loads(scopes) == [list(s) for s in preview.scopes]
    assert "後期アクションプラン策定時" in scopes


def test_the_seed_and_a_batch_that_does_not_exist_cannot_be_restored(live):
    before = _batches(live)
    for batch in (1, 9):
        with pytest.raises(ValueError) as refused:
            importer.restore(live, batch)
        assert str(refused.value) == f"バッチ {batch} は取込のバッチではありません。履歴の番号を確認してください。"
    assert _batches(live) == before


def test_a_restore_is_recorded_as_a_batch_of_its_own(live):
    csv = "市名,指標,年度,値,出典\n厚木市,窓口件数,R5,120件,試験\n".encode()
    first = importer.commit(importer.prepare(csv, "a.csv", live), live)
    assert importer.restore(live, first) == 3
    assert _batches(live)[-1] == (3, "restore", None, None, None, None, None, 2, "バッチ 2 より前の状態に戻す")


def test_a_table_that_is_not_a_fact_table_has_no_scope():
    with pytest.raises(ValueError, match="^unknown table themes$"):
        batches._spec("themes")
