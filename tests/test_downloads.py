"""CSV downloads: what a reader opens in a spreadsheet must be the data, never a formula."""

import csv
import io

import pytest

from macros.charts import chart_data, csv_text, neutralise_formula
from macros.model import DATASET_COLUMNS
from macros.numbers import plain_number
from macros.site_assets import dataset_csv


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-118.2", "-118.2"),  # a negative number stays a number
        ("revenue", "revenue"),
    ],
)
def test_spreadsheet_formulas_are_neutralised(cell, expected):
    assert neutralise_formula(cell) == expected


def test_chart_csv_holds_exactly_the_charted_values(catalog):
    data = chart_data(catalog.chart("revenue_by_segment"), catalog)
    rows = list(csv.DictReader(io.StringIO(csv_text(data))))
    assert {(r["metric"], r["period"]) for r in rows} == {(o.metric, o.period.label) for o in data.observations}
    o = next(o for o in data.observations if o.status == "reported")
    row = next(r for r in rows if r["metric"] == o.metric and r["period"] == o.period.label)
    assert row == {
        "metric": o.metric,
        "period": o.period.label,
        "value": plain_number(o.value),
        "unit": "RMB million",
        "source": o.source,
        "status": "reported",
    }


def test_dataset_csv_round_trips_the_values(catalog):
    """Every value, stored or derived, comes back; a derived one names its inputs' sources and formula."""
    dataset = catalog.datasets["financials"]
    rows = list(csv.DictReader(io.StringIO(dataset_csv(DATASET_COLUMNS, dataset.records))))
    assert len(rows) == len(dataset.observations)
    by_key = {(r["metric"], r["period"]): r for r in rows}
    for (metric, period), o in dataset.observations.items():
        row = by_key[(metric, period.label)]
        assert float(row["value"]) == pytest.approx(o.value, abs=1e-6)
        assert row["status"] == o.status and row["source"] == " ".join(o.sources)
        if o.status == "derived":
            assert o.formula in row["note"] or row["note"] == o.note
