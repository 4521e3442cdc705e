"""The tables an analyst may take away from the upload page, as the documents word them.

Names, headings and coded values are Japanese in the file as on screen: a CSV opened in Excel
reads 「市」「金額（千円）」「未達成」, never a view's column name or a status key. Numbers stay
numbers and text stays text (dashboard/exports.py escapes formula-like cells).
"""
from __future__ import annotations

import pandas as pd

from dashboard.db import query
from dashboard.labels import FIELDS, STATUS

# Title (the chooser's word, the file's and the sheet's name) -> view; identifiers from this fixed
# list only, never from input.
VIEWS = {
    "計画": "v_plans",
    "成果指標": "v_kpi",
    "効果額": "v_effect_amounts",
    "効果額の資料の合計": "v_effect_printed_totals",
    "取組": "v_initiatives",
    "事業費": "v_budget",
    "統計": "v_series",
}

# Columns the pages never show, worded here so no view's column leaves in English.
HEADINGS = {
    **FIELDS,
    "period_inferred": "期間（推定）", "period_note": "期間の注記", "scope": "対象範囲",
    "scope_unit": "対象範囲の単位", "achieved": "達成したか", "document": "資料",
    "target_approximate": "目標（概数）", "target_note": "目標の注記",
    "target_second_value": "目標（2つ目の数値）", "target_second_unit": "目標（2つ目の単位）",
    "actual_approximate": "実績（概数）", "actual_note": "実績の注記",
    "actual_second_value": "実績（2つ目の数値）", "actual_second_unit": "実績（2つ目の単位）",
    "label": "指標の表示名", "city_code": "団体コード", "label_id": "指標の番号",
    "indicator_order": "資料での指標の順", "row_order": "資料での行の順", "area_kind": "分野の種類",
    "theme_basis": "共通テーマの根拠", "value_approximate": "値（概数）", "value_note": "値の注記",
}

# Coded values written as words.
VALUES = {
    "status": STATUS,
    "direction": {"higher": "高いほど良い", "lower": "低いほど良い"},
    "total_kind": {"year_total": "年度の計", "area_total": "分野の計", "grand_total": "総計",
                   "comparison": "比較"},
}


def frame(title: str) -> pd.DataFrame:
    """The view behind `title`, with Japanese headings and coded values as words."""
    view = VIEWS[title]                      # a KeyError for anything not on the list
    df = query(f"select * from {view}")
    for column, words in VALUES.items():
        if column in df:
            df[column] = df[column].map(lambda v, w=words: w.get(v, v) if isinstance(v, str) else v)
    for column in df.columns:
        # 千円 amounts and years are whole: written 545239, not 545239.0 (a float column from NULLs)
        values = df[column]
        if values.dtype.kind == "f" and values.notna().any() and (values.dropna() % 1 == 0).all():
            df[column] = values.astype("Int64")
    missing = [c for c in df.columns if c not in HEADINGS]
    if missing:                               # a new view column must be worded before it leaves
        raise KeyError(f"{view}: {missing}")
    return df.rename(columns=HEADINGS)


def file_name(title: str) -> str:
    return f"{title}_全件.csv"
