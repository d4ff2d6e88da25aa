"""Reporting periods: parse "FY2024" and "Q1 2025", order them, and step back a year."""

from __future__ import annotations

import re
from dataclasses import dataclass

YEAR_PATTERN = re.compile(r"^FY(\d{4})$")
QUARTER_PATTERN = re.compile(r"^Q([1-4]) (\d{4})$")
PERIOD_FORMATS = 'a fiscal year such as "FY2024" or a quarter such as "Q1 2025"'
FREQUENCIES = ("annual", "quarterly")


@dataclass(frozen=True, order=True)
class Period:
    """A fiscal year (quarter is None) or a calendar quarter. Kingsoft Cloud's fiscal year is the calendar year."""

    year: int
    quarter: int | None = None

    @property
    def frequency(self) -> str:
        return "annual" if self.quarter is None else "quarterly"

    @property
    def label(self) -> str:
        return f"FY{self.year}" if self.quarter is None else f"Q{self.quarter} {self.year}"

    @property
    def sort_key(self) -> tuple[int, int]:
        # A year sorts after its own quarters, since its figures are complete only after Q4.
        return (self.year, 5 if self.quarter is None else self.quarter)

    def year_earlier(self) -> Period:
        return Period(self.year - 1, self.quarter)

    def __str__(self) -> str:
        return self.label


def parse_period(text: str) -> Period:
    """Parse a period label; raise ValueError naming the accepted formats."""
    text = str(text).strip()
    if match := YEAR_PATTERN.match(text):
        return Period(int(match.group(1)))
    if match := QUARTER_PATTERN.match(text):
        return Period(int(match.group(2)), int(match.group(1)))
    raise ValueError(f"'{text}' is not a period; expected {PERIOD_FORMATS}.")


def periods_between(first: Period, last: Period) -> list[Period]:
    """Every period of the same frequency from first to last inclusive (so gaps in data stay visible)."""
    if first.frequency != last.frequency:
        raise ValueError(f"cannot span {first} to {last}: one is annual and the other quarterly.")
    if first.quarter is None:
        return [Period(year) for year in range(first.year, last.year + 1)]
    result = []
    year, quarter = first.year, first.quarter
    while (year, quarter) <= (last.year, last.quarter):
        result.append(Period(year, quarter))
        year, quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    return result


def nearest(target: Period, candidates: list[Period], count: int = 3) -> list[Period]:
    """The candidates closest in time to target, preferring the same frequency."""

    def distance(p: Period) -> tuple[int, int]:
        months = abs((p.year * 12 + (p.quarter or 4) * 3) - (target.year * 12 + (target.quarter or 4) * 3))
        return (p.frequency != target.frequency, months)

    return sorted(candidates, key=lambda p: (*distance(p), p.sort_key))[:count]
