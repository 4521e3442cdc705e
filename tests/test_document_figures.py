"""Figures the documents print inside their words are read as figures (issue #15): v_figures.

Each figure is asserted against the document text, citing its table; and every number written in
a held text cell is either read as a figure somewhere or is one of the listed kinds that are not
figures (a year, a date, a numbering, a name), so a number left as words is a failing test.
"""
from __future__ import annotations

import csv
import re

import pytest

from loaders.numbers import fold_width
from tests.conftest import ROOT, SEEDS

_WS = re.compile(r"\s+")


def _compact(text: str) -> str:
    return _WS.sub("", fold_width(text))


def _document(doc: str) -> str:
    return _compact(next(SEEDS.glob(f"{doc}_*.txt")).read_text(encoding="utf-8"))


FILES = sorted(p.name for p in (ROOT / "data" / "seed").glob("*_figures.csv"))


def test_every_document_with_figures_in_its_words_has_a_figures_file():
    assert FILES == ["000_figures.csv", "001_figures.csv", "002_figures.csv", "004_figures.csv"]


@pytest.mark.parametrize("file", FILES)
def test_each_figure_is_printed_in_its_document_within_its_quote(file):
    document = _document(file[:3])
    for row in csv.DictReader((ROOT / "data" / "seed" / file).open(encoding="utf-8")):
        quote = _compact(row["quote"])
        assert quote in document, (file, row["quote"])
        assert _compact(row["figure"]) in quote, (file, row["figure"], row["quote"])
        assert row["source"].startswith(file[:3] + "_"), row["source"]
        assert row["held_in"] in {"v_texts", "v_kpi.target", "v_kpi.actual", "v_kpi.indicator",
                                  "v_series.indicator"}, row["held_in"]


# document, table (as its source names it), subject, then value, unit, bound, approximate, signed, year
FIGURES = [
    # 004, 重点目標 1-2 平成24年度 実績: 「目標値800件に対して実施件数782件 達成率97.8%」
    ("004", "1-2 平成24年度 実績・評価等 実績", "達成率", 97.8, "%", None, False, False, 2012),
    # 004, 重点目標 2-3 平成24年度 指標・目標: 「2.7%以下とする。 (平成23年度 2.8%)」: the year is H23's
    ("004", "2-3 平成24年度 指標・目標", "長期病気休業職員の割合（基準値）", 2.8, "%", None, False, False, 2011),
    # 004, 重点目標 2-2 平成25年度 指標・目標: 「平成22年度実績(74万時間)」, 「平成28年度までに10万時間縮減」
    ("004", "2-2 平成25年度 指標・目標", "時間外勤務時間数（時間数が最も多かった年度の実績）",
     740_000, "時間", None, False, False, 2010),
    ("004", "2-2 平成25年度 指標・目標",
     "時間外勤務時間の縮減時間数（平成22年度実績との比較、平成28年度までの累計）", 100_000, "時間", None, False, False, 2016),
    # 004, 重点目標 6-1 平成24年度 評価: 「前年度より2,000人以上増加した」: a change, at least 2,000
    ("004", "6-1 平成24年度 実績・評価等 評価", "参加者数の前年度からの増加", 2000, "人", "ge", False, True, 2012),
    # 004, 重点目標 2-1 平成24年度 実績: 「平成25年度の職員定数を4,590人から4,620人とした」
    ("004", "2-1 平成24年度 実績・評価等 実績", "職員定数（変更前）", 4590, "人", None, False, False, 2013),
    ("004", "2-1 平成24年度 実績・評価等 実績", "職員定数（変更後）", 4620, "人", None, False, False, 2013),
    ("004", "2-1 平成24年度 実績・評価等 実績", "職員定数管理計画の期間（平成28年度まで）", 4, "か年", None, False, False, 2012),
    # 004, 重点目標 3-1 平成24年度 実績: 「歴史的公文書(約1,700冊)」
    ("004", "3-1 平成24年度 実績・評価等 実績", "細目録作成・データ化を行った歴史的公文書の冊数",
     1700, "冊", None, True, False, 2012),
    # 004, 重点目標 4-4 平成25年度 指標・目標: 「放棄呼率を8%(委託契約の数値)以下を目指す」: 8 % or less, its note kept
    ("004", "4-4 平成25年度 指標・目標", "放棄呼率の目標（上限、委託契約の数値）", 8, "%", "le", False, False, 2013),
    # 004, 現状と課題 4: 「一部返還(約17ha)」「共同使用(約35ha)」
    ("004", "現状と課題 4 現状", "相模総合補給廠の一部返還の面積", 17, "ha", None, True, False, None),
    ("004", "現状と課題 4 現状", "相模総合補給廠の共同使用の面積", 35, "ha", None, True, False, None),
    # 004, 重点目標 6-2 事務事業の概要: 「(JAXA)の施設が緑で4市2町で構成した連邦国家」
    ("004", "6-2 事務事業の概要", "銀河連邦を構成する市の数", 4, "市", None, False, False, None),
    ("004", "6-2 事務事業の概要", "銀河連邦を構成する町の数", 2, "町", None, False, False, None),
    # 004, 本年度の主な事業 2-2 内容: 「平成22年度から平成26年度の5年間を計画期間として」
    ("004", "本年度の主な事業(取組) 2-2 次世代育成支援対策の推進 内容",
     "特定事業主行動計画(職員ささえあい子育てプラン)の計画期間", 5, "年間", None, False, False, None),
    # 004, 本年度の主な事業 5-1 内容: 「共同使用の約10ha部分の公園整備、一部返還のうち鉄道・道路用地(約2ha)」
    ("004", "本年度の主な事業(取組) 5-1 基地問題 内容",
     "相模総合補給廠の共同使用のうち公園整備に向け取り組む部分の面積", 10, "ha", None, True, False, None),
    ("004", "本年度の主な事業(取組) 5-1 基地問題 内容",
     "相模総合補給廠の一部返還のうち鉄道・道路用地の面積", 2, "ha", None, True, False, None),
    # 001, 前期アクションプランの総括 Problem ⑧: 「どうすればいいかわからない職員が4割いる」: a share, 40 %
    ("001", "Problem 問題だったこと/課題 ⑧",
     "デジタルを取り入れることでもっと効率化できる部分があるがどうすればいいかわからない職員の割合",
     40, "%", None, False, False, None),
    # 000, p.1 分類１-(２)-イ 平成27年度の実績: 「月１回以上のミーティング」「振替（代休）の100％消化」
    ("000", "分類１-(２)-イ 平成27年度の実績 1", "職場内ミーティングの実施回数（月、義務化）", 1, "回", "ge", False, False, 2015),
    ("000", "分類１-(２)-イ 平成27年度の実績 2", "振替（代休）の消化（指導の目標）", 100, "%", None, False, False, 2015),
    # 000, p.4 分類２-(２)-エ 平成27年度の計画 ② 「（15kW）」, 実績 ② 「(16.32KW)」「（15.6KW）」
    ("000", "分類２-(２)-エ 平成27年度の計画 2", "藤塚中学校 太陽光発電システムの出力（計画）", 15, "kW", None, False, False, 2015),
    ("000", "分類２-(２)-エ 平成27年度の実績 2", "藤塚中学校 太陽光発電システムの出力（実績）",
     16.32, "KW", None, False, False, 2015),
    ("000", "分類２-(２)-エ 平成27年度の実績 2", "藤塚中学校 蓄電池システムの出力（実績）", 15.6, "KW", None, False, False, 2015),
    # 000, p.5 分類２-(３)-ア 平成27年度の実績 ②③ 「（実績３台）」
    ("000", "分類２-(３)-ア 平成27年度の実績", "文化会館の駐車場に受け入れた大型バスの台数（実績）",
     3, "台", None, False, False, 2015),
    # 000, p.7 分類３-(３)-ア 平成27年度の実績: 「３年ごとに見直し」
    ("000", "分類３-(３)-ア 平成27年度の実績", "施設使用料の見直しの間隔", 3, "年", None, False, False, 2015),
    # 002, 7-1 まず取り組むアクションの目標 アウトカム ②「25人（各部に１人）」 ③「庁内副業率３％（年間約 60 時間）」;
    # 7-2 ④「５％（年間約 100 時間）」; 7-3 ④「10％（年間約 200 時間）」: the parenthetical's figure as a figure
    ("002", "7-1 まず取り組むアクション", "アクションプラン協力者数の各部の人数（まず取り組むアクションの目標）",
     1, "人", None, False, False, None),
    ("002", "7-1 まず取り組むアクション", "庁内副業率３％に当たる年間の時間（まず取り組むアクションの目標）",
     60, "時間", None, True, False, None),
    ("002", "7-2 次に取り組むアクション", "庁内副業率５％に当たる年間の時間（次に取り組むアクションの目標）",
     100, "時間", None, True, False, None),
    ("002", "7-3 さらに取り組むアクション", "庁内副業率10％に当たる年間の時間（さらに取り組むアクションの目標）",
     200, "時間", None, True, False, None),
    # 002, 4-3 職員アンケート結果: 「約 11 か月で 5,651 時間/713 人」
    ("002", "4-3 職員アンケート結果", "他部署の業務に携わった時間の集計期間", 11, "か月", None, True, False, 2021),
    # 002, 4-1 (3): 「平成 24 年度から令和２年度までの９年間で約 80 人減少」
    ("002", "4-1 職員の状況 (3)", "職員数の減少を数えた期間", 9, "年間", None, False, False, None),
]


def test_every_figure_row_is_asserted_here(seed_con):
    assert seed_con.execute("select count(*) from v_figures").fetchone()[0] == len(FIGURES)


@pytest.mark.parametrize("doc, table, subject, value, unit, bound, approximate, signed, year", FIGURES,
                         ids=[f"{f[0]}-{f[2][:20]}" for f in FIGURES])
def test_each_figure_equals_the_document(seed_con, doc, table, subject, value, unit, bound, approximate, signed, year):
    rows = seed_con.execute(
        """select value, unit, bound, approximate, signed, fiscal_year, source from v_figures
           where subject = ? and starts_with(source, ?)""", [subject, f"{doc}_"]).fetchall()
    assert len(rows) == 1, rows
    *figure, source = rows[0]
    assert figure == [pytest.approx(value), unit, bound, approximate, signed, year]
    assert _compact(table) in _compact(source)


def test_figures_sit_beside_the_indicator_they_belong_to(seed_con):
    # 004, 重点目標 2-3: the H23 baseline belongs to the indicator whose H24 actual is also 2.8%
    # (評価: 「長期病気休業職員の割合は前年度と同じ」)
    base = seed_con.execute("""select f.value, k.actual_value from v_figures f
        join v_kpi k on k.city = f.city and k.plan = f.plan and k.indicator = f.indicator and k.fiscal_year = 2012
        where f.subject = '長期病気休業職員の割合（基準値）'""").fetchone()
    assert base == (2.8, 2.8)


# Numbers written in held text cells that are not figures, each with the reason. Everything else
# must be read as a figure: in v_figures, or as a value of v_kpi / v_series / v_rules.
NOT_FIGURES = [
    ("*", r"(?:平成|令和|H|R)\d+(?:年度|年)?(?:から|まで|~)?", "a fiscal or calendar year"),
    ("*", r"(?<![\d,])\d+年度", "a fiscal year written without its era (23年度)"),
    ("*", r"\d+(?:~\d+)?月(?:\d+日)?", "a month or date"),
    ("*", r"第\d+回", "a numbering (第1回研究会)"),
    ("*", r"\(\d+\)|[①-⑳]", "a numbering"),
    ("000", r"10年、20年後の推移", "the horizons of a projection, words of a plan (１-(１)-イ 計画)"),
    ("000", r"6つの視点", "a count of the viewpoints listed after it, each held as words (１-(２)-ア)"),
    ("000", r"概ね2,3年ごと", "「２，３年」 is two or three years, no one number; kept as words (１-(３)-ア)"),
    ("000", r"オープンディ2016", "the name of an event (３-(２)-ア)"),
    ("001", r"財政調整2基金", "the name of the two funds (財政調整 2 基金)"),
    ("001", r"\(R4~R9\)", "the plan's period, held in v_plans"),
    ("001", r"1つとする", "an instruction to merge the listed initiatives into one (取組の整理 ② ⑦), not a measure"),
    ("002", r"1人平均", "per person: how a statistic is averaged, not a figure"),
    ("002", r"40歳以上|39歳以下", "the bounds of the age group a statistic is of"),
    ("002", r"行政職1", "the name of a salary table (行政職１)"),
    ("002", r"10年後|1年の振り返り", "words of a meeting's theme (2-1 主な内容)"),
    ("002", r"4-3を参照", "a reference to section 4-3"),
    ("002", r"[1-5](?=自分の|組織及び|上司や|その他)", "the numbering of a question's choices (2-2 (5) アンケート項目 ⑤ ⑥)"),
    ("003", r"今後5年間", "the period of the staff target, held as v_kpi.period"),
    ("003", r"次の3項目|3つの側面", "a count of the items named right after it (大綱 2 基本方針 (1)～(3), 3 基本的な取り組み)"),
    ("004", r"返還4事案", "the name of the set of bases to be returned, a term of the negotiations"),
    ("004", r"3つの目標", "a count of the goals named after it in the same sentence (現状と課題 6)"),
    ("004", r"銀河連邦25周年", "the anniversary an occasion is named by (重点目標 6-2 平成25年度 指標・目標)"),
]

_CELLS = """
    select left(source, 3), 'v_texts', text from v_texts
    union all select left(source, 3), 'v_kpi.indicator', indicator from v_kpi
    union all select left(source, 3), 'v_kpi.target', target_text from v_kpi where target_text is not null
    union all select left(source, 3), 'v_kpi.actual', actual_text from v_kpi where actual_text is not null
    union all select left(source, 3), 'v_kpi.evaluation', evaluation from v_kpi where evaluation is not null
    union all select left(source, 3), 'v_series.indicator', indicator from v_series
    union all select left(source, 3), 'v_rules.rule', rule from v_rules
    union all select left(source, 3), 'v_schedule.content', content from v_schedule where content is not null
    union all select left(source, 3), 'v_initiatives', initiative from v_initiatives"""
_READ = """
    select left(source, 3), printed from v_figures
    union all select left(source, 3), target_printed from v_kpi where target_value is not null
    union all select left(source, 3), actual_printed from v_kpi where actual_value is not null
    union all select left(source, 3), value_printed from v_series where value is not null
    union all select left(source, 3), value_printed from v_series_totals
    union all select left(source, 3), threshold_printed from v_rules where threshold_value is not null"""
_NUMBER = re.compile(r"\d[\d,.]*")


def _unread_numbers(con, left_out: str | None = None) -> list[tuple[str, str, str]]:
    read: dict[str, set[str]] = {}
    for doc, printed in con.execute(_READ).fetchall():
        if printed != left_out:
            read.setdefault(doc, set()).add(_compact(printed))
    unread = []
    for doc, where, cell in con.execute(_CELLS).fetchall():
        text = _compact(cell)
        spans = [m.span() for d, pattern, _ in NOT_FIGURES if d in ("*", doc) for m in re.finditer(pattern, text)]
        spans += [(m.start(), m.end()) for figure in read.get(doc, ()) if figure
                  for m in re.finditer(re.escape(figure), text)]
        for m in _NUMBER.finditer(text):
            if not any(start <= m.start() and m.end() <= end for start, end in spans):
                unread.append((doc, where, text[max(0, m.start() - 15):m.end() + 10]))
    return unread


def test_every_number_in_a_held_cell_is_read_as_a_figure_or_listed_as_not_one(seed_con):
    assert _unread_numbers(seed_con) == []


def test_a_number_left_as_words_is_found(seed_con):
    """The walk is not vacuous: without 004's 2,000人以上増加 the 6-1 評価 holds an unread number."""
    unread = _unread_numbers(seed_con, left_out="2,000人以上増加")
    assert [(d, w) for d, w, _ in unread] == [("004", "v_texts")] and "2,000人以上増加" in unread[0][2]
