"""The validated data in memory: sources, metrics, observations, datasets and chart declarations,
and the lookups the macros make by name and period. Built only by dataset.load_catalog."""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from .errors import MacroCallError, did_you_mean
from .periods import FREQUENCIES, MIXED, Period, nearest, parse_period

STATUSES = {
    "reported": "from the company's own release or filing, or a faithful copy of it",
    "secondary": "from a news article or data aggregator reporting the company's figure",
    "unconfirmed": "found only in the seed article, not confirmed by another source",
}


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    date: str
    url: str
    reports: str
    kind: str = ""

    @property
    def short(self) -> str:
        """How the source reads in a caption: publisher and date."""
        return f"{self.publisher} ({self.date})"


@dataclass(frozen=True)
class Metric:
    name: str
    title: str
    unit: str
    short_unit: str
    description: str
    decimals: int
    dataset: str
    # Optional rules the consistency checks enforce (see consistency.py).
    additive: bool = False
    part_of: str | None = None
    at_most: str | None = None
    ratio_of: tuple[str, str] | None = None

    def decimals_for(self, observation: Observation) -> int:
        """Decimals to show for a value: the metric's, but never more digits than the source gave."""
        return min(self.decimals, observation.decimals)


@dataclass(frozen=True)
class Observation:
    metric: str
    period: Period
    value: float
    source: str
    status: str
    note: str
    path: str
    line: int
    # Digits written after the decimal point in the CSV: "9559" has 0, "1970.0" has 1.
    decimals: int = 0
    # The figure another source gives, where sources disagree (the note says why this value was chosen),
    # and the digits written after its decimal point.
    alternative: float | None = None
    alternative_source: str = ""
    alternative_decimals: int = 0

    @property
    def precision(self) -> float:
        """Half a unit of the last digit written: "9559" is +/-0.5, "1970.0" is +/-0.05."""
        return 0.5 * 10**-self.decimals

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class ChartSpec:
    name: str
    title: str
    kind: str
    frequency: str
    series: tuple[str, ...]
    start: Period | None = None
    end: Period | None = None
    description: str = ""
    # Legend names that differ from the metrics' titles, e.g. {"revenue": "Kingsoft Cloud"} among peers.
    labels: tuple[tuple[str, str], ...] = ()

    def label(self, metric: Metric) -> str:
        return dict(self.labels).get(metric.name, metric.title)

    @property
    def on_time_axis(self) -> bool:
        """Dates and mixed periods are placed in time, so uneven gaps between them read as such."""
        return self.frequency in ("dated", MIXED)


@dataclass(frozen=True)
class Event:
    """A dated event of the company's history. Its figure, if any, is a (metric, period) in a dataset,
    so the timeline and the pages show one and the same value."""

    date: Period
    category: str
    text: str
    source: str
    status: str
    metric: str
    period: str
    line: int


@dataclass(frozen=True)
class Timeline:
    """The events dataset (data/events.csv) and its metadata."""

    title: str
    description: str
    path: str
    columns: dict[str, dict]
    categories: dict[str, str]
    events: tuple[Event, ...]

    @property
    def name(self) -> str:
        """The dataset's name as in download links: its file name without .csv."""
        return self.path.rsplit("/", 1)[-1].removesuffix(".csv")

    @property
    def frame(self) -> pd.DataFrame:
        rows = [
            {
                "date": e.date.label,
                "category": e.category,
                "event": e.text,
                "metric": e.metric,
                "period": e.period,
                "source": e.source,
                "status": e.status,
            }
            for e in self.events
        ]
        return pd.DataFrame(rows, columns=list(self.columns))


@dataclass(frozen=True)
class ConsistencyException:
    """A known disagreement between sources that a consistency check would otherwise refuse."""

    check: str
    metric: str
    period: str
    reason: str
    where: str


@dataclass
class Dataset:
    name: str
    title: str
    description: str
    path: str
    columns: dict[str, dict]
    metrics: dict[str, Metric]
    observations: dict[tuple[str, Period], Observation] = field(default_factory=dict)

    @property
    def frame(self) -> pd.DataFrame:
        """The dataset as a tidy table, sorted by metric then period."""
        rows = [
            {
                "metric": o.metric,
                "period": o.period.label,
                "value": o.value,
                "source": o.source,
                "status": o.status,
                "note": o.note,
                "alternative": o.alternative,
                "alternative_source": o.alternative_source,
            }
            for o in sorted(self.observations.values(), key=lambda o: (o.metric, o.period.sort_key))
        ]
        columns = ["metric", "period", "value", "source", "status", "note", "alternative", "alternative_source"]
        return pd.DataFrame(rows, columns=columns)


@dataclass
class Catalog:
    """Everything in data/, validated: datasets, sources and chart declarations."""

    sources: dict[str, Source]
    datasets: dict[str, Dataset]
    charts: dict[str, ChartSpec]
    exceptions: tuple[ConsistencyException, ...] = ()
    timeline: Timeline | None = None

    @functools.cached_property
    def metrics(self) -> dict[str, Metric]:
        return {name: metric for ds in self.datasets.values() for name, metric in ds.metrics.items()}

    def source_uses(self) -> dict[str, int]:
        """How many values, alternative values and events cite each source id."""
        cited = [o.source for ds in self.datasets.values() for o in ds.observations.values()]
        cited += [o.alternative_source for ds in self.datasets.values() for o in ds.observations.values()]
        cited += [e.source for e in (self.timeline.events if self.timeline else ())]
        return dict(Counter(filter(None, cited)))

    def metric(self, name: str) -> Metric:
        if name not in self.metrics:
            raise MacroCallError(f"unknown metric '{name}'. {did_you_mean(name, self.metrics, 'metrics')}")
        return self.metrics[name]

    def dataset(self, name: str) -> Dataset:
        if name not in self.datasets:
            raise MacroCallError(f"unknown dataset '{name}'. {did_you_mean(name, self.datasets, 'datasets')}")
        return self.datasets[name]

    def source(self, source_id: str) -> Source:
        if source_id not in self.sources:
            raise MacroCallError(f"unknown source '{source_id}'. {did_you_mean(source_id, self.sources, 'sources')}")
        return self.sources[source_id]

    def chart(self, name: str) -> ChartSpec:
        if name not in self.charts:
            raise MacroCallError(f"unknown chart '{name}'. {did_you_mean(name, self.charts, 'charts')}")
        return self.charts[name]

    def series(self, metric: str, frequency: str) -> list[Observation]:
        """All observations of a metric at one frequency (or at every one, for "mixed"), oldest first."""
        dataset = self.datasets[self.metric(metric).dataset]
        found = [
            o
            for (m, p), o in dataset.observations.items()
            if m == metric and (p.frequency == frequency or frequency == MIXED)
        ]
        return sorted(found, key=lambda o: o.period.sort_key)

    def observation(self, metric: str, period: str) -> Observation:
        dataset = self.datasets[self.metric(metric).dataset]
        try:
            parsed = parse_period(period)
        except ValueError as error:
            raise MacroCallError(str(error)) from None
        if (metric, parsed) not in dataset.observations:
            known = [p for (m, p) in dataset.observations if m == metric]
            closest = ", ".join(p.label for p in nearest(parsed, known))
            raise MacroCallError(
                f"no value of '{metric}' for {parsed.label} in {dataset.path}. "
                f"Nearest periods with a value: {closest}. "
                f"To add it, append a row '{metric},{parsed.label},<value>,<source id>,<status>,' to {dataset.path}."
            )
        return dataset.observations[(metric, parsed)]

    def latest(self, metric: str, frequency: str) -> Observation:
        if frequency not in FREQUENCIES:
            raise MacroCallError(f"unknown frequency '{frequency}'; use one of {', '.join(FREQUENCIES)}.")
        found = self.series(metric, frequency)
        if not found:
            raise MacroCallError(f"'{metric}' has no {frequency} values.")
        return found[-1]
