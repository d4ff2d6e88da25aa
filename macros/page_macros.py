"""The macros authors call in Markdown. Each returns HTML whose figures carry their provenance:
the metric, the period, the raw value and a link to the source on the Sources page."""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Callable

from . import charts
from .catalog import STATUSES, Catalog, Observation
from .errors import MacroCallError, did_you_mean
from .html import Cell, attributes, esc, json_for_script, table
from .numbers import format_change, format_number, format_share, format_value, plain_number
from .periods import axis_periods, parse_period

SOURCES_PAGE = "sources/"
# Source kinds that are the company's own documents (as opposed to news, aggregators and the seed).
COMPANY_KINDS = ("filing", "release")
DOWNLOADS = "downloads/"
CHART_DOWNLOADS = DOWNLOADS + "charts/"


def relative_root(page_url: str) -> str:
    """The path from a page to the site root: "" for the home page, "../" for "finances/"."""
    depth = page_url.strip("/").count("/") + 1 if page_url.strip("/") else 0
    return "../" * depth


class PageMacros:
    """Macros bound to one validated catalog. `page_url` tells which page is being rendered."""

    MACRO_NAMES = (
        "value",
        "change",
        "share",
        "latest",
        "as_of",
        "cite",
        "chart",
        "table",
        "download",
        "timeline",
        "disagreements",
        "dataset_list",
        "source_list",
        "macro_reference",
    )
    # Macros whose example output is short enough to show, live, in the reference.
    INLINE_MACROS = ("value", "change", "share", "latest", "as_of", "cite", "download")

    def __init__(self, catalog: Catalog, page_url: Callable[[], str] = lambda: ""):
        self.catalog = catalog
        self._page_url = page_url
        self._chart_uses: dict[tuple[str, str], int] = {}
        # Every observation shown, by page URL: the freshness check reads it after each page.
        self.shown: dict[str, list[Observation]] = {}

    # -- helpers ---------------------------------------------------------------------------

    def _root(self) -> str:
        return relative_root(self._page_url() or "")

    def _source_href(self, source_id: str) -> str:
        return f"{self._root()}{SOURCES_PAGE}#source-{source_id}"

    def _tooltip(self, observations: list[Observation]) -> str:
        parts = []
        for o in observations:
            metric = self.catalog.metric(o.metric)
            source = self.catalog.source(o.source)
            text = f"{metric.title}, {o.period.display}: {format_number(o.value, metric.decimals_for(o))} {metric.short_unit}."
            text += f" Source: {source.publisher}, {source.date}."
            if o.status != "reported":
                text += f" Status: {o.status} ({STATUSES[o.status]})."
            parts.append(text)
        return " ".join(parts)

    def _record(self, observations: list[Observation]) -> None:
        self.shown.setdefault(self._page_url() or "", []).extend(observations)

    def _figure(self, text: str, observations: list[Observation], kind: str, **data: object) -> str:
        """A figure in prose: the formatted text linked to its (first) source, with provenance attributes."""
        self._record(observations)
        first = observations[0]
        unconfirmed = any(o.status == "unconfirmed" for o in observations)
        classes = "kc-figure" + (" kc-figure--unconfirmed" if unconfirmed else "")
        attrs = attributes(
            class_=classes,
            data_kind=kind,
            data_metric=first.metric,
            data_period=first.period.label,
            **data,
            data_source=" ".join(dict.fromkeys(o.source for o in observations)),
            data_status=" ".join(dict.fromkeys(o.status for o in observations)),
        )
        link = f'<a href="{esc(self._source_href(first.source))}" title="{esc(self._tooltip(observations))}">{esc(text)}</a>'
        flag = ' <span class="kc-figure__flag">(unconfirmed)</span>' if unconfirmed else ""
        return f"<span{attrs}>{link}{flag}</span>"

    # -- figures in prose ------------------------------------------------------------------

    def value(self, metric: str, period: str) -> str:
        """A single figure, formatted in its unit, linked to its source.

        Args:
            metric: a metric name from a dataset's `.meta.yml`, e.g. `"revenue"`.
            period: `"FY2024"` for a year, `"H1 2024"` for a half year, `"Q1 2025"` for a quarter,
                or `"2020-05-08"` for a date.

        Example: `{{ value("revenue", "FY2021") }}`
        """
        o = self.catalog.observation(metric, period)
        m = self.catalog.metric(metric)
        text = format_value(o.value, m.unit, m.decimals_for(o))
        return self._figure(text, [o], "value", data_value=plain_number(o.value))

    def change(self, metric: str, period: str, base: str | None = None, base_metric: str | None = None) -> str:
        """The relative change of a metric between two periods, as a signed percentage.

        Args:
            metric: a metric name.
            period: the later period.
            base: the earlier period; by default the same period a year earlier
                (FY2020 for FY2021, Q4 2024 for Q4 2025).
            base_metric: compare with another metric of the same unit instead, e.g. a first-day
                closing price with the IPO price.

        Example: `{{ change("revenue", "FY2021") }}`
        """
        new = self.catalog.observation(metric, period)
        base_label = base or new.period.year_earlier().label
        if base_metric and self.catalog.metric(base_metric).unit != self.catalog.metric(metric).unit:
            raise MacroCallError(f"cannot compare '{metric}' with '{base_metric}': their units differ.")
        old = self.catalog.observation(base_metric or metric, base_label)
        try:
            text = format_change(new.value, old.value)
        except ValueError as error:
            raise MacroCallError(str(error)) from None
        return self._figure(text, [new, old], "change", data_base_period=old.period.label, data_base_metric=base_metric)

    def share(self, part: str, whole: str, period: str) -> str:
        """One metric as a percentage of another in the same period.

        Args:
            part: the metric that is a part, e.g. `"revenue_public_cloud"`.
            whole: the metric that is the whole, e.g. `"revenue"`.
            period: the period of both.

        Example: `{{ share("revenue_public_cloud", "revenue", "FY2024") }}`
        """
        p = self.catalog.observation(part, period)
        w = self.catalog.observation(whole, period)
        try:
            text = format_share(p.value, w.value)
        except ValueError as error:
            raise MacroCallError(str(error)) from None
        return self._figure(text, [p, w], "share", data_whole=whole)

    def latest(self, metric: str, frequency: str = "annual") -> str:
        """The label of the latest period with a value, to pass to other macros.

        Args:
            metric: a metric name.
            frequency: one of `"annual"`, `"nine-monthly"`, `"half-yearly"`, `"quarterly"`, `"dated"`.

        Example: `{{ latest("revenue", "quarterly") }}`, typically inside another macro:
            `{{ value("revenue", latest("revenue")) }}` always shows the newest fiscal year.
        """
        return self.catalog.latest(metric, frequency).period.label

    def as_of(self, metric: str, frequency: str = "quarterly") -> str:
        """An "as of" stamp: the latest period of a metric and the date its source was published.

        Args:
            metric: a metric name.
            frequency: one of `"annual"`, `"nine-monthly"`, `"half-yearly"`, `"quarterly"`, `"dated"`.

        Example: `{{ as_of("revenue") }}`
        """
        o = self.catalog.latest(metric, frequency)
        source = self.catalog.source(o.source)
        attrs = attributes(class_="kc-asof", data_metric=metric, data_period=o.period.label, data_date=source.date)
        return f"<span{attrs}>{esc(o.period.label)}, published {esc(source.date)}</span>"

    def cite(self, source_id: str) -> str:
        """A citation link to a source's entry on the Sources page.

        Args:
            source_id: an id from `data/sources.yml`.

        Example: `{{ cite("kc-424b5-2025-04") }}`
        """
        source = self.catalog.source(source_id)
        title = f"{source.title}. {source.publisher}, {source.date}."
        return (
            f'<a class="kc-cite" href="{esc(self._source_href(source.id))}" title="{esc(title)}"'
            f' data-source="{esc(source.id)}">{esc(source.publisher)}, {esc(source.date)}</a>'
        )

    # -- blocks ----------------------------------------------------------------------------

    def chart(self, name: str) -> str:
        """A chart declared in `data/charts.yml`, with its title, unit, sources, data table and CSV download.

        Args:
            name: the chart's name in `data/charts.yml`.

        Example: `{{ chart("revenue_by_segment") }}`
        """
        spec = self.catalog.chart(name)
        data = charts.chart_data(spec, self.catalog)
        self._record(data.observations)
        page = self._page_url() or ""
        uses = self._chart_uses.get((page, name), 0) + 1
        self._chart_uses[(page, name)] = uses
        chart_id = f"chart-{name.replace('_', '-')}" + (f"-{uses}" if uses > 1 else "")
        unit = data.unit_metric
        period_span = f"{data.periods[0].display}–{data.periods[-1].display}"
        subtitle = f"{unit.unit}, {period_span}"
        sources = self._source_line(data.source_ids)
        notes = []
        if data.has_unconfirmed:
            notes.append("Faded marks are unconfirmed: found only in the seed article.")
        if not spec.on_time_axis and any(o is None for _, points in data.series for o in points):
            notes.append("Gaps are periods for which no sourced figure has been found yet.")
        note_html = f' <span class="kc-chart__note">{esc(" ".join(notes))}</span>' if notes else ""
        figure = json_for_script(charts.figure_json(data))
        title_id, summary_id = f"{chart_id}-title", f"{chart_id}-summary"
        # Screen readers (and readers without JavaScript) get the description, the unit and span, and a
        # summary generated from the values; the data table follows.
        summary = " ".join(part for part in (spec.description, f"{subtitle}.", charts.summary_text(data)) if part)
        return (
            f'<div class="kc-chart" id="{chart_id}" data-chart="{esc(name)}" role="figure"'
            f' aria-labelledby="{title_id}" aria-describedby="{summary_id}">'
            f'<p class="kc-chart__title" id="{title_id}">{esc(spec.title)}</p>'
            f'<p class="kc-chart__subtitle">{esc(subtitle)}</p>'
            # The stage keeps its height whether it shows the summary (before drawing, or without
            # JavaScript) or the drawn chart, so drawing never shifts the page.
            f'<div class="kc-chart__stage"><p class="kc-chart__summary" id="{summary_id}">{esc(summary)}</p>'
            f'<div class="kc-chart__plot" aria-hidden="true"></div></div>'
            # A <template> keeps the JSON inert (Material's instant navigation re-runs <script> elements),
            # and the search index leaves it out.
            f'<template class="kc-chart__spec" data-search-exclude>{figure}</template>'
            f'<details class="kc-chart__table"><summary>Show the data</summary>{self._chart_table(data)}</details>'
            f'<p class="kc-chart__source">Source: {sources}.{note_html} '
            f'<a class="kc-chart__download" href="{self._root()}{CHART_DOWNLOADS}{esc(name)}.csv" download>Download CSV</a></p>'
            f"</div>"
        )

    def _source_line(self, source_ids: list[str]) -> str:
        """Sources for a caption: the company's own documents grouped under one name and linked by
        date (a quarterly series cites a dozen releases), then each secondary source by publisher."""
        own = [self.catalog.source(s) for s in source_ids if self.catalog.source(s).kind in COMPANY_KINDS]
        others = [self.catalog.source(s) for s in source_ids if self.catalog.source(s).kind not in COMPANY_KINDS]
        parts = []
        if own:
            dates = ", ".join(f'<a href="{esc(self._source_href(s.id))}">{esc(s.date)}</a>' for s in own)
            parts.append(
                f"Kingsoft Cloud {'filing or release' if len(own) == 1 else 'filings and releases'} of {dates}"
            )
        parts += [f'<a href="{esc(self._source_href(s.id))}">{esc(s.short)}</a>' for s in others]
        return "; ".join(parts)

    def _chart_table(self, data: charts.ChartData) -> str:
        columns = ["Period"] + [f"{data.spec.label(m)} ({m.short_unit})" for m, _ in data.series]
        rows = []
        for index, period in enumerate(data.periods):
            row = [Cell(esc(period.display), header=True)]
            for _, points in data.series:
                o = points[index]
                row.append(Cell(self._table_value(o) if o else "–", numeric=True))
            rows.append(row)
        return table(data.spec.title, columns, rows)

    def _table_value(self, o: Observation) -> str:
        metric = self.catalog.metric(o.metric)
        text = format_number(o.value, metric.decimals_for(o))
        return self._figure(text, [o], "cell", data_value=plain_number(o.value))

    def table(self, *metrics: str, frequency: str = "annual", start: str | None = None, end: str | None = None) -> str:
        """A table of metrics (rows) by period (columns), every cell linked to its source.

        Args:
            *metrics: one or more metric names of the same unit.
            frequency: one of `"annual"`, `"nine-monthly"`, `"half-yearly"`, `"quarterly"`, `"dated"`.
            start: the first period to show (default: the earliest with a value).
            end: the last period to show (default: the latest with a value).

        Example: `{{ table("revenue", "gross_profit", start="FY2020") }}`
        """
        if not metrics:
            raise MacroCallError("name at least one metric.")
        known = [self.catalog.metric(m) for m in metrics]
        series = {m.name: {o.period: o for o in self.catalog.series(m.name, frequency)} for m in known}
        present = sorted({p for points in series.values() for p in points})
        try:
            first = parse_period(start) if start else present[0]
            last = parse_period(end) if end else present[-1]
            # Regular periods without a value still get a column, so a gap shows; dates are only those with values.
            bounds = [first, last] if first.frequency != "dated" else []
            periods = [p for p in axis_periods([*present, *bounds]) if first <= p <= last]
        except (ValueError, IndexError) as error:
            raise MacroCallError(f"cannot choose the periods: {error}") from None
        units = {m.short_unit for m in known}
        caption = ", ".join(m.title for m in known) + (f" ({units.pop()})" if len(units) == 1 else "")
        rows = []
        for m in known:
            row = [
                Cell(
                    esc(m.title + ("" if len({k.short_unit for k in known}) == 1 else f" ({m.short_unit})")),
                    header=True,
                )
            ]
            for p in periods:
                o = series[m.name].get(p)
                row.append(Cell(self._table_value(o) if o else "–", numeric=True))
            rows.append(row)
        return table(caption, ["Metric"] + [p.display for p in periods], rows, note="– no sourced figure yet.")

    def download(self, dataset: str) -> str:
        """A link to download a whole dataset as CSV, with its title and size.

        Args:
            dataset: the dataset's name, i.e. its file name in `data/` without `.csv`.

        Example: `{{ download("financials") }}`
        """
        timeline = self.catalog.timeline
        if timeline is not None and dataset == timeline.name:
            name, title, count, noun = timeline.name, timeline.title, len(timeline.events), "events"
        else:
            ds = self.catalog.dataset(dataset)
            name, title, count, noun = ds.name, ds.title, len(ds.observations), "values"
        return (
            f'<a class="kc-download" href="{self._root()}{DOWNLOADS}{esc(name)}.csv" download>'
            f"{esc(name)}.csv</a> ({esc(title)}, {count} {noun})"
        )

    def timeline(self, *categories: str) -> str:
        """The company's history from `data/events.csv`, oldest first and grouped by year; each event
        links to its source, and an event with a figure shows it from its dataset.

        Args:
            *categories: show only these categories (as declared in `data/events.meta.yml`); all by default.

        Example: `{{ timeline("listing", "funding") }}`
        """
        timeline = self._timeline()
        unknown = [c for c in categories if c not in timeline.categories]
        if unknown:
            raise MacroCallError(
                f"unknown event category '{unknown[0]}'. {did_you_mean(unknown[0], timeline.categories, 'categories')}"
            )
        events = [e for e in timeline.events if not categories or e.category in categories]
        if not events:
            raise MacroCallError(f"no events in {', '.join(categories)}.")
        items, year = [], None
        for event in events:
            if event.date.year != year:
                year = event.date.year
                items.append(f'<li class="kc-timeline__year" aria-hidden="true">{year}</li>')
            # "The IPO is priced, per ADS: US$17.00." reads better than a full stop before the colon.
            text = (
                esc(event.text.rstrip(".")) + f": {self.value(event.metric, event.period)}."
                if event.metric
                else esc(event.text)
            )
            flag = ' <span class="kc-figure__flag">(unconfirmed)</span>' if event.status == "unconfirmed" else ""
            date = event.date
            items.append(
                f'<li class="kc-timeline__event" data-category="{esc(event.category)}">'
                f'<time datetime="{esc(date.label)}">{esc(date.display)}</time> '
                f'<span class="kc-timeline__category">{esc(timeline.categories[event.category])}</span>'
                f'<span class="kc-timeline__text">{text}{flag} '
                f'<span class="kc-timeline__source">({self.cite(event.source)})</span></span></li>'
            )
        return '<ol class="kc-timeline">' + "".join(items) + "</ol>"

    def _timeline(self):
        if self.catalog.timeline is None:
            raise MacroCallError("there is no data/events.csv.")
        return self.catalog.timeline

    def disagreements(self) -> str:
        """Every value for which another source gives a different figure: the value used, the
        alternative, both sources and the reason for the choice.

        Example: `{{ disagreements() }}`, used on the Sources page.
        """
        rows = []
        for dataset in self.catalog.datasets.values():
            for o in sorted(dataset.observations.values(), key=lambda o: (o.metric, o.period)):
                if o.alternative is None:
                    continue
                metric = self.catalog.metric(o.metric)
                alt_text = format_value(o.alternative, metric.unit, min(metric.decimals, o.alternative_decimals))
                rows.append(
                    [
                        Cell(f"{esc(metric.title)}, {esc(o.period.display)}", header=True),
                        Cell(self.value(o.metric, o.period.label)),
                        Cell(f"{esc(alt_text)} ({self.cite(o.alternative_source)})"),
                        Cell(esc(o.note)),
                    ]
                )
        if not rows:
            return "<p>No source disagrees with a value the site uses.</p>"
        return table("Values on which sources disagree", ["Figure", "Used here", "Alternative", "Why"], rows)

    def dataset_list(self) -> str:
        """Every dataset: its description, its metrics with their units, the sources it cites and a
        CSV download.

        Example: `{{ dataset_list() }}`, used on the Data page.
        """
        blocks = []
        for ds in self.catalog.datasets.values():
            observations = list(ds.observations.values())
            metrics = "".join(
                f"<li><code>{esc(m.name)}</code>: {esc(m.title)} ({esc(m.unit)}). {esc(m.description)}"
                f" {self._span(ds, m.name)}</li>"
                for m in ds.metrics.values()
            )
            sources = {o.source for o in observations} | {
                o.alternative_source for o in observations if o.alternative_source
            }
            blocks.append(
                self._dataset_block(
                    ds.name, ds.title, ds.description, f"<ul>{metrics}</ul>", sources, len(observations)
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

    def _span(self, ds, metric: str) -> str:
        found = sorted(p for (m, p) in ds.observations if m == metric)
        if not found:
            return ""
        span = found[0].label if len(found) == 1 else f"{found[0].label} to {found[-1].label}"
        return f"<small>{len(found)} value{'s' if len(found) != 1 else ''}, {esc(span)}.</small>"

    def _dataset_block(self, name: str, title: str, description: str, body: str, sources: set[str], count: int) -> str:
        cited = ", ".join(
            f'<a href="{esc(self._source_href(s.id))}">{esc(s.short)}</a>'
            for s in sorted((self.catalog.source(i) for i in sources), key=lambda s: (s.date, s.id))
        )
        return (
            f'<section class="kc-dataset" id="dataset-{esc(name)}">'
            f'<p class="kc-dataset__title"><strong>{esc(title)}</strong> '
            f'<a class="kc-download" href="{self._root()}{DOWNLOADS}{esc(name)}.csv" download>{esc(name)}.csv</a>'
            f" ({count} rows)</p><p>{esc(description)}</p>{body}"
            f"<details><summary>Sources cited ({len(sources)})</summary><p>{cited}.</p></details></section>"
        )

    def source_list(self, *kinds: str) -> str:
        """Sources in the registry, with what the site takes from each and how many values cite it.

        Args:
            *kinds: only sources of these kinds (`filing`, `release`, `news`, `aggregator`, `seed`); all by default.

        Example: `{{ source_list("filing", "release") }}`, used on the Sources page.
        """
        uses = self.catalog.source_uses()
        chosen = [s for s in self.catalog.sources.values() if not kinds or s.kind in kinds]
        if not chosen:
            raise MacroCallError(f"no source of kind {', '.join(kinds)}.")
        items = []
        for source in sorted(chosen, key=lambda s: (s.date, s.id)):
            count = uses.get(source.id, 0)
            # A source no data row names is cited in a page's text (the tests see to it).
            uses_text = f"Cited {count} time{'s' if count != 1 else ''} in the data." if count else "Cited in the text."
            kind = f' <span class="kc-source__kind">{esc(source.kind)}</span>' if source.kind else ""
            items.append(
                f'<li id="source-{esc(source.id)}" class="kc-source">'
                f'<a href="{esc(source.url)}" rel="noopener">{esc(source.title)}</a>{kind}<br>'
                f"{esc(source.publisher)}, {esc(source.date)}. {esc(source.reports)}"
                f' <span class="kc-source__uses">{uses_text}</span>'
                f' <code class="kc-source__id">{esc(source.id)}</code></li>'
            )
        return '<ul class="kc-sources">' + "".join(items) + "</ul>"

    def macro_reference(self) -> str:
        """The reference of every macro, generated from the docstrings of these functions, with each
        short example evaluated against the current data.

        Example: `{{ macro_reference() }}`, used on the Contributing page.
        """
        blocks = []
        for name in self.MACRO_NAMES:
            if name == "macro_reference":
                continue
            method = getattr(self, name)
            summary, arguments, example = _parse_docstring(inspect.getdoc(method) or "")
            block = [f"### {name}", "", f"`{name}({_plain_parameters(method)})`", "", summary, ""]
            if arguments:
                block += ["| Argument | Meaning |", "|---|---|"]
                block += [f"| `{arg}` | {meaning} |" for arg, meaning in arguments]
                block.append("")
            if example:
                call, shown = self._live_example(name, example)
                if shown:
                    example = example.replace(call, f"{call} gives {shown}", 1)
                block += [f"Example: {example}", ""]
            blocks.append("\n".join(block))
        return "\n".join(blocks)

    def _live_example(self, name: str, example: str) -> tuple[str, str]:
        """The example's first call (as written, in backticks) and its output, when the macro is short
        and its arguments are literals; otherwise an empty output."""
        match = re.search(r"`\{\{ (\w+)\((.*?)\) \}\}`", example)
        if name not in self.INLINE_MACROS or not match or match.group(1) != name:
            return "", ""
        try:
            call = ast.parse(f"f({match.group(2)})", mode="eval").body
            args = [ast.literal_eval(a) for a in call.args]
            kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
        except (SyntaxError, ValueError):
            return "", ""
        return match.group(0), getattr(self, name)(*args, **kwargs)


def _plain_parameters(function: Callable) -> str:
    """Parameters as an author writes them: metric, period, base=None (no type annotations)."""
    parts = []
    for parameter in inspect.signature(function).parameters.values():
        text = ("*" if parameter.kind is parameter.VAR_POSITIONAL else "") + parameter.name
        if parameter.default is not parameter.empty:
            text += "=" + (f'"{parameter.default}"' if isinstance(parameter.default, str) else repr(parameter.default))
        parts.append(text)
    return ", ".join(parts)


def _parse_docstring(doc: str) -> tuple[str, list[tuple[str, str]], str]:
    """Split a Google-style docstring into its summary, its arguments and its example."""
    summary_lines, arguments, example_lines, section = [], [], [], "summary"
    for line in doc.splitlines():
        stripped = line.strip()
        if stripped == "Args:":
            section = "args"
        elif stripped.startswith("Example:"):
            section = "example"
            example_lines.append(stripped.removeprefix("Example:").strip())
        elif section == "summary":
            summary_lines.append(stripped)
        elif section == "args" and stripped:
            if re.match(r"^\*{0,2}\w+: ", stripped) and line.startswith("    ") and not line.startswith("        "):
                arg, meaning = stripped.split(": ", 1)
                arguments.append((arg, meaning))
            elif arguments:
                arguments[-1] = (arguments[-1][0], arguments[-1][1] + " " + stripped)
        elif section == "example" and stripped:
            example_lines.append(stripped)
    return " ".join(summary_lines).strip(), arguments, " ".join(example_lines)
