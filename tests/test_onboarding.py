"""Onboarding a new plan (issue #16): a plan's own grades and a new pillar given their meaning at
preview, stored with the batch, undone with it; the comparison then counts them."""
from __future__ import annotations

import pytest

from dashboard.queries import comparison
from loaders import importer, seed, store
from loaders.layouts import Context
from tests.test_importer import xlsx

# 綾瀬市's new plan grades its indicators A / B / C and has a pillar no themes row maps.
ROWS = [["市名", "計画", "年度", "政策分野", "指標", "目標", "実績", "達成"],
        ["綾瀬市", "評価プラン", "R5", "5 新しい柱", "指標1", "10件", "12件", "A"],
        ["綾瀬市", "評価プラン", "R5", "5 新しい柱", "指標2", "10件", "8件", "B"],
        ["綾瀬市", "評価プラン", "R5", "5 新しい柱", "指標3", "10件", "3件", "C"]]
GRADES = {("綾瀬市", "A"): "achieved", ("綾瀬市", "B"): "partly", ("綾瀬市", "C"): "not_achieved"}
THEMES = {("綾瀬市", "評価プラン", "5 新しい柱"): "財政・財源"}


def _prepare(live, rows=ROWS):
    preview = importer.prepare(xlsx(rows, "評価"), "評価.xlsx", live, Context())
    assert preview.ok, [str(e) for e in preview.errors]
    return preview


def _read(live, sql, *params):
    con = store.connect_reader(live)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _rate(live):
    """The 都市比較 achievement-rate row of the new plan, as the page's query returns it."""
    rates = comparison.achievement_rates(["綾瀬市"])
    row = rates[rates["plan"] == "評価プラン"]
    return row[["judged", "achieved", "partly", "not_achieved", "not_judged"]].iloc[0].tolist() if len(row) else None


def test_the_preview_lists_unknown_grades_and_pillars_without_a_theme(live):
    preview = _prepare(live)
    assert preview.unknown_grades == [{"city": "綾瀬市", "word": w, "rows": 1} for w in "ABC"]
    assert preview.unthemed == [{"city": "綾瀬市", "plan": "評価プラン", "policy_area": "5 新しい柱", "rows": 3}]
    assert {"人材・組織", "財政・財源", "市民協働・情報発信", "業務改革・デジタル"} <= set(preview.theme_choices)
    said = [w for w in preview.warnings if w.startswith("政策分野")]
    assert said and "「テーマ未設定」として数えます" in said[0]
    # unmapped, all three count as 判定なし: the comparison would show no rate at all
    counts = importer.judgement_counts(preview).iloc[0]
    assert (counts["indicators"], counts["achieved"], counts["not_judged"]) == (3, 0, 3)


def test_the_chosen_meanings_change_the_preview_counts_and_are_committed_with_the_batch(live, monkeypatch):
    monkeypatch.setenv("PLANS_DB", str(live))
    preview = importer.map_words(_prepare(live), GRADES, THEMES)
    counts = importer.judgement_counts(preview).iloc[0]
    assert [counts[s] for s in importer.STATUSES] == [1, 1, 1, 0]
    batch = importer.commit(preview, live)
    assert _read(live, "select word, status, batch_id from status_words where batch_id is not null order by word") == [
        ("A", "achieved", batch), ("B", "partly", batch), ("C", "not_achieved", batch)]
    assert _read(live, "select distinct status, theme from v_kpi where plan = '評価プラン' order by status") == [
        ("achieved", "財政・財源"), ("not_achieved", "財政・財源"), ("partly", "財政・財源")]
    # 都市比較: 33%（3件中1件）, not 0% or no rate
    assert _rate(live) == [3, 1, 1, 1, 0]
    history = importer.history(live)
    assert '"status_words": 3' in history.iloc[0]["row_counts"] and '"themes": 1' in history.iloc[0]["row_counts"]
    # restore undoes the meanings with the rows: the words are unknown again
    importer.restore(live, batch)
    assert _read(live, "select count(*) from status_words where retired_by is null and batch_id is not null") == [(0,)]
    assert _read(live, "select count(*) from themes where retired_by is null and batch_id is not null") == [(0,)]
    again = _prepare(live)
    assert [g["word"] for g in again.unknown_grades] == ["A", "B", "C"] and again.unthemed


def test_a_later_meaning_of_the_same_word_replaces_the_earlier_one(live, monkeypatch):
    monkeypatch.setenv("PLANS_DB", str(live))
    importer.commit(importer.map_words(_prepare(live), GRADES, THEMES), live)
    rows = [ROWS[0], ["綾瀬市", "評価プラン2", "R6", "5 新しい柱", "指標1", "10件", "12件", "D"]]
    second = importer.map_words(_prepare(live, rows), {("綾瀬市", "D"): "achieved"},
                                {("綾瀬市", "評価プラン2", "5 新しい柱"): "人材・組織"})
    assert [g["word"] for g in second.unknown_grades] == ["D"]   # A, B, C are known now
    importer.commit(second, live)
    assert _read(live, "select count(*) from status_words where retired_by is null group by city, column_name, word "
                       "having count(*) > 1") == []
    assert _read(live, "select theme from v_kpi where plan = '評価プラン2'") == [("人材・組織",)]


def test_only_listed_words_and_the_products_statuses_and_themes_can_be_mapped(live):
    preview = _prepare(live)
    with pytest.raises(ValueError):
        importer.map_words(preview, {("綾瀬市", "Z"): "achieved"})
    with pytest.raises(ValueError):
        importer.map_words(preview, {("綾瀬市", "A"): "excellent"})
    with pytest.raises(ValueError):
        importer.map_words(preview, themes={("綾瀬市", "評価プラン", "5 新しい柱"): "<b>新テーマ</b>"})
    assert importer.mapping_rows(importer.map_words(preview, {("綾瀬市", "A"): None})) == {}


def test_a_rebuild_keeps_the_meanings_an_analyst_chose(live, monkeypatch):
    monkeypatch.setenv("PLANS_DB", str(live))
    importer.commit(importer.map_words(_prepare(live), GRADES, THEMES), live)
    seed.rebuild(live)
    assert _read(live, "select count(*) from status_words where batch_id is not null and retired_by is null") == [(3,)]
    assert _read(live, "select distinct theme from v_kpi where plan = '評価プラン'") == [("財政・財源",)]
    assert _rate(live) == [3, 1, 1, 1, 0]


# -- the データ取込 page under AppTest ---------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload_page(rows=ROWS):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT
    at = AppTest.from_file(str(ROOT / "pages/upload.py"), default_timeout=60).run()
    at.file_uploader[0].set_value(("評価.xlsx", xlsx(rows, "評価"), XLSX))
    return at.run()


def _mapping_labels(at) -> list[str]:
    return [s.label for s in at.selectbox if s.label.endswith(("の意味", "の共通テーマ"))]


def _choice(at, starts: str):
    return next(s for s in at.selectbox if s.label.startswith(starts))


def _frame_with(at, column: str):
    return next(t.value.reset_index() for t in [*at.table, *at.dataframe] if column in t.value.reset_index().columns)


def test_the_page_maps_grades_and_a_pillar_in_place_and_the_comparison_counts_them(live):
    at = _upload_page()
    assert not at.exception, at.exception
    assert _mapping_labels(at) == [
        "達成マーク「A」（綾瀬市、1行）の意味", "達成マーク「B」（綾瀬市、1行）の意味", "達成マーク「C」（綾瀬市、1行）の意味",
        "政策分野「5 新しい柱」（綾瀬市・評価プラン、3行）の共通テーマ"]
    assert _frame_with(at, "達成率")["達成率"].tolist() == ["判定できる指標なし"]
    for word, status in (("A", "achieved"), ("B", "partly"), ("C", "not_achieved")):
        _choice(at, f"達成マーク「{word}」").set_value(status)
    _choice(at, "政策分野「5 新しい柱」").set_value("財政・財源")
    at = at.run()
    counts = _frame_with(at, "達成率")
    assert counts.iloc[0][["指標", "達成", "一部達成", "未達成", "判定なし", "達成率"]].tolist() == [
        3, 1, 1, 1, 0, "33%（3件中1件）"]
    registered = _frame_with(at, "対応")
    assert registered["対応"].tolist() == ["達成", "一部達成", "未達成", "財政・財源"]
    at = next(b for b in at.button if b.label == "この内容で取り込む").click().run()
    assert "対応 4 件" in at.success[0].value
    assert "達成マークの意味 3行、共通テーマの対応 1行" in _frame_with(at, "SHA-256").iloc[0]["行数"]

    from tests.test_comparison_page import _charts, _open
    rates = _charts(_open(cities="綾瀬市"))["成果指標の達成率（市・年度別）"]
    assert "33%（3件中1件）" in set(rates["label"]) and "0%（1件中0件）" not in set(rates["label"])


def test_typed_file_words_in_the_mapping_labels_stay_words(live):
    rows = [ROWS[0], ["綾瀬市", "評価プラン", "R5", "**太字** <b>柱</b>", "指標1", "10件", "12件", "S"]]
    at = _upload_page(rows)
    assert not at.exception, at.exception
    labels = _mapping_labels(at)
    assert labels == ["達成マーク「S」（綾瀬市、1行）の意味",
                      "政策分野「\\*\\*太字\\*\\* \\<b\\>柱\\</b\\>」（綾瀬市・評価プラン、1行）の共通テーマ"]
