"""Uploads: each layout loads; every kind of bad input is refused with a clear message and the
database file stays byte for byte as it was."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from loaders import guard, importer, store
from loaders.layouts import Context
from loaders.limits import Limits

REVISED = "後期アクションプラン策定時"


def xlsx(rows, sheet="Sheet1", merged=()) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for cells in merged:
        ws.merge_cells(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# 001 後期アクションプラン策定時点の改革改善効果額見込み, written the way the document prints it
EFFECT_ROWS = [
    ["後期アクションプラン策定時点の改革改善効果額見込み"],
    ["（単位：千円）"],
    ["基本方針", "令和4年度\n(実績)", "令和5年度\n(実績)", "令和6年度\n(見込み)", "令和7年度\n(見込み)",
     "令和8年度\n(見込み)", "令和9年度\n(見込み)", "合計額 (R4~R9)", "計画策定時との比較"],
    ["Ⅰ 業務マネジメント改革", 14358, 15992, 53041, 66325, 97028, 107169, 353913, -191326],
    ["Ⅱ 組織・人材マネジメント改革", "△34,614", 73396, 252038, 396053, 598952, 810703, 2096528, "▲23,842"],
    ["Ⅲ 財務マネジメント改革", 4583, 4512, 0, 688, 50688, 100688, 161159, 152675],
    ["合計", -15673, 93900, 305079, 463066, 746668, 1018560, 2611600, -62493],
]


def prepare(live, data, name, **context):
    return importer.prepare(data, name, live, Context(**context))


def refused(live, data, name, **context):
    before = live.read_bytes()
    preview = prepare(live, data, name, **context)
    assert not preview.ok
    with pytest.raises(importer.LoadError):
        importer.commit(preview, live)
    assert live.read_bytes() == before
    return preview


def test_year_column_table_loads_in_thousand_yen(live):
    preview = prepare(live, xlsx(EFFECT_ROWS, "効果額"), "効果額.xlsx", plan="新計画", estimate=REVISED)
    assert preview.ok, [str(e) for e in preview.errors]
    rows = preview.rows["effect_amounts"]
    assert len(rows) == 18
    assert rows.amount_thousand_yen.sum() == 2_611_600
    assert set(rows[rows.fiscal_year <= 2023].value_kind) == {"実績"}
    assert set(rows[rows.fiscal_year >= 2024].value_kind) == {"見込み"}
    assert rows.iloc[6].amount_thousand_yen == -34_614
    batch = importer.commit(preview, live)
    con = store.connect_reader(live)
    total = con.execute("select sum(amount_thousand_yen) from v_effect_amounts where plan = '新計画'").fetchone()[0]
    plan = con.execute("select period_start_fy, period_end_fy from v_plans where plan = '新計画'").fetchone()
    con.close()
    assert (batch, total, plan) == (2, 2_611_600, (2022, 2027))


def test_unit_note_in_million_yen_is_converted(live):
    rows = [["（単位：百万円）"], ["分野", "R4", "R5"], ["I 業務", "1.5", 2], ["合計", 1.5, 2]]
    preview = prepare(live, xlsx(rows), "m.xlsx", plan="計画X", estimate="当初")
    assert preview.ok, [str(e) for e in preview.errors]
    assert list(preview.rows["effect_amounts"].amount_thousand_yen) == [1500, 2000]


def test_printed_total_that_does_not_add_up_is_an_error(live):
    rows = [r[:] for r in EFFECT_ROWS]
    rows[6][1] = -15674
    preview = refused(live, xlsx(rows), "e.xlsx", plan="新計画", estimate=REVISED)
    assert any("-15,674" in e.message and "-15,673" in e.message for e in preview.errors)


def test_long_kpi_table_with_japanese_headers(live):
    rows = [["成果指標の実績（令和5年度）"], [],
            ["市名", "計画", "年度", "指標", "目標", "実績", "達成"],
            ["厚木市", "行政経営プラン（令和5年度）", "Ｒ５", "女性管理職の割合", "１５．０％", "16.2%", "○"],
            ["厚木市", "行政経営プラン（令和5年度）", "令和5年度", "庁内応援の活用件数", "15件", "12件", "✕"]]
    preview = prepare(live, xlsx(rows), "kpi.xlsx")
    assert preview.ok, [str(e) for e in preview.errors]
    kpi = preview.rows["kpi"]
    assert list(kpi.fiscal_year) == [2023, 2023]
    assert list(kpi.target_value) == [15.0, 15.0]
    assert list(kpi.mark_key) == ["〇", "×"]
    assert list(kpi.source) == ["kpi.xlsx シート「Sheet1」4行目", "kpi.xlsx シート「Sheet1」5行目"]


def test_target_actual_table_with_merged_year_headers(live):
    rows = [["指標", "単位", "令和4年度", None, None, "令和5年度", None, None],
            [None, None, "目標", "実績", "達成", "目標", "実績", "達成"],
            ["職場研修の実施件数", "件", 800, 782, "×", 800, 810, "〇"]]
    preview = prepare(live, xlsx(rows, merged=("C1:E1", "F1:H1")), "ta.xlsx", city="相模原市", plan="経営方針R5")
    assert preview.ok, [str(e) for e in preview.errors]
    kpi = preview.rows["kpi"]
    assert list(zip(kpi.fiscal_year, kpi.target_value, kpi.actual_value, kpi.mark_key)) == [
        (2022, 800, 782, "×"), (2023, 800, 810, "〇")]


def test_shift_jis_csv_is_detected(live):
    text = "市名,指標,年度,値,出典\n厚木市,自治会加入率,Ｒ４,５８．２％,広報あつぎ\n"
    preview = prepare(live, text.encode("cp932"), "series.csv")
    assert preview.ok, [str(e) for e in preview.errors]
    assert preview.encoding == "cp932"
    assert preview.rows["series"].iloc[0][["value", "unit", "fiscal_year"]].tolist() == [58.2, "%", 2022]


def test_identical_file_is_recognised(live):
    data = xlsx(EFFECT_ROWS)
    importer.commit(prepare(live, data, "e.xlsx", plan="新計画", estimate=REVISED), live)
    again = prepare(live, data, "e.xlsx", plan="新計画", estimate=REVISED)
    assert again.same_as_batch == 2
    assert set(again.diff["effect_amounts"]["区分"]) == set()


def test_reload_replaces_scope_and_diff_shows_old_and_new(live):
    importer.commit(prepare(live, xlsx(EFFECT_ROWS), "e.xlsx", plan="新計画", estimate=REVISED), live)
    rows = [r[:] for r in EFFECT_ROWS]
    rows[3][1], rows[3][7], rows[6][1], rows[6][7] = 14359, 353914, -15672, 2611601
    preview = prepare(live, xlsx(rows), "e2.xlsx", plan="新計画", estimate=REVISED)
    assert preview.ok, [str(e) for e in preview.errors]
    changed = preview.diff["effect_amounts"]
    assert list(changed["区分"]) == ["変更"]
    assert "14358 → 14359" in changed.iloc[0]["変更内容"]


def test_restore_brings_back_the_state_before_a_batch(live):
    con = store.connect_reader(live)
    before = con.execute("select sum(amount_thousand_yen) from v_effect_amounts").fetchone()[0]
    con.close()
    # Replace the seed's revised estimate of 行革推進プラン with a file, then restore.
    rows = [r[:] for r in EFFECT_ROWS]
    rows[3][1], rows[3][7], rows[6][1], rows[6][7] = 0, 339555, -30031, 2597242
    # its 比較 against the seed's plan-time estimate moves by the same 14,358 (checked since #12)
    rows[3][8], rows[6][8] = -191_326 - 14_358, -62_493 - 14_358
    first = importer.commit(prepare(live, xlsx(rows), "e.xlsx", plan="行革推進プラン", estimate=REVISED), live)
    con = store.connect_reader(live)
    changed = con.execute("select sum(amount_thousand_yen) from v_effect_amounts").fetchone()[0]
    con.close()
    assert changed == before - 14_358
    restored = importer.restore(live, first)
    con = store.connect_reader(live)
    after = con.execute("select sum(amount_thousand_yen) from v_effect_amounts").fetchone()[0]
    kinds = con.execute("select kind from batches order by batch_id").fetchall()
    con.close()
    assert (after, restored, kinds) == (before, 3, [("seed",), ("import",), ("restore",)])


# Bad input ------------------------------------------------------------------------------------

def test_empty_file(live):
    preview = refused(live, b"", "empty.csv")
    assert "空" in preview.errors[0].message


def test_csv_named_xlsx(live):
    preview = refused(live, "市名,指標\n厚木市,x\n".encode(), "disguised.xlsx")
    assert "拡張子" in preview.errors[0].message


def test_pdf(live):
    preview = refused(live, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "plan.xlsx")
    assert "PDF" in preview.errors[0].message


def test_password_protected_workbook(live):
    # An encrypted .xlsx is an OLE2 compound file, not a zip.
    data = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    preview = refused(live, data, "secret.xlsx")
    assert "パスワード" in preview.errors[0].message


def test_zip_bomb_is_refused_before_it_is_inflated(live, monkeypatch):
    monkeypatch.setattr(guard, "LIMITS", Limits(max_file_bytes=50_000_000, max_rows=1_000_000,
                                               max_inflated_bytes=5_000_000))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for _ in range(64):
                sheet.write(b"0" * 1_000_000)
    assert len(out.getvalue()) < 200_000
    preview = refused(live, out.getvalue(), "bomb.xlsx")
    assert "展開" in preview.errors[0].message


def test_file_over_the_size_limit(live, monkeypatch):
    monkeypatch.setattr(guard, "LIMITS", Limits(max_file_bytes=100, max_rows=10, max_inflated_bytes=1000))
    preview = refused(live, b"a,b\n" * 100, "big.csv")
    assert "大きすぎ" in preview.errors[0].message


def test_unknown_headers(live):
    rows = [["市名", "計画", "年度", "指標", "目標", "実績", "備考欄X"],
            ["厚木市", "P", "R5", "指標A", "1件", "2件", "x"]]
    preview = refused(live, xlsx(rows), "h.xlsx")
    assert any(e.text == "備考欄X" and e.row == 1 for e in preview.errors)


@pytest.mark.parametrize("column, text, fragment", [
    ("年度", "令和十年度", "令和十年度"),
    ("目標", "1,2345件", "1,2345"),
    ("達成", "達", "達"),
])
def test_unreadable_year_number_or_mark(live, column, text, fragment):
    header = ["市名", "計画", "年度", "指標", "目標", "実績", "達成"]
    row = ["厚木市", "P", "R5", "指標A", "1件", "2件", "〇"]
    row[header.index(column)] = text
    preview = refused(live, xlsx([header, row], "成果指標"), "bad.xlsx")
    [error] = preview.errors
    assert (error.sheet, error.row, error.text) == ("成果指標", 2, text)
    assert column in error.column or error.column.startswith(chr(ord("A") + header.index(column)))
    assert fragment in str(error)


def test_duplicate_rows_for_the_same_key(live):
    header = ["市名", "計画", "年度", "指標", "目標", "実績"]
    row = ["厚木市", "P", "R5", "指標A", "1件", "2件"]
    preview = refused(live, xlsx([header, row, row]), "dup.xlsx")
    assert any("2 回" in e.message for e in preview.errors)


def test_formula_error_value(live):
    rows = [r[:] for r in EFFECT_ROWS]
    rows[4][2] = "#REF!"
    preview = refused(live, xlsx(rows), "ref.xlsx", plan="新計画", estimate=REVISED)
    assert any(e.text == "#REF!" and e.row == 5 and e.column == "C" for e in preview.errors)


def test_date_where_a_number_belongs(live):
    rows = [r[:] for r in EFFECT_ROWS]
    rows[3][3] = dt.date(2024, 4, 1)
    preview = refused(live, xlsx(rows), "date.xlsx", plan="新計画", estimate=REVISED)
    assert any("日付" in e.message and e.row == 4 for e in preview.errors)


def test_unknown_city(live):
    # 横浜市 is in the list of every municipality since #18: a name no municipality has is not.
    rows = [["市名", "計画", "年度", "指標", "目標", "実績"], ["横浜町田市", "P", "R5", "指標A", "1件", "2件"]]
    preview = refused(live, xlsx(rows), "city.xlsx")
    assert any(e.text == "横浜町田市" for e in preview.errors)


def test_every_error_is_reported_not_only_the_first(live):
    header = ["市名", "計画", "年度", "指標", "目標", "実績"]
    rows = [header, ["厚木市", "P", "R99X", "A", "1件", "2件"], ["厚木市", "P", "R5", "B", "1,2345件", "2件"]]
    preview = refused(live, xlsx(rows), "many.xlsx")
    assert {e.row for e in preview.errors} == {2, 3}


def test_control_characters_are_refused(live):
    data = "市名,計画,年度,指標,目標,実績\n厚木市,P,R5,指標\x01A,1件,2件\n".encode()
    preview = refused(live, data, "ctrl.csv")
    assert "制御文字" in preview.errors[0].message


def test_retiring_scopes_at_once_marks_the_rows_retiring_each_scope_marks(seed_db, tmp_path):
    # The set-based UPDATE commit uses must retire exactly what seed.retire_scope does scope by scope.
    import duckdb
    from loaders import seed
    con = duckdb.connect(str(seed_db), read_only=True)
    scopes = []
    for table in ("plans", "kpi", "effect_amounts", "effect_printed_totals", "initiatives", "budget", "series"):
        group = "indicator" if table == "series" else "plan"
        estimate = "estimate" if table in ("effect_amounts", "effect_printed_totals") else "null"
        scopes += [(table, *row) for row in con.execute(
            f"select distinct city, {group}, {estimate} from {table} order by all limit 3").fetchall()]
    con.close()
    scopes += [("kpi", None, "どこにもない計画", None), ("effect_amounts", "厚木市", "行革推進プラン", None)]
    retired = {}
    for how in ("each", "at_once"):
        path = tmp_path / f"{how}.duckdb"
        path.write_bytes(seed_db.read_bytes())
        con = duckdb.connect(str(path))
        if how == "each":
            for scope in scopes:
                seed.retire_scope(con, *scope, 2)
        else:
            importer._retire_scopes(con, scopes, 2)
        retired[how] = {t: con.execute(f"select count(*), count(retired_by), sum(hash(rowid) * (retired_by is not null)::int) from {t}").fetchone()
                        for t in seed.FACT_TABLES}
        con.close()
    assert retired["at_once"] == retired["each"]
    assert sum(r[1] for r in retired["each"].values()) > 0


@pytest.mark.parametrize("xml, expected", [
    (b'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>12</v></c></row></sheetData>', ([], [])),
    (b'<row r="2"><c r="C2" t="e"><v>#REF!</v></c><c r="D2"><f>C2*2</f></c></row>', ([("C2", "#REF!")], ["D2"])),
    (b'<row r="3"><c r="E3"><f>1+1</f><v>2</v></c></row>', ([], [])),
])
def test_error_values_and_uncached_formulas_are_found_in_sheet_xml(xml, expected):
    errors, uncached, _, _ = guard._scan_cells(xml, set())
    assert (errors, uncached) == expected


def test_a_plan_named_for_the_first_time_takes_its_period_from_the_years(live):
    header = ["市名", "計画", "年度", "指標", "目標", "実績"]
    rows = [header, ["厚木市", "新しい計画A", "R5", "指標A", "1件", "2件"], ["厚木市", "新しい計画A", "R8", "指標A", "1件", "2件"],
            ["厚木市", "新しい計画B", "", "指標B", "1件", "2件"], ["厚木市", "新しい計画C", "H30", "指標C", "1件", "2件"]]
    preview = prepare(live, xlsx(rows), "new.xlsx")
    assert preview.ok, [str(e) for e in preview.errors]
    plans = preview.rows["plans"]
    assert plans[["plan", "period_start_fy", "period_end_fy", "period_text"]].values.tolist() == [
        ["新しい計画A", 2023, 2026, "2023～2026"], ["新しい計画C", 2018, 2018, "2018～2018"]]
    assert preview.warnings[-1] == "新しい計画を作成します: 新しい計画A、新しい計画C"


def test_many_entries_each_under_the_inflate_limit_are_refused_by_their_sum(monkeypatch):
    # Eight entries of 1 MB each, every one under the 5 MB limit: the running total is what counts
    # (issue #19), and no sheet parser sees the workbook.
    import dataclasses
    import io
    import zipfile

    from loaders import guard, readers
    parsed = []
    monkeypatch.setattr(guard, "_sheet_targets", lambda *a: parsed.append("guard._sheet_targets"))
    monkeypatch.setattr(readers, "read_sheets", lambda *a, **k: parsed.append("readers"), raising=False)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(8):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", b"0" * 1_000_000)
    limits = dataclasses.replace(guard.LIMITS, max_inflated_bytes=5_000_000)
    preview = importer.read_file(out.getvalue(), "many.xlsx", limits=limits)
    assert [(e.code, e.message) for e in preview.errors] == [
        ("zip-inflated", "ブックを展開すると 5 MB を超えます。ブックを分けるか、不要なシートを削除してください。")]
    assert parsed == [] and not preview.rows


def test_grades_without_a_meaning_are_named_at_preview_not_silently_unjudged(live):
    rows = [["市名", "計画", "年度", "指標", "目標", "実績", "達成"],
            ["綾瀬市", "評価プラン", "R5", "指標1", "10件", "12件", "A"],
            ["綾瀬市", "評価プラン", "R5", "指標2", "10件", "8件", "B"],
            ["綾瀬市", "評価プラン", "R6", "指標1", "10件", "11件", "A"],
            ["綾瀬市", "評価プラン", "R6", "指標2", "10件", "9件", "〇"]]
    preview = prepare(live, xlsx(rows, "評価"), "評価.xlsx")
    assert preview.ok, [str(e) for e in preview.errors]
    said = [w for w in preview.warnings if w.startswith("達成マーク")]
    assert [w.split("の意味")[0] for w in said] == ["達成マーク「A」（綾瀬市、2行）", "達成マーク「B」（綾瀬市、1行）"]
    assert all("「判定なし」として数えます" in w for w in said)
