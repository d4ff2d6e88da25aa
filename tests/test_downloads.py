"""CSV downloads: what a reader opens in a spreadsheet must be the data, never a formula."""

import csv
import io
import json

import pandas as pd
import pytest

from macros.charts.figures import chart_data, csv_text, neutralise_formula
from macros.core.model import DATASET_COLUMNS
from macros.core.numbers import plain_number
from macros.site.assets import dataset_csv


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
        assert row["status"] == o.shown_status and row["source"] == " ".join(o.sources)
        if o.status == "derived":
            assert o.formula in row["note"] or row["note"] == o.note


def test_every_download_loads_in_pandas_with_the_types_the_data_package_declares(built_site, catalog):
    """What an analyst does with the downloads: read_csv each file the data package lists, with its
    declared types, and get every value as a number."""
    downloads = built_site / "downloads"
    package = json.loads((downloads / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        fields = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        strings = {name: "string" for name, kind in fields.items() if kind == "string"}
        frame = pd.read_csv(
            downloads / resource["path"], dtype=strings, keep_default_na=False, na_values={"value": [""]}
        )
        assert list(frame.columns) == list(fields), resource["path"]
        if "value" in fields:
            dataset = catalog.datasets[resource["path"].removesuffix(".csv")]
            assert pd.api.types.is_float_dtype(frame["value"]), resource["path"]
            assert len(frame) == len(dataset.observations) and frame["value"].notna().all(), resource["path"]
        else:
            assert len(frame) == len(catalog.timeline.events)
