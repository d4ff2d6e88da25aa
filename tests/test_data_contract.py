"""Guardrails over everything in data/: each test says in its docstring which rule it keeps and why."""

import re

import pytest

from macros.check.consistency import find_problems, unused_exceptions
from macros.load.confirmations import STATED_CHANGES_FILE
from tests.conftest import ROOT

# Segment revenues may fall short of the total by "other revenue" the company did not break out,
# which has never exceeded 1% of revenue in any period on record.
UNREPORTED_OTHER_REVENUE_SHARE = 0.01
SEGMENT_ROUNDING = 0.6
DOCS = ROOT / "docs"
# Code (fenced or inline) shows examples, some deliberately wrong; it cites nothing.
CODE = re.compile(r"^[ \t]*```.*?^[ \t]*```|`[^`\n]+`", re.M | re.S)
CITE_CALL = re.compile(r"""cite\(\s*["']([a-z0-9-]+)["']\s*\)""")


def without_code(markdown: str) -> str:
    return CODE.sub("", markdown)


def test_every_csv_has_metadata_and_every_metadata_file_a_csv():
    """A dataset without metadata has no units or titles, so nothing on the site could describe it.
    The confirmation registers are not datasets: their metrics are declared by the datasets."""
    registers = (STATED_CHANGES_FILE,)
    csvs = {p.stem for p in (ROOT / "data").glob("*.csv") if p.name not in registers}
    metas = {p.name.removesuffix(".meta.yml") for p in (ROOT / "data").glob("*.meta.yml")}
    assert csvs == metas


def test_every_source_is_cited_and_every_citation_resolves(catalog):
    """An uncited source is clutter on the Sources page; an unknown citation is a figure without provenance.
    A source is cited by a value, an alternative value, an event, or a {{ cite("id") }} on a page."""
    in_pages = {
        m for page in DOCS.glob("*.md") for m in CITE_CALL.findall(without_code(page.read_text(encoding="utf-8")))
    }
    cited = set(catalog.source_uses()) | in_pages
    assert cited <= set(catalog.sources), cited - set(catalog.sources)
    assert set(catalog.sources) - cited == set()


def test_every_event_figure_is_a_stored_value(catalog):
    for event in catalog.timeline.events:
        if event.metric:
            assert catalog.observation(event.metric, event.period), f"data/events.csv:{event.line}"


def test_unconfirmed_values_cite_only_the_seed_article(catalog):
    """'Unconfirmed' means found only in the seed article; anything else must be reported or secondary."""
    for ds in catalog.datasets.values():
        for o in ds.stored:
            if o.status == "unconfirmed":
                assert catalog.sources[o.source].kind == "seed", f"{o.path}:{o.line}"
            if catalog.sources[o.source].kind == "seed":
                assert o.status == "unconfirmed", f"{o.path}:{o.line}: a seed-only figure must be marked unconfirmed"


def test_the_data_agrees_with_itself(catalog):
    """Quarters sum to years, parts stay within wholes, shares within 0 to 100 (macros/check/consistency.py).
    The build runs the same checks; this test names every problem at once."""
    assert [str(p) for p in find_problems(catalog)] == []
    assert unused_exceptions(catalog) == []


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
