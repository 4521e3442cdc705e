"""The documents' own words beside the figures they explain, on KPI推移 and 取組一覧, as text (issue #15)."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def _page(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _words(at: AppTest):
    return next(d.value for d in at.dataframe if "資料の記載" in d.value.columns)


@pytest.mark.parametrize("indicator, kind, printed", [
    # 000, p.2 分類１-(３)-イ 平成27年度の実績
    ("厚木市｜庁内応援の活用件数", "実績", "17件の庁内応援を実施し、柔軟な人材活用による効率的な執行体制に努めました。"),
    # 004, 重点目標 2-3 平成24年度 評価
    ("相模原市｜長期病気休業職員の割合", "評価", "長期病気休業職員の割合は前年度と同じで目標は未達成となった。"),
    # 001, 前期アクションプランの総括 Problem ②
    ("市名記載なし｜人件費の適正化", "Problem", "目標が33.3%以下に対して、実績が32.9%と達成しているものの、高い水準である"),
])
def test_kpi_page_shows_the_documents_words_beside_the_indicator(app_db, indicator, kind, printed):
    at = _page("pages/kpi.py", ind=indicator)
    words = _words(at)
    assert any(k == kind and printed in t for k, t in zip(words["種類"], words["資料の記載"]))
    # as text in a data frame, never through Markdown
    assert not [m for m in at.markdown if printed[:10] in m.value]


def test_initiatives_page_shows_content_and_result_beside_each_initiative(app_db):
    at = _page("pages/initiatives.py", city="厚木市")
    rows = next(d.value for d in at.dataframe if "content" in d.value.columns).set_index("initiative_code")
    # 000, p.4 分類２-(２)-エ ②: the 実績 holds the capacities 16.32KW and 15.6KW
    assert "太陽光発電システム(16.32KW)" in rows.loc["２-(２)-エ", "result"]
    assert rows.loc["２-(２)-エ", "content"] == "①公共施設の照明のＬＥＤ化\n②公共施設への太陽光発電システムの設置"
