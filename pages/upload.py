"""データ取込: upload a spreadsheet, see exactly what will change, commit all or nothing, undo."""
import streamlit as st

from dashboard import auth, frame, template, upload_view
from loaders.limits import LIMITS

frame.setup("データ取込")
analyst = auth.require_analyst()
st.caption("Excel（.xlsx / .xlsm / .xlsb / .xls）、OpenDocument（.ods）または CSV（UTF-8 / Shift_JIS / UTF-16）を"
           f"読み込みます。上限: {LIMITS.describe()}。ファイルはサーバーとは別のプロセスで読み込みます。"
           "書き込む前に、取り込まれる行・エラー・データベースとの差分を確認できます。")
st.download_button("テンプレート（.xlsx）をダウンロード", template.workbook_bytes(),
                   file_name="取込テンプレート.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")

upload = st.file_uploader("ファイルを選ぶ", type=["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "txt"], max_upload_size=LIMITS.max_file_bytes // 1_000_000)
context = upload_view.context_inputs()
if upload is not None:
    preview = upload_view.prepare(upload.name, upload.getvalue(), context)
    upload_view.show_preview(preview)
    preview = upload_view.mapping_controls(preview)   # meanings of unknown grades and pillars (#16)
    upload_view.commit_control(preview, analyst)

st.header("取込の履歴")
upload_view.history_and_restore(analyst)

st.header("データの書き出し")
upload_view.export_section()
