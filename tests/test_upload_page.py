"""The データ取込 page under AppTest: upload, preview, commit, history, restore, sign-in."""
from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from loaders import importer, store
from tests.conftest import ROOT
from tests.test_importer import EFFECT_ROWS, xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page():
    return AppTest.from_file(str(ROOT / "pages/upload.py"), default_timeout=60)


def _upload(at, name, data, mime=XLSX, plan="", estimate=""):
    at.text_input[0].set_value(plan)
    at.text_input[1].set_value(estimate)
    at.file_uploader[0].set_value((name, data, mime))
    return at.run()


def _total(path, plan):
    con = store.connect_reader(path)
    try:
        return con.execute("select sum(amount_thousand_yen) from v_effect_amounts where plan = ?", [plan]).fetchone()[0]
    finally:
        con.close()


def test_preview_then_commit_then_restore(live):
    at = _page().run()
    assert not at.exception
    at = _upload(at, "効果額.xlsx", xlsx(EFFECT_ROWS, "効果額"), plan="新計画", estimate="後期アクションプラン策定時")
    assert not at.exception, at.exception
    assert not at.error
    sheets = at.dataframe[0].value
    # the table in Japanese, as the page names it everywhere (was effect_amounts, #13)
    assert sheets.iloc[0].tolist() == ["効果額", "年度列の金額表", "効果額", 18, 0]
    assert "追加 18" in " ".join(m.value for m in at.markdown)
    rows = at.dataframe[1].value
    assert {"市", "計画", "時点", "番号", "政策分野", "年度", "区分", "金額（千円）", "出典"} <= set(rows.columns)
    assert rows["金額（千円）"].iloc[6] == "△34,614" and rows["年度"].iloc[0] == "R4 (2022)"
    assert rows["市"].iloc[0] == ""                              # a blank stays blank, not None
    diff = at.dataframe[3].value                               # effect_amounts, then plans
    assert diff["変更内容"].iloc[0] == "金額（千円）: 空 → 14,358、区分: 空 → 実績、番号: 空 → Ⅰ"
    assert diff["行"].iloc[0] == "新計画 / 後期アクションプラン策定時 / 業務マネジメント改革 / R4 (2022)"
    assert _total(live, "新計画") is None          # nothing written before the button
    commit = next(b for b in at.button if b.label == "この内容で取り込む")
    at = commit.click().run()
    assert "バッチ 2 として取り込みました" in at.success[0].value
    assert _total(live, "新計画") == 2_611_600
    assert not any(b.label == "この内容で取り込む" for b in at.button)   # the same file again changes nothing
    history = at.dataframe[-1].value
    assert history.iloc[0][["バッチ", "種類", "ファイル", "行数"]].tolist() == [2, "取込", "効果額.xlsx", "効果額 18行、計画 1行"]
    assert history.iloc[-1]["種類"] == "初期データ" and history.columns[:3].tolist() == ["バッチ", "日時", "種類"]
    restore = next(b for b in at.button if "復元" in b.label)
    next(c for c in at.checkbox if "戻す" in c.label).check()
    at = restore.click().run()
    assert any("より前の状態に戻しました" in s.value for s in at.success)
    assert _total(live, "新計画") is None
    assert at.dataframe[-1].value.iloc[0][["バッチ", "種類"]].tolist() == [3, "復元"]   # at once, no reload
    # After the restore the same file would change the data again: it may be committed again.
    assert any(b.label == "この内容で取り込む" for b in at.button)


def test_a_file_identical_to_a_loaded_one_is_not_loaded_twice(live):
    data = xlsx(EFFECT_ROWS, "効果額")
    at = _upload(_page().run(), "効果額.xlsx", data, plan="新計画", estimate="後期アクションプラン策定時")
    next(b for b in at.button if b.label == "この内容で取り込む").click().run()
    again = _upload(_page().run(), "効果額のコピー.xlsx", data, plan="新計画", estimate="後期アクションプラン策定時")
    assert "同じ内容のファイルがバッチ 2 で取込済みです" in again.info[0].value
    assert not any(b.label == "この内容で取り込む" for b in again.button)
    # Saved again by Excel: other bytes, the same figures. Nothing would change, so no second batch.
    resaved = _upload(_page().run(), "効果額.xlsx", xlsx(EFFECT_ROWS, "効果額"), plan="新計画",
                      estimate="後期アクションプラン策定時")
    assert "すでにこのファイルと同じ内容があります" in resaved.info[0].value
    assert not any(b.label == "この内容で取り込む" for b in resaved.button)
    assert importer.history(live)["batch_id"].max() == 2


def test_errors_are_listed_and_nothing_is_written(live):
    before = live.read_bytes()
    rows = [r[:] for r in EFFECT_ROWS]
    rows[4][2] = "1,2345"
    at = _upload(_page().run(), "bad.xlsx", xlsx(rows), plan="新計画", estimate="後期アクションプラン策定時")
    assert "1件のエラー" in at.error[0].value
    errors = at.table[0].value
    assert errors.iloc[0][["シート", "行", "入力値"]].tolist() == ["Sheet1", "5", "1,2345"]
    assert at.table[0].proto.hide_index      # a 0, 1, … column beside 行 would read as another row number
    assert not any(b.label == "この内容で取り込む" for b in at.button)
    assert live.read_bytes() == before


def test_served_beyond_localhost_without_sign_in_configured_refuses(live, monkeypatch):
    monkeypatch.setenv("PLANS_REQUIRE_SIGNIN", "1")
    monkeypatch.delenv("PLANS_UPLOAD_PASSWORD", raising=False)
    at = _page().run()
    assert "サインインの設定が必要" in at.error[0].value
    assert not at.file_uploader


def test_password_sign_in(live, monkeypatch):
    monkeypatch.setenv("PLANS_REQUIRE_SIGNIN", "1")
    monkeypatch.setenv("PLANS_UPLOAD_PASSWORD", "correct horse")
    at = _page().run()
    assert not at.file_uploader
    at.text_input[1].set_value("wrong")
    at = at.button[0].click().run()
    assert "パスワードが違います" in at.error[0].value
    at.text_input[0].set_value("山田")
    at.text_input[1].set_value("correct horse")
    at = at.button[0].click().run()
    assert at.file_uploader


def test_the_sheet_summary_counts_every_error_the_banner_counts(live):
    # A CSV whose printed 合計 disagrees: the error belongs to no sheet's cells, yet the summary's
    # counts add up to the banner's, and no message names a sheet 「None」 (issue #12).
    import csv
    import io
    rows = [r[:] for r in EFFECT_ROWS]
    rows[6][1] = -15_000                       # 合計 R4 printed as -15,000, the areas sum to -15,673
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    before = live.read_bytes()
    at = _upload(_page().run(), "bad.csv", out.getvalue().encode(), mime="text/csv",
                 plan="新計画", estimate="後期アクションプラン策定時")
    banner = at.error[0].value
    count = int(banner.split("件のエラー")[0])
    summary = next(d.value for d in at.dataframe if "エラー" in d.value.columns and "シート" in d.value.columns)
    assert count >= 1 and int(summary["エラー"].sum()) == count
    preview = importer.prepare(out.getvalue().encode(), "bad.csv", live,
                               importer.Context(plan="新計画", estimate="後期アクションプラン策定時"))
    assert preview.errors and not any("None" in str(e) for e in preview.errors), [str(e) for e in preview.errors]
    sources = preview.rows["effect_amounts"]["source"].tolist()
    assert sources[0] == "bad.csv 4行目 B列" and not any("None" in s for s in sources)
    assert live.read_bytes() == before


def test_history_reads_in_japanese_words_not_internal_names():
    from dashboard.upload_view import history_view
    batches = pd.DataFrame({"batch_id": [1, 2], "kind": ["seed", "import"], "file_name": ["data/", "効果額.xlsx"],
                            "row_counts": ['{"plans": 8, "kpi": 77}', '{"effect_amounts": 18}'],
                            "note": ["", ""]})
    view = history_view(batches)
    assert view["種類"].tolist() == ["初期データ", "取込"]
    assert view["行数"].tolist() == ["計画 8行、成果指標 77行", "効果額 18行"]


def test_any_municipality_of_japan_can_be_chosen_for_a_file_without_a_city(live):
    at = _page().run()
    choices = at.selectbox[0].options
    # the cities the database holds plans of first, then the reference list, 市名記載なし last
    assert choices[:4] == ["（ファイルのとおり）", "相模原市", "厚木市", "綾瀬市"]   # by 団体コード
    assert {"札幌市", "東京都府中市", "広島県府中市", "千代田区", "東京都"} <= set(choices)
    assert choices[-1] == "市名記載なし" and len(choices) == 1789 - 1 + 2

    at.selectbox[0].set_value("札幌市")
    at = _upload(at.run(), "効果額.xlsx", xlsx(EFFECT_ROWS, "効果額"), plan="札幌の計画", estimate="当初")
    assert not at.error, [e.value for e in at.error]
    at.button[0].click().run()
    con = store.connect_reader(live)
    try:
        assert con.execute("select distinct city from v_effect_amounts where plan = '札幌の計画'").fetchall() == [("札幌市",)]
    finally:
        con.close()
