"""The one rule that finds a metric's value for a period, stored or derived: every page macro, chart,
derivation and check reads values through `value_at`."""

from __future__ import annotations

from datetime import date, timedelta

from macros.core.model import Metric, Observation
from macros.core.periods import Frequency, Period, parse_period


def value_at(metric: Metric, values: dict[Period, Observation], period: Period) -> Observation | None:
    """The value of `metric` for `period` among its `values` (keyed by period), or None.

    A flow (revenue) has a value for exactly the period asked. A stock (cash) is a balance on a day:
    asked for a year, half or quarter, it is the balance on the day that period ends. A stock that
    persists (the shares per ADS) holds until changed, so it is the latest balance on or before that
    day; one that persists for a number of days (a closing price, until the next trading day) only
    stands for dates that close after it."""
    if not metric.stock or period in values:
        # A balance known only to the month (2025-10) is found as written.
        return values.get(period)
    day = period if period.frequency == Frequency.DATED and period.day else parse_period(period.end_date)
    if metric.persists:
        earlier = [p for p in values if p.end_date <= day.end_date]
        if metric.persists_days:
            first = date.fromisoformat(day.end_date) - timedelta(days=metric.persists_days)
            earlier = [p for p in earlier if date.fromisoformat(p.end_date) >= first]
        return values[max(earlier)] if earlier else None
    return values.get(day)
