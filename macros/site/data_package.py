"""The datapackage.json (Frictionless Data Package with Table Schemas) that describes every CSV the
Data page offers, generated from the same metadata the loaders validate against."""

from __future__ import annotations

from macros.compute.catalog import Catalog
from macros.core.model import STATUSES
from macros.load.schemas import PERIOD

PROFILE = "tabular-data-package"


def _dataset_resource(catalog: Catalog, name: str) -> dict:
    ds = catalog.datasets[name]
    sources = sorted(
        {s for o in ds.observations.values() for s in o.sources}
        | {o.alternative_source for o in ds.stored if o.alternative_source}
    )
    fields = [
        {
            "name": "metric",
            "type": "string",
            "description": ds.columns["metric"]["description"],
            "constraints": {"required": True, "enum": sorted(ds.metrics)},
        },
        {
            "name": "period",
            "type": "string",
            "description": ds.columns["period"]["description"],
            "constraints": {"required": True, "pattern": PERIOD[1:-1]},
        },
        {
            "name": "value",
            "type": "number",
            "description": "The figure, in the metric's unit (see the metrics list).",
            "constraints": {"required": True},
        },
        {
            "name": "source",
            "type": "string",
            "description": "Source ids from the site's sources registry; a derived value lists its inputs' sources, space-separated.",
        },
        {
            "name": "status",
            "type": "string",
            "description": "; ".join(f"{k}: {v}" for k, v in STATUSES.items()),
            "constraints": {"required": True, "enum": list(STATUSES)},
        },
        {
            "name": "note",
            "type": "string",
            "description": "How the value was reported, why it was chosen, or how it was derived.",
        },
        {
            "name": "alternative",
            "type": "number",
            "description": "The figure another source gives, where sources disagree.",
        },
        {"name": "alternative_source", "type": "string", "description": "The source id of the alternative figure."},
    ]
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
        "sources": sources,
    }


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
            }
        )
    return {
        "profile": PROFILE,
        "name": "kingsoft-cloud-in-data",
        "title": "Kingsoft Cloud, in data",
        "description": "Every dataset behind the site, one tidy CSV each, with the metadata that gives each metric its unit and meaning.",
        "resources": resources,
    }
