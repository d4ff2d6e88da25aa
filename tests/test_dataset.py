"""The data layer on the real data: it loads, answers lookups by period (balances by the year or
quarter they close), keeps the digits written, computes what is derived, and reloads only when a file
changes. No test names the newest period: it moves with every release."""

from macros.check.checked_catalog import load_catalog
from macros.core.periods import parse_period
from tests.helpers import replace_in


def test_the_real_data_loads(catalog):
    assert {"financials", "balance_sheet", "business", "capital_markets", "market", "related_parties"} <= set(
        catalog.datasets
    )
    newest = catalog.latest_period("revenue", "quarterly")
    o = catalog.observation("revenue", newest.label)
    assert o.status == "reported" and catalog.source(o.source).kind in ("release", "filing")


def test_values_remember_the_precision_they_were_written_with(catalog):
    """ "9559" is known to the million (+/-0.5), "1970.0" to the tenth (+/-0.05): the checks allow for it."""
    for o in catalog.datasets["financials"].stored:
        assert o.precision == 0.5 * 10**-o.decimals, o.where
    assert {0, 1} <= {o.decimals for o in catalog.datasets["financials"].stored}


def test_a_balance_is_found_by_the_year_or_quarter_it_closes(catalog):
    year = catalog.latest_period("cash_and_equivalents", "annual")
    by_year = catalog.observation("cash_and_equivalents", year.label)
    assert by_year.period == parse_period(year.end_date)
    assert by_year is catalog.observation("cash_and_equivalents", year.end_date)


def test_derived_values_carry_their_formula_and_inputs(catalog):
    derived = [o for ds in catalog.datasets.values() for o in ds.observations.values() if o.status == "derived"]
    assert derived
    for o in derived:
        assert o.formula and o.inputs and not o.source
        assert set(o.sources) <= set(catalog.sources)


def test_the_catalog_is_cached_until_a_file_changes(data_copy):
    first = load_catalog(data_copy)
    assert load_catalog(data_copy) is first
    row = next(
        o for o in first.datasets["financials"].stored if o.metric == "revenue" and o.period.frequency == "annual"
    )
    lines = (data_copy / "financials.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[row.line - 1].split(",")
    changed = f"{row.value + 0.3:.1f}"
    replace_in(data_copy / "financials.csv", lines[row.line - 1], ",".join([*fields[:2], changed, *fields[3:]]))
    reloaded = load_catalog(data_copy)
    assert reloaded is not first
    assert reloaded.observation("revenue", row.period.label).value == float(changed)
