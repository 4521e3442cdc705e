"""WCAG 2.1 AA contrast of every colour the product draws with, in the app and in the exports.

Text 4.5:1 (1.4.3), marks and lines 3:1 (1.4.11), each against what is behind it: the white
chart background, or the mark a value is written on. Every colour literal in dashboard/ must be
named here with its role, so a new colour cannot slip in untested.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard import deck_export
from dashboard.charts import effects, initiatives, kpi, plan_actual, theme
from dashboard.charts.theme import BACKGROUND, LARGE_TEXT_MIN, MARK_MIN, TEXT_MIN, contrast, ink_on
from dashboard.labels import CITY_COLORS, STATUS_COLORS

ROOT = Path(__file__).resolve().parent.parent


# The W3C's own worked values (WCAG 2.1 Understanding 1.4.3) and the measurements.
@pytest.mark.parametrize(("a", "b", "ratio"), [
    ("#000000", "#ffffff", 21.0),
    ("#ffffff", "#ffffff", 1.0),
    ("#767676", "#ffffff", 4.54),
    ("#ffffff", "#D55E00", 3.87),    # white on vermilion: the 3.9:1
    ("#009E73", "#ffffff", 3.42),    # green labels: 3.4:1
    ("#E69F00", "#ffffff", 2.25),    # orange bars: 2.25:1
])
def test_contrast_ratio_follows_the_wcag_formula(a, b, ratio):
    assert contrast(a, b) == pytest.approx(ratio, abs=0.01)


MARK_FILLS = {
    **{f"city {k}": v for k, v in CITY_COLORS.items()},
    **{f"status {k}": v for k, v in STATUS_COLORS.items()},
    **{f"review {k}": v for k, v in initiatives.REVIEW_COLORS.items()},
    "review other": initiatives.OTHER_REVIEW,
    **{f"measure {k}": v for k, v in initiatives.MEASURE_COLORS.items()},
    **{f"area {i}": v for i, v in enumerate(effects.AREA_PALETTE)},
    **{f"estimate {i}": v for i, v in enumerate(effects.ESTIMATE_PALETTE)},
    "plan line (cumulative)": plan_actual.PLAN_COLOR,
    "latest estimate bars": plan_actual.LATEST_COLOR,
    "kpi target": kpi.TARGET_COLOR,
    "ratio stem": "#8c8c8c",
}


@pytest.mark.parametrize("fill", list(MARK_FILLS.values()), ids=list(MARK_FILLS))
def test_every_mark_colour_stands_out_from_the_background(fill):
    assert contrast(fill, BACKGROUND) >= MARK_MIN


@pytest.mark.parametrize("fill", list(MARK_FILLS.values()), ids=list(MARK_FILLS))
def test_a_value_written_on_a_mark_is_readable(fill):
    assert contrast(ink_on(fill), fill) >= TEXT_MIN


# (text colour, background) of every text the charts and exports write.
TEXT_PAIRS = {
    "chart text": (theme.TEXT, BACKGROUND),
    "chart subtitle": ("#444444", BACKGROUND),
    "comparison muted データなし": ("#555555", "#f0f0f0"),
    "comparison muted on white": ("#555555", BACKGROUND),
    "net and 比較 labels": ("#000000", BACKGROUND),
    "plan line label": (plan_actual.PLAN_INK, BACKGROUND),
    "計画比 note on the 実績 shade": (theme.TEXT, plan_actual.ACTUAL_SHADE),
    "差 labels over the 実績 shade": ("#000000", plan_actual.ACTUAL_SHADE),
    "export text": ("#%02x%02x%02x" % deck_export.TEXT, BACKGROUND),
    "export grey": ("#%02x%02x%02x" % deck_export.GREY, BACKGROUND),
    "export text on panel": ("#%02x%02x%02x" % deck_export.TEXT, "#%02x%02x%02x" % deck_export.PANEL),
    "export grey on panel": ("#%02x%02x%02x" % deck_export.GREY, "#%02x%02x%02x" % deck_export.PANEL),
}


@pytest.mark.parametrize(("ink", "behind"), list(TEXT_PAIRS.values()), ids=list(TEXT_PAIRS))
def test_every_text_colour_reads_on_its_background(ink, behind):
    assert contrast(ink, behind) >= TEXT_MIN


# Outlines that carry a mark's shape where its fill is pale (a 見込み bar at 35 % opacity, the
# white dots of projections): the outline, not the fill, meets 3:1.
OUTLINES = {"effect bar outline": "#333333", "legend symbol outline": "#222222", "zero rule": "#222222"}


@pytest.mark.parametrize("line", list(OUTLINES.values()), ids=list(OUTLINES))
def test_outlines_and_rules_stand_out(line):
    assert contrast(line, BACKGROUND) >= MARK_MIN


# Colours that carry nothing by themselves: backgrounds, grid lines, halos, a legend swatch
# drawn with a dark outline.
DECORATION = {"#ffffff", "#e6e6e6", "#f0f0f0", "#777777", "#111111"}


def test_every_colour_in_the_code_is_checked_here():
    named = {c.lower() for c in [*MARK_FILLS.values(), *OUTLINES.values(), *DECORATION,
                                 *(pair[0] for pair in TEXT_PAIRS.values()),
                                 *(pair[1] for pair in TEXT_PAIRS.values())]}
    found = {"#" + m.lower() for path in (ROOT / "dashboard").rglob("*.py")
             for m in re.findall(r"[\"']#([0-9A-Fa-f]{6})[\"']", path.read_text(encoding="utf-8"))}
    assert found - named == set()


def test_large_text_threshold_is_the_wcag_one():
    assert (TEXT_MIN, LARGE_TEXT_MIN, MARK_MIN) == (4.5, 3.0, 3.0)
