"""Coverage: no silent holes and no stale series. A metric declared complete from a period has a value
(stored or derived) or a registered gap (data/gaps.yml) for every period since; every metric reaches
the newest year and quarter of its dataset, unless its metadata says when and why it stopped."""

from __future__ import annotations

from macros.compute.catalog import period_closed_by
from macros.core.errors import DataError
from macros.core.model import Dataset, Gap, Metric
from macros.core.periods import HEADLINE_FREQUENCIES, Period, parse_period, periods_between

# The frequencies a series must keep up with: results are published by year and by quarter.


def at_period_end(metric: Metric, period: Period) -> Period:
    """Where a value of the metric for a period is stored: a stock's at the day the period ends."""
    return parse_period(period.end_date) if metric.stock else period


def newest(dataset: Dataset, frequency: str, stock: bool) -> Period | None:
    """The newest period of a frequency with a stored value (for stocks: the newest period end with a balance)."""
    found = [
        period_closed_by(o.period, frequency) if stock else o.period
        for o in dataset.stored
        # A cap agreed for a later year is not a newer result.
        if dataset.metrics[o.metric].stock == stock and not dataset.metrics[o.metric].forward
    ]
    found = [p for p in found if p is not None and p.frequency == frequency]
    return max(found) if found else None


def check_coverage(datasets: dict[str, Dataset], gaps: tuple[Gap, ...]) -> None:
    registered = {(g.metric, g.period): g for g in gaps}
    found: dict[tuple[str, str, bool], Period | None] = {}

    def newest_in(dataset: Dataset, frequency: str, stock: bool) -> Period | None:
        """`newest`, worked out once per dataset and frequency rather than once per metric."""
        key = (dataset.name, frequency, stock)
        if key not in found:
            found[key] = newest(dataset, frequency, stock)
        return found[key]

    for dataset in datasets.values():
        have = {(m, p) for (m, p) in dataset.observations}
        for metric in dataset.metrics.values():
            _check_last_reported(metric, dataset)
            for frequency in HEADLINE_FREQUENCIES:
                _check_keeps_up(metric, dataset, frequency, registered, newest_in)
            for first in metric.complete_from:
                last = newest_in(dataset, first.frequency, metric.stock)
                if declared := metric.last_reported_for(first.frequency):
                    last = min(last, declared.period) if last else None
                # A run of missing periods at the end of a series is checked up to the last value or
                # registered gap: a newer period without either is the lag that _check_keeps_up reports,
                # unless the run before it is registered, in which case charts and tables show it as a gap.
                known = _periods_with_values(metric, dataset, first.frequency) + _registered(
                    metric, first.frequency, registered
                )
                if last is not None and known:
                    last = min(last, max(known))
                if last is None or last < first:
                    continue
                for period in periods_between(first, last):
                    key = (metric.name, at_period_end(metric, period))
                    if key not in have and (metric.name, period) not in registered:
                        raise _located(
                            metric,
                            f"'{metric.name}' has no value for {period.label} and data/gaps.yml does not list it "
                            f"(the metric is declared complete from {first.label}).",
                            f"add the value to {dataset.path}, derive it in data/derived.yml, or register the gap "
                            "in data/gaps.yml with its kind and the search that found nothing.",
                        )
    for (metric, period), gap in registered.items():
        dataset = next(ds for ds in datasets.values() if metric in ds.metrics)
        if (metric, at_period_end(dataset.metrics[metric], period)) in dataset.observations:
            raise DataError.at(
                gap.where,
                f"{metric} {period.label} is registered as a gap, but the data now has it.",
                "remove the period from the gap.",
            )


def _periods_with_values(metric: Metric, dataset: Dataset, frequency: str) -> list[Period]:
    """The periods of a frequency the metric has values for, stored or derived (a stock's balance dates
    as the years or quarters they close)."""
    found = []
    for (name, period), _o in dataset.observations.items():
        if name != metric.name:
            continue
        as_period = period_closed_by(period, frequency) if metric.stock else period
        if as_period is not None and as_period.frequency == frequency:
            found.append(as_period)
    return found


def _check_keeps_up(metric: Metric, dataset: Dataset, frequency: str, registered: dict, newest_in) -> None:
    if metric.formula:
        return  # a computed metric follows its inputs, which are checked themselves
    own = _periods_with_values(metric, dataset, frequency)
    if not own:
        return
    latest, target = max(own), newest_in(dataset, frequency, metric.stock)
    if target is None or latest >= target:
        return
    if metric.last_reported_for(frequency):
        return
    if any(p > latest for p in _registered(metric, frequency, registered)):
        return  # the values stop at a registered gap: shown and named as such, not silently missing
    raise _located(
        metric,
        f"'{metric.name}' stops at {latest.label} but {dataset.path} reaches {target.label}.",
        f"add its {target.label} value, or declare 'last_reported: {{period: {latest.label}, kind: ..., reason: ...}}' "
        "if it is no longer reported.",
    )


def _registered(metric: Metric, frequency: str, registered: dict) -> list[Period]:
    """The registered gaps of a metric at a frequency (a stock's by the year or quarter they close)."""
    found = []
    for name, period in registered:
        if name != metric.name:
            continue
        as_period = period_closed_by(parse_period(period.end_date), frequency) if metric.stock else period
        if as_period is not None and as_period.frequency == frequency:
            found.append(as_period)
    return found


def _check_last_reported(metric: Metric, dataset: Dataset) -> None:
    for declared in metric.last_reported:
        if metric.stock:
            # A later value computed here (an estimate from the company's later figures) is no report.
            later = [
                p
                for (name, p), o in dataset.observations.items()
                if name == metric.name and p.end_date > declared.period.end_date and o.status != "derived"
            ]
        else:
            later = [p for p in _periods_with_values(metric, dataset, declared.period.frequency) if p > declared.period]
        if later:
            raise _located(
                metric,
                f"'{metric.name}' is declared last reported for {declared.period.label}, but the data has {max(later).label}.",
                "update or remove that 'last_reported' entry.",
            )


def _located(metric: Metric, problem: str, fix: str) -> DataError:
    path, _, line = metric.where.rpartition(":")
    return DataError(path, problem, fix, line=int(line) if line.isdigit() else None)
