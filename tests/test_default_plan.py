"""The plan a page opens on (issue #16): the latest achievement report or plan, never the first
in sort order, and the one the user was looking at after an analyst adds another plan.

Seed plans: 000 厚木市 行政経営プラン実施計画（平成27年度実績報告） (a 実績報告, H27), 002 厚木市
「庁内副業10％推進」アクションプラン (a research paper, 令和３年度), 003 綾瀬市 あやせ経営戦略プラン
H18～H27 and its three 集中改革プラン periods, 001 行革推進プラン R4～R9 (no city named, the only one
with effect amounts).
"""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.queries import defaults
from loaders import importer
from loaders.layouts import Context
from tests.conftest import ROOT
from tests.test_deck_freeze import AYASE_CSV, upload_ayase

PAGE = str(ROOT / "pages/effect_amounts.py")
SAMPLE = "行革推進プラン（市名記載なし）"
AYASE = "あやせ改革プラン（綾瀬市）"          # R4–R5: older than the sample's R4–R9
NEWER = "あやせ新プラン（綾瀬市）"            # R10–R11: later than every other plan

ATSUGI_PAPER = ("厚木市", "「庁内副業10％推進」アクションプラン")
ATSUGI_REPORT = ("厚木市", "行政経営プラン実施計画（平成27年度実績報告）")
AYASE_PLANS = [("綾瀬市", "あやせ経営戦略プラン"), ("綾瀬市", "あやせ集中改革プラン（H18～H21）"),
               ("綾瀬市", "第2期あやせ集中改革プラン（H22～H24）"), ("綾瀬市", "第3期あやせ集中改革プラン（H25～H27）")]


def test_an_achievement_report_comes_before_a_later_research_paper(app_db):
    # 002's paper (令和３年度) is later than 000's report (H27), but 000 is the 実績報告
    assert defaults.expected_plan([ATSUGI_PAPER, ATSUGI_REPORT]) == 1


def test_the_chosen_citys_latest_plan_comes_first(app_db):
    options = [ATSUGI_PAPER, ATSUGI_REPORT, *AYASE_PLANS, (None, "行革推進プラン")]
    # 綾瀬市: the 大綱 and the 第3期 both end H27; the later start (H25) wins
    assert options[defaults.expected_plan(options, city="綾瀬市")] == AYASE_PLANS[3]
    assert options[defaults.expected_plan(options, city="厚木市")] == ATSUGI_REPORT
    # no city chosen: the only achievement report of all
    assert options[defaults.expected_plan(options)] == ATSUGI_REPORT


def test_a_plan_without_a_plans_row_is_dated_by_its_figures(app_db):
    options = [("綾瀬市", "表のみの計画"), (None, "行革推進プラン")]
    assert defaults.expected_plan(options, last_fys=[2023, 2027]) == 1
    assert defaults.expected_plan(options, last_fys=[2031, 2027]) == 0   # later than 001's R4～R9
    assert defaults.expected_plan([("綾瀬市", "表のみの計画"), ("綾瀬市", "別の表")], last_fys=[2023, 2031]) == 1



def test_no_options_opens_on_the_first_place_and_blanks_read_as_no_city_and_no_year(app_db):
    assert defaults.expected_plan([]) == 0
    # a frame's blank city and blank year arrive as NaN / None: read as no city and no year, so
    # 001 (no city named, R4～R9 in v_plans) is still found and dated by its plans row
    options = [("綾瀬市", "表のみの計画"), (float("nan"), "行革推進プラン")]
    assert defaults.expected_plan(options, last_fys=[2023, None]) == 1
    assert defaults.expected_plan(options, last_fys=[float("nan"), float("nan")]) == 1

def test_one_city_is_only_a_single_named_city():
    assert defaults.one_city(["綾瀬市"]) == "綾瀬市"
    assert defaults.one_city(["綾瀬市", "厚木市"]) is None
    assert defaults.one_city(["市名記載なし"]) is None
    assert defaults.one_city(None) is None


def run(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params.update(params or {})
    at.run()
    assert not at.exception, at.exception
    return at


def away_and_back(at: AppTest) -> None:
    """To another page and back with no query parameters, as the sidebar's links go. Under
    AppTest the page still sees its earlier URL, so these tests hold with or without the session's
    memory in dashboard/filters.py; tests/test_browser_plan_actual.py is the one that fails without it."""
    at.query_params.clear()
    at.switch_page(str(ROOT / "pages/initiatives.py")).run()
    assert not at.exception, at.exception
    at.query_params.clear()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception


def plan_shown(at: AppTest) -> str:
    select = at.sidebar.selectbox(key="effect_plan")
    return select.options[select.index]


def upload_newer(db) -> int:
    csv = AYASE_CSV.decode("shift_jis").replace("令和4年度(実績)", "令和10年度(実績)").replace(
        "令和5年度(見込み)", "令和11年度(見込み)").replace("(R4~R5)", "(R10~R11)").encode("shift_jis")
    preview = importer.prepare(csv, "綾瀬市_新プラン.csv", db,
                               Context(city="綾瀬市", plan="あやせ新プラン", estimate="当初見込み"))
    assert preview.ok, [str(e) for e in preview.errors]
    return importer.commit(preview, db)


def test_an_unrelated_plan_that_sorts_first_does_not_move_the_default(live):
    assert plan_shown(run()) == SAMPLE
    upload_ayase(live)
    at = run()
    # 綾瀬市 sorts before 市名記載なし: the first in order is the new plan, the default is not
    assert at.sidebar.selectbox(key="effect_plan").options == [AYASE, SAMPLE]
    assert plan_shown(at) == SAMPLE
    assert [m.value for m in at.metric][-1] == "35.2 %"       # 計画比 of the sample, R4–R5


def test_the_session_keeps_the_plan_after_a_newer_one_is_added(live):
    at = run()
    assert plan_shown(at) == SAMPLE
    upload_newer(live)
    away_and_back(at)
    assert plan_shown(at) == SAMPLE
    # a new session with no URL opens on the latest plan, which is now the new one
    assert plan_shown(run()) == NEWER


def test_the_url_keeps_the_plan_in_a_new_session(live):
    upload_newer(live)
    assert plan_shown(run({"effect_plan": SAMPLE})) == SAMPLE


def test_a_plan_the_user_chose_is_kept_when_they_come_back(live):
    upload_ayase(live)
    at = run()
    at.sidebar.selectbox(key="effect_plan").set_value(("綾瀬市", "あやせ改革プラン")).run()
    assert plan_shown(at) == AYASE
    away_and_back(at)
    assert plan_shown(at) == AYASE
