"""`loaders rebuild` after an analyst's upload: what the upload loaded and what it replaced survive."""
from __future__ import annotations

import duckdb

from loaders import importer, seed, store
from loaders.layouts import Context
from tests.test_importer import EFFECT_ROWS, xlsx

PLAN = "行革推進プラン"            # 001: the plan whose document names no city
PLAN_TIME = "計画策定時"
REVISED = "後期アクションプラン策定時"


def _read(path, sql: str, *params) -> list[tuple]:
    con = store.connect_reader(path)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _rows(path, view):
    return _read(path, f"select * from {view} order by all")


def _by_estimate(path):
    return _read(path, "select estimate, count(*), sum(amount_thousand_yen) from v_effect_amounts"
                       " where plan = ? group by estimate order by estimate", PLAN)


def test_a_rebuild_after_importing_one_estimate_keeps_every_row_of_every_estimate(live):
    # Replace only the revised estimate (R4 of Ⅰ 業務マネジメント改革 14,358 → 0, totals to match).
    rows = [r[:] for r in EFFECT_ROWS]
    rows[3][1], rows[3][7], rows[6][1], rows[6][7] = 0, 339555, -30031, 2597242
    rows[3][8], rows[6][8] = -191326 - 14358, -62493 - 14358  # 比較 against the plan-time estimate, as printed
    preview = importer.prepare(xlsx(rows), "e.xlsx", live, Context(plan=PLAN, estimate=REVISED))
    assert preview.ok, [str(e) for e in preview.errors]
    importer.commit(preview, live)
    # 001, 計画策定時点 合計額 (R4~R9) 2,674,093 as printed; the revised estimate as imported.
    expected = [(REVISED, 18, 2_611_600 - 14_358), (PLAN_TIME, 18, 2_674_093)]
    assert _by_estimate(live) == expected
    before = {view: _rows(live, view) for view in ("v_effect_amounts", "v_effect_printed_totals", "v_kpi", "v_plans")}

    seed.rebuild(live)

    assert _by_estimate(live) == expected
    assert {view: _rows(live, view) for view in before} == before


def test_a_table_the_previous_file_lacks_does_not_stop_the_later_tables_being_carried_over(live):
    # A file written before a table was added to the schema (issue #15): here it lacks kpi, which
    # comes before effect_amounts; the analyst's effect rows must still be carried over.
    rows = [r[:] for r in EFFECT_ROWS]
    rows[3][1], rows[3][7], rows[6][1], rows[6][7] = 0, 339555, -30031, 2597242
    rows[3][8], rows[6][8] = -191326 - 14358, -62493 - 14358
    importer.commit(importer.prepare(xlsx(rows), "e.xlsx", live, Context(plan=PLAN, estimate=REVISED)), live)
    con = duckdb.connect(str(live))
    try:
        con.execute("drop table kpi cascade")
    finally:
        con.close()

    seed.rebuild(live)

    assert _by_estimate(live) == [(REVISED, 18, 2_611_600 - 14_358), (PLAN_TIME, 18, 2_674_093)]


def test_a_rebuild_after_an_import_undone_and_made_again_keeps_the_last_import(live):
    # Batch 2 replaces the revised estimate, batch 3 undoes it, batch 4 loads it again: the rebuild
    # replays each batch on the seed's rows only, so batch 2's replay never retires batch 4's rows.
    rows = [r[:] for r in EFFECT_ROWS]
    rows[3][1], rows[3][7], rows[6][1], rows[6][7] = 0, 339555, -30031, 2597242
    rows[3][8], rows[6][8] = -191326 - 14358, -62493 - 14358
    first = importer.commit(importer.prepare(xlsx(rows), "e.xlsx", live, Context(plan=PLAN, estimate=REVISED)), live)
    importer.restore(live, first)
    importer.commit(importer.prepare(xlsx(rows), "e2.xlsx", live, Context(plan=PLAN, estimate=REVISED)), live)
    expected = [(REVISED, 18, 2_611_600 - 14_358), (PLAN_TIME, 18, 2_674_093)]
    assert _by_estimate(live) == expected

    seed.rebuild(live)

    assert _by_estimate(live) == expected


def _series(path, city, indicator):
    return _read(path, "select fiscal_year, value, value_printed from v_series where city = ? and indicator = ?"
                       " order by fiscal_year", city, indicator)


BUDGET = "予算（特別会計含む）"   # 002: 平成23年度 約1,273億円, 令和３年度 約1,522億円 (厚木市)


def test_a_rebuild_after_an_import_undone_keeps_the_seeds_rows(live):
    # Batch 2 replaces 厚木市's budget series, batch 3 undoes it: after a rebuild the seed's two
    # years are back, and nothing of batch 2 shows.
    csv = f"市名,指標,年度,値,出典\n厚木市,{BUDGET},R3,1600億円,試験\n".encode()
    seeded = [(2011, 1273.0, "約1,273億円"), (2021, 1522.0, "約1,522億円")]
    assert _series(live, "厚木市", BUDGET) == seeded
    first = importer.commit(importer.prepare(csv, "budget.csv", live), live)
    assert _series(live, "厚木市", BUDGET) == [(2021, 1600.0, "1600億円")]
    importer.restore(live, first)
    assert _series(live, "厚木市", BUDGET) == seeded

    seed.rebuild(live)

    assert _series(live, "厚木市", BUDGET) == seeded


def test_a_rebuild_keeps_a_named_citys_import_in_place_of_the_seed(live):
    # the scope replaced is the city's (厚木市), not one without a city: the seed's rows stay retired
    csv = f"市名,指標,年度,値,出典\n厚木市,{BUDGET},R3,1600億円,試験\n".encode()
    importer.commit(importer.prepare(csv, "budget.csv", live), live)

    seed.rebuild(live)

    assert _series(live, "厚木市", BUDGET) == [(2021, 1600.0, "1600億円")]


def _themes(path, plan, area):
    return _read(path, "select theme from themes where retired_by is null and plan = ? and policy_area = ?"
                       " and initiative is null", plan, area)


def test_a_rebuild_after_a_theme_change_undone_keeps_the_pillars_own_theme(live):
    # 綾瀬市 第2期 「2 組織の改革」 is 人材・組織 in data/themes.csv; changed on 都市比較, then undone
    plan, area = "第2期あやせ集中改革プラン（H22～H24）", "2 組織の改革"
    batch = importer.change_themes(live, {("綾瀬市", plan, area, None): "財政・財源"})
    importer.restore(live, batch)

    seed.rebuild(live)

    assert _themes(live, plan, area) == [("人材・組織",)]


def test_a_rebuild_after_a_theme_change_keeps_the_change(live):
    plan, area = "第2期あやせ集中改革プラン（H22～H24）", "2 組織の改革"
    importer.change_themes(live, {("綾瀬市", plan, area, None): "財政・財源"})

    seed.rebuild(live)

    assert _themes(live, plan, area) == [("財政・財源",)]
