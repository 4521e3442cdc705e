"""Plan data at national scale: every municipality, FY2015–2027, about 50 indicators each.

Deterministic (one seed, numpy's generator) and vectorised: the same arguments give the same
bytes. Every fact is generated twice over: as an analyst's file prints it (H27, 令和4年度, 12.5%,
△52,218, 〇) and as the loaders store it (typed values), so the same rows can be written as the
CSV / xlsx an analyst uploads, and straight into a DuckDB file for the page benchmarks.
`check_against_parser()` reads a sample of the printed rows with the product's own parser and
compares them with the typed ones, so the two cannot drift apart.

The municipalities are the real ones of data/municipalities.csv (all 1,741 but the seed's three
cities, whose data comes from the documents); their plan data and populations are invented and go
into the benchmark database only, never into data/.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd

from loaders import municipalities as muni_rules
from loaders import seed, store, years

SEED = 20260401
FIRST_FY, LAST_FY = 2015, 2027
LAST_ACTUAL_FY = 2024            # actuals are printed up to here; 2025 shows "-", later years blank
INDICATORS_PER_CITY = 50
ROWS_PER_CITY = INDICATORS_PER_CITY * (LAST_FY - FIRST_FY + 1)   # 650 v_kpi rows
INITIATIVES_PER_PHASE = 32
VERSION = "2"                     # bump when the generated rows change, so cached files are rebuilt

# Rough population medians per kind, for invented per-resident figures in the benchmark only.
MEDIAN_POPULATION = {"政令指定都市": 1_000_000, "特別区": 300_000, "市": 60_000, "町": 12_000, "村": 3_000}

PLAN_BASES = (   # (name, plan_type): names municipalities share, which the views join on
    ("行政改革大綱実施計画", "実施計画"), ("行財政改革プラン", "行革推進プラン"),
    ("行政経営改革プラン", "行革推進プラン"), ("行政改革推進計画", "実施計画"),
    ("行財政改革推進計画", "実施計画"), ("集中改革プラン", "集中改革プラン"),
    ("行政経営プラン実施計画", "実施計画"), ("行財政運営改革アクションプラン", "実施計画"),
)
PLAN_PERIODS = ((2015, 2019), (2020, 2024), (2025, 2029))
AREAS = (   # (policy area, common theme of data/themes.csv)
    ("効率的な行政運営", "業務改革・デジタル"), ("デジタル化の推進", "業務改革・デジタル"),
    ("業務プロセスの改革", "業務改革・デジタル"), ("健全な財政運営", "財政・財源"),
    ("財源の確保", "財政・財源"), ("公共施設マネジメント", "財政・財源"),
    ("人材の育成と組織の活性化", "人材・組織"), ("働き方改革", "人材・組織"), ("組織体制の最適化", "人材・組織"),
    ("市民との協働", "市民協働・情報発信"), ("情報発信の充実", "市民協働・情報発信"),
    ("市民サービスの向上", "市民協働・情報発信"), ("広域連携の推進", "地域・交流"), ("地域の魅力の発信", "地域・交流"),
)
_WIDE_DIGITS = "０１２３４５６７８９"
_ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨ"

# Indicator templates: (name, unit, kind, direction, low, high, target printed with 以上/以下).
# kind: pct (0.1), dec (0.1), int, amount (千円), man (printed 125万件), words.
TEMPLATES = (
    ("電子申請の利用率", "%", "pct", "higher", 10, 80, False), ("市税収納率", "%", "pct", "higher", 95, 99.5, True),
    ("キャッシュレス決済の導入率", "%", "pct", "higher", 10, 90, False),
    ("審議会等の女性委員の割合", "%", "pct", "higher", 20, 45, True), ("職員提案の採用率", "%", "pct", "higher", 10, 50, False),
    ("市民満足度", "%", "pct", "higher", 50, 85, False), ("公共施設の稼働率", "%", "pct", "higher", 40, 90, False),
    ("男性職員の育児休業取得率", "%", "pct", "higher", 10, 80, False), ("会議録の公開率", "%", "pct", "higher", 60, 100, False),
    ("経常収支比率", "%", "pct", "lower", 85, 98, True), ("実質公債費比率", "%", "pct", "lower", 3, 15, True),
    ("人件費比率", "%", "pct", "lower", 15, 30, True), ("時間外勤務の上限超過職員の割合", "%", "pct", "lower", 2, 15, False),
    ("電子申請可能な手続数", "件", "int", "higher", 20, 500, False), ("RPA導入業務数", "業務", "int", "higher", 3, 60, False),
    ("職員研修の受講者数", "人", "int", "higher", 100, 3000, False), ("ペーパーレス会議の開催数", "回", "int", "higher", 10, 500, False),
    ("包括連携協定の締結数", "件", "int", "higher", 2, 30, False), ("指定管理者制度導入施設数", "施設", "int", "higher", 5, 80, False),
    ("市民協働事業の実施件数", "件", "int", "higher", 10, 200, False), ("SNSのフォロワー数", "人", "int", "higher", 1000, 50000, False),
    ("出前講座の開催数", "回", "int", "higher", 10, 150, False), ("オープンデータの公開件数", "件", "int", "higher", 10, 300, False),
    ("紙の申請書の様式数", "様式", "int", "lower", 100, 2000, False), ("公用車の保有台数", "台", "int", "lower", 50, 400, False),
    ("窓口での申請件数", "件", "int", "lower", 5000, 100000, False),
    ("テレワーク実施日数（職員1人当たり月平均）", "日", "dec", "higher", 0.5, 6, False),
    ("時間外勤務時間（職員1人当たり月平均）", "時間", "dec", "lower", 8, 25, True),
    ("窓口の平均待ち時間", "分", "dec", "lower", 5, 30, False), ("証明書の交付に要する時間", "分", "dec", "lower", 3, 15, False),
    ("未利用地の売却額", "千円", "amount", "higher", 1000, 200000, False),
    ("ふるさと納税の寄附額", "千円", "amount", "higher", 10000, 3000000, False),
    ("広告収入額", "千円", "amount", "higher", 500, 30000, False),
    ("使用料・手数料の見直しによる増収額", "千円", "amount", "higher", 1000, 50000, False),
    ("庁舎の光熱水費", "千円", "amount", "lower", 10000, 300000, True),
    ("ホームページのアクセス数", "件", "man", "higher", 100000, 5000000, False),
    ("用紙の使用枚数", "枚", "man", "lower", 100000, 5000000, False),
    ("財政収支", None, "words", None, 0, 0, False), ("行政評価制度の見直し", None, "words", None, 0, 0, False),
    ("公共施設等総合管理計画の改訂", None, "words", None, 0, 0, False), ("人事評価制度の運用", None, "words", None, 0, 0, False),
)
QUALIFIERS = ("", "（全庁）", "（累計）", "（本庁）")
WORDS = {   # words indicator: (target, actual when met, actual when not)
    "財政収支": ("黒字", "黒字", "赤字"), "行政評価制度の見直し": ("実施", "実施", "検討中"),
    "公共施設等総合管理計画の改訂": ("改訂", "改訂", "検討中"), "人事評価制度の運用": ("運用", "運用", "試行"),
}
UNSET_TARGET = "H27年度は未設定（H28年度から）"
DEPARTMENTS = (
    "行政経営課", "財政課", "職員課", "情報政策課", "DX推進課", "資産経営課", "市民課", "収納課", "契約課", "企画課",
    "総務課", "人事課", "税務課", "施設管理課", "広報課", "秘書課", "法務課", "危機管理課", "会計課", "議会事務局",
    "職員課・行政経営課", "財政課・資産経営課", "市民協働推進課", "地域振興課", "文化スポーツ課", "福祉総務課",
    "子育て支援課", "健康づくり課", "環境政策課", "道路維持課", "下水道課", "学校教育課", "生涯学習課", "図書館",
)
_OBJECTS = ("窓口業務", "公共施設", "電子申請", "ペーパーレス化", "事務事業評価", "補助金", "使用料・手数料",
            "職員研修", "RPA", "指定管理者制度", "市税収納", "公有財産", "ふるさと納税", "業務委託", "会議運営",
            "文書管理", "人事評価", "情報発信", "市民協働", "広域連携")
_ACTIONS = ("の見直し", "の推進", "の適正化", "の効率化", "の活用", "の拡充", "の導入", "の再編")
INITIATIVES = tuple(o + a for o in _OBJECTS for a in _ACTIONS)
STRATEGIES = ("業務の効率化", "デジタル技術の活用", "財源の確保", "資産の最適化", "人材の育成",
              "組織の見直し", "市民との連携", "情報の公開")
REVIEWS = (("継続", 0.55), ("継続（拡充）", 0.10), ("廃止（取組を集約）", 0.15), ("完了", 0.10), ("廃止", 0.10))
SERIES = (   # (indicator, unit column, kind, per 1,000 residents or range)
    ("職員数", None, "staff", 7.5), ("職員一人当たりの予算額", "億円", "budget", 0.6),
    ("経常収支比率", None, "pct", 92.0), ("実質公債費比率", None, "pct", 8.0), ("自治会加入率", None, "pct", 65.0),
)
PROJECTS = ("窓口のオンライン化", "庁内ネットワーク更新", "公共施設の長寿命化", "職員研修", "広報紙の発行",
            "市税の収納対策", "ふるさと納税の推進", "指定管理施設の運営", "オープンデータの整備", "使用料の徴収")


# Municipalities ---------------------------------------------------------------------------------

def municipalities(seed_value: int = SEED) -> pd.DataFrame:
    """The real municipalities of data/municipalities.csv but the seed's cities (whose data is the
    documents'), in code order; `rank` is the order in which smaller benchmark databases take them
    (a seeded shuffle, so 154 of them span the country). Populations are invented, for the
    benchmark database only."""
    rng = np.random.default_rng([seed_value, 0])
    listed = pd.read_csv(store.DATA_DIR / "municipalities.csv", dtype=str)
    seeded = {city for f in (store.DATA_DIR / "seed").glob("*.csv")
              for city in pd.read_csv(f, dtype=str).get("city", pd.Series(dtype=str)).dropna()}
    frame = listed[(listed["kind"] != "都道府県") & ~listed["name"].isin(seeded)]
    frame = frame[["name", "code", "prefecture", "kind"]].sort_values("code").reset_index(drop=True)
    median = frame["kind"].map(MEDIAN_POPULATION).to_numpy()
    frame["population"] = np.clip(median * rng.lognormal(0.0, 0.8, len(frame)), 200, 3_700_000).round(-1).astype(int)
    frame["population_date"] = "2020-10-01"
    frame["population_source"] = "ベンチマーク用の架空の値"
    frame["rank"] = rng.permutation(len(frame))
    assert len(frame) == 1741 - len(seeded) and frame["code"].map(muni_rules.valid_code).all()
    return frame


# Plan tables ------------------------------------------------------------------------------------

def _choose(rng: np.random.Generator, n: int, pool: int, k: int) -> np.ndarray:
    """k distinct indexes into a pool of `pool`, for each of n rows (vectorised sampling without replacement)."""
    return np.argsort(rng.random((n, pool)), axis=1)[:, :k]


def _fmt(values: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Numbers as documents print them: 1,234 / 12.5 / 125万 (the unit is added by the caller)."""
    out = np.full(len(values), "", dtype=object)
    for code, spec in (("pct", "{:.1f}"), ("dec", "{:.1f}"), ("int", "{:,.0f}"), ("amount", "{:,.0f}")):
        mask = kind == code
        out[mask] = [spec.format(v) for v in values[mask]]
    mask = kind == "man"
    out[mask] = [f"{v / 10000:.0f}万" for v in values[mask]]
    return out


def _plain(printed: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """The printed numbers read back as the parser stores them: float('1234'), 125万 as 1,250,000."""
    text = pd.Series(printed, dtype=object).str.replace(",", "", regex=False).str.removesuffix("万")
    values = pd.to_numeric(text.replace("", np.nan)).to_numpy(float)
    return np.where(kind == "man", values * 10000, values)


def _round(values: np.ndarray, kind: np.ndarray) -> np.ndarray:
    out = np.where(np.isin(kind, ("pct", "dec")), np.round(values, 1), np.round(values))
    out = np.where(kind == "man", np.round(values, -4), out)
    out = np.where(kind == "pct", np.clip(out, 0.1, 100.0), out)
    return np.where(np.isin(kind, ("int", "amount", "man")), np.maximum(out, 1), out)


def _year_text(fy: np.ndarray, style: np.ndarray) -> np.ndarray:
    """A fiscal year in one of the ways documents write it, per municipality: R4, 令和4年度, 2022, 2022年度."""
    letter = {y: years.era_label(y).split(" ")[0] for y in range(FIRST_FY, LAST_FY + 1)}
    japanese = {y: years.japanese_label(y) for y in range(FIRST_FY, LAST_FY + 1)}
    table = np.array([[letter[y], japanese[y], str(y), f"{y}年度"] for y in range(FIRST_FY, LAST_FY + 1)], dtype=object)
    return table[fy - FIRST_FY, style]


def _city_plans(munis: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Each municipality's three plan periods (PLAN_PERIODS) and its policy areas."""
    n = len(munis)
    base = rng.integers(0, len(PLAN_BASES), n)
    first_ordinal = rng.integers(2, 6, n)
    area_count = rng.integers(4, 7, n)
    areas = _choose(rng, n, len(AREAS), 6)
    return pd.DataFrame({"city": munis["name"].to_numpy(), "code": munis["code"].to_numpy(), "base": base,
                         "ordinal": first_ordinal, "area_count": area_count, "areas": list(areas)})


def plan_name(base: int, ordinal: int) -> str:
    return f"第{ordinal}次{PLAN_BASES[base][0]}"


def generate(munis: pd.DataFrame, seed_value: int = SEED) -> dict[str, pd.DataFrame]:
    """Every fact table for the given municipalities: typed columns as stored, printed ones for uploads."""
    rng = np.random.default_rng([seed_value, 1])
    cp = _city_plans(munis, rng)
    out = {"plans": _plans(cp), "themes": _themes(cp)}
    out["initiatives"] = _initiatives(cp, np.random.default_rng([seed_value, 2]))
    out["kpi"] = _kpi(cp, out["initiatives"], np.random.default_rng([seed_value, 3]))
    out["effect_amounts"], out["effect_printed_totals"] = _effects(cp, munis, np.random.default_rng([seed_value, 4]))
    out["series"] = _series(cp, munis, np.random.default_rng([seed_value, 5]))
    out["budget"] = _budget(cp, munis, np.random.default_rng([seed_value, 6]))
    return out


def _area_label(i: int, name: str) -> str:
    return f"{_WIDE_DIGITS[i + 1]} {name}"


def _labels(area: np.ndarray, area_pool_index: np.ndarray) -> np.ndarray:
    """_area_label for arrays: position in the plan × index into AREAS, looked up, not formatted per row."""
    table = np.array([[_area_label(i, a) for a, _ in AREAS] for i in range(6)], dtype=object)
    return table[area, area_pool_index]


def _codes(area: np.ndarray, number: np.ndarray) -> np.ndarray:
    """Initiative codes 2-(3) for arrays."""
    table = np.array([[f"{a + 1}-({q + 1})" for q in range(INITIATIVES_PER_PHASE)] for a in range(6)], dtype=object)
    return table[area, number]


def _plans(cp: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for c in cp.itertuples():
        for k, (first, last) in enumerate(PLAN_PERIODS):
            name = plan_name(c.base, c.ordinal + k)
            rows.append({"city": c.city, "plan": name, "plan_type": PLAN_BASES[c.base][1], "parent_plan": None,
                         "period_text": f"{years.japanese_label(first)}～{years.japanese_label(last)}",
                         "period_start_fy": first, "period_end_fy": last, "source": f"{c.code}_{name}.pdf 計画書"})
    return pd.DataFrame(rows)


def _themes(cp: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for c in cp.itertuples():
        for k in range(len(PLAN_PERIODS)):
            for i in range(c.area_count):
                area, theme = AREAS[c.areas[i]]
                rows.append({"city": c.city, "plan": plan_name(c.base, c.ordinal + k),
                             "policy_area": _area_label(i, area), "theme": theme})
    return pd.DataFrame(rows)


def _initiatives(cp: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """32 前期 and 32 後期 initiatives of each municipality's 2020–2024 plan, with the 見直し区分."""
    n, k = len(cp), INITIATIVES_PER_PHASE
    names = np.array(INITIATIVES, dtype=object)[_choose(rng, n, len(INITIATIVES), 2 * k)]
    city = np.repeat(np.arange(n), 2 * k)
    j = np.tile(np.arange(2 * k), n)
    phase_late = j >= k
    i = j % k
    area_count = cp["area_count"].to_numpy()[city]
    area = i % area_count
    pool_index = np.stack(cp["areas"].to_numpy())[city, area]
    strategy_no = (i // area_count) % 3
    review_words = np.array([w for w, _ in REVIEWS], dtype=object)
    review = review_words[rng.choice(len(REVIEWS), len(city), p=[p for _, p in REVIEWS])]
    late_names = names[:, k:]
    successor = np.where(np.isin(review, ("継続", "継続（拡充）")), late_names[city, i],
                         np.where(review == "廃止（取組を集約）", late_names[city, (i + 1) % k], None))
    plans = np.array([plan_name(b, o + 1) for b, o in zip(cp["base"], cp["ordinal"])], dtype=object)
    return pd.DataFrame({
        "city": cp["city"].to_numpy()[city], "plan": plans[city],
        "phase": np.where(phase_late, "後期", "前期"),
        "policy_area": _labels(area, pool_index),
        "strategy": [f"({s + 1}){STRATEGIES[(a * 3 + s) % len(STRATEGIES)]}" for a, s in zip(area, strategy_no)],
        "initiative_code": _codes(area, i // area_count),
        "initiative": names[city, j],
        "department": np.array(DEPARTMENTS, dtype=object)[rng.integers(0, len(DEPARTMENTS), len(city))],
        "review": np.where(phase_late, None, review),
        "successor": np.where(phase_late, None, successor),
        "source": [f"{code}_取組一覧.pdf 取組み整理表" for code in cp["code"].to_numpy()[city]],
    })


def _kpi(cp: pd.DataFrame, initiatives: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """50 indicators × 13 fiscal years per municipality (650 rows), printed and typed."""
    n, s_count = len(cp), INDICATORS_PER_CITY
    years_n = LAST_FY - FIRST_FY + 1
    names = [t[0] + q for q in QUALIFIERS for t in TEMPLATES]
    tmpl_of_name = np.tile(np.arange(len(TEMPLATES)), len(QUALIFIERS))
    pick = _choose(rng, n, len(names), s_count)                      # (n, 50) indicator per slot
    base_u = rng.random((n, s_count))
    dir_blank = rng.random((n, s_count)) < 0.1
    unit_column = rng.random(n) < 0.4                                 # unit in its own column, values bare
    by_mark = rng.random(n) < 0.7                                     # judged by 〇× marks, else evaluation words
    partly_mark = rng.random(n) < 0.5                                 # △ for 90–100 %
    year_style = rng.integers(0, 4, n)
    japanese_direction = rng.random(n) < 0.5

    city = np.repeat(np.arange(n), s_count * years_n)
    slot = np.tile(np.repeat(np.arange(s_count), years_n), n)
    fy = np.tile(np.arange(FIRST_FY, LAST_FY + 1), n * s_count)
    rows = len(city)
    t = tmpl_of_name[pick[city, slot]]
    spec = pd.DataFrame(TEMPLATES, columns=["name", "unit", "kind", "direction", "low", "high", "bound"])
    kind = spec["kind"].to_numpy()[t]
    direction = spec["direction"].to_numpy()[t]
    low, high = spec["low"].to_numpy(float)[t], spec["high"].to_numpy(float)[t]
    base = low + (high - low) * base_u[city, slot]
    step = np.where(direction == "higher", 0.03, -0.02) * (fy - FIRST_FY)
    target = _round(base * (1 + step), kind)
    noise = rng.normal(1.0, 0.08, rows)
    actual = _round(np.where(direction == "lower", target * (2 - noise), target * noise), kind)
    revised = _round(actual * 1.02 + np.where(np.isin(kind, ("pct", "dec")), 0.1, 1), kind)
    words = kind == "words"
    numeric = ~words

    unit = spec["unit"].to_numpy()[t]
    on_value = numeric & ~unit_column[city]
    suffix = np.where(on_value, unit, "").astype(object)
    bound = np.where(spec["bound"].to_numpy()[t] & numeric, np.where(direction == "lower", "le", "ge"), None)
    bound_word = np.where(bound == "le", "以下", np.where(bound == "ge", "以上", ""))
    target_num, actual_num, revised_num = (_fmt(v, kind) for v in (target, actual, revised))
    word_names = spec["name"].to_numpy()[t]
    met = rng.random(rows) < 0.6
    word_target = np.array([WORDS.get(w, ("",))[0] for w in word_names], dtype=object)
    word_actual = np.array([WORDS[w][1 if m else 2] if w in WORDS else "" for w, m in zip(word_names, met)], dtype=object)

    unset = (fy == FIRST_FY) & (rng.random(rows) < 0.05) & numeric
    target_printed = np.where(words, word_target, target_num + suffix + bound_word)
    target_printed = np.where(unset, UNSET_TARGET, target_printed)
    has_actual = fy <= LAST_ACTUAL_FY
    actual_word = np.where(words, word_actual, None)
    actual_printed = np.where(has_actual, np.where(words, word_actual, actual_num + suffix),
                              np.where(fy == LAST_ACTUAL_FY + 1, "-", ""))
    revise = has_actual & numeric & (rng.random(rows) < 0.02)
    revised_printed = np.where(revise, revised_num + suffix, actual_printed)

    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(direction == "lower", target / np.where(actual > 0, actual, np.nan), actual / target)
    achieved = np.where(words, met, ratio >= 1.0)
    partly = ~achieved & ~words & (ratio >= 0.9)
    flip = rng.random(rows) < 0.03                                    # a document's mark against its own figures
    achieved = achieved ^ (flip & ~partly)
    judged = has_actual & ~unset
    mark = np.where(achieved, "〇", np.where(partly & partly_mark[city], "△", "×"))
    mark_printed = np.where(by_mark[city], np.where(judged, mark, np.where(unset, "-", "")), "")
    evaluation = np.where(~by_mark[city] & judged,
                          np.where(achieved, "達成", np.where(partly, "概ね達成", "未達成")), None)

    period_index = np.searchsorted([p[1] for p in PLAN_PERIODS], fy)
    plan = np.array([[plan_name(b, o + k) for k in range(3)] for b, o in zip(cp["base"], cp["ordinal"])],
                    dtype=object)[city, period_index]
    area_count = cp["area_count"].to_numpy()[city]
    initiative_index = slot % INITIATIVES_PER_PHASE
    area = initiative_index % area_count
    pool_index = np.stack(cp["areas"].to_numpy())[city, area]
    initiative_codes = _codes(area, initiative_index // area_count)
    late = initiatives[initiatives["phase"] == "後期"]
    initiative_names = late["initiative"].to_numpy().reshape(n, INITIATIVES_PER_PHASE)[city, initiative_index]
    departments = late["department"].to_numpy().reshape(n, INITIATIVES_PER_PHASE)[city, initiative_index]
    codes = cp["code"].to_numpy()
    year_printed = _year_text(fy, year_style[city])
    direction_printed = np.where(dir_blank[city, slot] | words, "",
                                 np.where(japanese_direction[city],
                                          np.where(direction == "higher", "高いほど良い", "低いほど良い"),
                                          direction))
    indicator = np.array(names, dtype=object)[pick[city, slot]]
    frame = pd.DataFrame({
        "city": cp["city"].to_numpy()[city], "plan": plan, "fiscal_year": fy, "period": None,
        "policy_area": _labels(area, pool_index), "initiative_code": initiative_codes,
        "initiative": initiative_names, "department": departments, "indicator": indicator,
        "unit": np.where(words, None, unit),
        "direction": np.where(direction_printed == "", None, direction),
        "target_value": np.where(numeric & ~unset, _plain(target_num, kind), np.nan),
        "target_bound": np.where(unset, None, bound),
        "target_text": np.where(unset, UNSET_TARGET, np.where(words, word_target, None)),
        "target_printed": target_printed,
        "actual_value": np.where(numeric & has_actual, _plain(actual_num, kind), np.nan),
        "actual_bound": None,
        "actual_text": np.where(has_actual, actual_word, None),
        "actual_printed": np.where(actual_printed == "", None, actual_printed),
        "mark": np.where(mark_printed == "", None, mark_printed),
        "mark_key": np.where(mark_printed == "", None, mark_printed),
        "evaluation": evaluation,
        "source": codes[city] + "_" + fy.astype(str).astype(object) + "実績報告書.pdf " + initiative_codes,
    })
    # what an analyst's file holds beside the stored columns: the year as printed, the unit
    # column (or blank when the unit is on the values), direction words, the revised actual
    frame["fiscal_year_printed"] = year_printed
    frame["unit_printed"] = np.where(unit_column[city] & numeric, unit, "")
    frame["direction_printed"] = direction_printed
    frame["actual_revised_printed"] = revised_printed
    frame["city_index"] = city
    return frame


def _effects(cp: pd.DataFrame, munis: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """改革改善効果額 of each municipality's 2020–2024 plan: a plan-time and a mid-term estimate."""
    rows, totals = [], []
    population = munis.set_index("name")["population"]
    wrong_total = rng.random(len(cp)) < 0.01       # a printed total that does not add up, as documents have
    first, last = PLAN_PERIODS[1]
    for c, bad in zip(cp.itertuples(), wrong_total):
        plan = plan_name(c.base, c.ordinal + 1)
        scale = population[c.city] / 1000 * 40
        base = rng.lognormal(0, 0.6, (c.area_count, last - first + 1)) * scale
        base *= np.where(rng.random(base.shape) < 0.05, -0.3, 1.0)
        area_sums = {}
        for estimate, factor in (("計画策定時", 1.0), ("中間見直し時", None)):
            amounts = np.round(base if factor else base * rng.normal(1.0, 0.15, base.shape)).astype(int)
            for i in range(c.area_count):
                name = AREAS[c.areas[i]][0]
                for y in range(first, last + 1):
                    kind = "計画" if factor else ("実績" if y <= 2022 else "見込み")
                    value = int(amounts[i, y - first])
                    rows.append({"city": c.city, "plan": plan, "estimate": estimate, "policy_area_code": _ROMAN[i],
                                 "policy_area": name, "fiscal_year": y, "value_kind": kind,
                                 "amount_thousand_yen": float(value), "amount_printed": _amount_text(value),
                                 "source": f"{c.code}_{plan}.pdf 改革改善効果額（{estimate}）（単位：千円）"})
            source = f"{c.code}_{plan}.pdf 改革改善効果額（{estimate}）（単位：千円） 合計"
            printed = {("year_total", None, y): amounts[:, y - first].sum() for y in range(first, last + 1)}
            printed |= {("area_total", _ROMAN[i], None): amounts[i].sum() for i in range(c.area_count)}
            printed[("grand_total", None, None)] = amounts.sum()
            if factor is None:
                printed |= {("comparison", _ROMAN[i], None): amounts[i].sum() - area_sums[i] for i in range(c.area_count)}
                printed[("comparison", None, None)] = amounts.sum() - sum(area_sums.values())
            area_sums = {i: amounts[i].sum() for i in range(c.area_count)}
            if bad and factor is None:
                printed[("grand_total", None, None)] += 1000
            for (kind, code, y), value in printed.items():
                totals.append({"city": c.city, "plan": plan, "estimate": estimate, "total_kind": kind,
                               "policy_area_code": code, "fiscal_year": y, "amount_thousand_yen": float(value),
                               "amount_printed": _amount_text(int(value)), "source": source})
    return pd.DataFrame(rows), pd.DataFrame(totals)


def _amount_text(value: int) -> str:
    return f"△{-value:,}" if value < 0 else f"{value:,}"


def _series(cp: pd.DataFrame, munis: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    n, fys = len(cp), np.arange(FIRST_FY, LAST_FY + 1)
    population = munis.set_index("name").loc[cp["city"], "population"].to_numpy()
    frames = []
    for indicator, unit, kind, level in SERIES:
        drift = rng.normal(0, 0.01, n)[:, None] * (fys - FIRST_FY)[None, :]
        noise = rng.normal(1, 0.02, (n, len(fys)))
        if kind == "staff":
            values = np.round(population[:, None] / 1000 * level * (1 + drift) * noise)
            printed = [f"{v:,.0f}人" for v in values.ravel()]
            units = "人"
        elif kind == "budget":
            values = np.round(level * (1 + drift) * noise, 2)
            printed = [f"{v:.2f}" for v in values.ravel()]
            units = unit
        else:
            values = np.round(np.clip(level * (1 + drift) * noise, 0, 100), 1)
            printed = [f"{v:.1f}%" for v in values.ravel()]
            units = "%"
        frames.append(pd.DataFrame({
            "city": np.repeat(cp["city"].to_numpy(), len(fys)), "indicator": indicator,
            "fiscal_year": np.tile(fys, n), "value": [float(p.rstrip("人%").replace(",", "")) for p in printed],
            "value_printed": printed, "unit": units,
            "source": np.repeat([f"{c}_財政状況資料.pdf 統計" for c in cp["code"]], len(fys))}))
    return pd.concat(frames, ignore_index=True)


def _budget(cp: pd.DataFrame, munis: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    n, k = len(cp), len(PROJECTS)
    population = munis.set_index("name").loc[cp["city"], "population"].to_numpy()
    amounts = np.round(population[:, None] / 1000 * rng.lognormal(2, 1, (n, k))).astype(int)
    missing = rng.random((n, k)) < 0.05
    city = np.repeat(np.arange(n), k)
    return pd.DataFrame({
        "city": cp["city"].to_numpy()[city],
        "plan": [plan_name(b, o + 1) for b, o in zip(cp["base"].to_numpy()[city], cp["ordinal"].to_numpy()[city])],
        "fiscal_year": LAST_ACTUAL_FY, "policy_area": None,
        "project_code": [f"{j + 1:03d}" for j in np.tile(np.arange(k), n)],
        "project": np.tile(np.array(PROJECTS, dtype=object), n),
        "department": np.array(DEPARTMENTS[:20], dtype=object)[rng.integers(0, 20, n * k)],
        "amount_thousand_yen": np.where(missing.ravel(), np.nan, amounts.ravel().astype(float)),
        "amount_printed": np.where(missing.ravel(), None, [f"{v:,}" for v in amounts.ravel()]),
        "is_revenue": np.tile(np.arange(k) == k - 1, n),
        "source": np.repeat([f"{c}_予算書.pdf 主な事業" for c in cp["code"]], k),
    })


# What gets written ------------------------------------------------------------------------------

STORED = {   # stored columns per table, as tables.parse leaves them (the rest are printed forms)
    "kpi": ("city", "plan", "fiscal_year", "period", "policy_area", "initiative_code", "initiative", "department",
            "indicator", "unit", "direction", "target_value", "target_bound", "target_text", "target_printed",
            "actual_value", "actual_bound", "actual_text", "actual_printed", "mark", "mark_key", "evaluation",
            "source"),
}
UPLOAD_HEADERS = {   # an analyst's KPI sheet with Japanese headers (aliases in loaders/tables.py)
    "city": "市名", "plan": "計画", "fiscal_year_printed": "年度", "policy_area": "政策分野",
    "initiative_code": "取組番号", "initiative": "取組名", "department": "担当課", "indicator": "成果指標",
    "unit_printed": "単位", "direction_printed": "方向", "target_printed": "目標値",
    "actual_revised_printed": "実績値", "mark": "達成状況", "evaluation": "評価", "source": "出典",
}


def upload_frame(kpi: pd.DataFrame, cities: int) -> pd.DataFrame:
    """The KPI rows of the first `cities` municipalities (by rank) as an analyst's file prints them:
    the same facts as the database holds, 2% of the actuals revised."""
    rows = kpi[kpi["city_index"] < cities]
    return rows[list(UPLOAD_HEADERS)].rename(columns=UPLOAD_HEADERS).fillna("")


def write_uploads(kpi: pd.DataFrame, directory: Path, sizes: dict[str, int]) -> dict[str, Path]:
    """The files the import benchmark reads: {'csv': n cities, 'sjis': …, 'xlsx': …} -> paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for kind, cities in sizes.items():
        rows = cities * ROWS_PER_CITY
        path = directory / f"kpi_{rows}{'_sjis' if kind == 'sjis' else ''}.{'xlsx' if kind == 'xlsx' else 'csv'}"
        paths[kind] = path
        if path.exists():
            continue
        frame = upload_frame(kpi, cities)
        partial = path.with_name(path.name + ".partial")
        if kind == "xlsx":
            _write_xlsx(frame, partial)
        else:
            # Excel's "CSV UTF-8" has a BOM; "CSV" on a Japanese Windows is cp932 (Shift_JIS)
            frame.to_csv(partial, index=False, encoding="utf-8-sig" if kind == "csv" else "cp932",
                         lineterminator="\r\n")
        partial.replace(path)
    return paths


def _write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    # XlsxWriter (a dependency of python-pptx) writes shared strings as Excel does; numbers stay text
    # cells here because the printed forms (1,234件, H27) are text in an analyst's sheet too.
    import xlsxwriter
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                           "strings_to_urls": False})
    sheet = book.add_worksheet("成果指標")
    sheet.write_row(0, 0, list(frame.columns))
    for r, row in enumerate(frame.itertuples(index=False), start=1):
        sheet.write_row(r, 0, row)
    book.close()


def build_database(path: Path, munis: pd.DataFrame, tables: dict[str, pd.DataFrame], cities: int) -> dict[str, int]:
    """A benchmark database: the product's own seed (batch 1) plus the first `cities` generated
    municipalities and their plan data as batch 2, written through the product's writer path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    seed.rebuild(partial)
    chosen = munis[munis["rank"] < cities]
    names = set(chosen["name"])
    counts = {}
    with store.write(partial) as con:
        # The municipalities are listed already (data/municipalities.csv); only the benchmark's
        # invented populations are written, into the benchmark database.
        con.register("bench_people", chosen[["name", "population", "population_date", "population_source"]])
        con.execute("""update municipalities m set population = b.population, population_date = b.population_date,
                              population_source = b.population_source
                       from bench_people b where m.name = b.name""")
        con.unregister("bench_people")
        seed.insert(con, "themes", tables["themes"][tables["themes"]["city"].isin(names)])
        for table in ("plans", "kpi", "effect_amounts", "effect_printed_totals", "initiatives", "budget", "series"):
            frame = tables[table][tables[table]["city"].isin(names)]
            if table in STORED:
                frame = frame[list(STORED[table])]
            counts[table] = seed.insert(con, table, frame, batch_id=2)
        con.execute("insert into batches (batch_id, kind, file_name, row_counts, scopes, loaded_by, loaded_at, note)"
                    " values (2, 'import', 'benchmarks/generate.py', ?, '[]', 'benchmark', ?, ?)",
                    [json.dumps(counts, ensure_ascii=False), dt.datetime.now(),
                     f"ベンチマーク用の生成データ（{cities} 団体、seed {SEED}）"])
    partial.replace(path)
    return counts


def check_against_parser(kpi: pd.DataFrame, sample: int = 3000, seed_value: int = SEED) -> list[str]:
    """Differences between the typed rows and what the product's parser reads from the printed ones."""
    from loaders import tables as long_tables
    rows = kpi.sample(sample, random_state=seed_value) if len(kpi) > sample else kpi
    upload = rows[list(UPLOAD_HEADERS)].rename(columns=UPLOAD_HEADERS).fillna("")
    upload["実績値"] = rows["actual_printed"].fillna("").to_numpy()
    mapping, unknown = long_tables.header_map("kpi", list(upload.columns))
    assert not unknown, unknown
    parsed, errors = long_tables.parse("kpi", upload.rename(columns=mapping), file="sample.csv")
    problems = [str(e) for e in errors[:5]]
    got = pd.DataFrame(parsed)
    for column in STORED["kpi"]:
        if column == "period":
            continue
        mine = rows[column].reset_index(drop=True)
        theirs = got[column] if column in got else pd.Series([None] * len(got))
        same = (mine.isna() & theirs.isna()) | (mine.astype(object) == theirs.astype(object))
        if not same.all():
            i = int(np.flatnonzero(~same.to_numpy())[0])
            problems.append(f"{column}: generated {mine[i]!r}, parser {theirs[i]!r} ({(~same).sum()} rows)")
    return problems
