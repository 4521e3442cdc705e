"""One spec per fact table (tables.SPECS): its key, compared columns and scope are columns of the
stored table, and every fact table of the schema has one (issue #12)."""
from __future__ import annotations

import pytest

from loaders import batches, importer, seed
from loaders.tables import SPECS, TABLES


def columns(con, table):
    return {r[0] for r in con.execute(f"describe {table}").fetchall()}


@pytest.mark.parametrize("name", list(SPECS))
def test_a_spec_names_only_columns_of_its_stored_table(seed_con, name):
    spec = SPECS[name]
    stored = columns(seed_con, name)
    assert set(spec.key) <= stored and set(spec.compared) <= stored and set(spec.scope) <= stored
    assert spec.fields == TABLES[name]


def test_every_fact_table_of_the_schema_has_a_spec(seed_con):
    facts = {r[0] for r in seed_con.execute(
        # tables only: the view kpi_local carries kpi's columns, retired_by among them
        "select table_name from duckdb_columns() c where column_name = 'retired_by' "
        "and exists (select 1 from duckdb_tables() t where t.table_name = c.table_name)").fetchall()}
    # status_words and themes carry batches too, for the meanings chosen at preview (issue #16),
    # but are lookups read from data/, not fact tables with a spec
    assert facts - set(batches.MAPPING_TABLES) == set(SPECS) == set(seed.FACT_TABLES) == set(batches.FACT_TABLES)
    assert set(batches.MAPPING_TABLES) <= facts


def test_the_old_names_read_the_specs():
    assert importer.KEYS["series"] == ("city", "indicator", "fiscal_year")
    assert importer.VALUES["effect_amounts"] == SPECS["effect_amounts"].compared
    assert importer._retire_scopes is batches.retire_scopes and seed.retire_scope is batches.retire_scope


@pytest.mark.parametrize("name, group, by_estimate", [
    ("kpi", "plan", False), ("effect_amounts", "plan", True), ("effect_printed_totals", "plan", True),
    ("series", "indicator", False),
])
def test_the_scope_one_file_replaces(name, group, by_estimate):
    assert (SPECS[name].group, SPECS[name].by_estimate) == (group, by_estimate)
