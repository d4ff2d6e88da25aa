"""A synthetic next quarter of results, generated from whatever the real data holds: the quarter after
the newest on record, a source id that cannot exist in the data, and one row per metric that has a
value for the newest quarter (balances one per item at the newest quarter end), each copying that
value so that every consistency check still holds. Tests use it to prove that adding a quarter is
data rows only."""

from __future__ import annotations

import calendar
import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from macros.check.checked_catalog import load_catalog
from macros.core.numbers import plain_number
from macros.core.periods import Period, parse_period

# The company's own datasets follow its quarterly releases; research firms' data have their own cadence.
COMPANY_DATASETS = ("financials", "balance_sheet", "business", "related_parties")


@dataclass
class NextQuarter:
    period: Period
    previous: Period
    source_id: str
    published: str
    rows: dict[str, list[tuple[str, str, float]]] = field(default_factory=dict)

    def values(self, dataset: str) -> dict[str, float]:
        return {metric: value for metric, _, value in self.rows.get(dataset, [])}


def following(quarter: Period) -> Period:
    return Period(quarter.year + 1, 1) if quarter.quarter == 4 else Period(quarter.year, quarter.quarter + 1)


def end_date(quarter: Period) -> str:
    month = quarter.quarter * 3
    return f"{quarter.year}-{month:02d}-{calendar.monthrange(quarter.year, month)[1]:02d}"


def add_next_quarter(data_dir: Path) -> NextQuarter:
    catalog = load_catalog(data_dir)
    newest = catalog.latest_period("revenue", "quarterly")
    period = following(newest)
    source_id = f"synthetic-release-{period.label.lower().replace(' ', '-')}"
    while source_id in catalog.sources:
        source_id += "-x"
    published = (date.fromisoformat(end_date(period)) + timedelta(days=55)).isoformat()
    quarter = NextQuarter(period, newest, source_id, published)
    with (data_dir / "sources.yml").open("a", encoding="utf-8") as f:
        f.write(
            f"- id: {source_id}\n"
            f"  title: Synthetic results release for {period.label}\n"
            # A publisher the registry knows: a new release needs no Chinese of its own, and says what it
            # gives through its figures.
            "  publisher: Kingsoft Cloud Holdings Ltd via PR Newswire\n"
            f"  date: {published}\n"
            f"  url: https://example.com/{source_id}\n"
            "  kind: release\n"
        )
    for name in COMPANY_DATASETS:
        dataset = catalog.datasets[name]
        rows = []
        # A value derived for the newest quarter (from a year and its other quarters) is one a release
        # states; a metric computed by its formula needs no row.
        for o in dataset.observations.values():
            metric = dataset.metrics[o.metric]
            if metric.formula or o.status == "unconfirmed":
                continue
            if metric.stock and o.period.label == end_date(newest):
                rows.append((o.metric, end_date(period), o.value))
            elif not metric.stock and o.period == _dataset_newest(dataset):
                rows.append((o.metric, following(o.period).label, o.value))
        quarter.rows[name] = rows
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for metric, label, value in rows:
            writer.writerow([metric, label, plain_number(value), source_id, "reported"])
        text = (data_dir / f"{name}.csv").read_text(encoding="utf-8")
        (data_dir / f"{name}.csv").write_text(text.rstrip("\n") + "\n" + buffer.getvalue(), encoding="utf-8")
    # A line the stored copies of the newest quarter's release do not reach, the next quarter's copy does
    # not reach either: its gap is registered again for the new quarter, as a contributor would.
    with (data_dir / "gaps.yml").open("a", encoding="utf-8") as f:
        for gap in catalog.gaps:
            if gap.period == newest:
                f.write(
                    f"- metric: {gap.metric}\n  periods: [{period.label}]\n  kind: {gap.kind}\n"
                    f"  searched: {gap.search.id}\n"
                )
    return quarter


def _dataset_newest(dataset) -> Period | None:
    quarters = [
        o.period for o in dataset.stored if o.period.frequency == "quarterly" and not dataset.metrics[o.metric].forward
    ]
    return max(quarters) if quarters else None


def parse(label: str) -> Period:
    return parse_period(label)
