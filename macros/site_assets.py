"""Files written into the built site after MkDocs has written the pages: the chart themes for the
client script, and CSV downloads. (plotly.js itself is a vendored static file, docs/assets/vendor/.)"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from . import charts, theme
from .catalog import Catalog
from .html import json_for_script
from .numbers import plain_number

THEMES_SCRIPT = "assets/javascripts/chart-themes.js"
DOWNLOADS_DIR = "downloads"


def write_site_assets(catalog: Catalog, site_dir: Path) -> None:
    """Write every generated asset into site_dir. Output depends only on the inputs (no timestamps)."""
    themes = site_dir / THEMES_SCRIPT
    themes.parent.mkdir(parents=True, exist_ok=True)
    themes.write_text(f"window.kcChartThemes = {json_for_script(theme.TEMPLATES)};\n", encoding="utf-8")

    downloads = site_dir / DOWNLOADS_DIR
    (downloads / "charts").mkdir(parents=True, exist_ok=True)
    for name, spec in catalog.charts.items():
        data = charts.chart_data(spec, catalog)
        (downloads / "charts" / f"{name}.csv").write_text(charts.csv_text(data), encoding="utf-8")
    for name, dataset in catalog.datasets.items():
        (downloads / f"{name}.csv").write_text(dataset_csv(dataset.frame), encoding="utf-8")
    if catalog.timeline is not None:
        (downloads / f"{catalog.timeline.name}.csv").write_text(dataset_csv(catalog.timeline.frame), encoding="utf-8")


def dataset_csv(frame) -> str:
    """A dataset as CSV with spreadsheet formulas neutralised in every text cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(frame.columns)
    for row in frame.itertuples(index=False):
        writer.writerow(charts.neutralise_formula(_cell(v)) for v in row)
    return buffer.getvalue()


def _cell(value) -> str:
    """A CSV cell: numbers without loss of precision, an absent number (NaN, None) as an empty cell."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return plain_number(value) if isinstance(value, float) else str(value)
