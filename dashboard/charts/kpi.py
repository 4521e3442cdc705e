"""KPI推移 charts: an indicator's target and actual, achievement ratios, judgement counts, statistics.

Builders take the small frames of dashboard.queries.kpi and return finished Altair charts; no st.*.
"""
from __future__ import annotations

import unicodedata

import altair as alt
import pandas as pd

from dashboard import format
from dashboard.charts.theme import TEXT, ink_on, presenting, style
from dashboard.labels import CITY_COLORS, NO_CITY, STATUS_COLORS, STATUS_ORDER, STATUS_SHAPES

TARGET, ACTUAL = "目標", "実績"
TARGET_COLOR = "#333333"
LOWER_NOTE = "低いほど良い指標です。目標は上限で、実績が目標以下なら達成です。"
RATIO_CAP = 200.0          # per cent; a ratio above it is drawn at the cap and its figure printed
RATIO_PLOT = 330           # px of the ratio chart's plot at its narrowest (an export 720 px wide)
RATIO_WRAP = 20            # em of an indicator's name per line
BAR_WIDTH = 640            # px of the judgement-count chart
LABEL_FIT_WIDTH = 360      # px of its plot at the narrowest, used to decide which labels fit
# Fit the width to the page, never the height: with "fit" the height would include title and
# legend, and rows would be squeezed until their labels no longer fit.
_FIT_X = alt.AutoSizeParams(type="fit-x", contains="padding")


def _city_color(frame: pd.DataFrame) -> str:
    city = frame["city_label"].iloc[0] if "city_label" in frame and len(frame) else NO_CITY
    return CITY_COLORS.get(city, CITY_COLORS[NO_CITY])


def _unit(frame: pd.DataFrame) -> str:
    units = frame["unit"].dropna().unique() if "unit" in frame else []
    return str(units[0]) if len(units) else ""


def _axis_title(word: str, unit: str) -> str:
    return f"{word}（{unit}）" if unit else word


def _y_axis(title: str, **kw) -> alt.Axis:
    """A y axis whose title reads horizontally above the axis: Japanese turned on its side is hard to read."""
    return alt.Axis(title=title, titleAngle=0, titleAnchor="end", titleAlign="right", titleBaseline="bottom",
                    titleX=-4, titleY=-14, **kw)


def _whole_ticks(points: pd.DataFrame) -> dict:
    """Ticks on whole numbers when every figure is whole (1件, 6,181人): no 0.2件 on the axis."""
    return {"tickMinStep": 1, "format": ",d"} if (points["value"] % 1 == 0).all() else {}


def _title(indicator: str, lower: bool, extra: str = "") -> alt.TitleParams:
    subtitle = [s for s in (extra, LOWER_NOTE if lower else "") if s]
    return alt.TitleParams(indicator, subtitle=subtitle or alt.Undefined)


def _points(history: pd.DataFrame, lower: bool) -> pd.DataFrame:
    """Target and actual in long form: one row per year or period and kind, numbers only."""
    target = TARGET + ("（上限）" if lower else "")
    rows = []
    for row in history.itertuples():
        for kind, value, label in ((target, row.target_value, row.target_label),
                                   (ACTUAL, row.actual_value, row.actual_label)):
            if value is None or pd.isna(value):
                continue
            # The document's own mark rides on the actual's label, so the chart says it in words too.
            judged = kind == ACTUAL and row.status != "not_judged"
            text = f"{label}　資料「{row.judgement}」" if judged else label
            rows.append({
                "year_label": row.year_label, "kind": kind, "value": float(value),
                "dash": "solid" if kind == ACTUAL else "dashed", "value_label": label,
                "text": text, "kind_value": f"{kind} {text}",
                "judgement": row.judgement if kind == ACTUAL else "", "band_note": row.band_note,
            })
    return pd.DataFrame(rows, columns=["year_label", "kind", "value", "dash", "value_label", "text", "kind_value",
                                       "judgement", "band_note"])


def indicator_chart(history: pd.DataFrame) -> alt.TopLevelMixin | None:
    """One indicator's target and actual: lines over several years, a bullet bar for one; None without numbers."""
    lower = (history["direction"] == "lower").any()
    points = _points(history, lower)
    if points.empty:
        return None
    if points["year_label"].nunique() > 1:
        return indicator_lines(history, points, lower)
    return indicator_bullet(history, points, lower)


def _kind_scale(history: pd.DataFrame, lower: bool) -> alt.Scale:
    return alt.Scale(domain=[ACTUAL, TARGET + ("（上限）" if lower else "")],
                     range=[_city_color(history), TARGET_COLOR])


def indicator_lines(history: pd.DataFrame, points: pd.DataFrame, lower: bool) -> alt.TopLevelMixin:
    """Target (dashed) and actual (solid) over fiscal years, each point labelled with the printed figure."""
    unit = _unit(history)
    years = list(dict.fromkeys(history["year_label"]))
    x = alt.X("year_label:N", sort=years, title="年度", axis=alt.Axis(labelAngle=0))
    y = alt.Y("value:Q", axis=_y_axis(_axis_title("値", unit), **_whole_ticks(points)), scale=alt.Scale(zero=True))
    color = alt.Color("kind:N", title="区分", scale=_kind_scale(history, lower))
    kinds = [ACTUAL, TARGET + ("（上限）" if lower else "")]
    # Its own field and domain: a hidden legend on a scale with the same domain as the colour's
    # hides the colour legend too (Vega-Lite merges them).
    dash = alt.StrokeDash("dash:N", legend=None, scale=alt.Scale(domain=["solid", "dashed"], range=[[1, 0], [6, 4]]))
    shape = alt.Shape("kind:N", title="区分", scale=alt.Scale(domain=kinds, range=["circle", "square"]))
    tooltip = [alt.Tooltip("year_label:N", title="年度"), alt.Tooltip("kind:N", title="区分"),
               alt.Tooltip("value_label:N", title="値"), alt.Tooltip("judgement:N", title="資料の判定"),
               alt.Tooltip("band_note:N", title="達成率の帯")]
    base = alt.Chart(points).encode(x=x, y=y, color=color)
    chart = alt.layer(
        base.mark_line(strokeWidth=2.5).encode(strokeDash=dash),
        base.mark_point(filled=True, size=90).encode(shape=shape, tooltip=tooltip),
        # figures in dark text: a city's colour is a mark's colour, too light for text (green 3.4:1)
        base.mark_text(dy=-12, fontSize=13).encode(text="text:N", color=alt.value(TEXT)),
    ).properties(title=_title(history["indicator"].iloc[0], lower, f"{history['city_label'].iloc[0]}　実線: 実績　破線: 目標"),
                 height=320, width="container", autosize=_FIT_X)
    return style(chart)


BULLET_PRESENT_HEIGHT = 220   # px: title, one bar with its figures, the axis, at room sizes


def indicator_bullet(history: pd.DataFrame, points: pd.DataFrame, lower: bool) -> alt.TopLevelMixin:
    """One year: a bar for the actual and a tick for the target, on one axis."""
    unit = _unit(history)
    top = points["value"].max() * 1.25
    x = alt.X("value:Q", title=_axis_title("値", unit), scale=alt.Scale(domain=[0, top]),
              axis=alt.Axis(tickCount=8, **_whole_ticks(points)))
    y = alt.Y("year_label:N", title=None)
    tooltip = [alt.Tooltip("year_label:N", title="年度"), alt.Tooltip("kind:N", title="区分"),
               alt.Tooltip("value_label:N", title="値"), alt.Tooltip("judgement:N", title="資料の判定"),
               alt.Tooltip("band_note:N", title="達成率の帯")]
    color = alt.Color("kind:N", title="区分", scale=_kind_scale(history, lower))
    actual = alt.Chart(points[points["kind"] == ACTUAL]).encode(x=x, y=y, color=color, tooltip=tooltip)
    target = alt.Chart(points[points["kind"] != ACTUAL]).encode(x=x, y=y, color=color, tooltip=tooltip)
    layers = [
        actual.mark_bar(size=34),
        # The actual's figure below the bar and the target's above the tick: close values never collide.
        # A short bar gets its words to the right of its end, a long one to the left.
        actual.mark_text(align=alt.expr(f"datum.value < {top / 2} ? 'left' : 'right'"), dy=30,
                         fontSize=14, fontWeight="bold").encode(
            text="kind_value:N", color=alt.value("#222222")),
        target.mark_tick(thickness=4, size=56),
        target.mark_text(dy=-36, fontSize=13).encode(text="kind_value:N", color=alt.value(TARGET_COLOR)),
    ]
    no_actual = "" if (points["kind"] == ACTUAL).any() else "実績は数値で記載されていません。"
    chart = alt.layer(*layers).properties(
        title=_title(history["indicator"].iloc[0], lower,
                     f"{history['city_label'].iloc[0]}　棒: 実績　縦線: 目標　{no_actual}".strip()),
        height=150, width="container", autosize=_FIT_X,
        # one bar: a screen-high picture in 発表モード would put it below the fold of a 1280×720
        # screen under the page's heading, the first screen an empty plot (chart_export.PRESENT_HEIGHT)
        usermeta={"present_height": BULLET_PRESENT_HEIGHT})
    return style(chart)


def ratio_dots(ratios: pd.DataFrame, floors: tuple[tuple[str, float], ...]) -> alt.TopLevelMixin:
    """Achievement ratio per indicator on one % axis, with the band floors as rules; shape = document's judgement."""
    frame = ratios.copy()
    # The direction goes before the name: a long name is cut at the axis, the note must not be.
    frame["row_label"] = [f"{c}｜" + ("［低いほど良い］" if d == "lower" else "") + f"{i}（{y}）"
                          for c, i, y, d in zip(frame["city_label"], frame["indicator"], frame["year_label"],
                                                frame["direction"])]
    frame["shown"] = frame["ratio_pct"].clip(upper=RATIO_CAP)
    frame["ratio_label"] = [f"{format.percent(r)}　資料「{j}」" + ("　▶" if r > RATIO_CAP else "")
                            for r, j in zip(frame["ratio_pct"], frame["judgement"])]
    frame["formula"] = ["目標 ÷ 実績" if d == "lower" else "実績 ÷ 目標" for d in frame["direction"]]
    # A figure goes right of its dot where it fits in the plot, else left of it (over the stem):
    # never past the chart's edge, whatever the words of the judgement.
    domain = RATIO_CAP + 90
    frame["side"] = ["right" if shown / domain * RATIO_PLOT + _px(label) <= RATIO_PLOT else "left"
                     for shown, label in zip(frame["shown"], frame["ratio_label"])]
    order = list(frame["row_label"])
    # A long name is wrapped onto lines between words, never cut with 「…」.
    lines = {label: ratio_label_lines(label) for label in order}
    y = alt.Y("row_label:N", sort=order, title=None,
              axis=alt.Axis(labelLimit=0, labelExpr=format.label_lookup(lines)))

    def x(field: str) -> alt.X:
        return alt.X(f"{field}:Q", title="達成率（%）", scale=alt.Scale(domain=[0, RATIO_CAP + 90]),
                     axis=alt.Axis(values=list(range(0, int(RATIO_CAP) + 1, 25))))

    cities = [c for c in CITY_COLORS if c in set(frame["city_label"])]
    tooltip = [alt.Tooltip("city_label:N", title="市"), alt.Tooltip("indicator:N", title="成果指標"),
               alt.Tooltip("year_label:N", title="年度"), alt.Tooltip("target_label:N", title="目標"),
               alt.Tooltip("actual_label:N", title="実績"), alt.Tooltip("formula:N", title="達成率の計算"),
               alt.Tooltip("ratio_pct:Q", title="達成率（%）", format=".2f"),
               alt.Tooltip("band:N", title="達成率の帯"), alt.Tooltip("judgement:N", title="資料の判定"),
               alt.Tooltip("status_label:N", title="判定")]
    base = alt.Chart(frame).encode(y=y)
    rules = pd.DataFrame([{"floor": f * 100, "band": f"{name} {f * 100:.0f}%"} for name, f in floors if f > 0])
    # The top floor (達成 100 %) is labelled right of its rule, the others left, so the words never collide.
    rules["align"] = ["left" if i == 0 else "right" for i in range(len(rules))]
    rule_layer = alt.Chart(rules).mark_rule(color="#333333", strokeDash=[4, 3]).encode(
        x=x("floor"), tooltip=[alt.Tooltip("band:N", title="帯の下限")])
    rule_text = [alt.Chart(rules[rules["align"] == side]).mark_text(
        align=side, dx=4 if side == "left" else -4, dy=-4, baseline="bottom", fontSize=12, color="#333333").encode(
        x=x("floor"), y=alt.value(0), text="band:N") for side in ("left", "right")]
    chart = alt.layer(
        rule_layer, *rule_text,
        base.mark_bar(size=3, color="#8c8c8c").encode(x=x("shown"), x2=alt.value(0)),
        base.mark_point(filled=True, size=150, opacity=1).encode(
            x=x("shown"),
            # Two columns each: in one row the two legends ran past the right edge (未達成, 判定なし cut).
            color=alt.Color("city_label:N", title="市", legend=alt.Legend(columns=2),
                            scale=alt.Scale(domain=cities, range=[CITY_COLORS[c] for c in cities])),
            shape=alt.Shape("status_label:N", title="資料の判定", legend=alt.Legend(columns=2),
                            scale=alt.Scale(domain=list(STATUS_ORDER),
                                            range=[STATUS_SHAPES[s] for s in STATUS_ORDER])),
            tooltip=tooltip),
        *[base.mark_text(align="left" if side == "right" else "right", dx=10 if side == "right" else -10,
                         fontSize=12).encode(
            x=x("shown"), text="ratio_label:N", tooltip=tooltip).transform_filter(f"datum.side == '{side}'")
          for side in ("right", "left") if (frame["side"] == side).any()],
    ).properties(
        title=alt.TitleParams("成果指標の達成率（単位の違う指標を同じ物差しで）",
                              subtitle=["達成率 = 実績 ÷ 目標（低いほど良い指標は 目標 ÷ 実績）。100% で目標どおり。",
                                        f"{RATIO_CAP:.0f}% を超える指標は右端に置き、実際の値を ▶ とともに示します。"]),
        # a row per line of its name: 16 px lines on the page, 24 px at 19 px type in a room
        height=alt.Step((24 if presenting.get() else 16) * max(map(len, lines.values())) + 8),
        width="container", autosize=_FIT_X)
    return style(chart)


def _px(text: str, size: int = 12) -> float:
    """Rough drawn width in px of a mark's text: full-width characters one em, others about half."""
    return sum(size if ord(ch) > 0x2000 else size * 0.6 for ch in text) + 14


def ratio_label_lines(label: str) -> list[str]:
    """A ratio row's label drawn: the name on lines of at most RATIO_WRAP em, broken between words,
    then its year (the last 「（…）」) on a line of its own, so no figure is split across lines."""
    cut = label.rfind("（")
    if cut <= 0:
        return format.wrap(label, RATIO_WRAP)
    return [*format.wrap(label[:cut], RATIO_WRAP), label[cut:]]


def _raised(lines: dict[str, list[str]]) -> dict | int:
    """labelOffset raising each label by half a 20 px line for every line past its first."""
    conditions = [{"test": format.label_among(label for label, drawn in lines.items() if len(drawn) == n),
                   "value": -10 * (n - 1)} for n in sorted({len(drawn) for drawn in lines.values()} - {1})]
    return {"condition": conditions, "value": 0} if conditions else 0


# Status in a segment too narrow for its full name: still said in words, never by colour alone.
_SHORT = {"達成": "達", "一部達成": "一部", "未達成": "未", "判定なし": "なし"}


def _segment_label(status: str, n: int, width_px: float, size: float = 13) -> str:
    """The status and its count where they fit the segment at `size` px type, else the count."""
    em = size * 14 / 13
    for words in (status, _SHORT.get(status, status)):
        if width_px >= em * len(words) + em * 8 / 14 * len(str(n)) + 10:
            return f"{words} {n}"
    return f"{n}"


# On a slide (840 px across at 1280×720, 18 px names): a name on one line up to 25 em, a
# longer one on two, so the rows of four groups (13 or so) stand one line apart.
ROOM_NAME_CHARS = 25
ROOM_PLOT = 300            # px of the bars beside 25 characters of names and the 計 figures
ROOM_VALUE_SIZE = 16


def status_bars(counts: pd.DataFrame, group_title: str, room: bool = False) -> alt.TopLevelMixin:
    """Judgement counts per policy area or theme, stacked, every segment labelled with its count.

    room: drawn for a slide, where every row of all four groups must stand apart in 18 px type: the
    names wrap at ROOM_NAME_CHARS, the legend is one line above the bars, and the count axis gives
    way to the figures written on every segment and bar (its words move to the title)."""
    frame = counts.copy()
    frame["rank"] = frame["status_label"].map({s: i for i, s in enumerate(STATUS_ORDER)})
    groups = list(dict.fromkeys(frame["group"]))
    frame = frame.sort_values(["group", "rank"], key=lambda s: s.map(groups.index) if s.name == "group" else s)
    frame["end"] = frame.groupby("group")["n"].cumsum()
    frame["start"] = frame["end"] - frame["n"]
    frame["mid"] = (frame["start"] + frame["end"]) / 2
    widest = frame.groupby("group")["n"].sum().max()
    # Streamlit fits the chart to the page, so the plot can be narrower than BAR_WIDTH; labels are
    # fitted to the narrowest plot (beside 380 px of names at 1280 px), never left to collide.
    px_per = (ROOM_PLOT if room else LABEL_FIT_WIDTH) / max(widest, 1)
    size = ROOM_VALUE_SIZE if room else 13
    frame["label"] = [_segment_label(s, n, n * px_per, size) for s, n in zip(frame["status_label"], frame["n"])]
    frame["text_color"] = [ink_on(STATUS_COLORS[s]) for s in frame["status_label"]]
    totals = frame.groupby("group", sort=False)["n"].sum().reset_index()
    totals["label"] = "計 " + totals["n"].astype(str)
    names = {group: format.wrap(group, ROOM_NAME_CHARS) for group in groups}
    y = alt.Y("group:N", sort=groups, title=None,
              # a name on n lines is raised by half a line for each line past the first, so it is
              # centred on its bar as one line is
              axis=alt.Axis(labelLimit=0, labelExpr=format.label_lookup(names),
                            labelOffset=_raised(names))
              if room else alt.Axis(labelLimit=380))
    axis_title = "件数（指標×年度）"
    tooltip = [alt.Tooltip("group:N", title=group_title), alt.Tooltip("status_label:N", title="判定"),
               alt.Tooltip("n:Q", title="件数（指標×年度）"), alt.Tooltip("documents:N", title="出典")]
    def x(field: str) -> alt.X:
        return alt.X(f"{field}:Q", title=axis_title, scale=alt.Scale(domain=[0, widest * 1.12]),
                     # a count: 0, 1, 2 …, never 0.0, 0.5
                     axis=None if room else alt.Axis(tickMinStep=1, format="d"))

    base = alt.Chart(frame).encode(y=y)
    chart = alt.layer(
        base.mark_bar(height={"band": 0.7}).encode(
            x=x("start"), x2="end:Q",
            color=alt.Color("status_label:N", title=None if room else "判定",
                            scale=alt.Scale(domain=list(STATUS_ORDER),
                                            range=[STATUS_COLORS[s] for s in STATUS_ORDER]),
                            legend=alt.Legend(orient="top", direction="horizontal", columns=len(STATUS_ORDER))
                            if room else alt.Undefined),
            tooltip=tooltip),
        base.mark_text(fontSize=size, fontWeight="bold").encode(
            x=x("mid"), text="label:N", color=alt.Color("text_color:N", scale=None), tooltip=tooltip),
        alt.Chart(totals).mark_text(align="left", dx=6, fontSize=13).encode(y=y, x=x("n"), text="label:N"),
    ).properties(title=f"{group_title}ごとの判定の{axis_title}" if room
                 else f"{group_title}ごとの判定（達成・一部達成・未達成・判定なし）の件数",
                 height=alt.Step(34), width=BAR_WIDTH)
    return style(chart)


def series_line(data: pd.DataFrame) -> alt.TopLevelMixin | None:
    """A statistic over fiscal years (numbers only), each point labelled as printed; None without numbers."""
    numbers = data[data["value"].notna()]
    if numbers.empty:
        return None
    unit = _unit(numbers)
    name = numbers["indicator"].iloc[0]
    years = list(dict.fromkeys(numbers["year_label"]))
    # Many years read on two lines (H23 / (2011)): on one they ran into each other.
    x = alt.X("year_label:N", sort=years, title="年度",
              axis=alt.Axis(labelAngle=0, labelExpr="split(datum.label, ' ')" if len(years) > 5 else "datum.label"))
    # A statistic's line need not start at zero (its change is the point); each point carries its figure.
    y = alt.Y("value:Q", axis=_y_axis(_axis_title("値", unit)), scale=alt.Scale(zero=False, padding=20))
    cities = [c for c in CITY_COLORS if c in set(numbers["city_label"])]
    color = alt.Color("city_label:N", title="市",
                      scale=alt.Scale(domain=cities, range=[CITY_COLORS[c] for c in cities]))
    label = numbers.assign(value_label=[p if unit == "" or _fold(unit) in _fold(p) else f"{p}{unit}"
                                        for p in numbers["value_printed"].fillna("")])
    tooltip = [alt.Tooltip("city_label:N", title="市"), alt.Tooltip("year_label:N", title="年度"),
               alt.Tooltip("value_label:N", title="値（資料の表記）"),
               alt.Tooltip("value:Q", title=_axis_title("値", unit), format=",")]
    base = alt.Chart(label).encode(x=x, y=y, color=color, tooltip=tooltip)
    marks = [base.mark_line(strokeWidth=2.5), base.mark_point(filled=True, size=80)] if len(years) > 1 \
        else [base.mark_bar(size=40)]
    chart = alt.layer(*marks, base.mark_text(dy=-12, fontSize=12).encode(text="value_label:N", color=alt.value(TEXT))) \
        .properties(title=alt.TitleParams(name, subtitle=f"{numbers['city_label'].iloc[0]}　数値で記載された年度のみ"
                                      "　縦軸は 0 から始まりません（各点に値を表示）"),
                    height=300, width="container", autosize=_FIT_X)
    return style(chart)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text)).lower()
