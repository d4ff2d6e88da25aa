"""data/NAME.csv: one tidy dataset per file, every row a sourced value of a declared metric, checked
as it is read (a number, a known metric and period, a sign the metric allows, a source of the right
kind that was published after the period ended)."""

from __future__ import annotations

import math
import re
from pathlib import Path

from macros.core.errors import DataError, did_you_mean
from macros.core.model import (
    OPTIONAL_COLUMNS,
    SIGNS,
    SOURCE_KINDS,
    STATUSES,
    WRITTEN_STATUSES,
    Dataset,
    Metric,
    Observation,
    Source,
)
from macros.core.periods import PERIOD_FIX, Frequency, parse_period
from macros.load.metadata import META_SUFFIX, load_metadata
from macros.load.rows import read_rows
from macros.load.yaml_files import rel_path

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
# A plain decimal, optionally signed. Thousands separators, units and words are refused so that
# "1,234" or "12%" cannot be misread silently.
NUMBER_PATTERN = re.compile(r"^-?\d+(\.\d+)?$")


def load_dataset(csv_path: Path, data_dir: Path, sources: dict[str, Source]) -> Dataset:
    name = csv_path.stem
    rel = rel_path(csv_path, data_dir)
    if not NAME_PATTERN.match(name):
        raise DataError(
            rel,
            f"dataset name '{name}' is not snake_case.",
            "rename the file with lower-case letters, digits and underscores.",
        )
    title, description, columns, metrics, chinese = load_metadata(
        csv_path.with_name(name + META_SUFFIX), data_dir, name
    )
    dataset = Dataset(
        name=name, title=title, description=description, path=rel, columns=columns, metrics=metrics, chinese=chinese
    )
    for line_no, record in read_rows(csv_path, data_dir, list(columns), OPTIONAL_COLUMNS):
        observation = parse_row(record, rel, line_no, metrics, sources)
        key = (observation.metric, observation.period)
        if key in dataset.observations:
            first = dataset.observations[key].line
            raise DataError(
                rel,
                f"'{observation.metric}' for {observation.period.label} is already given on line {first}.",
                "keep one row per metric and period; record another source's figure in the 'alternative' column.",
                line=line_no,
            )
        dataset.observations[key] = observation
    if not dataset.observations:
        raise DataError(rel, "the file has a header but no rows.", "add data rows, or delete the dataset.")
    return dataset


def parse_row(
    record: dict[str, str], rel: str, line_no: int, metrics: dict[str, Metric], sources: dict[str, Source]
) -> Observation:
    def fail(problem: str, fix: str, column: str | None = None):
        return DataError(rel, problem, fix, line=line_no, column=column)

    metric_name = record["metric"]
    if metric_name not in metrics:
        raise fail(
            f"unknown metric '{metric_name}'. {did_you_mean(metric_name, metrics, 'metrics')}",
            "use a metric declared in the dataset's .meta.yml, or declare it there.",
            "metric",
        )
    metric = metrics[metric_name]
    try:
        period = parse_period(record["period"])
    except ValueError as error:
        raise fail(str(error), PERIOD_FIX, "period") from None
    if metric.stock and (period.frequency != Frequency.DATED or period.day is None):
        raise fail(
            f"'{metric_name}' is a balance at a date, but {period.label} is a period.",
            f"write the date the balance is for, e.g. {period.end_date}.",
            "period",
        )
    raw_value = record["value"]
    if not NUMBER_PATTERN.match(raw_value):
        raise fail(
            f"value '{raw_value}' is not a plain number.",
            f"write digits with an optional minus and decimal point (e.g. 1234.5), in {metric.unit}, "
            "without thousands separators or units.",
            "value",
        )
    value = float(raw_value)
    if not math.isfinite(value):
        raise fail(f"value '{raw_value}' is not finite.", "write a finite number.", "value")
    check_sign(value, metric, fail)
    source = parse_source(record["source"], rel, line_no, sources, neighbour=raw_value)
    status = parse_status(record["status"], sources[source], rel, line_no)
    check_source_date(sources[source], period, metric, fail)
    alternative, alternative_source = parse_alternative(record, rel, line_no, metric, sources)
    return Observation(
        metric=metric_name,
        period=period,
        value=value,
        decimals=decimals_written(raw_value),
        source=source,
        status=status,
        note=record.get("note", ""),
        note_zh=record.get("note_zh", ""),
        alternative=alternative,
        alternative_source=alternative_source,
        alternative_decimals=decimals_written(record.get("alternative", "")),
        path=rel,
        line=line_no,
    )


def check_sign(value: float, metric: Metric, fail) -> None:
    allowed = {"positive": value >= 0, "loss": value >= 0, "negative": value <= 0}.get(metric.sign, True)
    if not allowed:
        fix = (
            "store a loss as a positive amount (the metric's name says it is a loss)."
            if metric.sign == "loss"
            else f"check the sign: '{metric.name}' is declared 'sign: {metric.sign}' ({SIGNS[metric.sign]})."
        )
        raise fail(f"value {value:g} has the wrong sign for '{metric.name}'.", fix, "value")


def decimals_written(raw: str) -> int:
    """Digits after the decimal point as written in the CSV: "9559" has 0, "1970.0" has 1."""
    return len(raw.partition(".")[2])


def parse_source(
    source: str, rel: str, line_no: int, sources: dict[str, Source], column: str = "source", neighbour: str = ""
) -> str:
    if source not in sources:
        problem = f"unknown {column.replace('_', ' ')} '{source}'. {did_you_mean(source, sources, 'sources')}"
        fix = f"add an entry with id '{source}' to data/sources.yml, or fix the id."
        if re.fullmatch(r"\d{3}(\.\d+)?", source) and re.fullmatch(r"-?\d{1,3}", neighbour):
            # "2,650.0" in a row split the number over two columns.
            problem = f"the value looks split by a thousands separator ('{neighbour},{source}')."
            fix = f"write the value without the comma ({neighbour}{source}), or quote it."
            column = "value"
        raise DataError(rel, problem, fix, line=line_no, column=column)
    return source


def parse_status(status: str, source: Source, rel: str, line_no: int) -> str:
    if not status:
        raise DataError(
            rel,
            "the status is empty.",
            "write " + ", ".join(f"'{k}' ({STATUSES[k]})" for k in WRITTEN_STATUSES) + ".",
            line=line_no,
            column="status",
        )
    if status not in WRITTEN_STATUSES:
        raise DataError(
            rel,
            f"unknown status '{status}'. {did_you_mean(status, WRITTEN_STATUSES, 'statuses')}",
            "use " + ", ".join(f"'{k}' ({STATUSES[k]})" for k in WRITTEN_STATUSES) + ".",
            line=line_no,
            column="status",
        )
    expected = SOURCE_KINDS[source.kind].status
    if status != expected:
        raise DataError(
            rel,
            f"status '{status}' cannot cite source '{source.id}', which is of kind '{source.kind}'.",
            f"a {source.kind} source backs '{expected}' values; "
            + (
                "cite the company's own release or filing for a reported value."
                if status == "reported"
                else f"write '{expected}'."
            ),
            line=line_no,
            column="status",
        )
    return status


def latest_possible_date(date: str) -> str:
    """A source date of 2024 or 2024-03 could be as late as 2024-12-31 or 2024-03-31."""
    if len(date) == 4:
        return date + "-12-31"
    if len(date) == 7:
        return date + "-31"
    return date


def check_source_date(source: Source, period, metric: Metric, fail) -> None:
    """A document cannot report a period that had not ended when it was published. A date known only
    to the month is a day within that month, so a source from the same month may report it."""
    earliest = (
        f"{period.year}-{period.month:02d}-{period.day or 1:02d}"
        if period.frequency == Frequency.DATED
        else period.end_date
    )
    if not metric.forward and latest_possible_date(source.date) < earliest:
        raise fail(
            f"source '{source.id}' is dated {source.date}, before {period.label} ended ({period.end_date}).",
            "check the period and the source's date; a document reports only periods that have ended.",
            "source",
        )


def parse_alternative(
    record: dict[str, str], rel: str, line_no: int, metric: Metric, sources: dict[str, Source]
) -> tuple[float | None, str]:
    """The value another source gives, and that source; both or neither, and the note says why the
    site chose its value."""
    raw, source = record.get("alternative", ""), record.get("alternative_source", "")
    if not raw and not source:
        return None, ""
    if not raw or not source:
        raise DataError(
            rel,
            "an alternative value needs both 'alternative' and 'alternative_source'.",
            "give the other source's value and its id from data/sources.yml, or leave both empty.",
            line=line_no,
            column="alternative" if not raw else "alternative_source",
        )
    if not NUMBER_PATTERN.match(raw):
        raise DataError(
            rel,
            f"alternative '{raw}' is not a plain number.",
            f"write the other source's figure in {metric.unit}, digits only (e.g. 6677).",
            line=line_no,
            column="alternative",
        )
    parse_source(source, rel, line_no, sources, column="alternative_source")
    if not record.get("note"):
        raise DataError(
            rel,
            "a value with an alternative has no note.",
            "say in the note why the site uses its value rather than the alternative.",
            line=line_no,
            column="note",
        )
    return float(raw), source
