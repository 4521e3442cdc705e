"""A workbook's cells read once per distinct value give the texts of reading every cell."""
from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from loaders.layouts import cell_text, text_frame

CELLS = st.one_of(
    st.none(), st.just(float("nan")), st.booleans(), st.integers(-3, 3), st.floats(-3, 3, allow_nan=False),
    st.sampled_from([1.0, 0.0, -0.0, 1.5, 12.5, 11442.0]),
    st.sampled_from(["", " ", "1", " 1 ", "TRUE", "△1,234", "R4", "〇", "×"]),
    st.dates(dt.date(2015, 1, 1), dt.date(2027, 12, 31)),
    st.datetimes(dt.datetime(2015, 1, 1), dt.datetime(2027, 12, 31)),
)


@given(st.lists(st.lists(CELLS, min_size=0, max_size=6), min_size=1, max_size=30))
def test_text_frame_reads_as_every_cell_would(grid):
    width = max(len(row) for row in grid)
    expected = [[cell_text(row[c]) if c < len(row) else "" for c in range(width)] for row in grid]
    assert text_frame(grid).to_numpy(dtype=object).tolist() == expected


def test_a_boolean_stays_a_word_next_to_ones():
    grid = [[1.0, "x"], [True, "y"], [False, 0.0]]
    assert text_frame(grid).to_numpy(dtype=object).tolist() == [["1", "x"], ["true", "y"], ["false", "0"]]
