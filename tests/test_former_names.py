"""Former municipality names after mergers (data/former_municipalities.csv, issue #18): read as the
municipality they are part of today, with a 注意 saying which and since when; a former name that
may mean two places, or a name neither current nor former, is an error."""
from __future__ import annotations

import csv

import pytest

from loaders import importer, municipalities, store
from loaders.layouts import Context
from tests.conftest import ROOT

HEADER = "市名,計画,年度,成果指標,目標,実績,方向,出典\n"


def _csv(*cities: str) -> bytes:
    rows = [f"{city},試験計画,R{4 + i},電子申請の利用率,50%,40%,高いほど良い,試験 {i + 2}行目" for i, city in enumerate(cities)]
    return (HEADER + "\n".join(rows) + "\n").encode("utf-8")


@pytest.fixture
def path(seed_db, tmp_path):
    copy = tmp_path / "plans.duckdb"
    copy.write_bytes(seed_db.read_bytes())
    return copy


def _warnings_about(preview, name):
    return [w for w in preview.warnings if f"「{name}」" in w]


# (as the file writes it, today's municipality, the day it became part of it)
CASES = [
    ("津久井町", "相模原市", "2006年3月20日"),           # 平成の大合併: 津久井郡津久井町
    ("相模湖町", "相模原市", "2006年3月20日"),
    ("城山町", "相模原市", "2007年3月11日"),
    ("藤野町", "相模原市", "2007年3月11日"),
    ("津久井郡藤野町", "相模原市", "2007年3月11日"),     # with its 郡, as the source writes it
    ("神奈川県津久井町", "相模原市", "2006年3月20日"),   # with its prefecture
    ("稲武町", "豊田市", "2005年4月1日"),                # 北設楽郡 → 東加茂郡 (2003), then 豊田市
    ("湯来町", "広島市", "2005年4月25日"),               # into a ward (佐伯区) of 広島市
    ("篠山市", "丹波篠山市", "2019年5月1日"),             # renamed
]


@pytest.mark.parametrize("written, today, day", CASES)
def test_a_former_name_is_read_as_todays_municipality_with_a_notice(path, written, today, day):
    preview = importer.prepare(_csv(written), "k.csv", path, Context())
    assert preview.ok, [str(e) for e in preview.errors]
    notice, = _warnings_about(preview, written)
    assert "旧市町村名" in notice and day in notice and f"{today}として読み込みます" in notice
    assert preview.rows["kpi"]["city"].tolist() == [today]
    assert ("kpi", today, "試験計画", None) in preview.scopes and not [s for s in preview.scopes if written in s]


def test_the_rows_are_stored_under_todays_name_and_keep_their_source(path):
    preview = importer.prepare(_csv("津久井町", "相模原市", "城山町"), "k.csv", path, Context())
    assert preview.ok, [str(e) for e in preview.errors]
    assert len(_warnings_about(preview, "津久井町")) == 1 and len(_warnings_about(preview, "城山町")) == 1
    assert "この1行は相模原市として" in _warnings_about(preview, "津久井町")[0]
    importer.commit(preview, path)
    con = store.connect_reader(path)
    try:
        rows = con.execute("select city, fiscal_year, source from v_kpi where plan = '試験計画' order by 2").fetchall()
    finally:
        con.close()
    assert rows == [("相模原市", 2022, "試験 2行目"), ("相模原市", 2023, "試験 3行目"), ("相模原市", 2024, "試験 4行目")]


def test_a_former_name_two_places_had_is_an_error_naming_both(path):
    # 三和町: 茨城県 (→ 古河市), 広島県 (→ 神石高原町), 京都府 (→ 福知山市) …
    preview = importer.prepare(_csv("三和町"), "k.csv", path, Context())
    assert not preview.ok
    error, = [e for e in preview.errors if e.text == "三和町"]
    assert error.column == "city" and "古河市" in error.message and "福知山市" in error.message
    assert not _warnings_about(preview, "三和町")


def test_a_former_name_with_its_prefecture_means_one_place(path):
    preview = importer.prepare(_csv("茨城県三和町"), "k.csv", path, Context())
    assert preview.ok, [str(e) for e in preview.errors]
    assert preview.rows["kpi"]["city"].tolist() == ["古河市"]


def test_a_current_name_is_never_read_as_a_former_one(path):
    # 一宮町 is today's 千葉県一宮町, and was also 愛知県宝飯郡一宮町 (→ 豊川市, 2006)
    assert any(f.current == "豊川市" for f in municipalities.formers("一宮町"))
    preview = importer.prepare(_csv("一宮町"), "k.csv", path, Context())
    assert preview.ok and not [w for w in preview.warnings if "旧市町村名" in w]
    assert preview.rows["kpi"]["city"].tolist() == ["一宮町"]
    # 森町 is today's 北海道森町 and 静岡県森町: the error naming both, not a former municipality
    preview = importer.prepare(_csv("森町"), "k.csv", path, Context())
    error, = [e for e in preview.errors if e.text == "森町"]
    assert "北海道森町" in error.message and not _warnings_about(preview, "森町")


def test_a_name_neither_current_nor_former_is_still_an_error(path):
    preview = importer.prepare(_csv("西野木町"), "k.csv", path, Context())
    error, = [e for e in preview.errors if e.text == "西野木町"]
    assert "市町村一覧" in error.message and not _warnings_about(preview, "西野木町")


def test_every_former_name_leads_to_a_municipality_of_todays_list():
    with open(ROOT / "data" / "municipalities.csv", encoding="utf-8", newline="") as f:
        today = {row["name"] for row in csv.DictReader(f) if row["kind"] != "都道府県"}
    with open(ROOT / "data" / "former_municipalities.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) > 1_700
    assert {r["current"] for r in rows} <= today
    assert all(r["former"] != r["current"] and "2000-01-01" <= r["changed_on"] <= "2026-12-31" for r in rows)
