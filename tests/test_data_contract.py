"""Guardrails over everything in data/: each test says in its docstring which rule it keeps and why."""

from collections import defaultdict

import pytest

from tests.conftest import ROOT

# Quarterly releases round to RMB 0.1 million and some annual figures to RMB 1 million, so sums of
# four quarters may differ from the year by up to this much without either being wrong.
QUARTER_SUM_TOLERANCE = 1.0
# Segment revenues may fall short of the total by "other revenue" the company did not break out,
# which has never exceeded 1% of revenue in any period on record.
UNREPORTED_OTHER_REVENUE_SHARE = 0.01
SEGMENT_ROUNDING = 0.6


def test_every_csv_has_metadata_and_every_metadata_file_a_csv():
    """A dataset without metadata has no units or titles, so nothing on the site could describe it."""
    csvs = {p.stem for p in (ROOT / "data").glob("*.csv")}
    metas = {p.name.removesuffix(".meta.yml") for p in (ROOT / "data").glob("*.meta.yml")}
    assert csvs == metas


def test_every_source_is_cited_and_every_citation_resolves(catalog):
    """An uncited source is clutter on the Sources page; an unknown citation is a figure without provenance."""
    cited = {o.source for ds in catalog.datasets.values() for o in ds.observations.values()}
    assert cited <= set(catalog.sources)
    assert set(catalog.sources) - cited == set()


def test_unconfirmed_values_cite_only_the_seed_article(catalog):
    """'Unconfirmed' means found only in the seed article; anything else must be reported or secondary."""
    for ds in catalog.datasets.values():
        for o in ds.observations.values():
            if o.status == "unconfirmed":
                assert catalog.sources[o.source].kind == "seed", f"{o.path}:{o.line}"
            if catalog.sources[o.source].kind == "seed":
                assert o.status == "unconfirmed", f"{o.path}:{o.line}: a seed-only figure must be marked unconfirmed"


def test_four_quarters_sum_to_the_year(catalog):
    """Annual and quarterly figures come from different releases; they must still agree."""
    checked = 0
    for metric in catalog.metrics:
        years = {o.period.year: o for o in catalog.series(metric, "annual")}
        quarters = defaultdict(dict)
        for o in catalog.series(metric, "quarterly"):
            quarters[o.period.year][o.period.quarter] = o
        for year, found in quarters.items():
            if len(found) == 4 and year in years:
                total = sum(o.value for o in found.values())
                assert total == pytest.approx(years[year].value, abs=QUARTER_SUM_TOLERANCE), (
                    f"{metric} {year}: quarters sum to {total:.1f}, the year says {years[year].value}"
                )
                checked += 1
    assert checked >= 3, "expected at least three complete years of quarterly revenue"


def test_segments_add_up_to_total_revenue(catalog):
    """Public plus enterprise (plus other, where reported) cloud revenue is total revenue."""
    checked = 0
    for frequency in ("annual", "quarterly"):
        totals = {o.period: o.value for o in catalog.series("revenue", frequency)}
        public = {o.period: o.value for o in catalog.series("revenue_public_cloud", frequency)}
        enterprise = {o.period: o.value for o in catalog.series("revenue_enterprise_cloud", frequency)}
        other = {o.period: o.value for o in catalog.series("revenue_other", frequency)}
        for period in public.keys() & enterprise.keys() & totals.keys():
            parts = public[period] + enterprise[period] + other.get(period, 0)
            remainder = totals[period] - parts
            assert remainder >= -SEGMENT_ROUNDING, f"{period}: segments exceed the total by {-remainder:.1f}"
            allowed = SEGMENT_ROUNDING if period in other else totals[period] * UNREPORTED_OTHER_REVENUE_SHARE
            assert remainder <= allowed, f"{period}: segments fall {remainder:.1f} short of the total"
            checked += 1
    assert checked >= 10


def test_gross_profit_is_below_revenue(catalog):
    """Gross profit is revenue less cost of revenues, so it can never exceed revenue."""
    for frequency in ("annual", "quarterly"):
        revenue = {o.period: o.value for o in catalog.series("revenue", frequency)}
        for o in catalog.series("gross_profit", frequency):
            if o.period in revenue:
                assert o.value < revenue[o.period], f"{o.path}:{o.line}"


def test_consolidated_and_attributable_losses_stay_close(catalog):
    """The two bases differ only by minority interests (a few per cent); a larger gap means a mixed-up basis."""
    consolidated = {o.period: o.value for o in catalog.series("net_loss", "annual")}
    for o in catalog.series("net_loss_attributable", "annual"):
        if o.period in consolidated:
            assert o.value == pytest.approx(consolidated[o.period], rel=0.03), f"{o.path}:{o.line}"


def test_every_metric_has_one_home(catalog):
    """Macros find a metric by name alone, so the same name in two datasets would be ambiguous."""
    names = [n for ds in catalog.datasets.values() for n in ds.metrics]
    assert len(names) == len(set(names))
