"""Chart declarations (data/charts.yml) turned into Plotly figure JSON, a summary, a data table and a
CSV. Charts never mislead: gaps stay gaps, losses beside profits are drawn below zero, bars start at zero,
and a whole's unallocated remainder is drawn as such."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace

from macros.charts.templates import language_layout
from macros.compute.catalog import Catalog
from macros.core.html import esc
from macros.core.language import Phrases, is_chinese
from macros.core.model import ESTIMATE_MARK, SECONDARY_MARK, ChartSpec, Metric, Observation, derived_observation
from macros.core.numbers import format_number, format_value, plain_number
from macros.core.periods import Frequency, Period, axis_periods

REMAINDER = "remainder"
say = Phrases(
    # The Chinese legend stays short: the subtitle says that losses are drawn below zero.
    below_zero=(" (below zero)", ""),
    hover=("{name}{when}: %{{customdata}} {unit}", "{name}{when}：%{{customdata}}{unit}"),
    hover_when=(", %{hovertext}", "，%{hovertext}"),
    point=("{value} in {period}", "{period}为{value}"),
    point_on=("{value} on {period}", "{period}为{value}"),
    extreme=("{value} in {period}", "{value}（{period}）"),
    extreme_on=("{value} on {period}", "{value}（{period}）"),
    one_value=("{label}: {first}.", "{label}：{first}。"),
    values=(
        "{label}: {first}, {last}; highest {high}, lowest {low}.",
        "{label}：{first}，{last}；最高{high}，最低{low}。",
    ),
    sentence_gap=(" ", ""),
    and_=(" and ", "及"),
    missing_parts=("{names}: {why}", "{names}：{why}"),
)


@dataclass(frozen=True)
class ChartData:
    """Exactly what a chart shows: its periods (gaps included) and, per series, one observation or None
    per period. A series' sign is -1 where a loss is drawn below zero."""

    spec: ChartSpec
    periods: list[Period]
    series: list[tuple[Metric, list[Observation | None]]]
    signs: tuple[int, ...] = ()

    @property
    def observations(self) -> list[Observation]:
        return [o for _, points in self.series for o in points if o is not None]

    @property
    def unit_metric(self) -> Metric:
        """The first series' metric, whose unit every series of the chart shares."""
        return self.series[0][0]

    @property
    def calendar_years(self) -> bool:
        """Whether every series is a market figure whose years are calendar years (Metric.calendar_years)."""
        return all(metric.calendar_years for metric, _ in self.series)

    @property
    def has_secondary(self) -> bool:
        return any(o.basis == "secondary" and not o.is_estimate for o in self.observations)

    @property
    def has_estimates(self) -> bool:
        return any(o.is_estimate for o in self.observations)

    @property
    def source_ids(self) -> list[str]:
        """The sources behind the values shown, in order of first appearance by period."""
        ordered = sorted(self.observations, key=lambda o: o.period.sort_key)
        return list(dict.fromkeys(s for o in ordered for s in o.sources))

    def sign(self, index: int) -> int:
        return self.signs[index] if self.signs else 1

    def gaps(self) -> list[tuple[Metric, list[Period]]]:
        """Per series, the periods inside its span that have no value. On a time axis each value sits at
        its own date (milestones, month ends): a date another series has is no gap in this one."""
        if self.spec.on_time_axis:
            return []
        found = []
        for metric, points in self.series:
            present = [i for i, o in enumerate(points) if o is not None]
            if present:
                missing = [self.periods[i] for i in range(present[0], present[-1] + 1) if points[i] is None]
                if missing:
                    found.append((metric, missing))
        return found


def chart_data(spec: ChartSpec, catalog: Catalog) -> ChartData:
    """Collect the values a chart shows, bounded by its declared start and end."""
    by_metric = {m: catalog.by_period(m, spec.frequency) for m in spec.series}
    present = {p for points in by_metric.values() for p in points}
    present = [p for p in present if (spec.start is None or p >= spec.start) and (spec.end is None or p <= spec.end)]
    if not present:
        raise ValueError(f"chart '{spec.name}' has no {spec.frequency} values to show.")
    periods = axis_periods(present)
    series = [(catalog.metric(m), [by_metric[m].get(p) for p in periods]) for m in spec.series]
    if spec.kind == "stacked_bar":
        series += _remainder(spec, series, periods, catalog, spec.frequency)
    signs = tuple(-1 if spec.signed and metric.is_loss else 1 for metric, _ in series)
    return ChartData(spec=spec, periods=periods, series=series, signs=signs)


def _remainder(
    spec: ChartSpec, series, periods, catalog: Catalog, frequency: str
) -> list[tuple[Metric, list[Observation | None]]]:
    """For parts of one whole that declares a remainder: what the parts leave unallocated, per period.
    Where the remainder stands for parts missing from the data, it is named after them and says why
    they are missing (their registered gap), not as an unallocated remainder."""
    wholes = {metric.part_of for metric, _ in series}
    if len(wholes) != 1 or None in wholes:
        return []
    whole = catalog.metrics.get(wholes.pop())
    if whole is None or not whole.remainder:
        return []
    totals = catalog.by_period(whole.name, frequency)
    points: list[Observation | None] = []
    missing_sets = set()
    for index, period in enumerate(periods):
        parts = [points_[index] for _, points_ in series if points_[index] is not None]
        total = totals.get(period)
        left = total.value - sum(o.value for o in parts) if total is not None and parts else 0
        if total is None or not parts or left <= sum(o.precision for o in parts) + total.precision:
            points.append(None)
            continue
        missing_sets.add(tuple(metric for metric, points_ in series if points_[index] is None))
        points.append(
            derived_observation(
                replace(whole, name=REMAINDER),
                period,
                round(left, 6),
                (total, *parts),
                f"{whole.name} - " + " - ".join(o.metric for o in parts),
                "",
                sum(o.precision for o in (total, *parts)),
                decimals=min(o.decimals for o in (total, *parts)),
            )
        )
    if not any(points):
        return []
    title = whole.remainder
    if len(missing_sets) == 1 and (missing := missing_sets.pop()):
        kinds = {
            catalog.missing_kind(m.name, p) for m in missing for p, o in zip(periods, points, strict=True) if o
        } - {None}
        if len(kinds) == 1:
            labels = [spec.label(m) for m in missing]
            # "Enterprise cloud and other": a later name inside the phrase is not capitalised.
            labels = labels[:1] + [label if is_chinese() else label[:1].lower() + label[1:] for label in labels[1:]]
            names = say("and_").join(labels)
            title = say("missing_parts", names=names, why=whole.gap_kind(kinds.pop()).shown)
    metric = replace(whole, name=REMAINDER, title=title, part_of=None)
    return [(metric, points)]


def figure_json(data: ChartData) -> dict:
    """The Plotly figure as a plain dict: traces and chart-specific layout, no template. Written as
    plain JSON rather than through plotly's figure classes, whose validation costs more than the rest
    of the build; the keys are plotly.js's own."""
    unit = data.unit_metric
    spec = data.spec
    # On a time axis the hover names the period, since the axis shows only dates. A category axis shows
    # the periods as written (FY2024, Q4 2025), in Chinese as read (2024财年, 2025年第四季度).
    # In Chinese the axis is short enough to stand upright (2019Q2) and the hover says the period in full.
    calendar = data.calendar_years
    labels = [p.end_date if spec.on_time_axis else p.axis_label(calendar) for p in data.periods]
    long_labels = is_chinese() and labels != [p.shown_for(calendar) for p in data.periods]
    hovertext = [p.shown_for(calendar) for p in data.periods] if spec.on_time_axis or long_labels else None
    traces = []
    for index, (metric, points) in enumerate(data.series):
        sign = data.sign(index)
        # Plotly renders names and hover text as a small HTML subset, so data strings are escaped.
        name = esc(spec.label(metric) + (say("below_zero") if sign < 0 else ""))
        when = say("hover_when") if hovertext else ""
        trace = {
            "type": "scatter" if spec.kind == "line" else "bar",
            "name": name,
            "x": labels,
            "y": [None if o is None else sign * o.value for o in points],
            # Each point's hover text carries the digits its source gave (6,577 rather than 6,577.0).
            "customdata": [
                None
                if o is None
                else ESTIMATE_MARK * o.is_estimate
                + hover_value(sign * o.value, metric, metric.decimals_for(o))
                + SECONDARY_MARK * (o.basis == "secondary" and not o.is_estimate)
                for o in points
            ],
            "hovertemplate": say("hover", name=name, when=when, unit=esc(hover_unit(unit))) + "<extra></extra>",
        }
        if hovertext:
            trace["hovertext"] = hovertext
        marker: dict = {}
        # Estimates (computed from a figure outside the company's documents) are hatched bars or open
        # markers, so no estimate looks like a reported figure.
        estimates = [o is not None and o.is_estimate for o in points]
        if any(estimates):
            if spec.kind == "line":
                marker["symbol"] = ["circle-open" if e else "circle" for e in estimates]
            else:
                marker["pattern"] = {"shape": ["/" if e else "" for e in estimates]}
        if spec.kind == "line":
            # Dated values and mixed frequencies are milestones, not a continuous history: no line
            # implies a path between them. A gap in a regular series stays a gap.
            trace["mode"] = "markers" if spec.on_time_axis else "lines+markers"
            trace["connectgaps"] = False
            if spec.frequency == Frequency.DATED:
                marker["size"] = 9  # markers alone must be easy to see and to hover
        if marker:
            trace["marker"] = marker
        traces.append(trace)
    yaxis = {"title": {"text": esc(unit.short_unit)}, "tickformat": ",~r"}
    if spec.axis_from_zero:
        yaxis["rangemode"] = "tozero"
    layout = {
        "barmode": "relative" if spec.kind == "stacked_bar" else "group",
        "showlegend": len(data.series) > 1,
        "yaxis": yaxis,
        "xaxis": {"type": "date"} if spec.on_time_axis else {"type": "category"},
        **language_layout(is_chinese()),
    }
    if spec.marks:
        layout["shapes"], layout["annotations"] = _marks(data, labels)
        if not spec.on_time_axis:
            # plotly.js widens an axis to fit an annotation's text, which on a phone leaves half the
            # plot empty; the axis spans the periods shown, and the label stays beside its line.
            layout["xaxis"]["range"] = [-0.5, len(labels) - 0.5]
    return {"data": traces, "layout": layout}


def _within_time_axis(period: Period, periods: list[Period]) -> bool:
    """Whether a date falls within the months a time axis shows (from the first value's month to the
    last value's day)."""
    first, last = periods[0], periods[-1]
    return (first.year, first.last_month) <= (period.year, period.last_month) and period.end_date <= last.end_date


def _marks(data: ChartData, labels: list[str]) -> tuple[list[dict], list[dict]]:
    """A dashed line and a label where the company changed what it reports, or at a dated milestone.
    On a category axis a mark sits at one of the periods shown, its label above the plot. On a time
    axis it sits at its own date (which need not be a date with a value), its label upright beside the
    line at the top of the plot, so that marks a few weeks apart do not write over each other."""
    shapes, annotations = [], []
    for period, text in data.spec.marks:
        label = {"xref": "x", "yref": "paper", "y": 1, "text": esc(text), "showarrow": False, "font": {"size": 11}}
        if data.spec.on_time_axis:
            if not _within_time_axis(period, data.periods):
                continue
            x = period.end_date
            label |= {"x": x, "textangle": -90, "xanchor": "left", "yanchor": "top"}
        else:
            if period not in data.periods:
                continue
            index = data.periods.index(period)
            x = labels[index]
            # The label reads away from the nearer edge: to the right of a mark in the first half, else to the left.
            label |= {"x": x, "xanchor": "left" if index < len(labels) / 2 else "right", "yanchor": "bottom"}
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": x,
                "x1": x,
                "y0": 0,
                "y1": 1,
                "line": {"dash": "dot", "width": 1},
            }
        )
        annotations.append(label)
    return shapes, annotations


def csv_text(data: ChartData) -> str:
    """The chart's values as tidy CSV, one row per value, with the source of each."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["metric", "period", "value", "unit", "source", "status"])
    for metric, points in data.series:
        for o in points:
            if o is not None:
                cells = (
                    metric.name,
                    o.period.label,
                    plain_number(o.value),
                    metric.unit,
                    " ".join(o.sources),
                    o.shown_status,
                )
                writer.writerow(neutralise_formula(cell) for cell in cells)
    return buffer.getvalue()


def neutralise_formula(cell: str) -> str:
    """Prefix text that a spreadsheet would run as a formula; plain numbers such as -118.2 stay numbers."""
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        try:
            float(cell)
            return cell
        except ValueError:
            return "'" + cell
    return cell


def summary_text(data: ChartData) -> str:
    """A plain-language summary of what the chart shows, one sentence per series, for screen readers,
    for readers without JavaScript and as the static image's text alternative."""
    sentences = []
    for metric, points in data.series:
        shown = [o for o in points if o is not None]
        if not shown:
            continue

        def fmt(o: Observation, key: str = "point", metric: Metric = metric) -> str:
            # A day reads "on 7 May 2020", a month or a year "in May 2020", "in FY2024".
            on = "_on" if o.period.frequency == Frequency.DATED and o.period.day else ""
            return say(
                key + on,
                value=format_value(o.value, metric.unit, metric.decimals_for(o)),
                period=o.period.shown_for(metric.calendar_years),
            )

        first, last = shown[0], shown[-1]
        high = max(shown, key=lambda o: o.value)
        low = min(shown, key=lambda o: o.value)
        label = data.spec.label(metric)
        if len(shown) > 1:
            sentence = say(
                "values",
                label=label,
                first=fmt(first),
                last=fmt(last),
                high=fmt(high, "extreme"),
                low=fmt(low, "extreme"),
            )
        else:
            sentence = say("one_value", label=label, first=fmt(first))
        sentences.append(sentence)
    return say("sentence_gap").join(sentences)


def hover_value(value: float, metric: Metric, decimals: int) -> str:
    """A point's value in its hover text: its digits (the unit follows) in English; in Chinese in the
    units prose reads, 12.36亿元 or 25.8亿美元 rather than 1,236百万元 or 2.58十亿美元."""
    if not is_chinese():
        return format_number(value, decimals)
    return format_value(value, metric.unit, decimals)


def hover_unit(metric: Metric) -> str:
    """The unit after a hover value: the metric's short unit in English; in Chinese only a count's word
    (股), since the value already says its unit."""
    if not is_chinese():
        return metric.short_unit
    return metric.short_unit if metric.unit == "count" else ""
