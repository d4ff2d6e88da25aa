"""Accounting identities, checked on every build: the data must agree with itself before any page
shows it. Each check returns the problems it finds; a problem names the rows involved.

Tolerances are not guesses: each stored value carries the precision its digits imply (half a unit
of the last digit written), and two sides of an identity may differ by at most the sum of the
precisions of the values involved."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from macros.compute.catalog import Catalog
from macros.compute.derived import Values
from macros.compute.formulas import MissingInput, evaluate, parse_formula
from macros.core.model import Check, Observation
from macros.core.periods import Frequency, Period, parse_period

PERCENT_CEILING = 100.0


@dataclass(frozen=True)
class Problem:
    check: str
    metric: str
    period: str
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.message}"


def _tolerance(observations: list[Observation]) -> float:
    return sum(o.precision for o in observations)


def _rows(observations: list[Observation]) -> str:
    return ", ".join(f"{o.metric} {o.period.label} = {o.value:g} ({o.where})" for o in observations)


def _by_period(catalog: Catalog, metric: str) -> dict[Period, Observation]:
    dataset = catalog.datasets[catalog.metric(metric).dataset]
    return {p: o for (m, p), o in dataset.observations.items() if m == metric}


def quarters_sum_to_year(catalog: Catalog) -> Iterator[Problem]:
    """For additive metrics, the four quarters of a year add up to the year."""
    for metric in (m for m in catalog.metrics.values() if m.additive):
        values = _by_period(catalog, metric.name)
        quarters: dict[int, list[Observation]] = defaultdict(list)
        for period, o in values.items():
            if period.quarter is not None:
                quarters[period.year].append(o)
        for year, found in quarters.items():
            annual = values.get(Period(year))
            if len(found) == 4 and annual is not None:
                total = sum(o.value for o in found)
                if abs(total - annual.value) > _tolerance([*found, annual]):
                    yield Problem(
                        Check.QUARTERS_SUM_TO_YEAR,
                        metric.name,
                        annual.period.label,
                        f"the four quarters of {year} add up to {total:g} but the year is {annual.value:g}: "
                        + _rows([*sorted(found, key=lambda o: o.period), annual]),
                    )


def quarters_sum_to_half(catalog: Catalog) -> Iterator[Problem]:
    """For additive metrics, the two quarters of a half year add up to the half."""
    for metric in (m for m in catalog.metrics.values() if m.additive):
        values = _by_period(catalog, metric.name)
        for period, half in values.items():
            if period.frequency != Frequency.HALF_YEARLY:
                continue
            found = [values.get(Period(period.year, q)) for q in (2 * period.half - 1, 2 * period.half)]
            if None in found:
                continue
            total = sum(o.value for o in found)
            if abs(total - half.value) > _tolerance([*found, half]):
                yield Problem(
                    Check.QUARTERS_SUM_TO_HALF,
                    metric.name,
                    period.label,
                    f"the two quarters of {period.label} add up to {total:g} but the half year is {half.value:g}: "
                    + _rows([*found, half]),
                )


def formulas_match_their_parts(catalog: Catalog) -> Iterator[Problem]:
    """A stored value of a metric with a formula (a margin the company states, a per-ADS figure) agrees
    with the formula computed from its inputs, within the rounding of all of them."""
    values = Values(catalog.datasets, catalog.metrics)
    for metric in (m for m in catalog.metrics.values() if m.formula):
        formula = parse_formula(metric.formula)
        for period, o in _by_period(catalog, metric.name).items():
            if o.status == "derived":
                continue
            try:
                computed, inputs, spread = evaluate(
                    formula, period.label, lambda t, p: values.at(t.metric, parse_period(p))
                )
            except (MissingInput, ZeroDivisionError):
                continue
            if abs(computed - o.value) > o.precision + spread:
                yield Problem(
                    Check.FORMULA_MATCHES_PARTS,
                    metric.name,
                    period.label,
                    f"{metric.name} is {o.value:g} but {metric.formula} gives {computed:.4g}: " + _rows([o, *inputs]),
                )


def parts_within_whole(catalog: Catalog) -> Iterator[Problem]:
    """Metrics declared `part_of` a whole never add up to more than it, and add up to exactly it
    when every declared part has a value. Percentages that name a group sum to at most 100."""
    groups: dict[str, list[str]] = defaultdict(list)
    for metric in catalog.metrics.values():
        if metric.part_of:
            groups[metric.part_of].append(metric.name)
    for whole, parts in groups.items():
        part_values = [_by_period(catalog, p) for p in parts]
        periods = {period for values in part_values for period in values}
        whole_values = _by_period(catalog, whole) if whole in catalog.metrics else {}
        for period in sorted(periods, key=lambda p: p.sort_key):
            present = [values[period] for values in part_values if period in values]
            total = sum(o.value for o in present)
            if whole in catalog.metrics:
                if period not in whole_values:
                    continue
                target = whole_values[period]
                slack = _tolerance([*present, target])
                complete = len(present) == len(parts)
                short = total < target.value - slack and not catalog.metric(whole).remainder
                if total > target.value + slack or (complete and abs(total - target.value) > slack) or short:
                    why = (
                        f" (store the missing parts, an explicit 0 where there is none, or declare what is left "
                        f"unallocated with 'remainder:' on {whole})"
                        if short and not complete
                        else ""
                    )
                    yield Problem(
                        Check.PARTS_WITHIN_WHOLE,
                        whole,
                        period.label,
                        f"the parts add up to {total:g} but {whole} is {target.value:g}{why}: {_rows([*present, target])}",
                    )
            elif total > PERCENT_CEILING + _tolerance(present):
                yield Problem(
                    Check.SHARES_SUM_TO_AT_MOST_100,
                    whole,
                    period.label,
                    f"the shares in group '{whole}' add up to {total:g}%: {_rows(present)}",
                )


def at_most(catalog: Catalog) -> Iterator[Problem]:
    """A metric declared `at_most` another is never larger than it in the same period."""
    for metric in (m for m in catalog.metrics.values() if m.at_most):
        ceiling = _by_period(catalog, metric.at_most)
        for period, o in _by_period(catalog, metric.name).items():
            if period in ceiling and o.value > ceiling[period].value + _tolerance([o, ceiling[period]]):
                yield Problem(
                    Check.AT_MOST,
                    metric.name,
                    period.label,
                    f"{metric.name} exceeds {metric.at_most}: {_rows([o, ceiling[period]])}",
                )


def percentages_in_range(catalog: Catalog) -> Iterator[Problem]:
    """A percentage metric that is a share of something (part_of) lies between 0 and 100."""
    for metric in (m for m in catalog.metrics.values() if m.unit == "percent" and m.part_of):
        for o in _by_period(catalog, metric.name).values():
            if not 0 <= o.value <= PERCENT_CEILING:
                yield Problem(
                    Check.SHARE_IN_RANGE, metric.name, o.period.label, f"a share must lie within 0 to 100: {_rows([o])}"
                )


CHECKS = (
    quarters_sum_to_year,
    quarters_sum_to_half,
    parts_within_whole,
    at_most,
    percentages_in_range,
    formulas_match_their_parts,
)


def find_problems(catalog: Catalog) -> list[Problem]:
    """Every problem, less those the exceptions list (data/disagreements.yml) accepts with a reason."""
    problems = [p for check in CHECKS for p in check(catalog)]
    accepted = {(e.check, e.metric, e.period) for e in catalog.exceptions}
    return [p for p in problems if (p.check, p.metric, p.period) not in accepted]


def unused_exceptions(catalog: Catalog) -> list[str]:
    """Exceptions that no longer match any problem: stale entries to delete."""
    problems = {(p.check, p.metric, p.period) for check in CHECKS for p in check(catalog)}
    return [
        f"{e.where}: {e.check} {e.metric} {e.period}"
        for e in catalog.exceptions
        if (e.check, e.metric, e.period) not in problems
    ]


class InconsistentData(Exception):
    """The data disagrees with itself; the message lists every problem and how to resolve it."""


def verify(catalog: Catalog) -> None:
    """Raise InconsistentData unless every check passes (after accepted exceptions) and no exception is stale."""
    problems = find_problems(catalog)
    stale = unused_exceptions(catalog)
    if not problems and not stale:
        return
    lines = [f"  {p}" for p in problems] + [f"  {s}: this exception matches no problem any more." for s in stale]
    raise InconsistentData(
        "the data disagrees with itself:\n"
        + "\n".join(lines)
        + "\nFix: correct the value that was mistyped; if the sources genuinely disagree, add an entry with"
        " the check, metric, period and reason to data/disagreements.yml (and delete entries that match nothing)."
    )
