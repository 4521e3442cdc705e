"""One URL key per filter on every page (issue #14): the old spellings open the same view, the URL
then shows the one key, and each page writes its resolved defaults into the URL on its first run."""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import filters
from tests.conftest import open_app_page

# (old key, one key): KPI推移 wrote `dept`, 都市比較 `cities`; a slide stores `departments`, `search` …
CASES = [("dept", "department"), ("departments", "department"), ("cities", "city"), ("plans", "plan"),
         ("themes", "theme"), ("areas", "area"), ("statuses", "status"), ("reviews", "review"), ("search", "q")]


@pytest.mark.parametrize(("old", "key"), CASES)
def test_an_old_spelling_is_read_as_the_one_key(old, key):
    assert filters.from_params({old: ["a"]}) == {key: ["a"]}


def test_an_alias_and_its_key_together_give_each_value_once():
    assert filters.from_params({"cities": ["綾瀬市"], "city": ["厚木市", "綾瀬市"], "dept": "職員課"}) == {
        "city": ["綾瀬市", "厚木市"], "department": ["職員課"]}
    assert filters.to_params({"departments": ["職員課"], "search": "", "unit": "千円"}) == {
        "department": ["職員課"], "unit": ["千円"]}


def _url(at: AppTest) -> dict[str, list[str]]:
    return {key: at.query_params.get_all(key) if hasattr(at.query_params, "get_all") else at.query_params[key]
            for key in at.query_params}


def _indicators(at: AppTest) -> int:
    caption = next(c.value for c in at.caption if c.value.startswith("成果指標 "))
    return int(re.match(r"成果指標 ([\d,]+) 件", caption).group(1).replace(",", ""))


# 000 (厚木市): 職員課 is named beside 7 indicators (tests/test_department_counts_pages.py)
@pytest.mark.parametrize("old", ["dept", "departments"])
def test_kpi_opens_an_old_department_url_on_the_same_view(app_db, old):
    now = open_app_page("pages/kpi.py", city=["厚木市"], department=["職員課"])
    before = open_app_page("pages/kpi.py", cities=["厚木市"], **{old: ["職員課"]})
    assert _indicators(before) == _indicators(now) == 7
    assert before.sidebar.multiselect(key="department").value == ["職員課"]
    assert before.sidebar.multiselect(key="city").value == ["厚木市"]
    assert old not in before.query_params and "cities" not in before.query_params


def test_comparison_opens_an_old_cities_url_on_the_same_view(app_db):
    before = open_app_page("pages/comparison.py", cities=["綾瀬市"])
    now = open_app_page("pages/comparison.py", city=["綾瀬市"])
    assert before.sidebar.multiselect(key="city").value == now.sidebar.multiselect(key="city").value == ["綾瀬市"]
    assert [t.value.to_dict() for t in before.table] == [t.value.to_dict() for t in now.table]
    assert "cities" not in before.query_params


def test_initiatives_open_a_slides_spelling_on_the_same_view(app_db):
    before = open_app_page("pages/initiatives.py", cities=["厚木市"], departments=["行政経営課"])
    now = open_app_page("pages/initiatives.py", city=["厚木市"], department=["行政経営課"])
    assert before.subheader[0].value == now.subheader[0].value
    assert before.subheader[0].value.startswith("取組 16件")         # 000: 16 initiatives name 行政経営課
    assert "departments" not in before.query_params


# What each page writes into the URL on a first visit with none: the value in effect of every
# filter whose default comes from the data.
FIRST_RUN = {
    "pages/effect_amounts.py": ({}, {"effect_plan", "estimate", "unit"}),
    "pages/kpi.py": ({}, {"ind"}),
    "pages/kpi.py#統計": ({"view": "統計"}, {"series"}),
    "pages/comparison.py": ({}, {"measure"}),
    "pages/initiatives.py": ({}, {"review_plan", "initiative"}),
}


@pytest.mark.parametrize("page", FIRST_RUN)
def test_a_page_writes_its_resolved_defaults_on_the_first_run(app_db, page):
    params, keys = FIRST_RUN[page]
    at = open_app_page(page.split("#")[0], **params)
    assert keys <= set(at.query_params), (keys, dict(at.query_params))
