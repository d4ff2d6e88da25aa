"""Chart declarations (data/charts.yml) turned into Plotly figure JSON, a data table and a CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import plotly.graph_objects as go

from .catalog import Catalog, ChartSpec, Metric, Observation
from .html import esc
from .numbers import format_number, format_value, plain_number
from .periods import Period, axis_periods

UNCONFIRMED_OPACITY = 0.45


@dataclass(frozen=True)
class ChartData:
    """Exactly what a chart shows: its periods (gaps included) and, per metric, one observation or None per period."""

    spec: ChartSpec
    periods: list[Period]
    series: list[tuple[Metric, list[Observation | None]]]

    @property
    def observations(self) -> list[Observation]:
        return [o for _, points in self.series for o in points if o is not None]

    @property
    def unit_metric(self) -> Metric:
        """The first series' metric, whose unit every series of the chart shares."""
        return self.series[0][0]

    @property
    def has_unconfirmed(self) -> bool:
        return any(o.status == "unconfirmed" for o in self.observations)

    @property
    def source_ids(self) -> list[str]:
        """The sources behind the values shown, in order of first appearance by period."""
        ordered = sorted(self.observations, key=lambda o: o.period.sort_key)
        return list(dict.fromkeys(o.source for o in ordered))


def chart_data(spec: ChartSpec, catalog: Catalog) -> ChartData:
    """Collect the values a chart shows, bounded by its declared start and end."""
    by_metric = {m: {o.period: o for o in catalog.series(m, spec.frequency)} for m in spec.series}
    present = {p for points in by_metric.values() for p in points}
    present = [p for p in present if (spec.start is None or p >= spec.start) and (spec.end is None or p <= spec.end)]
    if not present:
        raise ValueError(f"chart '{spec.name}' has no {spec.frequency} values to show.")
    periods = axis_periods(present)
    series = [(catalog.metric(m), [by_metric[m].get(p) for p in periods]) for m in spec.series]
    return ChartData(spec=spec, periods=periods, series=series)


def figure_json(data: ChartData) -> dict:
    """The Plotly figure as a plain dict: traces and chart-specific layout, no template."""
    unit = data.unit_metric
    # On a time axis the hover names the period, since the axis shows only dates.
    on_time_axis = data.spec.on_time_axis
    labels = [p.end_date if on_time_axis else p.label for p in data.periods]
    hovertext = [p.display for p in data.periods] if on_time_axis else None
    fig = go.Figure()
    for metric, points in data.series:
        values = [None if o is None else o.value for o in points]
        # Plotly renders names and hover text as a small HTML subset, so data strings are escaped.
        name = esc(data.spec.label(metric))
        # Each point's hover text carries the digits its source gave (6,577 rather than 6,577.0).
        shown = [None if o is None else format_number(o.value, metric.decimals_for(o)) for o in points]
        when = ", %{hovertext}" if on_time_axis else ""
        hover = f"{name}{when}: %{{customdata}} {esc(unit.short_unit)}<extra></extra>"
        # Unconfirmed values (seed article only) are drawn faded, bars and line markers alike.
        opacity = [UNCONFIRMED_OPACITY if o is not None and o.status == "unconfirmed" else 1 for o in points]
        marker = {"opacity": opacity} if any(v != 1 for v in opacity) else None
        if data.spec.kind == "line" and data.spec.frequency == "dated":
            marker = {**(marker or {}), "size": 9}  # markers alone must be easy to see and to hover
        common = {
            "x": labels,
            "y": values,
            "customdata": shown,
            "hovertext": hovertext,
            "name": name,
            "hovertemplate": hover,
            "marker": marker,
        }
        if data.spec.kind == "line":
            # Dated values are milestones, not a continuous history: no line implies the path between them.
            mode = "markers" if data.spec.frequency == "dated" else "lines+markers"
            fig.add_trace(go.Scatter(**common, mode=mode, connectgaps=on_time_axis))
        else:
            fig.add_trace(go.Bar(**common))
    fig.update_layout(
        barmode="relative" if data.spec.kind == "stacked_bar" else "group",
        showlegend=len(data.series) > 1,
        yaxis={"title": {"text": esc(unit.short_unit)}, "tickformat": ",~r"},
        xaxis={"type": "date"} if on_time_axis else {"type": "category"},
    )
    figure = fig.to_plotly_json()
    figure["layout"].pop("template", None)
    return {"data": figure["data"], "layout": figure["layout"]}


def csv_text(data: ChartData) -> str:
    """The chart's values as tidy CSV, one row per value, with the source of each."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["metric", "period", "value", "unit", "source", "status"])
    for metric, points in data.series:
        for o in points:
            if o is not None:
                writer.writerow(
                    neutralise_formula(cell)
                    for cell in (metric.name, o.period.label, plain_number(o.value), metric.unit, o.source, o.status)
                )
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
    """A plain-language summary of what the chart shows, one sentence per series, for screen readers
    and for readers without JavaScript."""
    sentences = []
    for metric, points in data.series:
        shown = [o for o in points if o is not None]
        if not shown:
            continue

        def fmt(o: Observation, metric: Metric = metric) -> str:
            return f"{format_value(o.value, metric.unit, metric.decimals_for(o))} in {o.period.display}"

        first, last = shown[0], shown[-1]
        high = max(shown, key=lambda o: o.value)
        low = min(shown, key=lambda o: o.value)
        sentence = f"{data.spec.label(metric)}: {fmt(first)}"
        if len(shown) > 1:
            sentence += f", {fmt(last)}; highest {fmt(high)}, lowest {fmt(low)}"
        missing = len(points) - len(shown)
        if missing:
            sentence += f"; {missing} period{'s' if missing > 1 else ''} without a sourced figure"
        sentences.append(sentence + ".")
    return " ".join(sentences)
