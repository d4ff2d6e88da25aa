"""The datapackage.json (Frictionless Data Package with Table Schemas) that describes every CSV the
Data page offers, generated from the same metadata the loaders validate against."""

from __future__ import annotations

from macros.compute.catalog import Catalog
from macros.core.model import DATASET_FIELDS, STATUSES
from macros.load.schemas import PERIOD

PROFILE = "tabular-data-package"
# The data's licence (LICENSE-DATA.md); the figures' own sources are named per value.
LICENCES = [
    {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0 International",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    }
]


def _dataset_resource(catalog: Catalog, name: str) -> dict:
    ds = catalog.datasets[name]
    sources = sorted(
        {s for o in ds.observations.values() for s in o.sources}
        | {o.alternative_source for o in ds.stored if o.alternative_source}
    )
    # The columns are declared once (core/model.py DATASET_FIELDS); a dataset adds its own metrics and
    # the column descriptions its metadata gives.
    constraints = {
        "metric": {"enum": sorted(ds.metrics)},
        "period": {"pattern": PERIOD[1:-1]},
        "status": {"enum": list(STATUSES)},
    }
    fields = []
    for f in DATASET_FIELDS:
        field = {"name": f.name, "type": f.type, "description": f.description}
        if f.name in ("metric", "period"):
            field["description"] = ds.columns[f.name]["description"]
        if f.required and f.name != "source":  # a derived value has no source of its own
            field["constraints"] = {"required": True, **constraints.get(f.name, {})}
        fields.append(field)
    return {
        "name": name.replace("_", "-"),
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "title": ds.title,
        "description": ds.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": fields, "primaryKey": ["metric", "period"], "missingValues": [""]},
        "metrics": {
            m.name: {
                "title": m.title,
                "unit": m.unit,
                "description": m.description,
                **({"formula": m.formula} if m.formula else {}),
            }
            for m in ds.metrics.values()
        },
        "sources": [package_source(catalog, source_id) for source_id in sources],
    }


def package_source(catalog: Catalog, source_id: str) -> dict:
    """A source as the Data Package standard describes one (a title, and a path to the document); the
    id, an extra property the standard allows, is what each CSV row's `source` column names."""
    source = catalog.source(source_id)
    return {"title": source.title, "path": source.url, "id": source.id}


def data_package(catalog: Catalog) -> dict:
    resources = [_dataset_resource(catalog, name) for name in catalog.datasets]
    if catalog.timeline is not None:
        t = catalog.timeline
        resources.append(
            {
                "name": t.name,
                "path": f"{t.name}.csv",
                "profile": "tabular-data-resource",
                "title": t.title,
                "description": t.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": column, "type": "string", "description": spec["description"]}
                        for column, spec in t.columns.items()
                    ],
                    "missingValues": [""],
                },
                "sources": [package_source(catalog, i) for i in sorted({e.source for e in t.events})],
            }
        )
    return {
        "profile": PROFILE,
        "name": "kingsoft-cloud-in-data",
        "licenses": LICENCES,
        "title": "Kingsoft Cloud, in data",
        "description": "Every dataset behind the site, one tidy CSV each, with the metadata that gives each metric its unit and meaning.",
        "resources": resources,
    }
