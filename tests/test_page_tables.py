"""Every static table on every page, as a reader sees it: rows labelled by their own words, never
by a 0, 1, 2 counter the data does not have (issue #17)."""
from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, run_page

INDICATOR = "相模原市｜市民の国際交流、国際理解の機会の拡充を図るための事業への参加者数"
SCREENS = [
    ("app.py", {}),
    *[("pages/kpi.py", {"view": view, "ind": INDICATOR}) for view in ("目標と実績", "達成率", "判定の件数", "統計", "一覧")],
    ("pages/effect_amounts.py", {}),
    ("pages/comparison.py", {}),
    ("pages/initiatives.py", {}),
    ("pages/briefing.py", {}),
    ("pages/upload.py", {}),
]


def _counter(index: pd.Index) -> bool:
    return index.name is None and list(index) == list(range(len(index)))


@pytest.mark.parametrize(("script", "params"), SCREENS, ids=[f"{s}-{p.get('view', '')}" for s, p in SCREENS])
def test_no_table_shows_a_row_counter(app_db, script, params):
    at = run_page(script, params)
    counted = [list(t.value.columns)[:3] for t in at.table if _counter(t.value.index) and not t.proto.hide_index]
    assert not counted, counted


def test_the_band_disagreements_are_counted_by_indicator_not_by_number(app_db):
    # the one table the seed shows with an unnamed index: this test fails if the page shows it
    at = AppTest.from_file(str(ROOT / "pages/kpi.py"), default_timeout=120)
    at.query_params["view"] = "達成率"
    at.run()
    table = next(t for t in at.table if "照合" in t.value.columns)
    assert _counter(table.value.index) and table.proto.hide_index
