"""loaders/municipalities.py case by case (issue #19): check digits of 全国地方公共団体コード, the
errors `validate` and `unknown_cities` return (code, file, row, column and text exactly), and
the former names of data/former_municipalities.csv.

No database: the functions are called directly, so the cases run in milliseconds and mutation
testing sees them (tests/test_municipalities.py and tests/test_former_names.py cover the same
rules through the data and an upload).
"""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from loaders import seed, store
from loaders.errors import CellError, LoadError
from loaders.municipalities import Former, check_digit, formers, unknown_cities, valid_code, validate
from loaders.readers import read_csv_text

CODE_MESSAGE = "全国地方公共団体コードは6桁で、最後の桁が検査数字と一致する必要があります。"
BLANK_MESSAGE = "市名を入力してください。"
DUPLICATE_MESSAGE = "同じ市名が2回あります。"
UNKNOWN_MESSAGE = "この市は市町村一覧（data/municipalities.csv）にありません。市名の表記を確認するか、一覧に追加してください。"
LIST = "data/municipalities.csv"

# (first five digits, check digit, as data/municipalities.csv lists it); one per check digit
CHECK_DIGITS = [
    ("01205", 0, "室蘭市"),    # 6·0+5·1+4·2+3·0+2·5 = 23 ≡ 1 (mod 11): 11 - 1 = 10 → 0
    ("01204", 1, "旭川市"),    # 21 ≡ 10: 11 - 10 = 1
    ("01100", 2, "札幌市"),    # 9
    ("01203", 3, "小樽市"),    # 19 ≡ 8
    ("01208", 4, "北見市"),    # 29 ≡ 7
    ("01202", 5, "函館市"),    # 17 ≡ 6
    ("01000", 6, "北海道"),    # 5
    ("01215", 7, "美唄市"),    # 26 ≡ 4
    ("01206", 8, "釧路市"),    # 25 ≡ 3
    ("01214", 9, "稚内市"),    # 24 ≡ 2
    ("14150", 0, "相模原市"),  # 45 ≡ 1
    ("00000", 1, "(none)"),    # 0 ≡ 0: 11 → 1
]


@pytest.mark.parametrize("first_five, digit, name", CHECK_DIGITS, ids=[c[2] for c in CHECK_DIGITS])
def test_check_digit_of_each_listed_code(first_five, digit, name):
    """The check digit is (11 - weighted sum mod 11) mod 10, weights 6 5 4 3 2."""
    assert check_digit(first_five) == digit


CODES = [
    ("012050", True),     # 室蘭市, check digit 0
    ("012041", True),     # 旭川市, check digit 1
    ("141500", True),     # 相模原市
    ("470007", True),     # 沖縄県
    ("012051", False),    # the next check digit
    ("141509", False),
    ("", False),
    ("14150", False),     # five digits
    ("1415000", False),   # seven digits, its first six valid
    ("0141500", False),
    ("14150a", False),
    ("a41500", False),
    (" 14150", False),
    ("14150 ", False),
    ("-14150", False),
    ("１４１５００", False),   # full-width digits: str.isdigit says yes
    ("14150²", False),        # a superscript: isdigit says yes, int() cannot read it
]


@pytest.mark.parametrize("code, valid", CODES, ids=[repr(c) for c, _ in CODES])
def test_a_code_is_six_digits_ending_in_its_check_digit(code, valid):
    """Only six ASCII digits whose last one is the check digit of the first five are valid."""
    assert valid_code(code) is valid


# validate: the list of municipalities -------------------------------------------------------------

def frame(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["name", "code"])


def error(code: str, row: int, column: str, text, message: str, file: str = LIST) -> CellError:
    return CellError(file, None, row, column, text, message, code)


def test_the_real_list_has_no_error():
    """data/municipalities.csv, read as the seed reads it, passes every check."""
    listed, _ = read_csv_text((store.DATA_DIR / "municipalities.csv").read_bytes())
    assert validate(listed.replace({"": None}), file=LIST) == []


VALIDATE_CASES = [
    ("valid", frame(["相模原市", "141500"], ["厚木市", "142123"]), []),
    ("wrong check digit on the second row",
     frame(["相模原市", "141500"], ["厚木市", "142124"]),
     [error("municipality-code", 3, "code", "142124", CODE_MESSAGE)]),
    ("five digits", frame(["相模原市", "14150"]),
     [error("municipality-code", 2, "code", "14150", CODE_MESSAGE)]),
    ("blank code (None)", frame(["相模原市", None]),
     [error("municipality-code", 2, "code", "", CODE_MESSAGE)]),
    ("blank code (empty)", frame(["相模原市", ""]),
     [error("municipality-code", 2, "code", "", CODE_MESSAGE)]),
    ("blank name (None)", frame(["相模原市", "141500"], [None, "142123"]),
     [error("municipality-name-blank", 3, "name", "", BLANK_MESSAGE)]),
    ("blank name (empty)", frame(["", "142123"]),
     [error("municipality-name-blank", 2, "name", "", BLANK_MESSAGE)]),
    ("blank name and code: the code first", frame([None, None]),
     [error("municipality-code", 2, "code", "", CODE_MESSAGE),
      error("municipality-name-blank", 2, "name", "", BLANK_MESSAGE)]),
    ("the second of a duplicate name, after the other errors",
     frame(["相模原市", "141500"], ["厚木市", "142123"], ["相模原市", "14150X"]),
     [error("municipality-code", 4, "code", "14150X", CODE_MESSAGE),
      error("municipality-duplicate", 4, "name", "相模原市", DUPLICATE_MESSAGE)]),
]


@pytest.mark.parametrize("rows, expected", [c[1:] for c in VALIDATE_CASES], ids=[c[0] for c in VALIDATE_CASES])
def test_validate_names_each_bad_cell(rows, expected):
    """Each error has its code, the file, the row as the CSV shows it (header is row 1), the
    column, the text seen ("" for a blank) and the template's message."""
    assert validate(rows, file=LIST) == expected


def test_validate_reports_in_the_file_it_is_given():
    """The file name is the caller's, as given."""
    found, = validate(frame(["相模原市", "000000"]), file="other/municipalities.csv")
    assert found == error("municipality-code", 2, "code", "000000", CODE_MESSAGE, file="other/municipalities.csv")


def test_a_blank_cell_of_the_list_is_refused_by_the_rebuild(tmp_path):
    """A deliberately broken copy of data/: a blank name and a blank code each stop the rebuild,
    with 「」 rather than 「nan」 as the text seen."""
    data = tmp_path / "data"
    data.mkdir()
    for name in seed._REFERENCE:
        shutil.copy(store.DATA_DIR / f"{name}.csv", data / f"{name}.csv")
    path = data / "municipalities.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[706].startswith("相模原市,141500,") and lines[716].startswith("厚木市,142123,")
    lines[706] = lines[706].replace("相模原市", "", 1)
    lines[716] = lines[716].replace("142123", "", 1)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        seed.read_reference(data)
    assert caught.value.errors == [
        error("municipality-name-blank", 707, "name", "", BLANK_MESSAGE),
        error("municipality-code", 717, "code", "", CODE_MESSAGE),
    ]


# unknown_cities: rows naming a city the list does not have ---------------------------------------

KNOWN = {"相模原市", "厚木市"}


def unknown(city: str, row: int, sheet=None, file: str = "k.xlsx") -> CellError:
    return CellError(file, sheet, row, "city", city, UNKNOWN_MESSAGE, "unknown-city")


def test_unknown_cities_by_default_counts_from_row_2():
    """With the defaults, the first data row is row 2 and the sheet is None (a CSV)."""
    rows = pd.DataFrame({"city": ["横浜町田市", "相模原市", "西野木町"]})
    assert unknown_cities(rows, KNOWN, file="k.xlsx") == [unknown("横浜町田市", 2), unknown("西野木町", 4)]


def test_unknown_cities_names_the_sheet_and_the_first_row_given():
    """The sheet and first row are the caller's: the n-th row is first_row + n."""
    rows = pd.DataFrame({"city": ["厚木市", "横浜町田市", "西野木町"], "plan": ["P", "P", "P"]})
    assert unknown_cities(rows, KNOWN, file="k.xlsx", sheet="成果指標", first_row=5) == [
        unknown("横浜町田市", 6, sheet="成果指標"), unknown("西野木町", 7, sheet="成果指標")]


UNKNOWN_CASES = [
    ("a known city", {"city": ["相模原市"]}, []),
    ("blank cities are allowed", {"city": ["", None, float("nan")]}, []),
    ("no city column", {"plan": ["横浜町田市"]}, []),
    ("a column named otherwise", {"City": ["横浜町田市"]}, []),
    ("no row", {"city": []}, []),
    ("unknown", {"city": ["相模原"]}, [unknown("相模原", 2)]),
]


@pytest.mark.parametrize("columns, expected", [c[1:] for c in UNKNOWN_CASES], ids=[c[0] for c in UNKNOWN_CASES])
def test_unknown_cities_cases(columns, expected):
    """Only a filled city cell of the `city` column outside the list is an error."""
    assert unknown_cities(pd.DataFrame(columns), KNOWN, file="k.xlsx") == expected


# formers: names before a merger (data/former_municipalities.csv) ---------------------------------

TSUKUI = Former("津久井町", "神奈川県", "相模原市", "2006-03-20", "津久井郡津久井町")
SANWA_MIYOSHI = Former("三和町", "広島県", "三次市", "2004-04-01", "双三郡三和町")
SANWA_JINSEKI = Former("三和町", "広島県", "神石高原町", "2004-11-05", "神石郡三和町")
SASAYAMA = Former("篠山市", "兵庫県", "丹波篠山市", "2019-05-01", "篠山市")

FORMER_CASES = [
    ("津久井町", (TSUKUI,)),
    ("津久井郡津久井町", (TSUKUI,)),            # as the source prints it
    ("神奈川県津久井町", (TSUKUI,)),
    ("神奈川県津久井郡津久井町", (TSUKUI,)),
    ("篠山市", (SASAYAMA,)),                    # renamed: former and printed are the same
    ("兵庫県篠山市", (SASAYAMA,)),
    ("広島県三和町", (SANWA_MIYOSHI, SANWA_JINSEKI)),  # two in one prefecture
    ("広島県双三郡三和町", (SANWA_MIYOSHI,)),
    ("相模原市", ()),                           # today's name is no former one
    ("西野木町", ()),
    ("", ()),
    ("津久井", ()),
]


@pytest.mark.parametrize("name, expected", FORMER_CASES, ids=[c[0] or "empty" for c in FORMER_CASES])
def test_formers_of_a_name(name, expected):
    """Every spelling (bare, with its 郡, with its prefecture) gives the same Former, once; a
    name that is no former one gives an empty tuple."""
    assert formers(name) == expected


def test_a_former_name_of_five_places_lists_them_in_the_files_order():
    """三和町 was in 京都府, 広島県 (twice), 茨城県 and 長崎県."""
    assert [(f.prefecture, f.current) for f in formers("三和町")] == [
        ("京都府", "福知山市"), ("広島県", "三次市"), ("広島県", "神石高原町"), ("茨城県", "古河市"), ("長崎県", "長崎市")]


@pytest.mark.parametrize("changed_on, text", [("2006-03-20", "2006年3月20日"), ("2019-05-01", "2019年5月1日"),
                                              ("2004-11-05", "2004年11月5日")])
def test_date_text_drops_leading_zeros(changed_on, text):
    """The day of a change as Japanese text, without zero padding."""
    assert Former("x", "y", "z", changed_on, "x").date_text() == text
