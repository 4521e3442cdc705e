"""KPI推移's first indicator (issue #16): from the plan a user expects, the chosen city's latest
achievement report (厚木市: 000's 実績報告), not whichever plan has the most numbers or sorts first."""
from __future__ import annotations

from dashboard.queries import kpi as q
from loaders import importer
from loaders.layouts import Context
from tests.conftest import open_app_page
from tests.test_importer import xlsx

REPORT = "行政経営プラン実施計画（平成27年度実績報告）"
# A 厚木市 plan that sorts before the report and has more years of numeric target and actual
# than any of its indicators: under "most numbers first" it took the default.
ROWS = [["市名", "計画", "年度", "指標", "方向", "目標", "実績"],
        *[["厚木市", "あいうえお計画", f"R{y}", "窓口の待ち時間", "lower", "10分", f"{8 + y % 3}分"] for y in range(1, 7)]]


def _indicator_plan(label: str) -> set[str]:
    return set(q.indicator_history(label, q.Filter())["plan"])


def _upload(live) -> None:
    preview = importer.prepare(xlsx(ROWS, "指標"), "あいうえお計画.xlsx", live, Context())
    assert preview.ok, [str(e) for e in preview.errors]
    importer.commit(preview, live)


def test_the_default_comes_from_the_achievement_report_of_the_chosen_city(live):
    _upload(live)
    for cities in ((), ("厚木市",)):
        label = q.default_indicator(q.Filter(cities=cities))
        assert _indicator_plan(label) == {REPORT}, (cities, label)
    # the other city's own plan when it is the one chosen
    assert _indicator_plan(q.default_indicator(q.Filter(cities=("相模原市",)))) == {"総務局 局・区経営方針（平成25年度）"}
    # a plan chosen in the filter is the one shown, report or not
    assert _indicator_plan(q.default_indicator(q.Filter(plans=("あいうえお計画",)))) == {"あいうえお計画"}


def test_the_kpi_page_opens_on_the_reports_indicator(live):
    _upload(live)
    at = open_app_page("pages/kpi.py", city="厚木市")
    pick = next(s for s in at.selectbox if s.label == "成果指標")
    assert pick.value == "厚木市｜中心市街地の再配置計画の実施件数"
    assert _indicator_plan(pick.value) == {REPORT}
