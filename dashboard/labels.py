"""Japanese words the pages share: cities, statuses, units, column titles."""
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
