"""The paste-ready report's rows (dashboard/queries/report.py, issue #16): which rows, in which order,
named how, carrying which of the document's words, and the filters said in words.

000 = 000_96b2268ca103a618.txt, 厚木市 平成27年度 行政経営プラン実施計画 実績報告 (取組 by 分類, 指標).
003 = 003_a41e65aa208a94a2.txt, あやせ集中改革プラン (H18～H21): 17 取組, one staff target.
004 = 004_8d4830aa96374116.txt, 相模原市 総務局 局・区経営方針: 重点目標 H24 評価 and H25 目標 by code;
      no 取組一覧, so its indicators link to no listed initiative.
001 = 001_9480041d8c514e34.txt, 行革推進プラン (no city named): Keep / Problem on two indicators.
"""
from __future__ import annotations

import pytest

from dashboard import report
from dashboard.queries import initiatives as iq
from dashboard.queries import kpi as kq
from dashboard.queries import report as q
from tests.test_effect_queries import variant_db

COLUMNS = ["分類", "取組名", "担当課", "指標", "年度", "目標", "実績", "判定", "資料の記述", "出典"]
ATSUGI = ("厚木市", "行政経営プラン実施計画（平成27年度実績報告）")
SIDE_PLAN = "「庁内副業10％推進」アクションプラン"
AYASE_H18 = "あやせ集中改革プラン（H18～H21）"
SAGAMIHARA = "総務局 局・区経営方針（平成25年度）"
UNNAMED = "行革推進プラン"

# 004 1-2 各局等による人材育成の推進: its 事務事業の概要 (no year), H24 実績 / 評価 / 指標・目標, H25 指標・目標
TRAINING_OUTLINE = "事務事業の概要: 専門的な知識・技能の修得を目指し、各局等において人材育成方針に基づき主体的に人材育成を図る。"
TRAINING_GOAL = "指標・目標: 業務に関連した政策形成能力等の向上を図るための職場研修の実施件数を800件とする。"
TRAINING_2012 = "\n".join([
    TRAINING_OUTLINE,
    "実績: 目標値800件に対して実施件数782件 達成率97.8%",
    "評価: 平成24年度の目標値は概ね達成することができたが、引き続き職場研修の実施に取り組み、各局等における人材育成の推進に努める。",
    TRAINING_GOAL])
TRAINING_2013 = "\n".join([TRAINING_OUTLINE, TRAINING_GOAL])


@pytest.fixture(autouse=True)
def _seed(app_db):
    """Every query here reads the seed database unless a test swaps in a changed copy."""


@pytest.fixture
def changed(seed_db, tmp_path, monkeypatch):
    """Point the queries at a copy of the seed changed by `statements`."""
    def use(statements: list[str]):
        monkeypatch.setenv("PLANS_DB", str(variant_db(seed_db, tmp_path, statements)))
    return use


def _text_row(city, plan, code, indicator, fy, kind, text) -> str:
    quoted = [("null" if v is None else f"'{v}'") for v in (city, plan, code, indicator)]
    return (f"insert into texts values (1, null, {quoted[0]}, {quoted[1]}, 'テスト', {quoted[2]}, {quoted[3]}, "
            f"{'null' if fy is None else fy}, '{kind}', null, '{text}', 'test.xlsx {kind}')")


def _bcp(f: kq.Filter = kq.Filter(search="BCP")) -> dict:
    rows = report.table(q.indicator_rows(f))
    return rows[rows["分類"] == "１-(３)-ア"].iloc[0].to_dict()


# --- rows and columns -------------------------------------------------------------------------
def test_kpi_report_row_has_the_ten_columns_as_the_document_prints_them():
    """One BCP row, every column exact: figures, judgement, words in 取組内容・計画・実績 order, source."""
    rows = q.indicator_rows(kq.Filter(search="BCP"))
    table = report.table(rows)
    assert list(table.columns) == COLUMNS and len(table) == 1
    # 000 １-(３)-ア 業務継続計画（BCP）の策定及び改定: 年次計画どおり見直しが行われていること 目標 - 実績 -
    assert table.iloc[0].to_dict() == {
        "分類": "１-(３)-ア", "取組名": "業務継続計画（BCP）の策定及び改定", "担当課": "行政経営課・危機管理課",
        "指標": "年次計画どおり見直しが行われていること", "年度": "H27 (2015)", "目標": "-", "実績": "-",
        "判定": "-（判定なし）",
        "資料の記述": "取組内容: ・業務継続計画（BCP）の策定\n・随時改定\n・大規模な改定（必要に応じ、概ね２，３年ごとに行う。）\n"
                    "計画: 策定作業（業務の優先順位の決定等）\n策定\n"
                    "実績: 厚木市業務継続計画（地震災害対策編）を平成28年３月に策定しました。"
                    "なお、平成28年９月の職員防災訓練において検証を予定しています。",
        "出典": "厚木市 平成27年度 行政経営プラン実施計画 実績報告（１ 強い組織をつくる）p.1 分類１-(３)-ア"}
    assert len(rows["word_sources"].iloc[0]) == 3          # 取組内容, 計画, 実績: each passage's source


def test_indicator_words_are_those_of_the_rows_year_and_of_no_year():
    """004 1-2 職場研修の実施件数: the H24 row has H24's 実績・評価・指標・目標, the H25 row only H25's
    指標・目標; both have the undated 事務事業の概要 first, found by the 分類 1-2."""
    table = report.table(q.indicator_rows(kq.Filter(cities=("相模原市",), search="職場研修")))
    assert table[["分類", "取組名", "指標", "年度", "目標", "実績", "判定"]].values.tolist() == [
        ["1-2", "各局等による人材育成の推進", "職場研修の実施件数", "H24 (2012)", "800件", "782件", "概ね達成（一部達成）"],
        ["1-2", "各局等による人材育成の推進", "職場研修の実施件数", "H25 (2013)", "800件", "—", "（記載なし）"]]
    assert table["資料の記述"].tolist() == [TRAINING_2012, TRAINING_2013]


def test_report_holds_every_row_whatever_the_pages_table_limit(monkeypatch):
    """The report asks for every row the filter keeps, not the first ones the page's table shows."""
    shown = kq.indicator_table

    def page_sized(f, limit=3):
        return shown(f, limit)

    monkeypatch.setattr(kq, "indicator_table", page_sized)
    rows = q.indicator_rows(kq.Filter())
    # the seed's v_kpi: 000 28, 庁内副業 19, 003 1, 004 27, 001 2; cities in the shared order, no city last
    assert len(rows) == 77
    blocks = rows[["city", "plan"]].fillna("—").drop_duplicates().values.tolist()
    assert blocks == [["厚木市", SIDE_PLAN], list(ATSUGI), ["綾瀬市", AYASE_H18], ["相模原市", SAGAMIHARA], ["—", UNNAMED]]


def test_an_indicator_no_initiative_list_names_keeps_the_initiative_it_is_printed_under():
    """004 has no 取組一覧: its rows stay in the report, named by the initiative 004 prints them under."""
    rows = q.indicator_rows(kq.Filter(cities=("相模原市",)))
    assert len(rows) == 27
    table = report.table(rows)
    assert table.loc[table["指標"] == "放棄呼率", ["分類", "取組名", "年度"]].values.tolist() == [
        ["4-4", "コールセンター運営事業", "H24 (2012)"], ["4-4", "コールセンター運営事業", "H25 (2013)"]]
    assert (table["取組名"] != "").all()
    assert rows["linked_initiative"].tolist() == rows["initiative"].tolist()


def test_the_initiative_is_named_as_the_initiative_list_names_it(changed):
    """An indicator found under an initiative of 取組一覧 by its 分類 takes that initiative's name."""
    changed(["update initiatives set initiative = '業務継続計画の策定（取組一覧の名）' "
             "where city = '厚木市' and initiative_code = '１-(３)-ア'"])
    assert _bcp()["取組名"] == "業務継続計画の策定（取組一覧の名）"


def test_initiative_report_goes_by_the_printed_codes_and_lists_indicators_as_kpi_does():
    """000's 25 分類 in their numbering; each initiative's indicators in the order of KPI推移's report."""
    table = report.table(q.initiative_rows(iq.Selection(cities=["厚木市"])))
    assert list(table.columns) == COLUMNS and len(table) == 28
    # 000: １ 強い組織をつくる, ２ 強い財政をつくる, ３ 市民とともに公共サービスを向上させる, each (１)-(３)
    assert table["分類"].drop_duplicates().tolist() == [
        "１-(１)-ア", "１-(１)-イ", "１-(２)-ア", "１-(２)-イ", "１-(３)-ア", "１-(３)-イ",
        "２-(１)-ア", "２-(１)-イ", "２-(１)-ウ", "２-(１)-エ", "２-(２)-ア", "２-(２)-イ", "２-(２)-ウ", "２-(２)-エ",
        "２-(３)-ア", "２-(３)-イ", "３-(１)-ア", "３-(１)-イ", "３-(１)-ウ", "３-(１)-エ", "３-(２)-ア", "３-(２)-イ",
        "３-(３)-ア", "３-(３)-イ", "３-(３)-ウ"]
    kpi = report.table(q.indicator_rows(kq.Filter(plans=(ATSUGI[1],))))
    assert table[["分類", "取組名", "指標", "年度"]].values.tolist() == kpi[["分類", "取組名", "指標", "年度"]].values.tolist()
    assert table.loc[table["分類"] == "１-(３)-イ", "取組名"].unique().tolist() == ["組織のマネジメント力の強化"]


# --- the words: the row's own city and plan, code and year --------------------------------------
def test_words_stay_with_their_own_city_and_plan(changed):
    """A passage under the same 分類 in another plan of the city, or in a plan of the same name with
    no city or another city, is not the row's."""
    changed([
        _text_row(None, ATSUGI[1], "１-(３)-ア", None, None, "取組内容", "市名のない同名計画の記述"),
        _text_row("厚木市", SIDE_PLAN, "１-(３)-ア", None, None, "取組内容", "別の計画の記述"),
        _text_row("綾瀬市", UNNAMED, None, "人件費の適正化", None, "Problem", "別の市の記述"),
    ])
    for f in (kq.Filter(search="BCP"), kq.Filter(cities=("厚木市",))):
        words = _bcp(f)["資料の記述"]
        assert words.startswith("取組内容: ・業務継続計画（BCP）の策定") and "記述" not in words
    unnamed = report.table(q.indicator_rows(kq.Filter(plans=(UNNAMED,))))
    # 001 Problem ②, Keep ②: the unnamed plan's own words only
    assert unnamed["資料の記述"].tolist() == [
        "Problem: 基本目標の「人件費の適正化」の目標に対する実績は目標が33.3%以下に対して、実績が32.9%と"
        "達成しているものの、高い水準である",
        "Keep: 財政調整 2 基金の残高が標準財政規模の 10%以上確保できている"]


def test_a_row_without_a_year_carries_the_words_of_every_year(changed):
    """003's staff target has a period (今後5年間), no year: a dated passage on it is its words too."""
    changed([_text_row("綾瀬市", AYASE_H18, None, "職員数の削減", 2009, "実績", "平成21年度の職員数")])
    table = report.table(q.initiative_rows(iq.Selection(plans=[AYASE_H18])))
    staff = table[table["指標"] == "職員数の削減"].iloc[0]
    assert staff["年度"] == "今後5年間"
    # 003 1 職員自らの改革, undated, first; then the dated passage
    assert staff["資料の記述"].startswith("本文: 成果志向の行政経営を行うには")
    assert staff["資料の記述"].endswith("\n実績: 平成21年度の職員数")


def test_an_initiative_without_an_indicator_has_no_indicators_words():
    """003: sixteen initiatives with no indicator get no words; 本文 on 職員数の削減 is the staff row's."""
    table = report.table(q.initiative_rows(iq.Selection(plans=[AYASE_H18])))
    assert len(table) == 17
    assert table["取組名"].tolist()[:4] == ["今後5年間で職員数を30人(4.6%)削減", "職員の資質の向上と意識の変革",
                                          "職員給与や手当ての適正化", "外部アドバイザー制度の導入"]
    assert (table.loc[table["指標"] == "", "資料の記述"] == "").all()
    assert table.loc[table["指標"] == "職員数の削減", "資料の記述"].str.startswith("本文: 成果志向の行政経営").all()


def test_an_initiative_without_an_indicator_carries_the_words_under_its_code(changed):
    """An initiative the document gives no indicator is one row with its 分類's words of every year."""
    changed([
        "insert into initiatives values (1, null, '厚木市', '行政経営プラン実施計画（平成27年度実績報告）', null, "
        "'３ 市民とともに公共サービスを向上させる', null, '３-(３)-エ', '指標のない取組', '行政経営課', null, null, 'test.xlsx 取組')",
        _text_row(*ATSUGI, "３-(３)-エ", None, None, "取組内容", "指標のない取組の内容"),
        _text_row(*ATSUGI, "３-(３)-エ", None, 2015, "実績", "指標のない取組の実績"),
    ])
    table = report.table(q.initiative_rows(iq.Selection(cities=["厚木市"])))
    assert len(table) == 29
    [row] = table[table["分類"] == "３-(３)-エ"].to_dict("records")
    assert {k: row[k] for k in COLUMNS[:9]} == {
        "分類": "３-(３)-エ", "取組名": "指標のない取組", "担当課": "行政経営課", "指標": "", "年度": "", "目標": "",
        "実績": "", "判定": "", "資料の記述": "取組内容: 指標のない取組の内容\n実績: 指標のない取組の実績"}


def test_nothing_kept_is_an_empty_report_with_the_ten_columns():
    """A search that finds nothing: no rows from either query, the report's columns still there."""
    for rows in (q.indicator_rows(kq.Filter(search="該当する行のない語")),
                 q.initiative_rows(iq.Selection(search="該当する行のない語"))):
        assert rows.empty
        assert list(report.table(rows).columns) == COLUMNS


# --- the conditions line ------------------------------------------------------------------------
def test_kpi_conditions_name_every_filter_in_the_sidebars_words():
    """Each filter by its label, several values joined by ・, statuses in Japanese, the years as eras."""
    f = kq.Filter(cities=("厚木市", "綾瀬市"), plans=(ATSUGI[1],), themes=("人材",), areas=("行政運営",),
                  departments=("職員課",), statuses=("achieved", "not_judged"), search="研修",
                  years=(2012, 2013), year_span=(2012, 2015))
    assert q.kpi_conditions(f) == (
        "条件: 市「厚木市・綾瀬市」、計画「行政経営プラン実施計画（平成27年度実績報告）」、共通テーマ「人材」、"
        "政策分野「行政運営」、担当課「職員課」、判定「達成・判定なし」、検索「研修」、年度「H24 (2012)～H25 (2013)」")


@pytest.mark.parametrize("years, span, said", [
    ((2013, 2014), (2012, 2015), "条件: 年度「H25 (2013)～H26 (2014)」"),
    ((2012, 2015), (2012, 2015), "条件: なし（すべての行）"),    # every year: no condition
    (None, (2012, 2015), "条件: なし（すべての行）"),
])
def test_kpi_conditions_name_the_years_only_when_narrowed(years, span, said):
    """The year range is a condition only when it is narrower than every year there is."""
    assert q.kpi_conditions(kq.Filter(years=years, year_span=span)) == said


def test_initiative_conditions_name_every_filter_in_the_sidebars_words():
    """取組一覧's filters by their labels, in the sidebar's order."""
    sel = iq.Selection(cities=["厚木市"], plans=[ATSUGI[1], SIDE_PLAN], themes=["人材"], departments=["職員課"],
                       reviews=["継続"], search="研修")
    assert q.initiative_conditions(sel) == (
        "条件: 市「厚木市」、計画「行政経営プラン実施計画（平成27年度実績報告）・「庁内副業10％推進」アクションプラン」、"
        "共通テーマ「人材」、担当課「職員課」、見直し区分「継続」、検索「研修」")
