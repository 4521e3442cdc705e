"""Changing the theme mapping on 都市比較 (issue #16): one row of the mapping in use (a pillar, or an
initiative with a row of its own) given another common theme, or an initiative counted through its
pillar's row given a theme of its own, as a batch like any upload, shown in データ取込's history and
undone there. Every write goes through the analyst sign-in (dashboard/auth.py).

Rows, initiatives and themes are chosen from what the database holds, never typed; what the data
says appears only in option texts and inert captions (plain text, never Markdown)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import auth, format
from dashboard.labels import NO_CITY
from dashboard.queries import comparison
from loaders import importer, store

_DONE = "theme_mapping_done"


def _row_text(row: dict) -> str:
    """One mapping row as the choice names it: 綾瀬市・第2期…「2 組織の改革」（分野のすべての取組）→ 人材・組織."""
    what = (f"取組「{row['initiative']}」（{row['policy_area']}）" if isinstance(row["initiative"], str)
            else f"分野「{row['policy_area']}」（分野のすべての取組）")
    return f"{row['city'] if isinstance(row['city'], str) else NO_CITY}・{row['plan']} {what}: {row['theme']}"


def _initiative_text(row: dict) -> str:
    """An initiative counted through its pillar, as the choice names it: 綾瀬市・第2期…
    取組「積極的な財源確保」（分野「2 組織の改革」の対応で数えています）: 人材・組織."""
    city = row["city"] if isinstance(row["city"], str) else NO_CITY
    return (f"{city}・{row['plan']} 取組「{row['initiative']}」（分野「{row['policy_area']}」の対応で数えています）: "
            f"{row['theme']}")


# what the analyst changes: a row the table shows, or an initiative that has none of its own
_ROW, _INITIATIVE = "対応表の行のテーマを変える", "取組に独自のテーマを付ける"


def editor(mapping: pd.DataFrame, themes: list[str]) -> None:
    """The form under the mapping table: a row, its new theme, and the change as a batch."""
    if done := st.session_state.pop(_DONE, None):
        st.success(done)
    # closed until asked for: reading the mapping needs nothing, changing it a sign-in
    if not st.toggle("対応を変える", key="theme_mapping_open",
                     help="分野（柱）または取組の共通テーマを変えます。分析担当のサインインが必要です。"):
        return
    if mapping.empty:
        st.caption("選んだ市には共通テーマの対応がありません。")
        return
    who = auth.require_writer("共通テーマの対応の変更", key="theme_sign_in")
    if who is None:
        return
    cities = sorted({c if isinstance(c, str) else NO_CITY for c in mapping["city"]})
    by_pillar = comparison.initiatives_counted_by_pillar(cities)
    what = st.radio("変えるもの", [_ROW, _INITIATIVE] if not by_pillar.empty else [_ROW], horizontal=True,
                    key="theme_mapping_what",
                    help="「取組に独自のテーマを付ける」: 分野（柱）の対応で数えている取組に、その取組だけの"
                         "共通テーマを付けます。付けた取組は分野のテーマではなく、そのテーマで数えます。")
    own = what == _INITIATIVE
    rows = (by_pillar if own else mapping).to_dict("records")
    text = _initiative_text if own else _row_text
    # outside the form, so the choice is written whole under its box: a long row is cut inside it,
    # its theme (what the analyst is about to change) last
    chosen = st.selectbox("テーマを付ける取組（市・計画・取組: いま数えているテーマ）" if own
                          else "変える行（市・計画・分野または取組: いまのテーマ）", range(len(rows)),
                          format_func=lambda i: text(rows[i]), key=f"theme_mapping_row_{int(own)}")
    st.caption(format.inert(f"選んだ{'取組' if own else '行'}: {text(rows[chosen])}"))
    with st.form("theme_mapping"):
        theme = st.selectbox("新しい共通テーマ", themes)
        submitted = st.form_submit_button("この対応に変える")
    st.caption("変更は取込と同じく一つのバッチとして記録され、データ取込の「取込の履歴」に残ります。"
               "「このバッチより前の状態に戻す」で元の対応に戻せます。"
               + ("取組に付けたテーマは対応表に取組の行として加わり、その出典はバッチです。" if own else ""))
    if not submitted:
        return
    row = rows[chosen]
    if row["theme"] == theme:
        st.info(format.inert(f"この{'取組はすでに分野の対応で' if own else '行はすでに'}「{theme}」です。"
                             "ほかのテーマを選んでください。"))
        return
    key = tuple(None if not isinstance(row[k], str) else row[k] for k in importer.THEME_KEY)
    batch = auth.as_writer(importer.change_themes, store.db_path(), {key: theme}, loaded_by=who)
    if batch is None:
        return
    st.session_state[_DONE] = format.inert(
        f"バッチ {batch} として記録しました: {text(row)} → {theme}。上の図と表は新しい対応で数えています。")
    st.rerun()
