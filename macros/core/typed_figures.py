"""Finds figures typed into Markdown prose. A typed figure escapes the data, its source and every
consistency check, so the build refuses it and says which macro to use instead.

Years, dates, periods (FY2024, Q1 2025) and plain whole numbers (a stock code, "Series D") are fine;
amounts, percentages, decimals, numbers with thousands separators and "million"/"billion" are not.
Macro calls, code, HTML comments and link targets are not prose and are skipped."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Not prose: replaced by spaces (newlines kept) before scanning, so line numbers stay right.
NOT_PROSE = [
    re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[^\n]*$", re.M | re.S),  # fenced code blocks, also indented in lists
    re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S),  # macro calls and template tags
    re.compile(r"<!--.*?-->", re.S),  # HTML comments
    re.compile(r"`[^`\n]+`"),  # inline code
    re.compile(r"\]\([^)\s]*\)"),  # link targets
    re.compile(r"\bhttps?://\S+"),  # bare addresses
]

VALUE_ADVICE = 'use {{ value("metric", "period") }} so the figure comes from data/ with its source'
PATTERNS = [
    (
        "a currency amount",
        re.compile(
            r"(?:\bRMB|\bCNY|\bUSD|\bHKD|US\$|HK\$|[¥$€£])\s?-?\d(?:[\d,.]*\d)?(?:\s?(?:million|billion|bn|mn|m)\b)?",
            re.I,
        ),
        VALUE_ADVICE,
    ),
    (
        "a percentage",
        re.compile(r"\d(?:[\d,.]*\d)?\s?(?:%|per\s?cent\b|pp\b|percentage points?\b)", re.I),
        "use {{ change(...) }}, {{ share(...) }} or {{ value(...) }} of a percent metric",
    ),
    (
        "an amount in words",
        re.compile(r"\d(?:[\d,.]*\d)?\s?(?:million|billion|thousand|trillion|bn|mn|亿|万)(?![a-z])", re.I),
        VALUE_ADVICE,
    ),
    (
        "a number with thousands separators",
        re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w,])"),
        VALUE_ADVICE,
    ),
    (
        "a decimal number",
        re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])"),
        VALUE_ADVICE,
    ),
]


@dataclass(frozen=True)
class TypedFigure:
    line: int
    text: str
    kind: str
    advice: str

    def message(self, path: str) -> str:
        return f"{path}:{self.line}: '{self.text}' is {self.kind} typed into the page; {self.advice}."


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def find_typed_figures(markdown: str) -> list[TypedFigure]:
    """Every figure typed into the prose of a Markdown page, in reading order, one per place."""
    text = markdown
    for pattern in NOT_PROSE:
        text = pattern.sub(_blank, text)
    found: dict[int, TypedFigure] = {}
    for kind, pattern, advice in PATTERNS:
        for match in pattern.finditer(text):
            # The first pattern to claim a place wins, so "RMB 9.06 billion" is reported once.
            if any(start <= match.start() < start + len(f.text) for start, f in found.items()):
                continue
            line = text.count("\n", 0, match.start()) + 1
            found[match.start()] = TypedFigure(line, match.group(0).strip(), kind, advice)
    return [found[start] for start in sorted(found)]
