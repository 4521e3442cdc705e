"""The 取組一覧 page (pages/initiatives.py) under AppTest, on the seed database and edited copies."""
from __future__ import annotations

import csv

import pytest
from streamlit.testing.v1 import AppTest

from loaders import seed
from tests.conftest import ROOT

PLAN = "市名記載なし\u3000行革推進プラン"


def _open(**params) -> AppTest:
    # The shared frame links app.py relative to the entry script, so the page is reached from
    # app.py as a person would, with the URL's query parameters set before it runs.
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    at.switch_page("pages/initiatives.py")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _table(at, column):
    """The first dataframe on the page that has the column."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _abolished(at):
    """The list of abolished initiatives: it starts with the initiative, its review and successor."""
    return next(d.value for d in at.dataframe
                if list(d.value.columns[:3]) == ["initiative", "review", "successor"])


def _infos(at):
    return [i.value for i in at.info]


def test_page_lists_every_initiative(app_db):
    at = _open()
    assert [h.value for h in at.title] == ["取組一覧"]
    assert [h.value for h in at.subheader] == ["取組 129件（全129件）", "取組ごとの資料の記載（取組内容・計画・実績）",
                                               "前期→後期の見直し", "担当課別の取組数と成果指標数"]
    table = _table(at, "phase")
    assert len(table) == 129
    assert (table["city"] == "市名記載なし").sum() == 65
    assert len(at.get("vega_lite_chart")) == 2
    assert at.caption[0].value.startswith(
        "出典: 厚木市 平成27年度 行政経営プラン実施計画 実績報告、後期アクションプラン策定について（市名記載なし）、綾瀬市 あやせ経営戦略プラン及びあやせ集中改革プラン (平成27年度終了)")


def test_page_summarises_the_review_and_what_absorbed_abolished_initiatives(app_db):
    at = _open()
    counts = _table(at, "計").set_index("strategy")
    assert counts.loc["(2)行政のデジタル化等による業務変革", ["継続", "新規", "廃止", "計"]].tolist() == [14, 5, 4, 23]
    assert counts[["継続", "新規", "廃止", "計"]].sum().tolist() == [41, 12, 12, 65]
    gone = _abolished(at)
    assert len(gone) == 12
    assert set(gone.loc[gone["successor"] == "B P Rの推進", "initiative"]) == {
        "業務手順書の作成", "事務標準化による業務プロセスの見直し[BPR]",
        "業務サポートチームによる業務見直し", "正規・非正規職員の役割整理"}
    assert (gone["successor"] == "記載なし").sum() == 8
    # one plan carries review values: no selector to choose from
    assert not [s for s in at.selectbox if s.key == "review_plan"]


def test_page_shows_department_coverage_in_words(app_db):
    at = _open()
    caption = next(c.value for c in at.caption if "担当課の記載がない" in c.value)
    assert "取組 39件・成果指標 41件は含みません" in caption
    assert caption.startswith("出典: 厚木市 平成27年度 行政経営プラン実施計画 実績報告、後期アクションプラン策定について（市名記載なし）")


URL_CASES = [
    ({"city": ["綾瀬市"]}, 39),
    ({"city": ["市名記載なし"]}, 65),
    ({"city": ["厚木市"], "theme": ["財政・財源"]}, 10),
    ({"plan": ["第3期あやせ集中改革プラン（H25～H27）"]}, 12),
    ({"review": ["廃止"], "q": "BPR"}, 5),
    ({"department": ["D X 推進課"]}, 11),
    ({"review": ["新規", "廃止"]}, 24),
]


@pytest.mark.parametrize(("params", "rows"), URL_CASES)
def test_url_restores_the_filtered_view(app_db, params, rows):
    at = _open(**params)
    assert at.subheader[0].value == f"取組 {rows}件（全129件）"
    assert len(_table(at, "phase")) == rows
    for key, value in params.items():
        widget = at.text_input(key=key) if key == "q" else at.multiselect(key=key)
        assert widget.value == value


def test_changing_filters_updates_the_table(app_db):
    at = _open()
    at.multiselect(key="review").set_value(["新規"]).run()
    assert at.subheader[0].value == "取組 12件（全129件）"
    at.text_input(key="q").set_value("B P R").run()
    table = _table(at, "phase")
    assert table["initiative"].tolist() == ["B P Rの推進"]
    assert table["department"].tolist() == ["行政マネジメント課"]


def test_no_match_says_so_and_suggests_a_change(app_db):
    at = _open(q="該当しない語")
    assert at.subheader[0].value == "取組 0件（全129件）"
    assert any("条件に合う取組はありません" in i and "絞り込みを外す" in i for i in _infos(at))
    assert not [d for d in at.dataframe if "phase" in d.value.columns]


def test_city_without_departments_explains_the_empty_department_chart(app_db):
    at = _open(city=["綾瀬市"])
    assert any("担当課の記載がある取組・成果指標はありません" in i for i in _infos(at))
    assert len(at.get("vega_lite_chart")) == 1       # the review chart stays: it is the whole plan


# --- edited copies: more than one plan with review values, and none --------------------------
def _edit(path, initiative, **cells):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    hits = [row for row in rows if row["initiative"] == initiative]
    assert hits, initiative
    for row in hits:
        row.update(cells)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _rebuild(data_dir, tmp_path, monkeypatch):
    path = tmp_path / "edited.duckdb"
    seed.rebuild(path, data_dir)
    monkeypatch.setenv("PLANS_DB", str(path))
    return path


@pytest.fixture
def two_review_plans(data_copy, tmp_path, monkeypatch):
    atsugi = data_copy / "seed" / "000_initiatives.csv"
    _edit(atsugi, "職員の適正配置", review="継続", successor="職員の適正配置")
    _edit(atsugi, "クラウドファンディングの活用", review="廃止（取組完了）")
    return _rebuild(data_copy, tmp_path, monkeypatch)


def test_several_plans_with_reviews_get_a_selector(two_review_plans):
    at = _open()
    selector = at.selectbox(key="review_plan")
    assert selector.options == ["厚木市\u3000行政経営プラン実施計画（平成27年度実績報告）", PLAN]
    selector.set_value("厚木市\u3000行政経営プラン実施計画（平成27年度実績報告）").run()
    gone = _abolished(at)
    assert gone[["initiative", "successor"]].values.tolist() == [["クラウドファンディングの活用", "記載なし"]]
    counts = _table(at, "計")
    assert counts[["継続", "廃止", "計"]].sum().tolist() == [1, 1, 2]


def test_selected_review_plan_is_restored_from_the_url(two_review_plans):
    at = _open(review_plan=PLAN)
    assert at.selectbox(key="review_plan").value == PLAN
    assert _table(at, "計")["計"].sum() == 65


@pytest.fixture
def no_review_values(data_copy, tmp_path, monkeypatch):
    path = data_copy / "seed" / "001_initiatives.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["review"] = ""
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return _rebuild(data_copy, tmp_path, monkeypatch)


def test_no_plan_with_reviews_says_so(no_review_values):
    at = _open()
    assert any("見直し区分（継続・新規・廃止）が記載された計画はありません" in i for i in _infos(at))
    assert len(at.get("vega_lite_chart")) == 1        # departments only
    assert at.subheader[0].value == "取組 129件（全129件）"
