"""data/'s reference tables and seed CSVs as `loaders rebuild` reads them, case by case (mutation
testing of loaders.seed): every broken cell or header named at once, with file, row and column,
and nothing guessed. The seed's own figures are in tests/test_seed_figures.py."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from loaders import seed, store
from loaders.errors import CellError, LoadError

HEADER = "この見出しは使えません。data/README.md の列名にしてください。"
SAME_WORD = "同じ市・列・語の行が重複しています。1行にしてください。"
SAME_THEME = "同じ計画・分野・取組の行が重複しています。1行にしてください。"


def _themes(**columns) -> pd.DataFrame:
    base = {"city": ["厚木市", "綾瀬市"], "plan": ["行政経営プラン", "行政経営プラン"],
            "policy_area": ["１ 強い組織をつくる", "１ 強い組織をつくる"], "initiative": ["", ""],
            "theme": ["人材・組織", "人材・組織"]}
    return pd.DataFrame({**base, **columns})


def _said(errors: list[CellError]) -> list[tuple]:
    return [(e.file, e.row, e.column, e.text, e.message) for e in errors]


def test_the_reference_tables_read_whole_with_populations_as_numbers(data_copy):
    frames = seed.read_reference(data_copy)
    assert list(frames) == list(seed._REFERENCE)
    towns = frames["municipalities"].set_index("name")
    # data/municipalities.csv: 厚木市 223,930 (推計人口 2024-02-01), 綾瀬市 83,913 (令和2年国勢調査)
    assert towns.loc[["厚木市", "綾瀬市"], "population"].tolist() == [223930.0, 83913.0]
    assert towns["population"].dtype == "float64"
    # a blank area_kind is a pillar; the rows that say 目標の区分 keep it
    assert frames["themes"]["area_kind"].value_counts().to_dict() == {"柱": 31, "目標の区分": 2}


def test_every_broken_reference_table_is_named_at_once(data_copy):
    towns = data_copy / "municipalities.csv"
    lines = towns.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[716].startswith("厚木市,142123,")
    lines[716] = lines[716].replace("142123", "142124", 1)        # a check digit that does not match
    towns.write_text("".join(lines), encoding="utf-8")
    themes = data_copy / "themes.csv"
    rows = themes.read_text(encoding="utf-8").splitlines()
    themes.write_text("\n".join(rows + [rows[1]]) + "\n", encoding="utf-8")   # row 2's pillar again
    words = data_copy / "status_words.csv"
    rows = words.read_text(encoding="utf-8").splitlines()
    assert rows[1] == ",mark,〇,achieved"
    # the same mark read two ways: which one holds cannot be guessed, so both rows are named
    words.write_text("\n".join(rows + [",mark,〇,not_achieved"]) + "\n", encoding="utf-8")
    last_word, last_theme = len(rows) + 1, len(themes.read_text(encoding="utf-8").splitlines())

    with pytest.raises(LoadError) as raised:
        seed.read_reference(data_copy)
    said = _said(raised.value.errors)
    assert said[0][:4] == ("data/municipalities.csv", 717, "code", "142124")
    assert said[1:] == [
        ("data/themes.csv", 2, "theme", "人材・組織", SAME_THEME),
        ("data/themes.csv", last_theme, "theme", "人材・組織", SAME_THEME),
        ("data/status_words.csv", 2, "word", "〇", SAME_WORD),
        ("data/status_words.csv", last_word, "word", "〇", SAME_WORD),
    ]


def test_an_unknown_header_of_the_theme_mapping_is_named_and_its_column_left_out():
    parsed, errors = seed.read_themes(_themes(備考=["済", ""]), file="data/themes.csv")
    assert _said(errors) == [("data/themes.csv", 1, "備考", "備考", HEADER)]
    assert list(parsed.columns) == ["city", "plan", "policy_area", "initiative", "theme", "area_kind"]
    assert parsed["area_kind"].tolist() == ["柱", "柱"]          # no area_kind column: pillars


def test_a_field_given_twice_is_refused_not_guessed_and_the_columns_after_it_still_read():
    frame = _themes()
    frame.insert(1, "市", ["綾瀬市", "厚木市"])                   # 市 is city's Japanese heading
    _, errors = seed.read_themes(frame, file="data/themes.csv")
    assert [(e.file, e.row, e.column, e.header, e.text, e.code) for e in errors] == [
        ("data/themes.csv", 1, "B", "市", "市", "duplicate-field")]   # plan, policy_area… after it: no error
    # the field by its Japanese heading, never its internal name
    assert errors[0].message == "A列「city」とB列「市」はどちらも「市名」の列です。1列にまとめるか、一方を削除してください。"


def test_a_bad_cell_and_a_bad_header_are_said_together_each_in_its_own_column():
    frame = _themes(area_kind=["ピラー", "目標の区分"])
    frame.insert(1, "備考", ["", ""])           # left out, yet area_kind is still the file's G column
    parsed, errors = seed.read_themes(frame, file="data/themes.csv")
    assert [(e.file, e.row, e.column, e.header, e.text) for e in errors] == [
        ("data/themes.csv", 1, "備考", None, "備考"), ("data/themes.csv", 2, "G", "area_kind", "ピラー")]
    assert "柱 か 目標の区分" in errors[1].message


def test_the_same_pillar_in_two_cities_is_two_rows():
    parsed, errors = seed.read_themes(_themes(area_kind=["目標の区分", ""]), file="data/themes.csv")
    assert errors == []
    assert parsed[["city", "area_kind"]].values.tolist() == [["厚木市", "目標の区分"], ["綾瀬市", "柱"]]


def test_the_same_pillar_twice_in_one_city_names_both_rows():
    parsed, errors = seed.read_themes(_themes(city=["厚木市", "厚木市"]), file="data/themes.csv")
    assert _said(errors) == [("data/themes.csv", 2, "theme", "人材・組織", SAME_THEME),
                             ("data/themes.csv", 3, "theme", "人材・組織", SAME_THEME)]


def test_one_pillar_given_two_themes_names_both_rows():
    # which theme holds cannot be guessed: the key repeats, whatever the themes say
    frame = _themes(city=["厚木市", "厚木市"], theme=["人材・組織", "財政・財源"])
    _, errors = seed.read_themes(frame, file="data/themes.csv")
    assert [(e.row, e.text, e.message) for e in errors] == [(2, "人材・組織", SAME_THEME), (3, "財政・財源", SAME_THEME)]


def test_duplicates_are_looked_for_once_every_cell_reads():
    # a bad cell first: its row cannot be compared yet, so only the cell is said
    frame = _themes(city=["厚木市", "厚木市"], area_kind=["柱", "ピラー"])
    _, errors = seed.read_themes(frame, file="data/themes.csv")
    assert [(e.row, e.text) for e in errors] == [(3, "ピラー")]


def test_a_bad_cell_of_a_seed_csv_is_named_in_its_own_column_after_a_column_left_out(data_copy):
    plans = data_copy / "seed" / "000_plans.csv"
    header, first, *rest = plans.read_text(encoding="utf-8").splitlines()
    assert header.split(",")[:3] == ["city", "plan", "period"]
    cells = first.split(",")
    cells[0], cells[2] = "横浜町田市", "H2７年"                  # a city no list names; a period that is no era
    plans.write_text("\n".join(["備考," + header, "x," + ",".join(cells), *("," + r for r in rest)]) + "\n",
                     encoding="utf-8")
    with pytest.raises(LoadError) as raised:
        seed.read_seed(data_copy, {"厚木市", "綾瀬市", "相模原市"})
    name = "data/seed/000_plans.csv"
    said = [(e.file, e.row, e.column, e.header, e.text) for e in raised.value.errors]
    # 備考 is left out, yet period is still the file's D column (A is 備考), with its heading as written
    assert said == [(name, 1, "備考", None, "備考"), (name, 2, "D", "period", "H2７年"),
                    (name, 2, "city", None, "横浜町田市")]


def test_a_fact_table_with_no_seed_csv_is_empty_not_an_error(data_copy):
    for path in (data_copy / "seed").glob("*_rules.csv"):
        path.unlink()
    rows = seed.read_seed(data_copy, {"厚木市", "綾瀬市", "相模原市"})
    assert rows["rules"].empty and len(rows["plans"]) == 8
    # the kpi rows of five files are one table, numbered from 0 without a repeat
    assert list(rows["kpi"].index) == list(range(77))


def test_a_rebuild_counts_the_rows_it_wrote_and_records_them_as_the_seed_batch(tmp_path):
    path = tmp_path / "plans.duckdb"
    counts = seed.rebuild(path)
    con = store.connect_reader(path)
    try:
        held = {t: con.execute(f"select count(*) from {t} where batch_id = 1").fetchone()[0] for t in counts}
        kind, recorded = con.execute("select kind, row_counts from batches where batch_id = 1").fetchone()
    finally:
        con.close()
    assert counts == held and counts["plans"] == 8 and counts["kpi"] == 77
    assert (kind, json.loads(recorded)) == ("seed", counts)


def test_an_unknown_header_of_a_seed_csv_is_named_not_a_crash(data_copy):
    kpi = sorted((data_copy / "seed").glob("*_kpi.csv"))[0]
    text = kpi.read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    kpi.write_text(header + ",備考\n" + rest, encoding="utf-8")
    with pytest.raises(LoadError) as raised:
        seed.read_seed(data_copy, {"厚木市", "綾瀬市", "相模原市"})
    assert _said(raised.value.errors) == [(f"data/seed/{kpi.name}", 1, "備考", "備考", HEADER)]

