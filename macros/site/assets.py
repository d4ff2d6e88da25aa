"""Files written into the built site after MkDocs has written the pages: the chart themes for the
client script, the CSV downloads (datasets, charts, statements) and the data package that describes
them. (plotly.js itself is a vendored static file, docs/assets/vendor/.)"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

from macros.charts import figures as charts
from macros.charts import templates as theme
from macros.compute.catalog import Catalog
from macros.compute.statements import statement_tables
from macros.core.html import json_for_script
from macros.core.model import DATASET_COLUMNS
from macros.core.numbers import plain_number
from macros.site.data_package import data_package

THEMES_SCRIPT = "assets/javascripts/chart-themes.js"
DOWNLOADS_DIR = "downloads"


def write_site_assets(catalog: Catalog, site_dir: Path) -> None:
    """Write every generated asset into site_dir. Output depends only on the inputs (no timestamps)."""
    themes = site_dir / THEMES_SCRIPT
    themes.parent.mkdir(parents=True, exist_ok=True)
    themes.write_text(f"window.kcChartThemes = {json_for_script(theme.TEMPLATES)};\n", encoding="utf-8")

    downloads = site_dir / DOWNLOADS_DIR
    for folder in ("charts", "statements"):
        (downloads / folder).mkdir(parents=True, exist_ok=True)
    for name, spec in catalog.charts.items():
        data = charts.chart_data(spec, catalog)
        (downloads / "charts" / f"{name}.csv").write_text(charts.csv_text(data), encoding="utf-8")
    for name, dataset in catalog.datasets.items():
        (downloads / f"{name}.csv").write_text(dataset_csv(DATASET_COLUMNS, dataset.records), encoding="utf-8")
    if catalog.timeline is not None:
        timeline = catalog.timeline
        text = dataset_csv(list(timeline.columns), timeline.records)
        (downloads / f"{timeline.name}.csv").write_text(text, encoding="utf-8")
    for table in statement_tables(catalog):
        (downloads / "statements" / f"{table.name}.csv").write_text(statement_csv(table), encoding="utf-8")
    package = json.dumps(data_package(catalog), indent=2, ensure_ascii=False, sort_keys=False)
    (downloads / "datapackage.json").write_text(package + "\n", encoding="utf-8")


def statement_csv(table) -> str:
    """A statement as tidy CSV: one row per value, with its status and sources."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["metric", "period", "value", "unit", "status", "source", "formula"])
    for metric, _, cells in table.rows:
        for period, o in zip(table.periods, cells, strict=True):
            if o is not None:
                cells_out = (
                    metric.name,
                    period.label,
                    plain_number(round(o.value, 6)),
                    metric.unit,
                    o.shown_status,
                    " ".join(o.sources),
                    o.formula,
                )
                writer.writerow(charts.neutralise_formula(c) for c in cells_out)
    return buffer.getvalue()


def dataset_csv(columns: list[str], records: list[dict]) -> str:
    """Rows as CSV with spreadsheet formulas neutralised in every text cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow(charts.neutralise_formula(_cell(record[c])) for c in columns)
    return buffer.getvalue()


def _cell(value) -> str:
    """A CSV cell: numbers without loss of precision, an absent number (NaN, None) as an empty cell."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return plain_number(round(value, 9)) if isinstance(value, float) else str(value)
