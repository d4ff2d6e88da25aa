"""The data layer: the only code that reads data/. It loads and validates every dataset, the sources
registry and the chart declarations into a Catalog (see catalog.py), and caches it until a file changes."""

from __future__ import annotations

import csv
import difflib
import functools
import io
import math
import re
from pathlib import Path

import yaml

from .catalog import (
    STATUSES,
    Catalog,
    ChartSpec,
    ConsistencyException,
    Dataset,
    Event,
    Metric,
    Observation,
    Source,
    Timeline,
)
from .consistency import CHECK_NAMES
from .errors import DataError, did_you_mean
from .numbers import UNITS
from .periods import FREQUENCIES, MIXED, parse_period
from .prose import find_typed_figures

PERIOD_FIX = "write the period as FY2024, H1 2024, Q1 2025 or 2020-05-08."

SOURCES_FILE = "sources.yml"
EVENTS_FILE = "events.csv"
EVENT_COLUMNS = ("date", "category", "event", "metric", "period", "source", "status")
CHARTS_FILE = "charts.yml"
EXCEPTIONS_FILE = "exceptions.yml"
EXCEPTION_FIELDS = ("check", "metric", "period", "reason")
META_SUFFIX = ".meta.yml"
REQUIRED_COLUMNS = ("metric", "period", "value", "source")
# Where sources disagree, a row keeps the value the site uses and records the other one with its source.
OPTIONAL_COLUMNS = ("status", "note", "alternative", "alternative_source")
SOURCE_FIELDS = ("id", "title", "publisher", "date", "url", "reports")
SOURCE_KINDS = ("filing", "release", "news", "aggregator", "seed")
SOURCE_ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SOURCE_DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
METRIC_FIELDS = ("title", "unit", "short_unit", "description", "decimals")
# Optional rules for the consistency checks: `additive` (four quarters sum to the year), `part_of`
# (a metric this one is a part of, or for percentages a group name whose members sum to at most 100)
# and `at_most` (a metric this one can never exceed in the same period).
# and `ratio_of` (a percentage equal to 100 x numerator / denominator, e.g. a margin: [gross_profit, revenue]).
METRIC_RULES = ("additive", "part_of", "at_most", "ratio_of")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
CHART_KINDS = ("bar", "stacked_bar", "line")
CHART_FIELDS = {"title", "kind", "frequency", "series", "start", "end", "description", "labels"}
# A plain decimal, optionally signed. Thousands separators, units and words are refused so that
# "1,234" or "12%" cannot be misread silently.
NUMBER_PATTERN = re.compile(r"^-?\d+(\.\d+)?$")


# ---------------------------------------------------------------------------------------------
# Loading


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
    sources = _load_sources(data_dir / SOURCES_FILE, data_dir)
    datasets: dict[str, Dataset] = {}
    metric_owner: dict[str, str] = {}
    for csv_path in sorted(p for p in data_dir.glob("*.csv") if p.name != EVENTS_FILE):
        dataset = _load_dataset(csv_path, data_dir, sources)
        for name in dataset.metrics:
            if name in metric_owner:
                raise DataError(
                    _rel(csv_path.with_suffix("").with_suffix(META_SUFFIX), data_dir),
                    f"metric '{name}' is also declared by dataset '{metric_owner[name]}'.",
                    "give each metric one home: rename it or remove one declaration.",
                )
            metric_owner[name] = dataset.name
        datasets[dataset.name] = dataset
    for meta_path in sorted(data_dir.glob("*" + META_SUFFIX)):
        if not meta_path.with_name(meta_path.name[: -len(META_SUFFIX)] + ".csv").exists():
            raise DataError(
                _rel(meta_path, data_dir),
                "this metadata file has no CSV beside it.",
                "add the CSV with the same name, or delete the metadata file.",
            )
    all_metrics = {n: m for ds in datasets.values() for n, m in ds.metrics.items()}
    _check_metric_references(all_metrics, data_dir)
    charts = _load_charts(data_dir / CHARTS_FILE, data_dir, all_metrics)
    exceptions = _load_exceptions(data_dir / EXCEPTIONS_FILE, data_dir, all_metrics)
    events_path = data_dir / EVENTS_FILE
    timeline = _load_timeline(events_path, data_dir, sources, datasets) if events_path.exists() else None
    return Catalog(sources=sources, datasets=datasets, charts=charts, exceptions=exceptions, timeline=timeline)


def _check_metric_references(metrics: dict[str, Metric], data_dir: Path) -> None:
    """part_of and at_most name another metric of the same unit (a percentage may instead name a group);
    ratio_of names two metrics of one unit."""
    for metric in metrics.values():
        rel = f"data/{metric.dataset}{META_SUFFIX}"
        references = [("ratio_of", target) for target in metric.ratio_of or ()]
        references += [(rule, getattr(metric, rule)) for rule in ("part_of", "at_most") if getattr(metric, rule)]
        for rule, target in references:
            if rule == "part_of" and metric.unit == "percent" and target not in metrics:
                continue  # a group of shares, not a metric
            if target not in metrics:
                raise DataError(
                    rel,
                    f"metric '{metric.name}': {rule} names unknown metric '{target}'. "
                    + did_you_mean(target, metrics, "metrics"),
                    "name a metric declared in a .meta.yml.",
                )
            if rule != "ratio_of" and metrics[target].unit != metric.unit:
                raise DataError(
                    rel,
                    f"metric '{metric.name}' ({metric.unit}) cannot be {rule} '{target}' ({metrics[target].unit}).",
                    "compare metrics of the same unit.",
                )
        if metric.ratio_of and metrics[metric.ratio_of[0]].unit != metrics[metric.ratio_of[1]].unit:
            raise DataError(
                rel, f"metric '{metric.name}': ratio_of mixes units.", "name a numerator and denominator of one unit."
            )


def _rel(path: Path, data_dir: Path) -> str:
    """Paths in messages are relative to the project root (data/...), as a contributor sees them."""
    try:
        return str(path.relative_to(data_dir.parent))
    except ValueError:
        return str(path)


def _read_text(path: Path, data_dir: Path) -> str:
    rel = _rel(path, data_dir)
    if not path.exists():
        raise DataError(rel, "the file is missing.", "restore it from git, or create it.")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(
            rel, f"the file is not valid UTF-8 (byte {error.start}).", "save the file with UTF-8 encoding.", line=line
        ) from None
    text = text.removeprefix("\ufeff")  # spreadsheets often add a byte-order mark; it is harmless
    if not text.strip():
        raise DataError(rel, "the file is empty.", "restore its content from git, or delete it.")
    return text


def _read_yaml(path: Path, data_dir: Path):
    """The parsed document and its node tree (which knows the line of every key)."""
    text = _read_text(path, data_dir)
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        # PyYAML often notices a mistake lines after it was made; say where the open structure began.
        context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
        if context and context_mark is not None and context_mark.line + 1 != line:
            problem += f" ({context} that starts on line {context_mark.line + 1})"
        raise DataError(
            _rel(path, data_dir),
            f"YAML syntax error: {problem}.",
            "check indentation and quoting on that line (quote text that contains ':' or '#').",
            line=line,
        ) from None
    except ValueError as error:
        # YAML reads 2024-02-30 as a date and fails outside its own error type.
        raise DataError(
            _rel(path, data_dir),
            f"a value cannot be read ({error}).",
            "check that dates are real calendar dates, written YYYY-MM-DD.",
        ) from None
    finally:
        loader.dispose()


def _key_lines(node, *path: str) -> dict:
    """Line numbers of the keys of a YAML mapping, optionally below nested keys: {key: line}."""
    for key in path:
        if not isinstance(node, yaml.MappingNode):
            return {}
        node = next((v for k, v in node.value if k.value == key), None)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in node.value}


def _require_text(value, path: str, what: str, fix: str) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise DataError(path, f"{what} is missing.", fix)
    if not isinstance(value, str):
        raise DataError(path, f"{what} must be text (found {value!r}).", fix)
    return value.strip()


def _load_sources(path: Path, data_dir: Path) -> dict[str, Source]:
    rel = _rel(path, data_dir)
    entries, node = _read_yaml(path, data_dir)
    lines = [item.start_mark.line + 1 for item in node.value] if isinstance(node, yaml.SequenceNode) else []
    if not isinstance(entries, list):
        raise DataError(rel, "expected a list of sources.", "start each source with '- id: ...'.")
    sources: dict[str, Source] = {}
    item_line = None
    try:
        for index, entry in enumerate(entries, start=1):
            item_line = lines[index - 1]
            if not isinstance(entry, dict):
                raise DataError(
                    rel, f"source #{index} is not a mapping.", "write each source as '- id: ...' with fields below it."
                )
            label = f"source #{index} ({entry.get('id', 'no id')})"
            unknown = set(entry) - set(SOURCE_FIELDS) - {"kind"}
            if unknown:
                raise DataError(
                    rel,
                    f"{label} has unknown field(s) {', '.join(sorted(unknown))}.",
                    f"use only {', '.join(SOURCE_FIELDS)} and kind.",
                )
            # YAML reads 2024-03-20 as a date and 2024 as a number; both are fine, compare them as text.
            values = {k: (str(v) if k == "date" and v is not None else v) for k, v in entry.items()}
            for name in SOURCE_FIELDS:
                _require_text(values.get(name), rel, f"{label}: field '{name}'", f"add '{name}:' to {label}.")
            source = Source(**{k: values[k].strip() for k in SOURCE_FIELDS}, kind=str(values.get("kind", "")))
            if not SOURCE_ID_PATTERN.match(source.id):
                raise DataError(
                    rel, f"{label}: id '{source.id}' is not kebab-case.", "use lower-case letters, digits and hyphens."
                )
            if source.id in sources:
                raise DataError(rel, f"source id '{source.id}' appears twice.", "give each source a unique id.")
            if not re.match(r"^https?://\S+$", source.url):
                raise DataError(
                    rel,
                    f"{label}: url '{source.url}' is not a web address.",
                    "give the http(s) address of the copy you read.",
                )
            if not SOURCE_DATE_PATTERN.match(source.date):
                raise DataError(
                    rel,
                    f"{label}: date '{source.date}' is not YYYY-MM-DD, YYYY-MM or YYYY.",
                    "write the publication date as 2024-03-20.",
                )
            if source.kind and source.kind not in SOURCE_KINDS:
                raise DataError(
                    rel, f"{label}: kind '{source.kind}' is unknown.", f"use one of {', '.join(SOURCE_KINDS)}."
                )
            sources[source.id] = source
    except DataError as error:
        raise error.at_line(item_line) from None
    return sources


def _read_meta(path: Path, data_dir: Path, last_section: str, example: str) -> tuple[dict, object, str, str]:
    """A .meta.yml file's mapping, its node tree, and its required title and description."""
    rel = _rel(path, data_dir)
    meta, node = _read_yaml(path, data_dir)
    if not isinstance(meta, dict):
        raise DataError(
            rel, f"expected a mapping with title, description, columns and {last_section}.", f"see {example}."
        )
    title = _require_text(meta.get("title"), rel, "'title'", "add a one-line 'title:'.")
    description = _require_text(meta.get("description"), rel, "'description'", "add a 'description:' of the dataset.")
    return meta, node, title, description


def _load_metadata(path: Path, data_dir: Path, dataset_name: str) -> tuple[str, str, dict, dict[str, Metric]]:
    rel = _rel(path, data_dir)
    if not path.exists():
        raise DataError(
            rel,
            f"dataset '{dataset_name}' has no metadata file.",
            f"create {rel} with title, description, columns and metrics (copy financials.meta.yml).",
        )
    meta, node, title, description = _read_meta(path, data_dir, "metrics", "financials.meta.yml")
    columns = meta.get("columns")
    if not isinstance(columns, dict):
        raise DataError(rel, "'columns' is missing or not a mapping.", "describe each CSV column under 'columns:'.")
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise DataError(
            rel,
            f"'columns' does not declare {', '.join(missing)}.",
            f"every dataset has the columns {', '.join(REQUIRED_COLUMNS)}.",
        )
    unknown = set(columns) - set(REQUIRED_COLUMNS) - set(OPTIONAL_COLUMNS)
    if unknown:
        raise DataError(
            rel,
            f"'columns' declares unsupported column(s) {', '.join(sorted(unknown))}.",
            f"datasets are tidy: {', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)}; put new measures under 'metrics:'.",
        )
    raw_metrics = meta.get("metrics")
    if not isinstance(raw_metrics, dict) or not raw_metrics:
        raise DataError(
            rel,
            "'metrics' is missing or empty.",
            "declare each metric with title, unit, short_unit, description and decimals.",
        )
    metrics = {}
    item_line = None
    try:
        for name, spec in raw_metrics.items():
            item_line = _key_lines(node, "metrics").get(name)
            if not isinstance(name, str) or not NAME_PATTERN.match(name):
                raise DataError(
                    rel, f"metric name {name!r} is not snake_case.", "use lower-case letters, digits and underscores."
                )
            if not isinstance(spec, dict):
                raise DataError(
                    rel, f"metric '{name}' is not a mapping.", f"give it the fields {', '.join(METRIC_FIELDS)}."
                )
            missing = [f for f in METRIC_FIELDS if f not in spec]
            if missing:
                raise DataError(
                    rel, f"metric '{name}' lacks {', '.join(missing)}.", f"every metric has {', '.join(METRIC_FIELDS)}."
                )
            if spec["unit"] not in UNITS:
                raise DataError(
                    rel,
                    f"metric '{name}' has unknown unit '{spec['unit']}'.",
                    f"use one of: {', '.join(UNITS)} (store amounts as reported, convert only when presenting).",
                )
            decimals = spec["decimals"]
            if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 4:
                raise DataError(
                    rel,
                    f"metric '{name}': decimals must be a whole number from 0 to 4 (found {decimals!r}).",
                    "write e.g. 'decimals: 1'.",
                )
            for text_field in ("title", "short_unit", "description"):
                _require_text(spec[text_field], rel, f"metric '{name}': '{text_field}'", f"fill in '{text_field}'.")
            unknown = set(spec) - set(METRIC_FIELDS) - set(METRIC_RULES)
            if unknown:
                raise DataError(
                    rel,
                    f"metric '{name}' has unknown field(s) {', '.join(sorted(unknown))}.",
                    f"use {', '.join(METRIC_FIELDS)} and optionally {', '.join(METRIC_RULES)}.",
                )
            if not isinstance(spec.get("additive", False), bool):
                raise DataError(rel, f"metric '{name}': additive must be true or false.", "write 'additive: true'.")
            for rule in ("part_of", "at_most"):
                if rule in spec and not (isinstance(spec[rule], str) and NAME_PATTERN.match(spec[rule])):
                    raise DataError(rel, f"metric '{name}': {rule} must name a metric.", f"write '{rule}: revenue'.")
            ratio_of = spec.get("ratio_of")
            if ratio_of is not None and not (
                spec["unit"] == "percent"
                and isinstance(ratio_of, list)
                and len(ratio_of) == 2
                and all(isinstance(m, str) and NAME_PATTERN.match(m) for m in ratio_of)
            ):
                raise DataError(
                    rel,
                    f"metric '{name}': ratio_of must list a numerator and a denominator metric, on a percent metric.",
                    "write 'ratio_of: [gross_profit, revenue]'.",
                )
            metrics[name] = Metric(
                name=name,
                title=spec["title"].strip(),
                unit=spec["unit"],
                short_unit=spec["short_unit"].strip(),
                description=spec["description"].strip(),
                decimals=decimals,
                dataset=dataset_name,
                additive=spec.get("additive", False),
                part_of=spec.get("part_of"),
                at_most=spec.get("at_most"),
                ratio_of=tuple(ratio_of) if ratio_of else None,
            )
    except DataError as error:
        raise error.at_line(item_line) from None
    return title, description, columns, metrics


def _load_dataset(csv_path: Path, data_dir: Path, sources: dict[str, Source]) -> Dataset:
    name = csv_path.stem
    rel = _rel(csv_path, data_dir)
    if not NAME_PATTERN.match(name):
        raise DataError(
            rel,
            f"dataset name '{name}' is not snake_case.",
            "rename the file with lower-case letters, digits and underscores.",
        )
    title, description, columns, metrics = _load_metadata(csv_path.with_name(name + META_SUFFIX), data_dir, name)
    dataset = Dataset(name=name, title=title, description=description, path=rel, columns=columns, metrics=metrics)
    for line_no, record in _read_rows(csv_path, data_dir, list(columns)):
        observation = _parse_row(record, rel, line_no, metrics, sources)
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


def _read_rows(
    csv_path: Path, data_dir: Path, declared: list[str], optional: tuple[str, ...] = OPTIONAL_COLUMNS
) -> list[tuple[int, dict[str, str]]]:
    """The CSV's rows as {column: text} with their line numbers, once the header matches the declared
    columns and every row has one field per column (optional ones at the end may be left off). Blank
    lines are skipped."""
    rel = _rel(csv_path, data_dir)
    name = csv_path.stem
    text = _read_text(csv_path, data_dir)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        raise DataError(
            rel,
            f"the CSV cannot be parsed ({error}).",
            "check quotes: a field with a comma must be wrapped in double quotes.",
        ) from None
    header = [h.strip() for h in rows[0]]
    missing = [c for c in declared if c not in header]
    if missing:
        found = ", ".join(header)
        unexpected = [h for h in header if h not in declared]
        hints = "".join(
            f" '{close[0]}' looks like a misspelling of '{m}'."
            for m in missing
            if (close := difflib.get_close_matches(m, unexpected, n=1, cutoff=0.6))
        )
        raise DataError(
            rel,
            f"the header lacks column(s) {', '.join(missing)} (found: {found}).{hints}",
            f"make line 1 read '{','.join(declared)}'.",
            line=1,
        )
    extra = [h for h in header if h not in declared]
    if extra:
        raise DataError(
            rel,
            f"unexpected column(s) {', '.join(extra)} in the header.",
            f"remove them, or declare them under 'columns:' in {name}{META_SUFFIX}.",
            line=1,
        )
    if len(set(header)) != len(header):
        raise DataError(rel, "a column name appears twice in the header.", "keep one of each.", line=1)
    records = []
    for line_no, row in enumerate(rows[1:], start=2):
        if not row or all(not cell.strip() for cell in row):
            continue
        # Trailing optional columns (status, note, alternative...) may be left off a row.
        if len(row) < len(header) and all(h in optional for h in header[len(row) :]):
            row = row + [""] * (len(header) - len(row))
        if len(row) != len(header):
            raise DataError(
                rel,
                f"the row has {len(row)} fields but the header has {len(header)} ({','.join(header)}).",
                "complete the row, or wrap a value that contains a comma in double quotes.",
                line=line_no,
            )
        record = {h: cell.strip() for h, cell in zip(header, row, strict=True)}
        records.append((line_no, record))
    return records


def _parse_row(
    record: dict[str, str], rel: str, line_no: int, metrics: dict[str, Metric], sources: dict[str, Source]
) -> Observation:
    metric = record["metric"]
    if metric not in metrics:
        raise DataError(
            rel,
            f"unknown metric '{metric}'. {did_you_mean(metric, metrics, 'metrics')}",
            "use a metric declared in the dataset's .meta.yml, or declare it there.",
            line=line_no,
            column="metric",
        )
    try:
        period = parse_period(record["period"])
    except ValueError as error:
        raise DataError(rel, str(error), PERIOD_FIX, line=line_no, column="period") from None
    raw_value = record["value"]
    if not NUMBER_PATTERN.match(raw_value):
        raise DataError(
            rel,
            f"value '{raw_value}' is not a plain number.",
            f"write digits with an optional minus and decimal point (e.g. 1234.5), in {metrics[metric].unit}, "
            "without thousands separators or units.",
            line=line_no,
            column="value",
        )
    value = float(raw_value)
    if not math.isfinite(value):
        raise DataError(
            rel, f"value '{raw_value}' is not finite.", "write a finite number.", line=line_no, column="value"
        )
    source = _parse_source(record["source"], rel, line_no, sources)
    status = _parse_status(record.get("status", ""), rel, line_no)
    alternative, alternative_source = _parse_alternative(record, rel, line_no, metrics[metric], sources)
    alternative_decimals = _decimals_written(record.get("alternative", ""))
    return Observation(
        metric=metric,
        period=period,
        value=value,
        decimals=_decimals_written(raw_value),
        source=source,
        status=status,
        note=record.get("note", ""),
        alternative=alternative,
        alternative_source=alternative_source,
        alternative_decimals=alternative_decimals,
        path=rel,
        line=line_no,
    )


def _decimals_written(raw: str) -> int:
    """Digits after the decimal point as written in the CSV: "9559" has 0, "1970.0" has 1."""
    return len(raw.partition(".")[2])


def _parse_source(source: str, rel: str, line_no: int, sources: dict[str, Source], column: str = "source") -> str:
    if source not in sources:
        raise DataError(
            rel,
            f"unknown {column.replace('_', ' ')} '{source}'. {did_you_mean(source, sources, 'sources')}",
            f"add an entry with id '{source}' to data/{SOURCES_FILE}, or fix the id.",
            line=line_no,
            column=column,
        )
    return source


def _parse_status(status: str, rel: str, line_no: int) -> str:
    status = status or "reported"
    if status not in STATUSES:
        raise DataError(
            rel,
            f"unknown status '{status}'. {did_you_mean(status, STATUSES, 'statuses')}",
            "use " + ", ".join(f"'{k}' ({v})" for k, v in STATUSES.items()) + ".",
            line=line_no,
            column="status",
        )
    return status


def _parse_alternative(
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
    _parse_source(source, rel, line_no, sources, column="alternative_source")
    if not record.get("note"):
        raise DataError(
            rel,
            "a value with an alternative has no note.",
            "say in the note why the site uses its value rather than the alternative.",
            line=line_no,
            column="note",
        )
    return float(raw), source


def _load_charts(path: Path, data_dir: Path, metrics: dict[str, Metric]) -> dict[str, ChartSpec]:
    rel = _rel(path, data_dir)
    if not path.exists():
        return {}
    declared, node = _read_yaml(path, data_dir)
    if not isinstance(declared, dict):
        raise DataError(
            rel, "expected a mapping of chart names to declarations.", "start each chart with 'chart_name:'."
        )
    charts = {}
    item_line = None
    try:
        for name, spec in declared.items():
            item_line = _key_lines(node).get(name)
            if not isinstance(name, str) or not NAME_PATTERN.match(name):
                raise DataError(
                    rel, f"chart name {name!r} is not snake_case.", "use lower-case letters, digits and underscores."
                )
            if not isinstance(spec, dict):
                raise DataError(rel, f"chart '{name}' is not a mapping.", "give it title, kind, frequency and series.")
            unknown = set(spec) - CHART_FIELDS
            if unknown:
                raise DataError(
                    rel,
                    f"chart '{name}' has unknown field(s) {', '.join(sorted(unknown))}.",
                    f"use only {', '.join(sorted(CHART_FIELDS))}.",
                )
            title = _require_text(spec.get("title"), rel, f"chart '{name}': 'title'", "give the chart a title.")
            kind = spec.get("kind")
            if kind not in CHART_KINDS:
                raise DataError(
                    rel, f"chart '{name}': kind {kind!r} is unknown.", f"use one of {', '.join(CHART_KINDS)}."
                )
            frequency = spec.get("frequency")
            if frequency not in (*FREQUENCIES, MIXED):
                raise DataError(
                    rel,
                    f"chart '{name}': frequency {frequency!r} is unknown.",
                    f"use one of {', '.join((*FREQUENCIES, MIXED))}.",
                )
            series = spec.get("series")
            if not isinstance(series, list) or not series:
                raise DataError(
                    rel, f"chart '{name}': 'series' must be a non-empty list of metrics.", "list the metrics to plot."
                )
            for metric in series:
                if not isinstance(metric, str) or metric not in metrics:
                    raise DataError(
                        rel,
                        f"chart '{name}': unknown metric '{metric}'. {did_you_mean(str(metric), metrics, 'metrics')}",
                        "use a metric declared in a dataset's .meta.yml.",
                    )
            units = {metrics[m].unit for m in series}
            if len(units) > 1:
                raise DataError(
                    rel,
                    f"chart '{name}' mixes units ({', '.join(sorted(units))}).",
                    "plot series of one unit per chart.",
                )
            bounds = {}
            for bound in ("start", "end"):
                if spec.get(bound) is None:
                    bounds[bound] = None
                    continue
                try:
                    bounds[bound] = parse_period(spec[bound])
                except ValueError as error:
                    raise DataError(rel, f"chart '{name}': {bound}: {error}", PERIOD_FIX) from None
                if frequency != MIXED and bounds[bound].frequency != frequency:
                    raise DataError(
                        rel,
                        f"chart '{name}': {bound} {bounds[bound]} is not {frequency}.",
                        f"use a {frequency} period.",
                    )
            labels = spec.get("labels") or {}
            if not isinstance(labels, dict) or not all(
                m in series and isinstance(text, str) and text.strip() for m, text in labels.items()
            ):
                raise DataError(
                    rel,
                    f"chart '{name}': 'labels' must map metrics of its series to legend names.",
                    "write e.g. 'labels: {revenue: Kingsoft Cloud}'.",
                )
            charts[name] = ChartSpec(
                name=name,
                title=title,
                kind=kind,
                frequency=frequency,
                series=tuple(series),
                start=bounds["start"],
                end=bounds["end"],
                description=str(spec.get("description", "")).strip(),
                labels=tuple((m, text.strip()) for m, text in labels.items()),
            )
    except DataError as error:
        raise error.at_line(item_line) from None
    return charts


def _load_exceptions(path: Path, data_dir: Path, metrics: dict[str, Metric]) -> tuple[ConsistencyException, ...]:
    rel = _rel(path, data_dir)
    if not path.exists():
        return ()
    entries, node = _read_yaml(path, data_dir)
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise DataError(rel, "expected a list of exceptions.", "start each exception with '- check: ...'.")
    lines = [item.start_mark.line + 1 for item in node.value]
    found = []
    for entry, line in zip(entries, lines, strict=True):
        if not isinstance(entry, dict) or set(entry) != set(EXCEPTION_FIELDS):
            raise DataError(
                rel,
                f"an exception must have exactly the fields {', '.join(EXCEPTION_FIELDS)}.",
                "give the check, metric, period and the reason the sources disagree.",
                line=line,
            )
        if entry["check"] not in CHECK_NAMES:
            raise DataError(
                rel,
                f"unknown check '{entry['check']}'. {did_you_mean(str(entry['check']), CHECK_NAMES, 'checks')}",
                "copy the check name from the build's error message.",
                line=line,
            )
        if not isinstance(entry["metric"], str) or entry["metric"] not in metrics:
            raise DataError(
                rel,
                f"unknown metric '{entry['metric']}'. {did_you_mean(str(entry['metric']), metrics, 'metrics')}",
                "copy the metric from the build's error message.",
                line=line,
            )
        try:
            period = parse_period(str(entry["period"])).label
        except ValueError as error:
            raise DataError(rel, str(error), PERIOD_FIX, line=line) from None
        reason = _require_text(
            entry["reason"], rel, "'reason'", "say which sources disagree and which value the site uses."
        )
        found.append(ConsistencyException(entry["check"], entry["metric"], period, reason, f"{rel}:{line}"))
    return tuple(found)


def _load_timeline(
    csv_path: Path, data_dir: Path, sources: dict[str, Source], datasets: dict[str, Dataset]
) -> Timeline:
    """data/events.csv: one dated event per row. Its text is prose, so figures in it are refused like
    figures typed into a page; an event's figure is named by metric and period instead."""
    rel = _rel(csv_path, data_dir)
    meta_path = csv_path.with_name(csv_path.stem + META_SUFFIX)
    meta_rel = _rel(meta_path, data_dir)
    if not meta_path.exists():
        raise DataError(
            meta_rel, "the events have no metadata file.", "create it with title, description, columns and categories."
        )
    meta, _, title, description = _read_meta(meta_path, data_dir, "categories", "events.meta.yml")
    columns = meta.get("columns")
    if not isinstance(columns, dict) or tuple(columns) != EVENT_COLUMNS:
        raise DataError(
            meta_rel,
            f"'columns' must declare exactly {', '.join(EVENT_COLUMNS)}, in that order.",
            "describe each column under 'columns:'.",
        )
    categories = meta.get("categories")
    if not isinstance(categories, dict) or not categories or not all(isinstance(v, str) for v in categories.values()):
        raise DataError(
            meta_rel,
            "'categories' must map each category name to its title.",
            "write e.g. 'listing: Listings and offerings'.",
        )
    events = []
    for line_no, record in _read_rows(csv_path, data_dir, list(EVENT_COLUMNS), optional=("status",)):
        try:
            date = parse_period(record["date"])
        except ValueError as error:
            raise DataError(
                rel,
                str(error),
                "write the date as 2020-05-08, or 2013-08 when only the month is known.",
                line=line_no,
                column="date",
            ) from None
        if date.frequency != "dated":
            raise DataError(
                rel,
                f"'{record['date']}' is not a date.",
                "write the date as 2020-05-08, or 2013-08 when only the month is known.",
                line=line_no,
                column="date",
            )
        if record["category"] not in categories:
            raise DataError(
                rel,
                f"unknown category '{record['category']}'. {did_you_mean(record['category'], categories, 'categories')}",
                f"use a category declared in {meta_rel}, or declare it there.",
                line=line_no,
                column="category",
            )
        text = record["event"]
        if not text:
            raise DataError(
                rel, "the event has no text.", "say what happened, in one sentence.", line=line_no, column="event"
            )
        if typed := find_typed_figures(text):
            raise DataError(
                rel,
                f"'{typed[0].text}' is {typed[0].kind} typed into the event.",
                "store the figure in a dataset and name it in the 'metric' and 'period' columns.",
                line=line_no,
                column="event",
            )
        metric, period = record["metric"], record["period"]
        if bool(metric) != bool(period):
            raise DataError(
                rel,
                "an event's figure needs both 'metric' and 'period'.",
                "fill in both, or leave both empty.",
                line=line_no,
                column="metric" if not metric else "period",
            )
        if metric:
            owner = next((ds for ds in datasets.values() if metric in ds.metrics), None)
            if owner is None:
                known = [m for ds in datasets.values() for m in ds.metrics]
                raise DataError(
                    rel,
                    f"unknown metric '{metric}'. {did_you_mean(metric, known, 'metrics')}",
                    "use a metric declared in a dataset's .meta.yml.",
                    line=line_no,
                    column="metric",
                )
            try:
                key = (metric, parse_period(period))
            except ValueError as error:
                raise DataError(rel, str(error), PERIOD_FIX, line=line_no, column="period") from None
            if key not in owner.observations:
                raise DataError(
                    rel,
                    f"'{metric}' has no value for {period} in {owner.path}.",
                    f"add that row to {owner.path}, or fix the period.",
                    line=line_no,
                    column="period",
                )
            period = key[1].label
        events.append(
            Event(
                date=date,
                category=record["category"],
                text=text,
                source=_parse_source(record["source"], rel, line_no, sources),
                status=_parse_status(record["status"], rel, line_no),
                metric=metric,
                period=period,
                line=line_no,
            )
        )
    if not events:
        raise DataError(rel, "the file has a header but no rows.", "add events, or delete the file.")
    return Timeline(title, description, rel, columns, categories, tuple(sorted(events, key=lambda e: e.date)))
