"""The overview page (app.py) under AppTest, on the seed database."""
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def _run(app_db):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception, at.exception
    return at


def test_overview_shows_each_city_and_the_unnamed_plan(app_db):
    at = _run(app_db)
    headers = [h.value for h in at.subheader]
    assert headers == ["厚木市", "綾瀬市", "相模原市", "市名記載なし"]


def test_overview_counts_atsugi_judgements_per_kind_of_document(app_db):
    at = _run(app_db)
    metrics = [(m.label, m.value) for m in at.metric]
    # 厚木市: 000, the 実績報告, has 28 indicators (14 〇, 3 ×, 11 -); 002, the research paper, has
    # 19 goals of its action plan (7-1 … 7-3: 8 アウトプット + 11 アウトカム), none judged. Counted
    # apart, never as one 47 (issue #16).
    assert metrics[:10] == [("成果指標（指標×年度）", "28"), ("達成", "14"), ("一部達成", "0"),
                            ("未達成", "3"), ("判定なし", "11"),
                            ("成果指標（指標×年度）", "19"), ("達成", "0"), ("一部達成", "0"),
                            ("未達成", "0"), ("判定なし", "19")]
    assert "47" not in [value for _, value in metrics]
    heads = [m.value for m in at.markdown]
    assert "**行政経営プラン実施計画（平成27年度実績報告）**（実施計画・実績報告）" in heads
    assert "**「庁内副業10％推進」アクションプラン**（研究報告・研究論文）" in heads


def test_overview_says_what_each_plan_covers(app_db):
    at = _run(app_db)
    tables = [t.value.reset_index() for t in at.table]
    sagamihara = next(t for t in tables if t["計画"].str.contains("総務局").any())
    assert sagamihara["範囲"].tolist() == ["総務局のみ"]


def test_overview_lists_plans_with_periods_and_sources(app_db):
    at = _run(app_db)
    tables = [t.value.reset_index() for t in at.table]
    ayase = next(t for t in tables if t["計画"].str.contains("あやせ").any())
    assert "H18 (2006)～H27 (2015)" in set(ayase["期間"])
    assert ayase["出典"].str.startswith("綾瀬市 あやせ経営戦略プラン及びあやせ集中改革プラン (平成27年度終了)").all()
