"""The data layer's entry point: load and validate everything in data/ into a Catalog, derive what is
derived, check coverage, and cache the result until a file changes. The loaders beside it each read
one kind of file; no other code reads data/."""

from __future__ import annotations

import functools
from pathlib import Path

from macros.check.confirmations import check_confirmations
from macros.check.coverage import check_coverage
from macros.compute.catalog import Catalog
from macros.compute.derived import apply_derivations
from macros.core.errors import DataError, did_you_mean
from macros.core.model import Dataset, Metric
from macros.load.chart_declarations import CHARTS_FILE, load_charts
from macros.load.confirmations import STATED_CHANGES_FILE, load_confirmations
from macros.load.datasets import load_dataset
from macros.load.events import EVENTS_FILE, load_timeline
from macros.load.metadata import META_SUFFIX
from macros.load.registers import (
    load_derivations,
    load_exceptions,
    load_facts,
    load_gaps,
    load_glossary,
    load_termbase,
)
from macros.load.sources import load_sources
from macros.load.yaml_files import rel_path


def load_catalog(data_dir: str | Path) -> Catalog:
    """Load and validate everything in data_dir, reusing the result while no file has changed."""
    data_dir = Path(data_dir).resolve()
    if not data_dir.is_dir():
        raise DataError(str(data_dir), "the data folder does not exist.", "create it, or run from the project root.")
    fingerprint = tuple(
        (p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(data_dir.iterdir()) if p.is_file()
    )
    return _load_catalog(data_dir, fingerprint)


@functools.lru_cache(maxsize=4)
def _load_catalog(data_dir: Path, fingerprint: tuple) -> Catalog:
    sources = load_sources(data_dir)
    datasets = _load_datasets(data_dir, sources)
    metrics = {n: m for ds in datasets.values() for n, m in ds.metrics.items()}
    _check_metric_references(metrics)
    derivations = load_derivations(data_dir, metrics)
    apply_derivations(datasets, metrics, derivations)
    gaps = load_gaps(data_dir, metrics)
    check_coverage(datasets, gaps)
    confirmations, stated_changes = load_confirmations(data_dir, metrics, sources)
    catalog = Catalog(
        sources=sources,
        datasets=datasets,
        charts=load_charts(data_dir, metrics),
        exceptions=load_exceptions(data_dir, metrics),
        timeline=load_timeline(data_dir, sources, datasets),
        derivations=derivations,
        gaps=gaps,
        facts=load_facts(data_dir, sources),
        glossary=load_glossary(data_dir),
        termbase=load_termbase(data_dir),
        confirmations=confirmations,
        stated_changes=stated_changes,
    )
    check_confirmations(catalog)
    _check_chart_series(catalog, data_dir)
    return catalog


def _check_chart_series(catalog: Catalog, data_dir: Path) -> None:
    """Every series a chart declares has a value in the chart's span: a legend entry with nothing
    beside it reads as zero, or as a broken chart (a figure found only in the seed article has none)."""
    for spec in catalog.charts.values():
        for metric in spec.series:
            values = catalog.by_period(metric, spec.frequency)
            if not any((spec.start is None or p >= spec.start) and (spec.end is None or p <= spec.end) for p in values):
                raise DataError(
                    rel_path(data_dir / CHARTS_FILE, data_dir),
                    f"chart '{spec.name}' declares '{metric}', which has no {spec.frequency} value in the "
                    "chart's span, so its legend entry would have nothing beside it.",
                    "remove it from the chart's series, or add its values.",
                    line=spec.line,
                )


def _load_datasets(data_dir: Path, sources) -> dict[str, Dataset]:
    datasets: dict[str, Dataset] = {}
    owner: dict[str, str] = {}
    registers = (EVENTS_FILE, STATED_CHANGES_FILE)
    for csv_path in sorted(p for p in data_dir.glob("*.csv") if p.name not in registers):
        dataset = load_dataset(csv_path, data_dir, sources)
        for name in dataset.metrics:
            if name in owner:
                raise DataError(
                    rel_path(csv_path.with_name(csv_path.stem + META_SUFFIX), data_dir),
                    f"metric '{name}' is also declared by dataset '{owner[name]}'.",
                    "give each metric one home: rename it or remove one declaration.",
                )
            owner[name] = dataset.name
        datasets[dataset.name] = dataset
    for meta_path in sorted(data_dir.glob("*" + META_SUFFIX)):
        if (
            meta_path.name != "events.meta.yml"
            and not meta_path.with_name(meta_path.name[: -len(META_SUFFIX)] + ".csv").exists()
        ):
            raise DataError(
                rel_path(meta_path, data_dir),
                "this metadata file has no CSV beside it.",
                "add the CSV with the same name, or delete the metadata file.",
            )
    return datasets


def _check_metric_references(metrics: dict[str, Metric]) -> None:
    """part_of and at_most name another metric of the same unit (a percentage may instead name a group)."""
    for metric in metrics.values():
        for rule in ("part_of", "at_most"):
            target = getattr(metric, rule)
            if not target or (rule == "part_of" and metric.unit == "percent" and target not in metrics):
                continue  # no rule, or a group of shares rather than a metric
            if target not in metrics:
                raise DataError.at(
                    metric.where,
                    f"metric '{metric.name}': {rule} names unknown metric '{target}'. "
                    + did_you_mean(target, metrics, "metrics"),
                    "name a metric declared in a .meta.yml.",
                )
            if metrics[target].unit != metric.unit:
                raise DataError.at(
                    metric.where,
                    f"metric '{metric.name}' ({metric.unit}) cannot be {rule} '{target}' ({metrics[target].unit}).",
                    "compare metrics of the same unit.",
                )
