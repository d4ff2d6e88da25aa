"""The validated data in memory, and the lookups macros make by name and period. Built only by
dataset.load_catalog."""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field

from macros.compute.formulas import parse_formula
from macros.compute.lookup import value_at
from macros.core.errors import MacroCallError, did_you_mean
from macros.core.model import (
    ChartSpec,
    ConsistencyException,
    Dataset,
    Derivation,
    Fact,
    Gap,
    Metric,
    Observation,
    Source,
    Timeline,
    values_by_metric,
)
from macros.core.periods import FREQUENCIES, MIXED, Frequency, Period, nearest, parse_period


def period_closed_by(date: Period, frequency: str) -> Period | None:
    """The year, half or quarter whose last day a balance date is (2024-12-31 closes FY2024, H2 2024 and
    Q4 2024), if any."""
    if date.day is None or date.end_date != Period(date.year, month=date.month).end_date:
        return None
    if frequency == Frequency.ANNUAL and date.month == 12:
        return Period(date.year)
    if frequency == Frequency.HALF_YEARLY and date.month in (6, 12):
        return Period(date.year, half=date.month // 6)
    if frequency == Frequency.QUARTERLY and date.month % 3 == 0:
        return Period(date.year, date.month // 3)
    return None


@dataclass
class Catalog:
    """Everything in data/, validated: datasets (with their derived values), sources, charts, the
    timeline and the registers of derivations, gaps and accepted disagreements."""

    sources: dict[str, Source]
    datasets: dict[str, Dataset]
    charts: dict[str, ChartSpec]
    exceptions: tuple[ConsistencyException, ...] = ()
    timeline: Timeline | None = None
    derivations: tuple[Derivation, ...] = ()
    gaps: tuple[Gap, ...] = ()
    facts: dict[str, Fact] = field(default_factory=dict)
    # What second company documents say of stored values (load/confirmations.py).
    confirmations: tuple = ()
    stated_changes: tuple = ()
    glossary: tuple = ()
    # The Chinese termbase (data/termbase.yml): each concept's one term, and the variants refused.
    termbase: tuple = ()

    @functools.cached_property
    def metrics(self) -> dict[str, Metric]:
        return {name: metric for ds in self.datasets.values() for name, metric in ds.metrics.items()}

    def gap_kind(self, metric: str, kind: str):
        """The words for a missing value of `metric`, for one of the three reasons (GAP_KINDS)."""
        return self.metric(metric).gap_kind(kind)

    def gap(self, metric: str, period) -> Gap | None:
        """The registered gap of a metric in a period, if any."""
        return self._gaps.get((metric, period))

    def missing_kind(self, metric: str, period: Period) -> str | None:
        """Why a metric has no value for a period, as one of the three reasons (GAP_KINDS): its registered
        gap; for a metric the company no longer reports at that frequency, its declared reason; for a
        value computed by a formula, the reason its missing inputs share. None when nothing says why."""
        if gap := self.gap(metric, period):
            return gap.kind
        stored = self.datasets[self.metric(metric).dataset].observations.get((metric, period))
        if stored is not None and stored.basis == "unconfirmed":
            return "not_available"
        spec = self.metric(metric)
        declared = spec.last_reported_for(period.frequency)
        if declared and declared.period < period:
            return declared.kind
        if spec.formula:
            kinds = {
                self.missing_kind(term.metric, period)
                for term in parse_formula(spec.formula).terms
                if self.value_or_none(term.metric, period) is None
            }
            if len(kinds) == 1 and None not in kinds:
                return kinds.pop()
        return None

    @functools.cached_property
    def _gaps(self) -> dict:
        return {(g.metric, g.period): g for g in self.gaps}

    def source_uses(self) -> dict[str, int]:
        """How many stored values, alternative values and events cite each source id."""
        stored = [o for ds in self.datasets.values() for o in ds.stored]
        cited = [o.source for o in stored] + [o.alternative_source for o in stored]
        cited += [e.source for e in (self.timeline.events if self.timeline else ())]
        cited += [f.source for f in self.facts.values()]
        return dict(Counter(filter(None, cited)))

    def metric(self, name: str) -> Metric:
        if name not in self.metrics:
            raise MacroCallError(
                f"unknown metric '{name}'. {did_you_mean(name, self.metrics, 'metrics')}",
                "use a metric declared in a data/*.meta.yml (the Data page lists them).",
            )
        return self.metrics[name]

    def dataset(self, name: str) -> Dataset:
        if name not in self.datasets:
            raise MacroCallError(
                f"unknown dataset '{name}'. {did_you_mean(name, self.datasets, 'datasets')}",
                "name a CSV file of data/ without '.csv'.",
            )
        return self.datasets[name]

    def source(self, source_id: str) -> Source:
        if source_id not in self.sources:
            raise MacroCallError(
                f"unknown source '{source_id}'. {did_you_mean(source_id, self.sources, 'sources')}",
                "use an id from data/sources.yml, or add the source there.",
            )
        return self.sources[source_id]

    def fact(self, fact_id: str) -> Fact:
        if fact_id not in self.facts:
            raise MacroCallError(
                f"unknown fact '{fact_id}'. {did_you_mean(fact_id, self.facts, 'facts')}",
                "use an id from data/facts.yml, or add the fact there.",
            )
        return self.facts[fact_id]

    def chart(self, name: str) -> ChartSpec:
        if name not in self.charts:
            raise MacroCallError(
                f"unknown chart '{name}'. {did_you_mean(name, self.charts, 'charts')}",
                "use a chart declared in data/charts.yml, or declare it there.",
            )
        return self.charts[name]

    @functools.cached_property
    def _by_metric(self) -> dict[str, dict[Period, Observation]]:
        """Indexed once: a catalog does not change once loaded. A figure found only in the seed article
        stays in the data and its download, but no page, table or chart shows it: it is not there to be
        looked up (missing_kind says it is not yet available here)."""
        return {
            metric: {p: o for p, o in values.items() if o.basis != "unconfirmed"}
            for metric, values in values_by_metric(self.datasets).items()
        }

    def newest_of_kind(self, metric: str, frequency: str) -> Period | None:
        """The newest period of a frequency that the data know of: across every dataset for a year, half
        or quarter (the company's latest results set the pace), within the metric's own dataset for a
        date (share prices and milestones run on their own calendars). A claim over the metric's series
        must reach it, or say where its figures stop and why."""
        datasets = (
            [self.datasets[self.metric(metric).dataset]] if frequency == Frequency.DATED else self.datasets.values()
        )
        return max(
            (o.period for ds in datasets for o in ds.observations.values() if o.period.frequency == frequency),
            default=None,
        )

    def _all(self, metric: str) -> dict[Period, Observation]:
        self.metric(metric)  # an unknown name is a located error
        return self._by_metric[metric]

    def by_period(self, metric: str, frequency: str) -> dict[Period, Observation]:
        """A metric's values at one frequency (every one for "mixed"), keyed by period. A stock's
        balances are keyed by the year, half or quarter their date closes."""
        spec = self.metric(metric)
        found: dict[Period, Observation] = {}
        for period, o in self._all(metric).items():
            if spec.stock and frequency not in (Frequency.DATED, MIXED):
                closed = period_closed_by(period, frequency)
                if closed is not None:
                    found[closed] = o
            elif period.frequency == frequency or frequency == MIXED:
                found[period] = o
        return dict(sorted(found.items()))

    def series(self, metric: str, frequency: str) -> list[Observation]:
        """All observations of a metric at one frequency, oldest first."""
        return list(self.by_period(metric, frequency).values())

    def observation(self, metric: str, period: str) -> Observation:
        """The value for a period, stored or derived, by the one lookup rule (compute/lookup.py): a
        stock can also be asked for at a year or quarter (its closing balance, or for a stock that
        persists, the one in effect)."""
        spec = self.metric(metric)
        try:
            parsed = parse_period(period)
        except ValueError as error:
            raise MacroCallError(str(error), "write the period as FY2024, H1 2024, Q1 2025 or 2020-05-08.") from None
        values = self._all(metric)
        found = value_at(spec, values, parsed)
        if found is None:
            dataset = self.datasets[spec.dataset]
            seed = value_at(spec, values_by_metric({spec.dataset: dataset})[metric], parsed)
            if seed is not None:
                raise MacroCallError(
                    f"'{metric}' for {parsed.label} is found only in the seed article ({seed.where}); reader "
                    "pages show no seed-only figure.",
                    "confirm it from another source (a row that cites it, status secondary or reported), or "
                    "rewrite the sentence without it.",
                )
            closest = ", ".join(p.label for p in nearest(parsed, list(values)))
            shown = parsed.end_date if spec.stock else parsed.label
            raise MacroCallError(
                f"no value of '{metric}' for {parsed.label} in {dataset.path}. "
                f"Nearest periods with a value: {closest or 'none'}.",
                f"use one of those periods, or append a row '{metric},{shown},<value>,<source id>,<status>' "
                f"to {dataset.path}.",
            )
        return found

    def value_or_none(self, metric: str, period: Period) -> Observation | None:
        """The value for a period by the one lookup rule, or None."""
        return value_at(self.metric(metric), self._all(metric), period)

    def confirmations_of(self, o: Observation) -> list:
        """The second company documents that give this value (none for a chart's computed remainder)."""
        if o.metric not in self.metrics:
            return []
        spec, values = self.metrics[o.metric], self._by_metric[o.metric]
        return [
            c
            for c in self.confirmations
            if c.metric == o.metric
            and c.source not in o.sources
            and self.sources[c.source].is_company_document
            and value_at(spec, values, c.period) is o
        ]

    def latest(self, metric: str, frequency: str) -> Observation:
        if frequency not in FREQUENCIES:
            raise MacroCallError(f"unknown frequency '{frequency}'.", f"use one of {', '.join(FREQUENCIES)}.")
        found = self.series(metric, frequency)
        if not found:
            raise MacroCallError(f"'{metric}' has no {frequency} values.", "ask for a frequency the metric has.")
        return found[-1]

    def latest_period(self, metric: str, frequency: str) -> Period:
        """The newest period with a value (a stock's newest year or quarter closed by a balance)."""
        if frequency not in FREQUENCIES:
            raise MacroCallError(f"unknown frequency '{frequency}'.", f"use one of {', '.join(FREQUENCIES)}.")
        found = self.by_period(metric, frequency)
        if not found:
            raise MacroCallError(f"'{metric}' has no {frequency} values.", "ask for a frequency the metric has.")
        return max(found)
