"""Uploads that would load a wrong figure without a word (issue #12, cells to rows): each is read
right, or refused naming the cell, and a refusal leaves the database file byte for byte as it was."""
from __future__ import annotations

import pytest

from loaders import importer, store
from tests.test_importer import EFFECT_ROWS, REVISED, prepare, refused, xlsx

KPI_HEADER = ["市名", "計画", "年度", "指標", "目標", "実績"]
KPI_ROW = ["厚木市", "P", "R5", "指標A", "1件", "2件"]


def committed(live, data, name, **context):
    preview = prepare(live, data, name, **context)
    assert preview.ok, [str(e) for e in preview.errors]
    importer.commit(preview, live)
    return preview


def scalar(live, sql, *params):
    con = store.connect_reader(live)
    try:
        return con.execute(sql, list(params)).fetchone()[0]
    finally:
        con.close()


# 1. Two columns with the same header -------------------------------------------------------

def test_two_columns_with_the_same_header_name_both(live):
    header = [*KPI_HEADER, "実績"]
    preview = refused(live, xlsx([header, [*KPI_ROW, "3件"]], "成果指標"), "dup.xlsx")
    [error] = [e for e in preview.errors if e.code == "duplicate-header"]
    assert (error.sheet, error.row, error.column, error.header) == ("成果指標", 1, "G", "実績")
    assert "F列とG列" in error.message and "「実績」" in error.message


def test_two_headers_for_the_same_field_name_both(live):
    header = [*KPI_HEADER, "実績値"]
    preview = refused(live, xlsx([header, [*KPI_ROW, "3件"]]), "dup.xlsx")
    [error] = [e for e in preview.errors if e.code == "duplicate-field"]
    assert (error.row, error.column, error.header) == (1, "G", "実績値")
    assert "F列「実績」" in error.message and "G列「実績値」" in error.message


def test_a_csv_with_the_same_header_twice_is_refused(live):
    data = "市名,計画,年度,指標,目標,実績,目標\n厚木市,P,R5,指標A,1件,2件,9件\n".encode()
    preview = refused(live, data, "dup.csv")
    [error] = [e for e in preview.errors if e.code == "duplicate-header"]
    assert (error.sheet, error.row, error.column, error.header) == (None, 1, "G", "目標")
    assert "E列とG列" in str(error)


def test_a_year_column_table_with_a_year_twice_is_refused(live):
    rows = [["（単位：千円）"], ["分野", "R4", "R5", "令和5年度"], ["I 業務", 1, 2, 3], ["合計", 1, 2, 3]]
    preview = refused(live, xlsx(rows), "y.xlsx", plan="計画X", estimate="当初")
    [error] = [e for e in preview.errors if e.code == "duplicate-year"]
    assert (error.row, error.column, error.header) == (2, "D", "令和5年度")
    assert "C列とD列" in error.message and "2023" in error.message


@pytest.mark.parametrize("note", ["（単位：ドル）", "（単位：人）", "（単位：千ドル）"])
def test_a_unit_the_product_cannot_read_is_named_not_a_crash(live, note):
    rows = [["分野", None, note], ["分野", "R4", "R5"], ["I 業務", 1, 2]]
    preview = refused(live, xlsx(rows), "u.xlsx", plan="計画X", estimate="当初")
    [error] = preview.errors
    assert (error.code, error.row, error.column, error.text) == ("unit", 1, "C", note)
    assert "（単位：千円）のように" in error.message


def test_a_target_actual_table_with_a_year_twice_is_refused(live):
    rows = [["指標", "単位", "令和4年度", None, "令和4年度", None],
            [None, None, "目標", "実績", "目標", "実績"],
            ["研修件数", "件", 800, 782, 900, 700]]
    preview = refused(live, xlsx(rows, merged=("C1:D1", "E1:F1")), "ta.xlsx", city="相模原市", plan="P")
    errors = [e for e in preview.errors if e.code == "duplicate-year"]
    assert [(e.column, e.row) for e in errors] == [("E", 1), ("F", 1)]
    assert "C列とE列" in errors[0].message and "目標" in errors[0].message


# 2. Scientific notation and numbers a double cannot hold -----------------------------------

@pytest.mark.parametrize("target, value", [
    ("1E6", 1_000_000), ("1.2E+06", 1_200_000), ("1e-3", 0.001), ("１Ｅ６", 1_000_000), ("1.2E6件", 1_200_000),
])
def test_scientific_notation_in_an_upload_is_the_number_excel_means(live, target, value):
    committed(live, xlsx([KPI_HEADER, [*KPI_ROW[:4], target, "2件"]]), "sci.xlsx")
    assert scalar(live, "select target_value from v_kpi where plan = 'P' and indicator = '指標A'") == value


def test_scientific_amount_in_a_year_column_table(live):
    rows = [r[:] for r in EFFECT_ROWS]
    rows[3][1] = "1.4358E+04"
    committed(live, xlsx(rows), "e.xlsx", plan="新計画", estimate=REVISED)
    assert scalar(live, "select sum(amount_thousand_yen) from v_effect_amounts where plan = '新計画'") == 2_611_600


@pytest.mark.parametrize("text", ["inf", "NaN", "1e400", "9" * 400, "-1E+400"])
def test_a_number_too_large_is_refused_never_stored_as_inf(live, text):
    preview = refused(live, xlsx([KPI_HEADER, [*KPI_ROW[:4], text, "2件"]]), "inf.xlsx")
    [error] = preview.errors
    assert (error.row, error.text) == (2, text) and "保存できません" in error.message


@pytest.mark.parametrize("text", ["1e400", "9" * 400])
def test_an_amount_too_large_is_refused(live, text):
    rows = [r[:] for r in EFFECT_ROWS]
    rows[4][3] = text
    preview = refused(live, xlsx(rows), "e.xlsx", plan="新計画", estimate=REVISED)
    assert any(e.row == 5 and e.text == text and "保存できません" in e.message for e in preview.errors)


def test_a_csv_of_a_million_digit_value_is_refused(live):
    data = f"市名,指標,年度,値,出典\n厚木市,自治会加入率,R4,{'9' * 400},広報\n".encode()
    preview = refused(live, data, "series.csv")
    assert any("保存できません" in e.message for e in preview.errors)


# 7. One rule per printed total: the preview, `loaders check` and the 効果額 page agree ------

PAGES = ["app.py", "pages/kpi.py", "pages/effect_amounts.py", "pages/comparison.py", "pages/initiatives.py",
         "pages/briefing.py", "pages/upload.py"]

# A year-column table whose areas have names and no codes, for a named city.
NO_CODES = [
    ["（単位：千円）"],
    ["基本方針", "令和4年度(実績)", "令和5年度(見込み)", "合計額", "計画策定時との比較"],
    ["業務の見直し", 100, 200, 300, 50],
    ["人材の活用", "△40", 60, 20, -10],
    ["合計", 60, 260, 320, 40],
]
PLAN_TIME = [
    ["（単位：千円）"],
    ["基本方針", "令和4年度", "令和5年度", "合計額"],
    ["業務の見直し", 100, 150, 250],
    ["人材の活用", 0, 30, 30],
    ["合計", 100, 180, 280],
]


def passes_check_and_draws_every_page(live):
    from streamlit.testing.v1 import AppTest

    from loaders import checks
    from tests.conftest import ROOT
    con = store.connect_reader(live)
    try:
        assert [str(f) for f in checks.failures(checks.run(con))] == []
    finally:
        con.close()
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / page), default_timeout=60)
        at.run()
        assert not at.exception, (page, at.exception)
    return at


def test_areas_without_codes_pass_the_preview_check_and_every_page(live):
    preview = committed(live, xlsx(NO_CODES, "効果額"), "効果額.xlsx", city="綾瀬市", plan="改善プラン",
                        estimate="中間見直し時")
    # no plan-time estimate yet: the 比較 column is said to be unchecked, not silently passed
    assert any("比較" in w and "照合していません" in w for w in preview.warnings)
    passes_check_and_draws_every_page(live)


def test_the_effect_page_agrees_with_check_for_areas_without_codes(live):
    from dashboard.queries import effects
    committed(live, xlsx(PLAN_TIME), "当初.xlsx", city="綾瀬市", plan="改善プラン", estimate="策定時")
    committed(live, xlsx(NO_CODES), "中間.xlsx", city="綾瀬市", plan="改善プラン", estimate="中間見直し時")
    checks = effects.printed_total_checks("綾瀬市", "改善プラン")
    # 策定時: 2 areas + 2 years + grand; 中間: 2 areas + 2 years + grand + 3 比較 (2 areas and overall)
    assert len(checks) == 13 and checks["agrees"].all()
    passes_check_and_draws_every_page(live)


def test_a_comparison_that_disagrees_with_the_loaded_plan_time_is_refused(live):
    committed(live, xlsx(PLAN_TIME), "当初.xlsx", city="綾瀬市", plan="改善プラン", estimate="策定時")
    rows = [r[:] for r in NO_CODES]
    rows[2][4] = 51
    preview = refused(live, xlsx(rows), "中間.xlsx", city="綾瀬市", plan="改善プラン", estimate="中間見直し時")
    [error] = preview.errors
    assert (error.code, error.sheet, error.row, error.column, error.text) == ("printed-total", "Sheet1", 3, "E", "51")
    assert "印刷された 51 千円" in error.message and "計算した 50 千円" in error.message


def test_a_plan_time_table_that_breaks_a_loaded_comparison_is_refused(live):
    committed(live, xlsx(NO_CODES), "中間.xlsx", city="綾瀬市", plan="改善プラン", estimate="中間見直し時")
    rows = [r[:] for r in PLAN_TIME]
    rows[2][1], rows[2][3], rows[4][1], rows[4][3] = 101, 251, 101, 281
    preview = refused(live, xlsx(rows), "当初.xlsx", city="綾瀬市", plan="改善プラン", estimate="策定時")
    # the comparison printed in the file already loaded no longer adds up once this one is in
    assert {e.text for e in preview.errors} == {"50", "40"}
    assert all("中間.xlsx" in e.message for e in preview.errors)


def test_an_area_code_printed_two_ways_is_one_area(live):
    # The seed's 行革推進プラン prints I / II / III; a revised file may print Ⅰ / Ⅱ / Ⅲ
    committed(live, xlsx(EFFECT_ROWS), "後期.xlsx", plan="行革推進プラン", estimate=REVISED)
    passes_check_and_draws_every_page(live)


def test_a_printed_total_that_disagrees_is_located(live):
    rows = [r[:] for r in NO_CODES]
    rows[3][3] = 21
    preview = refused(live, xlsx(rows), "e.xlsx", city="綾瀬市", plan="改善プラン", estimate="中間見直し時")
    [error] = preview.errors
    assert (error.row, error.column, error.header, error.text) == (4, "D", "合計額", "21")


# 4. A year heading that cannot be read is reported as that, before any total -------------

@pytest.mark.parametrize("heading", ["令和六年度", "R6年度見込み額", "2024年", "令和X年度", "第6年度"])
def test_an_unreadable_year_heading_is_named_not_three_total_mismatches(live, heading):
    rows = [r[:] for r in EFFECT_ROWS]
    rows[2][3] = heading
    preview = refused(live, xlsx(rows, "効果額"), "e.xlsx", plan="新計画", estimate=REVISED)
    [error] = preview.errors
    assert (error.code, error.sheet, error.row, error.column, error.header) == ("year-header", "効果額", 3, "D", heading)
    assert str(error.message).startswith("D列の見出しを年度として読めません")


def test_a_blank_heading_over_amounts_is_an_unreadable_year(live):
    rows = [r[:] for r in EFFECT_ROWS]
    rows[2][3] = None
    preview = refused(live, xlsx(rows), "e.xlsx", plan="新計画", estimate=REVISED)
    assert [(e.code, e.column) for e in preview.errors] == [("year-header", "D")]


def test_a_note_column_of_words_is_not_a_year_and_not_dropped(live):
    rows = [[*r, None] for r in EFFECT_ROWS]
    rows[2][-1] = "備考"
    rows[3][-1] = "前倒しで実施"
    preview = refused(live, xlsx(rows), "e.xlsx", plan="新計画", estimate=REVISED)
    assert [(e.code, e.row, e.column, e.header, e.text) for e in preview.errors] == [
        ("unread-column", 4, "J", "備考", "前倒しで実施")]


def test_a_heading_over_nothing_loses_nothing(live):
    rows = [[*r, None] for r in EFFECT_ROWS]
    rows[2][-1] = "備考"
    assert prepare(live, xlsx(rows), "e.xlsx", plan="新計画", estimate=REVISED).ok


def test_a_cell_past_the_headings_is_named_in_every_layout(live):
    long_csv = "市名,計画,年度,指標,目標,実績\n厚木市,P,R5,指標A,1件,2件,3件\n".encode()
    rectangular = "市名,計画,年度,指標,目標,実績,\n厚木市,P,R5,指標A,1件,2件,\n厚木市,P,R6,指標A,1件,2件,見直し\n".encode()
    wide = [[*r, None] for r in EFFECT_ROWS]
    wide[4][-1] = "前倒し"
    pairs = [["指標", "R5", None, "R6", None], [None, "目標", "実績", "目標", "実績"],
             ["指標A", "1件", "2件", "3件", "4件", "済"]]
    for data, name, where in ((long_csv, "l.csv", (2, "G", "3件")), (rectangular, "r.csv", (3, "G", "見直し")),
                              (xlsx(wide), "w.xlsx", (5, "J", "前倒し")),
                              (xlsx(pairs), "p.xlsx", (3, "F", "済"))):
        preview = refused(live, data, name, plan="新計画", estimate=REVISED, city="厚木市")
        assert [(e.code, e.row, e.column, e.text) for e in preview.errors] == [("unheaded-cell", *where)], name


# 3. 合計 / 小計 / 計 rows of a long table --------------------------------------------------

EFFECT_LONG = [
    ["市名", "計画", "時点", "政策分野", "年度", "区分", "金額"],
    ["綾瀬市", "改善プラン", "策定時", "業務の見直し", "R4", "計画", "100"],
    ["綾瀬市", "改善プラン", "策定時", "人材の活用", "R4", "計画", "△40"],
    ["綾瀬市", "改善プラン", "策定時", "合計", "R4", "", "60"],
    ["綾瀬市", "改善プラン", "策定時", "業務の見直し", "R5", "計画", "200"],
    ["綾瀬市", "改善プラン", "策定時", "人材の活用", "R5", "計画", "60"],
    ["綾瀬市", "改善プラン", "策定時", "合 計", "R5", "", "260"],
    ["綾瀬市", "改善プラン", "策定時", "業務の見直し", "合計", "", "300"],
    ["綾瀬市", "改善プラン", "策定時", "総計", "", "", "320"],
]


def test_total_rows_of_a_long_effect_table_are_checked_not_stored(live):
    preview = committed(live, xlsx(EFFECT_LONG), "long.xlsx")
    assert len(preview.rows["effect_amounts"]) == 4
    assert sorted(preview.printed_totals.total_kind) == ["area_total", "grand_total", "year_total", "year_total"]
    areas = scalar(live, "select list(distinct policy_area order by policy_area) from v_effect_amounts where plan = '改善プラン'")
    assert areas == ["人材の活用", "業務の見直し"]
    passes_check_and_draws_every_page(live)


@pytest.mark.parametrize("row, column, text", [(4, "G", "61"), (8, "G", "301"), (9, "G", "321")])
def test_a_long_effect_total_that_disagrees_is_located(live, row, column, text):
    rows = [r[:] for r in EFFECT_LONG]
    rows[row - 1][6] = text
    preview = refused(live, xlsx(rows, "効果額"), "long.xlsx")
    [error] = preview.errors
    assert (error.code, error.sheet, error.row, error.column, error.header, error.text) == (
        "printed-total", "効果額", row, column, "金額", text)


KPI_TOTAL = [
    KPI_HEADER,
    ["厚木市", "P", "R5", "研修A", "10件", "8件"],
    ["厚木市", "P", "R5", "研修B", "5件", "4件"],
    ["厚木市", "P", "R5", "計", "15件", "12件"],
]


def test_a_kpi_total_row_is_checked_against_its_parts_and_dropped(live):
    preview = committed(live, xlsx(KPI_TOTAL), "kpi.xlsx")
    assert list(preview.rows["kpi"].indicator) == ["研修A", "研修B"]
    assert any("4行目は合計・小計の行です" in w for w in preview.warnings)
    assert scalar(live, "select count(*) from v_kpi where plan = 'P' and indicator = '計'") == 0


def test_a_kpi_total_row_that_disagrees_is_refused(live):
    rows = [r[:] for r in KPI_TOTAL]
    rows[3][5] = "13件"
    preview = refused(live, xlsx(rows, "成果指標"), "kpi.xlsx")
    [error] = preview.errors
    assert (error.code, error.row, error.column, error.header, error.text) == ("total-row", 4, "F", "実績", "13件")
    assert "計の行 13" in error.message and "12" in error.message


BUDGET = [
    ["市名", "計画", "年度", "事業名", "事業費"],
    ["相模原市", "経営方針", "R5", "A事業", "1,000"],
    ["相模原市", "経営方針", "R5", "B事業", "2,000"],
    ["相模原市", "経営方針", "R5", "小計", "3,000"],
    ["相模原市", "経営方針", "R5", "C事業", "500"],
    ["相模原市", "経営方針", "R5", "小計", "500"],
    ["相模原市", "経営方針", "R5", "合計", "3,500"],
]


def test_budget_subtotals_and_total_are_checked_and_dropped(live):
    preview = committed(live, xlsx(BUDGET), "budget.xlsx")
    assert list(preview.rows["budget"].project) == ["A事業", "B事業", "C事業"]
    assert scalar(live, "select sum(amount_thousand_yen) from v_budget where plan = '経営方針'") == 3_500


@pytest.mark.parametrize("row, text", [(4, "3,001"), (6, "501"), (7, "3,499")])
def test_a_budget_subtotal_that_disagrees_is_refused(live, row, text):
    rows = [r[:] for r in BUDGET]
    rows[row - 1][4] = text
    preview = refused(live, xlsx(rows), "budget.xlsx")
    [error] = preview.errors
    assert (error.code, error.row, error.column, error.text) == ("total-row", row, "E", text)


def test_a_series_total_over_years_is_checked(live):
    data = ("市名,指標,年度,値,出典\n厚木市,応援件数,R3,10件,広報\n厚木市,応援件数,R4,12件,広報\n"
            "厚木市,応援件数,計,23件,広報\n").encode()
    preview = refused(live, data, "series.csv")
    [error] = preview.errors
    assert (error.code, error.sheet, error.row, error.column, error.text) == ("total-row", None, 4, "D", "23件")
    assert "同じ項目の各年度（2行）" in error.message


# 6. City and plan named in the title rows ---------------------------------------------------

TITLED_CSV = ("綾瀬市 改善プラン 改革改善効果額\n（単位：千円）\n基本方針,令和4年度,令和5年度,合計額\n"
              "業務の見直し,100,200,300\n人材の活用,△40,60,20\n合計,60,260,320\n")


def test_a_title_naming_city_and_plan_is_the_default(live):
    preview = committed(live, TITLED_CSV.encode(), "効果額.csv", estimate="策定時")
    assert preview.sheets[0].named == {"city": "綾瀬市", "plan": "改善プラン"}
    assert set(preview.rows["effect_amounts"].city) == {"綾瀬市"}
    assert scalar(live, "select count(*) from v_effect_amounts where city = '綾瀬市' and plan = '改善プラン'") == 4
    assert scalar(live, "select city from v_plans where plan = '改善プラン'") == "綾瀬市"


def test_a_title_agreeing_with_the_choice_loads(live):
    committed(live, TITLED_CSV.encode(), "効果額.csv", city="綾瀬市", plan="改善プラン", estimate="策定時")


@pytest.mark.parametrize("choice, named", [({"city": "厚木市"}, "綾瀬市"), ({"plan": "別プラン"}, "改善プラン")])
def test_a_title_conflicting_with_the_choice_is_refused(live, choice, named):
    preview = refused(live, TITLED_CSV.encode(), "効果額.csv", estimate="策定時", **choice)
    [error] = preview.errors
    assert (error.code, error.sheet, error.row, error.column) == ("title-conflict", None, 1, "A")
    assert f"「{named}」" in error.message and f"「{next(iter(choice.values()))}」" in error.message


@pytest.mark.parametrize("title", ["架空市 改善プラン 改革改善効果額", "厚木市・綾瀬市 改善プラン 改革改善効果額"])
def test_a_city_not_in_the_list_or_two_cities_are_never_guessed(live, title):
    data = TITLED_CSV.replace("綾瀬市 改善プラン 改革改善効果額", title).encode()
    preview = prepare(live, data, "効果額.csv", estimate="策定時")
    assert "city" not in preview.sheets[0].named and preview.sheets[0].named.get("plan") == "改善プラン"
    assert set(preview.rows["effect_amounts"].city.map(lambda c: c or None)) == {None}


def test_a_titled_xlsx_long_table_takes_the_city(live):
    rows = [["相模原市 経営方針 成果指標"], [], ["計画", "年度", "指標", "目標", "実績"], ["経営方針", "R5", "指標A", "1件", "2件"]]
    committed(live, xlsx(rows), "kpi.xlsx")
    assert scalar(live, "select city from v_kpi where indicator = '指標A'") == "相模原市"


def test_the_upload_page_shows_what_the_title_names(live):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT
    at = AppTest.from_file(str(ROOT / "pages/upload.py"), default_timeout=60).run()
    at.text_input[1].set_value("策定時")
    at.file_uploader[0].set_value(("効果額.csv", TITLED_CSV.encode(), "text/csv"))
    at = at.run()
    assert not at.exception and not at.error
    assert any("見出しにある名前: 市「綾瀬市」、計画「改善プラン」" in c.value for c in at.caption)


# 5. Target/actual tables with 指標 and 単位 merged down over both header rows ---------------

TARGET_ACTUAL = [
    ["指標", "単位", "令和4年度", None, None, "令和5年度", None, None],
    [None, None, "目標", "実績", "達成", "目標", "実績", "達成"],
    ["職場研修の実施件数", "件", 800, 782, "×", 800, 810, "〇"],
    ["放棄呼率", "%", 5, 4.2, "〇", 5, 5.5, "×"],
]
EXPECTED = [("職場研修の実施件数", 2022, 800, 782, "×"), ("職場研修の実施件数", 2023, 800, 810, "〇"),
            ("放棄呼率", 2022, 5, 4.2, "〇"), ("放棄呼率", 2023, 5, 5.5, "×")]
MERGED = ("A1:A2", "B1:B2", "C1:E1", "F1:H1")


def every_year_kept(preview):
    assert preview.ok, [str(e) for e in preview.errors]
    assert preview.sheets[0].layout == "目標・実績の表"
    kpi = preview.rows["kpi"]
    return list(zip(kpi.indicator, kpi.fiscal_year, kpi.target_value, kpi.actual_value, kpi.mark_key))


def test_indicator_and_unit_merged_over_both_header_rows_keep_every_year(live):
    preview = committed(live, xlsx(TARGET_ACTUAL, merged=MERGED), "ta.xlsx", city="相模原市", plan="経営方針R5")
    assert every_year_kept(preview) == EXPECTED
    assert scalar(live, "select count(distinct fiscal_year) from v_kpi where plan = '経営方針R5'") == 2


def test_three_years_merged_keep_every_year(live):
    rows = [[*r, *extra] for r, extra in zip(TARGET_ACTUAL, [["令和6年度", None], ["目標", "実績"], [900, 905], [5, 4]])]
    preview = prepare(live, xlsx(rows, merged=(*MERGED, "I1:J1")), "ta.xlsx", city="相模原市", plan="P")
    assert sorted({fy for _, fy, *_ in every_year_kept(preview)}) == [2022, 2023, 2024]


@pytest.mark.parametrize("fill", [False, True], ids=["top-left-only", "filled-down"])
def test_the_csv_of_the_merged_table_keeps_every_year(live, fill):
    rows = [[*r] for r in TARGET_ACTUAL]
    if fill:  # some exports write a merged cell's value into every cell it covers
        rows[1][:2] = ["指標", "単位"]
        rows[0][3:5], rows[0][6:8] = ["令和4年度"] * 2, ["令和5年度"] * 2
    text = "\n".join(",".join("" if v is None else str(v) for v in r) for r in rows) + "\n"
    preview = prepare(live, text.encode(), "ta.csv", city="相模原市", plan="経営方針R5")
    assert every_year_kept(preview) == EXPECTED


def test_a_cell_error_names_the_column_as_the_sheet_heads_it(live):
    # the frame the parser reads has neither the blank column B nor the analyst's words: the error
    # must still point at E列「方向」 as Excel shows it, not at the field's place or name
    rows = [["市名", None, "計画", "年度", "方向", "指標", "目標", "実績"],
            ["厚木市", None, "P", "令和X年", "上へ", "指標A", "1件", "2件"]]
    preview = refused(live, xlsx(rows, "成果指標"), "k.xlsx")
    assert sorted(str(e) for e in preview.errors) == [
        "k.xlsx / シート「成果指標」 / 2行目 / D列「年度」: 「令和X年」を年度として読めません。"
        "元号か西暦の年度を入力してください（例: H27、令和4年度、2015年度）。（入力値:「令和X年」）",
        "k.xlsx / シート「成果指標」 / 2行目 / E列「方向」: 方向は higher（高いほど良い）か lower（低いほど良い）で"
        "入力してください。空欄は「判定に使わない」です。（入力値:「上へ」）"]
