"""The 都市比較 page (pages/comparison.py) under AppTest, on the seed database.

The page is reached from app.py with switch_page: run as the entry file on its own, the shared
frame's st.page_link("app.py") has no entry page to point at. Query parameters set before the
run stand for a bookmarked URL.
"""
from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PAGE = "pages/comparison.py"



def _table(at, row: str):
    """The side-by-side table with this row (per resident: 人口; staffing: 基準), wherever it sits."""
    return next(t.value for t in at.table if row in t.value.index)

def _open(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _charts(at: AppTest) -> dict[str, pd.DataFrame]:
    """Each chart's data by the chart's title."""
    found = {}
    for chart in at.get("vega_lite_chart"):
        title = json.loads(chart.proto.spec)["title"]["text"]
        frames = [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in chart.proto.datasets]
        found[title] = pd.concat(frames, ignore_index=True)
    return found


def _texts(elements) -> str:
    return "\n".join(e.value for e in elements)


def test_page_shows_five_sections_and_four_charts(app_db):
    at = _open()
    assert [h.value for h in at.subheader] == ["計画期間", "共通テーマ別の取組数", "成果指標の達成率", "人口・職員当たりの数値",
                                              "職員数の基準・目標・実績"]
    # No city has a whole-city cost to divide by its population, so that chart is not drawn (issue #16)
    assert set(_charts(at)) == {"各市の計画期間", "共通テーマ別の取組数（件）", "成果指標の達成率（市・年度別）",
                                "人口千人当たり職員数"}
    assert at.multiselect[0].value == ["厚木市", "綾瀬市", "相模原市", "市名記載なし"]
    assert at.selectbox[0].value == "取組数"


def test_default_view_compares_rates_with_their_counts_and_a_caution(app_db):
    at = _open()
    rates = _charts(at)["成果指標の達成率（市・年度別）"]
    assert set(rates["label"]) == {"82%（17件中14件）", "64%（11件中7件）", "100%（1件中1件）"}
    warning = _texts(at.warning)
    assert "厚木市 H27 (2015)の実施計画" in warning and "相模原市 H24 (2012)の経営方針" in warning
    assert "相模原市 総務局 局・区経営方針（平成25年度）（H25 (2013)）13件、相模原市 総務局 局・区経営方針（平成25年度）（H26 (2014)）1件" in _texts(at.caption)


def test_timeline_shows_every_plan_with_the_unnamed_one_apart(app_db):
    at = _open()
    bars = _charts(at)["各市の計画期間"]
    assert sorted(bars.groupby("city_label").size().items()) == [
        ("厚木市", 2), ("市名記載なし", 1), ("相模原市", 1), ("綾瀬市", 4)]
    assert "出典: 厚木市 平成27年度 行政経営プラン実施計画 実績報告、後期アクションプラン策定について（市名記載なし）" in _texts(at.caption)


def test_per_capita_table_shows_populations_and_no_data(app_db):
    at = _open()
    table = _table(at, "人口")
    assert list(table.columns) == ["厚木市", "綾瀬市", "相模原市"]
    assert table.loc["人口", "相模原市"] == "725,493人（令和2年国勢調査）"
    assert table.loc["職員数", "相模原市"] == "データなし"
    # 002 5-4 2,044人 (R3) ÷ 223,930人 (2024-02-01) × 1,000, with the two years' gap stated
    assert table.loc["人口千人当たり職員数", "厚木市"] == (
        "9.13人（職員数 R3 (2021) ÷ 人口 推計人口（2024年2月1日現在）、年次の差 2年度）")
    texts = _charts(at)["人口千人当たり職員数"].set_index("city_label")["text"]
    assert texts.to_dict() == {"厚木市": "9.13人（年次の差 2年度）", "綾瀬市": "データなし", "相模原市": "データなし"}
    # 004 is 総務局's plan: its cost is not divided by the city's population
    assert table.loc["人口千人当たり事業費", "相模原市"].startswith("比較できません（事業費は総務局のみの計画の数値")
    assert "比較できません: 相模原市の事業費" in _texts(at.caption)


def test_staffing_table_shows_what_each_document_prints(app_db):
    at = _open()
    table = _table(at, "基準")
    assert list(table.columns) == ["厚木市", "綾瀬市", "相模原市"]
    # 002 5-4 本文: 平成23年度 2,025人, 令和３年度 2,044人; no target printed
    assert table.loc["基準", "厚木市"] == "2,025人（平成23年度、研究論文が10年前との比較に用いた年度）"
    assert table.loc["実績", "厚木市"] == "2,044人（令和３年度）" and table.loc["目標", "厚木市"] == "記載なし"
    # 003: 「今後5年間で職員数を30人(4.6%)削減し」; no baseline or actual printed (not computed from 4.6%)
    assert table.loc["目標", "綾瀬市"].startswith("30人(4.6%)削減（今後5年間")
    assert table.loc["基準", "綾瀬市"] == "記載なし" and table.loc["実績", "綾瀬市"] == "記載なし"
    # 004 2-1: 定数 4,590人 → 4,620人 (H25), 4,640人 (H26); from 総務局's plan, which the table says
    assert table.loc["指標", "相模原市"] == "職員定数"
    assert table.loc["基準", "相模原市"].startswith("4,590人（平成25年度")
    assert table.loc["実績", "相模原市"].startswith("4,620人（平成25年度")
    assert table.loc["目標", "相模原市"] == "4,640人（平成26年度）"
    assert table.loc["計画の範囲", "相模原市"].startswith("総務局のみ")
    assert "5-4 職員数と業務量" in table.loc["出典", "厚木市"] and "2-1 職員数の適正管理" in table.loc["出典", "相模原市"]


def test_scope_and_theme_mapping_are_on_the_page(app_db):
    at = _open()
    captions = _texts(at.caption)
    assert "計画の範囲: 相模原市の「総務局 局・区経営方針（平成25年度）」は総務局のみの計画です。ほかの計画は市全体の計画です。" in captions
    assert "相模原市は総務局のみの計画で、市全体の計画ではありません。" in captions
    heat = _charts(at)["共通テーマ別の取組数（件）"]
    cells = {(r.row_label, r.theme_label): r.text for r in heat.itertuples()}
    # 綾瀬 行政システムの改革: 財政 / 収納率 / ネーミングライツ mapped by initiative, so not a false zero
    assert cells["綾瀬市", "財政・財源"] == "7" and ("相模原市（総務局のみ）", "人材・組織") in cells
    expander = next(e for e in at.expander if e.label.startswith("共通テーマの対応表"))
    mapping = expander.table[0].value
    naming = mapping[mapping["取組"] == "ネーミングライツ制度の導入"]
    assert naming[["市", "分野（資料の表記）", "共通テーマ"]].values.tolist() == [["綾瀬市", "3 行政システムの改革", "財政・財源"]]
    assert set(mapping.loc[mapping["分野（資料の表記）"] == "アウトカム", "分野の種類"]) == {"目標の区分"}


def test_url_with_one_city_restores_that_view(app_db):
    at = _open(cities=["綾瀬市"])
    assert at.multiselect[0].value == ["綾瀬市"]
    charts = _charts(at)
    assert set(charts["各市の計画期間"]["city_label"]) == {"綾瀬市"}
    assert len(charts["各市の計画期間"]) == 4
    assert "成果指標の達成率（市・年度別）" not in charts
    assert any("判定がある成果指標がありません" in i.value for i in at.info)
    assert not at.warning                                   # one city: nothing side by side
    assert list(_table(at, '人口').columns) == ["綾瀬市"]


def test_url_with_indicator_measure_restores_the_heatmap(app_db):
    at = _open(cities=["相模原市", "市名記載なし"], measure="指標数")
    assert at.selectbox[0].value == "指標数"
    assert at.subheader[1].value == "共通テーマ別の指標数"
    cells = _charts(at)["共通テーマ別の指標数（件）"]
    cell = {(c, t): x for c, t, x in zip(cells["city_label"], cells["theme_label"], cells["text"])}
    assert cell["相模原市", "人材・組織"] == "9"
    assert cell["市名記載なし", "テーマ未設定"] == "2"


def test_switching_the_measure_redraws_the_heatmap(app_db):
    at = _open()
    sagamihara = lambda at: set(_charts(at)[f"共通テーマ別の{at.selectbox[0].value}（件）"]
                                .query("city_label == '相模原市'")["text"])
    assert sagamihara(at) == {"データなし"}
    at.selectbox[0].select("指標数").run()
    assert not at.exception
    assert sagamihara(at) == {"9", "8", "10", "0"}


def test_choosing_cities_in_the_sidebar_narrows_every_section(app_db):
    at = _open()
    at.multiselect[0].set_value(["厚木市", "相模原市"]).run()
    charts = _charts(at)
    assert set(charts["各市の計画期間"]["city_label"]) == {"厚木市", "相模原市"}
    assert set(charts["成果指標の達成率（市・年度別）"]["city_label"]) == {"厚木市", "相模原市"}
    assert "市名記載なし" not in _texts(at.warning)
    assert list(_table(at, '人口').columns) == ["厚木市", "相模原市"]


def test_unnamed_plan_alone_explains_what_cannot_be_shown(app_db):
    at = _open(cities=["市名記載なし"])
    assert set(_charts(at)["各市の計画期間"]["city_label"]) == {"市名記載なし"}
    assert any("人口当たりの数値は市ごとに計算します" in i.value for i in at.info)
    assert not [t for t in at.table if "人口" in t.value.index or "基準" in t.value.index]   # no side-by-side table


def test_unknown_city_in_the_url_falls_back_to_the_default(app_db):
    at = _open(cities=["大阪市"])
    assert set(_charts(at)["各市の計画期間"]["city_label"]) == {"厚木市", "綾瀬市", "相模原市", "市名記載なし"}
