"""End to end (issue #16): 計画比 on 効果額 read in headless Chromium, and the plan a user was
looking at kept after an analyst adds another plan.

Figures from 001_9480041d8c514e34.txt (行革推進プラン, R4～R9): R4–R5 実績 78,227 千円 (後期 合計 row
△15,673 + 93,900) against the plan's 222,380 千円 (計画策定時 合計 row △52,218 + 274,598).
"""
from __future__ import annotations

import shutil

import pytest

from tests.browser import ARTIFACTS, IDLE, open_page, streamlit_server
from tests.test_default_plan import NEWER, SAMPLE, upload_ayase, upload_newer

SECTION = "計画比（計画策定時と最新の時点）"
CHARTS = '[data-testid="stVegaLiteChart"] svg.marks'


@pytest.fixture(scope="module")
def own_server(seed_db, tmp_path_factory):
    """A server on its own copy of the seed: these tests upload into it."""
    db = tmp_path_factory.mktemp("plan_actual") / "plans.duckdb"
    shutil.copy(seed_db, db)
    with streamlit_server(db) as url:
        yield url, db


def show_section(page) -> None:
    page.wait_for_function(f"document.querySelectorAll('{CHARTS}').length >= 4", timeout=90_000)
    heading = page.get_by_role("heading", name=SECTION)
    heading.scroll_into_view_if_needed()
    heading.evaluate("h => h.scrollIntoView({block: 'start'})")


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))      # the screen as a presenter sees it


@pytest.mark.parametrize("width, height", [(1280, 720), (1920, 1080)])
def test_actuals_against_the_plan_read_on_the_page(own_server, browser, width, height):
    url, _ = own_server
    page = open_page(browser, url + "/effect_amounts", width=width, height=height)
    show_section(page)
    metrics = page.locator('[data-testid="stMetric"]').all_inner_texts()
    assert any("実績（R4～R5）" in m and "78,227 千円" in m for m in metrics)
    assert any("計画（R4～R5、計画策定時）" in m and "222,380 千円" in m for m in metrics)
    assert any("計画比（R4～R5）" in m and "35.2 %" in m for m in metrics)
    body = page.inner_text("body")
    assert "計画策定時より多い年度: R4（実績）・R8～R9（見込み）（差 計 +397,513 千円）" in body
    assert "✔ 各年度の額は両時点の表に印刷された合計行と一致（6年度）" in body
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    plan_chart = charts.nth(3).inner_html()
    assert "実績 R4～R5: 計画比 35.2 %" in plan_chart
    assert "差 +311,717 千円" in plan_chart          # R9: 1,018,560 − 706,843
    assert "計画線（計画策定時）R9 累計 2,674,093 千円" in charts.nth(1).inner_html()
    shoot(page, f"effect_amounts-plan-actual-{width}x{height}")
    page.locator('[data-testid="stVegaLiteChart"]').nth(1).scroll_into_view_if_needed()
    shoot(page, f"effect_amounts-cumulative-plan-line-{width}x{height}")
    page.close()


def plan_shown(page) -> str:
    return page.get_by_role("combobox", name="計画").input_value()


def go(page, label: str, heading: str) -> None:
    page.locator('[data-testid="stSidebar"] a', has_text=label).click()
    page.wait_for_selector(f'h1:has-text("{heading}")', timeout=90_000)
    page.wait_for_selector(IDLE, timeout=90_000)


def test_effect_amounts_opens_on_the_same_plan_after_uploads(own_server, browser):
    url, db = own_server
    page = open_page(browser, url + "/effect_amounts")
    page.wait_for_selector(CHARTS, timeout=90_000)
    assert plan_shown(page) == SAMPLE

    # an unrelated, older plan whose city sorts first: a new visit still opens on the sample
    upload_ayase(db)
    fresh = open_page(browser, url + "/effect_amounts")
    fresh.wait_for_selector(CHARTS, timeout=90_000)
    assert fresh.get_by_role("combobox", name="計画").input_value() == SAMPLE
    fresh.close()

    # a newer plan: the session that was looking at the sample keeps it, by the sidebar's links
    upload_newer(db)
    go(page, "取組一覧", "取組一覧")
    go(page, "効果額", "効果額")
    page.wait_for_selector(CHARTS, timeout=90_000)
    assert plan_shown(page) == SAMPLE
    assert "35.2 %" in page.inner_text("body")
    # and a new visit opens on the latest plan, the new one
    newest = open_page(browser, url + "/effect_amounts")
    newest.wait_for_selector(CHARTS, timeout=90_000)
    assert newest.get_by_role("combobox", name="計画").input_value() == NEWER
    newest.close()
    page.close()
