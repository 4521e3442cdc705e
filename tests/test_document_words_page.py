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
    # a static table, so a passage wraps whole (issue #17)
    return next(t.value for t in at.table if "資料の記載" in t.value.columns)


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
    # made inert in a table, never through Markdown
    assert not [m for m in at.markdown if printed[:10] in m.value]


def test_initiatives_page_shows_content_and_result_beside_each_initiative(app_db):
    at = _page("pages/initiatives.py", city="厚木市")
    rows = next(d.value for d in at.dataframe if "content" in d.value.columns)
    # the words sit next to the initiative's name, not past the review columns at the table's far right
    assert list(rows.columns[:6]) == ["city", "phase", "initiative_code", "initiative", "content", "result"]
    rows = rows.set_index("initiative_code")
    # 000, p.4 分類２-(２)-エ ②: the 実績 holds the capacities 16.32KW and 15.6KW
    assert "太陽光発電システム(16.32KW)" in rows.loc["２-(２)-エ", "result"]
    assert rows.loc["２-(２)-エ", "content"] == "①公共施設の照明のＬＥＤ化\n②公共施設への太陽光発電システムの設置"


def _initiative_detail(**params):
    at = _page("pages/initiatives.py", **params)
    heading = [h.value for h in at.subheader].index("取組ごとの資料の記載（取組内容・計画・実績）")
    return at, heading


def test_initiatives_page_shows_an_initiatives_words_in_full_as_plain_text(app_db):
    at, _ = _initiative_detail(city="厚木市", initiative="２-(２)-エ 公共施設エネルギー利用の合理化（厚木市）")
    chooser = next(s for s in at.selectbox if s.key == "initiative")
    assert chooser.value == "２-(２)-エ 公共施設エネルギー利用の合理化（厚木市）"
    assert len(chooser.options) == 25                          # every 000 initiative: each has its words
    # 000, p.4 分類２-(２)-エ: 取組内容, then each item's 計画 and 実績, each passage as printed, in st.text
    headings = [c.value for c in at.caption if c.value in ("取組内容", "計画 1", "実績 1", "計画 2", "実績 2")]
    assert headings == ["取組内容", "計画 1", "実績 1", "計画 2", "実績 2"]
    texts = [t.value for t in at.text]
    assert texts[:5] == ["①公共施設の照明のＬＥＤ化\n②公共施設への太陽光発電システムの設置",
                         "・導入検討調査\n・対象施設の選定", "公民館を対象施設して、導入検討調査を実施しました。",
                         "・藤塚中学校\n（15kW）",
                         "藤塚中学校（屋上）へ太陽光発電システム(16.32KW)、蓄電池システム（15.6KW）及び発電量モニターを設置しました。"]
    assert not [m for m in at.markdown if "太陽光発電システム(16.32KW)" in m.value]
    # beside the words, the figure they explain and the figures read out of them (v_figures)
    # a static table too, not a grid that cut its 目標達成 column at 1280 px (issue #17)
    measured = next(t.value.reset_index() for t in at.table if "目標達成" in t.value.columns)
    assert not [d for d in at.dataframe if "目標達成" in d.value.columns]
    assert measured.values.tolist() == [["電気使用量の削減量", "H27 (2015)", "15,800kWh", "17,136kwh", "〇"]]
    # a static table, its cells wrapped: every column reads at 1280 px (issue #16)
    figures = next(t.value.reset_index() for t in at.table if "資料の文中の数値" in t.value.reset_index().columns)
    assert sorted(figures["数値（記載どおり）"]) == ["15.6KW", "15kW", "16.32KW"]
    assert sorted(s.rsplit(" ", 2)[-2] for s in figures["出典"]) == ["平成27年度の実績", "平成27年度の実績", "平成27年度の計画"]
    assert any("p.4 分類２-(２)-エ" in c.value for c in at.caption)


def test_words_that_look_like_markdown_or_html_stay_literal(data_copy, tmp_path, monkeypatch):
    """An uploaded or edited text is shown as it is: no bold, no list, no tag (issue #15)."""
    from loaders import seed
    from tests.test_checks import _edit
    printed = "**太字** <b>タグ</b>\n- 箇条書き\n1. 番号"
    _edit(data_copy / "seed" / "000_texts.csv", {"initiative_code": "１-(１)-ア", "kind": "実績"}, "text", printed)
    db = tmp_path / "plans.duckdb"
    seed.rebuild(db, data_copy)
    monkeypatch.setenv("PLANS_DB", str(db))
    at, _ = _initiative_detail(city="厚木市", initiative="１-(１)-ア 職責に対応した給与制度の見直し（厚木市）")
    assert printed in [t.value for t in at.text]
    assert not [m for m in at.markdown if "太字" in m.value or "箇条書き" in m.value]


def test_no_words_section_for_a_city_whose_documents_give_none(app_db):
    at = _page("pages/initiatives.py", city="綾瀬市")
    assert "取組ごとの資料の記載（取組内容・計画・実績）" not in [h.value for h in at.subheader]
    table = next(d.value for d in at.dataframe if "initiative" in d.value.columns)
    assert "content" in table.columns                          # the frame keeps the column …
    shown = next(d for d in at.dataframe if "initiative" in d.value.columns)
    order = list(shown.proto.column_order)
    assert "initiative" in order and "content" not in order    # … but the table shows no empty words column


@pytest.mark.parametrize("indicator, subject, printed, year", [
    # 004, 重点目標 1-2 平成24年度 実績・評価等 実績: 「目標値800件に対して実施件数782件 達成率97.8%」
    ("相模原市｜職場研修の実施件数", "達成率", "97.8%", "H24 (2012)"),
    # 004, 重点目標 2-3 平成24年度 指標・目標: 「(平成23年度 2.8%)」: under the year it carries
    ("相模原市｜長期病気休業職員の割合", "長期病気休業職員の割合（基準値）", "平成23年度 2.8%", "H23 (2011)"),
    # 004, 重点目標 6-1 平成24年度 評価: 「前年度より2,000人以上増加した」
    ("相模原市｜市民の国際交流、国際理解の機会の拡充を図るための事業への参加者数", "参加者数の前年度からの増加",
     "2,000人以上増加", "H24 (2012)"),
    # 004, 重点目標 2-2 平成25年度 指標・目標: 「平成22年度実績(74万時間)」
    ("相模原市｜時間外勤務時間の縮減時間数（平成22年度実績 74万時間との比較、年度ごと）",
     "時間外勤務時間数（時間数が最も多かった年度の実績）", "74万時間", "H22 (2010)"),
])
def test_kpi_page_shows_the_figures_printed_in_the_indicators_words(app_db, indicator, subject, printed, year):
    at = _page("pages/kpi.py", ind=indicator)
    figures = next(t.value for t in at.table if t.value.index.name == "資料の文中の数値")
    assert (figures.loc[subject, "数値（記載どおり）"], figures.loc[subject, "年度"]) == (printed, year)
    assert "重点目標(H24評価とH25目標)" in figures.loc[subject, "出典"]
    assert "8d4830aa" not in figures.loc[subject, "出典"]      # the document by title, not its file name


def test_effect_page_shows_the_reviews_judgement_of_its_goal_beside_the_plan_comparison(app_db):
    at = _page("pages/effect_amounts.py")
    heading = [h.value for h in at.subheader].index("計画比（計画策定時と最新の時点）")
    said = [c.value for c in at.caption if c.value.startswith("資料の判断")]
    # 001, 前期アクションプランの総括 Problem ①: the review's judgement of 基本目標「財政の健全化」, as printed
    assert said == ["資料の判断（Problem ①）: 「基本目標の「財政の健全化」の目標と実績の大きな乖離がある"
                    "（改革改善の取組による効果額が少ない）」（後期アクションプラン策定について（市名記載なし）、前期アクションプランの総括 "
                    "Problem 問題だったこと/課題 ①（効果額は「計画期間中（R 4～R 9）の効果額を目標額として設定」: "
                    "後期アクションプラン策定時点の表の実績年度と計画策定時点の表の同じ年度））"]
    assert heading >= 0 and not [m for m in at.markdown if "乖離" in m.value]


def test_initiatives_page_shows_the_plans_own_review_beside_its_review_counts(app_db):
    at = _page("pages/initiatives.py")
    said = next(t.value for t in at.table if "文中の数値" in t.value.columns)
    # 001, 前期アクションプランの総括 Keep ①～③, Problem ①～⑨; 後期アクションプランの方向性 Try ①～⑧, and
    # 取組の整理 ⑧'s paragraph (its ①～⑦ are initiative lists, on the rows of their own kinds)
    assert said["種類"].value_counts().to_dict() == {"Keep": 3, "Problem": 9, "Try": 9}
    eighth = said[(said["種類"] == "Problem") & (said["項目"] == "⑧")].iloc[0]
    # Problem ⑧ 「どうすればいいかわからない職員が4割いる」: the share held as a figure, shown beside its words
    assert eighth["資料の記載"].endswith("どうすればいいかわからない職員が4割いる")
    assert eighth["文中の数値"].startswith("4割（")
    assert "9480041d" not in " ".join(said["出典"])
    assert not [m for m in at.markdown if "4割いる" in m.value]
