"""Sidebar filters kept in the URL, so a view can be bookmarked and sent to a colleague.

Every widget is bound to a query parameter named after its key (Streamlit's
`bind="query-params"`): opening the URL restores the view; an invalid value falls back to the
default. Keys are short English words, the same on every page that shares a filter.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from dashboard import format
from dashboard.labels import UNITS


def choice(label: str, options: Sequence, key: str, *, index: int = 0,
           format_func: Callable = str, help: str | None = None):
    """One value from a list."""
    if len(options) == 0:
        return None
    return st.sidebar.selectbox(label, list(options), index=index, key=key, format_func=format_func,
                                bind="query-params", help=help)


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
    """千円 / 百万円 / 億円: one switch for axes, labels and tables together."""
    return st.sidebar.radio("金額の単位", list(UNITS), key=key, horizontal=True, bind="query-params")
