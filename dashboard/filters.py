"""Sidebar filters kept in the URL, so a view can be bookmarked and sent to a colleague.

Every widget is bound to a query parameter named after its key (Streamlit's
`bind="query-params"`): opening the URL restores the view; an invalid value falls back to the
default. Keys are short English words, the same on every page that shares a filter.

A one-value filter whose default comes from the data (the plan, the estimate) writes its resolved
value into the URL on the first run, so a copied or bookmarked URL names the same view tomorrow
when an upload brings a plan that sorts first. Streamlit leaves a bound widget's default out of the
URL (and refuses st.query_params for it), so these widgets are not bound: they read their value
from the URL on a session's first run and write the value in effect back each run.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st
from streamlit.runtime.state.session_state_proxy import get_session_state

from dashboard import format, line_breaks
from dashboard.labels import UNITS

# One URL key per filter, the same on every page that has the filter (issue #14). The spellings
# pages used before (KPI推移's `dept`, 都市比較's `cities`) and the keys a slide stores its filters
# under (`departments`, `search` …) are read as aliases: a bookmarked old URL, or one built from a
# slide's filters, opens the same view, and the URL then shows the one key.
ALIASES = {"cities": "city", "plans": "plan", "themes": "theme", "areas": "area", "dept": "department",
           "departments": "department", "statuses": "status", "reviews": "review", "search": "q"}


def from_params(params: Mapping[str, str | Sequence[str]]) -> dict[str, list[str]]:
    """URL parameters under the one key of each filter, an alias's values joined to the key's
    (in order, each value once)."""
    merged: dict[str, list[str]] = {}
    for key, values in params.items():
        values = [values] if isinstance(values, str) else list(values)
        key = ALIASES.get(key, key)
        merged[key] = list(dict.fromkeys([*merged.get(key, []), *values]))
    return merged


def to_params(values: Mapping[str, str | Sequence[str]]) -> dict[str, list[str]]:
    """Filter values as URL parameters under the one key each: what a page writes."""
    return {key: v for key, v in from_params({k: v for k, v in values.items() if v is not None}).items()
            if any(item not in (None, "") for item in v)}


def adopt_aliases() -> None:
    """Rewrite an old spelling in this URL to the one key before any widget reads the URL (each
    page's frame calls it first)."""
    if not any(key in ALIASES for key in st.query_params):
        return
    st.query_params.from_dict(from_params({key: st.query_params.get_all(key) for key in st.query_params}))
    # A bound widget seeds itself from the URL the session opened with, not from st.query_params:
    # that snapshot is taken again from the rewritten URL (the call Streamlit makes itself after a
    # page switch; Streamlit 1.67, pinned in requirements.txt).
    with get_session_state().query_params() as params:
        params.set_initial_query_params_from_current()


def _url_index(key: str, options: list, index: int, format_func: Callable) -> int:
    """The option the URL names (as the widget shows it), else the one this session last showed
    under the key, else `index`."""
    shown = [str(format_func(o)) for o in options]
    for wanted in (st.query_params.get(key), st.session_state.get(_SEEN + key)):
        if wanted in shown:
            return shown.index(wanted)
    return index


# The value a session last showed per key, apart from the widget's own state, which Streamlit
# drops once a page without the widget runs: the sidebar's page links carry no query parameters,
# so without it a visit to another page and back reopened on the default, and after an upload on
# whatever plan the default now picks (issue #16).
_SEEN = "filters.seen:"


def _pin(key: str, value, format_func: Callable) -> None:
    """Write the value in effect into the URL, the default included, and remember it for the session."""
    if value is None:
        return
    st.session_state[_SEEN + key] = str(format_func(value))
    if st.query_params.get(key) != str(format_func(value)):
        st.query_params[key] = str(format_func(value))


def keep(key: str, value, format_func: Callable = str) -> None:
    """A value the page resolved without a widget (the only choice there is), written into the URL
    like a widget's: the day a second choice appears, the bookmarked view still names this one."""
    _pin(key, value, format_func)


def choice(label: str, options: Sequence, key: str, *, index: int = 0,
           format_func: Callable = str, help: str | None = None, sidebar: bool = True):
    """One value from a list; the value in effect, the default included, is written into the URL."""
    options = list(options)
    if len(options) == 0:
        return None
    where = st.sidebar if sidebar else st
    value = where.selectbox(label, options, index=_url_index(key, options, index, format_func), key=key,
                            format_func=format_func, help=help)
    # a value longer than its box is cut there (「行革推進プラン（市名記載な」): written whole beneath
    if line_breaks.em_width(shown := str(format_func(value))) > (SIDEBAR_BOX_EM if sidebar else MAIN_BOX_EM):
        where.caption(format.inert(shown))
    _pin(key, value, format_func)
    return value


# How many ems a selectbox shows at 1280 px before it cuts: the sidebar's box, the main column's.
SIDEBAR_BOX_EM, MAIN_BOX_EM = 13.5, 50


def choices(label: str, options: Sequence, key: str, *, default: Sequence | None = None,
            format_func: Callable = str, placeholder: str = "すべて"):
    """Any number of values from a list; an empty selection means every value."""
    return st.sidebar.multiselect(label, list(options), default=list(default or []), key=key,
                                  format_func=format_func, bind="query-params", placeholder=placeholder)


def text(label: str, key: str, *, placeholder: str = "") -> str:
    """Free text, e.g. a search in indicator names."""
    return st.sidebar.text_input(label, key=key, bind="query-params", placeholder=placeholder).strip()


def year_range(label: str, years: Sequence[int], key: str) -> tuple[int, int] | None:
    """A range of fiscal years, shown as R4 (2022)."""
    years = sorted({int(y) for y in years})
    if not years:
        return None
    if len(years) == 1:
        return years[0], years[0]
    low, high = st.sidebar.select_slider(label, options=years, value=(years[0], years[-1]), key=key,
                                         format_func=format.fiscal_year, bind="query-params")
    return int(low), int(high)


def unit(key: str = "unit") -> str:
    """千円 / 百万円 / 億円: one switch for axes, labels and tables together; written into the URL."""
    value = st.sidebar.radio("金額の単位", list(UNITS), index=_url_index(key, list(UNITS), 0, str), key=key,
                             horizontal=True)
    _pin(key, value, str)
    return value
