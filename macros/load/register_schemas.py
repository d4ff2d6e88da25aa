"""The JSON Schemas of the chart declarations and of the registers beside the datasets (accepted
disagreements, derived values, gaps, facts)."""

from __future__ import annotations

from macros.core.model import CHECK_NAMES, GAP_KINDS
from macros.core.periods import FREQUENCIES, MIXED
from macros.load.schema_fields import (
    CHART_KINDS,
    DRAFT,
    KEBAB,
    NAME,
    chinese_field,
    chinese_text,
    name_field,
    period_field,
    text_field,
)

# Why a value is missing: one of the three reasons (core/model.py GAP_KINDS), each shown to readers.
GAP_KIND = {
    "enum": list(GAP_KINDS),
    "description": "; ".join(f"{name}: {kind.sentence}" for name, kind in GAP_KINDS.items()) + ".",
    "x-fix": f"use one of {', '.join(GAP_KINDS)}.",
}


def register(title: str, description: str, required: list[str], properties: dict, nullable: bool = True) -> dict:
    """The schema of a register: a YAML list of entries of one closed shape (an empty file is allowed
    unless `nullable` is False)."""
    return {
        "$schema": DRAFT,
        "title": title,
        "description": description,
        "type": ["array", "null"] if nullable else "array",
        "items": {"type": "object", "required": required, "additionalProperties": False, "properties": properties},
    }


CHART = {
    "type": "object",
    "required": ["title", "kind", "frequency", "series"],
    "additionalProperties": False,
    "properties": {
        "title": text_field("What the chart shows, in plain words."),
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
        "start": period_field("The first period shown."),
        "end": period_field("The last period shown."),
        "description": text_field("One line for screen readers: what the chart shows."),
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
                "properties": {
                    "period": period_field("Where the change falls."),
                    "text": text_field("What changed."),
                    "zh": chinese_field("the mark's text", {"text": chinese_text("What changed")}, ["text"]),
                },
            },
            "description": "Changes in what the company reports, labelled on the chart.",
            "x-fix": "write e.g. '- {period: Q1 2024, text: Gross billing from here}'.",
        },
        "zh": chinese_field(
            "the chart's title, description and legend names",
            {
                "title": chinese_text("What the chart shows"),
                "description": chinese_text("One line for screen readers"),
                "labels": {
                    "type": "object",
                    "additionalProperties": {"type": "string", "minLength": 1},
                    "description": "Chinese legend names, for the metrics the English 'labels' names.",
                    "x-fix": "write e.g. 'labels: {revenue: 金山云}'.",
                },
            },
            ["title"],
        ),
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

EXCEPTIONS = register(
    "Accepted disagreements (data/disagreements.yml)",
    "Consistency problems that are genuine disagreements between sources, each with its reason.",
    ["check", "metric", "period", "reason"],
    {
        "check": {
            "enum": list(CHECK_NAMES),
            "description": "The check's name, as the build error prints it.",
            "x-fix": "copy the check name from the build's error message.",
        },
        "metric": name_field("The metric the error names.", "copy the metric from the build's error message."),
        "period": period_field("The period the error names."),
        "reason": text_field(
            "Which sources disagree and which value the site uses.",
            "say which sources disagree and which value the site uses.",
        ),
        "zh": chinese_field("the reason", {"reason": chinese_text("Which sources disagree")}, ["reason"]),
    },
)

DERIVATIONS = register(
    "Derived values (data/derived.yml)",
    "Values computed from other periods' values, e.g. a quarter as a nine-month total less a half year.",
    ["metric", "period", "formula", "reason"],
    {
        "metric": name_field("The metric computed.", "name a metric declared in a .meta.yml."),
        "period": period_field("The period computed."),
        "formula": {
            **text_field(
                'The expression, naming each input with its period, e.g. \'revenue["9M 2020"] - revenue["H1 2020"]\'.',
                'write metric["period"] terms joined by + - * /.',
            ),
            "pattern": r'^[A-Za-z0-9_+\-*/(). \[\]"]+$',
        },
        "reason": text_field("Why the value is derived rather than read (which document is missing)."),
        "zh": chinese_field("the reason", {"reason": chinese_text("Why the value is derived")}, ["reason"]),
    },
)

GAPS = register(
    "Gaps register (data/gaps.yml)",
    "Values no document on record gives: which of the three reasons each is, and the search that found "
    "nothing (named in data/searches.yml); listed on the methodology page.",
    ["metric", "periods", "kind", "searched"],
    {
        "metric": name_field("The metric missing.", "name a metric declared in a .meta.yml."),
        "periods": {
            "type": "array",
            "minItems": 1,
            "items": period_field("A period without a value."),
            "description": "The periods missing.",
            "x-fix": "list the periods, e.g. [Q3 2021, Q4 2021].",
        },
        "kind": GAP_KIND,
        "searched": {
            "type": "string",
            "pattern": KEBAB,
            "description": "The id of the search, in data/searches.yml, that looked for these values.",
            "x-fix": "name a search in data/searches.yml, or add one there.",
        },
    },
)

SEARCHES = register(
    "Searches (data/searches.yml)",
    "Each search that found nothing, described once; the gaps it explains name it.",
    ["id", "text"],
    {
        "id": {
            "type": "string",
            "pattern": KEBAB,
            "description": "A kebab-case id, named by the gaps in data/gaps.yml.",
            "x-fix": "use lower-case letters, digits and hyphens.",
        },
        "text": text_field("What was searched, and where.", "say which documents and queries were tried."),
        "zh": chinese_field("what was searched", {"text": chinese_text("What was searched")}, ["text"]),
    },
)

PUBLISHERS = register(
    "Publishers (data/publishers.yml)",
    "Each publisher's name, as a source's 'publisher' writes it, and in Chinese: declared once for every "
    "source it publishes.",
    ["name", "zh"],
    {
        "name": text_field(
            "The publisher exactly as sources write it, e.g. 'Kingsoft Cloud Holdings Ltd via PR Newswire'."
        ),
        "zh": text_field("The publisher in Chinese, e.g. 金山云控股有限公司（经美通社发布）."),
    },
)

FACTS = register(
    "Facts (data/facts.yml)",
    "Facts that are words rather than numbers (a chair, an address, a ticker), each with the date it was true and its source.",
    ["id", "label", "text", "as_of", "source"],
    {
        "id": name_field(
            'A snake_case name, used as {{ fact("id") }}.', "use lower-case letters, digits and underscores."
        ),
        "label": text_field("What the fact is, e.g. Chair."),
        "text": text_field("The fact as pages print it; it may not contain figures (store those in a dataset)."),
        "as_of": period_field("The date (or month) on which the source shows the fact to be true."),
        "zh": chinese_field(
            "the fact's label and text",
            {"label": chinese_text("What the fact is"), "text": chinese_text("The fact as pages print it")},
            ["label", "text"],
        ),
        "source": {
            "type": "string",
            "pattern": KEBAB,
            "description": "An id from data/sources.yml.",
            "x-fix": "use an id from data/sources.yml.",
        },
    },
    nullable=False,
)


GLOSSARY = register(
    "Glossary (data/glossary.yml)",
    "The terms readers meet on the pages, each defined once: a tooltip wherever a page uses it, and an entry "
    "on the Glossary page.",
    ["term", "definition"],
    {
        "term": text_field("The term as the Glossary page lists it."),
        "shown_as": {
            "type": "array",
            "items": text_field("A form of the term as pages write it, e.g. 'adjusted EBITDA'."),
            "description": "The forms of the term that get the tooltip (default: the term as written).",
            "x-fix": "list the forms, e.g. [adjusted EBITDA].",
        },
        "definition": text_field(
            "The definition, one or two sentences without figures.", "define the term in words, without figures."
        ),
        "zh": chinese_field(
            "the term, its forms and its definition",
            {
                "term": chinese_text("The term as the Glossary page lists it"),
                "shown_as": {
                    "type": "array",
                    "items": chinese_text("A form of the term as Chinese pages write it"),
                    "description": "The forms Chinese pages write (default: the Chinese term).",
                    "x-fix": "list the forms, e.g. [经调整EBITDA].",
                },
                "definition": chinese_text("The definition, without figures"),
            },
            ["term", "definition"],
        ),
    },
    nullable=False,
)


TERMBASE = register(
    "Chinese termbase (data/termbase.yml)",
    "Each concept's one Chinese term, declared once, and the variants the Chinese edition refuses: the build "
    "stops on a Chinese page that writes a refused variant, naming the page, the variant and the term.",
    ["concept", "term", "refuse"],
    {
        "concept": text_field("The concept, in English, e.g. non-GAAP."),
        "term": chinese_text("The one term the Chinese edition writes for the concept"),
        "refuse": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "The variants refused on a Chinese page (matched anywhere in its text); a section "
            "name may refuse none, its title and page-tree entry being checked instead.",
            "x-fix": "list the variants, e.g. [非公认会计准则, 非公认会计准则].",
        },
        "page": {
            "type": "string",
            "pattern": r"^[a-z][a-z0-9_-]*\.md$",
            "description": "For a section name: the page (as docs/ names it in English) whose title and "
            "navigation entry are this term.",
            "x-fix": "name the page's English file, e.g. history.md.",
        },
        "why": text_field("Why this term: whose wording it is (the company's Chinese filings, a convention)."),
    },
    nullable=False,
)
