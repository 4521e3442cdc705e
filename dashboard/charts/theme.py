"""What every chart shares: a Japanese font named explicitly, readable sizes, dark text,
colours that meet WCAG 2.1 AA contrast."""
from __future__ import annotations

from contextvars import ContextVar

import altair as alt

# Named, not left to "sans-serif": a renderer picking its own fallback may draw Japanese in a
# Mincho face or as empty boxes (field notes, vl-convert fonts).
FONT = "Noto Sans CJK JP, Noto Sans JP, IPAexGothic, sans-serif"
TEXT = "#222222"
BACKGROUND = "#ffffff"
DARK_INK, LIGHT_INK = "#111111", "#ffffff"

# WCAG 2.1 AA (1.4.3, 1.4.11): text 4.5:1, large text 3:1, marks and lines 3:1 against what is
# behind them. Every colour a chart fills a mark with is ≥ 3:1 on the white background; the
# Okabe–Ito hues are kept, darkened where the original is lighter than that (#E69F00 is 2.25:1,
# #56B4E9 2.31:1, #BBBBBB 1.92:1). Shapes and written values still carry every judgement.
TEXT_MIN, LARGE_TEXT_MIN, MARK_MIN = 4.5, 3.0, 3.0


def _luminance(colour: str) -> float:
    """Relative luminance of #rrggbb (WCAG 2.1, definition of relative luminance)."""
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink_on(fill: str) -> str:
    """The text colour for a value written on a mark of this fill: whichever of near-black and
    white reads better (white on #D55E00 is only 3.9:1, near-black 4.9:1)."""
    return max((DARK_INK, LIGHT_INK), key=lambda ink: contrast(ink, fill))


# Presentation mode (発表モード) draws type for a projector: set per script run by the page frame,
# read here, so every chart builder gets it without a parameter. A ContextVar, because Streamlit
# runs each session's script in its own thread.
presenting: ContextVar[bool] = ContextVar("presenting", default=False)
PRESENT_TITLE, PRESENT_LABEL = 30, 19


def style(chart: alt.TopLevelMixin, *, title_size: int = 18, label_size: int = 13) -> alt.TopLevelMixin:
    """Apply the house look to a finished chart (larger type in presentation mode)."""
    if presenting.get():
        title_size, label_size = max(title_size, PRESENT_TITLE), max(label_size, PRESENT_LABEL)
    # Vega's own ARIA text for axes and legends is English (「X-axis titled …」): turned off, the
    # chart is read by its accessible name and its 表で見る table (chart_export, describe.py). Marks
    # keep theirs, written from the encodings' Japanese titles.
    return (chart
            .configure(font=FONT)
            .configure_title(fontSize=title_size, color=TEXT, anchor="start", subtitleColor="#444444")
            .configure_axis(labelFontSize=label_size, titleFontSize=label_size, labelColor=TEXT,
                            titleColor=TEXT, gridColor="#e6e6e6", aria=False)
            .configure_legend(labelFontSize=label_size, titleFontSize=label_size, labelColor=TEXT,
                              titleColor=TEXT, orient="bottom", aria=False)
            .configure_view(strokeWidth=0))
