"""Values computed from the loaded data: the catalog's lookups, formulas, derived values and statements."""
