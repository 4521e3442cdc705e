"""取組一覧 queries on the seed database, figures checked against the source documents.

001 = 001_9480041d8c514e34.txt, 取組み整理表（前期アクションプラン⇒後期アクションプラン）, four sheets;
000 = 厚木市 平成27年度 行政経営プラン実施計画 実績報告; 003 = 綾瀬市 あやせ集中改革プラン (three periods).
"""
from __future__ import annotations

import csv

import pytest

from dashboard.queries import initiatives as q
from loaders import seed

S = q.Selection
PLAN = "市名記載なし\u3000行革推進プラン"
BPR_ABSORBED = {"業務手順書の作成", "事務標準化による業務プロセスの見直し[BPR]",
                "業務サポートチームによる業務見直し", "正規・非正規職員の役割整理"}


@pytest.fixture(autouse=True)
def _seed(app_db):
    return app_db


# --- search text → ILIKE pattern ------------------------------------------------------------
SEARCH_CASES = [
    ("BPR", "%BPR%"),
    ("B P R", "%BPR%"),                   # the documents print `B P Rの推進`
    ("D X\u3000推進課", "%DX推進課%"),      # full-width space as typed in Japanese input
    ("100%", "%100\\%%"),                 # % is a character, not a wildcard
    ("事務_標準", "%事務\\_標準%"),
    ("a\\b", "%a\\\\b%"),
]


@pytest.mark.parametrize(("text", "pattern"), SEARCH_CASES)
def test_search_pattern_ignores_spaces_and_takes_wildcards_literally(text, pattern):
    assert q.search_pattern(text) == pattern


# --- options -------------------------------------------------------------------------------
def test_city_options_name_the_unnamed_plan_last():
    # 相模原市 has no initiative table (004 lists 重点目標 and 事業, not initiatives)
    assert q.city_options() == ["厚木市", "綾瀬市", "市名記載なし"]


def test_plan_options_list_every_plan_with_initiatives():
    assert q.plan_options() == [
        "行政経営プラン実施計画（平成27年度実績報告）",
        "あやせ集中改革プラン（H18～H21）", "第2期あやせ集中改革プラン（H22～H24）",
        "第3期あやせ集中改革プラン（H25～H27）",
        "行革推進プラン",
    ]


def test_review_options_are_head_words_in_document_order():
    assert q.review_options() == ["継続", "新規", "廃止"]


def test_department_options_list_each_department_once_as_written():
    options = q.department_options()
    assert "D X 推進課" in options          # 001 prints it with spaces
    assert len(options) == len(set(o.replace(" ", "") for o in options))
    # a joint department is offered by the departments it names, as on KPI推移 (issue #16)
    assert "行政経営課" in options and "職員課・行政経営課" not in options


# --- the initiative table ------------------------------------------------------------------
def test_every_initiative_is_listed_without_filters():
    # 000: 25, 001: 65, 003: 17 + 10 + 12
    assert q.initiative_total() == 129
    rows = q.initiatives(S())
    assert len(rows) == 129
    assert rows["city"].drop_duplicates().tolist() == ["厚木市", "綾瀬市", "市名記載なし"]


def test_unnamed_plan_rows_show_no_city_and_split_53_before_12_after():
    rows = q.initiatives(S(cities=["市名記載なし"]))
    assert len(rows) == 65
    assert set(rows["city"]) == {"市名記載なし"}
    assert set(rows["plan"]) == {"行革推進プラン"}
    # 001: 53 lines name a 前期 initiative, 12 are 新規 with only a 後期 name
    assert rows["phase"].value_counts().to_dict() == {"前期": 53, "後期": 12}


def test_atsugi_lists_its_25_initiatives_of_fy2015():
    rows = q.initiatives(S(cities=["厚木市"]))
    assert len(rows) == 25
    assert set(rows["phase"]) == {"H27"}
    assert rows["initiative_code"].iloc[0] == "１-(１)-ア"


def test_ayase_initiatives_fall_under_its_three_concentrated_reform_periods():
    rows = q.initiatives(S(cities=["綾瀬市"]))
    assert rows.groupby("plan").size().to_dict() == {
        "あやせ集中改革プラン（H18～H21）": 17,
        "第2期あやせ集中改革プラン（H22～H24）": 10,
        "第3期あやせ集中改革プラン（H25～H27）": 12,
    }


FILTER_CASES = [
    (S(plans=["行革推進プラン"]), 65),
    (S(plans=["第2期あやせ集中改革プラン（H22～H24）"]), 10),
    (S(cities=["厚木市", "市名記載なし"]), 90),
    # 厚木 ２ 強い財政をつくる 10 + 001 財務 10 + 綾瀬 行政システムの改革 of 財政 by initiative 7 (data/themes.csv)
    (S(themes=["財政・財源"]), 27),
    (S(reviews=["継続"]), 41),                      # 40 継続 and one 継続（新規）
    (S(reviews=["新規"]), 12),
    (S(reviews=["廃止"]), 12),
    (S(reviews=["新規", "廃止"]), 24),
    (S(departments=["D X 推進課"]), 11),
    (S(departments=["DX推進課"]), 11),               # the spelling without spaces finds it too
    (S(departments=["行政マネジメント課"], reviews=["廃止"]), 9),
    (S(departments=["行政経営課"]), 16),             # 職員課・行政経営課 … found under each name
    (S(search="BPR"), 6),
    (S(search="dx推進"), 11),                        # ILIKE: case does not matter
    (S(search="BPR", reviews=["廃止"]), 5),
    (S(search="100%"), 0),
    (S(search="_"), 0),
    (S(cities=["相模原市"]), 0),
]


@pytest.mark.parametrize(("selection", "expected"), FILTER_CASES)
def test_filters_narrow_the_table(selection, expected):
    assert len(q.initiatives(selection)) == expected


def test_review_keeps_its_full_text_in_the_table():
    rows = q.initiatives(S(reviews=["継続"]))
    assert "継続（新規）" in set(rows["review"])
    abolished = q.initiatives(S(reviews=["廃止"]))
    assert set(abolished["review"]) == {"廃止（取組を集約）", "廃止（新規取組として見直し）", "廃止（取組完了）",
                                        "廃止（制度構築完了、新規取組に統合）", "廃止（取組を見直し）"}


def test_search_finds_bpr_however_the_document_spaces_it():
    rows = q.initiatives(S(search="BPR"))
    assert set(rows["initiative"]) == BPR_ABSORBED | {"BPRの今後の展開に向けた検討", "B P Rの推進"}


def test_search_covers_the_successor_column():
    rows = q.initiatives(S(search="若手職員のフォローアップ"))
    # 001 sheet 3: メンター制度の導入 継続 → 若手職員のフォローアップ制度の導入
    assert rows[["initiative", "successor"]].values.tolist() == [
        ["メンター制度の導入", "若手職員のフォローアップ制度の導入"]]


def test_documents_name_the_files_of_the_rows_shown():
    assert q.documents(S()) == "厚木市 平成27年度 行政経営プラン実施計画 実績報告、後期アクションプラン策定について（市名記載なし）、綾瀬市 あやせ経営戦略プラン及びあやせ集中改革プラン (平成27年度終了)"
    assert q.documents(S(cities=["綾瀬市"])) == "綾瀬市 あやせ経営戦略プラン及びあやせ集中改革プラン (平成27年度終了)"


# --- the 前期→後期 review --------------------------------------------------------------------
def test_review_plans_are_those_with_review_values():
    plans = q.review_plans()
    assert plans["label"].tolist() == [PLAN]
    assert plans["initiatives"].tolist() == [65]


def test_review_counts_group_review_text_by_head_word():
    counts = q.review_counts(PLAN)
    assert counts.groupby("review_group")["initiatives"].sum().to_dict() == {"継続": 41, "新規": 12, "廃止": 12}
    assert set(counts["review_order"]) == {1, 2, 3}


def test_review_table_counts_each_strategy_as_the_document_lists_it():
    table = q.review_table(PLAN).set_index(["policy_area", "strategy"])
    assert list(table.columns) == ["継続", "新規", "廃止", "計"]
    # 001 sheets 1–2: (2)行政のデジタル化等による業務変革 — 11 D X 推進課 + 3 行政マネジメント課 継続,
    # 5 新規, 4 廃止（取組を集約）
    assert table.loc[("業務マネジメント改革", "(2)行政のデジタル化等による業務変革")].tolist() == [14, 5, 4, 23]
    # 001 sheet 3: (4)組織・機構見直し、定員管理 — 2 継続, 1 新規, 4 廃止
    assert table.loc[("組織・人材マネジメント改革", "(4)組織・機構見直し、定員管理")].tolist() == [2, 1, 4, 7]
    by_area = table.groupby(level="policy_area").sum()
    assert by_area.loc["業務マネジメント改革"].tolist() == [22, 5, 4, 31]
    assert by_area.loc["組織・人材マネジメント改革"].tolist() == [15, 4, 5, 24]
    assert by_area.loc["財務マネジメント改革"].tolist() == [4, 3, 3, 10]
    assert table.sum().tolist() == [41, 12, 12, 65]


def test_abolished_initiatives_name_what_absorbed_them():
    rows = q.abolished(PLAN)
    assert len(rows) == 12
    bpr = rows[rows["successor"] == "B P Rの推進"]
    # 001, Try ②/⑦: 新規の取組「B P Rの推進」[既存取組の集約] BPRの取組として1つとする
    assert set(bpr["initiative"]) == BPR_ABSORBED
    assert (rows["successor"] == q.NO_SUCCESSOR).sum() == 8
    assert "債権管理体制の一元化" in set(rows.loc[rows["successor"] == q.NO_SUCCESSOR, "initiative"])
    assert rows.loc[rows["initiative"] == "債権管理体制の一元化", "review"].item() == "廃止（取組完了）"


def test_review_documents_name_the_review_table_file():
    assert q.review_documents(PLAN) == "後期アクションプラン策定について（市名記載なし）"


def test_an_unknown_plan_has_no_review():
    assert q.review_counts("厚木市\u3000存在しない計画").empty
    assert q.review_table("厚木市\u3000存在しない計画").empty
    assert q.abolished("厚木市\u3000存在しない計画").empty


# --- departments ---------------------------------------------------------------------------
def test_departments_ranked_by_initiatives_and_indicators():
    counts = q.department_counts(S())
    assert len(counts) == 15
    top = counts.set_index("department")
    assert top.loc["行政マネジメント課", ["initiatives", "indicators"]].tolist() == [29, 0]  # 001 only
    # a joint department counts for each department it names (issue #16): 000 prints 職員課・行政経営課
    # for three initiatives (4 indicators), 職員課 alone for two (3 indicators); 001 has 11 職員課
    assert top.loc["職員課", ["initiatives", "indicators"]].tolist() == [16, 7]
    assert top.loc["D X 推進課", ["initiatives", "indicators"]].tolist() == [11, 0]
    # 000: 行政経営課 named in 16 initiatives, alone or with others, with 18 indicators
    assert top.loc["行政経営課", ["initiatives", "indicators"]].tolist() == [16, 18]
    assert "職員課・行政経営課" not in top.index
    assert counts["department"].iloc[0] == "行政経営課"
    assert list(counts["total"]) == sorted(counts["total"], reverse=True)


def test_department_counts_follow_the_city_filter():
    atsugi = q.department_counts(S(cities=["厚木市"])).set_index("department")
    assert "行政マネジメント課" not in atsugi.index
    assert atsugi.loc["職員課", ["initiatives", "indicators"]].tolist() == [5, 7]
    # 003 names no department in charge
    assert q.department_counts(S(cities=["綾瀬市"])).empty


def test_department_coverage_counts_what_has_no_department():
    coverage = q.department_coverage(S()).iloc[0]
    assert coverage.initiatives_without == 39    # 綾瀬市 003: 17 + 10 + 12
    assert coverage.indicators_without == 41     # every indicator outside 000's 28
    assert coverage.documents == "厚木市 平成27年度 行政経営プラン実施計画 実績報告、後期アクションプラン策定について（市名記載なし）"


# --- a copy that spells one department both ways ----------------------------------------------
def _respell(data_dir, initiative, department):
    path = data_dir / "seed" / "001_initiatives.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row["initiative"] == initiative:
            row["department"] = department
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def respelled_db(data_copy, tmp_path, monkeypatch):
    _respell(data_copy, "相談チャネルの拡充", "DX推進課")
    _respell(data_copy, "デジタルデバイス対応", "D X\u3000推進課")
    path = tmp_path / "respelled.duckdb"
    seed.rebuild(path, data_copy)
    monkeypatch.setenv("PLANS_DB", str(path))
    return path


def test_spellings_differing_by_spaces_count_as_one_department(respelled_db):
    counts = q.department_counts(S()).set_index("department_key")
    dx = counts.loc["DX推進課"]
    assert dx.initiatives == 11
    assert dx.department == "D X 推進課"          # the spelling the documents use most
    assert dx.spellings == "D X 推進課、D X\u3000推進課、DX推進課"
    assert q.department_options().count("D X 推進課") == 1
    assert "DX推進課" not in q.department_options()
    assert len(q.initiatives(S(departments=["D X 推進課"]))) == 11
    # the table keeps each row as written
    assert set(q.initiatives(S(search="DX推進課"))["department"]) == {"D X 推進課", "D X\u3000推進課", "DX推進課"}


@pytest.fixture
def atsugi_reviewed_db(data_copy, tmp_path, monkeypatch):
    """厚木市's table gets review values; it prints 基本方針 but no 戦略区分."""
    path = data_copy / "seed" / "000_initiatives.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows[:3]:
        row["review"] = "継続（拡充）"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    db = tmp_path / "atsugi.duckdb"
    seed.rebuild(db, data_copy)
    monkeypatch.setenv("PLANS_DB", str(db))
    return db


def test_review_works_for_any_plan_even_without_strategies(atsugi_reviewed_db):
    label = "厚木市\u3000行政経営プラン実施計画（平成27年度実績報告）"
    assert q.review_plans()["label"].tolist() == [label, PLAN]
    table = q.review_table(label)
    assert table.values.tolist() == [["１ 強い組織をつくる", q.NO_GROUPING, 3, 3]]
    assert list(table.columns) == ["policy_area", "strategy", "継続", "計"]
    assert q.abolished(label).empty


def test_the_table_is_capped_but_the_count_is_true(app_db):
    from dashboard.queries import initiatives as iq
    everything = iq.Selection()
    assert iq.matching(everything) == 129
    assert len(iq.initiatives(everything, limit=10)) == 10


def test_the_count_follows_every_filter():
    # 綾瀬市 003: 17 + 10 + 12 initiatives over its three periods
    assert q.matching(S(cities=["綾瀬市"])) == 39
    assert q.matching(S(cities=["綾瀬市"])) == len(q.initiatives(S(cities=["綾瀬市"]), limit=1000))
    assert q.matching(S(search="B P R")) == len(q.initiatives(S(search="B P R"), limit=1000)) > 0
    assert q.matching(S(cities=["どこにもない市"])) == 0


def test_department_coverage_ignores_the_filters_indicators_cannot_answer():
    # 部署・見直し・検索 narrow initiatives only; the coverage line counts what both tables share.
    narrowed = S(departments=["職員課"], reviews=["廃止"], search="BPR")
    assert q.department_coverage(narrowed).values.tolist() == q.department_coverage(S()).values.tolist()
    ayase = q.department_coverage(S(cities=["綾瀬市"])).iloc[0]
    assert (ayase.initiatives_without, ayase.indicators_without, ayase.documents) == (39, 1, "")


def test_theme_options_are_the_themes_initiatives_have():
    # data/themes.csv also has 地域・交流, which no transcribed initiative's policy area maps to.
    assert q.theme_options() == ["人材・組織", "市民協働・情報発信", "業務改革・デジタル", "財政・財源"]
