"""Like-for-like comparisons (issue #16): each plan's scope as data, the staff figures the documents
print, and the theme mapping per pillar or per initiative, checked against the documents."""
from __future__ import annotations

import csv
import re

import pytest

from loaders import seed, tables
from loaders.errors import LoadError
from tests.conftest import ROOT, SEEDS

_WS = re.compile(r"\s+")


def _document(source: str) -> str:
    return _WS.sub("", (SEEDS / source.split(" ")[0]).read_text(encoding="utf-8"))


def _staffing() -> list[dict]:
    return list(csv.DictReader((ROOT / "data" / "staffing.csv").open(encoding="utf-8")))


def test_every_staff_figure_is_printed_in_the_place_it_cites():
    """Each value and year of data/staffing.csv is in the document, inside the quote its source gives."""
    for row in _staffing():
        document = _document(row["source"])
        quote = re.search(r"「(.+?)」", row["source"]).group(1)
        assert _WS.sub("", quote) in document, row["source"]
        figure = row["value"].removesuffix("削減")
        assert _WS.sub("", figure) in _WS.sub("", quote), (figure, quote)
        if row["fiscal_year"].endswith("年度"):
            assert row["fiscal_year"].replace(" ", "") in _WS.sub("", quote), row


def test_staffing_holds_exactly_the_printed_figures(seed_con):
    rows = seed_con.execute("select city, measure, role, fiscal_year, value from staffing order by all").fetchall()
    assert rows == sorted([
        ("厚木市", "職員数", "基準", "平成23年度", "2,025人"),           # 002 5-4 本文
        ("厚木市", "職員数", "実績", "令和３年度", "2,044人"),
        ("綾瀬市", "職員数", "目標", "今後5年間", "30人(4.6%)削減"),     # 003 第1期 1 職員自らの改革
        ("相模原市", "職員定数", "基準", "平成25年度", "4,590人"),       # 004 重点目標 2-1
        ("相模原市", "職員定数", "実績", "平成25年度", "4,620人"),
        ("相模原市", "職員定数", "目標", "平成26年度", "4,640人"),
    ])


def test_each_plan_says_what_it_covers(seed_con):
    scopes = dict(seed_con.execute("select plan, scope || coalesce(':' || scope_unit, '') from v_plans").fetchall())
    assert scopes["総務局 局・区経営方針（平成25年度）"] == "局:総務局"
    assert {v for k, v in scopes.items() if k != "総務局 局・区経営方針（平成25年度）"} == {"市"}


@pytest.mark.parametrize("text, scope", [("市", "市"), ("市全体", "市"), ("局", "局"), ("課", "課")])
def test_an_upload_may_state_a_plans_scope(text, scope):
    mapping, unknown = tables.header_map("plans", ["計画", "期間", "範囲", "対象組織", "出典"])
    assert not unknown and mapping["範囲"] == "scope"
    import pandas as pd
    frame = pd.DataFrame({"plan": ["P"], "period": ["R4～R9"], "scope": [text], "scope_unit": ["総務局"], "source": ["x"]})
    parsed, errors = tables.parse("plans", frame, file="up.xlsx")
    assert not errors and parsed["scope"].tolist() == [scope]


def test_an_unknown_scope_word_is_an_error_saying_what_to_write():
    import pandas as pd
    frame = pd.DataFrame({"plan": ["P"], "period": ["R4～R9"], "scope": ["全国"], "source": ["x"]})
    _, errors = tables.parse("plans", frame, file="up.xlsx")
    assert len(errors) == 1 and errors[0].text == "全国" and "市（市全体）・局・区・部・課" in errors[0].message


def test_initiative_mapping_wins_over_its_pillar(seed_con):
    rows = dict(seed_con.execute("""
        select initiative, theme || '/' || theme_basis from v_initiatives
        where city = '綾瀬市' and policy_area = '3 行政システムの改革'""").fetchall())
    assert rows["ネーミングライツ制度の導入"] == "財政・財源/取組"
    assert rows["市税の収納率向上対策を強化"] == "財政・財源/取組"
    assert rows["オンライン手続き"] == "業務改革・デジタル/柱"
    # no row counted twice by the two joins
    assert seed_con.execute("select count(*) from v_initiatives").fetchone()[0] == \
        seed_con.execute("select count(*) from initiatives where retired_by is null").fetchone()[0]


def test_output_and_outcome_labels_are_goal_kinds_not_pillars(seed_con):
    kinds = dict(seed_con.execute("select distinct policy_area, area_kind from v_kpi where policy_area is not null").fetchall())
    assert kinds["アウトプット"] == kinds["アウトカム"] == "目標の区分"
    assert kinds["１ 強い組織をつくる"] == "柱"


def test_a_bad_theme_mapping_names_file_row_and_fix(data_copy):
    path = data_copy / "themes.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ",ピラー"
    lines.append(lines[2])   # the same pillar twice
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LoadError) as raised:
        seed.read_reference(data_copy)
    errors = raised.value.errors
    assert any(e.row == 2 and e.text == "ピラー" and "柱 か 目標の区分" in e.message for e in errors)
