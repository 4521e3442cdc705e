"""The pieces of the upload page: context inputs, the preview, commit, history and restore.

File text is shown only through st.dataframe / st.write of plain strings, never as HTML.
"""
from __future__ import annotations

import hashlib
import json

import pandas as pd
import streamlit as st

from dashboard import exports, format
from dashboard.db import query
from dashboard.labels import CITIES, NO_CITY
from loaders import importer, store
from loaders.layouts import Context

_FROM_FILE = "（ファイルのとおり）"
_ERRORS_SHOWN = 100


def context_inputs() -> Context:
    """City, plan and estimate for a file that does not say them itself."""
    left, middle, right = st.columns(3)
    city = left.selectbox("市（ファイルに市名がないとき）", [_FROM_FILE, *CITIES, NO_CITY])
    plan = middle.text_input("計画名（ファイルに計画名がないとき）")
    estimate = right.text_input("時点（年度列の効果額表のとき。例: 後期アクションプラン策定時）")
    return Context(city=None if city in (_FROM_FILE, NO_CITY) else city,
                   plan=plan.strip() or None, estimate=estimate.strip() or None)


def prepare(name: str, data: bytes, context: Context) -> importer.Preview:
    """Check a file once per content and choice; the result is kept for this session."""
    key = hashlib.sha256(data).hexdigest() + repr(context) + store.db_path().name
    cached = st.session_state.get("preview")
    if cached and cached[0] == key and cached[1].same_as_batch is None:
        return cached[1]
    bar = st.progress(0.0, "ファイルを確認しています")
    preview = importer.prepare(data, name, store.db_path(), context,
                               progress=lambda share, text: bar.progress(share, text))
    bar.empty()
    st.session_state["preview"] = (key, preview)
    return preview


def show_preview(preview: importer.Preview) -> None:
    sheets = pd.DataFrame([{"シート": s.sheet, "認識した形式": s.layout, "表": s.table or "—",
                            "行数": len(s.rows), "エラー": len(s.errors)} for s in preview.sheets])
    if not sheets.empty:
        st.subheader("シートの認識結果")
        st.dataframe(sheets, hide_index=True)
    if preview.errors:
        st.error(f"{len(preview.errors)}件のエラーがあります。直してから読み込み直してください（データベースは変更されません）。")
        errors = pd.DataFrame([{"シート": e.sheet or "", "行": e.row, "列": e.column or "",
                                "入力値": e.text or "", "内容と直し方": e.message} for e in preview.errors])
        shown = _ERRORS_SHOWN
        st.table(errors.head(shown).fillna("").astype(str))
        if len(errors) > shown:
            st.caption(f"ほか {len(errors) - shown:,} 件。すべてのエラーは CSV でダウンロードできます。")
        st.download_button("エラーの一覧（CSV）", exports.to_csv_bytes(errors), file_name="取込エラー.csv",
                           mime="text/csv")
    for warning in preview.warnings:
        st.warning(format.inert(warning))
    if preview.same_as_batch:
        st.info(f"同じ内容のファイルがバッチ {preview.same_as_batch} で取込済みです。取り込み直しても数値は変わりません。")
    if not preview.ok:
        return
    st.subheader("取り込まれる行")
    for table, frame in preview.rows.items():
        st.markdown(f"**{table}**（{len(frame):,} 行）")
        st.dataframe(frame, hide_index=True)
    st.subheader("データベースとの差分")
    scope = "、".join(" / ".join(str(x) for x in s if x) for s in preview.scopes)
    st.caption(format.inert(f"置き換える範囲: {scope}"))
    for table, diff in preview.diff.items():
        counts = diff["区分"].value_counts().to_dict() if len(diff) else {}
        st.markdown(f"**{table}**: 追加 {counts.get('追加', 0)}、変更 {counts.get('変更', 0)}、削除 {counts.get('削除', 0)}")
        if len(diff):
            st.dataframe(diff, hide_index=True, width="stretch")


def commit(preview: importer.Preview, analyst: str | None) -> None:
    batch = importer.commit(preview, store.db_path(), loaded_by=analyst)
    st.session_state.pop("preview", None)
    st.success(f"バッチ {batch} として取り込みました（{sum(preview.row_counts().values()):,} 行）。"
               "すべてのページに新しい数値が表示されます。")


# What the history says in words: no internal names (seed, kpi, effect_amounts) on screen.
BATCH_KINDS = {"seed": "元資料から作成", "import": "取込", "restore": "復元"}
TABLE_NAMES = {"plans": "計画", "kpi": "成果指標", "effect_amounts": "効果額", "effect_printed_totals": "印刷された合計",
               "initiatives": "取組", "budget": "予算", "series": "統計"}


def _row_counts(text) -> str:
    """{"kpi": 77, …} as 成果指標 77行・…; a table the list does not know keeps its name."""
    if not isinstance(text, str) or not text:
        return "—"
    counts = json.loads(text)
    return "・".join(f"{TABLE_NAMES.get(name, name)} {n:,}行" for name, n in counts.items())


def history_view(batches: pd.DataFrame) -> pd.DataFrame:
    """The batch history with Japanese columns and words, blanks as —."""
    view = batches.assign(kind=batches["kind"].map(lambda k: BATCH_KINDS.get(k, k)),
                          row_counts=batches["row_counts"].map(_row_counts))
    return view.rename(columns={"batch_id": "バッチ", "kind": "種類", "file_name": "ファイル",
                                "row_counts": "行数", "loaded_by": "取込者", "loaded_at": "日時",
                                "restores": "戻した対象", "note": "メモ", "sha256": "SHA-256",
                                "size_bytes": "バイト数", "sheets": "シート"})


def history_and_restore(analyst: str | None) -> None:
    batches = importer.history(store.db_path())
    st.dataframe(history_view(batches), hide_index=True, width="stretch", placeholder="—")
    undoable = batches[batches["kind"] == "import"]["batch_id"].tolist()
    if not undoable:
        st.caption("戻せる取込はまだありません。")
        return
    with st.form("restore"):
        target = st.selectbox("このバッチより前の状態に戻す", undoable)
        sure = st.checkbox("戻すことを確認しました（戻したことも履歴に残り、あとで取り消せます）")
        if st.form_submit_button("復元する") and sure:
            new = importer.restore(store.db_path(), int(target), loaded_by=analyst)
            st.success(f"バッチ {target} より前の状態に戻しました（記録: バッチ {new}）。")


# The views analysts may take away; names from this fixed list only, never from input.
EXPORT_VIEWS = ("v_plans", "v_kpi", "v_effect_amounts", "v_effect_printed_totals", "v_initiatives",
                "v_budget", "v_series")


def _view(name: str) -> pd.DataFrame:
    if name not in EXPORT_VIEWS:
        raise ValueError(name)
    return query(f"select * from {name}")


def export_section() -> None:
    """Any view as CSV, or the whole database as one workbook, formula-like text escaped."""
    view_name = st.selectbox("ビュー", EXPORT_VIEWS)
    left, right = st.columns(2)
    left.download_button(f"{view_name} を CSV で", lambda: exports.to_csv_bytes(_view(view_name)),
                         file_name=f"{view_name}.csv", mime="text/csv", icon=":material/download:")
    right.download_button("データベース全体を Excel で", lambda: exports.workbook_bytes(
                              {name: _view(name) for name in EXPORT_VIEWS}),
                          file_name="行政改革プラン_全データ.xlsx", icon=":material/download:",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
