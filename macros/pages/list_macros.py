"""Macros for lists generated from the data: the timeline, the sources, the datasets, the values on
which sources disagree, the derived values and the gaps register."""

from __future__ import annotations

from collections import defaultdict

from macros.core.errors import MacroCallError, did_you_mean
from macros.core.html import Cell, esc, table
from macros.core.model import SOURCE_KINDS, TIERS
from macros.core.numbers import format_value
from macros.core.periods import parse_period
from macros.load.events import PLACEHOLDER
from macros.pages.render import DOWNLOADS, Renderer
from macros.pages.value_macros import FigureMacros


class ListMacros:
    NAMES = (
        "timeline",
        "disagreements",
        "derived_list",
        "gap_list",
        "data_updates",
        "dataset_list",
        "trust_summary",
        "glossary",
        "source_list",
    )

    def __init__(self, render: Renderer, figures: FigureMacros):
        self.render = render
        self.figures = figures
        self.catalog = render.catalog

    def timeline(self, *categories: str) -> str:
        """The company's history from `data/events.csv`, oldest first and grouped by year; each event
        links to its source, and an event's figure is printed where its text says `{value}` (with its
        period, when that differs from the event's date).

        Args:
            *categories: show only these categories (as declared in `data/events.meta.yml`); all by default.

        Example: `{{ timeline("listing", "funding") }}`
        """
        timeline = self.catalog.timeline
        if timeline is None:
            raise MacroCallError("there is no data/events.csv.", "add the timeline's events to data/events.csv.")
        unknown = [c for c in categories if c not in timeline.categories]
        if unknown:
            raise MacroCallError(
                f"unknown event category '{unknown[0]}'. {did_you_mean(unknown[0], timeline.categories, 'categories')}",
                "use a category declared in data/events.meta.yml.",
            )
        events = [e for e in timeline.events if not categories or e.category in categories]
        if not events:
            raise MacroCallError(f"no events in {', '.join(categories)}.", "name a category that has events.")
        items, year = [], None
        for event in events:
            if event.date.year != year:
                year = event.date.year
                items.append(f'<li class="kc-timeline__year" aria-hidden="true">{year}</li>')
            before, _, after = event.text.partition(PLACEHOLDER)
            text = esc(before)
            if event.metric:
                figure = self.figures.value(event.metric, event.period)
                # The figure's own period is said when it is not the event's date (a quarter's result
                # announced on a later day, a stake measured before a deal).
                if event.period != event.date.label:
                    figure += f' <span class="kc-timeline__period">({esc(self._period_words(event.period))})</span>'
                text += figure + esc(after)
            flag = ' <span class="kc-figure__flag">(unconfirmed)</span>' if event.status == "unconfirmed" else ""
            items.append(
                f'<li class="kc-timeline__event" data-category="{esc(event.category)}">'
                f'<time datetime="{esc(event.date.label)}">{esc(event.date.display)}</time> '
                f'<span class="kc-timeline__category">{esc(timeline.categories[event.category])}</span>'
                f'<span class="kc-timeline__text">{text}{flag} '
                f'<span class="kc-timeline__source">({self.render.cite(event.source)})</span></span></li>'
            )
        return '<ol class="kc-timeline">' + "".join(items) + "</ol>"

    @staticmethod
    def _period_words(label: str) -> str:
        return parse_period(label).words

    def disagreements(self) -> str:
        """Every value for which another source gives a different figure: the value used, the
        alternative, both sources and the reason for the choice.

        Example: `{{ disagreements() }}`, used on the Sources page.
        """
        rows = []
        for dataset in self.catalog.datasets.values():
            for o in sorted(dataset.stored, key=lambda o: (o.metric, o.period)):
                if o.alternative is None:
                    continue
                metric = self.catalog.metric(o.metric)
                alt_text = format_value(o.alternative, metric.unit, min(metric.decimals, o.alternative_decimals))
                rows.append(
                    [
                        Cell(f"{esc(metric.title)}, {esc(o.period.display)}", header=True),
                        Cell(self.figures.value(o.metric, o.period.label)),
                        Cell(f"{esc(alt_text)} ({self.render.cite(o.alternative_source)})"),
                        Cell(esc(o.note)),
                    ]
                )
        if not rows:
            return "<p>No source disagrees with a value used here.</p>"
        return table("Values on which sources disagree", ["Figure", "Used here", "Alternative", "Why"], rows)

    def derived_list(self) -> str:
        """Every value computed from values of other periods (`data/derived.yml`), with its formula,
        its result and why it is derived.

        Example: `{{ derived_list() }}`, used on the Sources page.
        """
        if not self.catalog.derivations:
            return "<p>No single value is derived from other periods.</p>"
        rows = [
            [
                Cell(f"{esc(self.catalog.metric(d.metric).title)}, {esc(d.period.display)}", header=True),
                Cell(self.figures.value(d.metric, d.period.label)),
                Cell(f"<code>{esc(d.formula)}</code>"),
                Cell(esc(d.reason)),
            ]
            for d in self.catalog.derivations
        ]
        return table("Values derived from other periods", ["Figure", "Value", "Formula", "Why"], rows)

    def gap_list(self) -> str:
        """The gaps register (`data/gaps.yml`): values no document on record gives, and what was searched.

        Example: `{{ gap_list() }}`, used on the Sources page.
        """
        if not self.catalog.gaps:
            return "<p>No gap is registered.</p>"
        grouped: dict[tuple[str, str], list] = defaultdict(list)
        for gap in self.catalog.gaps:
            grouped[(gap.metric, gap.searched)].append(gap.period)
        rows = [
            [
                Cell(esc(self.catalog.metric(metric).title), header=True),
                Cell(esc(", ".join(p.label for p in sorted(periods)))),
                Cell(esc(searched)),
            ]
            for (metric, searched), periods in sorted(grouped.items())
        ]
        return table("Values no document on record gives", ["Metric", "Periods", "What was searched"], rows)

    def data_updates(self, limit: int = 0) -> str:
        """What each document added to the data, newest document first: its date, title, how many values
        and events cite it and the newest periods it reports. Generated from the sources and the data.

        Args:
            limit: show only the newest this many documents (all by default).

        Example: `{{ data_updates(10) }}`, used on the Data updates page.
        """
        cited: dict[str, list] = defaultdict(list)
        for dataset in self.catalog.datasets.values():
            for o in dataset.stored:
                cited[o.source].append(o)
        events: dict[str, int] = defaultdict(int)
        for e in self.catalog.timeline.events if self.catalog.timeline else ():
            events[e.source] += 1
        chosen = sorted(set(cited) | set(events), key=lambda i: (self.catalog.source(i).date, i), reverse=True)
        if limit:
            chosen = chosen[:limit]
        items = []
        for source_id in chosen:
            source = self.catalog.source(source_id)
            values = cited.get(source_id, [])
            periods = sorted({o.period for o in values}, reverse=True)
            shown = ", ".join(p.label for p in periods[:4]) + (
                f" and {len(periods) - 4} more" if len(periods) > 4 else ""
            )
            parts = []
            if values:
                parts.append(
                    f"{len(values)} value{'s' if len(values) != 1 else ''}" + (f" ({esc(shown)})" if shown else "")
                )
            if events.get(source_id):
                parts.append(f"{events[source_id]} event{'s' if events[source_id] != 1 else ''}")
            items.append(
                f'<li class="kc-update"><time datetime="{esc(source.date)}">{esc(source.date)}</time> '
                f'<a href="{esc(self.render.source_href(source.id))}">{esc(source.title)}</a>'
                f' <span class="kc-source__kind">{esc(source.kind)}</span>: {"; ".join(parts)}.</li>'
            )
        return '<ul class="kc-updates">' + "".join(items) + "</ul>"

    def dataset_list(self) -> str:
        """Every dataset: its description, its metrics with their units, the sources it cites and a
        CSV download.

        Example: `{{ dataset_list() }}`, used on the Data page.
        """
        blocks = []
        for ds in self.catalog.datasets.values():
            metrics = "".join(
                f"<li><code>{esc(m.name)}</code>: {esc(m.title)} ({esc(m.unit)}). {esc(m.description)}"
                f"{' Derived: <code>' + esc(m.formula) + '</code>.' if m.formula else ''} {self._span(ds, m.name)}"
                f"{self._stops(m)}</li>"
                for m in ds.metrics.values()
            )
            stored = ds.stored
            sources = {o.source for o in stored} | {o.alternative_source for o in stored if o.alternative_source}
            blocks.append(
                self._dataset_block(
                    ds.name, ds.title, ds.description, f"<ul>{metrics}</ul>", sources, len(ds.observations)
                )
            )
        if self.catalog.timeline is not None:
            t = self.catalog.timeline
            categories = "".join(f"<li><code>{esc(k)}</code>: {esc(v)}</li>" for k, v in t.categories.items())
            body = f"<p>Event categories:</p><ul>{categories}</ul>"
            blocks.append(
                self._dataset_block(t.name, t.title, t.description, body, {e.source for e in t.events}, len(t.events))
            )
        return "".join(blocks)

    def _stops(self, metric) -> str:
        """Where a series that stopped ends, and why: kept here, off the reader pages."""
        return "".join(f" <small>Latest {esc(d.period.label)}: {esc(d.reason)}</small>" for d in metric.last_reported)

    def _span(self, ds, metric: str) -> str:
        found = sorted(p for (m, p) in ds.observations if m == metric)
        if not found:
            return ""
        span = found[0].label if len(found) == 1 else f"{found[0].label} to {found[-1].label}"
        return f"<small>{len(found)} value{'s' if len(found) != 1 else ''}, {esc(span)}.</small>"

    def _dataset_block(self, name: str, title: str, description: str, body: str, sources: set[str], count: int) -> str:
        cited = ", ".join(
            f'<a href="{esc(self.render.source_href(s.id))}">{esc(s.short)}</a>'
            for s in sorted((self.catalog.source(i) for i in sources), key=lambda s: (s.date, s.id))
        )
        return (
            f'<section class="kc-dataset" id="dataset-{esc(name)}">'
            f'<p class="kc-dataset__title"><strong>{esc(title)}</strong> '
            f'<a class="kc-download" href="{self.render.root()}{DOWNLOADS}{esc(name)}.csv" download>{esc(name)}.csv</a>'
            f" ({count} rows)</p><p>{esc(description)}</p>{body}"
            f"<details><summary>Sources cited ({len(sources)})</summary><p>{cited}.</p></details></section>"
        )

    def glossary(self) -> str:
        """The glossary (`data/glossary.yml`): every term with its definition, in alphabetical order.
        The same definitions are the tooltips wherever a page uses the term.

        Example: `{{ glossary() }}`, on the Glossary page.
        """
        items = "".join(
            f'<dt id="term-{esc(_anchor(g.term))}">{esc(g.term)}</dt><dd>{esc(g.definition)}</dd>'
            for g in sorted(self.catalog.glossary, key=lambda g: g.term.lower())
        )
        return f'<dl class="kc-glossary">{items}</dl>'

    def trust_summary(self) -> str:
        """How far the data can be trusted, counted: the sources by tier, and the values by what backs
        them (two company documents, one, a source outside the company, a computation).

        Example: `{{ trust_summary() }}`, used on the Sources page.
        """
        uses = self.catalog.source_uses()
        tiers = []
        for tier, meaning in TIERS.items():
            sources = [s for s in self.catalog.sources.values() if s.tier == tier]
            cited = sum(uses.get(s.id, 0) for s in sources)
            tiers.append(
                [
                    Cell(f"Tier {tier}", header=True),
                    Cell(esc(meaning)),
                    Cell(str(len(sources)), numeric=True),
                    Cell(str(cited), numeric=True),
                ]
            )
        by_tier = table("Sources by tier", ["Tier", "What it holds", "Sources", "Citations"], tiers)
        counts = self.value_counts()
        rows = [[Cell(esc(label), header=True), Cell(str(n), numeric=True)] for label, n in counts.items()]
        return by_tier + table("Values by what backs them", ["Values", "Count"], rows)

    def value_counts(self) -> dict[str, int]:
        """Stored and computed values, by what backs them."""
        stored = [o for ds in self.catalog.datasets.values() for o in ds.stored]
        computed = [
            o for ds in self.catalog.datasets.values() for o in ds.observations.values() if o.status == "derived"
        ]
        reported = [o for o in stored if o.status == "reported"]
        twice = sum(bool(self.catalog.confirmations_of(o)) for o in reported)
        return {
            "Given by two company documents that agree": twice,
            "Given by one company document": len(reported) - twice,
            "From press, research or an aggregator (marked †)": sum(o.status == "secondary" for o in stored),
            "Found only in the seed article (marked unconfirmed)": sum(o.status == "unconfirmed" for o in stored),
            "Computed from the company's figures": sum(not o.is_estimate for o in computed),
            "Computed with a figure from outside the company (estimates, marked ≈)": sum(
                o.is_estimate for o in computed
            ),
            "Growth rates the company states, checked against the data": len(self.catalog.stated_changes),
        }

    def source_list(self, *kinds: str) -> str:
        """Sources in the registry, with what the site takes from each and how many values cite it.

        Args:
            *kinds: only sources of these kinds (`filing`, `release`, `research`, `exchange`, `news`,
                `aggregator`, `mirror`, `seed`); all by default.

        Example: `{{ source_list("filing", "release") }}`, used on the Sources page.
        """
        unknown = [k for k in kinds if k not in SOURCE_KINDS]
        if unknown:
            raise MacroCallError(
                f"unknown source kind '{unknown[0]}'. {did_you_mean(unknown[0], SOURCE_KINDS, 'kinds')}",
                f"use one of {', '.join(SOURCE_KINDS)}.",
            )
        uses = self.catalog.source_uses()
        chosen = [s for s in self.catalog.sources.values() if not kinds or s.kind in kinds]
        if not chosen:
            return "<p>None.</p>"
        items = []
        for source in sorted(chosen, key=lambda s: (s.date, s.id)):
            count = uses.get(source.id, 0)
            # A source no data row names is cited in a page's text (the tests see to it).
            uses_text = f"Cited {count} time{'s' if count != 1 else ''} in the data." if count else "Cited in the text."
            original = f" Original: {esc(source.original_publisher)}." if source.original_publisher else ""
            tier = f", tier {source.tier}" if source.tier else ""
            items.append(
                f'<li id="source-{esc(source.id)}" class="kc-source">'
                f'<a href="{esc(source.url)}" rel="noopener">{esc(source.title)}</a>'
                f' <span class="kc-source__kind">{esc(source.kind)}{tier}</span><br>'
                f"{esc(source.publisher)}, {esc(source.date)}.{original} {esc(source.reports)}"
                f' <span class="kc-source__uses">{uses_text}</span>'
                f' <code class="kc-source__id">{esc(source.id)}</code></li>'
            )
        return '<ul class="kc-sources">' + "".join(items) + "</ul>"


def _anchor(term: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in term.lower()).split())
