"""取組一覧's table, one initiative's words, indicators and figures, a plan's Keep / Problem / Try and the
department counts, as case tables (mutation testing of dashboard.queries.initiatives).

Figures from the seed database (data/seed: 000 = 厚木市 平成27年度 行政経営プラン実施計画 実績報告,
001 = 行革推進プラン, printed with no city, 003 = 綾瀬市 あやせ集中改革プラン); what the seed lacks
(an initiative code on 001's words, indicator and figure) is made on a private copy of it.
"""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard.queries import initiatives as q
from tests.conftest import changed

S = q.Selection
ATSUGI = "行政経営プラン実施計画（平成27年度実績報告）"
ATSUGI_FILE = "000_96b2268ca103a618.txt"
ATSUGI_TITLE = "厚木市 平成27年度 行政経営プラン実施計画 実績報告"
ATSUGI_PAGE = f"{ATSUGI_FILE} 平成27年度 行政経営プラン実施計画 実績報告（１ 強い組織をつくる）p.1 分類１-(２)-イ"
REFORM = "行革推進プラン"                                  # 001 names no city
REFORM_LABEL = f"{q.NO_CITY}\u3000{REFORM}"
REFORM_TITLE = "後期アクションプラン策定について（市名記載なし）"
TABLE_COLUMNS = ["city", "phase", "initiative_code", "initiative", "content", "result", "department", "review",
                 "successor", "plan", "policy_area", "strategy", "theme", "source", "file"]
# 000, 分類１-(２)-イ ワーク・ライフ・バランスの向上: 取組内容, then 平成27年度の計画 and 実績 of items 1 and 2
WLB_CONTENT = "①風通しの良い職場づくり\n②時間外勤務の抑制\n③休暇等制度の理解向上"
WLB_RESULT_1 = ("「職場内ミーティング及びワーク・ライフ・バランスの推進」を周知し、月１回以上のミーティングの実施を義務化する"
                "とともに、職員間での対話とコミュニケーションを通じて、目標の共有化を図るとともに、風通しの良い職場の環境づくりを推進しました。")
WLB_RESULT_2 = ("「職場内ミーティング及びワーク・ライフ・バランスの推進」を周知し、振替（代休）の100％消化について指導を徹底する"
                "とともに、休暇予定表の活用を呼びかけました。")
PROBLEM_8 = "デジタルを取り入れることで、もっと効率化できる部分があるがどうすればいいかわからない職員が4割いる"
STAFF_SHARE = "デジタルを取り入れることでもっと効率化できる部分があるがどうすればいいかわからない職員の割合"


@pytest.fixture(autouse=True)
def _seed(app_db):
    """dashboard.db reads $PLANS_DB: the seed database, or where a test asks, its private copy."""



def _values(frame: pd.DataFrame) -> list[list]:
    return [[None if v is None or v is pd.NA or v != v else v for v in row] for row in frame.values.tolist()]


# --- the table: its columns, the file and 出典 by title ------------------------------------------
def test_the_table_names_the_document_by_title_and_its_file_apart():
    rows = q.initiatives(S(cities=["厚木市"]))
    assert list(rows.columns) == TABLE_COLUMNS
    wlb = rows.set_index("initiative_code").loc["１-(２)-イ"]
    assert (wlb.initiative, wlb.department, wlb.content) == ("ワーク・ライフ・バランスの向上", "職員課", WLB_CONTENT)
    assert wlb.result == WLB_RESULT_1 + "\n" + WLB_RESULT_2       # the two 実績, item by item
    assert wlb.source == f"{ATSUGI_TITLE}（１ 強い組織をつくる）p.1 分類１-(２)-イ"
    assert set(rows["file"]) == {ATSUGI_FILE}
    # 001 取組み整理表 2枚目: an abolished initiative's 出典 and file go the same way
    first = q.abolished(REFORM_LABEL).iloc[0]
    assert (first.initiative, first.file) == ("事務標準化による業務プロセスの見直し[BPR]", "001_9480041d8c514e34.txt")
    assert first.source.startswith(f"{REFORM_TITLE}、取組み整理表（前期アクションプラン⇒後期アクションプラン） 2枚目（基本方針1）")


def test_the_plan_with_no_city_is_shown_under_no_city():
    rows = q.initiatives(S(plans=[REFORM]), limit=1)
    # 001 取組み整理表 1枚目, 前期 業務マネジメント改革 (1)行政経営サイクルの確立
    assert _values(rows[["city", "phase", "initiative", "review", "successor"]]) == [
        [q.NO_CITY, "前期", "KPI評価に基づく既存事業ヒアリング", "継続（新規）", "KPI評価に基づく事業改善の促進"]]


# --- which rows have words, which columns are shown ----------------------------------------------
def test_worded_keeps_the_rows_with_any_words_of_their_own():
    # 000 prints 取組内容 and 実績 for each of its 25 initiatives; 003 prints neither for its 39
    rows = q.initiatives(S(cities=["厚木市", "綾瀬市"]))
    assert len(rows) == 25 + 39
    kept = q.worded(rows)
    assert len(kept) == 25 and set(kept["city"]) == {"厚木市"}
    assert list(kept.columns) == TABLE_COLUMNS
    one_side = pd.DataFrame({"initiative": ["両方", "取組内容だけ", "実績だけ", "なし"],
                             "content": ["a", "b", None, float("nan")], "result": ["c", None, "d", None]})
    assert q.worded(one_side)["initiative"].tolist() == ["両方", "取組内容だけ", "実績だけ"]


def test_the_words_columns_are_left_out_only_when_no_row_has_words():
    ayase = q.initiatives(S(cities=["綾瀬市"]))
    assert ayase["review"].isna().all()                # an empty column of another kind stays
    assert q.shown_columns(ayase) == [c for c in TABLE_COLUMNS if c not in ("content", "result")]
    assert q.shown_columns(q.initiatives(S(cities=["厚木市"]))) == TABLE_COLUMNS
    only_result = pd.DataFrame({"initiative": ["x"], "content": [None], "result": ["実績"]})
    assert q.shown_columns(only_result) == ["initiative", "result"]


# --- the chooser's label, a passage's heading ----------------------------------------------------
def test_an_initiative_is_labelled_by_code_name_and_city_as_printed():
    atsugi = next(q.initiatives(S(cities=["厚木市"]), limit=1).itertuples())
    assert q.word_label(atsugi) == "１-(１)-ア 職責に対応した給与制度の見直し（厚木市）"
    ayase = next(q.initiatives(S(cities=["綾瀬市"]), limit=1).itertuples())   # 003 prints no 分類
    assert q.word_label(ayase) == "今後5年間で職員数を30人(4.6%)削減（綾瀬市）"
    reform = next(q.initiatives(S(plans=[REFORM]), limit=1).itertuples())
    assert q.word_label(reform) == f"KPI評価に基づく既存事業ヒアリング（{q.NO_CITY}）"


@pytest.mark.parametrize("kind, item, heading", [
    ("取組内容", None, "取組内容"),
    ("取組内容", float("nan"), "取組内容"),          # a blank item read back from DuckDB
    ("取組内容", pd.NA, "取組内容"),
    ("計画", "1", "計画 1"),
    ("実績", "2", "実績 2"),
    ("Problem", "⑧", "Problem ⑧"),
])
def test_a_passage_is_headed_by_its_kind_and_item(kind, item, heading):
    assert q.word_heading(kind, item) == heading


# --- one initiative: its words, indicators and figures -------------------------------------------
def test_an_initiatives_words_come_content_first_then_each_items_plan_and_result():
    words = q.initiative_words("厚木市", ATSUGI, "１-(２)-イ")
    assert list(words.columns) == ["kind", "item", "fiscal_year", "text", "source"]
    assert _values(words) == [
        ["取組内容", None, None, WLB_CONTENT, f"{ATSUGI_PAGE} 取組内容"],
        ["計画", "1", 2015, "職場内ミーティングの実施", f"{ATSUGI_PAGE} 平成27年度の計画"],
        ["実績", "1", 2015, WLB_RESULT_1, f"{ATSUGI_PAGE} 平成27年度の実績"],
        ["計画", "2", 2015, "休暇取得促進の啓発", f"{ATSUGI_PAGE} 平成27年度の計画"],
        ["実績", "2", 2015, WLB_RESULT_2, f"{ATSUGI_PAGE} 平成27年度の実績"],
    ]
    assert [q.word_heading(k, i) for k, i in zip(words["kind"], words["item"])] == [
        "取組内容", "計画 1", "実績 1", "計画 2", "実績 2"]


def test_an_initiatives_indicator_is_shown_as_printed():
    rows = q.initiative_indicators("厚木市", ATSUGI, "１-(２)-イ")
    assert list(rows.columns) == ["成果指標", "年度", "目標", "実績", "目標達成"]
    assert _values(rows) == [["職員アンケートによる「ワーク・ライフ・バランスが向上していると感じている職員の割合」",
                              "H27 (2015)", "H27年度は未設定（H28年度から）", "-（職員アンケートで現状値を把握）", "-"]]
    assert q.initiative_indicators("綾瀬市", ATSUGI, "１-(２)-イ").empty      # another city's


def test_the_figures_in_an_initiatives_words_keep_their_year_and_source():
    rows = q.initiative_figures("厚木市", ATSUGI, "１-(２)-イ")
    assert list(rows.columns) == ["資料の文中の数値", "数値（記載どおり）", "年度", "出典"]
    cite = f"{ATSUGI_TITLE}（１ 強い組織をつくる） p.1 分類１-(２)-イ 平成27年度の実績"
    assert _values(rows) == [
        ["職場内ミーティングの実施回数（月、義務化）", "１回以上", "H27 (2015)", f"{cite} 1"],
        ["振替（代休）の消化（指導の目標）", "100％", "H27 (2015)", f"{cite} 2"],
    ]


def test_no_city_finds_the_plan_printed_without_a_city(live):
    # 001 ties Problem ⑧, its figure (4割) and 人件費の適正化 to no initiative: tied here to one, "P"
    changed(live,
            f"update texts set initiative_code = 'P' where plan = '{REFORM}' and kind = 'Problem' and item = '⑧'",
            f"update figures set initiative_code = 'P' where plan = '{REFORM}'",
            f"update kpi set initiative_code = 'P' where plan = '{REFORM}' and indicator = '人件費の適正化'",
            derive=True)
    words = q.initiative_words(q.NO_CITY, REFORM, "P")
    assert _values(words[["kind", "item", "text"]]) == [["Problem", "⑧", PROBLEM_8]]
    indicators = q.initiative_indicators(q.NO_CITY, REFORM, "P")
    assert _values(indicators[["成果指標", "目標", "実績", "目標達成"]]) == [["人件費の適正化", "33.3%以下", "32.9%", None]]
    figures = q.initiative_figures(q.NO_CITY, REFORM, "P")
    assert _values(figures[["資料の文中の数値", "数値（記載どおり）", "出典"]]) == [
        [STAFF_SHARE, "4割", f"{REFORM_TITLE}、前期アクションプランの総括 Problem 問題だったこと/課題 ⑧"]]
    # the words' city is NULL, not the label: the label itself finds nothing
    assert q.initiative_words("厚木市", REFORM, "P").empty


# --- a plan's own review: Keep, then Problem, then Try ------------------------------------------
def test_the_review_words_come_keep_problem_try_with_the_figures_in_them():
    rows = q.review_words(REFORM_LABEL)
    assert list(rows.columns) == ["種類", "項目", "資料の記載", "文中の数値", "出典"]
    # 001 前期アクションプランの総括: Keep ①–③, Problem ①–⑨; 後期: Try ①–⑧ and 取組の整理's Try ⑧
    assert rows["種類"].tolist() == ["Keep"] * 3 + ["Problem"] * 9 + ["Try"] * 9
    assert rows["項目"].tolist() == list("①②③①②③④⑤⑥⑦⑧⑨①②③④⑤⑥⑦⑧⑧")
    problem_8 = rows.iloc[10]
    assert (problem_8["資料の記載"], problem_8["文中の数値"]) == (PROBLEM_8, f"4割（{STAFF_SHARE}）")
    assert problem_8["出典"] == f"{REFORM_TITLE}、前期アクションプランの総括 Problem 問題だったこと/課題 ⑧"
    assert rows["文中の数値"].tolist().count("") == 20        # no figure: blank, not NaN
    assert rows.iloc[0]["出典"] == f"{REFORM_TITLE}、前期アクションプランの総括 Keep できたこと/続けたいこと ①"
    assert rows.iloc[-1]["出典"] == f"{REFORM_TITLE}、後期アクションプランの方向性 Try 次に取り組が必要なこと ⑧"
    none = q.review_words(f"厚木市\u3000{ATSUGI}")
    assert none.empty and list(none.columns) == list(rows.columns)


# --- the review table ----------------------------------------------------------------------------
def test_a_review_group_missing_from_a_strategy_counts_zero():
    table = q.review_table(REFORM_LABEL).set_index(["policy_area", "strategy"])
    assert list(table.columns) == ["継続", "新規", "廃止", "計"]
    assert all(str(t) == "int64" for t in table.dtypes)
    # 001 1枚目 (1)行政経営サイクルの確立: four 継続, no 新規 or 廃止
    assert table.loc[("業務マネジメント改革", "(1)行政経営サイクルの確立")].tolist() == [4, 0, 0, 4]
    assert table.loc[("組織・人材マネジメント改革", "(2)内部統制の整備")].tolist() == [1, 0, 0, 1]


def test_a_plan_without_review_has_an_empty_table_with_its_columns():
    table = q.review_table(f"厚木市\u3000{ATSUGI}")
    assert table.empty and list(table.columns) == ["policy_area", "strategy", "計"]


# --- departments: a plan or a theme alone is a filter --------------------------------------------
def test_a_plan_alone_counts_only_its_own_departments():
    # 000_initiatives.csv and 000_kpi.csv: initiatives per department (職員課・行政経営課 under each),
    # distinct indicators per department
    counts = q.department_counts(S(plans=[ATSUGI]))
    assert list(counts.columns) == ["department_key", "department", "spellings", "initiatives", "indicators", "total"]
    assert counts[["department", "initiatives", "indicators", "total"]].values.tolist() == [
        ["行政経営課", 16, 18, 34], ["関係各課", 9, 10, 19], ["職員課", 5, 7, 12], ["財政課", 3, 4, 7],
        ["企画政策課", 2, 3, 5], ["市民協働推進課", 2, 2, 4], ["危機管理課", 1, 1, 2], ["収納課", 1, 1, 2],
        ["情報政策課", 1, 1, 2], ["環境政策課", 1, 1, 2], ["産業振興課", 1, 1, 2], ["財産管理課", 1, 1, 2]]


def test_a_theme_alone_narrows_the_indicators_as_a_city_and_theme_do():
    every_city = ["厚木市", "綾瀬市", "相模原市", q.NO_CITY]
    for theme in ("人材・組織", "市民協働・情報発信"):
        alone = q.department_counts(S(themes=[theme]), limit=100)
        assert alone.values.tolist() == q.department_counts(S(cities=every_city, themes=[theme]), limit=100).values.tolist()
        assert alone["indicators"].sum() < q.department_counts(S(), limit=100)["indicators"].sum()


def test_department_counts_ignore_the_filters_indicators_cannot_answer():
    every = q.department_counts(S(), limit=100).values.tolist()
    for sel in (S(reviews=["廃止"]), S(departments=["職員課"]), S(search="BPR")):
        assert q.department_counts(sel, limit=100).values.tolist() == every, sel
    assert q.department_counts(S(plans=[ATSUGI], reviews=["廃止"])).values.tolist() == \
        q.department_counts(S(plans=[ATSUGI])).values.tolist()


def test_department_coverage_of_a_plan_alone_counts_that_plan():
    # 000 prints a department for each of its 25 initiatives and 28 indicators
    assert q.department_coverage(S(plans=[ATSUGI])).values.tolist() == [[0, 0, ATSUGI_TITLE]]
    assert q.department_coverage(S(plans=["存在しない計画"])).values.tolist() == [[0, 0, ""]]
