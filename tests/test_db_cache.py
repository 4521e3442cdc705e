"""Results are kept per data version: the same view costs one run until a writer changes the data."""
from __future__ import annotations

from dashboard import db
from loaders import importer

CALLS: list[tuple] = []


@db.kept
def _series_count(city: str) -> int:
    CALLS.append((city,))
    return int(db.query("select count(*) as n from v_series where city = $city", city=city)["n"][0])


def test_a_kept_result_is_computed_once_per_data_version(live):
    CALLS.clear()
    first = _series_count("厚木市")
    assert _series_count("厚木市") == first and len(CALLS) == 1
    _series_count("綾瀬市")
    assert len(CALLS) == 2
    csv = "市名,指標,年度,値,出典\n厚木市,試験の指標,R5,3件,試験\n".encode("utf-8")
    importer.commit(importer.prepare(csv, "s.csv", live), live)
    assert _series_count("厚木市") == first + 1 and len(CALLS) == 3
