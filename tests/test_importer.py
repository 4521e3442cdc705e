"""Uploads: each layout loads; every kind of bad input is refused with a clear message and the
database file stays byte for byte as it was."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from loaders import guard, importer, layouts, store
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


def test_many_entries_each_under_the_inflate_limit_are_refused_by_their_sum(live, monkeypatch):
    # Eight entries of 1 MB each, every one under the 5 MB limit: the running total is what counts.
    _set_limits(monkeypatch, max_inflated_bytes=5_000_000)
    parsed = []

    def parser(what):
        def spy(*args):
            parsed.append(what)
            raise ValueError(f"{what} saw the workbook")
        return spy

    monkeypatch.setattr(guard, "_sheet_targets", parser("guard._sheet_targets"))
    monkeypatch.setattr(importer.CalamineWorkbook, "from_filelike", parser("calamine"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(8):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", b"0" * 1_000_000)
    preview = refused(live, out.getvalue(), "many.xlsx")
    assert [e.message for e in preview.errors] == [
        "ブックを展開すると 5 MB を超えます。ブックを分けるか、不要なシートを削除してください。"]
    assert parsed == []


def _set_limits(monkeypatch, **limits):
    """Set the upload limits wherever a loader reads them (each module holds its own name for them)."""
    import loaders.limits
    value = Limits(**{"max_file_bytes": 50_000_000, "max_rows": 1_000_000, "max_inflated_bytes": 200_000_000, **limits})
    for module in (loaders.limits, guard, importer):
        monkeypatch.setattr(module, "LIMITS", value)


def test_file_over_the_size_limit(live, monkeypatch):
    _set_limits(monkeypatch, max_file_bytes=1_000_000)
    preview = refused(live, b"a,b\n" * 300_000, "big.csv")
    assert [e.message for e in preview.errors] == [
        "ファイルが大きすぎます（1.2 MB）。上限は 1 MB です。ファイルを分けてください。"]


def _series_rows(n: int) -> bytes:
    return "\n".join(["市名,指標,年度,値,出典"] + [f"厚木市,指標{i},R5,{i}件,試験" for i in range(n)]).encode()


def test_a_file_over_the_row_limit_is_refused_and_nothing_is_written(live, monkeypatch):
    _set_limits(monkeypatch, max_rows=5)
    preview = refused(live, _series_rows(5), "rows.csv")   # the header and five rows: six
    assert [(e.file, e.sheet, e.row, e.column, e.message) for e in preview.errors] == [
        ("rows.csv", None, None, None, "行数が上限を超えています（6 行、上限 5 行）。ファイルを分けてください。")]
    assert preview.sheets == []


def test_a_file_at_the_row_limit_loads(live, monkeypatch):
    _set_limits(monkeypatch, max_rows=5)
    preview = prepare(live, _series_rows(4), "rows.csv")
    assert preview.ok, [str(e) for e in preview.errors]
    assert len(preview.rows["series"]) == 4


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
    rows = [["市名", "計画", "年度", "指標", "目標", "実績"], ["横浜市", "P", "R5", "指標A", "1件", "2件"]]
    preview = refused(live, xlsx(rows), "city.xlsx")
    assert any(e.text == "横浜市" for e in preview.errors)


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
    assert guard._problem_cells(xml) == expected


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


# What the bytes are (guard.kind_of), case by case: the name never decides, the message says what to do.
ZIP = b"PK\x03\x04" + b"\x00" * 30
OLE2 = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504
NOT_TEXT = "は Excel（.xlsx）でも CSV でもありません。.xlsx か CSV で保存してください。"


@pytest.mark.parametrize("data, name, outcome", [
    (b"a,b\n1,2\n", "t.csv", "csv"),
    (b"a,b\n1,2\n", "t.txt", "csv"),
    (b"a,b\n1,2\n", "T.CSV", "csv"),
    (ZIP, "t.xlsx", "xlsx"),
    (ZIP, "t.xlsm", "xlsx"),
    (ZIP, "t.XLSX", "xlsx"),
    (b"", "t.csv", "ファイルが空です。内容のあるファイルを選んでください。"),
    (OLE2, "t.xlsx", "パスワード付きのブック、または古い形式（.xls）のファイルです。"
                     "Excel でパスワードを解除し、.xlsx 形式で保存し直してください。"),
    (OLE2, "t.xls", "パスワード付きのブック、または古い形式（.xls）のファイルです。"
                    "Excel でパスワードを解除し、.xlsx 形式で保存し直してください。"),
    (b"%PDF-1.7\n", "t.csv", "PDF は読み込めません。表を Excel（.xlsx）か CSV にしてください。"),
    (b"a,b\x00c", "t.csv", f"「t.csv」{NOT_TEXT}"),
    (b"x" * 65536 + b"\x00", "t.csv", "csv"),            # a NUL past the first 64 KiB is the parser's to find
    (b"a,b\n", "t.xlsx", "拡張子は .xlsx ですが、中身は CSV（テキスト） です。正しい拡張子で保存し直してください。"),
    (ZIP, "t.csv", "拡張子は .csv ですが、中身は Excel（.xlsx） です。正しい拡張子で保存し直してください。"),
    (ZIP, "t.txt", "拡張子は .txt ですが、中身は Excel（.xlsx） です。正しい拡張子で保存し直してください。"),
    (b"a,b\n", "t.json", "拡張子 .json のファイルは読み込めません。.xlsx か .csv にしてください。"),
    (b"a,b\n", "noextension", "拡張子 .（なし） のファイルは読み込めません。.xlsx か .csv にしてください。"),
    (ZIP, "t.zip", "拡張子 .zip のファイルは読み込めません。.xlsx か .csv にしてください。"),
])
def test_what_a_file_is_is_decided_by_its_bytes(data, name, outcome):
    if outcome in ("csv", "xlsx"):
        assert guard.kind_of(data, name) == outcome
    else:
        with pytest.raises(guard.RejectedFile) as refused:
            guard.kind_of(data, name)
        assert str(refused.value) == outcome


@pytest.mark.parametrize("size, refused", [(1_000_000, False), (1_000_001, True)])
def test_the_file_size_limit_is_inclusive(monkeypatch, size, refused):
    _set_limits(monkeypatch, max_file_bytes=1_000_000)
    data = b"a" * size
    if refused:
        with pytest.raises(guard.RejectedFile, match="^ファイルが大きすぎます（1.0 MB）。上限は 1 MB です。"):
            guard.kind_of(data, "t.csv")
    else:
        assert guard.kind_of(data, "t.csv") == "csv"


def _zip(entries: dict[str, bytes | str], method=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, content in entries.items():
            z.writestr(name, content)
    return out.getvalue()


WORKBOOK = ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="効果額" sheetId="1" r:id="rId1"/><sheet name="指標" sheetId="2" r:id="rId2"/>'
            '<sheet name="空" sheetId="3" r:id="rId3"/></sheets></workbook>')
RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml"/>'
        '<Relationship Id="rId3" Target="worksheets/sheet3.xml"/></Relationships>')


def test_a_workbooks_sheets_and_problem_cells_are_found_before_any_parser():
    sheet1 = '<sheetData><row r="4"><c r="B4" t="e"><v>#DIV/0!</v></c><c r="C4"><f>A1</f></c></row></sheetData>'
    sheet2 = '<sheetData><row r="2"><c r="A2" t="e"/><c r="B2"><f>1+1</f><v>2</v></c></row></sheetData>'
    data = _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": WORKBOOK, "xl/_rels/workbook.xml.rels": RELS,
                 "xl/worksheets/sheet1.xml": sheet1, "xl/worksheets/sheet2.xml": sheet2,
                 "xl/worksheets/sheet3.xml": "<sheetData/>", "docProps/app.xml": "x" * 100})
    book = guard.inspect_workbook(data)
    assert book == guard.Workbook(
        sheets=["効果額", "指標", "空"],
        error_cells={"効果額": [("B4", "#DIV/0!")], "指標": [("A2", "#エラー")]},
        uncached_formulas={"効果額": ["C4"]},
        inflated_bytes=sum(len(c.encode()) for c in ("<Types/>", WORKBOOK, RELS, sheet1, sheet2, "<sheetData/>"))
        + 100)


@pytest.mark.parametrize("data, message", [
    (b"PK\x03\x04 not really a zip", "Excel ファイルとして開けません（壊れているか、別の形式です）。"
                                     "Excel で開いて .xlsx 形式で保存し直してください。"),
    (_zip({"[Content_Types].xml": "<Types/>", "xl/worksheets/sheet1.xml": "<sheetData/>"}),
     "Excel のブック（xl/workbook.xml）が見つかりません。.xlsx 形式で保存し直してください。"),
])
def test_a_zip_that_is_no_workbook_is_refused(data, message):
    with pytest.raises(guard.RejectedFile) as refused:
        guard.inspect_workbook(data)
    assert str(refused.value) == message


def test_a_workbook_of_too_many_parts_is_refused(monkeypatch):
    monkeypatch.setattr(guard, "LIMITS", Limits(50_000_000, 1_000_000, 1_000_000, max_zip_entries=3))
    three = {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>", "xl/worksheets/sheet1.xml": "<x/>"}
    assert guard.inspect_workbook(_zip(three)).sheets == []
    with pytest.raises(guard.RejectedFile, match="^ブック内の部品が多すぎます。ブックを分けてください。$"):
        guard.inspect_workbook(_zip({**three, "docProps/app.xml": "<x/>"}))


@pytest.mark.parametrize("limit, refused", [(50, False), (49, True)])
def test_the_inflate_limit_counts_every_byte_of_every_entry(monkeypatch, limit, refused):
    # Entries the guard does not keep (docProps) count too: 8 + 11 + 31 bytes.
    monkeypatch.setattr(guard, "LIMITS", Limits(50_000_000, 1_000_000, limit))
    data = _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>", "docProps/app.xml": "x" * 31})
    if refused:
        with pytest.raises(guard.RejectedFile, match="^ブックを展開すると 0 MB を超えます。"):
            guard.inspect_workbook(data)
    else:
        assert guard.inspect_workbook(data).inflated_bytes == 50


def test_an_entry_that_does_not_inflate_is_refused():
    text = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(3000))    # kanji that hardly compress
    data = bytearray(_zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": text}))
    start = data.index(b"xl/workbook.xml") + len("xl/workbook.xml")
    data[start + 500:start + 530] = b"\xff" * 30        # corrupt the deflated stream, not the headers
    with pytest.raises(guard.RejectedFile, match="^Excel ファイルの中身を展開できません。Excel で開いて保存し直してください。$"):
        guard.inspect_workbook(bytes(data))


# How a sheet is recognised and read (loaders/layouts.py), one small grid per rule ------------------

def _sheet(grid, **context):
    return layouts.read_sheet(grid, file="f.xlsx", sheet="S", context=Context(**context))


def _where(result):
    return [(e.row, e.column, e.text, e.message) for e in result.errors]


@pytest.mark.parametrize("value, text", [
    (None, ""), (float("nan"), ""), ("  x  ", "x"), (7, "7"), (3.0, "3"), (1.5, "1.5"), (-0.25, "-0.25"),
    (True, "true"), (False, "false"), (dt.date(2024, 4, 1), "2024/04/01"), (dt.datetime(2024, 4, 1, 9, 30), "2024/04/01"),
])
def test_a_cell_reads_as_the_text_the_parsers_see(value, text):
    assert layouts.cell_text(value) == text


def test_a_blank_sheet_is_said_to_be_blank_and_an_unknown_one_is_an_error():
    blank = _sheet([["", None], [None]])
    assert (blank.layout, blank.table, blank.errors, blank.warnings) == ("空のシート", None, [], [])
    unknown = _sheet([["こんにちは", "世界"], ["a", "b"]])
    assert (unknown.layout, unknown.table) == ("認識できない", None)
    assert _where(unknown) == [(None, None, None, "表の形式を認識できません。見出し行（例: 市名・計画・年度・指標・目標・実績）"
                                                  "を付けるか、テンプレートの形式にしてください。")]


def test_year_columns_without_a_unit_note_or_kinds_are_read_as_thousand_yen_plans_with_warnings():
    result = _sheet([["分野", "R4", "R5"], ["I 業務", "1", "2"], ["合計", "1", "2"]], plan="P", estimate="E")
    assert (result.layout, result.table, result.errors) == ("年度列の金額表", "effect_amounts", [])
    assert result.warnings == ["単位の注記（例:（単位：千円））が見つからないため、千円として読みました。",
                               "年度の見出しに「実績」「見込み」の区別がないため、「計画」として読みました。"]
    assert [(r["policy_area_code"], r["policy_area"], r["fiscal_year"], r["value_kind"], r["amount_thousand_yen"], r["source"])
            for r in result.rows] == [("I", "業務", 2022, "計画", 1.0, "f.xlsx シート「S」2行目 B列"),
                                      ("I", "業務", 2023, "計画", 2.0, "f.xlsx シート「S」2行目 C列")]
    assert [(t["total_kind"], t["fiscal_year"], t["amount_thousand_yen"], t["source"]) for t in result.printed_totals] == [
        ("year_total", 2022, 1.0, "f.xlsx シート「S」3行目"), ("year_total", 2023, 2.0, "f.xlsx シート「S」3行目")]


def test_year_columns_need_a_plan_and_an_estimate():
    result = _sheet([["分野", "R4", "R5"], ["I 業務", "1", "2"]])
    assert _where(result) == [
        (None, None, None, "このシートには計画名がありません。取込画面（または --plan）で計画を指定してください。"),
        (None, None, None, "このシートには時点名がありません。取込画面（または --estimate）で時点を指定してください。")]
    assert _where(_sheet([["分野", "R4", "R5"], ["I 業務", "1", "2"]], plan="P"))[0][3].startswith("このシートには時点名")


def test_year_columns_rows_need_an_area_and_amounts_a_yen_unit():
    result = _sheet([["（単位：千円）"], ["分野", "R4(実績)", "R5(見込み)"], ["I 業務", "5百万円", "10件"],
                     ["", "", ""], ["", "3", "4"]], plan="P", estimate="E")
    assert result.warnings == []
    assert _where(result) == [(3, "C「R5(見込み)」", "10件", "「10件」の単位「件」は金額の単位ではありません。"),
                              (5, "A", "", "政策分野の名前が空欄です。入力してください。")]
    assert [(r["fiscal_year"], r["value_kind"], r["amount_thousand_yen"], r["amount_printed"]) for r in result.rows] == [
        (2022, "実績", 5000.0, "5百万円")]


def test_target_actual_tables_need_an_indicator_column():
    result = _sheet([["名前", "令和4年度", "", "令和5年度", ""], ["", "目標", "実績", "目標", "実績"], ["A", "1件", "2件", "", ""]])
    assert (result.layout, result.table) == ("目標・実績の表", "kpi")
    assert _where(result) == [(1, None, None, "指標名の列（見出し「指標」）が見つかりません。左側の列に「指標」の見出しを付けてください。")]


def test_target_actual_tables_skip_blank_rows_and_blank_years():
    result = _sheet([["指標", "令和4年度", "", "令和5年度", ""], ["", "目標", "実績", "目標", "実績"],
                     ["A", "1件", "2件", "", ""], ["", "", "", "", ""], ["B", "", "", "3件", "4件"]], city="厚木市", plan="P")
    assert (result.errors, result.warnings) == ([], [])
    assert result.rows[["indicator", "fiscal_year", "target_value", "actual_value", "source"]].values.tolist() == [
        ["A", 2022, 1.0, 2.0, "f.xlsx シート「S」3行目"], ["B", 2023, 3.0, 4.0, "f.xlsx シート「S」5行目"]]
    empty = _sheet([["指標", "令和4年度", "", "令和5年度", ""], ["", "目標", "実績", "目標", "実績"], ["", "", "", "", ""]])
    assert (empty.errors, empty.warnings) == ([], ["目標・実績の行がありません。"])


def test_a_true_false_cell_stays_a_word():
    result = _sheet([["市名", "計画", "年度", "指標", "目標", "実績"], ["厚木市", "P", "R5", "A", True, "2件"]])
    assert result.errors == []
    assert result.rows[["target_value", "target_text", "actual_value"]].values.tolist() == [[None, "true", 2.0]]


@pytest.mark.parametrize("set_to, value", [(None, 50.0), ("100", 100.0), ("0.5", 0.5), (" 7 ", 7.0)])
def test_a_limit_can_be_set_in_the_environment(monkeypatch, set_to, value):
    import loaders.limits
    if set_to is None:
        monkeypatch.delenv("PLANS_MAX_FILE_MB", raising=False)
    else:
        monkeypatch.setenv("PLANS_MAX_FILE_MB", set_to)
    assert loaders.limits._env("PLANS_MAX_FILE_MB", 50) == value


def test_the_limits_are_described_on_the_upload_page_as_set():
    assert Limits(50_000_000, 1_000_000, 200_000_000).describe() == (
        "1ファイル 50 MB まで、1,000,000 行まで、ブックの展開後 200 MB まで")
