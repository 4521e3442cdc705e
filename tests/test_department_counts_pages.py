"""One counting rule for departments (issue #16): KPI推移 and 取組一覧 count a joint department
(職員課・行政経営課) once for each department it names, so both pages give the same figure."""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import open_app_page


_open = open_app_page


def _kpi_indicators(at: AppTest) -> int:
    caption = next(c.value for c in at.caption if c.value.startswith("成果指標 "))
    return int(re.match(r"成果指標 ([\d,]+) 件", caption).group(1).replace(",", ""))


@pytest.fixture(scope="module")
def initiative_counts(seed_db):
    """取組一覧's table of counts per department for 厚木市, opened once for the module."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANS_DB", str(seed_db))
        at = _open("pages/initiatives.py", city=["厚木市"])
    return next(d.value for d in at.dataframe if "indicators" in d.value.columns).set_index("department")


# 000 (厚木市): 行政経営課 is named, alone or jointly, beside 18 indicators; 職員課 beside 7
@pytest.mark.parametrize(("department", "indicators"), [("行政経営課", 18), ("職員課", 7), ("危機管理課", 1)])
def test_kpi_and_initiative_pages_count_a_department_alike(app_db, initiative_counts, department, indicators):
    kpi = _open("pages/kpi.py", city=["厚木市"], dept=[department])
    assert _kpi_indicators(kpi) == indicators
    assert initiative_counts.loc[department, "indicators"] == indicators
    assert "職員課・行政経営課" not in initiative_counts.index


def test_filtering_initiatives_by_a_department_finds_its_joint_ones(app_db, initiative_counts):
    at = _open("pages/initiatives.py", city=["厚木市"], department=["行政経営課"])
    # 000: 16 initiatives name 行政経営課, 3 of them as 職員課・行政経営課
    assert at.subheader[0].value.startswith("取組 16件")
    assert initiative_counts.loc["行政経営課", "initiatives"] == 16
    table = next(d.value for d in at.dataframe if "phase" in d.value.columns)
    assert "業務継続計画（BCP）の策定及び改定" in set(table["initiative"])   # 行政経営課・危機管理課
