"""Japanese words the pages share: cities, statuses, units, column titles."""
from __future__ import annotations

CITIES = ("厚木市", "綾瀬市", "相模原市")
NO_CITY = "市名記載なし"

# One colour per city on every page, from the Okabe–Ito palette (safe for colour-blind readers).
CITY_COLORS = {"厚木市": "#0072B2", "綾瀬市": "#E69F00", "相模原市": "#009E73", NO_CITY: "#999999"}

STATUS = {
    "achieved": "達成",
    "partly": "一部達成",
    "not_achieved": "未達成",
    "not_judged": "判定なし",
}
STATUS_ORDER = tuple(STATUS.values())
STATUS_COLORS = {"達成": "#0072B2", "一部達成": "#56B4E9", "未達成": "#D55E00", "判定なし": "#BBBBBB"}
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

# A saved view's filters as the deck page names them (its parameters' keys -> words).
FILTER_NAMES = {
    "city": "市", "cities": "市", "plan": "計画", "plans": "計画", "estimate": "時点", "unit": "単位",
    "themes": "共通テーマ", "areas": "政策分野", "departments": "担当課", "statuses": "判定",
    "search": "検索語", "years": "年度", "fy": "年度", "indicator": "成果指標", "measure": "テーマの数え方",
    "by": "集計の単位", "series": "統計",
}
