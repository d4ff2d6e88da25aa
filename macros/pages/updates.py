"""What each document added to the data, newest document first: the one account behind the Data
updates page and the update feed, so the page and the feed never tell it differently."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from macros.compute.catalog import Catalog
from macros.core.language import Phrases, is_chinese
from macros.core.model import Source

say = Phrases(
    list_comma=(", ", "、"),
    semicolon=("; ", "；"),
    in_brackets=(" ({text})", "（{text}）"),
    more_periods=(" and {count} more", "等{total}个期间"),
    values_one=("{count} value", "{count}个数值"),
    values_many=("{count} values", "{count}个数值"),
    events_one=("{count} event", "{count}条大事记"),
    events_many=("{count} events", "{count}条大事记"),
)
# The newest periods a line names; the rest are counted.
PERIODS_NAMED = 4
# Each document's entry on the Data updates page, which the feed's entries link to.
ANCHOR_PREFIX = "update-"


@dataclass(frozen=True)
class Update:
    source: Source
    values: int
    events: int
    summary: str  # plain text, in the edition's language: "12 values (Q4 2025, FY2025, ...); 1 event"

    @property
    def anchor(self) -> str:
        return ANCHOR_PREFIX + self.source.id


def _plural(one: str, many: str, count: int, **fields) -> str:
    return say(one if count == 1 else many, count=count, **fields)


def document_updates(catalog: Catalog, limit: int = 0) -> list[Update]:
    """Every document that values or events cite, newest first (all of them unless `limit`)."""
    cited: dict[str, list] = defaultdict(list)
    for dataset in catalog.datasets.values():
        for o in dataset.stored:
            cited[o.source].append(o)
    events: dict[str, int] = defaultdict(int)
    for e in catalog.timeline.events if catalog.timeline else ():
        events[e.source] += 1
    chosen = sorted(set(cited) | set(events), key=lambda i: (catalog.source(i).date, i), reverse=True)
    updates = []
    for source_id in chosen[:limit] if limit else chosen:
        values = cited.get(source_id, [])
        periods = sorted({o.period for o in values}, reverse=True)
        shown = say("list_comma").join(p.display if is_chinese() else p.label for p in periods[:PERIODS_NAMED])
        if len(periods) > PERIODS_NAMED:
            shown += say("more_periods", count=len(periods) - PERIODS_NAMED, total=len(periods))
        parts = []
        if values:
            parts.append(_plural("values_one", "values_many", len(values)) + (say("in_brackets", text=shown)))
        if events.get(source_id):
            parts.append(_plural("events_one", "events_many", events[source_id]))
        updates.append(Update(catalog.source(source_id), len(values), events[source_id], say("semicolon").join(parts)))
    return updates
