"""data/NAME.meta.yml: what a dataset and each of its metrics mean (title, unit, sign, rules)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from macros.core.errors import DataError
from macros.core.model import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, LastReported, Metric
from macros.core.periods import parse_period
from macros.load.yaml_files import node_line, read_yaml, rel_path

META_SUFFIX = ".meta.yml"


def load_metadata(path: Path, data_dir: Path, dataset_name: str) -> tuple[str, str, dict, dict[str, Metric], dict]:
    """The dataset's title, description, columns and metrics, and the Chinese forms of its title and
    description (each column keeps its own under `zh`)."""
    rel = rel_path(path, data_dir)
    if not path.exists():
        raise DataError(
            rel,
            f"dataset '{dataset_name}' has no metadata file.",
            f"create {rel} with title, description, columns and metrics (copy financials.meta.yml).",
        )
    meta, node = read_yaml(path, data_dir)
    columns = meta["columns"]
    declared = set(columns)
    column_rules = (
        (
            "'columns' does not declare {}.",
            f"every dataset has the columns {', '.join(REQUIRED_COLUMNS)}.",
            [c for c in REQUIRED_COLUMNS if c not in declared],
        ),
        (
            "'columns' declares unsupported column(s) {}.",
            f"datasets are tidy: {', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)}; put new measures under 'metrics:'.",
            sorted(declared - set(REQUIRED_COLUMNS) - set(OPTIONAL_COLUMNS)),
        ),
    )
    for problem, fix, offending in column_rules:
        if offending:
            raise DataError(rel, problem.format(", ".join(offending)), fix, line=node_line(node, ["columns"]))
    metrics = {}
    for name, spec in meta["metrics"].items():
        line = node_line(node, ["metrics", name])
        metrics[name] = replace(
            _declared_metric(name, spec, dataset_name, rel, line),
            outside=spec.get("outside", meta.get("outside", False)),
        )
    chinese = dict(meta.get("zh") or {}, where=f"{rel}:{node_line(node, [])}")
    return meta["title"].strip(), meta["description"].strip(), columns, metrics, chinese


def _declared_metric(name: str, spec: dict, dataset_name: str, rel: str, line: int | None) -> Metric:
    def period(text: str, what: str):
        try:
            return parse_period(text)
        except ValueError as error:
            raise DataError(
                rel, f"metric '{name}': {what}: {error}", "write e.g. FY2024 or Q1 2025.", line=line
            ) from None

    if spec.get("persists_days") and not spec.get("persists"):
        raise DataError(
            rel, f"metric '{name}' has persists_days but does not persist.", "add 'persists: true'.", line=line
        )
    if spec.get("persists") and not spec.get("stock"):
        raise DataError(
            rel, f"metric '{name}' persists but is not a stock.", "add 'stock: true', or remove 'persists'.", line=line
        )
    last = spec.get("last_reported")
    complete_from = tuple(period(p, "complete_from") for p in spec.get("complete_from", ()))
    if len({p.frequency for p in complete_from}) != len(complete_from):
        raise DataError(
            rel,
            f"metric '{name}': complete_from names one frequency twice.",
            "give one first period per frequency.",
            line=line,
        )
    return Metric(
        name=name,
        title=spec["title"].strip(),
        unit=spec["unit"],
        short_unit=spec["short_unit"].strip(),
        description=spec["description"].strip(),
        decimals=spec["decimals"],
        dataset=dataset_name,
        sign=spec["sign"],
        stock=spec.get("stock", False),
        persists=spec.get("persists", False),
        persists_days=spec.get("persists_days"),
        additive=spec.get("additive", False),
        part_of=spec.get("part_of"),
        at_most=spec.get("at_most"),
        formula=spec.get("formula"),
        remainder=spec.get("remainder"),
        last_reported=tuple(
            LastReported(
                period(d["period"], "last_reported"), d["reason"].strip(), d["kind"], chinese=d.get("zh") or {}
            )
            for d in last or ()
        ),
        complete_from=complete_from,
        forward=spec.get("forward", False),
        where=f"{rel}:{line}",
        chinese=spec.get("zh") or {},
    )
