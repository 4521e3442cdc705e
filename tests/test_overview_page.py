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


def test_overview_counts_atsugi_judgements(app_db):
    at = _run(app_db)
    metrics = [(m.label, m.value) for m in at.metric]
    # 厚木市: 000 has 28 indicators (14 〇, 3 ×, 11 -) and 002 has 19 staged targets, not judged
    assert metrics[:5] == [("成果指標（指標×年度）", "47"), ("達成", "14"), ("一部達成", "0"),
                           ("未達成", "3"), ("判定なし", "30")]


def test_overview_lists_plans_with_periods_and_sources(app_db):
    at = _run(app_db)
    tables = [t.value.reset_index() for t in at.table]
    ayase = next(t for t in tables if t["計画"].str.contains("あやせ").any())
    assert "H18 (2006)～H27 (2015)" in set(ayase["期間"])
    assert ayase["出典"].str.startswith("綾瀬市 あやせ経営戦略プラン及びあやせ集中改革プラン (平成27年度終了)").all()
