"""The pieces of the upload page: context inputs, the preview, commit, history and restore.

File text is shown only through st.dataframe / st.write of plain strings, never as HTML.
"""
from __future__ import annotations

import hashlib
import json

import pandas as pd
import streamlit as st

from dashboard import export_views, exports, format
from dashboard.db import query
from dashboard.charts.comparison import rate_label
from dashboard.labels import BATCH_KINDS, FIELDS, NO_CITY, STATUS, TABLES, rows_by_table
from loaders import importer, store
from loaders.layouts import Context

_FROM_FILE = "（ファイルのとおり）"
_ERRORS_SHOWN = 100
_NAMED = {"city": "市", "plan": "計画"}


def context_inputs() -> Context:
    """City, plan and estimate for a file that does not say them itself."""
    left, middle, right = st.columns(3)
    # every municipality of Japan: typing a name narrows the list
    city = left.selectbox("市（ファイルに市名がないとき）", [_FROM_FILE, *city_choices(), NO_CITY])
    plan = middle.text_input("計画名（ファイルに計画名がないとき）")
    estimate = right.text_input("時点（年度列の効果額表のとき。例: 後期アクションプラン策定時）")
    hidden = st.checkbox("非表示のシートも読み込む", help="既定では、非表示（hidden / veryHidden）のシートは読み込まず、注意にシート名を示します。")
    return Context(city=None if city in (_FROM_FILE, NO_CITY) else city,
                   plan=plan.strip() or None, estimate=estimate.strip() or None, include_hidden=hidden)


def city_choices() -> list[str]:
    """Every municipality of the reference list, those the database holds plans of first."""
    rows = query("""
        select m.name from municipalities m
        order by exists (select 1 from v_plans p where p.city = m.name) desc, m.code""")
    return rows["name"].tolist()


def prepare(name: str, data: bytes, context: Context) -> importer.Preview:
    """Check a file once per content and choice; the result is kept for this session."""
    key = hashlib.sha256(data).hexdigest() + repr(context) + store.db_path().name
    cached = st.session_state.get("preview")
    if cached and cached[0] == key and cached[1].same_as_batch is None:
        return cached[1]
    # The file is read in a child process (loaders/isolation.py): this session waits on it while
    # every other session goes on, and the bar shows what the child reports.
    bar = st.progress(0.0, "ファイルを確認しています（別のプロセスで読み込み中）")
    preview = importer.prepare(data, name, store.db_path(), context,
                               progress=lambda share, text: bar.progress(share, text))
    bar.empty()
    st.session_state["preview"] = (key, preview)
    return preview


def show_preview(preview: importer.Preview) -> None:
    sheets = pd.DataFrame([{"シート": s.sheet, "認識した形式": s.layout, "表": TABLES.get(s.table, s.table or "—"),
                            "行数": len(s.rows), "エラー": len(s.errors)} for s in preview.sheets])
    # errors of no sheet (the file as a whole, printed totals, the database) are counted too, so
    # the counts here add up to the banner's
    rest = len(preview.errors) - int(sheets["エラー"].sum()) if not sheets.empty else 0
    if rest > 0:
        sheets = pd.concat([sheets, pd.DataFrame([{"シート": "（ファイル全体・合計の照合）", "認識した形式": "—",
                                                  "表": "—", "行数": 0, "エラー": rest}])], ignore_index=True)
    if not sheets.empty:
        st.subheader("シートの認識結果")
        st.dataframe(sheets, hide_index=True)
    for s in preview.sheets:  # what the file itself names, taken where nothing was chosen (issue #12)
        if s.named:
            st.caption(format.inert(f"シート「{s.sheet}」の見出しにある名前: "
                                    + "、".join(f"{_NAMED[k]}「{v}」" for k, v in s.named.items())))
    if preview.errors:
        st.error(f"{len(preview.errors)}件のエラーがあります。直してから読み込み直してください（データベースは変更されません）。")
        errors = pd.DataFrame([{"シート": e.sheet or "", "行": e.row, "列": e.column or "",
                                "入力値": e.text or "", "内容と直し方": e.message} for e in preview.errors])
        shown = _ERRORS_SHOWN
        st.table(format.inert_frame(errors.head(shown).fillna("").astype(str)), hide_index=True)
        if len(errors) > shown:
            st.caption(f"ほか {len(errors) - shown:,} 件。すべてのエラーは CSV でダウンロードできます。")
        st.download_button("エラーの一覧（CSV）", exports.to_csv_bytes(errors), file_name="取込エラー.csv",
                           mime="text/csv", on_click="ignore")
    for warning in preview.warnings:
        st.warning(format.inert(warning))
    if not preview.ok:
        return
    st.subheader("取り込まれる行")
    for table, frame in preview.rows.items():
        st.markdown(f"**{format.inert(TABLES.get(table, table))}**（{len(frame):,} 行）")
        st.dataframe(_readable(frame), hide_index=True, placeholder="")
    st.subheader("データベースとの差分")
    scope = "、".join(" / ".join(TABLES.get(str(x), str(x)) for x in s if x) for s in preview.scopes)
    st.caption(format.inert(f"置き換える範囲: {scope}"))
    for table, diff in preview.diff.items():
        counts = diff["区分"].value_counts().to_dict() if len(diff) else {}
        st.markdown(f"**{format.inert(TABLES.get(table, table))}**: 追加 {counts.get('追加', 0)}、"
                    f"変更 {counts.get('変更', 0)}、削除 {counts.get('削除', 0)}")
        if len(diff):
            st.dataframe(_worded_diff(diff), hide_index=True, width="stretch",
                         column_config={"区分": st.column_config.TextColumn(width=56),
                                        "行": st.column_config.TextColumn(width=340)})


# Columns whose values are fiscal years, amounts in 千円, or other numbers: shown as people read them.
_YEARS = {"fiscal_year", "period_start_fy", "period_end_fy"}
_AMOUNTS = {"amount_thousand_yen"}
_NUMBERS = {"target_value", "actual_value", "value"}
_HIDDEN = {"mark_key"}   # a lookup key derived from 達成マーク, not something the file says


def _shown(column: str, value) -> str:
    """One stored value as the page words it: blank for none, R4 (2022), 1,200, △34,614."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if column in _YEARS:
        return format.fiscal_year(int(float(value)))
    if column in _AMOUNTS | _NUMBERS:
        number = float(value)
        return format.number(number, 0 if number.is_integer() else min(len(repr(number).split(".")[1]), 3))
    if column == "is_revenue":
        return {"true": "歳入", "false": "歳出", "True": "歳入", "False": "歳出"}.get(str(value), str(value))
    return str(value)


def _readable(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows a file will write, with Japanese column names and every value as text."""
    frame = frame[[c for c in frame.columns if c not in _HIDDEN]]
    return pd.DataFrame({FIELDS.get(c, c): [_shown(c, v) for v in frame[c]] for c in frame.columns})


def _worded_diff(diff: pd.DataFrame) -> pd.DataFrame:
    """「金額（千円）: 空 → 1,200」: each change in Japanese, numbers formatted, blanks as 空."""
    def change(c) -> str:
        return f"{FIELDS.get(c['column'], c['column'])}: {_shown(c['column'], c['old']) or '空'} → " \
               f"{_shown(c['column'], c['new']) or '空'}"
    return pd.DataFrame({
        "区分": diff["区分"],
        "行": [" / ".join(_shown(k["column"], k["value"]) for k in keys if k["value"] is not None) for keys in diff["keys"]],
        "変更内容": ["、".join(change(c) for c in changes) for changes in diff["changes"]],
    })


_UNMAPPED_GRADE = "選ばない（判定なしとして数える）"
_WORD_KINDS = {"mark": "達成マークの意味", "evaluation": "評価の意味"}
_UNMAPPED_THEME = "選ばない（テーマ未設定として数える）"


def mapping_controls(preview: importer.Preview) -> importer.Preview:
    """The grade words and pillars the product has no meaning for, each with a choice of meaning
    in place (issue #16); returns the preview with the choices, whose counts are shown below.

    What the file says appears only in inert labels and in st.dataframe cells (plain text); the
    choices are the product's statuses and the themes in use, never text the analyst types."""
    if not preview.ok or not (preview.unknown_grades or preview.unknown_evaluations or preview.unthemed):
        return preview
    st.subheader("判定の意味とテーマの対応")
    st.caption("この製品が意味を知らない達成マーク・評価の語と、共通テーマのない政策分野です。選んだ対応はこの取込の"
               "バッチとともに記録され、取込の履歴に残り、復元すると取込と一緒に戻ります。")
    digest = preview.sha256[:12]
    grades, themes = {}, {}
    for grade in preview.unknown_grades:
        city = grade["city"]
        where = f"{city}のすべての計画" if city else "市名のない行（すべての市で同じ意味になります）"
        choice = st.selectbox(
            format.inert(f"達成マーク「{grade['word']}」（{city or NO_CITY}、{grade['rows']:,}行）の意味"),
            [None, *importer.STATUSES], format_func=lambda s: _UNMAPPED_GRADE if s is None else STATUS[s],
            key=f"grade-{digest}-{city}-{grade['word']}", help=format.inert(f"この意味は{where}の達成マークに当てはまります。"))
        grades[(city, grade["word"])] = choice
    evaluations = {}
    for word in preview.unknown_evaluations:   # the 評価 column's words, as the marks above
        city = word["city"]
        where = f"{city}のすべての計画" if city else "市名のない行（すべての市で同じ意味になります）"
        evaluations[(city, word["word"])] = st.selectbox(
            format.inert(f"評価「{word['word']}」（{city or NO_CITY}、{word['rows']:,}行）の意味"),
            [None, *importer.STATUSES], format_func=lambda s: _UNMAPPED_GRADE if s is None else STATUS[s],
            key=f"evaluation-{digest}-{city}-{word['word']}",
            help=format.inert(f"この意味は{where}の評価の語に当てはまります（達成マークがある行はマークで判定します）。"))
    for area in preview.unthemed:
        key = (area["city"], area["plan"], area["policy_area"])
        choice = st.selectbox(
            format.inert(f"政策分野「{area['policy_area']}」（{area['city'] or NO_CITY}・{area['plan']}、"
                         f"{area['rows']:,}行）の共通テーマ"),
            [None, *preview.theme_choices], format_func=lambda t: _UNMAPPED_THEME if t is None else t,
            key=f"theme-{digest}-" + "-".join(str(k) for k in key))
        themes[key] = choice
    preview = importer.map_words(preview, grades, themes, evaluations)
    rows = importer.mapping_rows(preview)
    if rows:
        st.markdown("**この取込とともに登録する対応**")
        listed = [{"種類": _WORD_KINDS[r.column_name], "市": r.city or NO_CITY, "計画": "（すべての計画）",
                   "語・政策分野": r.word, "対応": STATUS[r.status]}
                  for r in rows.get("status_words", pd.DataFrame()).itertuples()]
        listed += [{"種類": "共通テーマ", "市": r.city or NO_CITY, "計画": r.plan, "語・政策分野": r.policy_area,
                    "対応": r.theme} for r in rows.get("themes", pd.DataFrame()).itertuples()]
        st.table(format.inert_frame(pd.DataFrame(listed)).set_index("種類"))
    # what was left without a meaning is said as such: counted 判定なし, never guessed
    left = [{"種類": _WORD_KINDS[column], "市": w["city"] or NO_CITY, "語": w["word"], "行数": w["rows"],
             "数え方": "判定なし（意味が選ばれていません）"}
            for column, words, chosen in (("mark", preview.unknown_grades, preview.grade_map),
                                          ("evaluation", preview.unknown_evaluations, preview.evaluation_map))
            for w in words if (w["city"], w["word"]) not in chosen]
    if left:
        st.markdown("**意味を選んでいない語**（取り込むと、この語の指標は「判定なし」として数えます）")
        st.table(format.inert_frame(pd.DataFrame(left)).set_index("種類"))
    counts = importer.judgement_counts(preview)
    if len(counts):
        st.markdown("**取込後の判定の内訳**（都市比較・概要の達成率はこの数で計算します）")
        st.table(format.inert_frame(judgement_view(counts)).set_index("市"))
    return preview


def judgement_view(counts: pd.DataFrame) -> pd.DataFrame:
    """importer.judgement_counts in the words of 都市比較: 67%（3件中2件）, or 判定できる指標なし."""
    judged = counts["achieved"] + counts["partly"] + counts["not_achieved"]
    return pd.DataFrame({
        "市": [c or NO_CITY for c in counts["city"]], "計画": counts["plan"],
        "年度": [format.fiscal_year(int(y)) if pd.notna(y) else "" for y in counts["fiscal_year"]],
        "指標": counts["indicators"], **{STATUS[s]: counts[s] for s in importer.STATUSES},
        "達成率": [rate_label(int(j), int(a)) if j else "判定できる指標なし" for j, a in zip(judged, counts["achieved"])],
    })


def commit_control(preview: importer.Preview, analyst: str | None) -> None:
    """The commit button, only while committing would change something; what the last commit did."""
    done = st.session_state.pop("committed", None)
    if done:
        st.success(done)
    if not preview.ok:
        return
    if not any(len(diff) for diff in preview.diff.values()) and not importer.mapping_rows(preview):
        if not done:   # the same bytes, or the same figures saved again: nothing to write
            st.info((f"同じ内容のファイルがバッチ {preview.same_as_batch} で取込済みです。" if preview.same_as_batch else
                     "データベースにはすでにこのファイルと同じ内容があります。")
                    + "取り込み直しても何も変わらないため、取り込みません。")
        return
    if preview.same_as_batch:
        st.info(f"同じ内容のファイルがバッチ {preview.same_as_batch} で取り込まれていますが、その後の復元などで"
                "データベースとの差分があります。取り込むと上の差分のとおりに変わります。")
    if st.button("この内容で取り込む", type="primary"):
        batch = importer.commit(preview, store.db_path(), loaded_by=analyst)
        st.session_state.pop("preview", None)
        mapped = sum(len(f) for f in importer.mapping_rows(preview).values())
        st.session_state["committed"] = (f"バッチ {batch} として取り込みました（{sum(preview.row_counts().values()):,} 行"
                                         + (f"、対応 {mapped:,} 件" if mapped else "") + "）。"
                                         "すべてのページに新しい数値が表示されます。")
        st.rerun()   # the preview, the button and the history drawn again from the new data


def _row_counts(text) -> str:
    """{"kpi": 12, "effect_amounts": 18} as 成果指標 12行、効果額 18行."""
    if not isinstance(text, str) or not text:
        return ""
    return rows_by_table(json.loads(text))


def history_view(batches: pd.DataFrame) -> pd.DataFrame:
    """The batch history with Japanese columns and words: no internal names (seed, kpi) on screen."""
    def text(column: str) -> list[str]:
        values = batches[column] if column in batches else pd.Series([None] * len(batches))
        return [v if isinstance(v, str) else "" for v in values]
    times = batches["loaded_at"] if "loaded_at" in batches else pd.Series([pd.NaT] * len(batches))
    return pd.DataFrame({
        "バッチ": batches["batch_id"],
        "日時": [f"{t:%Y-%m-%d %H:%M}" if not pd.isna(t) else "" for t in times],
        "種類": [BATCH_KINDS.get(k, k) for k in batches["kind"]],
        "ファイル": text("file_name"),
        "行数": [_row_counts(t) for t in batches["row_counts"]],
        "取込者": text("loaded_by"),
        "メモ": text("note"),
        "SHA-256": text("sha256"),
    })


def history_and_restore(analyst: str | None) -> None:
    batches = importer.history(store.db_path())
    view = history_view(batches)
    st.dataframe(view, hide_index=True, width="stretch",
                 # widths in px so バッチ, 日時, 種類, ファイル and 行数 are on screen at 1280 px
                 column_config={"バッチ": st.column_config.NumberColumn(width=56),
                                "日時": st.column_config.TextColumn(width=130),
                                "種類": st.column_config.TextColumn(width=90),
                                "ファイル": st.column_config.TextColumn(width=160),
                                "行数": st.column_config.TextColumn(width="large")})
    done = st.session_state.pop("restored", None)
    if done:
        st.success(done)
    undoable = batches[batches["kind"].isin(["import", "mapping"])]["batch_id"].tolist()
    if not undoable:
        st.caption("戻せる取込はまだありません。")
        return
    with st.form("restore"):
        target = st.selectbox("このバッチより前の状態に戻す", undoable)
        sure = st.checkbox("戻すことを確認しました（戻したことも履歴に残り、あとで取り消せます）")
        if st.form_submit_button("復元する") and sure:
            new = importer.restore(store.db_path(), int(target), loaded_by=analyst)
            st.session_state.pop("preview", None)
            st.session_state["restored"] = f"バッチ {target} より前の状態に戻しました（記録: バッチ {new}）。"
            st.rerun()   # the history shows the restore at once


def export_section() -> None:
    """Any table as CSV, or the whole database as one workbook, in Japanese, formula-like text escaped."""
    title = st.selectbox("書き出す表", tuple(export_views.VIEWS))
    left, right = st.columns(2)
    left.download_button(f"「{title}」を CSV で", lambda: exports.to_csv_bytes(export_views.frame(title)),
                         file_name=export_views.file_name(title), mime="text/csv", icon=":material/download:",
                         on_click="ignore")
    right.download_button("データベース全体を Excel で", lambda: exports.workbook_bytes(
                              {name: export_views.frame(name) for name in export_views.VIEWS}),
                          file_name="行政改革プラン_全データ.xlsx", icon=":material/download:",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
