"""Checks across the loaded and computed data (coverage, consistency, freshness) and the checked catalog."""
