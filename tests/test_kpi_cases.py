"""KPI推移's tables, words and defaults, case by case (mutation testing of dashboard.queries.kpi).

Figures from the seed database (data/seed/*_kpi.csv, *_texts.csv, *_figures.csv, data/documents.csv),
transcribed from the documents in shared/seeds: 000 = 厚木市 平成27年度 行政経営プラン実施計画 実績報告;
001 = 行革推進プラン (the document names no city); 002 = 厚木市 「庁内副業10％推進」アクションプラン;
003 = 綾瀬市; 004 = 相模原市 総務局 局・区経営方針（平成25年度）.
"""
from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from dashboard.labels import NO_CITY
from dashboard.queries import kpi as q
from tests.conftest import changed

ATSUGI_REPORT = "厚木市 平成27年度 行政経営プラン実施計画 実績報告"
SAGAMIHARA = "相模原市 総務局 局・区経営方針（平成25年度）"
GYOKAKU = "後期アクションプラン策定について（市名記載なし）"   # 001's title; no city named
FILE_000, FILE_004 = "000_96b2268ca103a618.txt", "004_8d4830aa96374116.txt"

TRAINING = "相模原市｜職場研修の実施件数"                     # 004 1-2
ABANDONED_CALLS = "相模原市｜放棄呼率"                        # 004 4-4, lower is better
OVERTIME = "相模原市｜時間外勤務時間の縮減時間数（平成22年度実績 74万時間との比較、年度ごと）"   # 004 2-2
WOMEN_MANAGERS = "厚木市｜女性管理職の割合"                    # 000 １-(２)-ア
RESERVE_FUNDS = f"{NO_CITY}｜財政調整2基金残高の標準財政規模に対する割合"   # 001 Keep ②

TABLE_COLUMNS = ["市", "計画", "年度・期間", "政策分野", "共通テーマ", "担当課", "成果指標", "方向", "目標", "実績",
                 "目標値", "実績値", "単位", "達成率（%）", "資料の判定", "判定", "達成率の帯", "帯と資料の照合",
                 "数値の注記", "出典", "ファイル"]


@pytest.fixture(autouse=True)
def _seed(app_db):
    """dashboard.db reads $PLANS_DB, which app_db points at the seed database."""


def _history(label: str) -> pd.DataFrame:
    return q.indicator_history(label, q.Filter())


# --- table_view: the indicator list as read and exported -----------------------------------------

def test_the_list_of_the_unnamed_city_reads_as_001_prints_it():
    view = q.table_view(q.indicator_table(q.Filter(cities=(NO_CITY,))))
    assert list(view.columns) == TABLE_COLUMNS
    cut, funds = view.to_dict("records")
    # 001 前期アクションプランの総括 Problem ②: 人件費の適正化 目標 33.3%以下 実績 32.9% 達成 (33.3 ÷ 32.9)
    assert {k: v for k, v in cut.items() if k not in ("出典", "帯と資料の照合")} == {
        "市": NO_CITY, "計画": "行革推進プラン", "年度・期間": "前期アクションプラン期間",
        "政策分野": "", "共通テーマ": "", "担当課": "",       # 001 gives none: blank cells, not NaN or None
        "成果指標": "人件費の適正化", "方向": "低いほど良い（目標は上限）", "目標": "33.3%以下", "実績": "32.9%",
        "目標値": 33.3, "実績値": 32.9, "単位": "%", "達成率（%）": 101.22, "資料の判定": "達成", "判定": "達成",
        "達成率の帯": "達成", "数値の注記": "", "ファイル": "001_9480041d8c514e34.txt"}
    assert cut["帯と資料の照合"] == "一致（達成率 101.2%・「達成」、資料「達成」）"
    assert cut["出典"].startswith(GYOKAKU + "、前期アクションプランの総括 Problem ②")
    # Keep ②: 10%以上 against 「確保できている」, words: no ratio, so no band and nothing to compare
    assert (funds["目標"], funds["実績"], funds["目標値"]) == ("10%以上", "確保できている", 10.0)
    assert math.isnan(funds["実績値"]) and math.isnan(funds["達成率（%）"])   # numbers stay numbers
    assert [funds[c] for c in ("政策分野", "共通テーマ", "担当課", "達成率の帯", "帯と資料の照合", "資料の判定", "判定")] == [
        "", "", "", "", "", "（記載なし）", "判定なし"]


def test_a_ratio_is_shown_to_two_decimals():
    view = q.table_view(q.indicator_table(q.Filter(cities=("相模原市",))))
    calls = view[view["成果指標"] == "放棄呼率"].set_index("年度・期間")
    # 004 4-4 H24: 放棄呼率 10%以下 → 5.6%; 10 ÷ 5.6 = 178.5714… %, 178.57 at two decimals (not 178.571)
    assert calls.loc["H24 (2012)", "達成率（%）"] == 178.57
    assert calls.loc["H24 (2012)", ["単位", "判定", "達成率の帯", "共通テーマ", "政策分野"]].tolist() == [
        "%", "達成", "達成", "市民協働・情報発信", "迅速な情報収集と戦略的な情報発信の推進"]
    # H25 has only its target 8%(委託契約の数値)以下: no ratio, no band, and 004 names no 担当課
    h25 = calls.loc["H25 (2013)"]
    assert (h25["目標"], h25["実績"], h25["判定"], h25["達成率の帯"], h25["帯と資料の照合"], h25["担当課"]) == (
        "8%(委託契約の数値)以下", "—", "判定なし", "", "", "")
    assert h25["数値の注記"] == "目標の注記「委託契約の数値」"


def test_a_band_that_disagrees_is_said_in_the_list():
    view = q.table_view(q.indicator_table(q.Filter(cities=("厚木市",), years=(2015, 2015), year_span=(2011, 2021))))
    row = view[view["成果指標"] == "女性管理職の割合"].iloc[0]
    # 000 １-(２)-ア: 12.5% → 11.8% × ; 11.8 ÷ 12.5 = 94.4 %, which the bands call 概ね達成
    assert (row["政策分野"], row["共通テーマ"], row["担当課"]) == ("１ 強い組織をつくる", "人材・組織", "職員課・行政経営課")
    assert (row["達成率（%）"], row["資料の判定"], row["判定"], row["達成率の帯"]) == (94.4, "×", "未達成", "概ね達成")
    assert row["帯と資料の照合"] == "食い違い: 達成率 94.4% は「概ね達成」の帯ですが、資料の判定は「×」（未達成）です"
    assert row["単位"] == "%"       # 000 has no unit column: the unit is read from its cells (12.5%)


# --- history_view: one indicator's years ----------------------------------------------------------

def test_history_of_an_indicator_with_a_judged_and_an_unjudged_year():
    view = q.history_view(_history(TRAINING))
    assert view.index.name == "年度・期間"
    assert list(view.columns) == ["目標", "実績", "資料の判定", "判定", "達成率", "帯と資料の照合"]
    # 004 1-2: H24 目標値800件に対して実施件数782件 達成率97.8% 概ね達成; H25 目標 800件, no actual yet
    assert view.reset_index().values.tolist() == [
        ["H24 (2012)", "800件", "782件", "概ね達成", "一部達成", "97.8%", "一致（達成率 97.8%・「概ね達成」、資料「概ね達成」）"],
        ["H25 (2013)", "800件", "—", "（記載なし）", "判定なし", "—", "—"]]


def test_history_of_the_unnamed_citys_indicator_given_in_words():
    view = q.history_view(_history(RESERVE_FUNDS))
    # 001 Keep ②: 財政調整 2 基金の残高が標準財政規模の 10%以上確保できている (a period, not a year)
    assert view.reset_index().values.tolist() == [
        ["前期アクションプラン期間", "10%以上", "確保できている", "（記載なし）", "判定なし", "—", "—"]]


# --- indicator_texts: the document's words beside the indicator ----------------------------------

def test_texts_of_an_indicator_named_by_its_initiative_only():
    texts = q.indicator_texts(_history(WOMEN_MANAGERS))
    assert list(texts.columns) == ["種類", "項目", "年度", "資料の記載", "出典"]
    # 000 １-(２)-ア: 取組内容, then H27 計画 and 実績; the texts name no indicator, the initiative code does
    base = f"{ATSUGI_REPORT}（１ 強い組織をつくる）p.1 分類１-(２)-ア "
    assert texts.values.tolist() == [
        ["取組内容", "", "", "次の６つの視点で人材育成に取り組む\n①風通しの良い職場\n②キャリアプラン\n③意識向上\n"
                             "④人事管理\n⑤人材確保\n⑥能力開発", base + "取組内容"],
        ["計画", "", "H27 (2015)", "人材育成基本方針に基づいた取組", base + "平成27年度の計画"],
        ["実績", "", "H27 (2015)", "接遇研修を充実させるとともに、新たな課題に対応するため、「マイナンバー」「地域包括ケア社会」"
                                 "などについて学ぶ研修を実施しました。\nまた、「マタニティハラスメント防止」研修を実施し、"
                                 "女性職員が働きやすい職場づくりについて啓発しました。", base + "平成27年度の実績"]]


def test_texts_of_an_indicator_by_name_and_by_initiative_in_year_order():
    texts = q.indicator_texts(_history(TRAINING))
    base = f"{SAGAMIHARA}、重点目標(H24評価とH25目標) 1-2 "
    # 004 1-2: the 事務事業の概要 (no year) first, then H24's 実績, 評価, 指標・目標, then H25's 指標・目標
    goal = "業務に関連した政策形成能力等の向上を図るための職場研修の実施件数を800件とする。"
    assert texts.values.tolist() == [
        ["事務事業の概要", "1-2 各局等による人材育成の推進", "",
         "専門的な知識・技能の修得を目指し、各局等において人材育成方針に基づき主体的に人材育成を図る。", base + "事務事業の概要"],
        ["実績", "", "H24 (2012)", "目標値800件に対して実施件数782件 達成率97.8%", base + "平成24年度 実績・評価等 実績"],
        ["評価", "", "H24 (2012)", "平成24年度の目標値は概ね達成することができたが、引き続き職場研修の実施に取り組み、"
                                 "各局等における人材育成の推進に努める。", base + "平成24年度 実績・評価等 評価"],
        ["指標・目標", "", "H24 (2012)", goal, base + "平成24年度 指標・目標"],
        ["指標・目標", "", "H25 (2013)", goal, base + "平成25年度 指標・目標"]]


def test_texts_of_the_unnamed_citys_indicator():
    # 001 Keep ② names the indicator; the plan has no city, which matches only the texts with none
    texts = q.indicator_texts(_history(RESERVE_FUNDS))
    assert texts.values.tolist() == [
        ["Keep", "②", "", "財政調整 2 基金の残高が標準財政規模の 10%以上確保できている",
         f"{GYOKAKU}、前期アクションプランの総括 Keep できたこと/続けたいこと ②"]]


def test_no_indicator_has_no_texts_and_no_figures():
    empty = _history("厚木市｜存在しない指標")
    assert empty.empty
    texts, figures = q.indicator_texts(empty), q.indicator_figures(empty)
    assert (list(texts.columns), len(texts)) == (["種類", "項目", "年度", "資料の記載", "出典"], 0)
    assert (list(figures.columns), len(figures)) == (["資料の文中の数値", "数値（記載どおり）", "年度", "出典"], 0)


# --- indicator_figures: the figures printed in those words ---------------------------------------

def test_figures_in_the_words_of_an_indicator_in_year_order():
    figures = q.indicator_figures(_history(OVERTIME))
    assert list(figures.columns) == ["資料の文中の数値", "数値（記載どおり）", "年度", "出典"]
    base = f"{SAGAMIHARA}、重点目標(H24評価とH25目標) 2-2 平成25年度 指標・目標"
    # 004 2-2 平成25年度 指標・目標: 平成22年度実績(74万時間) … 平成28年度までに10万時間縮減する
    assert figures.values.tolist() == [
        ["時間外勤務時間数（時間数が最も多かった年度の実績）", "74万時間", "H22 (2010)", base + "（年度は本文の「平成22年度実績」）"],
        ["時間外勤務時間の縮減時間数（平成22年度実績との比較、平成28年度までの累計）", "10万時間", "H28 (2016)",
         base + "（年度は本文の「平成28年度までに」）"]]


def test_figures_of_one_indicator_are_its_own():
    # 004 1-2 実績: 達成率97.8% (the seed's only figure of 1-2)
    assert q.indicator_figures(_history(TRAINING)).values.tolist() == [
        ["達成率", "97.8%", "H24 (2012)", f"{SAGAMIHARA}、重点目標(H24評価とH25目標) 1-2 平成24年度 実績・評価等 実績"]]
    # 000 １-(２)-ア and 001 Keep ② print no figure in their words (000_figures, 001_figures)
    assert q.indicator_figures(_history(WOMEN_MANAGERS)).empty
    assert q.indicator_figures(_history(RESERVE_FUNDS)).empty


# --- band_floors: the chart's rules ---------------------------------------------------------------

def _band_by_floors(ratio: float) -> str:
    return next(name for name, floor in q.band_floors() if ratio >= floor)


def test_band_floors_are_the_documents_grades():
    # 達成 from exactly on target (000 中心市街地の再配置計画 1件 of 1件 is 〇); 概ね達成 from 90 %
    # (004 1-2 grades 97.8 % 概ね達成; band_legend 「概ね達成 90%以上」); 未達成 is every ratio below
    assert q.band_floors() == (("達成", 1.0), ("概ね達成", 0.9), ("未達成", 0.0))
    assert q.band_legend() == "達成 100%以上、概ね達成 90%以上、未達成 90%未満"
    # the rules name the band each seed ratio is given: 004 1-2 782/800, 000 ふるさと納税 795/1,000
    assert [_band_by_floors(r) for r in (1.0, 782 / 800, 0.9, 795 / 1000, 0.0)] == [
        "達成", "概ね達成", "概ね達成", "未達成", "未達成"]
    ratios = q.ratios(q.Filter())
    assert [_band_by_floors(r) for r in ratios["ratio"]] == list(ratios["band"])


# --- sources and documents: 出典 under a table or a chart -----------------------------------------

def test_nothing_shown_cites_nothing():
    assert q.sources(pd.DataFrame(columns=["source"])) == ""
    assert q.documents(pd.DataFrame(columns=["source"])) == ""
    assert q.documents(pd.DataFrame(columns=["documents"])) == ""


def test_a_cell_listing_two_documents_names_each():
    # status_counts' documents cell joins its documents' files with 、
    counts = pd.DataFrame({"documents": [f"{FILE_000}、{FILE_004}", FILE_004, None]})
    assert q.documents(counts) == f"出典: {ATSUGI_REPORT}、{SAGAMIHARA}"


def test_the_documents_of_a_themes_judgements():
    counts = q.status_counts(q.Filter(), "theme")
    # 人材・組織 未達成: 000 １-(２)-ア 女性管理職 ×, 004 2-3 長期病気休業 未達成 and 1-1 具体化には至らなかった
    shown = counts[(counts["group"] == "人材・組織") & (counts["status"] == "not_achieved")]
    assert shown["documents"].tolist() == [f"{FILE_000}、{FILE_004}"]
    assert q.documents(shown) == f"出典: {ATSUGI_REPORT}、{SAGAMIHARA}"


def test_rows_are_cited_by_their_documents_and_sections():
    rows = q.indicator_table(q.Filter(cities=("厚木市",), years=(2015, 2015), year_span=(2011, 2021)))
    rows = rows[rows["label"] == WOMEN_MANAGERS]
    assert q.sources(rows) == f"出典: {ATSUGI_REPORT}（１ 強い組織をつくる）p.1 分類１-(２)-ア"
    assert q.documents(rows) == f"出典: {ATSUGI_REPORT}"


# --- default_indicator: the indicator a page opens on ---------------------------------------------

@pytest.mark.parametrize("f, label", [
    # 000 is 厚木市's 実績報告: preferred to the later 行革推進プラン (R4～R9) and 002 (令和３年度). Each of its
    # ratios is one year (H27), so the first by label of those with one: 中心市街地の再配置計画 1件 / １件
    (q.Filter(), "厚木市｜中心市街地の再配置計画の実施件数"),
    (q.Filter(cities=("厚木市",)), "厚木市｜中心市街地の再配置計画の実施件数"),
    # a plan chosen: 002 has targets only, 庁内副業率 the most (３％ / ５％ / 10％ for the three stages)
    (q.Filter(plans=("「庁内副業10％推進」アクションプラン",)), "厚木市｜庁内副業率"),
    (q.Filter(cities=("綾瀬市",)), "綾瀬市｜職員数の削減"),
    # 004's 6-1 参加者数 (1万人 → 6,181人) is its first label with a ratio, each ratio being one year (H24)
    (q.Filter(cities=("相模原市",)), "相模原市｜市民の国際交流、国際理解の機会の拡充を図るための事業への参加者数"),
    # 001: 人件費の適正化 has a ratio, 財政調整2基金 only words
    (q.Filter(cities=(NO_CITY,)), f"{NO_CITY}｜人件費の適正化"),
    (q.Filter(plans=("行革推進プラン",)), f"{NO_CITY}｜人件費の適正化"),
    (q.Filter(search="存在しない語"), None),
])
def test_the_default_indicator_is_of_the_expected_plan(f, label):
    assert q.default_indicator(f) == label


# --- the unfiltered list reads only the first cities' rows ---------------------------------------

def test_the_first_rows_unfiltered_are_the_first_citys_in_page_order():
    # 厚木市 comes first (labels.CITIES), before 相模原市 whose code (141500) is lower. Its rows go by plan
    # (「庁内副業10％推進」 before 行政経営プラン), area (アウトカム), indicator, then stage (7-1, 7-2)
    table = q.indicator_table(q.Filter(), limit=3)
    assert table[["city", "indicator", "year_label"]].values.tolist() == [
        ["厚木市", "アクションプラン協力者数", "まず取り組むアクション"],
        ["厚木市", "アクションプラン協力者数", "次に取り組むアクション"],
        ["厚木市", "仕事を自分ごと化し、経営感覚を持った若手・中堅職員が増える。", "次に取り組むアクション"]]
    # the first disagreement is 000's 女性管理職 (厚木市), not 004's 長期病気休業 (相模原市)
    assert q.disagreements(q.Filter(), limit=1)["label"].tolist() == [WOMEN_MANAGERS]


# --- the words a row is read in: printed form, judgement, band note, figure notes -----------------

def test_a_printed_figure_gains_the_headers_unit_only_when_it_lacks_it():
    # 004 1-2 prints 800件 with its unit; a sheet whose 目標 column is headed 目標（件） prints 800
    assert q._printed(800.0, None, "800", "件") == "800件"
    assert q._printed(800.0, None, "800件", "件") == "800件"
    assert q._printed(10.0, None, "１０％以下", "%") == "１０％以下"       # ％ and % are one unit (NFKC)
    assert q._printed(5.0, None, "5KM", "km") == "5KM"                      # and so are KM and km
    # words stay words: 確保できている has no number to carry a unit
    assert q._printed(None, "確保できている", "確保できている", "%") == "確保できている"
    # nothing printed: the number with its unit, or the words, or a dash
    assert q._printed(782.0, None, None, "件") == "782件"
    assert q._printed(None, "確保できている", None, "%") == "確保できている"
    assert q._printed(None, None, "", None) == "—"


def test_a_judgement_is_the_mark_and_the_evaluation_as_printed():
    assert q._judgement("×", "未達成") == "×／未達成"
    assert q._judgement("〇", None) == "〇"
    assert q._judgement(None, "概ね達成") == "概ね達成"
    assert q._judgement("", float("nan")) == "（記載なし）"


def _row(**fields):
    return SimpleNamespace(**{"band": None, "ratio_pct": None, "status": "not_judged", "agrees": None,
                              "judgement": "（記載なし）", **fields})


def test_a_band_note_says_agreement_disagreement_or_that_no_judgement_is_printed():
    assert q._band_note(_row()) == ""
    assert q._band_note(_row(band="達成", ratio_pct=101.22)) == "資料に判定はありません（達成率 101.2% は「達成」の帯）"
    assert q._band_note(_row(band="概ね達成", ratio_pct=97.75, status="partly", agrees=True, judgement="概ね達成")) == (
        "一致（達成率 97.8%・「概ね達成」、資料「概ね達成」）")
    # the document's words differ from the judgement they count as: both are said
    assert q._band_note(_row(band="未達成", ratio_pct=79.5, status="achieved", agrees=False, judgement="〇")) == (
        "食い違い: 達成率 79.5% は「未達成」の帯ですが、資料の判定は「〇」（達成）です")
    # the words are the judgement's own name: said once
    assert q._band_note(_row(band="未達成", ratio_pct=79.5, status="achieved", agrees=False, judgement="達成")) == (
        "食い違い: 達成率 79.5% は「未達成」の帯ですが、資料の判定は「達成」です")


def test_figure_notes_name_approximate_figures_and_the_cells_own_notes():
    assert q._figure_note(SimpleNamespace()) == ""          # a frame without the columns: nothing to say
    both = SimpleNamespace(target_approximate=True, target_note="各部に１人", actual_approximate=False,
                           actual_note=None)
    assert q._figure_note(both) == "目標は概数、目標の注記「各部に１人」"
    assert q._figure_note(SimpleNamespace(target_approximate=float("nan"), actual_note="")) == ""


def test_a_row_without_its_printed_form_reads_from_its_value_unit_or_words(live):
    # a sheet gives 目標 and 実績 as numbers with the unit in the header, or as words, nothing printed
    changed(live, "update kpi set target_printed = null, actual_printed = null, period = null", derive=True)
    training = q.history_view(_history(TRAINING)).reset_index()
    assert training[["年度・期間", "目標", "実績"]].values.tolist() == [
        ["H24 (2012)", "800件", "782件"], ["H25 (2013)", "800件", "—"]]
    # 001 Keep ② has no year, and now no period either: blank, never nan
    funds = q.history_view(_history(RESERVE_FUNDS)).reset_index()
    assert funds[["年度・期間", "目標", "実績"]].values.tolist() == [["", "10%", "確保できている"]]


def test_figures_named_by_the_initiative_only_are_found_by_its_code(live):
    # a figure whose words name no indicator belongs to the indicator of its initiative (004 1-2)
    changed(live, "update figures set indicator = null where initiative_code = '1-2'", derive=True)
    assert q.indicator_figures(_history(TRAINING))["数値（記載どおり）"].tolist() == ["97.8%"]


def test_a_row_the_document_does_not_judge_is_no_disagreement(live):
    # 000 女性管理職の割合 (12.5% → 11.8%, ×) with its mark taken away: a band, but nothing to disagree with
    changed(live, "update kpi set mark = null, mark_key = null, evaluation = null where indicator = '女性管理職の割合'", derive=True)
    table = q.indicator_table(q.Filter())
    women = table[table["label"] == WOMEN_MANAGERS].iloc[0]
    assert (women["status"], women["band"]) == ("not_judged", "概ね達成")
    assert women["band_note"] == "資料に判定はありません（達成率 94.4% は「概ね達成」の帯）"
    assert q.disagreement_view(table)["成果指標"].tolist() == ["市内で活動する市民活動団体数", "長期病気休業職員の割合"]


def test_a_target_in_words_without_its_printed_form_reads_as_its_words(live):
    # 000 計画に基づく採用: 目標 「職員構成の推移等を想定」, words only
    changed(live, "update kpi set target_printed = null where indicator = '計画に基づく採用'", derive=True)
    view = q.history_view(_history("厚木市｜計画に基づく採用"))
    assert view["目標"].tolist() == ["職員構成の推移等を想定"]


@pytest.mark.parametrize("choice", [
    {"cities": ("厚木市",)}, {"plans": ("行革推進プラン",)}, {"themes": ("人材・組織",)},
    {"areas": ("１ 強い組織をつくる",)}, {"departments": ("人事課",)}, {"statuses": ("achieved",)},
    {"search": "研修"}, {"years": (2012, 2012), "year_span": (2011, 2021)},
])
def test_any_one_choice_makes_a_filter(choice):
    # an unfiltered view reads the precomputed groups; any single choice must read the rows
    assert q.Filter(**choice).unfiltered() is False
    assert q.Filter().unfiltered() is True
    assert q.Filter(years=(2011, 2021), year_span=(2011, 2021)).unfiltered() is True
