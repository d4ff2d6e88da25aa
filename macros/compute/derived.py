"""Values computed at build time, never typed: a metric's formula (a margin, net cash, a per-ADS
figure) wherever its inputs exist and no value is stored, and single values derived from other
periods (data/derived.yml). Each derived value keeps its formula and its inputs."""

from __future__ import annotations

import graphlib

from macros.compute.formulas import Formula, MissingInput, evaluate, parse_formula
from macros.compute.lookup import value_at
from macros.core.errors import DataError, did_you_mean
from macros.core.model import Dataset, Derivation, Metric, Observation, derived_observation, values_by_metric
from macros.core.numbers import plain_number
from macros.core.periods import Frequency, Period, parse_period


class Values:
    """Lookups over every dataset's observations, by metric and period (stocks by date)."""

    def __init__(self, datasets: dict[str, Dataset], metrics: dict[str, Metric]):
        self.datasets, self.metrics = datasets, metrics
        # Indexed once (and kept up to date by `add`): derivation looks values up thousands of times.
        self._by_metric = values_by_metric(datasets)

    def of(self, metric: str) -> dict[Period, Observation]:
        return self._by_metric[metric]

    def at(self, metric: str, period: Period) -> Observation | None:
        """The value for a period, by the one lookup rule (compute/lookup.py)."""
        return value_at(self.metrics[metric], self.of(metric), period)

    def add(self, observation: Observation) -> None:
        dataset = self.datasets[self.metrics[observation.metric].dataset]
        dataset.observations[(observation.metric, observation.period)] = observation
        self._by_metric[observation.metric][observation.period] = observation


def apply_derivations(
    datasets: dict[str, Dataset], metrics: dict[str, Metric], derivations: tuple[Derivation, ...]
) -> None:
    """Add every derived value to its dataset: single derivations first, then metric formulas in the
    order their inputs require."""
    values = Values(datasets, metrics)
    formulas = {m.name: _parse_metric_formula(m, metrics) for m in metrics.values() if m.formula}
    order = graphlib.TopologicalSorter(
        {name: {t.metric for t in f.terms if t.metric in formulas} for name, f in formulas.items()}
    )
    try:
        ordered = list(order.static_order())
    except graphlib.CycleError as error:
        cycle = " -> ".join(error.args[1])
        first = metrics[error.args[1][0]]
        raise DataError.at(
            first.where,
            f"the formulas go round in a circle ({cycle}).",
            "break the circle: store one of them.",
        ) from None
    # A single derivation may need a value a formula computes, and a formula a derived value: repeat
    # both until nothing new can be computed, then report any derivation still missing an input.
    pending = list(derivations)
    while True:
        added = 0
        for derivation in list(pending):
            if _derive_one(derivation, values, final=False):
                pending.remove(derivation)
                added += 1
        for name in ordered:
            added += _derive_metric(metrics[name], formulas[name], values)
        if not added:
            break
    for derivation in pending:
        _derive_one(derivation, values, final=True)


def _parse(text: str, metrics: dict[str, Metric], where: str, what: str) -> Formula:
    try:
        formula = parse_formula(text)
    except ValueError as error:
        raise DataError.at(where, f"{what}: {error}.", "use metric names, numbers, + - * / and parentheses.") from None
    for term in formula.terms:
        if term.metric not in metrics:
            raise DataError.at(
                where,
                f"{what}: the formula names unknown metric '{term.metric}'. {did_you_mean(term.metric, metrics, 'metrics')}",
                "name metrics declared in a .meta.yml.",
            )
        if term.period is not None:
            try:
                parse_period(term.period)
            except ValueError as error:
                raise DataError.at(
                    where,
                    f"{what}: {error}",
                    'write each period as in the data, e.g. revenue["9M 2020"].',
                ) from None
    return formula


def _parse_metric_formula(metric: Metric, metrics: dict[str, Metric]) -> Formula:
    formula = _parse(metric.formula, metrics, metric.where, f"metric '{metric.name}'")
    if any(t.period for t in formula.terms):
        raise DataError.at(
            metric.where,
            f"metric '{metric.name}': a metric's formula applies to every period, so it cannot name one.",
            "write the formula with plain metric names; derive a single value in data/derived.yml.",
        )
    return formula


def _lookup(values: Values):
    return lambda term, period: values.at(term.metric, parse_period(period))


def _derive_one(derivation: Derivation, values: Values, final: bool) -> bool:
    """Add one derived value; False (or, when final, an error) if an input is still missing."""
    metric = values.metrics[derivation.metric]
    where = derivation.where
    what = f"{derivation.metric} {derivation.period.label}"
    formula = _parse(derivation.formula, values.metrics, derivation.where, what)
    if stored := values.of(derivation.metric).get(derivation.period):
        raise DataError.at(
            where,
            f"{what} is derived here but also stored at {stored.where}.",
            "keep one: delete the derivation now that a document gives the value, or the row.",
        )
    try:
        value, inputs, spread = evaluate(formula, derivation.period.label, _lookup(values))
    except MissingInput as missing:
        if not final:
            return False
        dataset = values.datasets[values.metrics[missing.term.metric].dataset]
        raise DataError.at(
            where,
            f"{what}: the formula needs {missing.term.metric} for {missing.period}, which {dataset.path} does not have.",
            "add that value, or fix the formula's period.",
        ) from None
    except ZeroDivisionError:
        raise DataError.at(where, f"{what}: the formula divides by zero.", "check the inputs.") from None
    _check_sign(metric, derivation.period, value, inputs, spread, where)
    values.add(
        derived_observation(
            metric, derivation.period, value, inputs, formula.text, derivation.reason, spread, derivation.where
        )
    )
    return True


def _derive_metric(metric: Metric, formula: Formula, values: Values) -> int:
    """Compute the metric for every period where all its inputs exist and it has no value yet; return
    how many values were added. An input that persists (the shares per ADS) must be in effect for every
    period the other inputs cover: without it the value would silently be missing."""
    stored = values.of(metric.name)
    added = 0
    for period in _candidate_periods(metric, formula, values):
        if period in stored:
            continue
        try:
            value, inputs, spread = evaluate(formula, period.label, _lookup(values))
        except MissingInput as missing:
            needed = values.metrics[missing.term.metric]
            # A value that persists only for some days (a closing price) is simply absent outside them.
            if needed.persists and not needed.persists_days:
                raise DataError.at(
                    metric.where,
                    f"metric '{metric.name}' for {period.label} needs '{missing.term.metric}', but none is in effect "
                    f"on {period.end_date}.",
                    f"add a '{missing.term.metric}' value dated on or before {period.end_date}, with its source.",
                ) from None
            continue
        except ZeroDivisionError:
            continue
        _check_sign(metric, period, value, inputs, spread, metric.where)
        values.add(derived_observation(metric, period, value, inputs, formula.text, "", spread, metric.where))
        added += 1
    return added


def _check_sign(metric: Metric, period: Period, value: float, inputs, spread: float, where: str) -> None:
    """A computed value keeps its metric's sign. One that breaks it within its inputs' rounding is an
    artefact of inputs given to different precision (a total to the 0.1 million less a part rounded to
    the million): refused, so that no page shows a negative revenue line."""
    allowed = {"positive": value >= 0, "loss": value >= 0, "negative": value <= 0}.get(metric.sign, True)
    if allowed:
        return
    given = "; ".join(f"{o.metric} {o.period.label} {plain_number(o.value)} ({o.where})" for o in inputs)
    within = abs(value) <= spread + 1e-9
    cause = (
        f"within the rounding of its inputs (±{spread:g}), which are given to different precision"
        if within
        else "beyond the rounding of its inputs"
    )
    raise DataError.at(
        where,
        f"'{metric.name}' for {period.label} computes to {value:g}, which has the wrong sign for the metric, "
        f"{cause}: {given}.",
        "give the inputs at the same precision (from the same document where possible), or store the value "
        "the company states; if no document gives it, remove the less precise input and register the gap.",
    )


def _candidate_periods(metric: Metric, formula: Formula, values: Values) -> list[Period]:
    """Periods of the formula's first non-persisting input (the others must exist too)."""
    leading = [t.metric for t in formula.terms if not values.metrics[t.metric].persists]
    if not leading:
        return []
    periods = set(values.of(leading[0]))
    if metric.stock:
        return sorted(p for p in periods if p.frequency == Frequency.DATED)
    return sorted(p for p in periods if p.frequency != Frequency.DATED or not values.metrics[leading[0]].stock)
