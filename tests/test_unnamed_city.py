"""KPI rows of a plan whose document names no city (市名記載なし): an upload reaches v_kpi and the
pages, and the rows it replaces leave them."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from loaders import importer, store
from loaders.layouts import Context
from tests.conftest import ROOT

# 001 行革推進プラン has no city; the seed holds two of its indicators (人件費の適正化 and
# 財政調整2基金残高の標準財政規模に対する割合). This file, with no 市名 column, replaces both.
UPLOAD = ("計画,年度,期間,成果指標,目標,実績,方向,達成,出典\n"
          "行革推進プラン,,前期アクションプラン期間,人件費の適正化,33.3%以下,34.1%,低いほど良い,,試験A\n"
          "行革推進プラン,R6,,市民満足度,70%以上,72%,高いほど良い,〇,試験B\n").encode("utf-8")


def _commit(live):
    preview = importer.prepare(UPLOAD, "k.csv", live, Context())
    assert preview.ok, [str(e) for e in preview.errors]
    assert preview.scopes == [("kpi", None, "行革推進プラン", None)]
    importer.commit(preview, live)


def _query(path, sql):
    con = store.connect_reader(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_kpi_rows_without_a_city_reach_v_kpi_and_replace_the_old_ones(live):
    _commit(live)
    assert _query(live, "select city, indicator, fiscal_year, target_value, actual_value, mark, status, source"
                        " from v_kpi where plan = '行革推進プラン' order by indicator") == [
        (None, "人件費の適正化", None, 33.3, 34.1, None, "not_judged", "試験A"),
        (None, "市民満足度", 2024, 70.0, 72.0, "〇", "achieved", "試験B"),
    ]
    # What the partial re-derive left equals a whole one.
    for a, b in (("kpi_current", "kpi_derived"), ("kpi_derived", "kpi_current")):
        assert _query(live, f"select count(*) from (from {a} except all from {b})") == [(0,)]


def test_kpi_rows_without_a_city_are_on_the_kpi_page(live):
    _commit(live)
    at = AppTest.from_file(str(ROOT / "pages/kpi.py"), default_timeout=60)
    at.query_params["city"] = "市名記載なし"
    at.query_params["view"] = "一覧"          # the indicator list's tab (issue #18)
    at.run()
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if "成果指標" in d.value.columns)  # the indicator list
    assert table[["市", "計画", "年度・期間", "成果指標", "目標", "実績", "資料の判定", "出典"]].values.tolist() == [
        ["市名記載なし", "行革推進プラン", "前期アクションプラン期間", "人件費の適正化", "33.3%以下", "34.1%", "（記載なし）", "試験A"],
        ["市名記載なし", "行革推進プラン", "R6 (2024)", "市民満足度", "70%以上", "72%", "〇", "試験B"],
    ]
    assert "成果指標 2 件（指標×年度 2 行）" in at.caption[0].value


def test_a_revised_actual_of_a_plan_without_a_city_is_derived_again_in_place(live, monkeypatch):
    # The same rows again with one actual revised keep their place: only their values are derived
    # again (store._update_in_place), and the rows with no city must be among them.
    _commit(live)
    in_place = []
    update = store._update_in_place
    monkeypatch.setattr(store, "_update_in_place", lambda con, batch, cities: (in_place.extend(cities),
                                                                               update(con, batch, cities)))
    revised = UPLOAD.replace("72%,高いほど良い,〇".encode(), "68%,高いほど良い,×".encode())
    importer.commit(importer.prepare(revised, "k.csv", live, Context()), live)
    assert in_place == [None]
    assert _query(live, "select actual_value, mark, status from v_kpi where plan = '行革推進プラン' and fiscal_year = 2024") == [
        (68.0, "×", "not_achieved")]
    for a, b in (("kpi_current", "kpi_derived"), ("kpi_derived", "kpi_current")):
        assert _query(live, f"select count(*) from (from {a} except all from {b})") == [(0,)]
