"""The one search on KPI推移 and 取組一覧 under AppTest (issue #16): 「BCP」 finds the initiative and its indicator."""
from __future__ import annotations


from tests.conftest import open_app_page

BCP = "業務継続計画（BCP）の策定及び改定"


_open = open_app_page


def _frame(at, column):
    return next(d.value for d in [*at.dataframe, *at.table] if column in d.value.columns)


def test_initiatives_page_finds_bcp_and_opens_it_with_its_indicator(app_db):
    at = _open("pages/initiatives.py", q="BCP")
    assert at.subheader[0].value == "取組 1件（全129件）"
    assert _frame(at, "phase")["initiative"].tolist() == [BCP]
    assert at.selectbox(key="open").value == 0
    # 000 １-(３)-ア: 年次計画どおり見直しが行われていること 目標 - 実績 - 目標達成 -
    indicators = next(t.value for t in at.table if "資料の判定" in t.value.columns).reset_index()
    assert indicators[["成果指標", "目標", "実績", "資料の判定"]].values.tolist() == [
        ["年次計画どおり見直しが行われていること", "\\-", "\\-", "\\-"]]   # Markdown-inert; the page shows -
    words = _frame(at, "資料の記載")
    assert words["種類"].tolist()[0] == "取組内容" and "業務継続計画（BCP）の策定" in words["資料の記載"].iloc[0]
    assert any("担当課: 行政経営課・危機管理課" == c.value for c in at.caption)
    assert any(c.value.startswith("出典: 厚木市 平成27年度 行政経営プラン実施計画 実績報告（１ 強い組織をつくる）p.1 分類１-(３)-ア")
               for c in at.caption)
    hits = _frame(at, "見つかった項目")
    assert hits["見つかった項目"].tolist() == ["取組名", "取組内容"]


def test_kpi_page_finds_bcp_by_its_initiative_and_names_it(app_db):
    at = _open("pages/kpi.py", q="BCP")
    assert at.selectbox(key="ind").options == ["厚木市｜年次計画どおり見直しが行われていること"]
    line = next(c.value for c in at.caption if c.value.startswith("この指標の取組"))
    assert line.startswith("この指標の取組: １-(３)-ア\u3000業務継続計画（BCP）の策定及び改定（担当課 行政経営課・危機管理課）。")


def test_kpi_page_says_when_the_document_names_no_initiative(app_db):
    at = _open("pages/kpi.py", q="人材バンク登録率")
    assert any(c.value == "資料はこの指標の取組を示していません。" for c in at.caption)
