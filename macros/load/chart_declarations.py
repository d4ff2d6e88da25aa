"""data/charts.yml: each chart declared once, and refused if it would mislead (bars not from zero,
losses drawn as gains beside profits, units mixed on one axis)."""

from __future__ import annotations

from pathlib import Path

from macros.core.errors import DataError, did_you_mean
from macros.core.model import ChartSpec, Metric
from macros.core.periods import MIXED, PERIOD_FIX, parse_period
from macros.load.yaml_files import node_line, read_yaml, rel_path

CHARTS_FILE = "charts.yml"

# A mark's label sits beside its dashed line, above the plot; on a phone the plot is 300 px wide.
MARK_TEXT_MAX = 32


def load_charts(data_dir: Path, metrics: dict[str, Metric]) -> dict[str, ChartSpec]:
    path = data_dir / CHARTS_FILE
    if not path.exists():
        return {}
    rel = rel_path(path, data_dir)
    declared, node = read_yaml(path, data_dir)
    charts = {}
    for name, spec in (declared or {}).items():
        line = node_line(node, [name])

        def fail(problem: str, fix: str, name: str = name, line: int | None = line):
            return DataError(rel, f"chart '{name}': {problem}", fix, line=line)

        charts[name] = _chart(name, spec, metrics, fail, line or 0)
    return charts


def _chart(name: str, spec: dict, metrics: dict[str, Metric], fail, line: int) -> ChartSpec:
    series = spec["series"]
    for metric in series:
        if metric not in metrics:
            raise fail(
                f"unknown metric '{metric}'. {did_you_mean(metric, metrics, 'metrics')}",
                "use a metric declared in a dataset's .meta.yml.",
            )
    chosen = [metrics[m] for m in series]
    units = {m.unit for m in chosen}
    if len(units) > 1:
        raise fail(f"it mixes units ({', '.join(sorted(units))}).", "plot series of one unit per chart.")
    frequency, kind = spec["frequency"], spec["kind"]
    bounds = {}
    for bound in ("start", "end"):
        bounds[bound] = parse_period(spec[bound]) if spec.get(bound) else None
        if bounds[bound] and frequency != MIXED and bounds[bound].frequency != frequency:
            raise fail(f"{bound} {bounds[bound]} is not {frequency}.", f"use a {frequency} period.")
    labels = spec.get("labels") or {}
    if any(m not in series for m in labels):
        raise fail(
            "'labels' must map metrics of its series to legend names.",
            "write e.g. 'labels: {revenue: Kingsoft Cloud}'.",
        )
    from_zero = spec.get("axis_from_zero", True)
    if not from_zero and kind != "line":
        raise fail(
            "a bar's length is its value, so a bar chart's axis starts at zero.", "remove 'axis_from_zero: false'."
        )
    losses = [m.name for m in chosen if m.is_loss]
    signed = spec.get("signed", False)
    if losses and len(losses) < len(chosen) and not signed:
        raise fail(
            f"it puts the loss {losses[0]} beside profits on one axis, where a loss would read as a gain.",
            "add 'signed: true' to draw losses below zero, or chart the loss on its own.",
        )
    if signed and not losses:
        raise fail("'signed: true' but none of its metrics is a loss.", "remove 'signed: true'.")
    marks = []
    for mark in spec.get("marks", ()):
        try:
            marks.append((parse_period(mark["period"]), mark["text"].strip()))
        except ValueError as error:
            raise fail(f"marks: {error}", PERIOD_FIX) from None
        if len(marks[-1][1]) > MARK_TEXT_MAX:
            raise fail(
                f"the mark '{marks[-1][1]}' is longer than {MARK_TEXT_MAX} characters, too long to sit beside its line on a phone.",
                "shorten it; the chart's description can say more.",
            )
    return ChartSpec(
        name=name,
        title=spec["title"].strip(),
        kind=kind,
        frequency=frequency,
        series=tuple(series),
        start=bounds["start"],
        end=bounds["end"],
        description=spec.get("description", "").strip(),
        labels=tuple((m, text.strip()) for m, text in labels.items()),
        axis_from_zero=from_zero,
        signed=signed,
        marks=tuple(marks),
        line=line,
        chinese=dict(spec.get("zh") or {}, marks=tuple((m.get("zh") or {}).get("text") for m in spec.get("marks", ()))),
    )
