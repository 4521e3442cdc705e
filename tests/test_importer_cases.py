"""The importer's bookkeeping, case by case (mutation testing of loaders.importer): the words a
preview names unknown, the meanings an analyst may give them, the judgement counts the preview
shows, the rows committed with a batch, what 取込の履歴 reads, and a theme changed on 都市比較
with its restore.

Most cases build a Preview or a tiny frame and call the function in process; those that write
use `live`, a private copy of the seed database. Seed figures from data/themes.csv and
data/seed/003_initiatives.csv, 003_kpi.csv, 002_kpi.csv, 004_kpi.csv (see tests/test_theme_mapping.py).
"""
from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from loaders import importer, store
from tests.conftest import changed

PLAN2 = "第2期あやせ集中改革プラン（H22～H24）"
PLAN_H18 = "あやせ集中改革プラン（H18～H21）"
PILLAR = ("綾瀬市", PLAN2, "2 組織の改革", None)                                # data/themes.csv: 人材・組織
OWN_ROW = ("綾瀬市", PLAN2, "3 行政システムの改革", "積極的な財源確保")          # a row of its own: 財政・財源
OUTSOURCING = ("綾瀬市", PLAN2, "2 組織の改革", "事務事業の民間委託化を推進")    # counted through PILLAR
SIDE_JOB = "「庁内副業10％推進」アクションプラン"                                # 002: 目標の区分, not 柱
SAGAMIHARA = "総務局 局・区経営方針（平成25年度）"
CALL_CENTRE = ("相模原市", SAGAMIHARA, "迅速な情報収集と戦略的な情報発信の推進", "コールセンター運営事業")  # named by kpi only
GYOKAKU_WORK = (None, "行革推進プラン", "業務マネジメント改革", None)             # 001 names no city

# the end of every warning about a word with no meaning (upload page, 判定の意味とテーマの対応)
NO_MEANING = ("の意味（達成・一部達成・未達成）がこの製品には登録されていません。このまま取り込むと、"
              "この指標は「判定なし」として数えます。下の「判定の意味とテーマの対応」で意味を選ぶと、"
              "この取込とともに登録されます。")
NOTE = "都市比較で共通テーマの対応を変更: "


def _preview(**fields) -> importer.Preview:
    return importer.Preview("評価.xlsx", "0" * 64, 100, "xlsx", None, [], **fields)


def _read(path, sql, *params):
    con = store.connect_reader(path)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts, a missing value as None (NaN and <NA> read alike)."""
    return [{k: (None if not isinstance(v, (list, dict)) and pd.isna(v) else v) for k, v in row.items()}
            for row in frame.to_dict("records")]


# --- _yen, _missing, _none: the small words of a message -----------------------------------------

@pytest.mark.parametrize("value, said", [
    pytest.param(None, "なし", id="none"),                 # a total the file leaves blank reads なし, never "None"
    pytest.param(float("nan"), "なし", id="nan"),          # a blank cell read as NaN: なし, never "nan"
    pytest.param(pd.NA, "なし", id="pd-na"),               # a nullable column's blank: なし as well
    pytest.param(2_611_600, "2,611,600", id="thousands"),  # 001's 合計額 as the message prints it
    pytest.param(-15_673.0, "-15,673", id="negative"),     # a float amount reads as whole 千円
    pytest.param(14_358.4, "14,358", id="rounded"),
])
def test_yen(value, said):
    assert importer._yen(value) == said


@pytest.mark.parametrize("value, missing", [
    pytest.param(None, True, id="none"), pytest.param(float("nan"), True, id="nan"),
    pytest.param(0, False, id="zero"),       # row 0 or amount 0 is a value, not a gap
    pytest.param(12, False, id="row"), pytest.param("", False, id="empty-text"),
    pytest.param(12.0, False, id="row-as-float"),   # a row column with a blank in it reads as floats
])
def test_missing(value, missing):
    # a printed total with no file row (_row missing) is the database's, named by its source
    assert importer._missing(value) is missing


@pytest.mark.parametrize("value, scoped", [
    pytest.param(None, None, id="none"), pytest.param(float("nan"), None, id="nan"),
    pytest.param("", None, id="empty-text"),          # a blank city cell is the unnamed city's scope
    pytest.param("厚木市", "厚木市", id="city"),
    pytest.param("当初", "当初", id="estimate"),
])
def test_none(value, scoped):
    assert importer._none(value) == scoped


# --- _without_examples: the template's 記入例 row is never read -----------------------------------

@pytest.mark.parametrize("grid, blanked, rows", [
    # the download template: header, then row 2 記入例; row 2 is blanked where it stands
    pytest.param([["市名", "指標"], ["記入例", "厚木市"], ["綾瀬市", "職員数"]],
                 [["市名", "指標"], ["", ""], ["綾瀬市", "職員数"]], [2], id="template-row-2"),
    # the mark is the first filled cell: blanks, spaces and NaN before it do not count
    pytest.param([[None, " ", float("nan"), " 記入例 ", "x"]], [["", "", "", "", ""]], [1], id="after-blanks"),
    # an empty row keeps its place, so the rows below keep their numbers
    pytest.param([[], ["記入例"], ["記入例", 1]], [[], [""], ["", ""]], [2, 3], id="two-examples"),
    # 記入例 after a real cell is data (an indicator may be named so): kept
    pytest.param([["厚木市", "記入例"]], [["厚木市", "記入例"]], [], id="not-first"),
    pytest.param([[0, "記入例"]], [[0, "記入例"]], [], id="zero-first"),         # 0 is a filled cell
    pytest.param([[1.5, "記入例"]], [[1.5, "記入例"]], [], id="number-first"),   # so is 1.5
    pytest.param([["記入例です", "x"]], [["記入例です", "x"]], [], id="longer-word"),   # only the word itself
])
def test_examples_in_a_grid(grid, blanked, rows):
    assert importer._without_examples(grid) == (blanked, rows)


def test_examples_in_a_large_csv_are_looked_for_under_the_header_only():
    # a large CSV is read column by column: only its first HEADER_ROWS + 1 rows may hold the example
    rows = [[f"r{i}", "x"] for i in range(20)]
    rows[1][0] = rows[15][0] = rows[16][0] = "記入例"
    grid, skipped = importer._without_examples(pd.DataFrame(rows, dtype="str"))   # as Arrow reads it
    assert skipped == [2, 16]          # the 16th row is the last one looked at; the 17th is data
    assert grid.values.tolist() == [["", ""] if i in (1, 15) else rows[i] for i in range(20)]


@pytest.mark.parametrize("frame", [
    pytest.param(pd.DataFrame(), id="empty"),
    pytest.param(pd.DataFrame([["市名", "指標"], ["綾瀬市", "記入例"]], dtype="str"), id="no-example"),
])
def test_a_large_csv_without_an_example_is_read_whole(frame):
    grid, skipped = importer._without_examples(frame)
    assert skipped == [] and grid.equals(frame)


# --- _name_unknown: each unknown word said once per city, with its rows ---------------------------

def test_unknown_words_are_listed_and_said_per_city_and_word():
    unknown = pd.DataFrame({"city": ["綾瀬市", None, "綾瀬市", "綾瀬市", "厚木市"],
                            "mark_key": ["B", "A", "A", "A", "A"]})
    preview, into = _preview(), []
    importer._name_unknown(preview, unknown, "mark_key", "達成マーク", into)
    # the unnamed city first, then by city and word: the order of the page's choices
    assert into == [{"city": None, "word": "A", "rows": 1}, {"city": "厚木市", "word": "A", "rows": 1},
                    {"city": "綾瀬市", "word": "A", "rows": 2}, {"city": "綾瀬市", "word": "B", "rows": 1}]
    assert preview.warnings == [f"達成マーク「A」（市名記載なし、1行）{NO_MEANING}",
                                f"達成マーク「A」（厚木市、1行）{NO_MEANING}",
                                f"達成マーク「A」（綾瀬市、2行）{NO_MEANING}",
                                f"達成マーク「B」（綾瀬市、1行）{NO_MEANING}"]


def test_an_unknown_evaluation_word_of_many_rows_is_counted_with_a_comma():
    # 評価 words are said as 評価, and 1,200 rows as 1,200行 (the analyst reads the size of the choice)
    unknown = pd.DataFrame({"city": pd.Series([None] * 1200, dtype=object), "evaluation": ["順調"] * 1200})
    preview, into = _preview(), []
    importer._name_unknown(preview, unknown, "evaluation", "評価", into)
    assert into == [{"city": None, "word": "順調", "rows": 1200}]
    assert preview.warnings == [f"評価「順調」（市名記載なし、1,200行）{NO_MEANING}"]


def test_no_unknown_word_says_nothing():
    preview, into = _preview(), []
    importer._name_unknown(preview, pd.DataFrame({"city": [], "mark_key": []}), "mark_key", "達成マーク", into)
    assert (into, preview.warnings) == ([], [])


def test_the_database_words_decide_what_is_unknown(seed_con):
    # data/status_words.csv knows 〇 and - (marks) and 達成 (evaluation) in every city; A and 順調 it does not
    kpi = pd.DataFrame({"city": ["綾瀬市", None, "厚木市", "綾瀬市", "綾瀬市", "綾瀬市"], "plan": ["P"] * 6,
                        "fiscal_year": [2023, 2023, 2023, 2024, 2024, 2024],
                        "mark_key": ["A", "A", "〇", None, "-", None],
                        "evaluation": [None, "順調", "順調", "達成", None, "  "]})
    preview = _preview(rows={"kpi": kpi})
    importer._unknown_grades(seed_con, preview)
    assert preview.unknown_grades == [{"city": None, "word": "A", "rows": 1}, {"city": "綾瀬市", "word": "A", "rows": 1}]
    # 順調 counts only where no mark judges the row: 厚木市's 〇 does, the unnamed city's A does not
    assert preview.unknown_evaluations == [{"city": None, "word": "順調", "rows": 1}]
    assert [w[:w.index("の意味")] for w in preview.warnings] == [
        "達成マーク「A」（市名記載なし、1行）", "達成マーク「A」（綾瀬市、1行）", "評価「順調」（市名記載なし、1行）"]


# --- judgement_counts: the figures the preview shows before the commit ----------------------------

JUDGED_COLUMNS = ["city", "plan", "fiscal_year", "mark_key", "evaluation", "mark_status", "evaluation_status"]
COUNT_COLUMNS = ["city", "plan", "fiscal_year", "indicators", "achieved", "partly", "not_achieved", "not_judged"]


def _judged(rows, index=None) -> pd.DataFrame:
    """preview.judged as _unknown_grades makes it: text columns, fiscal_year a nullable integer."""
    frame = pd.DataFrame(rows, columns=JUDGED_COLUMNS, index=index)
    return frame.astype({"fiscal_year": "Int32"})


# 綾瀬市's rows first and 2023 before the row of no year: the counts come sorted whatever the file's order
JUDGED = [
    ("綾瀬市", "P", 2023, "A", None, None, None),              # its own grade, given 達成 at preview
    ("綾瀬市", "P", 2023, "〇", "遅れ", "achieved", None),     # a known mark wins over an evaluation word
    ("綾瀬市", "P", 2023, None, "順調", None, None),           # an evaluation word given 一部達成 at preview
    ("綾瀬市", "P", 2023, None, "未達成", None, "not_achieved"),   # a known evaluation word
    ("綾瀬市", "P", 2023, None, None, None, None),             # nothing to judge by: 判定なし
    ("綾瀬市", "P", 2023, "△", None, "partly", None),          # a known mark
    ("綾瀬市", "P", None, "A", None, None, None),              # no year: counted apart, its year None
    ("厚木市", "P", 2024, "A", None, None, None),              # 綾瀬市's meaning of A is not 厚木市's
    (None, "P", 2023, "A", None, None, None),                  # the unnamed city's own meaning of A
]
GRADE_MAP = {("綾瀬市", "A"): "achieved", (None, "A"): "not_achieved"}
EVALUATION_MAP = {("綾瀬市", "順調"): "partly", ("綾瀬市", "遅れ"): "partly"}
COUNTS = [
    {"city": None, "plan": "P", "fiscal_year": 2023, "indicators": 1,
     "achieved": 0, "partly": 0, "not_achieved": 1, "not_judged": 0},
    {"city": "厚木市", "plan": "P", "fiscal_year": 2024, "indicators": 1,
     "achieved": 0, "partly": 0, "not_achieved": 0, "not_judged": 1},
    {"city": "綾瀬市", "plan": "P", "fiscal_year": None, "indicators": 1,
     "achieved": 1, "partly": 0, "not_achieved": 0, "not_judged": 0},
    {"city": "綾瀬市", "plan": "P", "fiscal_year": 2023, "indicators": 6,
     "achieved": 2, "partly": 2, "not_achieved": 1, "not_judged": 1},
]


def test_the_counts_follow_the_analysts_meanings_by_city_plan_and_year():
    counts = importer.judgement_counts(_preview(judged=_judged(JUDGED), grade_map=GRADE_MAP,
                                                evaluation_map=EVALUATION_MAP))
    assert list(counts.columns) == COUNT_COLUMNS
    assert _records(counts) == COUNTS


def test_the_counts_do_not_depend_on_the_frames_row_labels():
    # judged re-sorted by a caller keeps its row labels out of order: each row keeps its own meaning
    judged = _judged(JUDGED, index=[40, 7, 3, 12, 0, 5, 21, 8, 1])
    counts = importer.judgement_counts(_preview(judged=judged, grade_map=GRADE_MAP, evaluation_map=EVALUATION_MAP))
    assert _records(counts) == COUNTS


def test_without_meanings_only_the_known_words_judge():
    # before any choice: the unknown A and 順調 count as 判定なし, the known 〇 / △ / 未達成 as they say
    counts = importer.judgement_counts(_preview(judged=_judged(JUDGED)))
    assert [(r["city"], r["fiscal_year"], r["achieved"], r["partly"], r["not_achieved"], r["not_judged"])
            for r in _records(counts)] == [
        (None, 2023, 0, 0, 0, 1), ("厚木市", 2024, 0, 0, 0, 1), ("綾瀬市", None, 0, 0, 0, 1), ("綾瀬市", 2023, 1, 1, 1, 3)]


@pytest.mark.parametrize("judged", [
    pytest.param(None, id="no-indicators"),                      # a file of effect amounts only
    pytest.param(_judged([]), id="no-rows"),
])
def test_no_indicator_rows_no_counts(judged):
    counts = importer.judgement_counts(_preview(judged=judged))
    assert counts.empty and list(counts.columns) == []    # the page then shows no 取込後の判定の内訳


# --- map_words: only what the preview listed, only to the product's statuses and themes -----------

def _asked(**fields) -> importer.Preview:
    return _preview(
        unknown_grades=[{"city": "綾瀬市", "word": "A", "rows": 2}, {"city": None, "word": "B", "rows": 1}],
        unthemed=[{"city": "綾瀬市", "plan": "P", "policy_area": "5 新しい柱", "rows": 3},
                  {"city": None, "plan": "Q", "policy_area": "6 柱", "rows": 1}],
        unknown_evaluations=[{"city": "綾瀬市", "word": "順調", "rows": 2}, {"city": None, "word": "遅れ", "rows": 1}],
        theme_choices=["人材・組織", "財政・財源"], **fields)


def test_the_chosen_meanings_are_kept_and_the_rest_of_the_preview_is_unchanged():
    asked = _asked(warnings=["注意"])
    mapped = importer.map_words(asked, {("綾瀬市", "A"): "achieved", (None, "B"): "not_judged"},
                                {("綾瀬市", "P", "5 新しい柱"): "財政・財源"},
                                {(None, "遅れ"): "partly"})
    assert mapped.grade_map == {("綾瀬市", "A"): "achieved", (None, "B"): "not_judged"}
    assert mapped.theme_map == {("綾瀬市", "P", "5 新しい柱"): "財政・財源"}
    assert mapped.evaluation_map == {(None, "遅れ"): "partly"}
    # a new preview: the one read from the file is left as it was, its warnings carried over
    assert (asked.grade_map, asked.theme_map, asked.evaluation_map) == ({}, {}, {})
    assert (mapped.warnings, mapped.unthemed) == (["注意"], asked.unthemed)


def test_a_choice_left_empty_maps_nothing_and_the_next_choice_still_counts():
    # the page hands every box, in order; an empty box before a chosen one must not end the reading
    mapped = importer.map_words(_asked(), {(None, "B"): None, ("綾瀬市", "A"): "partly"},
                                {("綾瀬市", "P", "5 新しい柱"): None, (None, "Q", "6 柱"): "人材・組織"},
                                {("綾瀬市", "順調"): None, (None, "遅れ"): "not_achieved"})
    assert (mapped.grade_map, mapped.theme_map, mapped.evaluation_map) == (
        {("綾瀬市", "A"): "partly"}, {(None, "Q", "6 柱"): "人材・組織"}, {(None, "遅れ"): "not_achieved"})


def test_new_choices_replace_what_the_preview_held():
    # every rerun of the page maps again from the boxes: a box emptied since means no meaning
    held = _asked(grade_map={("綾瀬市", "A"): "achieved"}, theme_map={(None, "Q", "6 柱"): "人材・組織"},
                  evaluation_map={("綾瀬市", "順調"): "partly"})
    mapped = importer.map_words(held)
    assert (mapped.grade_map, mapped.theme_map, mapped.evaluation_map) == ({}, {}, {})


@pytest.mark.parametrize("kind, key, value", [
    pytest.param("grades", ("綾瀬市", "Z"), "achieved", id="grade-not-listed"),
    pytest.param("grades", ("厚木市", "A"), "achieved", id="grade-of-another-city"),   # A was 綾瀬市's
    pytest.param("grades", ("綾瀬市", "A"), "excellent", id="grade-unknown-status"),
    pytest.param("grades", ("綾瀬市", "A"), "達成", id="grade-label-not-status"),
    pytest.param("themes", ("綾瀬市", "P", "9 ない柱"), "人材・組織", id="pillar-not-listed"),
    pytest.param("themes", ("綾瀬市", "P", "5 新しい柱"), "<b>新テーマ</b>", id="theme-not-in-use"),
    pytest.param("evaluations", ("綾瀬市", "達成"), "achieved", id="evaluation-not-listed"),
    pytest.param("evaluations", ("綾瀬市", "順調"), "good", id="evaluation-unknown-status"),
])
def test_a_meaning_not_offered_is_refused(kind, key, value):
    # nothing typed or forged in a request ever becomes a meaning; the refusal names what was asked
    with pytest.raises(ValueError) as refused:
        importer.map_words(_asked(), **{kind: {key: value}})
    said = {"grades": "プレビューに挙がっていない達成マークか、選べない意味です",
            "themes": "プレビューに挙がっていない柱か、選べない共通テーマです",
            "evaluations": "プレビューに挙がっていない評価の語か、選べない意味です"}[kind]
    assert str(refused.value) == f"{said}（{key!r} → {value!r}）。"


# --- mapping_rows, mapping_counts: what a batch writes and counts --------------------------------

def test_the_chosen_meanings_are_the_rows_of_the_batch_in_a_stable_order():
    preview = _preview(
        grade_map={("綾瀬市", "B"): "partly", (None, "C"): "achieved", ("綾瀬市", "A"): "not_achieved"},
        evaluation_map={("綾瀬市", "順調"): "achieved"},
        theme_map={("綾瀬市", "P2", "2 柱"): "人材・組織", (None, "行革推進プラン", "業務"): "財政・財源",
                   ("綾瀬市", "P1", "1 柱"): "人材・組織"})
    rows = importer.mapping_rows(preview)
    assert list(rows) == ["status_words", "themes"]
    # by city (the unnamed city first), then word; marks, then 評価 words
    assert list(rows["status_words"].columns) == ["city", "column_name", "word", "status"]
    assert rows["status_words"].values.tolist() == [
        [None, "mark", "C", "achieved"], ["綾瀬市", "mark", "A", "not_achieved"], ["綾瀬市", "mark", "B", "partly"],
        ["綾瀬市", "evaluation", "順調", "achieved"]]
    # a pillar's row: no initiative, kind 柱
    assert list(rows["themes"].columns) == ["city", "plan", "policy_area", "theme", "initiative", "area_kind"]
    assert rows["themes"].values.tolist() == [
        [None, "行革推進プラン", "業務", "財政・財源", None, "柱"], ["綾瀬市", "P1", "1 柱", "人材・組織", None, "柱"],
        ["綾瀬市", "P2", "2 柱", "人材・組織", None, "柱"]]
    assert importer.mapping_counts(rows) == {"status_words": 3, "status_words_evaluation": 1, "themes": 3}


@pytest.mark.parametrize("fields, tables, counts", [
    pytest.param({}, [], {}, id="nothing-chosen"),                      # nothing to write with the batch
    pytest.param({"evaluation_map": {("綾瀬市", "順調"): "achieved", ("綾瀬市", "遅れ"): "partly"}},
                 ["status_words"], {"status_words_evaluation": 2}, id="evaluation-words-only"),   # 評価の意味 2行
    pytest.param({"grade_map": {("綾瀬市", "A"): "achieved"}}, ["status_words"], {"status_words": 1},
                 id="marks-only"),                                     # 達成マークの意味 1行
    pytest.param({"theme_map": {("綾瀬市", "P", "5 柱"): "人材・組織"}}, ["themes"], {"themes": 1}, id="themes-only"),
])
def test_a_kind_with_no_row_is_left_out(fields, tables, counts):
    # 取込の履歴 lists each kind the batch wrote, never a kind at 0行
    rows = importer.mapping_rows(_preview(**fields))
    assert list(rows) == tables
    assert importer.mapping_counts(rows) == counts


# --- _split_word_counts, history: 取込の履歴 names a 評価 word's meaning as such ------------------

@pytest.mark.parametrize("text, words, read", [
    pytest.param(None, {(2, "evaluation"): 2}, None, id="no-counts"),   # a restore records no rows
    pytest.param("", {(2, "evaluation"): 2}, "", id="empty"),
    pytest.param('{"kpi": 5}', {(2, "evaluation"): 2}, '{"kpi": 5}', id="no-words"),
    # recorded apart already: read as written, whatever the rows say
    pytest.param('{"status_words": 1, "status_words_evaluation": 2}', {(2, "mark"): 3, (2, "evaluation"): 2},
                 '{"status_words": 1, "status_words_evaluation": 2}', id="already-apart"),
    pytest.param('{"kpi": 5, "status_words": 3}', {(2, "mark"): 3}, '{"kpi": 5, "status_words": 3}', id="marks-only"),
    pytest.param('{"kpi": 5, "status_words": 3}', {(3, "evaluation"): 3}, '{"kpi": 5, "status_words": 3}',
                 id="another-batchs-words"),
    # an older batch: 1 mark and 2 評価 words it wrote, recorded together as status_words 3
    pytest.param('{"kpi": 5, "plans": 1, "status_words": 3}', {(2, "mark"): 1, (2, "evaluation"): 2},
                 '{"kpi": 5, "plans": 1, "status_words": 1, "status_words_evaluation": 2}', id="split"),
    pytest.param('{"status_words": 3, "kpi": 5}', {(2, "mark"): 1, (2, "evaluation"): 2},
                 '{"status_words": 1, "status_words_evaluation": 2, "kpi": 5}', id="split-keeps-order"),
    pytest.param('{"kpi": 5, "status_words": 2}', {(2, "evaluation"): 2},
                 '{"kpi": 5, "status_words_evaluation": 2}', id="words-only-no-marks"),
])
def test_split_word_counts(text, words, read):
    assert importer._split_word_counts(text, 2, words) == read


def test_a_history_without_counts_keeps_its_blank():
    # a blank read back from the database as NaN stays blank, never a count
    assert math.isnan(importer._split_word_counts(float("nan"), 2, {(2, "evaluation"): 1}))


def test_the_history_splits_an_older_batchs_word_counts_from_its_rows(live):
    changed(live,
            "insert into batches (batch_id, kind, file_name, row_counts, scopes, loaded_at) values "
            "(2, 'import', '評価.xlsx', '{\"kpi\": 2, \"status_words\": 3}', '[]', now())",
            "insert into status_words (city, column_name, word, status, batch_id) values "
            "('綾瀬市', 'mark', 'A', 'achieved', 2), ('綾瀬市', 'evaluation', '順調', 'achieved', 2),"
            "('綾瀬市', 'evaluation', '遅れ', 'partly', 2)")
    seed_counts = _read(live, "select row_counts from batches where batch_id = 1")[0][0]
    history = importer.history(live)
    assert history["batch_id"].tolist() == [2, 1]                       # newest first
    assert history["row_counts"].tolist() == [
        '{"kpi": 2, "status_words": 1, "status_words_evaluation": 2}', seed_counts]


# --- _cities: whose indicator rows are derived again ----------------------------------------------

def test_the_cities_derived_again_are_those_of_the_indicator_rows_and_scopes():
    kpi = pd.DataFrame({"city": ["相模原市", None, float("nan"), "相模原市"]})
    preview = _preview(rows={"kpi": kpi}, scopes=[("kpi", "綾瀬市", "P", None), ("effect_amounts", "厚木市", "Q", "当初")])
    # 厚木市 has only effect amounts here: its indicators are not touched; no city is None, once
    assert importer._cities(preview) == {"綾瀬市", "相模原市", None}
    assert importer._cities(_preview(rows={"kpi": kpi.iloc[:0]}, scopes=[("kpi", "綾瀬市", "P", None)])) == {"綾瀬市"}


# --- change_themes: 都市比較's change of a theme, as a batch -------------------------------------

def _themes(live, plan, area):
    return _read(live, "select city, initiative, theme, area_kind, batch_id, retired_by from themes "
                       "where plan is not distinct from ? and policy_area = ? order by initiative nulls first, batch_id nulls first",
                 plan, area)


def _batch(live, batch):
    return _read(live, "select kind, file_name, row_counts, scopes, restores, loaded_by, note from batches "
                       "where batch_id = ?", batch)[0]


def test_a_pillar_changed_is_a_mapping_batch_that_retires_the_old_row(live):
    batch = importer.change_themes(live, {PILLAR: "財政・財源"}, loaded_by="山田")
    assert batch == 2
    # the old row retired by the batch, never deleted; the new one carries the batch and the pillar's kind
    assert _themes(live, PLAN2, "2 組織の改革") == [
        ("綾瀬市", None, "人材・組織", "柱", None, 2), ("綾瀬市", None, "財政・財源", "柱", 2, None)]
    assert _batch(live, 2) == ("mapping", None, '{"themes": 1}', "[]", None, "山田",
                               NOTE + f"綾瀬市・{PLAN2}「2 組織の改革」人材・組織 → 財政・財源")
    # the pillar's three initiatives now count under 財政・財源
    assert _read(live, "select theme, count(*) from v_initiatives where plan = ? and policy_area = ? group by all",
                 PLAN2, "2 組織の改革") == [("財政・財源", 3)]


def test_the_indicators_of_a_changed_pillar_are_derived_again(live):
    # 003_kpi.csv: 職員数の削減 is under H18～H21's 「1 職員自らの改革」; KPI推移 and 都市比較 read kpi_current
    assert importer.change_themes(live, {("綾瀬市", PLAN_H18, "1 職員自らの改革", None): "業務改革・デジタル"}) == 2
    assert _read(live, "select theme, theme_basis from v_kpi where indicator = '職員数の削減'") == [("業務改革・デジタル", "柱")]
    assert _batch(live, 2)[5] is None        # no sign-in name given: none recorded


def test_a_goal_category_keeps_its_kind(live):
    # 002 maps its 目標の区分 (アウトカム), not a pillar: the new row is a 目標の区分 row too
    importer.change_themes(live, {("厚木市", SIDE_JOB, "アウトカム", None): "業務改革・デジタル"})
    assert _themes(live, SIDE_JOB, "アウトカム") == [
        ("厚木市", None, "人材・組織", "目標の区分", None, 2), ("厚木市", None, "業務改革・デジタル", "目標の区分", 2, None)]
    assert _read(live, "select policy_area, area_kind, theme, count(*) from v_kpi where plan = ? group by all order by 1",
                 SIDE_JOB) == [("アウトカム", "目標の区分", "業務改革・デジタル", 11), ("アウトプット", "目標の区分", "人材・組織", 8)]


def test_an_initiative_counted_through_its_pillar_gets_a_row_of_its_own(live):
    batch = importer.change_themes(live, {OUTSOURCING: "業務改革・デジタル"}, loaded_by="山田")
    # the pillar's row stays; the initiative's new row is the batch's, with the pillar's kind
    assert _themes(live, PLAN2, "2 組織の改革") == [
        ("綾瀬市", None, "人材・組織", "柱", None, None),
        ("綾瀬市", "事務事業の民間委託化を推進", "業務改革・デジタル", "柱", batch, None)]
    assert _batch(live, batch)[6] == (NOTE + f"綾瀬市・{PLAN2}「事務事業の民間委託化を推進」"
                                      "（分野「2 組織の改革」の対応で人材・組織）→ 取組の対応 業務改革・デジタル")


def test_an_initiative_named_only_by_its_indicators_can_be_given_a_theme(live):
    # 004 has no initiatives table: コールセンター運営事業 is named by its two 放棄呼率 rows
    importer.change_themes(live, {CALL_CENTRE: "業務改革・デジタル"})
    assert _read(live, "select theme, theme_basis, count(*) from v_kpi where initiative = ? group by all",
                 CALL_CENTRE[3]) == [("業務改革・デジタル", "取組", 2)]


def test_the_unnamed_citys_pillar_is_named_so_in_the_note(live):
    batch = importer.change_themes(live, {GYOKAKU_WORK: "人材・組織"})
    assert _themes(live, "行革推進プラン", "業務マネジメント改革") == [
        (None, None, "業務改革・デジタル", "柱", None, batch), (None, None, "人材・組織", "柱", batch, None)]
    assert _batch(live, batch)[6] == NOTE + "市名記載なし・行革推進プラン「業務マネジメント改革」業務改革・デジタル → 人材・組織"
    assert _read(live, "select theme, count(*) from v_initiatives where plan = '行革推進プラン' "
                       "and policy_area = '業務マネジメント改革' group by all") == [("人材・組織", 31)]


def test_several_changes_are_one_batch_and_a_row_already_so_is_left_out(live):
    batch = importer.change_themes(live, {PILLAR: "財政・財源", OWN_ROW: "財政・財源",
                                          CALL_CENTRE: "人材・組織"})
    # 積極的な財源確保 is 財政・財源 already: two rows changed, two counted, two named
    assert _batch(live, batch)[2:] == ('{"themes": 2}', "[]", None, None, NOTE + "、".join([
        f"綾瀬市・{PLAN2}「2 組織の改革」人材・組織 → 財政・財源",
        f"相模原市・{SAGAMIHARA}「コールセンター運営事業」（分野「{CALL_CENTRE[2]}」の対応で市民協働・情報発信）"
        "→ 取組の対応 人材・組織"]))
    assert _read(live, "select count(*) from themes where batch_id = ?", batch) == [(2,)]


@pytest.mark.parametrize("changes", [
    pytest.param({PILLAR: "人材・組織"}, id="the-theme-it-has"),
    pytest.param({OUTSOURCING: "人材・組織"}, id="the-pillars-theme"),     # counted so already
    pytest.param({}, id="nothing"),
])
def test_a_change_that_changes_nothing_writes_nothing(live, changes):
    before = _read(live, "select * from themes order by all")
    assert importer.change_themes(live, changes) is None
    assert _read(live, "select batch_id from batches") == [(1,)]         # no empty batch in 取込の履歴
    assert _read(live, "select * from themes order by all") == before


@pytest.mark.parametrize("key, theme", [
    pytest.param(PILLAR, "**新テーマ**", id="theme-not-in-use"),          # nothing typed becomes a theme
    pytest.param(("綾瀬市", PLAN2, "9 ない柱", None), "財政・財源", id="no-such-pillar"),
    pytest.param(("綾瀬市", PLAN2, "2 組織の改革", "ない取組"), "財政・財源", id="no-such-initiative"),
    # the initiative is under 2 組織の改革, not 3 行政システムの改革
    pytest.param(("綾瀬市", PLAN2, "3 行政システムの改革", OUTSOURCING[3]), "財政・財源", id="under-another-pillar"),
    pytest.param(("厚木市", PLAN2, "2 組織の改革", OUTSOURCING[3]), "財政・財源", id="of-another-city"),
])
def test_a_row_or_theme_not_in_the_table_is_refused_and_nothing_is_written(live, key, theme):
    before = live.read_bytes()
    with pytest.raises(ValueError) as refused:
        # a valid change beside it is not written either: all or nothing
        importer.change_themes(live, {OWN_ROW: "業務改革・デジタル", key: theme})
    assert str(refused.value) == (f"共通テーマの対応表にない行か、使われていないテーマです: {key!r} → {theme!r}。"
                                  "対応表の行か分野で数えている取組と、表にあるテーマから選んでください。")
    assert live.read_bytes() == before


def test_an_initiative_whose_pillar_has_no_row_cannot_be_given_a_theme(live):
    # with no row for 「2 組織の改革」 its initiatives are テーマ未設定: the pillar is mapped first
    changed(live, f"delete from themes where plan = '{PLAN2}' and policy_area = '2 組織の改革'")
    with pytest.raises(ValueError, match="共通テーマの対応表にない行か"):
        importer.change_themes(live, {OUTSOURCING: "業務改革・デジタル"})


# --- restore: a change undone, recorded with who undid it ----------------------------------------

@pytest.mark.parametrize("who", [
    pytest.param({"loaded_by": "佐藤"}, id="signed-in"),      # 取込の履歴 names who undid the change
    pytest.param({}, id="no-name"),                           # on localhost no one signs in: no name invented
])
def test_a_restore_brings_back_the_old_theme_and_names_who_restored(live, who):
    area = ("綾瀬市", PLAN_H18, "1 職員自らの改革", None)
    batch = importer.change_themes(live, {area: "業務改革・デジタル"})
    assert importer.restore(live, batch, **who) == 3
    assert _batch(live, 3) == ("restore", None, None, None, 2, who.get("loaded_by"), "バッチ 2 より前の状態に戻す")
    # the retired row is current again, the batch's retired; the indicator counts under 人材・組織 again
    assert _themes(live, PLAN_H18, "1 職員自らの改革") == [
        ("綾瀬市", None, "人材・組織", "柱", None, None), ("綾瀬市", None, "業務改革・デジタル", "柱", 2, 3)]
    assert _read(live, "select theme from v_kpi where indicator = '職員数の削減'") == [("人材・組織",)]
