"""Japanese words the pages share: cities, statuses, units, column titles, and rows said by table."""
from __future__ import annotations

CITIES = ("厚木市", "綾瀬市", "相模原市")
NO_CITY = "市名記載なし"

# One colour per city on every page, from the Okabe–Ito palette (safe for colour-blind readers),
# orange and grey darkened to 3:1 on white (WCAG 1.4.11; dashboard/charts/theme.py).
CITY_COLORS = {"厚木市": "#0072B2", "綾瀬市": "#B88000", "相模原市": "#009E73", NO_CITY: "#8A8A8A"}

STATUS = {
    "achieved": "達成",
    "partly": "一部達成",
    "not_achieved": "未達成",
    "not_judged": "判定なし",
}
STATUS_ORDER = tuple(STATUS.values())
STATUS_COLORS = {"達成": "#0072B2", "一部達成": "#4797C8", "未達成": "#D55E00", "判定なし": "#8C8C8C"}
STATUS_SHAPES = {"達成": "circle", "一部達成": "triangle-up", "未達成": "cross", "判定なし": "square"}

ACTUAL, PROJECTED, PLANNED = "実績", "見込み", "計画"

UNITS = {"千円": 1, "百万円": 1_000, "億円": 100_000}  # divisor from 千円

COLUMNS = {
    "city": "市", "plan": "計画", "period": "期間", "plan_type": "種別", "source": "出典",
    "fiscal_year": "年度", "policy_area": "政策分野", "theme": "共通テーマ",
    "initiative_code": "分類", "initiative": "取組", "department": "担当課",
    "indicator": "成果指標", "unit": "単位", "target": "目標", "actual": "実績",
    "mark": "達成マーク", "evaluation": "評価", "status": "判定", "ratio": "達成率",
    "estimate": "時点", "value_kind": "区分", "amount": "金額",
}

# The tables an upload writes, as the upload page and its history name them.
TABLES = {"plans": "計画", "kpi": "成果指標", "effect_amounts": "効果額", "effect_printed_totals": "印刷された合計",
          "initiatives": "取組", "budget": "事業費", "series": "統計", "series_totals": "統計の合計",
          "texts": "本文の記述", "figures": "本文の数値", "rules": "判定の基準", "judgements": "基本目標の判断",
          "schedule": "取組の日程",
          # meanings an analyst gave at preview, committed with the batch (issue #16)
          "status_words": "達成マークの意味", "status_words_evaluation": "評価の意味", "themes": "共通テーマの対応"}


def rows_by_table(counts: dict[str, int]) -> str:
    """Rows by table in the tables' Japanese names (成果指標 1,200行、計画 3行), as the upload page,
    its history and `python -m loaders` say them; a table not named above keeps its own name."""
    return "、".join(f"{TABLES.get(table, table)} {n:,}行" for table, n in counts.items())


# Every column an upload's preview and difference show, in the words of the documents.
FIELDS = {
    **COLUMNS,
    "period_start_fy": "開始年度", "period_end_fy": "終了年度", "period_text": "期間（記載）",
    "parent_plan": "上位計画", "policy_area_code": "番号", "direction": "良い方向",
    "target_value": "目標（数値）", "target_bound": "目標（以上・以下）", "target_text": "目標（文言）",
    "target_printed": "目標（記載）", "actual_value": "実績（数値）", "actual_bound": "実績（以上・以下）",
    "actual_text": "実績（文言）", "actual_printed": "実績（記載）", "mark_key": "達成マーク（判定用）",
    "amount_thousand_yen": "金額（千円）", "amount_printed": "金額（記載）", "phase": "期", "strategy": "戦略区分",
    "review": "見直し区分", "successor": "後期の取組（継続先・集約先）", "project_code": "事業番号", "project": "事業名",
    "is_revenue": "歳入・歳出", "value": "値", "value_printed": "値（記載）", "total_kind": "合計の種類",
}

# batches.kind as the history says it.
# mapping: a change of meanings on a page (都市比較's theme mapping), a batch with no file, undone like an import
BATCH_KINDS = {"import": "取込", "seed": "初期データ", "restore": "復元", "mapping": "対応の変更"}

# A saved view's filters as the deck page names them (its parameters' keys -> words).
FILTER_NAMES = {
    "city": "市", "cities": "市", "plan": "計画", "plans": "計画", "estimate": "時点", "unit": "単位",
    "themes": "共通テーマ", "areas": "政策分野", "departments": "担当課", "statuses": "判定",
    "search": "検索語", "years": "年度", "fy": "年度", "indicator": "成果指標", "measure": "テーマの数え方",
    "by": "集計の単位", "series": "統計", "reviews": "見直し区分", "review_plan": "見直しを集計する計画",
    "plan_estimate": "計画の時点", "latest_estimate": "比べる時点",
}
