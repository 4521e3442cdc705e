"""What every chart shares: a Japanese font named explicitly, readable sizes, dark text."""
from __future__ import annotations

from contextvars import ContextVar

import altair as alt

# Named, not left to "sans-serif": a renderer picking its own fallback may draw Japanese in a
# Mincho face or as empty boxes (field notes, vl-convert fonts).
FONT = "Noto Sans CJK JP, Noto Sans JP, IPAexGothic, sans-serif"
TEXT = "#222222"


# Presentation mode (発表モード) draws type for a projector: set per script run by the page frame,
# read here, so every chart builder gets it without a parameter. A ContextVar, because Streamlit
# runs each session's script in its own thread.
presenting: ContextVar[bool] = ContextVar("presenting", default=False)
PRESENT_TITLE, PRESENT_LABEL = 30, 19


def style(chart: alt.TopLevelMixin, *, title_size: int = 18, label_size: int = 13) -> alt.TopLevelMixin:
    """Apply the house look to a finished chart (larger type in presentation mode)."""
    if presenting.get():
        title_size, label_size = max(title_size, PRESENT_TITLE), max(label_size, PRESENT_LABEL)
    return (chart
            .configure(font=FONT)
            .configure_title(fontSize=title_size, color=TEXT, anchor="start", subtitleColor="#444444")
            .configure_axis(labelFontSize=label_size, titleFontSize=label_size, labelColor=TEXT,
                            titleColor=TEXT, gridColor="#e6e6e6")
            .configure_legend(labelFontSize=label_size, titleFontSize=label_size, labelColor=TEXT,
                              titleColor=TEXT, orient="bottom")
            .configure_view(strokeWidth=0))
