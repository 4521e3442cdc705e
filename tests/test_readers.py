"""CSV bytes to records: the fast Arrow path gives exactly csv.reader's records, or steps aside."""
from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders import readers


def records(grid) -> list[list[str]]:
    return grid.to_numpy(dtype=object).tolist() if isinstance(grid, pd.DataFrame) else grid


def by_csv_reader(data: bytes) -> tuple[list[list[str]], str]:
    text, encoding = readers.decode_text(data)
    # A file whose every line ends with CR alone (old Mac Excel) is read as lines (issue #12)
    cr_only = "\n" not in text and "\r" in text
    return list(csv.reader(io.StringIO(text, newline="" if cr_only else "\n"))), encoding


@pytest.mark.parametrize("text, fast", [
    ("市名,指標,年度\n厚木市,自治会加入率,R4\n", True),
    ("\ufeff市名,指標\r\n厚木市,\"加入率,\n(再掲)\"\r\n", True),
    ('a,b\n"say ""hi""",2\n', True),
    ("（単位：千円）\n分野,R4,R5\n業務,1,2\n", False),     # a title line narrower than the table
    ("a,b\n\n1,2\n", False),                              # a blank line is a record of its own
    ("a,b\n1,2,3\n", False),
    ("a,b\n1\n", False),
])
def test_records_are_csv_readers(text, fast):
    for encoding in ("utf-8", "cp932"):
        data = text.encode(encoding) if encoding == "utf-8" else text.replace("\ufeff", "").encode(encoding)
        grid, seen = readers.read_csv_grid(data)
        assert isinstance(grid, pd.DataFrame) == fast
        assert (records(grid), seen) == by_csv_reader(data)


field = st.text(alphabet=st.sampled_from(list('ab ,"\n\r　△１')), max_size=5)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 4).flatmap(lambda w: st.lists(st.lists(field, min_size=w, max_size=w), min_size=1, max_size=6)))
def test_any_written_csv_reads_as_csv_reader_reads_it(rows):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    data = out.getvalue().encode()
    assert records(readers.read_csv_grid(data)[0]) == by_csv_reader(data)[0]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab ,"\n\r')), max_size=20))
def test_any_text_reads_as_csv_reader_reads_it(text):
    data = text.encode()
    try:
        expected = by_csv_reader(data)[0]
    except csv.Error:
        return  # a lone CR inside a line: csv.reader gives up on the file (a crash before, issue #8)
    assert records(readers.read_csv_grid(data)[0]) == expected


def _outcome(data: bytes):
    try:
        grid, encoding = readers.read_csv_grid(data)
    except ValueError as exc:
        return "error", str(exc)
    return records(grid), encoding


def _expected(data: bytes):
    try:
        return by_csv_reader(data)
    except ValueError as exc:
        return "error", str(exc)


# Bytes that are not UTF-8 (cp932 kana, a lone continuation byte, a cut-off sequence) among cells
# (a second BOM right after the first is left out: Arrow drops it, csv.reader keeps it, as before)
_PIECE = st.sampled_from([b"a", b",", b"\n", b"\r\n", b'"', b"\xe5\x8e\x9a", b"\x8c\xfa", b"\x82\xa0", b"\xff",
                          b"\x80", b"\xe5\x8e", b"\x00", b" "])


@settings(max_examples=500, deadline=None)
@given(st.sampled_from([b"", b"\xef\xbb\xbf"]), st.lists(_PIECE, max_size=16).map(b"".join))
def test_any_bytes_read_with_the_encoding_decode_text_finds(bom, body):
    data = bom + body
    """Arrow is tried before decoding: it must take exactly the files decode_text calls UTF-8."""
    try:
        expected = _expected(data)
    except csv.Error:
        return  # a lone CR inside a line: csv.reader gives up on the file
    assert _outcome(data) == expected
