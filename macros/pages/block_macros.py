"""Macros for blocks of figures: a chart with its summary, table and download; a table of metrics by
period; a dataset's download link."""

from __future__ import annotations

from macros.charts import figures as charts
from macros.core.errors import MacroCallError
from macros.core.html import Cell, esc, json_for_script, table
from macros.core.language import Phrases, is_chinese
from macros.core.periods import Frequency, axis_periods, parse_period, periods_between
from macros.pages.render import CHART_DOWNLOADS, CHART_PAGES, DOWNLOADS, Renderer, chart_slug

say = Phrases(
    # Punctuation, and how a unit follows a title.
    sentence_gap=(" ", ""),
    comma=(", ", "，"),
    list_comma=(", ", "、"),
    semicolon=("; ", "；"),
    stop=(".", "。"),
    with_unit=("{title} ({unit})", "{title}（{unit}）"),
    # A chart
    show_data=("Show the data", "显示数据"),
    source=("Source: {sources}.", "来源：{sources}。"),
    download_csv=("Download CSV", "下载CSV"),
    show_all=("Show all", "展开全部"),
    open_page=("Open, download or cite this chart", "打开、下载或引用此图表"),
    unit=("{unit}", "单位：{unit}"),
    span=("{first}–{last}", "{first}至{last}"),
    not_from_zero=("axis does not start at zero", "纵轴不从零开始"),
    losses_below=("losses drawn below zero", "亏损绘于零轴以下"),
    secondary=(
        "† in the data marks a figure from outside the company's own documents.",
        "数据中的†表示该数字来自公司自身文件以外的来源。",
    ),
    open_markers=("Open markers", "空心标记"),
    hatched_bars=("Hatched bars", "带斜线的柱形"),
    estimates=(
        "{marks} (≈ in the data) are estimates, computed from a figure outside the company's documents.",
        "{marks}（数据中以≈标示）为估计值，计算时用到了公司文件以外的数字。",
    ),
    gap=("A gap marks a figure {why}.", "空缺处的数字：{why}。"),
    stops=(
        "{label}: the figures here stop at {period}; later ones: {why}.",
        "{label}：此处数据截至{period}；此后的数字：{why}。",
    ),
    all_stop=("The figures here stop at {period}; later ones: {why}.", "此处数据截至{period}；此后的数字：{why}。"),
    labels=(", ", "、"),
    last_published=(" The latest published is for {period}.", "最近一次公布的数字为{period}。"),
    company_one=("Kingsoft Cloud filing or release of {dates}", "金山云{dates}的公告或文件"),
    company_many=("Kingsoft Cloud filings and releases of {dates}", "金山云{dates}的公告及文件"),
    no_source=("values derived from other figures", "由其他数字推算的数值"),
    period=("Period", "期间"),
    # A table of metrics
    metric=("Metric", "指标"),
    not_available=("– not available.", "–表示无数据。"),
    # A download
    download=("{title}</a> (CSV, {count} {noun})", "{title}</a>（CSV，{count}{noun}）"),
    events=("events", "条大事记"),
    values=("values", "个数值"),
)


class BlockMacros:
    NAMES = ("chart", "table", "download")

    def __init__(self, render: Renderer, images=None, chart_pages: bool = False):
        self.render = render
        self.catalog = render.catalog
        # Static first paints of the charts (chart_images.ChartImages), when the build makes them.
        self.images = images
        # Whether each chart has a page of its own (a whole site does) that a placed chart links to.
        self.chart_pages = chart_pages
        self._chart_uses: dict[tuple[str, str], int] = {}
        self.placed: set[str] = set()
        # Each page's first chart (page address -> chart name): its picture on the page's share card.
        self.first_chart: dict[str, str] = {}
        self._figures: dict[str, tuple] = {}

    def chart_figure(self, name: str) -> tuple:
        """The chart's data and Plotly figure, computed once per build (a chart is drawn on its content
        page, its own page and the index, from one catalog that does not change)."""
        if name not in self._figures:
            data = charts.chart_data(self.catalog.chart(name), self.catalog)
            self._figures[name] = data, charts.figure_json(data)
        return self._figures[name]

    def chart(self, name: str) -> str:
        """A chart declared in `data/charts.yml`, with its title, unit, sources, data table and CSV download.

        Args:
            name: the chart's name in `data/charts.yml`.

        Example: `{{ chart("revenue_by_segment") }}`
        """
        self.placed.add(name)
        return self.chart_block(name)

    def chart_block(self, name: str, on_its_page: bool = False) -> str:
        """The chart's container; on a content page it links to the chart's own page."""
        spec = self.catalog.chart(name)
        data, figure = self.chart_figure(name)
        self.render.record(data.observations)
        page = self.render.page
        self.first_chart.setdefault(page, name)
        uses = self._chart_uses.get((page, name), 0) + 1
        self._chart_uses[(page, name)] = uses
        chart_id = f"chart-{chart_slug(name)}" + (f"-{uses}" if uses > 1 else "")
        subtitle = self._subtitle(data)
        note = self._note(data)
        title_id, summary_id = f"{chart_id}-title", f"{chart_id}-summary"
        # Screen readers (and readers without JavaScript) get the description, the unit and span, and a
        # summary generated from the values; the data table follows.
        summary = say("sentence_gap").join(
            part for part in (spec.description, subtitle + say("stop"), charts.summary_text(data)) if part
        )
        picture = self.images.picture(name, figure, summary) if self.images else ""
        return (
            f'<div class="kc-chart" id="{chart_id}" data-chart="{esc(name)}" role="figure"'
            f' aria-labelledby="{title_id}" aria-describedby="{summary_id}">'
            f'<p class="kc-chart__title" id="{title_id}">{esc(spec.title)}</p>'
            f'<p class="kc-chart__subtitle">{esc(subtitle)}</p>'
            # The stage keeps its height whether it shows the static image, the summary (without
            # images) or the drawn chart, so drawing never shifts the page.
            f'<div class="kc-chart__stage{" kc-chart__stage--image" if picture else ""}">{picture}'
            f'<p class="kc-chart__summary" id="{summary_id}">{esc(summary)}</p>'
            f'<div class="kc-chart__plot" aria-hidden="true"></div></div>'
            # A <template> keeps the JSON inert (Material's instant navigation re-runs <script> elements),
            # and the search index leaves it out.
            f'<template class="kc-chart__spec" data-search-exclude>{json_for_script(figure)}</template>'
            f'<details class="kc-chart__table"><summary>{say("show_data")}</summary>{self._chart_table(data)}</details>'
            # The source line, which on a phone is one line until the reader asks for the rest (the
            # button, shown there only; site.css and charts.js), then the links.
            f'<p class="kc-chart__source"><span class="kc-chart__cite" id="{chart_id}-source">'
            f"{say('source', sources=self._source_line(data.source_ids))}{note}</span> "
            f'<button type="button" class="kc-chart__more" aria-expanded="false" aria-controls="{chart_id}-source"'
            f" data-search-exclude>{say('show_all')}</button> "
            f'<span class="kc-chart__links"><a class="kc-chart__download" href="{self.render.root()}{CHART_DOWNLOADS}'
            f'{esc(name)}.csv" download>{say("download_csv")}</a>'
            + (
                f' · <a class="kc-chart__page" href="{self.render.root()}{CHART_PAGES}{esc(chart_slug(name))}/">'
                f"{say('open_page')}</a>"
                if self.chart_pages and not on_its_page
                else ""
            )
            + "</span></p></div>"
        )

    def _subtitle(self, data: charts.ChartData) -> str:
        spec = data.spec
        # The unit as the metric declares it (RMB million); in Chinese as a table header states it (百万元).
        unit = data.unit_metric.short_unit if is_chinese() else data.unit_metric.unit
        calendar = data.calendar_years
        first, last = data.periods[0].shown_for(calendar), data.periods[-1].shown_for(calendar)
        parts = [say("unit", unit=unit), say("span", first=first, last=last)]
        if not spec.axis_from_zero:
            parts.append(say("not_from_zero"))
        if spec.signed:
            parts.append(say("losses_below"))
        return say("comma").join(parts)

    def _note(self, data: charts.ChartData) -> str:
        notes = []
        if data.has_secondary:
            notes.append(say("secondary"))
        if data.has_estimates:
            notes.append(say("estimates", marks=say("open_markers" if data.spec.kind == "line" else "hatched_bars")))
        # Why each gap is there, in the reader's words (one of the three reasons); which periods are
        # missing, and what was searched for them, is the business of the gaps register on Sources.
        for why in self._gap_reasons(data):
            notes.append(say("gap", why=why))
        notes += self._where_series_stop(data)
        gap = say("sentence_gap")
        return f'{gap}<span class="kc-chart__note">{esc(gap.join(notes))}</span>' if notes else ""

    def _where_series_stop(self, data: charts.ChartData) -> list[str]:
        """Where each series stops, when it stops before the company's newest figures of its kind: the
        company's last figure, for a measure it no longer gives; otherwise where the figures here stop
        and why the later ones are missing (one of the three reasons). A series that stops early for no
        declared reason stops the build, as a claim does. A chart on a time axis (prices, milestones)
        or with a declared end speaks of its own span."""
        if not data.periods:
            return []
        frequency = data.periods[-1].frequency
        # (where the figures stop, why the later ones are missing, the latest published) -> the series' labels
        stops: dict[tuple[str, str, str], list[str]] = {}
        series = 0
        for metric, points in data.series:
            # The axis's periods (a balance's year or quarter, not its date).
            present = [period for period, o in zip(data.periods, points, strict=True) if o is not None]
            # A computed series (the unallocated remainder of a whole) has no series of its own to reach.
            if not present or metric.name not in self.catalog.metrics:
                continue
            series += 1
            last, label = present[-1], data.spec.label(metric)
            declared = metric.last_reported_for(frequency)
            if declared and last >= declared.period:
                # The series reaches the last figure published; why none follows is the declared reason's.
                stops.setdefault((last.display, metric.gap_kind(declared.kind).shown, ""), []).append(label)
                continue
            if data.spec.on_time_axis or data.spec.end is not None:
                continue
            newest = self.catalog.newest_of_kind(metric.name, frequency)
            if newest is None or last >= newest:
                continue
            reach = declared.period if declared else newest
            kinds = {self.catalog.missing_kind(metric.name, p) for p in periods_between(last, reach)[1:]}
            if None in kinds or len(kinds) != 1:
                raise MacroCallError(
                    f"chart '{data.spec.name}' shows '{metric.name}' up to {last.label}, but the data reach "
                    f"{newest.label}, and nothing says why the later figures are missing (data/charts.yml:"
                    f"{data.spec.line}).",
                    "add them, register them in data/gaps.yml with their kind, declare last_reported in the "
                    "metric's metadata, or give the chart an end.",
                )
            published = say("last_published", period=declared.period.display) if declared else ""
            stops.setdefault((last.display, metric.gap_kind(kinds.pop()).shown, published), []).append(label)
        notes = []
        for (period, why, published), labels in stops.items():
            # A stop every series of the chart shares is said once, for the chart.
            if len(stops) == 1 and len(labels) == series:
                notes.append(say("all_stop", period=period, why=why) + published)
            else:
                notes.append(say("stops", label=say("labels").join(labels), period=period, why=why) + published)
        return notes

    def _gap_reasons(self, data: charts.ChartData) -> list[str]:
        """The reasons for the chart's gaps, each once; a gap without one stops the build."""
        reasons = []
        for metric, periods in data.gaps():
            for period in periods:
                kind = self.catalog.missing_kind(metric.name, period)
                if kind is None:
                    raise MacroCallError(
                        f"chart '{data.spec.name}' has a gap at {period.label} in '{metric.name}', and nothing "
                        "says why (data/charts.yml:" + str(data.spec.line) + ").",
                        "add the value, or register the gap in data/gaps.yml with its kind and search.",
                    )
                shown = metric.gap_kind(kind).shown
                if shown not in reasons:
                    reasons.append(shown)
        return reasons

    def _source_line(self, source_ids: list[str]) -> str:
        """Sources for a caption: the company's own documents grouped under one name and linked by
        date (a quarterly series cites a dozen releases), then each other source by publisher."""
        sources = [self.catalog.source(s) for s in source_ids]
        own = [s for s in sources if s.is_kingsoft_cloud]
        others = [s for s in sources if not s.is_kingsoft_cloud]
        parts = []
        if own:
            dates = say("list_comma").join(
                f'<a href="{esc(self.render.source_href(s.id))}">{esc(s.shown_date)}</a>' for s in own
            )
            parts.append(say("company_one" if len(own) == 1 else "company_many", dates=dates))
        parts += [f'<a href="{esc(self.render.source_href(s.id))}">{esc(s.short)}</a>' for s in others]
        return say("semicolon").join(parts) or say("no_source")

    def _chart_table(self, data: charts.ChartData) -> str:
        columns = [say("period")] + [
            say("with_unit", title=data.spec.label(m), unit=m.short_unit) for m, _ in data.series
        ]
        rows = []
        for index, period in enumerate(data.periods):
            row = [Cell(esc(period.shown_for(data.calendar_years)), header=True)]
            for column, (metric, points) in enumerate(data.series):
                o = points[index]
                kind = "remainder" if metric.name == charts.REMAINDER else "cell"
                row.append(Cell(self.render.cell(o, data.sign(column), metric, kind) if o else "–", numeric=True))
            rows.append(row)
        return table(data.spec.title, columns, rows)

    def table(self, *metrics: str, frequency: str = "annual", start: str | None = None, end: str | None = None) -> str:
        """A table of metrics (rows) by period (columns), every cell linked to its source.

        Args:
            *metrics: one or more metric names.
            frequency: one of `"annual"`, `"nine-monthly"`, `"half-yearly"`, `"quarterly"`, `"dated"`.
            start: the first period to show (default: the earliest with a value).
            end: the last period to show (default: the latest with a value).

        Example: `{{ table("revenue", "gross_profit", start="FY2020") }}`
        """
        if not metrics:
            raise MacroCallError(
                "no metric is named.", 'name one or more metrics, e.g. table("revenue", "gross_profit").'
            )
        known = [self.catalog.metric(m) for m in metrics]
        series = {m.name: self.catalog.by_period(m.name, frequency) for m in known}
        present = sorted({p for points in series.values() for p in points})
        try:
            first = parse_period(start) if start else present[0]
            last = parse_period(end) if end else present[-1]
            # Regular periods without a value still get a column, so a gap shows; dates are only those with values.
            bounds = [first, last] if first.frequency != Frequency.DATED else []
            periods = [p for p in axis_periods([*present, *bounds]) if first <= p <= last]
        except (ValueError, IndexError) as error:
            raise MacroCallError(
                f"cannot choose the periods: {error}", "give start and end as periods of the table's frequency."
            ) from None
        units = {m.short_unit for m in known}
        titles = say("list_comma").join(m.title for m in known)
        caption = say("with_unit", title=titles, unit=next(iter(units))) if len(units) == 1 else titles
        rows = []
        for m in known:
            title = m.title if len(units) == 1 else say("with_unit", title=m.title, unit=m.short_unit)
            row = [Cell(esc(title), header=True)]
            row += [Cell(self.render.cell(o) if (o := series[m.name].get(p)) else "–", numeric=True) for p in periods]
            rows.append(row)
        has_gap = any(c.html == "–" for row in rows for c in row)
        calendar = all(m.calendar_years for m in known)
        headers = [say("metric")] + [p.shown_for(calendar) for p in periods]
        return table(caption, headers, rows, note=say("not_available") if has_gap else "")

    def download(self, dataset: str) -> str:
        """A link to download a whole dataset as CSV, with its title and size.

        Args:
            dataset: the dataset's name, i.e. its file name in `data/` without `.csv`.

        Example: `{{ download("financials") }}`
        """
        timeline = self.catalog.timeline
        if timeline is not None and dataset == timeline.name:
            name, title, count, noun = timeline.name, timeline.title, len(timeline.events), say("events")
        else:
            ds = self.catalog.dataset(dataset)
            name, title, count, noun = ds.name, ds.title, len(ds.observations), say("values")
        return f'<a class="kc-download" href="{self.render.root()}{DOWNLOADS}{esc(name)}.csv" download>' + say(
            "download", title=esc(title), count=count, noun=noun
        )
