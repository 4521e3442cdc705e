"""The データ取込 page under AppTest: upload, preview, commit, history, restore, sign-in."""
from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from loaders import store
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
    assert sheets.iloc[0].tolist() == ["効果額", "年度列の金額表", "effect_amounts", 18, 0]
    assert "追加 18" in " ".join(m.value for m in at.markdown)
    assert _total(live, "新計画") is None          # nothing written before the button
    commit = next(b for b in at.button if b.label == "この内容で取り込む")
    at = commit.click().run()
    assert "バッチ 2 として取り込みました" in at.success[0].value
    assert _total(live, "新計画") == 2_611_600
    history = at.dataframe[-1].value
    assert history.iloc[0]["ファイル"] == "効果額.xlsx"
    restore = next(b for b in at.button if "復元" in b.label)
    at.checkbox[0].check()
    at = restore.click().run()
    assert any("より前の状態に戻しました" in s.value for s in at.success)
    assert _total(live, "新計画") is None


def test_errors_are_listed_and_nothing_is_written(live):
    before = live.read_bytes()
    rows = [r[:] for r in EFFECT_ROWS]
    rows[4][2] = "1,2345"
    at = _upload(_page().run(), "bad.xlsx", xlsx(rows), plan="新計画", estimate="後期アクションプラン策定時")
    assert "1件のエラー" in at.error[0].value
    errors = at.table[0].value
    assert errors.iloc[0][["シート", "行", "入力値"]].tolist() == ["Sheet1", "5", "1,2345"]
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


def test_history_reads_in_japanese_words_not_internal_names():
    from dashboard.upload_view import history_view
    batches = pd.DataFrame({"batch_id": [1, 2], "kind": ["seed", "import"], "file_name": ["data/", "効果額.xlsx"],
                            "row_counts": ['{"plans": 8, "kpi": 77}', '{"effect_amounts": 18}'],
                            "note": ["", ""]})
    view = history_view(batches)
    assert view["種類"].tolist() == ["元資料から作成", "取込"]
    assert view["行数"].tolist() == ["計画 8行・成果指標 77行", "効果額 18行"]
