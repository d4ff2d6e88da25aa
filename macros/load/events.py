"""data/events.csv: the dated history. An event's text is a sentence without typed figures; where it
has a figure, the text says {value} and the metric and period columns name the value in a dataset."""

from __future__ import annotations

from pathlib import Path

from macros.core.errors import DataError, did_you_mean
from macros.core.model import Dataset, Event, Source, Timeline
from macros.core.periods import PERIOD_FIX, Frequency, parse_period
from macros.core.typed_figures import find_typed_figures
from macros.load.datasets import parse_source, parse_status
from macros.load.rows import read_rows
from macros.load.yaml_files import read_yaml, rel_path

EVENTS_FILE = "events.csv"
EVENTS_META = "events.meta.yml"
EVENT_COLUMNS = ("date", "category", "event", "metric", "period", "source", "status")
# The Chinese edition's text of an event, after `event`; required only when that edition is built.
CHINESE_COLUMN = "event_zh"
PLACEHOLDER = "{value}"
DATE_FIX = "write the date as 2020-05-08, or 2013-08 when only the month is known."


def load_timeline(data_dir: Path, sources: dict[str, Source], datasets: dict[str, Dataset]) -> Timeline | None:
    csv_path = data_dir / EVENTS_FILE
    if not csv_path.exists():
        return None
    rel = rel_path(csv_path, data_dir)
    meta_path = data_dir / EVENTS_META
    if not meta_path.exists():
        raise DataError(
            rel_path(meta_path, data_dir),
            "the events have no metadata file.",
            "create it with title, description, columns and categories.",
        )
    meta, _ = read_yaml(meta_path, data_dir)
    columns, categories = meta["columns"], meta["categories"]
    if tuple(c for c in columns if c != CHINESE_COLUMN) != EVENT_COLUMNS:
        raise DataError(
            rel_path(meta_path, data_dir),
            f"'columns' must declare exactly {', '.join(EVENT_COLUMNS)} (and {CHINESE_COLUMN} after event), in that order.",
            "describe each column under 'columns:'.",
        )
    events = [
        _event(record, rel, line_no, categories, sources, datasets)
        for line_no, record in read_rows(csv_path, data_dir, list(columns), optional=(CHINESE_COLUMN,))
    ]
    if not events:
        raise DataError(rel, "the file has a header but no rows.", "add events, or delete the file.")
    return Timeline(
        meta["title"].strip(),
        meta["description"].strip(),
        rel,
        columns,
        categories,
        tuple(sorted(events, key=lambda e: e.date)),
        chinese=meta.get("zh") or {},
    )


def _event(record, rel, line_no, categories, sources, datasets) -> Event:
    def fail(problem: str, fix: str, column: str):
        return DataError(rel, problem, fix, line=line_no, column=column)

    try:
        date = parse_period(record["date"])
    except ValueError as error:
        raise fail(str(error), DATE_FIX, "date") from None
    if date.frequency != Frequency.DATED:
        raise fail(f"'{record['date']}' is not a date.", DATE_FIX, "date")
    if record["category"] not in categories:
        raise fail(
            f"unknown category '{record['category']}'. {did_you_mean(record['category'], categories, 'categories')}",
            f"use a category declared in data/{EVENTS_META}, or declare it there.",
            "category",
        )
    text = record["event"]
    if not text:
        raise fail("the event has no text.", "say what happened, in one sentence.", "event")
    if typed := find_typed_figures(text):
        raise fail(
            f"'{typed[0].text}' is {typed[0].kind} typed into the event.",
            "store the figure in a dataset, name it in the 'metric' and 'period' columns and write {value} where it goes.",
            "event",
        )
    metric, period = record["metric"], record["period"]
    if bool(metric) != bool(period):
        raise fail(
            "an event's figure needs both 'metric' and 'period'.",
            "fill in both, or leave both empty.",
            "metric" if not metric else "period",
        )
    if metric and text.count(PLACEHOLDER) != 1:
        raise fail(
            f"the event names the metric '{metric}' but its text does not say where the figure goes.",
            "write {value} once in the text where the figure belongs, e.g. 'The IPO is priced at {value} per ADS.'",
            "event",
        )
    if not metric and PLACEHOLDER in text:
        raise fail(
            "the text has {value} but the event names no metric.",
            "fill in 'metric' and 'period', or remove {value}.",
            "event",
        )
    if "{" in text.replace(PLACEHOLDER, "") or "}" in text.replace(PLACEHOLDER, ""):
        raise fail("the text has a brace that is not {value}.", "write the placeholder exactly as {value}.", "event")
    if metric:
        period = _event_period(metric, period, datasets, fail)
    source = parse_source(record["source"], rel, line_no, sources)
    status = parse_status(record["status"], sources[source], rel, line_no)
    # An event is reported after it happens (a document may announce a plan for a later date).
    if sources[source].date[:7] < date.label[:7] and len(sources[source].date) >= 7:
        raise fail(
            f"source '{source}' is dated {sources[source].date}, before the event ({date.label}).",
            "date the event when it happened, and cite a document that reports it.",
            "source",
        )
    return Event(
        date=date,
        category=record["category"],
        text=text,
        source=source,
        status=status,
        metric=metric,
        period=period,
        line=line_no,
        chinese={"text": record.get(CHINESE_COLUMN, "")},
    )


def _event_period(metric: str, period: str, datasets: dict[str, Dataset], fail) -> str:
    owner = next((ds for ds in datasets.values() if metric in ds.metrics), None)
    if owner is None:
        known = [m for ds in datasets.values() for m in ds.metrics]
        raise fail(
            f"unknown metric '{metric}'. {did_you_mean(metric, known, 'metrics')}",
            "use a metric declared in a dataset's .meta.yml.",
            "metric",
        )
    try:
        key = (metric, parse_period(period))
    except ValueError as error:
        raise fail(str(error), PERIOD_FIX, "period") from None
    if key not in owner.observations:
        raise fail(
            f"'{metric}' has no value for {period} in {owner.path}.",
            f"add that row to {owner.path}, or fix the period.",
            "period",
        )
    return key[1].label
