"""Reporting periods: parse "FY2024", "H1 2024", "Q1 2025" and dates ("2020-05-08", "2013-08"), order
them, and step back a year."""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from macros.core import chinese
from macros.core.language import is_chinese

# The grammar of a period as written, once: each form's pattern (without anchors), from which the
# parser, the JSON Schemas and the data package's constraint are all made.
YEAR_FORM = r"FY(\d{4})"
HALF_FORM = r"H([12]) (\d{4})"
NINE_MONTHS_FORM = r"9M (\d{4})"
QUARTER_FORM = r"Q([1-4]) (\d{4})"
DATE_FORM = r"(\d{4})-(\d{2})(?:-(\d{2}))?"
FORMS = (YEAR_FORM, HALF_FORM, NINE_MONTHS_FORM, QUARTER_FORM, DATE_FORM)
# Any period as written, for a schema: the forms above, without their capturing groups.
PERIOD_PATTERN = "^(" + "|".join(re.sub(r"\((?!\?)", "(?:", form) for form in FORMS) + ")$"
YEAR_PATTERN, HALF_PATTERN, NINE_MONTHS_PATTERN, QUARTER_PATTERN, DATE_PATTERN = (
    re.compile(f"^{form}$") for form in FORMS
)
PERIOD_FORMATS = (
    'a fiscal year such as "FY2024", a half year such as "H1 2024", a quarter such as "Q1 2025", '
    'the first nine months of a year such as "9M 2022", '
    'or a date such as "2020-05-08" (or "2013-08" when only the month is known)'
)
PERIOD_FIX = "write the period as FY2024, H1 2024, Q1 2025 or 2020-05-08."


class Frequency(StrEnum):
    """How often a metric is reported, as its periods show it: every frequency, declared once."""

    ANNUAL = "annual"
    NINE_MONTHLY = "nine-monthly"
    HALF_YEARLY = "half-yearly"
    QUARTERLY = "quarterly"
    DATED = "dated"


FREQUENCIES = tuple(f.value for f in Frequency)
# The frequencies of headline figures: a series at these must be complete and current.
HEADLINE_FREQUENCIES = (Frequency.ANNUAL, Frequency.QUARTERLY)
# A chart may also show a metric reported at different frequencies over time (a market share from an
# annual report, then from half-year and quarterly ones): each value is placed at the day its period ends.
MIXED = "mixed"


@functools.total_ordering
@dataclass(frozen=True)
class Period:
    """A fiscal year, the first nine months of one (as the 2022 prospectus reports some operating
    figures), a half year, a calendar quarter, or a date (day optional). Kingsoft Cloud's fiscal year is
    the calendar year. At most one of quarter, half, nine_months and month is set."""

    year: int
    quarter: int | None = None
    half: int | None = None
    month: int | None = None
    day: int | None = None
    nine_months: bool = False

    @property
    def frequency(self) -> str:
        if self.month is not None:
            return Frequency.DATED
        if self.quarter is not None:
            return Frequency.QUARTERLY
        if self.half is not None:
            return Frequency.HALF_YEARLY
        if self.nine_months:
            return Frequency.NINE_MONTHLY
        return Frequency.ANNUAL

    @property
    def label(self) -> str:
        """The period as written in data and in macro calls."""
        if self.month is not None:
            return f"{self.year}-{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")
        if self.quarter is not None:
            return f"Q{self.quarter} {self.year}"
        if self.half is not None:
            return f"H{self.half} {self.year}"
        if self.nine_months:
            return f"9M {self.year}"
        return f"FY{self.year}"

    @property
    def display(self) -> str:
        """The period as a reader reads it: dates in words ("8 May 2020", "August 2013"), others as labels
        (in Chinese: 2025财年, 2025年第四季度, 2020年5月8日)."""
        if is_chinese():
            return chinese.period_display(self.year, self.quarter, self.half, self.nine_months, self.month, self.day)
        if self.month is None:
            return self.label
        month = calendar.month_name[self.month]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

    def shown_for(self, calendar: bool) -> str:
        """The period as `display` shows it; in Chinese, the year of a market figure (a year-end price, a
        year's return: calendar=True) is the calendar year, 2024年, not the fiscal year 2024财年."""
        if calendar and is_chinese() and self.frequency == Frequency.ANNUAL:
            return chinese.calendar_year(self.year)
        return self.display

    def axis_label(self, calendar: bool = False) -> str:
        """The period on a chart's category axis: its label (FY2024, Q4 2025); in Chinese short enough
        to stand upright (2019Q2, 2024H1, 2024财年, or 2024年 for a market figure)."""
        if not is_chinese():
            return self.label
        if self.frequency == Frequency.ANNUAL:
            return self.shown_for(calendar)
        return chinese.axis_label(self.year, self.quarter, self.half, self.nine_months, self.month, self.day)

    @property
    def words(self) -> str:
        """The period as prose says it: "2024", "the second quarter of 2019", "the first half of 2024",
        "the first nine months of 2022", "8 May 2020"."""
        if is_chinese():
            return chinese.period_words(self.year, self.quarter, self.half, self.nine_months, self.month, self.day)
        ordinal = {1: "first", 2: "second", 3: "third", 4: "fourth"}
        if self.month is not None:
            return self.display
        if self.quarter is not None:
            return f"the {ordinal[self.quarter]} quarter of {self.year}"
        if self.half is not None:
            return f"the {ordinal[self.half]} half of {self.year}"
        if self.nine_months:
            return f"the first nine months of {self.year}"
        return str(self.year)

    @property
    def last_month(self) -> int:
        """The calendar month in which the period ends."""
        if self.month is not None:
            return self.month
        if self.quarter is not None:
            return self.quarter * 3
        if self.half is not None:
            return self.half * 6
        return 9 if self.nine_months else 12

    @property
    def end_date(self) -> str:
        """The last day of the period as an ISO date (a month-only date ends on the month's last day)."""
        day = self.day or calendar.monthrange(self.year, self.last_month)[1]
        return f"{self.year}-{self.last_month:02d}-{day:02d}"

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        # Periods sort by the day they end; a longer period sorts after the shorter ones ending with it,
        # since its figures are complete only after them (Q4, then H2, then the year).
        length = {
            Frequency.DATED: 0,
            Frequency.QUARTERLY: 1,
            Frequency.HALF_YEARLY: 2,
            Frequency.NINE_MONTHLY: 3,
            Frequency.ANNUAL: 4,
        }[self.frequency]
        return (self.year, self.last_month, self.day or 32, length)

    def __lt__(self, other: Period) -> bool:
        return self.sort_key < other.sort_key

    def year_earlier(self) -> Period:
        return Period(self.year - 1, self.quarter, self.half, self.month, self.day, self.nine_months)

    def __str__(self) -> str:
        return self.label


def parse_period(text: str) -> Period:
    """Parse a period label; raise ValueError naming the accepted formats."""
    text = str(text).strip()
    if match := YEAR_PATTERN.match(text):
        return Period(int(match.group(1)))
    if match := HALF_PATTERN.match(text):
        return Period(int(match.group(2)), half=int(match.group(1)))
    if match := NINE_MONTHS_PATTERN.match(text):
        return Period(int(match.group(1)), nine_months=True)
    if match := QUARTER_PATTERN.match(text):
        return Period(int(match.group(2)), int(match.group(1)))
    if match := DATE_PATTERN.match(text):
        year, month = int(match.group(1)), int(match.group(2))
        day = int(match.group(3)) if match.group(3) else None
        if 1 <= month <= 12 and (day is None or 1 <= day <= calendar.monthrange(year, month)[1]):
            return Period(year, month=month, day=day)
        raise ValueError(f"'{text}' is not a real calendar date.")
    raise ValueError(f"'{text}' is not a period; expected {PERIOD_FORMATS}.")


def four_quarters_to(last: Period) -> list[Period]:
    """The four quarters that end with `last`, oldest first: the trailing twelve months to it."""
    return [Period(last.year - (last.quarter - k <= 0), (last.quarter - k - 1) % 4 + 1) for k in range(3, -1, -1)]


def periods_between(first: Period, last: Period) -> list[Period]:
    """Every period of the same frequency from first to last inclusive (so gaps in data stay visible)."""
    if first.frequency != last.frequency:
        raise ValueError(f"cannot span {first} to {last}: one is {first.frequency} and the other {last.frequency}.")
    if first.frequency == Frequency.DATED:
        raise ValueError("dates are not a regular series; list the dates with values instead.")
    if first.frequency in (Frequency.ANNUAL, Frequency.NINE_MONTHLY):
        return [Period(year, nine_months=first.nine_months) for year in range(first.year, last.year + 1)]
    per_year, field = (4, "quarter") if first.frequency == Frequency.QUARTERLY else (2, "half")
    result = []
    year, number = first.year, getattr(first, field)
    while (year, number) <= (last.year, getattr(last, field)):
        result.append(Period(year, **{field: number}))
        year, number = (year, number + 1) if number < per_year else (year + 1, 1)
    return result


def axis_periods(present: list[Period]) -> list[Period]:
    """The periods a chart or table spans: every period from the first to the last with a value, so gaps
    stay visible; dates and mixed frequencies are not a regular series, so they are just those with values."""
    present = sorted(present)
    if not present or present[0].frequency == Frequency.DATED or len({p.frequency for p in present}) > 1:
        return present
    return periods_between(present[0], present[-1])


def nearest(target: Period, candidates: list[Period], count: int = 3) -> list[Period]:
    """The candidates closest in time to target, preferring the same frequency."""

    def distance(p: Period) -> tuple[bool, int]:
        months = abs((p.year * 12 + p.last_month) - (target.year * 12 + target.last_month))
        return (p.frequency != target.frequency, months)

    return sorted(candidates, key=lambda p: (*distance(p), p.sort_key))[:count]
