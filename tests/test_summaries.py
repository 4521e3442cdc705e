"""The summaries of kpi_current (schema.sql: kpi_labels, kpi_groups, kpi_plan_statuses,
kpi_departments, kpi_department_names, kpi_years) equal the aggregate of the detail rows after
every write, and the pages' unfiltered views that read them show what the same views computed from
every indicator row show (issue #18)."""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard.queries import initiatives, kpi, overview
from loaders import importer, seed, store
from loaders.layouts import Context

# A file that revises one of 厚木市's indicators, adds one to 綾瀬市 and names a city the seed has no
# indicator for: the import derives those three cities again, the others stay as they were.
# 綾瀬市's R6 row: 50 % of 60 % is 未達成 by the band, 〇 by the document: one disagreement.
_CSV = """市名,計画,年度,成果指標,目標,実績,方向,達成,担当課,出典
厚木市,{plan},R5,窓口の待ち時間,10分以下,12分,低いほど良い,×,市民課,試験
綾瀬市,試験計画,R5,申請の電子化率,50%,55%,高いほど良い,〇,行政経営課・ＤＸ推進課,試験
綾瀬市,試験計画,R6,申請の電子化率,60%,50%,高いほど良い,〇,行政 経営課,試験
横浜市,試験計画,R5,窓口の満足度,80%,85%,高いほど良い,,市民課,試験
"""


def _differences(path, table: str, view: str) -> int:
    con = store.connect_reader(path)
    try:
        return sum(con.execute(f"select count(*) from (from {a} except all from {b})").fetchone()[0]
                   for a, b in ((table, view), (view, table)))
    finally:
        con.close()


def _assert_summaries_are_derived_whole(path) -> None:
    for table, view, _ in (("kpi_current", "kpi_derived", None), *store.SUMMARIES):
        assert _differences(path, table, view) == 0, table


def _imported(seed_db, tmp_path):
    path = tmp_path / "plans.duckdb"
    path.write_bytes(seed_db.read_bytes())
    con = store.connect_reader(path)
    plan, = con.execute("select plan from v_kpi where city = '厚木市' limit 1").fetchone()
    con.close()
    preview = importer.prepare(_CSV.format(plan=plan).encode("utf-8"), "k.csv", path, Context())
    assert importer._cities(preview) == {"厚木市", "綾瀬市", "横浜市"}
    importer.commit(preview, path)
    return path


def test_every_summary_equals_its_aggregate_after_a_rebuild(seed_db):
    _assert_summaries_are_derived_whole(seed_db)


def test_an_import_derives_the_summaries_of_its_cities_again(seed_db, tmp_path):
    path = _imported(seed_db, tmp_path)
    _assert_summaries_are_derived_whole(path)
    con = store.connect_reader(path)
    try:
        # the summary holds the imported rows, counted as the detail counts them
        assert con.execute("select rows, ratios, disagreements from kpi_labels "
                           "where label = '綾瀬市｜申請の電子化率'").fetchone() == (2, 2, 1)
        assert con.execute("select sum(rows) from kpi_labels").fetchone() == \
            con.execute("select count(*) from kpi_current").fetchone()
        assert con.execute("select sum(rows) from kpi_groups where city = '横浜市'").fetchone() == (1,)
        # 行政 経営課 and 行政経営課・ＤＸ推進課 are two departments as printed; 行政経営課 is one key
        assert con.execute("select department, indicators, key_indicators from kpi_departments "
                           "where city = '綾瀬市' and department like '行政%経営課' order by department"
                           ).fetchall() == [("行政 経営課", 1, 1)]
    finally:
        con.close()


def test_a_whole_rebuild_keeps_the_summaries_equal_to_the_detail(seed_db, tmp_path):
    path = _imported(seed_db, tmp_path)
    seed.rebuild(path)
    _assert_summaries_are_derived_whole(path)


@pytest.fixture(params=["seed", "imported"])
def database(request, seed_db, tmp_path, monkeypatch):
    path = seed_db if request.param == "seed" else _imported(seed_db, tmp_path)
    monkeypatch.setenv("PLANS_DB", str(path))
    return path


def _both(monkeypatch, call):
    """call() read from the summaries, and the same computed from every detail row."""
    fast = call()
    with monkeypatch.context() as m:
        m.setattr(kpi.Filter, "unfiltered", lambda self: False)
        m.setattr(initiatives, "_unfiltered", lambda sel: False)
        m.setattr(overview, "_SUMMARY", False)
        slow = call()
    return fast, slow


def _same(fast, slow) -> None:
    if isinstance(fast, pd.DataFrame):
        pd.testing.assert_frame_equal(fast.reset_index(drop=True), slow.reset_index(drop=True), check_dtype=False)
    else:
        assert fast == slow


def _unfiltered() -> kpi.Filter:
    options = kpi.filter_options()
    f = kpi.Filter(years=options["year_span"], year_span=options["year_span"])
    assert f.unfiltered()
    return f


@pytest.mark.parametrize("name, call", [
    ("totals", lambda f: kpi.totals(f)),
    ("labels", lambda f: kpi.indicator_labels(f)),
    ("labels cut", lambda f: kpi.indicator_labels(f, limit=7)),
    ("default", lambda f: kpi.default_indicator(f)),
    ("table", lambda f: kpi.indicator_table(f)),
    ("table cut", lambda f: kpi.indicator_table(f, limit=30)),
    ("disagreements", lambda f: kpi.disagreements(f)),
    ("disagreements cut", lambda f: kpi.disagreements(f, limit=2)),
    ("ratios", lambda f: kpi.ratios(f)),
    ("ratios cut", lambda f: kpi.ratios(f, limit=5)),
    ("areas", lambda f: kpi.status_counts(f, "policy_area")),
    ("areas cut", lambda f: kpi.status_counts(f, "policy_area", groups=3)),
    ("themes", lambda f: kpi.status_counts(f, "theme")),
    ("history", lambda f: kpi.indicator_history(kpi.default_indicator(f), f)),
    ("overview", lambda f: overview.status_counts_by_city()),
    ("overview by plan", lambda f: overview.status_counts_by_plan()),
    ("departments", lambda f: initiatives.department_counts(initiatives.Selection())),
    ("coverage", lambda f: initiatives.department_coverage(initiatives.Selection())),
])
def test_the_unfiltered_views_read_from_the_summaries_show_what_the_detail_shows(database, monkeypatch, name, call):
    f = _unfiltered()
    fast, slow = _both(monkeypatch, lambda: call(f))
    _same(fast, slow)
    assert fast is not None and (not hasattr(fast, "__len__") or len(fast))


def test_filter_options_from_the_summaries_equal_those_of_the_detail(database):
    options = kpi.filter_options()
    con = store.connect_reader(database)
    try:
        def values(sql):
            return {r[0] for r in con.execute(sql).fetchall()}
        assert set(options["city"]) == values("select coalesce(city, '市名記載なし') from v_kpi")
        assert set(options["plan"]) == values("select plan from v_kpi")
        assert set(options["area"]) == values("select policy_area from v_kpi where policy_area is not null")
        assert set(options["theme"]) == values("select theme from v_kpi where theme is not null")
        assert set(options["department"]) == values(
            "select unnest(string_split(department, '・')) from v_kpi")
        assert set(options["year"]) == values("select fiscal_year from v_kpi where fiscal_year is not null "
                                              "union select fiscal_year from v_series")
    finally:
        con.close()


def test_a_narrowed_view_is_not_read_from_the_summaries():
    span = (2012, 2024)
    assert kpi.Filter(years=span, year_span=span).unfiltered()
    assert kpi.Filter(years=None).unfiltered()
    for narrowed in (kpi.Filter(cities=("厚木市",), years=span, year_span=span),
                     kpi.Filter(search="割合", years=span, year_span=span),
                     kpi.Filter(statuses=("achieved",), years=span, year_span=span),
                     kpi.Filter(years=(2013, 2024), year_span=span)):
        assert not narrowed.unfiltered()


def _names(department: str) -> list[str]:
    """The departments a printed one names, split as schema.sql's department_names splits them."""
    return [n.strip(" 　") for n in department.split("・") if n.strip(" 　")]


def _key(name: str) -> str:
    return name.replace(" ", "").replace("　", "")


def test_department_counts_and_options_equal_the_rows_split_one_by_one(database):
    """The departments split once per printed spelling and joined back to the rows (and, with no
    filter, read from kpi_department_names) count what splitting every row by itself counts."""
    con = store.connect_reader(database)
    try:
        initiative_rows = [d for d, in con.execute(
            "select department from v_initiatives where department is not null").fetchall()]
        kpi_pairs = con.execute("select distinct department, label_id from v_kpi "
                                "where department is not null").fetchall()
    finally:
        con.close()
    initiatives_per_key, labels_per_key, spellings = {}, {}, {}
    for department in initiative_rows:
        for name in _names(department):
            initiatives_per_key[_key(name)] = initiatives_per_key.get(_key(name), 0) + 1
            spellings.setdefault(_key(name), {}).setdefault(name, 0)
            spellings[_key(name)][name] += 1
    for department, label_id in kpi_pairs:
        for name in _names(department):
            labels_per_key.setdefault(_key(name), set()).add(label_id)
            spellings.setdefault(_key(name), {}).setdefault(name, 0)
    expected = {key: (initiatives_per_key.get(key, 0), len(labels_per_key.get(key, ())))
                for key in spellings}
    counts = initiatives.department_counts(initiatives.Selection(), limit=10_000)
    assert {r.department_key: (r.initiatives, r.indicators) for r in counts.itertuples()} == expected
    assert len(expected) > 3 and any("・" in d for d in initiative_rows)
    assert {r.department_key: set(r.spellings.split("、")) for r in counts.itertuples()} == \
        {key: set(names) for key, names in spellings.items()}
    # the options: one per key, as most often written among the initiatives' rows
    assert initiatives.department_options() == sorted(
        max(sorted(names), key=lambda n: names[n]) for key, names in spellings.items()
        if key in initiatives_per_key)
