"""KPI推移 chart builders, checked as Vega-Lite dicts built from the seed database."""
from __future__ import annotations

import pytest

from dashboard.charts import kpi as charts
from dashboard.labels import CITY_COLORS, STATUS_COLORS, STATUS_ORDER, STATUS_SHAPES
from dashboard.queries import kpi as q

FURUSATO = "厚木市｜市外在住者からのあつぎ元気応援寄附金（ふるさと納税）の額"


@pytest.fixture(autouse=True)
def _seed(app_db):
    return app_db


def _marks(spec: dict) -> list[str]:
    return [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]]


def _values(spec: dict, layer: int) -> list[dict]:
    data = spec["layer"][layer].get("data") or spec["data"]
    return spec["datasets"][data["name"]]


def _all_values(spec: dict) -> list[dict]:
    return [row for rows in spec["datasets"].values() for row in rows]


def _history(label: str):
    return q.indicator_history(label, q.Filter())


def test_several_years_draw_target_dashed_and_actual_solid_lines_with_points():
    spec = charts.indicator_chart(_history("相模原市｜放棄呼率")).to_dict()
    assert _marks(spec) == ["line", "point", "text"]
    line = spec["layer"][0]["encoding"]
    assert line["strokeDash"]["scale"]["range"] == [[1, 0], [6, 4]]
    assert line["x"]["sort"] == ["H24 (2012)", "H25 (2013)"]
    rows = {(r["year_label"], r["kind"]): (r["value"], r["text"]) for r in _all_values(spec)}
    # 004, 4-4: 10%以下 (H24) → 8%(委託契約の数値)以下 (H25); H24 actual 5.6%, 目標を達成
    assert rows == {("H24 (2012)", "目標（上限）"): (10, "10%以下"), ("H25 (2013)", "目標（上限）"): (8, "8%(委託契約の数値)以下"),
                    ("H24 (2012)", "実績"): (5.6, "5.6%　資料「目標を達成」")}
    assert spec["layer"][2]["encoding"]["text"]["field"] == "text"


def test_lower_is_better_says_the_target_is_a_ceiling():
    spec = charts.indicator_chart(_history("相模原市｜長期病気休業職員の割合")).to_dict()
    assert charts.LOWER_NOTE in spec["title"]["subtitle"]
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == ["実績", "目標（上限）"]
    higher = charts.indicator_chart(_history(FURUSATO)).to_dict()
    assert charts.LOWER_NOTE not in higher["title"].get("subtitle", [])


def test_one_year_is_a_bullet_bar_for_actual_and_a_tick_for_target():
    spec = charts.indicator_chart(_history(FURUSATO)).to_dict()
    assert _marks(spec) == ["bar", "text", "tick", "text"]
    assert "line" not in _marks(spec)
    assert [r["value"] for r in _values(spec, 0)] == [795]              # 000: 実績 795千円
    assert [r["value"] for r in _values(spec, 2)] == [1000]             # 000: 目標 1,000千円
    assert [r["kind_value"] for r in _values(spec, 1)] == ["実績 795千円　資料「×」"]
    assert [r["kind_value"] for r in _values(spec, 3)] == ["目標 1,000千円"]
    assert spec["layer"][0]["encoding"]["x"]["title"] == "値（千円）"
    assert spec["layer"][0]["encoding"]["color"]["scale"]["range"][0] == CITY_COLORS["厚木市"]


def test_an_axis_of_whole_figures_has_whole_ticks_and_one_with_decimals_keeps_them():
    # 000 中心市街地の再配置計画の実施件数: 目標 1件, 実績 1件 -> no 0.2件 on the axis
    counts = charts.indicator_chart(_history("厚木市｜中心市街地の再配置計画の実施件数")).to_dict()
    axis = counts["layer"][0]["encoding"]["x"]["axis"]
    assert (axis["tickMinStep"], axis["format"]) == (1, ",d")
    # 004 放棄呼率 10%以下 / 8%以下 / 5.6%: a decimal figure, the axis keeps its decimals
    rates = charts.indicator_chart(_history("相模原市｜放棄呼率")).to_dict()
    assert "tickMinStep" not in rates["layer"][0]["encoding"]["y"]["axis"]


def test_an_indicator_in_words_has_no_chart():
    assert charts.indicator_chart(_history("厚木市｜プライマリーバランスの黒字")) is None


def test_target_only_bullet_says_the_actual_is_not_a_number():
    spec = charts.indicator_chart(_history("厚木市｜人材バンク登録率")).to_dict()
    assert "実績は数値で記載されていません。" in spec["title"]["subtitle"][0]
    assert [r["value"] for r in _values(spec, 2)] == [20]               # 002, 7-1: 人材バンク登録率 20％


def test_a_target_with_a_parenthetical_is_drawn_by_its_main_figure_labelled_as_printed():
    # 002, 7-1 アウトカム② 「25人（各部に１人）」 and 7-2 アウトカム② 「50人」 (issue #15)
    spec = charts.indicator_chart(_history("厚木市｜アクションプラン協力者数")).to_dict()
    rows = [r for r in _all_values(spec) if r.get("value") is not None]
    assert sorted({(r["value"], r["value_label"]) for r in rows}) == [(25, "25人（各部に１人）"), (50, "50人")]


def test_ratio_chart_has_band_rules_city_colours_and_status_shapes():
    spec = charts.ratio_dots(q.ratios(q.Filter()), q.band_floors()).to_dict()
    # the figures in two layers: right of a dot where they fit, left of it where they would pass the edge
    assert _marks(spec) == ["rule", "text", "text", "bar", "point", "text", "text"]
    assert sorted(r["floor"] for r in _values(spec, 0)) == [90, 100]
    point = spec["layer"][4]["encoding"]
    assert point["shape"]["scale"] == {"domain": list(STATUS_ORDER), "range": [STATUS_SHAPES[s] for s in STATUS_ORDER]}
    assert dict(zip(point["color"]["scale"]["domain"], point["color"]["scale"]["range"])) == {
        c: CITY_COLORS[c] for c in ("厚木市", "相模原市", "市名記載なし")}
    assert point["x"]["title"] == "達成率（%）"
    assert {t["title"] for t in point["tooltip"]} >= {"目標", "実績", "達成率（%）", "資料の判定", "達成率の帯"}


def test_ratio_chart_labels_each_indicator_with_its_ratio_and_document_mark():
    rows = {r["indicator"]: r for r in _values(charts.ratio_dots(q.ratios(q.Filter()), q.band_floors()).to_dict(), 3)}
    assert rows["女性管理職の割合"]["ratio_label"] == "94.4%　資料「×」"
    assert rows["職場研修の実施件数"]["ratio_label"] == "97.8%　資料「概ね達成」"
    assert rows["職場研修の実施件数"]["status_label"] == "一部達成"
    # 000: 公開したデータセット数 10件 → 117件 = 1,170 %, drawn at the cap with its figure
    assert rows["公開したデータセット数（累計）"]["shown"] == charts.RATIO_CAP
    assert rows["公開したデータセット数（累計）"]["ratio_label"] == "1,170.0%　資料「〇」　▶"   # with the thousands comma every figure has
    assert rows["放棄呼率"]["formula"] == "目標 ÷ 実績"
    assert rows["放棄呼率"]["row_label"] == "相模原市｜［低いほど良い］放棄呼率（H24 (2012)）"


def test_status_bars_are_stacked_and_every_segment_carries_its_count():
    spec = charts.status_bars(q.status_counts(q.Filter(cities=("厚木市",), years=(2015, 2015),
                                                        year_span=(2011, 2021)), "policy_area"), "政策分野").to_dict()
    assert _marks(spec) == ["bar", "text", "text"]
    color = spec["layer"][0]["encoding"]["color"]["scale"]
    assert color == {"domain": list(STATUS_ORDER), "range": [STATUS_COLORS[s] for s in STATUS_ORDER]}
    segments = {(r["group"], r["status_label"]): (r["start"], r["end"], r["label"]) for r in _values(spec, 0)}
    # 000, ２ 強い財政をつくる: 〇 7, × 1, - 3
    area = "２ 強い財政をつくる（厚木市）"
    assert segments[(area, "達成")] == (0, 7, "達成 7")
    assert segments[(area, "未達成")] == (7, 8, "未 1")             # too narrow for 未達成: still in words
    assert segments[(area, "判定なし")][:2] == (8, 11)
    assert {r["label"] for r in _values(spec, 2)} == {"計 8", "計 11", "計 9"}
    assert spec["layer"][0]["encoding"]["x"]["title"] == "件数（指標×年度）"
    assert spec["title"].startswith("政策分野ごとの判定")


def test_series_line_draws_numbers_with_their_unit():
    data = q.series("厚木市｜職員一人当たりの予算額（億円）", q.Filter())
    spec = charts.series_line(data).to_dict()
    assert _marks(spec) == ["line", "point", "text"]
    rows = _all_values(spec)
    assert len(rows) == 11 and rows[0]["value_label"] == "0.63億円"
    assert spec["layer"][0]["encoding"]["y"]["axis"]["title"] == "値（億円）"
    assert spec["layer"][0]["encoding"]["x"]["sort"][0] == "H23 (2011)"


def test_series_in_words_has_no_chart():
    assert charts.series_line(q.series("厚木市｜予算（特別会計含む）", q.Filter())) is None


@pytest.mark.parametrize("build", [
    lambda: charts.indicator_chart(_history("相模原市｜放棄呼率")),
    lambda: charts.indicator_chart(_history(FURUSATO)),
    lambda: charts.ratio_dots(q.ratios(q.Filter()), q.band_floors()),
    lambda: charts.status_bars(q.status_counts(q.Filter(), "theme"), "共通テーマ"),
    lambda: charts.series_line(q.series("厚木市｜自治会加入率（%）", q.Filter())),
])
def test_every_chart_has_a_title_axis_titles_a_tooltip_and_the_house_font(build):
    spec = build().to_dict()
    assert spec["title"]
    assert "Noto Sans CJK JP" in spec["config"]["font"]
    encodings = [layer["encoding"] for layer in spec["layer"]]
    assert any("tooltip" in e for e in encodings)
    for axis in ("x", "y"):
        titled = [e[axis] for e in encodings if axis in e and e[axis].get("type") == "quantitative"]
        for channel in titled:
            assert channel.get("title") or channel.get("axis", {}).get("title"), (axis, channel)


def test_an_approximate_statistic_is_labelled_with_its_約():
    # 002, 5-4: 「予算約 1,273 億円」「約 1,522 億円」 drawn by number, labelled as printed (issue #15)
    spec = charts.series_line(q.series("厚木市｜予算（特別会計含む）（億円）", q.Filter())).to_dict()
    assert sorted((r["value"], r["value_label"]) for r in _all_values(spec)) == [
        (1273, "約1,273億円"), (1522, "約1,522億円")]
