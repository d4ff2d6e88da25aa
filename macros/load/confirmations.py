"""What documents say about values already in the data: the figures each source declares it gives
(`gives:` in data/sources.yml: the same figure in the next quarter's comparison, the next year's
release, the annual report), and data/stated_changes.csv, the growth rates the company writes in words
("an increase of 23.7% year over year"). The checks against the data are in check/confirmations.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from macros.core.errors import DataError, did_you_mean
from macros.core.model import Metric, Source
from macros.core.periods import Period
from macros.load.datasets import NUMBER_PATTERN, decimals_written, parse_source
from macros.load.registers import period_at
from macros.load.rows import read_rows
from macros.load.yaml_files import rel_path

STATED_CHANGES_FILE = "stated_changes.csv"
# Each file's columns, in order, and what each holds (the Contributing page shows them).
STATED_CHANGE_COLUMNS = {
    "metric": "The metric whose change the company states.",
    "period": "The period the change is for.",
    "base_period": "The period it is compared with (a year earlier, or the quarter before).",
    "value": "The change in percent as the document writes it (negative for a decrease).",
    "source": "The company document that states it.",
    "note": "The sentence, or where it stands.",
}


@dataclass(frozen=True)
class Confirmation:
    metric: str
    period: Period
    value: float
    decimals: int
    source: str
    note: str
    where: str


@dataclass(frozen=True)
class StatedChange:
    metric: str
    period: Period
    base: Period
    value: float
    decimals: int
    source: str
    note: str
    where: str


def load_confirmations(
    data_dir: Path, metrics: dict[str, Metric], sources: dict[str, Source]
) -> tuple[tuple[Confirmation, ...], tuple[StatedChange, ...]]:
    confirmations = tuple(given for source in sources.values() for given in _gives(source, metrics))
    stated = tuple(
        StatedChange(
            **_common(record, rel, line, metrics, sources),
            base=period_at(record["base_period"], rel, line, "base_period"),
            where=f"{rel}:{line}",
        )
        for rel, line, record in _rows(data_dir, STATED_CHANGES_FILE, STATED_CHANGE_COLUMNS)
    )
    seen = set()
    for c in confirmations:
        if (c.metric, c.period, c.source) in seen:
            raise DataError.at(
                c.where,
                f"source '{c.source}' gives {c.metric} {c.period.label} twice.",
                "keep one figure per metric and period in its 'gives'.",
            )
        seen.add((c.metric, c.period, c.source))
    _refuse_repeats(stated, lambda s: (s.metric, s.period, s.base, s.source))
    return confirmations, stated


def _gives(source: Source, metrics: dict[str, Metric]) -> list[Confirmation]:
    """The figures a source declares it gives ('revenue FY2023 7047.461'), each read as a metric, a
    period and a value with the digits written."""
    rel, _, line = source.where.rpartition(":")
    found = []
    for text in source.gives:
        name, _, rest = text.partition(" ")
        period, _, raw = rest.rpartition(" ")
        if name not in metrics:
            raise DataError(
                rel,
                f"source '{source.id}' gives '{text}': unknown metric '{name}'. {did_you_mean(name, metrics, 'metrics')}",
                "use a metric declared in a data/*.meta.yml.",
                line=int(line),
            )
        found.append(
            Confirmation(
                metric=name,
                period=period_at(period, rel, int(line)),
                value=float(raw),
                decimals=decimals_written(raw),
                source=source.id,
                note="",
                where=source.where,
            )
        )
    return found


def _rows(data_dir: Path, name: str, columns: dict[str, str]):
    path = data_dir / name
    if not path.exists():
        return []
    rel = rel_path(path, data_dir)
    return [(rel, line, record) for line, record in read_rows(path, data_dir, list(columns), optional=("note",))]


def _common(record: dict, rel: str, line: int, metrics: dict[str, Metric], sources: dict[str, Source]) -> dict:
    name = record["metric"]
    if name not in metrics:
        raise DataError(
            rel,
            f"unknown metric '{name}'. {did_you_mean(name, metrics, 'metrics')}",
            "use a metric declared in a data/*.meta.yml.",
            line=line,
            column="metric",
        )
    raw = record["value"]
    if not NUMBER_PATTERN.match(raw):
        raise DataError(
            rel,
            f"value '{raw}' is not a plain number.",
            "write the figure as the document does, digits only (e.g. 2761.4 or -12.3).",
            line=line,
            column="value",
        )
    source = parse_source(record["source"], rel, line, sources)
    if not sources[source].is_company_document:
        raise DataError(
            rel,
            f"source '{source}' is of kind '{sources[source].kind}', not one of the company's documents.",
            "cite the company's release or filing that gives the figure; other sources go in a dataset's "
            "'alternative' column.",
            line=line,
            column="source",
        )
    return {
        "metric": name,
        "period": period_at(record["period"], rel, line, "period"),
        "value": float(raw),
        "decimals": decimals_written(raw),
        "source": source,
        "note": record.get("note", ""),
    }


def _refuse_repeats(entries, key) -> None:
    seen: dict = {}
    for entry in entries:
        if key(entry) in seen:
            raise DataError.at(
                entry.where,
                f"this row repeats line {seen[key(entry)].rpartition(':')[2]}.",
                "keep one row per figure and document.",
            )
        seen[key(entry)] = entry.where
