"""The JSON Schemas of the YAML files in data/, declared once. The loaders validate each file against
its schema, and `make schemas` publishes them to data/schemas/ so that a contributor's editor completes
and checks fields while typing (each YAML file names its schema on its first line).

Besides the standard keywords, a property may carry `x-fix`: what the build tells the contributor to do
when the value breaks the schema. Editors ignore it."""

from __future__ import annotations

from macros.core.model import SIGNS, SOURCE_KINDS
from macros.core.numbers import UNITS
from macros.load.register_schemas import (
    CHARTS,
    DERIVATIONS,
    EXCEPTIONS,
    FACTS,
    GAP_KIND,
    GAPS,
    GLOSSARY,
    PUBLISHERS,
    SEARCHES,
    TERMBASE,
)
from macros.load.schema_fields import (
    DRAFT,
    KEBAB,
    NAME,
    PERIOD,
    SCHEMA_DIR,
    chinese_field,
    chinese_text,
    name_field,
    period_field,
    text_field,
)

__all__ = ["GIVES_PATTERN", "PERIOD", "PUBLISHED", "SCHEMA_DIR", "schema_for"]

# A figure a document gives: its metric, its period (FY2024, Q1 2025, 2024-12-31) and its value.
GIVES_PATTERN = r"^[a-z][a-z0-9_]* \S.*\S -?\d+(\.\d+)?$"

SOURCES = {
    "$schema": DRAFT,
    "title": "Sources registry (data/sources.yml)",
    "description": "Every document a value or a page cites. A value's source column names one of these ids.",
    "type": "array",
    "items": {
        "type": "object",
        "required": ["id", "title", "publisher", "date", "url", "kind"],
        "additionalProperties": False,
        "properties": {
            "id": {
                "type": "string",
                "pattern": KEBAB,
                "description": "A unique, kebab-case id, e.g. kc-q1-2026-results.",
                "x-fix": "use lower-case letters, digits and hyphens.",
            },
            "title": text_field("The document's own title."),
            "publisher": text_field(
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
                "description": "; ".join(
                    f"{name}: {kind.meaning}" + (f" (tier {kind.tier})" if kind.tier else "")
                    for name, kind in SOURCE_KINDS.items()
                )
                + ". Content farms, blogs and copy sites of unknown origin, and machine-written summaries, are "
                "refused.",
                "x-fix": f"use one of {', '.join(SOURCE_KINDS)}.",
            },
            "reports": text_field(
                "What the site takes from the document, beyond the figures (which the Sources page lists from the "
                "data itself): leave it out for a release whose figures say it all."
            ),
            "original_publisher": text_field("For a mirror: who published the original document."),
            "gives": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "string", "pattern": GIVES_PATTERN},
                "description": "Figures the document gives, as it shows them: 'metric period value' in the metric's "
                "unit, e.g. 'revenue FY2023 7047.461'. Each must agree with the stored value, and a stored value "
                "must cite the best-tier document that gives it; a company document that gives another row's "
                "figure confirms it.",
                "x-fix": "write each figure as 'metric period value', e.g. 'revenue Q4 2024 2232.1'.",
            },
            "zh": chinese_field(
                "what the site takes from the document, where 'reports' says it (its publisher's Chinese name is "
                "declared once, in data/publishers.yml; the title keeps its own language)",
                {
                    "publisher": chinese_text("Who published it, where it differs from data/publishers.yml"),
                    "reports": chinese_text("What the site takes from the document"),
                    "original_publisher": chinese_text("For a mirror: who published the original"),
                },
                [],
            ),
        },
    },
}

METRIC = {
    "type": "object",
    "required": ["title", "unit", "short_unit", "description", "decimals", "sign"],
    "additionalProperties": False,
    "properties": {
        "title": text_field("The metric's name as readers see it."),
        "unit": {
            "enum": list(UNITS),
            "description": "The unit values are stored in (amounts as reported; convert only when presenting).",
            "x-fix": f"use one of: {', '.join(UNITS)}.",
        },
        "short_unit": text_field("The unit as an axis or table header shows it, e.g. RMB m."),
        "description": text_field("What the metric counts, in one or two sentences."),
        "outside": {
            "type": "boolean",
            "description": "This metric's figures are published by others (an exchange's prices in a dataset of "
            "the company's figures): pages say why one is missing in those terms. Default: the dataset's.",
            "x-fix": "write 'outside: true' or leave it out.",
        },
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
        "persists_days": {
            "type": "integer",
            "minimum": 1,
            "description": "For a stock that persists only for a while (a closing price, which holds until the "
            "next trading day): how many days after its date it may stand for a later date.",
            "x-fix": "write e.g. 'persists_days: 7', with 'persists: true'.",
        },
        "additive": {
            "type": "boolean",
            "description": "Four quarters add up to the year and two quarters to the half year.",
            "x-fix": "write 'additive: true' or leave it out.",
        },
        "part_of": name_field(
            "A whole this metric and its siblings add up to (a metric, or for shares a group name).",
            "name a metric, e.g. 'part_of: revenue'.",
        ),
        "at_most": name_field(
            "A metric this one never exceeds in the same period.", "name a metric, e.g. 'at_most: revenue'."
        ),
        "formula": {
            "type": "string",
            "pattern": r"^[a-z0-9_+\-*/(). ]+$",
            "description": "How the metric follows from others in the same period, e.g. '100 * gross_profit / "
            "revenue': computed where no value is stored, checked where one is.",
            "x-fix": "write an expression of metric names, numbers, + - * / and parentheses.",
        },
        "remainder": text_field("For a whole: what its parts leave unallocated, as pages name it."),
        "last_reported": {
            "type": "array",
            "minItems": 1,
            "description": "Per frequency, the last period with a value, for a metric no longer (or not yet again) "
            "reported: pages say so, and the build stops asking for newer values of that frequency.",
            "x-fix": "list the last period of each frequency and the reason, e.g. [{period: Q4 2023, reason: ...}].",
            "items": {
                "type": "object",
                "required": ["period", "kind", "reason"],
                "additionalProperties": False,
                "properties": {
                    "period": period_field("The last period the metric was reported for."),
                    "kind": GAP_KIND,
                    "reason": text_field("Why there is nothing newer."),
                    "zh": chinese_field(
                        "the reason", {"reason": chinese_text("Why there is nothing newer")}, ["reason"]
                    ),
                },
            },
        },
        "forward": {
            "type": "boolean",
            "description": "Values set before their period ends (a cap agreed for a later year): the source may predate the period.",
            "x-fix": "write 'forward: true' or leave it out.",
        },
        "zh": chinese_field(
            "the metric's title, description (and remainder, and a word unit)",
            {
                "title": chinese_text("The metric's name"),
                "description": chinese_text("What the metric counts"),
                "remainder": chinese_text("What its parts leave unallocated"),
                "short_unit": chinese_text("A count's unit word, e.g. 股"),
                "negative": chinese_text(
                    "How prose says a negative value of a signed result, the amount following it, e.g. 亏损"
                ),
                "calendar_years": {
                    "type": "boolean",
                    "description": "true for a market figure (a year-end price, a year's return), whose years "
                    "the Chinese edition says as calendar years (2024年), not fiscal years (2024财年).",
                    "x-fix": "write 'calendar_years: true' or leave it out.",
                },
            },
            ["title", "description"],
        ),
        "complete_from": {
            "type": "array",
            "items": period_field("The first period of a frequency from which no period may be missing."),
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
        "properties": {
            "title": text_field("The column's title."),
            "description": text_field("What the column holds."),
            "zh": chinese_field(
                "the column's title and description",
                {"title": chinese_text("The column's title"), "description": chinese_text("What the column holds")},
                ["title", "description"],
            ),
        },
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
        "title": text_field("The dataset's title."),
        "description": text_field("What the dataset holds and where its values come from."),
        "zh": chinese_field(
            "the dataset's title and description",
            {"title": chinese_text("The dataset's title"), "description": chinese_text("What the dataset holds")},
            ["title", "description"],
        ),
        "outside": {
            "type": "boolean",
            "description": "The figures are published by others (research firms, peers), not by the company: pages "
            "say why a figure is missing in those terms.",
            "x-fix": "write 'outside: true' or leave it out.",
        },
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
        "title": text_field("The timeline's title."),
        "description": text_field("What the timeline holds."),
        "zh": chinese_field(
            "the timeline's title, description and category titles",
            {
                "title": chinese_text("The timeline's title"),
                "description": chinese_text("What the timeline holds"),
                "categories": {
                    "type": "object",
                    "propertyNames": {"pattern": NAME},
                    "additionalProperties": chinese_text("The category's title"),
                    "description": "Each category name with its Chinese title.",
                    "x-fix": "write e.g. 'listing: 上市与发行'.",
                },
            },
            ["title", "description", "categories"],
        ),
        "columns": COLUMNS,
        "categories": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": NAME},
            "additionalProperties": text_field("The category's title."),
            "description": "Each category name with its title.",
            "x-fix": "write e.g. 'listing: Listings and offerings'.",
        },
    },
}

# File name in data/ (a glob for metadata) -> its schema and the published schema's file name.
PUBLISHED = {
    "sources.yml": (SOURCES, "sources.schema.json"),
    "*.meta.yml": (METADATA, "metadata.schema.json"),
    "events.meta.yml": (EVENTS_METADATA, "events-metadata.schema.json"),
    "charts.yml": (CHARTS, "charts.schema.json"),
    "disagreements.yml": (EXCEPTIONS, "disagreements.schema.json"),
    "derived.yml": (DERIVATIONS, "derived.schema.json"),
    "gaps.yml": (GAPS, "gaps.schema.json"),
    "searches.yml": (SEARCHES, "searches.schema.json"),
    "publishers.yml": (PUBLISHERS, "publishers.schema.json"),
    "facts.yml": (FACTS, "facts.schema.json"),
    "glossary.yml": (GLOSSARY, "glossary.schema.json"),
    "termbase.yml": (TERMBASE, "termbase.schema.json"),
}


def schema_for(file_name: str) -> tuple[dict, str]:
    """The schema a file in data/ is validated against, and its published file name."""
    if file_name in PUBLISHED:
        return PUBLISHED[file_name]
    if file_name.endswith(".meta.yml"):
        return PUBLISHED["*.meta.yml"]
    raise KeyError(file_name)
