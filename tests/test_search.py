"""One search, initiatives joined to indicators (issue #16): dashboard/queries/search.py on the seed."""
from __future__ import annotations

import pytest

from dashboard.queries import initiatives as iq
from dashboard.queries import kpi as kq
from dashboard.queries import search as q

BCP = "業務継続計画（BCP）の策定及び改定"                 # 000, 分類 １-(３)-ア
BCP_INDICATOR = "厚木市｜年次計画どおり見直しが行われていること"


@pytest.fixture(autouse=True)
def _seed(app_db):
    """Every query here reads the seed database."""


def _indicators(text):
    return kq.indicator_labels(kq.Filter(search=text))


def _initiatives(text):
    return iq.initiatives(iq.Selection(search=text))["initiative"].tolist()


# --- the pattern: a bound parameter, spaces ignored, wildcards literal ---------------------
@pytest.mark.parametrize(("text", "pattern"), [
    ("", ""), ("  ", ""), ("BCP", "%BCP%"), ("B P R", "%BPR%"), ("D X\u3000推進課", "%DX推進課%"),
    ("100%", "%100\\%%"), ("a_b", "%a\\_b%"), ("a\\b", "%a\\\\b%"),
])
def test_pattern_ignores_spaces_and_takes_wildcards_literally(text, pattern):
    assert q.pattern(text) == pattern


# --- 「BCP」: the initiative and its indicator, on both pages --------------------------------
def test_bcp_finds_the_initiative_and_its_indicator_on_both_pages():
    assert _initiatives("BCP") == [BCP]
    assert _indicators("BCP") == [BCP_INDICATOR]
    assert _indicators("bcp") == [BCP_INDICATOR]          # ILIKE: case does not matter


# --- each field finds ----------------------------------------------------------------------
def test_an_indicator_name_finds_the_indicator_and_its_initiative():
    # 000 １-(３)-ア: 「年次計画どおり見直しが行われていること」 is the indicator's name only
    assert _indicators("年次計画どおり見直し") == [BCP_INDICATOR]
    assert _initiatives("年次計画どおり見直し") == [BCP]
    found = q.hits("年次計画どおり見直し")
    assert found[["field", "initiative_code", "indicator"]].values.tolist() == [
        ["indicator", "１-(３)-ア", "年次計画どおり見直しが行われていること"]]


def test_an_initiative_name_finds_it_and_its_indicators():
    # 000 １-(２)-ア 職員の意識改革と人材育成の推進: two indicators
    assert _initiatives("意識改革と人材育成") == ["職員の意識改革と人材育成の推進"]
    assert _indicators("意識改革と人材育成") == [
        "厚木市｜女性管理職の割合",
        "厚木市｜職員アンケートによる「職務遂行能力が向上していると感じている職員の割合」"]
    assert q.hits("意識改革と人材育成")["field"].tolist() == ["initiative"]


def test_the_initiatives_content_finds_it_and_its_indicators():
    # 000 １-(３)-ア 取組内容: 「・随時改定 ・大規模な改定（必要に応じ、概ね２，３年ごとに行う。）」
    assert _initiatives("概ね２，３年ごと") == [BCP]
    assert _indicators("概ね２，３年ごと") == [BCP_INDICATOR]
    found = q.hits("概ね２，３年ごと")
    assert found["field"].tolist() == ["content"] and found["field_label"].tolist() == ["取組内容"]
    assert found["initiative"].tolist() == [BCP]


def test_the_documents_narrative_finds_what_it_is_written_about():
    # 000 １-(１)-ア 平成27年度の実績: 「…次長職の課長職兼務の実施に向けた取組を進めました。」
    assert _initiatives("次長職の課長職兼務") == ["職責に対応した給与制度の見直し"]
    assert _indicators("次長職の課長職兼務") == ["厚木市｜職員アンケートによる「やりがいを感じている職員の割合」"]
    found = q.hits("次長職の課長職兼務")
    assert found[["field", "initiative_code"]].values.tolist() == [["narrative", "１-(１)-ア"]]
    # 004 重点目標 2-1 評価 (H24): 「業務量の増加(生活保護・児童虐待・…」 finds the indicator it judges
    assert _indicators("生活保護・児童虐待") == ["相模原市｜新たな職員定数管理計画の策定と職員数の適正な管理"]
    assert q.hits("生活保護・児童虐待")["field_label"].tolist() == ["資料の記述"]


def test_words_about_no_initiative_are_found_but_join_nothing():
    # 002 2-2 (2): the research group's 取組内容 belong to no initiative or indicator of the data
    found = q.hits("まちのビジョンや必要となる取組")
    assert found["field"].tolist() == ["content"]
    assert found["initiative"].isna().all() and found["indicator"].isna().all()
    assert _indicators("まちのビジョンや必要となる取組") == [] == _initiatives("まちのビジョンや必要となる取組")


def test_search_text_never_enters_the_sql():
    for text in ("'; drop view v_kpi; --", "%", "_"):
        q.hits(text)
    assert len(kq.indicator_table(kq.Filter())) == 77
    assert _initiatives("_") == []


# --- the join is data ------------------------------------------------------------------------
def test_every_atsugi_indicator_joins_the_initiative_its_row_prints(seed_con):
    # 000 prints each indicator under its initiative's 分類: all 28 join, each to one initiative
    rows = seed_con.sql("""
        select k.label, count(l.initiative) as n, any_value(l.initiative_code) as code,
               any_value(k.initiative_code) as printed
        from (select distinct label_id, label, initiative_code from v_kpi where city = '厚木市'
              and plan like '行政経営プラン実施計画%') k
        left join v_indicator_initiatives l using (label_id) group by k.label""").fetchall()
    assert len(rows) == 28
    assert all(n == 1 and code == printed for _, n, code, printed in rows)


def test_where_the_document_names_no_initiative_there_is_no_link(seed_con):
    linked = {r[0] for r in seed_con.sql("select label from v_indicator_initiatives").fetchall()}
    # 001's 基本目標 and 002's staged goals print no initiative; 004 prints its 取組 but the data
    # has no initiative table for it (the 重点目標's own 取組 cell is shown instead)
    assert not any(label.startswith(("市名記載なし", "相模原市")) for label in linked)
    assert not any("庁内副業" in label or "人材バンク" in label for label in linked)
    # 003 prints the staff target inside the initiative it belongs to, with no code: joined by that name
    assert "綾瀬市｜職員数の削減" in linked
    assert len(linked) == 29


def test_an_indicators_initiative_and_an_initiatives_indicators():
    label_id = kq.indicator_table(kq.Filter(search="BCP"))["label_id"].iloc[0]
    initiative = q.indicator_initiative(label_id).iloc[0]
    assert (initiative["initiative_code"], initiative["initiative"], initiative["department"]) == (
        "１-(３)-ア", BCP, "行政経営課・危機管理課")
    rows = q.initiative_indicators("厚木市", "行政経営プラン実施計画（平成27年度実績報告）", "１-(３)-ア", BCP)
    # 000: 年次計画どおり見直しが行われていること 目標 - 実績 - 目標達成 -
    assert rows[["indicator", "target_label", "actual_label", "judgement"]].values.tolist() == [
        ["年次計画どおり見直しが行われていること", "-", "-", "-"]]
    words = q.initiative_words("厚木市", "行政経営プラン実施計画（平成27年度実績報告）", "１-(３)-ア")
    assert words["kind"].tolist()[:1] == ["取組内容"] and set(words["kind"]) == {"取組内容", "計画", "実績"}


def test_an_initiative_with_two_indicators_lists_both_with_their_figures():
    rows = q.initiative_indicators("厚木市", "行政経営プラン実施計画（平成27年度実績報告）", "１-(２)-ア",
                                   "職員の意識改革と人材育成の推進")
    # 000 １-(２)-ア: 女性管理職の割合 目標 12.5% 実績 11.8% ×
    women = rows.set_index("indicator").loc["女性管理職の割合"]
    assert (women["target_label"], women["actual_label"], women["judgement"], women["status_label"]) == (
        "12.5%", "11.8%", "×", "未達成")
    assert len(rows) == 2
