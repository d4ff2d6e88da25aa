"""Pieces shared by the JSON Schemas of data/: name and period patterns, and the helpers that declare
a text, name or period field with its description and its fix."""

from __future__ import annotations

from macros.core.periods import PERIOD_FIX, PERIOD_PATTERN

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = "schemas"
NAME = "^[a-z][a-z0-9_]*$"
KEBAB = "^[a-z0-9]+(-[a-z0-9]+)*$"
# Periods as written (FY2024, H1 2024, 9M 2024, Q1 2025, 2020-05-08 or 2013-08): the grammar of core/periods.py.
PERIOD = PERIOD_PATTERN
CHART_KINDS = ("bar", "stacked_bar", "line")


def text_field(description: str, fix: str | None = None) -> dict:
    return {
        "type": "string",
        "minLength": 1,
        "description": description,
        "x-fix": fix or f"write {description[0].lower() + description[1:]}",
    }


def period_field(description: str) -> dict:
    return {"type": "string", "pattern": PERIOD, "description": description, "x-fix": PERIOD_FIX}


def name_field(description: str, fix: str) -> dict:
    """A snake_case name: a metric's, or an id used in macro calls."""
    return {"type": "string", "pattern": NAME, "description": description, "x-fix": fix}


def chinese_field(what: str, properties: dict, required: list[str]) -> dict:
    """The Chinese edition's forms of an entry's reader-visible text: the same keys as the English,
    in a `zh` object beside them (one file, two languages)."""
    return {
        "type": "object",
        "required": required,
        "additionalProperties": False,
        "properties": properties,
        "description": f"The Chinese forms of {what}, read by the Chinese edition.",
        "x-fix": f"give {what} in Chinese under 'zh:', with the keys {', '.join(properties)}.",
    }


def chinese_text(description: str) -> dict:
    return text_field(f"{description} (in Chinese)", f"write {description[0].lower() + description[1:]} in Chinese")
