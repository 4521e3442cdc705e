"""Write data/former_municipalities.csv: the names municipalities had before a merger or another
change (平成の大合併 and later), each with the current municipality it became and the date.

The source is Japan Post's 市町村変更情報 (the changes of municipality names in the postal data,
one page per prefecture), as collected in the MIT-licensed repository merged-town-names by
YuukiToriyama (one CSV per prefecture: 都道府県, 変更前, 変更後, 変更日, 典拠). Give the folder holding
those CSVs:

    .venv/bin/python scripts/former_municipalities.py FOLDER

Each former name is followed to the municipality it is part of today (北設楽郡稲武町 → 東加茂郡稲武町
→ 豊田市), written as data/municipalities.csv writes it (郡 dropped, a ward as its city, a name two
prefectures share with its prefecture). A change that kept the name (揖斐川町 → 揖斐川町) is no
former name and is left out.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "former_municipalities.csv"
COUNTY = re.compile(r"^.+?郡(?=.+[町村]$)")   # 津久井郡津久井町 → 津久井町, as scripts/municipalities.py
WARD = re.compile(r"^(.+?市).+区$")             # 広島市佐伯区 → 広島市
NOTE = re.compile(r"[（(].*?[）)]")              # 南部町（旧富沢町域のみ掲載） → 南部町
PREFECTURE = re.compile(r"^(北海道|東京都|京都府|大阪府|.{2,3}県)(?=.)")
DATE = re.compile(r"^(平成)?(\d+)年(\d+)月(\d+)日?$")   # one row is dated 2019年5月1日
# The postal data writes ケ where the code list writes ヶ in a few names, and two characters in
# an older form (see scripts/municipalities.py)
SPELLING = {"檮原町": "梼原町", "須惠町": "須恵町"}


def _bare(name: str) -> str:
    name = NOTE.sub("", name).strip()
    name = PREFECTURE.sub("", name)
    name = WARD.sub(r"\1", name)
    return SPELLING.get(COUNTY.sub("", name), COUNTY.sub("", name))


def _iso(text: str) -> str:
    era, *numbers = DATE.match(text.strip()).groups()
    year, month, day = (int(x) for x in numbers)
    return f"{year + 1988 if era else year:04d}-{month:02d}-{day:02d}"


def former_names(source: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    # a current name as data/municipalities.csv writes it, from (prefecture, bare name); ケ and ヶ alike
    written = {(p, n.replace("ヶ", "ケ")): name for name, p, n in zip(
        current["name"], current["prefecture"], current["name"].str.replace(PREFECTURE, "", regex=True))}
    steps = pd.DataFrame({
        "prefecture": source["都道府県"].str.strip(),
        "printed": source["変更前"].str.strip(),
        "before": source["変更前"].map(_bare),
        "after": source["変更後"].map(_bare),
        "after_prefecture": source["変更後"].str.extract(PREFECTURE, expand=False).fillna(source["都道府県"]),
        "changed_on": source["変更日"].map(_iso),
    })
    # where a name went next: the latest step from it in its prefecture
    onward = {(r.prefecture, r.before): r for r in steps.sort_values("changed_on").itertuples() if r.before != r.after}
    rows = []
    for step in steps[steps["before"] != steps["after"]].itertuples():
        prefecture, name, on = step.after_prefecture, step.after, step.changed_on
        while (prefecture, name.replace("ヶ", "ケ")) not in written:
            later = onward.get((prefecture, name))
            if later is None or later.changed_on <= on and later.before == step.before:
                raise ValueError(f"{step.prefecture}{step.printed} → {name}: no current municipality")
            prefecture, name, on = later.after_prefecture, later.after, later.changed_on
        rows.append({"former": step.before, "prefecture": step.prefecture,
                     "current": written[(prefecture, name.replace("ヶ", "ケ"))],
                     "changed_on": on, "printed": step.printed})
    frame = pd.DataFrame(rows)
    # one row per former name and prefecture: the date it became part of today's municipality
    frame = frame.sort_values(["changed_on"]).drop_duplicates(["prefecture", "former", "current"], keep="last")
    return frame.sort_values(["prefecture", "former", "current"]).reset_index(drop=True)


def main(folder: str) -> None:
    source = pd.concat([pd.read_csv(p, dtype=str) for p in sorted(Path(folder).glob("*.csv"))], ignore_index=True)
    current = pd.read_csv(ROOT / "data" / "municipalities.csv", dtype=str)
    current = current[current["kind"] != "都道府県"]
    frame = former_names(source, current)
    frame.to_csv(OUT, index=False)
    print(f"{OUT.relative_to(ROOT)}: {len(frame)} former names from {len(source)} changes")


if __name__ == "__main__":
    main(sys.argv[1])
