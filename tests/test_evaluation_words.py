"""Words of a plan's 評価 column the product does not know (issue #16, question 21): listed at
preview with a choice of meaning, as unknown 達成マーク are; the chosen meaning is stored as
status_words rows (column evaluation) with the batch and counted on the pages; a word left
without a meaning stays 判定なし and is listed as such, never guessed."""
from __future__ import annotations

import json

import duckdb

from loaders import importer
from loaders.layouts import Context
from tests.test_importer import xlsx
from tests.test_onboarding import XLSX
from tests.test_onboarding import _read

# 綾瀬市's plan judges in words of its own (none in data/status_words.csv) and one the product knows (達成).
ROWS = [["市名", "計画", "年度", "政策分野", "指標", "目標", "実績", "評価"],
        ["綾瀬市", "評価語プラン", "R5", "1 職員自らの改革", "指標1", "10件", "12件", "順調"],
        ["綾瀬市", "評価語プラン", "R5", "1 職員自らの改革", "指標2", "10件", "11件", "順調"],
        ["綾瀬市", "評価語プラン", "R5", "1 職員自らの改革", "指標3", "10件", "8件", "やや遅れ"],
        ["綾瀬市", "評価語プラン", "R5", "1 職員自らの改革", "指標4", "10件", "0件", "未着手"],
        ["綾瀬市", "評価語プラン", "R5", "1 職員自らの改革", "指標5", "10件", "10件", "達成"]]
CHOSEN = {("綾瀬市", "順調"): "achieved", ("綾瀬市", "やや遅れ"): "partly"}   # 未着手 left without a meaning


def _prepare(live):
    preview = importer.prepare(xlsx(ROWS, "評価"), "評価語.xlsx", live, Context())
    assert preview.ok, [str(e) for e in preview.errors]
    return preview


def _rate():
    from dashboard.queries import comparison
    rates = comparison.achievement_rates(["綾瀬市"])
    row = rates[rates["plan"] == "評価語プラン"]
    return row[["indicators", "judged", "achieved", "partly", "not_achieved", "not_judged"]].iloc[0].tolist()


def test_the_preview_lists_the_unknown_evaluation_words_and_counts_them_as_chosen(live):
    preview = _prepare(live)
    assert preview.unknown_evaluations == [{"city": "綾瀬市", "word": w, "rows": n}
                                           for w, n in (("やや遅れ", 1), ("未着手", 1), ("順調", 2))]
    assert preview.unknown_grades == []                   # the file has no 達成マーク column
    assert any(w.startswith("評価「未着手」（綾瀬市、1行）") for w in preview.warnings)
    counts = importer.judgement_counts(preview).iloc[0]
    assert [counts[s] for s in importer.STATUSES] == [1, 0, 0, 4]   # only 達成 known
    mapped = importer.map_words(preview, evaluations=CHOSEN)
    counts = importer.judgement_counts(mapped).iloc[0]
    assert [counts[s] for s in importer.STATUSES] == [3, 1, 0, 1]


def test_the_meanings_are_committed_with_the_batch_counted_and_undone(live):
    batch = importer.commit(importer.map_words(_prepare(live), evaluations=CHOSEN), live)
    assert _read(live, "select column_name, word, status, batch_id from status_words where batch_id is not null "
                       "order by word") == [("evaluation", "やや遅れ", "partly", batch),
                                            ("evaluation", "順調", "achieved", batch)]
    # 都市比較: 5 indicators, 4 judged, 3 achieved; 未着手 is 判定なし
    assert _rate() == [5, 4, 3, 1, 0, 1]
    assert _read(live, "select indicator, status from v_kpi where plan = '評価語プラン' and status = 'not_judged'") == [
        ("指標4", "not_judged")]
    importer.restore(live, batch)
    again = _prepare(live)
    assert [w["word"] for w in again.unknown_evaluations] == ["やや遅れ", "未着手", "順調"]


def test_the_history_counts_evaluation_words_under_their_own_name(live):
    # 2 評価 words given a meaning (順調, やや遅れ), no 達成マーク: the batch counts 評価の意味 2行
    batch = importer.commit(importer.map_words(_prepare(live), evaluations=CHOSEN), live)
    # as the batch records it, and as the history reads it
    [(recorded,)] = _read(live, "select row_counts from batches where batch_id = ?", batch)
    assert json.loads(recorded) == {"kpi": 5, "plans": 1, "status_words_evaluation": 2}
    from dashboard.upload_view import history_view
    assert history_view(importer.history(live)).iloc[0]["行数"] == "成果指標 5行、計画 1行、評価の意味 2行"


def test_a_batch_recorded_with_words_and_marks_together_is_named_apart_in_the_history(live):
    # a batch written before the two were counted apart recorded every meaning as status_words
    batch = importer.commit(importer.map_words(_prepare(live), evaluations=CHOSEN), live)
    con = duckdb.connect(str(live))
    con.execute("update batches set row_counts = ? where batch_id = ?",
                [json.dumps({"kpi": 5, "plans": 1, "status_words": 2}), batch])
    con.close()
    assert json.loads(importer.history(live).iloc[0]["row_counts"]) == {"kpi": 5, "plans": 1, "status_words_evaluation": 2}


def test_only_listed_words_can_be_given_a_meaning(live):
    import pytest
    preview = _prepare(live)
    with pytest.raises(ValueError):
        importer.map_words(preview, evaluations={("綾瀬市", "達成"): "not_achieved"})   # known: not asked
    with pytest.raises(ValueError):
        importer.map_words(preview, evaluations={("綾瀬市", "順調"): "good"})


# -- the データ取込 page under AppTest, then 都市比較 ---------------------------------------------

def _upload_page():
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT
    at = AppTest.from_file(str(ROOT / "pages/upload.py"), default_timeout=60).run()
    at.file_uploader[0].set_value(("評価語.xlsx", xlsx(ROWS, "評価"), XLSX))
    return at.run()


def _frame_with(at, column: str):
    return next(t.value.reset_index() for t in [*at.table, *at.dataframe] if column in t.value.reset_index().columns)


def test_the_page_offers_a_meaning_for_each_unknown_evaluation_word(live):
    at = _upload_page()
    assert not at.exception, at.exception
    labels = [s.label for s in at.selectbox if s.label.startswith("評価「")]
    assert labels == ["評価「やや遅れ」（綾瀬市、1行）の意味", "評価「未着手」（綾瀬市、1行）の意味",
                      "評価「順調」（綾瀬市、2行）の意味"]
    assert _frame_with(at, "達成率")["達成率"].tolist() == ["100%（1件中1件）"]
    next(s for s in at.selectbox if s.label.startswith("評価「順調」")).set_value("achieved")
    next(s for s in at.selectbox if s.label.startswith("評価「やや遅れ」")).set_value("partly")
    at = at.run()
    counts = _frame_with(at, "達成率").iloc[0]
    assert counts[["指標", "達成", "一部達成", "未達成", "判定なし", "達成率"]].tolist() == [5, 3, 1, 0, 1, "75%（4件中3件）"]
    left = _frame_with(at, "数え方")
    assert left[["種類", "語", "数え方"]].values.tolist() == [["評価の意味", "未着手", "判定なし（意味が選ばれていません）"]]
    registered = _frame_with(at, "対応")
    assert registered[["種類", "語・政策分野", "対応"]].values.tolist() == [
        ["評価の意味", "やや遅れ", "一部達成"], ["評価の意味", "順調", "達成"]]
    at = next(b for b in at.button if b.label == "この内容で取り込む").click().run()
    assert "対応 2 件" in at.success[0].value
    # 取込の履歴: the meanings are 評価 words', never counted under 達成マークの意味
    history = _frame_with(at, "SHA-256").iloc[0]["行数"]
    assert history == "成果指標 5行、計画 1行、評価の意味 2行" and "達成マーク" not in history

    from tests.test_comparison_page import _charts, _open
    rates = _charts(_open(cities="綾瀬市"))["成果指標の達成率（市・年度別）"]
    assert "75%（4件中3件）" in set(rates["label"])
