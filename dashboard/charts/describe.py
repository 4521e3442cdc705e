"""A chart's text alternative, read from the Vega-Lite spec it is drawn from: no figure typed twice.

`summary(spec)` is the accessible name (WCAG 1.1.1): the title and the figures the chart writes on
itself, e.g. 「政策分野別・年度別の効果額（…）。R4 (2022) 計 △15,673 千円、…」. `table(spec)` is
the same data as the rows and columns of the chart's tooltip, for the 「表で見る」 view. Both read
the spec's own datasets, so they can only say what the chart draws.
"""
from __future__ import annotations

import pandas as pd

SHOWN = 12            # figures named in a summary; past them 「ほか N 件」


def _title(spec: dict) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = "".join(title)
    if title:
        return str(title)
    for child in [*spec.get("layer", []), *([spec["spec"]] if "spec" in spec else [])]:
        if found := _title(child):
            return found
    return "図"


def _units(spec: dict, data=None, encoding=None, facet=None):
    """Every single-mark view with the data, encoding and facet fields it inherits."""
    data = spec.get("data", data)
    encoding = {**(encoding or {}), **spec.get("encoding", {})}
    facet = list(facet or [])
    for channel in ("row", "column", "facet"):
        field = spec.get("facet", {}).get(channel, {}).get("field") if isinstance(spec.get("facet"), dict) else None
        if field:
            facet.append(field)
    if "field" in spec.get("facet", {}):
        facet.append(spec["facet"]["field"])
    if "mark" in spec:
        yield spec, data, encoding, facet, spec.get("transform", [])
    for child in spec.get("layer", []):
        for unit, d, e, f, t in _units(child, data, encoding, facet):
            yield unit, d, e, f, [*spec.get("transform", []), *t]
    if "spec" in spec:
        for unit, d, e, f, t in _units(spec["spec"], data, encoding, facet):
            yield unit, d, e, f, [*spec.get("transform", []), *t]


def _rows(spec: dict, data, transforms) -> pd.DataFrame:
    rows = pd.DataFrame(spec.get("datasets", {}).get((data or {}).get("name"), []))
    for step in transforms:
        if "fold" in step:            # the departments chart folds two counts into one column
            key, value = step.get("as", ["key", "value"])
            rows = rows.melt(id_vars=[c for c in rows.columns if c not in step["fold"]],
                             value_vars=step["fold"], var_name=key, value_name=value)
    return rows


def _mark(unit: dict) -> str:
    mark = unit["mark"]
    return mark.get("type") if isinstance(mark, dict) else mark


def _field(channel) -> str | None:
    return channel.get("field") if isinstance(channel, dict) else None


def table(spec: dict) -> pd.DataFrame:
    """The chart's figures as a table: the rows of its data with its tooltip's columns and titles."""
    for unit, data, encoding, _facet, transforms in _units(spec):
        tooltip = encoding.get("tooltip")
        if not isinstance(tooltip, list) or not tooltip:
            continue
        rows = _rows(spec, data, transforms)
        columns = {t["field"]: t.get("title", t["field"]) for t in tooltip
                   if isinstance(t, dict) and t.get("field") in rows.columns}
        if rows.empty or not columns:
            continue
        return rows[list(columns)].rename(columns=columns).drop_duplicates().reset_index(drop=True)
    return pd.DataFrame()


def _written(spec: dict) -> list[str]:
    """The figures the chart writes on itself, each with what it belongs to (the fewest of them:
    the totals rather than every segment)."""
    best: list[str] | None = None
    for unit, data, encoding, facet, transforms in _units(spec):
        text = _field(encoding.get("text"))
        if _mark(unit) != "text" or not text:
            continue
        rows = _rows(spec, data, transforms)
        if text not in rows.columns:
            continue
        keys = [f for f in (*facet, *(_field(encoding.get(c)) for c in ("y", "x")))
                if f and f in rows.columns and not pd.api.types.is_numeric_dtype(rows[f])]
        items = list(dict.fromkeys(
            " ".join(str(v) for v in [*(row[k] for k in keys), row[text]] if pd.notna(v) and str(v))
            for _, row in rows.iterrows()))
        # one lone text is a note (a band's name), not the chart's figures
        if len(items) > 1 and (best is None or len(items) < len(best)):
            best = items
    return best or []


def summary(spec: dict) -> str:
    """What the chart shows and its key figures, in one sentence for a screen reader."""
    items = _written(spec)
    if not items:
        frame = table(spec)
        items = ["・".join(f"{column} {value}" for column, value in row.items() if pd.notna(value))
                 for _, row in frame.head(SHOWN + 1).iterrows()]
        rest = max(len(frame) - SHOWN, 0)
    else:
        rest = max(len(items) - SHOWN, 0)
    shown = "、".join(items[:SHOWN]) + (f"、ほか {rest:,} 件" if rest else "")
    return f"{_title(spec)}。{shown}" if shown else _title(spec)
