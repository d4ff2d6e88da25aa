"""Freshness: which periods a page shows, and whether its key figures lag the newest data.

A page lists its key metrics in its front matter (`key_figures: [revenue, gross_profit annual]`); for
each, the page must show the newest year and the newest quarter the data has (the headline
frequencies), or only the frequency named after the metric (any frequency the data has). Pages that call `latest(...)` stay fresh
by themselves; a page that names a period outright goes stale when a new one is added."""

from __future__ import annotations

from macros.compute.catalog import Catalog, Observation
from macros.core.errors import MacroCallError
from macros.core.language import Phrases
from macros.core.periods import FREQUENCIES, HEADLINE_FREQUENCIES, Frequency, Period

# What a bare key figure ("revenue") must keep up with: results are headlined by year and by quarter.


def latest_shown(observations: list[Observation]) -> dict[str, Period]:
    """The newest period shown at each frequency."""
    newest: dict[str, Period] = {}
    for o in observations:
        current = newest.get(o.period.frequency)
        if current is None or o.period.sort_key > current.sort_key:
            newest[o.period.frequency] = o.period
    return newest


def stale_key_figures(key_figures: list[str], shown: list[Observation], catalog: Catalog) -> list[str]:
    """One sentence per key metric and frequency where the page lags the data."""
    problems = []
    for entry in key_figures:
        metric, _, only = str(entry).partition(" ")
        spec = catalog.metric(metric)  # an unknown name fails here, with the nearest names
        if only and only not in FREQUENCIES:
            raise MacroCallError(
                f"key figure '{entry}' names no frequency.",
                f"write '{metric}', or '{metric}' followed by one of {', '.join(FREQUENCIES)}.",
            )
        on_page = latest_shown([o for o in shown if o.metric == metric])
        for frequency in (only,) if only else HEADLINE_FREQUENCIES:
            if not catalog.series(metric, frequency):
                continue
            newest = catalog.latest(metric, frequency).period
            # A balance is shown at its date, whichever year or quarter it closes.
            if metric_shown := on_page.get(Frequency.DATED if spec.stock else frequency):
                if metric_shown.sort_key < newest.sort_key:
                    problems.append(f"'{metric}' is shown up to {metric_shown.label}, but the data has {newest.label}")
            else:
                problems.append(
                    f"'{metric}' is a key figure but no {frequency} value of it is shown (newest: {newest.label})"
                )
            if lagging := _lags_its_kind(catalog, spec, frequency, newest):
                problems.append(lagging)
    return problems


def _lags_its_kind(catalog: Catalog, spec, frequency: str, newest: Period) -> str | None:
    """A key figure must be as current as the other figures of its kind: a balance as the newest
    balance date of its dataset, a flow as the newest period of its frequency there. One that stops
    earlier says why, in its metric's `last_reported` (and the page says it to the reader)."""
    dataset = catalog.datasets[spec.dataset]
    kin = [m for m in dataset.metrics.values() if m.stock == spec.stock]
    frequency = Frequency.DATED if spec.stock else frequency
    newest_of_kind = max(
        (o.period for m in kin for o in catalog.series(m.name, frequency) if o.period.frequency == frequency),
        default=None,
    )
    shown = catalog.latest(spec.name, Frequency.DATED).period if spec.stock else newest
    if newest_of_kind is None or shown.sort_key >= newest_of_kind.sort_key or spec.last_reported_for(frequency):
        return None
    kind = "balance date" if spec.stock else f"{frequency} period"
    return (
        f"'{spec.name}' is a key figure at {shown.label}, but the newest {kind} in {dataset.path} is "
        f"{newest_of_kind.label}; show a figure of that date, or declare in its metadata why it stops earlier "
        "(last_reported, with the reason)"
    )


def newest_periods_text(shown: list[Observation]) -> str:
    newest = latest_shown(shown)
    return ", ".join(newest[f].label for f in FREQUENCIES if f in newest) or "none"


def stale_message(path: str, stale: list[str]) -> str:
    """The build error for a page whose key figures lag the data."""
    return (
        f"{path}: key figures lag the data: " + "; ".join(stale) + ". "
        'Fix: show the newest period, ideally with latest_period("metric") so the page keeps up by itself.'
    )


say = Phrases(
    results_as_of=(
        "Data as of the results for {period}{when}; results the company has published since are not yet included.",
        "数据截至{period}业绩{when}；公司此后发布的业绩尚未收录。",
    ),
    published=(", published on {date}", "（发布于{date}）"),
)


def as_of_sentence(shown: list[Observation], catalog: Catalog, results_metric: str = "revenue") -> str | None:
    """The one sentence that tells a reader which results the whole site reflects: the newest quarter
    (else year) of the company's results in the data, and the date the company published them. Every
    page that shows a figure carries it, so no page speaks of older results as the latest. None for a
    page that shows no figure."""
    if not shown:
        return None
    series = catalog.series(results_metric, Frequency.QUARTERLY) or catalog.series(results_metric, Frequency.ANNUAL)
    newest = series[-1]
    documents = [catalog.sources[s] for s in newest.sources if catalog.sources[s].is_company_document]
    published = max((d.date for d in documents), default="")
    when = say("published", date=_date_words(published)) if published else ""
    return say("results_as_of", period=newest.period.words, when=when)


def _date_words(date: str) -> str:
    """2026-03-25 as 25 March 2026 (a date known to the month or year as that)."""
    from macros.core.periods import parse_period

    return parse_period(date).display if len(date) > 4 else date
