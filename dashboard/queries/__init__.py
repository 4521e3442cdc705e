"""Questions the pages ask, one module per page, on the v_* views only; aggregation in DuckDB."""
