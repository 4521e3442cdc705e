"""Printed totals of an upload checked by the one rule the database keeps (v_effect_total_checks
in schema.sql), on a scratch copy holding what the plan will hold once the file is committed.

The importer's preview, `loaders check` and the 効果額 page read the same view, so a file the
preview accepts passes `check` and draws the same agreement on the page (issue #12).
"""
from __future__ import annotations

import threading

import duckdb
import pandas as pd

from loaders import seed, store

_KEY = ["city", "plan", "estimate"]


def checks_after(con: duckdb.DuckDBPyConnection, amounts: pd.DataFrame | None,
                 totals: pd.DataFrame) -> pd.DataFrame:
    """v_effect_total_checks of every plan the file touches, as it will read after the commit:
    the file's amounts and printed totals in place of the same estimates' current rows, beside
    the plan's other estimates as the database holds them. Location columns (`_row` …) of the
    file's totals are kept on its rows."""
    amounts = amounts if amounts is not None else pd.DataFrame(columns=[*_KEY, "amount_thousand_yen"])
    incoming = pd.concat([amounts[_KEY], totals[_KEY]] if len(totals) else [amounts[_KEY]],
                         ignore_index=True).drop_duplicates()
    if incoming.empty:
        return pd.DataFrame()
    incoming = incoming.astype(object).where(incoming.notna(), None).replace({"": None})
    scratch = _scratch().cursor()
    scratch.execute("begin")  # rolled back below: the scratch database stays empty for the next file
    try:
        con.register("incoming_frame", incoming)
        try:
            # an all-None column registers as no type: every key is text
            con.execute("""create or replace temp view incoming_estimates as
                           select cast(city as varchar) as city, cast(plan as varchar) as plan,
                                  cast(estimate as varchar) as estimate from incoming_frame""")
            for table in ("effect_amounts", "effect_printed_totals"):
                # the plan's other estimates, as they stay
                kept = con.execute(f"""
                    select t.* from {table} t
                    where t.retired_by is null
                      and exists (select 1 from incoming_estimates i
                                  where i.plan = t.plan and i.city is not distinct from t.city)
                      and not exists (select 1 from incoming_estimates i
                                      where i.plan = t.plan and i.city is not distinct from t.city
                                        and i.estimate is not distinct from t.estimate)""").df()
                scratch.register("kept", kept)
                scratch.execute(f"insert into {table} select * from kept")
                scratch.unregister("kept")
            known = con.execute("select * from known_discrepancies").df()
            scratch.register("known", known)
            scratch.execute("insert into known_discrepancies select * from known")
            scratch.unregister("known")
        finally:
            con.unregister("incoming_frame")
        seed.insert(scratch, "effect_amounts", stored(amounts), batch_id=0)
        location = [c for c in totals.columns if c.startswith("_")]
        seed.insert(scratch, "effect_printed_totals", stored(totals), batch_id=0)
        plans = incoming[["city", "plan"]].drop_duplicates()
        scratch.register("touched_frame", plans)
        scratch.execute("""create temp view touched as select cast(city as varchar) as city,
                           cast(plan as varchar) as plan from touched_frame""")
        checks = scratch.execute("""
            select c.*, k.check_name is not null as known
            from v_effect_total_checks c
            left join (select distinct check_name, city, plan, item from known_discrepancies) k
                   on k.check_name = c.check_name and k.city is not distinct from c.city
                  and k.plan = c.plan and k.item = c.item
            where exists (select 1 from touched t where t.plan = c.plan and t.city is not distinct from c.city)
            order by c.plan, c.estimate_no, c.total_kind, c.item""").df()
    finally:
        scratch.execute("rollback")
        scratch.close()
    if location and len(checks):
        key = ["city", "plan", "estimate", "total_kind", "policy_area_code", "fiscal_year"]
        mine = totals[key + location].astype(object).where(totals[key + location].notna(), None)
        mine = mine.drop_duplicates(key)
        checks = checks.astype({k: object for k in key}).where(checks.notna(), None)
        checks = checks.merge(mine, on=key, how="left")
    return checks


_SCRATCH: dict[str, duckdb.DuckDBPyConnection] = {}
_SCRATCH_LOCK = threading.Lock()


def _scratch() -> duckdb.DuckDBPyConnection:
    """An in-memory database with the schema, made once per process (0.3 s); each check works in
    a transaction of its own cursor, so sessions checking files at once never see each other's."""
    with _SCRATCH_LOCK:
        if "con" not in _SCRATCH:
            con = duckdb.connect()
            con.execute(store.SCHEMA.read_text(encoding="utf-8"))
            _SCRATCH["con"] = con
        return _SCRATCH["con"]


def stored(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame without the columns only the preview keeps (`_row`, `_column`, …)."""
    return frame[[c for c in frame.columns if not c.startswith("_")]]
