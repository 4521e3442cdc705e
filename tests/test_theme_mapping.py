"""Changing the theme mapping on 都市比較 (issue #16, question 17): an existing row (a pillar, or an
initiative with a row of its own) is given another theme as a batch with its history; the
comparison figures move; restore brings the old row back; a rebuild keeps the change; the
change needs the analyst sign-in; the mapping's caption names each row's real source.

Figures by hand from data/seed/003_initiatives.csv and data/themes.csv, 綾瀬市, 取組数:
財政・財源 = 4 initiatives of H18～H21 mapped one by one + 積極的な財源確保 (第2期) + 2 of 第3期 = 7;
人材・組織 = pillars 1 and 2 of each plan: (3 + 3) + (1 + 3) + (3 + 3) = 16. 第2期's pillar
「2 組織の改革」 has 3 initiatives: mapped to 財政・財源 it makes 10 and 13.
"""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.queries import comparison
from loaders import importer, seed
from tests.conftest import ROOT
from tests.test_onboarding import _read

PLAN2 = "第2期あやせ集中改革プラン（H22～H24）"
PILLAR = ("綾瀬市", PLAN2, "2 組織の改革", None)
INITIATIVE = ("綾瀬市", PLAN2, "3 行政システムの改革", "積極的な財源確保")
PAGE = "pages/comparison.py"


def _counts(city="綾瀬市") -> dict[str, int]:
    frame = comparison.theme_counts([city], "取組数")
    return {t: int(n) for t, n in zip(frame["theme"], frame["n"]) if isinstance(t, str)}


def test_a_pillar_remapped_moves_the_counts_and_is_undone_by_restore(live):
    before = _counts()
    assert (before["財政・財源"], before["人材・組織"]) == (7, 16)
    batch = importer.change_themes(live, {PILLAR: "財政・財源"}, loaded_by="山田")
    after = _counts()
    assert (after["財政・財源"], after["人材・組織"]) == (10, 13)
    # the old row is retired by the batch, never deleted; the new one carries the batch
    assert _read(live, "select theme, batch_id, retired_by from themes where plan = ? and policy_area = ? "
                       "and initiative is null order by batch_id nulls first", PLAN2, "2 組織の改革") == [
        ("人材・組織", None, batch), ("財政・財源", batch, None)]
    history = importer.history(live).iloc[0]
    assert (history["kind"], history["loaded_by"]) == ("mapping", "山田")
    assert "「2 組織の改革」人材・組織 → 財政・財源" in history["note"]
    importer.restore(live, batch)
    again = _counts()
    assert (again["財政・財源"], again["人材・組織"]) == (7, 16)
    assert _read(live, "select theme from themes where retired_by is null and plan = ? and policy_area = ? "
                       "and initiative is null", PLAN2, "2 組織の改革") == [("人材・組織",)]


def test_the_indicator_counts_follow_a_change(live):
    # 003_kpi.csv: 綾瀬市's one indicator (職員数の削減) is under H18～H21's 「1 職員自らの改革」 (人材・組織)
    def indicators():
        frame = comparison.theme_counts(["綾瀬市"], "指標数")
        return {t: int(n) for t, n in zip(frame["theme"], frame["n"]) if isinstance(t, str)}
    assert (indicators()["人材・組織"], indicators()["業務改革・デジタル"]) == (1, 0)
    importer.change_themes(live, {("綾瀬市", "あやせ集中改革プラン（H18～H21）", "1 職員自らの改革", None): "業務改革・デジタル"})
    assert (indicators()["人材・組織"], indicators()["業務改革・デジタル"]) == (0, 1)


def test_an_initiatives_own_row_can_be_changed(live):
    importer.change_themes(live, {INITIATIVE: "業務改革・デジタル"})
    after = _counts()
    assert (after["財政・財源"], after["業務改革・デジタル"]) == (6, 8)


# 第2期's 「事務事業の民間委託化を推進」 (003_initiatives.csv row 22) has no row of its own: it is
# counted through 「2 組織の改革」 (人材・組織). Given 業務改革・デジタル of its own, 人材・組織 16 → 15
# and 業務改革・デジタル 7 → 8 (7: the initiatives of the three plans' 「3 行政システムの改革」 less the
# 7 mapped one by one to 財政・財源).
OUTSOURCING = ("綾瀬市", PLAN2, "2 組織の改革", "事務事業の民間委託化を推進")


def _by_pillar(city="綾瀬市") -> dict:
    frame = comparison.initiatives_counted_by_pillar([city])
    return {(r.city, r.plan, r.policy_area, r.initiative): r.theme for r in frame.itertuples()}


def test_initiatives_counted_through_their_pillar_are_listed_with_its_theme(live):
    listed = _by_pillar()
    assert listed[OUTSOURCING] == "人材・組織"
    assert INITIATIVE not in listed                   # 積極的な財源確保 has a row of its own
    # every initiative of 003 (39 rows) is listed, but the 7 with a row of their own
    assert len(listed) == 39 - 7


def test_an_initiative_counted_through_its_pillar_gets_a_theme_of_its_own_and_restore_undoes_it(live):
    before = _counts()
    assert (before["人材・組織"], before["業務改革・デジタル"]) == (16, 7)
    batch = importer.change_themes(live, {OUTSOURCING: "業務改革・デジタル"}, loaded_by="山田")
    after = _counts()
    assert (after["人材・組織"], after["業務改革・デジタル"]) == (15, 8)
    # a row of its own, written by the batch; the pillar's row stays as it was
    assert _read(live, "select initiative, theme, area_kind, batch_id, retired_by from themes where plan = ? "
                       "and policy_area = ? order by initiative nulls first", PLAN2, "2 組織の改革") == [
        (None, "人材・組織", "柱", None, None), ("事務事業の民間委託化を推進", "業務改革・デジタル", "柱", batch, None)]
    assert _read(live, "select theme, theme_basis from v_initiatives where plan = ? and initiative = ?",
                 PLAN2, "事務事業の民間委託化を推進") == [("業務改革・デジタル", "取組")]
    assert OUTSOURCING not in _by_pillar()
    mapping = comparison.theme_mapping(["綾瀬市"])
    own = mapping[mapping["initiative"] == "事務事業の民間委託化を推進"]
    assert (own["theme"].tolist(), own["batch_id"].tolist(), own["batch_kind"].tolist()) == (
        ["業務改革・デジタル"], [batch], ["mapping"])
    history = importer.history(live).iloc[0]
    assert (history["kind"], history["loaded_by"]) == ("mapping", "山田")
    assert ("「事務事業の民間委託化を推進」（分野「2 組織の改革」の対応で人材・組織）→ 取組の対応 業務改革・デジタル"
            in history["note"])
    importer.restore(live, batch)
    again = _counts()
    assert (again["人材・組織"], again["業務改革・デジタル"]) == (16, 7)
    assert _by_pillar()[OUTSOURCING] == "人材・組織"


def test_an_initiative_named_only_by_its_indicators_moves_the_indicator_counts(live):
    # 004 has no initiatives table: 「コールセンター運営事業」 is named by its indicator 放棄呼率,
    # H24 and H25 (004_kpi.csv rows 19-20), under 「迅速な情報収集と戦略的な情報発信の推進」
    # (市民協働・情報発信); 相模原市 has no 業務改革・デジタル pillar, so 0 → 2 and 市民協働 − 2
    def indicators():
        frame = comparison.theme_counts(["相模原市"], "指標数")
        return {t: int(n) for t, n in zip(frame["theme"], frame["n"]) if isinstance(t, str)}
    key = ("相模原市", "総務局 局・区経営方針（平成25年度）", "迅速な情報収集と戦略的な情報発信の推進", "コールセンター運営事業")
    assert _by_pillar("相模原市")[key] == "市民協働・情報発信"
    before = indicators()
    assert before["業務改革・デジタル"] == 0
    importer.change_themes(live, {key: "業務改革・デジタル"})
    after = indicators()
    assert (after["業務改革・デジタル"], after["市民協働・情報発信"]) == (2, before["市民協働・情報発信"] - 2)


def test_an_initiatives_new_row_survives_a_rebuild_and_a_restore_after_it(live):
    batch = importer.change_themes(live, {OUTSOURCING: "業務改革・デジタル"})
    seed.rebuild(live)
    assert _counts()["業務改革・デジタル"] == 8
    importer.restore(live, batch)
    seed.rebuild(live)
    assert _counts()["業務改革・デジタル"] == 7


def test_only_an_initiative_the_data_names_under_that_pillar_can_be_given_a_theme(live):
    with pytest.raises(ValueError):   # the initiative is under 2 組織の改革, not 3 行政システムの改革
        importer.change_themes(live, {("綾瀬市", PLAN2, "3 行政システムの改革", "事務事業の民間委託化を推進"): "財政・財源"})
    with pytest.raises(ValueError):   # no such initiative
        importer.change_themes(live, {("綾瀬市", PLAN2, "2 組織の改革", "ない取組"): "財政・財源"})
    with pytest.raises(ValueError):
        importer.change_themes(live, {OUTSOURCING: "**新テーマ**"})
    assert importer.change_themes(live, {OUTSOURCING: "人材・組織"}) is None   # its pillar's: nothing written
    assert len(importer.history(live)) == 1


def test_a_rebuild_keeps_the_change_and_a_restore_after_it(live):
    batch = importer.change_themes(live, {PILLAR: "財政・財源"})
    seed.rebuild(live)
    assert _counts()["財政・財源"] == 10
    assert _read(live, "select count(*) from themes where retired_by is null and plan = ? and policy_area = ? "
                       "and initiative is null", PLAN2, "2 組織の改革") == [(1,)]
    importer.restore(live, batch)
    seed.rebuild(live)
    assert _counts()["財政・財源"] == 7


def test_only_rows_in_use_and_themes_in_use_can_be_chosen(live):
    with pytest.raises(ValueError):
        importer.change_themes(live, {("綾瀬市", PLAN2, "9 ない柱", None): "財政・財源"})
    with pytest.raises(ValueError):
        importer.change_themes(live, {PILLAR: "**新テーマ**"})
    assert importer.change_themes(live, {PILLAR: "人材・組織"}) is None   # the theme it has: nothing written
    assert len(importer.history(live)) == 1


# -- 都市比較 under AppTest -------------------------------------------------------------------------

def _page(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _heat(at) -> dict:
    from tests.test_comparison_page import _charts
    heat = _charts(at)["共通テーマ別の取組数（件）"]
    return {(r.row_label, r.theme_label): r.text for r in heat.itertuples()}


def _opened(at) -> AppTest:
    return next(t for t in at.toggle if t.label == "対応を変える").set_value(True).run()


def _row_choice(at):
    return next(s for s in at.selectbox if s.label.startswith("変える行"))


def _change(at, row_text: str, theme: str) -> AppTest:
    box = _row_choice(at)
    box.select_index(next(i for i, shown in enumerate(box.options) if row_text in shown))
    next(s for s in at.selectbox if s.label == "新しい共通テーマ").set_value(theme)
    return next(b for b in at.button if b.label == "この対応に変える").click().run()


def test_the_page_changes_a_pillar_and_the_heatmap_and_caption_follow(live):
    at = _page(cities="綾瀬市")
    assert _heat(at)["綾瀬市", "財政・財源"] == "7"
    captions = "\n".join(c.value for c in at.caption)
    assert "出典: data/themes.csv 19行" in captions
    assert not [s for s in at.selectbox if s.label.startswith("変える行")]   # closed until asked for
    at = _change(_opened(at), "綾瀬市・第2期あやせ集中改革プラン（H22～H24） 分野「2 組織の改革」", "財政・財源")
    assert not at.exception, at.exception
    assert _heat(at)["綾瀬市", "財政・財源"] == "10" and _heat(at)["綾瀬市", "人材・組織"] == "13"
    assert "バッチ 2 として記録しました" in at.success[0].value
    mapping = next(e for e in at.expander if e.label.startswith("共通テーマの対応表")).table[0].value
    row = mapping[(mapping["計画"] == PLAN2) & (mapping["分野（資料の表記）"] == "2 組織の改革")]
    assert row["共通テーマ"].tolist() == ["財政・財源"]
    assert row["対応の出典"].iloc[0].startswith("バッチ 2（都市比較での変更、")
    assert set(mapping.loc[mapping["計画"] != PLAN2, "対応の出典"]) == {"data/themes.csv"}
    captions = "\n".join(c.value for c in at.caption)
    assert "data/themes.csv 18行" in captions and "バッチ 2（都市比較での変更、" in captions

    # データ取込: the change is in the history as a batch, and restore brings the old row back
    upload = AppTest.from_file(str(ROOT / "pages/upload.py"), default_timeout=60).run()
    history = next(d.value for d in upload.dataframe if "SHA-256" in d.value.columns)
    assert history.iloc[0][["バッチ", "種類", "行数"]].tolist() == [2, "対応の変更", "共通テーマの対応 1行"]
    restore = next(s for s in upload.selectbox if s.label == "このバッチより前の状態に戻す")
    assert "2" in restore.options
    restore.set_value(2)
    upload.checkbox[-1].check()
    upload = next(b for b in upload.button if b.label == "復元する").click().run()
    assert not upload.exception, upload.exception
    assert _heat(_page(cities="綾瀬市"))["綾瀬市", "財政・財源"] == "7"


def test_the_change_needs_the_sign_in_when_served_beyond_localhost(live, monkeypatch):
    monkeypatch.setenv("PLANS_REQUIRE_SIGNIN", "1")
    monkeypatch.setenv("PLANS_UPLOAD_PASSWORD", "kaigi-2026")
    at = _opened(_page(cities="綾瀬市"))
    assert "共通テーマの対応の変更には分析担当のサインインが必要です。" in "\n".join(m.value for m in at.markdown)
    assert not [b for b in at.button if b.label == "この対応に変える"]
    next(t for t in at.text_input if t.label == "パスワード").input("kaigi-2026")
    at = next(b for b in at.button if b.label == "サインイン").click().run()
    at = _change(at, "分野「2 組織の改革」", "財政・財源")
    assert _heat(at)["綾瀬市", "財政・財源"] == "10"
    assert importer.history(live).iloc[0]["loaded_by"] == "分析担当"


def test_the_page_gives_an_initiative_a_theme_of_its_own_and_the_table_shows_its_batch(live):
    at = _opened(_page(cities="綾瀬市"))
    assert _heat(at)["綾瀬市", "人材・組織"] == "16"
    what = next(r for r in at.radio if r.label == "変えるもの")
    at = what.set_value("取組に独自のテーマを付ける").run()
    box = next(s for s in at.selectbox if s.label.startswith("テーマを付ける取組"))
    shown = "綾瀬市・第2期あやせ集中改革プラン（H22～H24） 取組「事務事業の民間委託化を推進」（分野「2 組織の改革」の対応で数えています）: 人材・組織"
    assert shown in box.options
    assert not [o for o in box.options if "積極的な財源確保" in o]   # it has a row of its own
    box.select_index(box.options.index(shown))
    next(s for s in at.selectbox if s.label == "新しい共通テーマ").set_value("業務改革・デジタル")
    at = next(b for b in at.button if b.label == "この対応に変える").click().run()
    assert not at.exception, at.exception
    assert "バッチ 2 として記録しました" in at.success[0].value
    assert (_heat(at)["綾瀬市", "人材・組織"], _heat(at)["綾瀬市", "業務改革・デジタル"]) == ("15", "8")
    mapping = next(e for e in at.expander if e.label.startswith("共通テーマの対応表")).table[0].value
    row = mapping[mapping["取組"] == "事務事業の民間委託化を推進"]
    assert row[["分野（資料の表記）", "共通テーマ"]].values.tolist() == [["2 組織の改革", "業務改革・デジタル"]]
    assert row["対応の出典"].iloc[0].startswith("バッチ 2（都市比較での変更、")
    pillar = mapping[(mapping["計画"] == PLAN2) & (mapping["取組"] == "（分野のすべての取組）")
                     & (mapping["分野（資料の表記）"] == "2 組織の改革")]
    assert pillar[["共通テーマ", "対応の出典"]].values.tolist() == [["人材・組織", "data/themes.csv"]]
    assert "data/themes.csv 19行" in "\n".join(c.value for c in at.caption)   # none retired, one added


def test_the_chosen_row_is_written_whole_under_its_box(live):
    """A row's text is longer than its box at 1280 px and its theme comes last: the page writes the
    choice whole beneath it, and follows a new choice before anything is submitted."""
    at = _opened(_page(cities="綾瀬市"))
    box = _row_choice(at)
    longest = max(range(len(box.options)), key=lambda i: len(box.options[i]))
    at = box.select_index(longest).run()
    said = [c.value.replace("\\", "") for c in at.caption if c.value.startswith("選んだ行: ")]
    assert said == [f"選んだ行: {_row_choice(at).options[longest]}"]
    at = _row_choice(at).select_index(0).run()
    assert [c.value.replace("\\", "") for c in at.caption if c.value.startswith("選んだ行: ")] == [
        f"選んだ行: {_row_choice(at).options[0]}"]
