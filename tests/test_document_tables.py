"""Every table of the five documents is held (data/README.md lists them), and new figures equal the
document text (issue #15). Each sample cites its document and table."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS

_WS = re.compile(r"\s+")


def _listed() -> list[dict]:
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    section = text.split("## Every table of every document, and where it lives", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"\d{3}", cells[0]):
            files = re.findall(r"`(\d{3}_\w+\.csv)` → `(v_\w+)`", cells[3])
            rows.append({"document": cells[0], "table": cells[1], "where": cells[2], "files": files})
    return rows


LISTED = _listed()


def test_the_list_covers_every_document():
    counts = {d: sum(r["document"] == d for r in LISTED) for d in ("000", "001", "002", "003", "004")}
    assert counts == {"000": 5, "001": 8, "002": 14, "003": 5, "004": 8}
    assert f"they are the {len(LISTED)} below" in (ROOT / "data" / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("row", LISTED, ids=[f"{r['document']}-{r['table']}" for r in LISTED])
def test_each_listed_table_is_held_where_the_list_says(seed_con, row):
    assert row["files"], row
    for file, view in row["files"]:
        path = ROOT / "data" / "seed" / file
        sources = [r["source"] for r in csv.DictReader(path.open(encoding="utf-8"))]
        assert any(_WS.sub("", row["where"]) in _WS.sub("", s) for s in sources), (file, row["where"])
        held = seed_con.execute(f"select count(*) from {view} where source like ?",
                                [f"{row['document']}_%"]).fetchone()[0]
        assert held > 0, (view, row)


def _document(doc: str) -> str:
    return _WS.sub("", next(SEEDS.glob(f"{doc}_*.txt")).read_text(encoding="utf-8"))


@pytest.mark.parametrize("file", sorted(p.name for p in (ROOT / "data" / "seed").glob("*_texts.csv"))
                         + ["002_rules.csv", "002_schedule.csv"])
def test_every_word_held_is_printed_in_its_document(file):
    """The documents' words are held as printed: each line, spaces aside, is in the document."""
    document = _document(file[:3])
    for row in csv.DictReader((ROOT / "data" / "seed" / file).open(encoding="utf-8")):
        for column in ("text", "rule", "content", "date", "threshold"):
            for line in (row.get(column) or "").split("\n"):
                assert _WS.sub("", line) in document, (file, column, line)


def test_000_narrative_is_held_per_initiative(seed_con):
    rows = dict(seed_con.execute("""select kind, count(distinct initiative_code) from v_texts
        where source like '000_%' and kind in ('取組内容', '計画', '実績') group by kind""").fetchall())
    assert rows == {"取組内容": 25, "計画": 25, "実績": 25}          # every initiative of the eight pages
    # 000, p.4 分類２-(２)-エ ②: 「藤塚中学校（屋上）へ太陽光発電システム(16.32KW)…」
    text = seed_con.execute("""select text from v_texts where initiative_code = '２-(２)-エ' and kind = '実績'
        and item = '2'""").fetchone()[0]
    assert "太陽光発電システム(16.32KW)、蓄電池システム（15.6KW）" in text


def test_000_sale_total_is_a_printed_total_not_a_member_of_its_series(seed_con):
    # 000, p.5 分類２-(３)-イ ①売却等 【売却地】 27,000千円 + 25,980千円, 合計：52,980千円
    parts = seed_con.execute("""select sum(value) from v_series where indicator like '未利用地売却額%'""").fetchone()[0]
    total = seed_con.execute("select value from v_series_totals where total = '未利用地売却額 合計'").fetchone()[0]
    assert (parts, total) == (52_980, 52_980)


def test_001_keep_problem_try(seed_con):
    counts = dict(seed_con.execute("""select kind, count(*) from v_texts where source like '001_%'
        group by kind""").fetchall())
    # 001: Keep ①～③, Problem ①～⑨, Try ①～⑧ and ⑧'s text, and under 取組の整理 ①～⑦ the lists of
    # 新規の取組 / 既存取組（前期アクションプラン） as each heading prints it (⑥ 「新規取組」, ⑦ 「既存取組 (…)」)
    assert counts == {"Keep": 3, "Problem": 9, "Try": 9, "Try 新規の取組": 6, "Try 新規取組": 1,
                      "Try 既存取組（前期アクションプラン）": 6, "Try 既存取組 (前期アクションプラン)": 1, "Try その他": 1}
    beside = seed_con.execute("""select text from v_texts where indicator = '人件費の適正化'""").fetchone()[0]
    assert "目標が33.3%以下に対して、実績が32.9%" in beside           # 001, Problem ②


def test_002_rules_hold_their_threshold_and_direction(seed_con):
    # 002, 7-2 具体的な取組例 プロジェクトチーム 「メンバーのうち 20％以上を公募とする。」「活動期間は２年以内」
    rows = seed_con.execute("""select body, subject, threshold_value, threshold_unit, direction from v_rules
        where threshold_value is not null order by body, item""").fetchall()
    assert ("プロジェクトチーム", "メンバーに占める公募の割合", 20, "%", "higher") in rows
    assert ("プロジェクトチーム", "活動期間", 2, "年", "lower") in rows
    assert ("タスクフォース", "活動期間", 6, "か月", "lower") in rows
    assert ("ワーキングチーム", "活動期間", 1, "年", "lower") in rows
    assert seed_con.execute("select count(*) from v_rules").fetchone()[0] == 19   # 7 + 4 + 8 ○


def test_002_schedule_holds_every_meeting(seed_con):
    # 002, 2-1: 第１回～第６回, 第６回 on two days (令和４年１月 27日 and 28日), all in 令和３年度
    rows = seed_con.execute("select item, fiscal_year from v_schedule").fetchall()
    assert [r[0] for r in rows] == ["第１回", "第２回", "第３回", "第４回", "第５回", "第６回", "第６回"]
    assert {r[1] for r in rows} == {2021}


def test_002_figures_in_the_text_are_held(seed_con):
    values = dict(seed_con.execute("select indicator, value from v_series where source like '002_%'").fetchall())
    assert values["職員数の減少（平成24年度から令和２年度までの９年間）"] == 80     # 4-1 (3) 「約 80 人減少」
    assert values["予算（特別会計含む）の平成23年度に対する倍率"] == 1.2          # 5-4 「予算は約 1.2 倍に増加」
    assert values["定員管理上の職員数に占める40歳以上の割合"] == 60                 # 4-1 (3) 「40 歳以上が６割」


def test_004_current_state_and_issues_and_evaluations(seed_con):
    counts = dict(seed_con.execute("""select kind, count(*) from v_texts where source like '004_%'
        group by kind""").fetchall())
    assert (counts["現状"], counts["課題"], counts["役割・目標"], counts["視点・方針"]) == (6, 6, 6, 9)
    assert counts["評価"] == 13        # 重点目標 H24: every initiative but 2-2 (新, no H24 評価)
    # 004, 現状と課題 4: 「相模総合補給廠の一部返還(約17ha)に続き、共同使用(約35ha)…」
    assert "一部返還(約17ha)" in seed_con.execute(
        "select text from v_texts where kind = '現状' and item = '4'").fetchone()[0]


def test_004_each_initiative_s_outline_and_each_main_project_s_content_are_held(seed_con):
    rows = seed_con.execute("""select kind, initiative_code, item, text from v_texts where source like '004_%'
        and kind in ('事務事業の概要', '内容') order by source""").fetchall()
    outlines = {code: text for kind, code, _, text in rows if kind == '事務事業の概要'}
    contents = {item: (code, text) for kind, code, item, text in rows if kind == '内容'}
    # 重点目標: every 事務事業 has its 概要 (14, 2-2 included); 本年度の主な事業: all 26 rows
    assert list(outlines) == ["1-1", "1-2", "2-1", "2-2", "2-3", "3-1", "4-1", "4-2", "4-3", "4-4",
                              "5-1", "6-1", "6-2", "6-3"]
    assert len(contents) == 26 and all(code is None for code, _ in contents.values())
    # 004, 重点目標 2-3: the extracted text puts its 概要 in the 事務事業名 column
    assert outlines["2-3"].startswith("市民サービスの向上を図っていくために不可欠である、職員の心と体の健康保持")
    # 004, 重点目標 2-2 (新): its 概要 sits where a H24 target would be
    assert outlines["2-2"] == "職員の健康保持と効率的な事務執行の観点から職員の時間外勤務時間縮減を図る。"
    # 004, 本年度の主な事業 5-1 基地問題 内容
    assert "共同使用の約10ha部分の公園整備、一部返還のうち鉄道・道路用地(約2ha)の早期利用" in contents["5-1 基地問題"][1]
    # 004, 本年度の主な事業 4-5: the 内容 of the row whose amount is a 歳入予算額
    assert contents["4-5 有料広告掲載業務への民間活力の導入"][1].startswith("「広報さがみはら」及び「市ホームページ」への有料広告掲載")
    document = _document("004")
    assert all(_WS.sub("", text) in document for *_, text in rows)


def test_004_the_sentences_a_numeric_target_or_result_was_read_from_are_held(seed_con):
    """Where a 重点目標 cell holds a figure read out of a sentence (800件 out of 「…実施件数を800件とする。」),
    the sentence is held beside the indicator, as printed."""
    rows = {(code, fy, kind): text for code, fy, kind, text in seed_con.execute(
        """select initiative_code, fiscal_year, kind, text from v_texts where source like '004_%'
           and kind in ('指標・目標', '実績')""").fetchall()}
    numeric = {(code, fy) for code, fy in seed_con.execute(
        """select initiative_code, fiscal_year from v_kpi where source like '004_%' and target_value is not null""").fetchall()}
    # 2-1's 4,640人 is filed under 平成26年度, the year its sentence in the 平成25年度 column gives it
    assert numeric - {("2-1", 2014)} | {("2-1", 2013)} == {(code, fy) for code, fy, kind in rows if kind == '指標・目標'}
    # 004, 重点目標 1-2 平成24年度 実績・評価等 実績
    assert rows[("1-2", 2012, "実績")] == "目標値800件に対して実施件数782件 達成率97.8%"
    # 004, 重点目標 4-4 平成24年度 指標・目標: the document's own definition of 放棄呼率
    assert rows[("4-4", 2012, "指標・目標")] == \
        "放棄呼率(電話をいただいたのにコールセンターで電話を取ることのできなかった率)10%以下とする。"
    # 004, 重点目標 4-4 平成25年度 指標・目標
    assert "放棄呼率を8%(委託契約の数値)以下を目指す。" in rows[("4-4", 2013, "指標・目標")]
    document = _document("004")
    assert all(_WS.sub("", text) in document for text in rows.values())


def test_001_try_lists_the_initiatives_under_each_direction(seed_con):
    rows = dict(seed_con.execute("""select kind, text from v_texts where source like '001_%'
        and section = '後期アクションプランで取組が必要なことと取組の整理' and item = '①'""").fetchall())
    # 001, 後期アクションプランで取組が必要なことと取組の整理 ① 財政の健全化に資する取組の強化
    assert rows["Try 新規の取組"].split("\n") == [
        "ふるさと納税寄附額の維持・向上 [財政課]", "PRE（公的不動産）の売却等の促進 [資産経営課]",
        "設計施工一括発注（DB）方式の導入検討 [契約課]", "KPI評価に基づく事業改善の促進 [政策経営課]",
        "※外部評価等の実施を追加"]
    assert rows["Try 既存取組（前期アクションプラン）"].split("\n")[-1] == "集中管理等による公用車保有・管理及び台数の適正化 [行政マネジメント課]"
    # ⑦ B P Rの推進の取組: 「BPRの取組として1つとする」 kept as words, in its place in the list
    seventh = seed_con.execute("""select text from v_texts where source like '001_%' and item = '⑦'
        and kind = 'Try 新規の取組'""").fetchone()[0].split("\n")
    assert seventh[0] == "○ B P Rの推進 (行政マネジメント課)" and seventh[6] == "BPRの取組として1つとする"


def test_002_each_outline_item_holds_its_findings(seed_con):
    rows = dict(seed_con.execute("""select item, text from v_texts where source like '002_%'
        and kind = '取組からの気付き'""").fetchall())
    assert list(rows) == ["(1) キーパーソンインタビュー", "(2) 職員・市民アンケート",
                          "(3) 庁内プロジェクトチーム等の設置状況調査", "(4) 市長、派遣元との対話"]
    # 002, 2-2 (3) 取組からの気付き: three bullets, the PDF's line breaks inside each joined
    assert rows["(3) 庁内プロジェクトチーム等の設置状況調査"].split("\n") == [
        "・チームの設置は、主管部長が行うことになっており、充て職や管理職で構成される傾向にある。",
        "・若手・中堅職員、女性職員がメンバーになっているプロジェクトチームが少ない。",
        "・設置基準が曖昧なため、ゴールの定めがなく、目標値が明確になっていないチームが見受けられる。"]
    # (5) 職員アンケート prints no 気付き: its 結果 points to 4-3
    assert seed_con.execute("""select text from v_texts where source like '002_%' and kind = '結果'""").fetchall() == [
        ("アンケート結果については 4-3 を参照",)]


def test_002_outline_holds_each_surveys_respondents_and_questions(seed_con):
    rows = {(kind, item): text for kind, item, text in seed_con.execute(
        """select kind, item, text from v_texts where source like '002_%'
           and kind in ('対象者', 'アンケート項目', '取組内容')""").fetchall()}
    # 002, 2-2 (5) 職員アンケート【対象者】
    assert rows[("対象者", "(5) 職員アンケート")] == "全職員（医療職及び会計年度任用職員を除く。）"
    # 002, 2-2 (2)【アンケート項目】 ①～④, (5)【アンケート項目】 ①～⑩ with the choices of ⑤ and ⑥
    assert [line[0] for line in rows[("アンケート項目", "(2) 職員・市民アンケート")].split("\n")] == list("①②③④")
    fifth = rows[("アンケート項目", "(5) 職員アンケート")].split("\n")
    assert [line[0] for line in fifth if line[0] in "①②③④⑤⑥⑦⑧⑨⑩"] == list("①②③④⑤⑥⑦⑧⑨⑩")
    assert fifth[fifth.index("１ 自分の仕事が忙しいから") - 1].startswith("⑥ （④で「いいえ」と回答した方）")
    # 002, 2-2 (3) 取組内容: the seven items the survey asked
    assert rows[("取組内容", "(3) 庁内プロジェクトチーム等の設置状況調査")].endswith("⑥年間活動回数、⑦設置目的・活動内容等")


def _no_values_section() -> str:
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    return text.split("### Headings whose figures the text does not carry", 1)[1].split("\n### ", 1)[0]


def test_every_bracketed_heading_of_every_document_is_accounted_for():
    """A 【…】 heading is a table or figure of the document: held (listed above), a part of a held
    table, or a chart whose values the text does not carry, each named in data/README.md."""
    readme = _WS.sub("", (ROOT / "data" / "README.md").read_text(encoding="utf-8"))
    for path in sorted(SEEDS.glob("00*_*.txt")):
        for heading in set(re.findall(r"【[^】]+】", _WS.sub("", path.read_text(encoding="utf-8")))):
            assert heading in readme, (path.name[:3], heading)


def test_each_heading_said_to_carry_no_values_is_printed_in_its_document():
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in _no_values_section().splitlines()
            if re.match(r"\|\s*\d{3}\s*\|", line)]
    assert len(rows) == 26
    for doc, heading, _ in rows:
        assert _WS.sub("", heading) in _document(doc), (doc, heading)


def test_003_the_outline_and_each_periods_pillars_are_held_in_the_pages_words(seed_con):
    rows = seed_con.execute("""select plan, kind, item, indicator, text from v_texts where source like '003_%'
        order by source, item""").fetchall()
    # 003, 新行政改革大綱「あやせ経営戦略プラン」 1 策定の趣旨, 2 基本方針 and its three, 3 基本的な取り組み
    outline = [(kind, item) for plan, kind, item, _, _ in rows if plan == "あやせ経営戦略プラン"]
    assert [k for k, _ in outline].count("基本方針") == 4 and len(outline) == 6
    # every period prints the same four pillars, each with its paragraph
    for plan in ("あやせ集中改革プラン（H18～H21）", "第2期あやせ集中改革プラン（H22～H24）", "第3期あやせ集中改革プラン（H25～H27）"):
        assert [item for p, kind, item, _, _ in rows if p == plan and kind == "本文"] == [
            "1 職員自らの改革", "2 組織の改革", "3 行政システムの改革", "4 市民と行政の新たな関係づくり"]
    # 003, あやせ集中改革プラン(平成18年度から平成21年度) 1 職員自らの改革: beside its staff target
    first = next(text for p, _, item, ind, text in rows if ind == "職員数の削減")
    assert "今後5年間で職員数を30人(4.6%)削減し" in first
    document = _document("003")
    assert all(_WS.sub("", line) in document for *_, text in rows for line in text.split("\n"))
