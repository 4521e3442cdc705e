"""The three-city comparison (厚木市・綾瀬市・相模原市) figure by figure: each per-resident figure with
the year of its denominator, each plan's scope, the staffing table, the theme mapping and the sources.

Figures from the seed database (data/) and the documents in shared/seeds; a case a seed lacks (a
city-wide or unscoped cost, a cost from two documents, a population without a date) is made on a
private copy of the seed database.
"""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard.queries import comparison as queries
from loaders import store

ALL = list(queries.CITY_OPTIONS)


@pytest.fixture(autouse=True)
def _seed(app_db):
    """dashboard.db reads $PLANS_DB, which app_db points at the seed database (live, where asked, a copy)."""


def _changed(path, *statements: str) -> None:
    """Write `statements` to the private copy as a writer would; the next query reads the new file."""
    with store.write(path, derive=False) as con:
        for sql in statements:
            con.execute(sql)


def _city(people: pd.DataFrame, city: str) -> pd.Series:
    return people.set_index("city").loc[city]


# --- 人口・職員当たり ----------------------------------------------------------------------------

def test_a_population_without_a_date_has_no_year_gap(live):
    # a data/municipalities.csv row may give a population but no date: its year is unknown, not 0
    _changed(live, "update municipalities set population_date = null where name = '厚木市'")
    people = queries.per_capita(ALL)
    atsugi = _city(people, "厚木市")
    assert pd.isna(atsugi.population_fy) and pd.isna(atsugi.staff_gap)
    assert atsugi.staff_per_1000 == pytest.approx(2044 * 1000 / 223_930)
    assert _city(people, "相模原市").cost_gap == 7
