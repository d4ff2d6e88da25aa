"""The JSON Schemas of the YAML files in data/, declared once. The loaders validate each file against
its schema, and `make schemas` publishes them to data/schemas/ so that a contributor's editor completes
and checks fields while typing (each YAML file names its schema on its first line).

Besides the standard keywords, a property may carry `x-fix`: what the build tells the contributor to do
when the value breaks the schema. Editors ignore it."""

from __future__ import annotations

from .model import CHECK_NAMES, SIGNS, SOURCE_KINDS
from .numbers import UNITS
from .periods import FREQUENCIES, MIXED

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = "schemas"
NAME = "^[a-z][a-z0-9_]*$"
KEBAB = "^[a-z0-9]+(-[a-z0-9]+)*$"
# Periods as written: FY2024, H1 2024, 9M 2024, Q1 2025, 2020-05-08 or 2013-08.
PERIOD = r"^(FY\d{4}|H[12] \d{4}|9M \d{4}|Q[1-4] \d{4}|\d{4}-\d{2}(-\d{2})?)$"
PERIOD_FIX = "write the period as FY2024, H1 2024, Q1 2025 or 2020-05-08."
CHART_KINDS = ("bar", "stacked_bar", "line")


def _text(description: str, fix: str | None = None) -> dict:
    return {
        "type": "string",
        "minLength": 1,
        "description": description,
        "x-fix": fix or f"write {description[0].lower() + description[1:]}",
    }


def _period(description: str) -> dict:
    return {"type": "string", "pattern": PERIOD, "description": description, "x-fix": PERIOD_FIX}


SOURCES = {
    "$schema": DRAFT,
    "title": "Sources registry (data/sources.yml)",
    "description": "Every document a value or a page cites. A value's source column names one of these ids.",
    "type": "array",
    "items": {
        "type": "object",
        "required": ["id", "title", "publisher", "date", "url", "kind", "reports"],
        "additionalProperties": False,
        "properties": {
            "id": {
                "type": "string",
                "pattern": KEBAB,
                "description": "A unique, kebab-case id, e.g. kc-q1-2026-results.",
                "x-fix": "use lower-case letters, digits and hyphens.",
            },
            "title": _text("The document's own title."),
            "publisher": _text(
                "Who published it: the company, a regulator or exchange, the research firm, or a named news "
                "organisation; a copy says whose copy it is ('Kingsoft Cloud Holdings Ltd via PR Newswire')."
            ),
            "date": {
                "type": ["string", "integer"],
                "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
                "minimum": 1990,
                "maximum": 2100,
                "description": "The document's own publication date: YYYY-MM-DD (YYYY-MM or YYYY when only that is shown).",
                "x-fix": "write the publication date as 2024-03-20.",
            },
            "url": {
                "type": "string",
                "pattern": r"^https?://\S+$",
                "description": "The address of the document itself, not a search result, listing or staging page.",
                "x-fix": "give the http(s) address of the copy you read.",
            },
            "kind": {
                "enum": list(SOURCE_KINDS),
                "description": "filing or release (the company's own documents), research (a research firm's own "
                "publication), exchange (an exchange's own data), news, aggregator, mirror (a copy of another "
                "publisher's document), or seed (the article this project began from).",
                "x-fix": f"use one of {', '.join(SOURCE_KINDS)}.",
            },
            "reports": _text("What the site takes from the document."),
            "original_publisher": _text("For a mirror: who published the original document."),
        },
    },
}

METRIC = {
    "type": "object",
    "required": ["title", "unit", "short_unit", "description", "decimals", "sign"],
    "additionalProperties": False,
    "properties": {
        "title": _text("The metric's name as readers see it."),
        "unit": {
            "enum": list(UNITS),
            "description": "The unit values are stored in (amounts as reported; convert only when presenting).",
            "x-fix": f"use one of: {', '.join(UNITS)}.",
        },
        "short_unit": _text("The unit as an axis or table header shows it, e.g. RMB m."),
        "description": _text("What the metric counts, in one or two sentences."),
        "decimals": {
            "type": "integer",
            "minimum": 0,
            "maximum": 4,
            "description": "Decimals shown (never more than the source gave).",
            "x-fix": "write a whole number from 0 to 4, e.g. 'decimals: 1'.",
        },
        "sign": {
            "enum": list(SIGNS),
            "description": "How values are signed: " + "; ".join(f"{k}: {v}" for k, v in SIGNS.items()) + ".",
            "x-fix": f"use one of {', '.join(SIGNS)}.",
        },
        "stock": {
            "type": "boolean",
            "description": "A balance at a date (balance-sheet item, share count): its periods are dates.",
            "x-fix": "write 'stock: true' or leave it out.",
        },
        "persists": {
            "type": "boolean",
            "description": "For a stock: its value holds until a new one is stored (e.g. shares per ADS).",
            "x-fix": "write 'persists: true' or leave it out.",
        },
        "additive": {
            "type": "boolean",
            "description": "Four quarters add up to the year and two quarters to the half year.",
            "x-fix": "write 'additive: true' or leave it out.",
        },
        "part_of": {
            "type": "string",
            "pattern": NAME,
            "description": "A whole this metric and its siblings add up to (a metric, or for shares a group name).",
            "x-fix": "name a metric, e.g. 'part_of: revenue'.",
        },
        "at_most": {
            "type": "string",
            "pattern": NAME,
            "description": "A metric this one never exceeds in the same period.",
            "x-fix": "name a metric, e.g. 'at_most: revenue'.",
        },
        "formula": {
            "type": "string",
            "minLength": 1,
            "description": "How the metric follows from others in the same period, e.g. '100 * gross_profit / "
            "revenue': computed where no value is stored, checked where one is.",
            "x-fix": "write an expression of metric names, numbers, + - * / and parentheses.",
        },
        "remainder": _text("For a whole: what its parts leave unallocated, as pages name it."),
        "last_reported": {
            "type": "array",
            "minItems": 1,
            "description": "Per frequency, the last period with a value, for a metric no longer (or not yet again) "
            "reported: pages say so, and the build stops asking for newer values of that frequency.",
            "x-fix": "list the last period of each frequency and the reason, e.g. [{period: Q4 2023, reason: ...}].",
            "items": {
                "type": "object",
                "required": ["period", "reason"],
                "additionalProperties": False,
                "properties": {
                    "period": _period("The last period the metric was reported for."),
                    "reason": _text("Why there is nothing newer."),
                },
            },
        },
        "forward": {
            "type": "boolean",
            "description": "Values set before their period ends (a cap agreed for a later year): the source may predate the period.",
            "x-fix": "write 'forward: true' or leave it out.",
        },
        "complete_from": {
            "type": "array",
            "items": _period("The first period of a frequency from which no period may be missing."),
            "description": "From these periods on (one per frequency), every period has a value, a derivation "
            "or an entry in data/gaps.yml.",
            "x-fix": "list first periods, e.g. [FY2017, Q1 2019].",
        },
    },
}

COLUMNS = {
    "type": "object",
    "description": "Each CSV column, in order, with its title and description.",
    "x-fix": "describe each CSV column under 'columns:'.",
    "additionalProperties": {
        "type": "object",
        "required": ["title", "description"],
        "additionalProperties": False,
        "properties": {"title": _text("The column's title."), "description": _text("What the column holds.")},
        "x-fix": "give the column a title and a description.",
    },
}

METADATA = {
    "$schema": DRAFT,
    "title": "Dataset metadata (data/NAME.meta.yml)",
    "description": "What a dataset and each of its metrics mean; the CSV beside it holds the values.",
    "type": "object",
    "required": ["title", "description", "columns", "metrics"],
    "additionalProperties": False,
    "properties": {
        "title": _text("The dataset's title."),
        "description": _text("What the dataset holds and where its values come from."),
        "columns": COLUMNS,
        "metrics": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": NAME},
            "additionalProperties": METRIC,
            "description": "Every metric the CSV may name, with its title, unit and rules.",
            "x-fix": "declare each metric with title, unit, short_unit, description, decimals and sign.",
        },
    },
}

EVENTS_METADATA = {
    "$schema": DRAFT,
    "title": "Timeline metadata (data/events.meta.yml)",
    "description": "The columns and categories of data/events.csv.",
    "type": "object",
    "required": ["title", "description", "columns", "categories"],
    "additionalProperties": False,
    "properties": {
        "title": _text("The timeline's title."),
        "description": _text("What the timeline holds."),
        "columns": COLUMNS,
        "categories": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": NAME},
            "additionalProperties": _text("The category's title."),
            "description": "Each category name with its title.",
            "x-fix": "write e.g. 'listing: Listings and offerings'.",
        },
    },
}

CHART = {
    "type": "object",
    "required": ["title", "kind", "frequency", "series"],
    "additionalProperties": False,
    "properties": {
        "title": _text("What the chart shows, in plain words."),
        "kind": {
            "enum": list(CHART_KINDS),
            "description": "bar, stacked_bar or line.",
            "x-fix": f"use one of {', '.join(CHART_KINDS)}.",
        },
        "frequency": {
            "enum": [*FREQUENCIES, MIXED],
            "description": "The periods plotted; mixed places each value at the day its period ends.",
            "x-fix": f"use one of {', '.join((*FREQUENCIES, MIXED))}.",
        },
        "series": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "pattern": NAME},
            "description": "The metrics to plot, all of one unit.",
            "x-fix": "list the metrics to plot, e.g. [revenue].",
        },
        "start": _period("The first period shown."),
        "end": _period("The last period shown."),
        "description": _text("One line for screen readers: what the chart shows."),
        "labels": {
            "type": "object",
            "additionalProperties": {"type": "string", "minLength": 1},
            "description": "Legend names for metrics whose titles would read oddly here.",
            "x-fix": "write e.g. 'labels: {revenue: Kingsoft Cloud}'.",
        },
        "axis_from_zero": {
            "type": "boolean",
            "description": "false lets a line chart's axis start away from zero; its subtitle then says so.",
            "x-fix": "write 'axis_from_zero: false' or leave it out.",
        },
        "signed": {
            "type": "boolean",
            "description": "true draws losses below zero, so they share an axis with profits.",
            "x-fix": "write 'signed: true' or leave it out.",
        },
        "marks": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["period", "text"],
                "additionalProperties": False,
                "properties": {"period": _period("Where the change falls."), "text": _text("What changed.")},
            },
            "description": "Changes in what the company reports, labelled on the chart.",
            "x-fix": "write e.g. '- {period: Q1 2024, text: Gross billing from here}'.",
        },
    },
}

CHARTS = {
    "$schema": DRAFT,
    "title": "Chart declarations (data/charts.yml)",
    "description": 'Each chart, declared once and placed on a page with {{ chart("name") }}.',
    "type": "object",
    "propertyNames": {"pattern": NAME},
    "additionalProperties": CHART,
}

EXCEPTIONS = {
    "$schema": DRAFT,
    "title": "Accepted disagreements (data/exceptions.yml)",
    "description": "Consistency problems that are genuine disagreements between sources, each with its reason.",
    "type": ["array", "null"],
    "items": {
        "type": "object",
        "required": ["check", "metric", "period", "reason"],
        "additionalProperties": False,
        "properties": {
            "check": {
                "enum": list(CHECK_NAMES),
                "description": "The check's name, as the build error prints it.",
                "x-fix": "copy the check name from the build's error message.",
            },
            "metric": {
                "type": "string",
                "pattern": NAME,
                "description": "The metric the error names.",
                "x-fix": "copy the metric from the build's error message.",
            },
            "period": _period("The period the error names."),
            "reason": _text(
                "Which sources disagree and which value the site uses.",
                "say which sources disagree and which value the site uses.",
            ),
        },
    },
}

DERIVATIONS = {
    "$schema": DRAFT,
    "title": "Derived values (data/derived.yml)",
    "description": "Values computed from other periods' values, e.g. a quarter as a nine-month total less a half year.",
    "type": ["array", "null"],
    "items": {
        "type": "object",
        "required": ["metric", "period", "formula", "reason"],
        "additionalProperties": False,
        "properties": {
            "metric": {
                "type": "string",
                "pattern": NAME,
                "description": "The metric computed.",
                "x-fix": "name a metric declared in a .meta.yml.",
            },
            "period": _period("The period computed."),
            "formula": _text(
                'The expression, naming each input with its period, e.g. \'revenue["9M 2020"] - revenue["H1 2020"]\'.',
                'write metric["period"] terms joined by + - * /.',
            ),
            "reason": _text("Why the value is derived rather than read (which document is missing)."),
        },
    },
}

GAPS = {
    "$schema": DRAFT,
    "title": "Gaps register (data/gaps.yml)",
    "description": "Values no document on record gives, with what was searched; listed on the methodology page.",
    "type": ["array", "null"],
    "items": {
        "type": "object",
        "required": ["metric", "periods", "searched"],
        "additionalProperties": False,
        "properties": {
            "metric": {
                "type": "string",
                "pattern": NAME,
                "description": "The metric missing.",
                "x-fix": "name a metric declared in a .meta.yml.",
            },
            "periods": {
                "type": "array",
                "minItems": 1,
                "items": _period("A period without a value."),
                "description": "The periods missing.",
                "x-fix": "list the periods, e.g. [Q3 2021, Q4 2021].",
            },
            "searched": _text("What was searched, and where.", "say which documents and queries were tried."),
        },
    },
}

FACTS = {
    "$schema": DRAFT,
    "title": "Facts (data/facts.yml)",
    "description": "Facts that are words rather than numbers (a chair, an address, a ticker), each with the date it was true and its source.",
    "type": "array",
    "items": {
        "type": "object",
        "required": ["id", "label", "text", "as_of", "source"],
        "additionalProperties": False,
        "properties": {
            "id": {
                "type": "string",
                "pattern": NAME,
                "description": 'A snake_case name, used as {{ fact("id") }}.',
                "x-fix": "use lower-case letters, digits and underscores.",
            },
            "label": _text("What the fact is, e.g. Chair."),
            "text": _text("The fact as pages print it; it may not contain figures (store those in a dataset)."),
            "as_of": _period("The date (or month) on which the source shows the fact to be true."),
            "source": {
                "type": "string",
                "pattern": KEBAB,
                "description": "An id from data/sources.yml.",
                "x-fix": "use an id from data/sources.yml.",
            },
        },
    },
}

# File name in data/ (a glob for metadata) -> its schema and the published schema's file name.
PUBLISHED = {
    "sources.yml": (SOURCES, "sources.schema.json"),
    "*.meta.yml": (METADATA, "metadata.schema.json"),
    "events.meta.yml": (EVENTS_METADATA, "events-metadata.schema.json"),
    "charts.yml": (CHARTS, "charts.schema.json"),
    "exceptions.yml": (EXCEPTIONS, "exceptions.schema.json"),
    "derived.yml": (DERIVATIONS, "derived.schema.json"),
    "gaps.yml": (GAPS, "gaps.schema.json"),
    "facts.yml": (FACTS, "facts.schema.json"),
}


def schema_for(file_name: str) -> tuple[dict, str]:
    """The schema a file in data/ is validated against, and its published file name."""
    if file_name in PUBLISHED:
        return PUBLISHED[file_name]
    if file_name.endswith(".meta.yml"):
        return PUBLISHED["*.meta.yml"]
    raise KeyError(file_name)
