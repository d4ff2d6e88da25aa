"""The data layer on the real data: it loads, answers lookups, and reloads only when a file changes."""

from macros.dataset import load_catalog
from tests.helpers import replace_in


def test_the_real_data_loads(catalog):
    assert "financials" in catalog.datasets
    assert catalog.observation("revenue", "FY2021").value == 9061
    assert catalog.observation("revenue", "Q4 2025").source == "kc-q4-2025-results"


def test_values_remember_the_precision_they_were_written_with(catalog):
    assert catalog.observation("revenue", "FY2025").precision == 0.5  # written 9559
    assert catalog.observation("revenue", "Q1 2025").precision == 0.05  # written 1970.0


def test_the_catalog_is_cached_until_a_file_changes(data_copy):
    first = load_catalog(data_copy)
    assert load_catalog(data_copy) is first
    replace_in(data_copy / "financials.csv", "revenue,FY2022,8180.1", "revenue,FY2022,8180.4")
    reloaded = load_catalog(data_copy)
    assert reloaded is not first
    assert reloaded.observation("revenue", "FY2022").value == 8180.4
