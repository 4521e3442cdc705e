"""An import that only changes values of rows it keeps derives just those rows again (issue #18),
and leaves kpi_current as a whole derivation would."""
from __future__ import annotations

import pytest

from loaders import importer, store
from loaders.layouts import Context

HEADER = "市名,計画,年度,政策分野,取組番号,成果指標,単位,方向,目標値,実績値,達成状況,出典\n"
ROWS = (
    "厚木市,試験計画,R4,効率的な行政運営,1-(1),電子申請の利用率,%,高いほど良い,50%,40%,×,試験.csv 2行目",
    "厚木市,試験計画,R5,効率的な行政運営,1-(1),電子申請の利用率,%,高いほど良い,60%,55%,×,試験.csv 3行目",
    "厚木市,試験計画,R4,健全な財政運営,2-(1),経常収支比率,%,低いほど良い,95%,96%,×,試験.csv 4行目",
    "綾瀬市,試験計画,R4,効率的な行政運営,1-(1),窓口の待ち時間,分,低いほど良い,10分,12分,×,試験.csv 5行目",
)


def _csv(rows) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode("utf-8")


@pytest.fixture
def loaded(seed_db, tmp_path):
    path = tmp_path / "plans.duckdb"
    path.write_bytes(seed_db.read_bytes())
    importer.commit(importer.prepare(_csv(ROWS), "試験.csv", path, Context()), path)
    return path


@pytest.fixture
def derived(monkeypatch):
    """Which cities each commit derived in place and which whole."""
    seen = {"in_place": set(), "whole": set()}
    update, reordered = store._update_in_place, store._cities_reordered

    def spy_update(con, batch, cities):
        seen["in_place"] |= set(cities)
        return update(con, batch, cities)

    def spy_reordered(con, batch):
        moved = reordered(con, batch)
        seen["whole"] |= moved
        return moved

    monkeypatch.setattr(store, "_update_in_place", spy_update)
    monkeypatch.setattr(store, "_cities_reordered", spy_reordered)
    return seen


def _current(path, sql, params=()):
    con = store.connect_reader(path)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _assert_current_is_derived_whole(path):
    # kpi_current and every summary of it (the judgement counts 概要 and KPI推移 read) as a whole
    # derivation would write them
    for table, view in (("kpi_current", "kpi_derived"), *((t, v) for t, v, _ in store.SUMMARIES)):
        for a, b in ((table, view), (view, table)):
            assert _current(path, f"select count(*) from (from {a} except all from {b})") == [(0,)], (a, b)


def test_a_revised_actual_is_derived_again_in_place(loaded, derived):
    revised = list(ROWS)
    revised[1] = revised[1].replace("55%,×", "62%,〇")
    importer.commit(importer.prepare(_csv(revised), "試験.csv", loaded, Context()), loaded)
    assert derived["in_place"] == {"厚木市", "綾瀬市"} and derived["whole"] == set()
    status, ratio, actual = _current(loaded, "select status, ratio, actual_printed from v_kpi where city = '厚木市' "
                                             "and plan = '試験計画' and fiscal_year = 2023")[0]
    assert (status, actual) == ("achieved", "62%") and ratio == pytest.approx(62 / 60)
    _assert_current_is_derived_whole(loaded)


def test_a_city_whose_rows_move_or_change_in_number_is_derived_whole(loaded, derived):
    moved = list(ROWS)
    moved[2] = moved[2].replace("健全な財政運営,2-(1)", "効率的な行政運営,1-(2)")   # another area: another order
    moved.append("綾瀬市,試験計画,R5,効率的な行政運営,1-(1),窓口の待ち時間,分,低いほど良い,10分,9分,〇,試験.csv 6行目")
    importer.commit(importer.prepare(_csv(moved), "試験.csv", loaded, Context()), loaded)
    assert derived["whole"] == {"厚木市", "綾瀬市"} and derived["in_place"] == set()
    _assert_current_is_derived_whole(loaded)


def test_a_row_whose_source_changes_is_derived_whole(loaded, derived):
    renamed = [row.replace("試験.csv", "試験2.csv") if row.startswith("綾瀬市") else row for row in ROWS]
    importer.commit(importer.prepare(_csv(renamed), "試験2.csv", loaded, Context()), loaded)
    assert derived["whole"] == {"綾瀬市"} and derived["in_place"] == {"厚木市"}
    assert _current(loaded, "select document from v_kpi where city = '綾瀬市' and plan = '試験計画'") == [("試験2.csv",)]
    _assert_current_is_derived_whole(loaded)


def test_a_city_with_a_row_removed_is_derived_whole(loaded, derived):
    importer.commit(importer.prepare(_csv([ROWS[0], *ROWS[2:]]), "試験.csv", loaded, Context()), loaded)
    assert derived["whole"] == {"厚木市"} and derived["in_place"] == {"綾瀬市"}
    assert _current(loaded, "select count(*) from v_kpi where city = '厚木市' and plan = '試験計画'") == [(2,)]
    _assert_current_is_derived_whole(loaded)


def test_cities_derived_again_without_a_batch_are_derived_whole(loaded):
    # refresh_derived(cities) without a batch (a writer that changed those cities' rows some other
    # way): their kpi_current rows are derived whole, not only the summaries
    with store.write(loaded, derive=False) as con:
        con.execute("update kpi set actual_printed = '9分', actual_value = 9 "
                    "where city = '綾瀬市' and plan = '試験計画' and retired_by is null")
        store.refresh_derived(con, ["綾瀬市"])
    assert _current(loaded, "select actual_printed, actual_value from v_kpi where city = '綾瀬市' and plan = '試験計画'") == [
        ("9分", 9.0)]
    _assert_current_is_derived_whole(loaded)
