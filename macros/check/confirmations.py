"""Confirmation, not only citation: where a second company document gives a value, the two must
agree; where the company states a growth rate in words, the stored values must give it, within the
document's rounding. A disagreement stops the build at the row that records it."""

from __future__ import annotations

from macros.compute.catalog import Catalog
from macros.core.errors import DataError
from macros.core.numbers import format_number
from macros.load.confirmations import Confirmation, StatedChange


def half_unit(decimals: int) -> float:
    """Half a unit of the last digit written: what rounding to that digit may have moved."""
    return 0.5 * 10**-decimals


def check_confirmations(catalog: Catalog) -> None:
    for confirmation in catalog.confirmations:
        _check_confirmation(catalog, confirmation)
    for stated in catalog.stated_changes:
        _check_stated_change(catalog, stated)
    check_best_documents(catalog)


def check_best_documents(catalog: Catalog) -> None:
    """A stored value cites the best-tier document among those that give it (its own source and every
    source that declares the figure in its `gives`): a figure the company's filing gives is never
    taken from a copy or an aggregator."""
    givers: dict[tuple, list[str]] = {}
    for c in catalog.confirmations:
        givers.setdefault((c.metric, c.period), []).append(c.source)
    for dataset in catalog.datasets.values():
        for o in dataset.stored:
            own = catalog.source(o.source)
            better = [
                catalog.source(s)
                for s in givers.get((o.metric, o.period), ())
                if (catalog.source(s).tier or 9) < (own.tier or 9)
            ]
            if better:
                best = min(better, key=lambda s: s.tier)
                raise DataError.at(
                    o.where,
                    f"{o.metric} {o.period.label} cites '{own.id}' (tier {own.tier}), but '{best.id}' (tier "
                    f"{best.tier}) gives it too.",
                    f"cite '{best.id}' in this row (with status reported if it is the company's), and take the "
                    "figure from it.",
                )


def _lookup(catalog: Catalog, metric: str, period, where: str, what: str):
    found = catalog.value_or_none(metric, period)
    if found is None:
        raise DataError.at(
            where,
            f"{what}: the data has no value of '{metric}' for {period.label}.",
            f"add the value to {catalog.datasets[catalog.metric(metric).dataset].path} first, or remove this row.",
        )
    return found


def _check_confirmation(catalog: Catalog, c: Confirmation) -> None:
    what = f"{c.metric} {c.period.label}"
    o = _lookup(catalog, c.metric, c.period, c.where, what)
    tolerance = o.precision + half_unit(c.decimals) + 1e-9
    if abs(c.value - o.value) > tolerance:
        metric = catalog.metric(c.metric)
        raise DataError.at(
            c.where,
            f"{what}: '{c.source}' gives {format_number(c.value, c.decimals)} but the data has "
            f"{format_number(o.value, metric.decimals_for(o))} ({o.where}); two documents that give one figure must agree.",
            "check both documents: correct the value that was misread, or, where the company restated the "
            "figure, keep the later one and say so in its note.",
        )


def stated_change_of(catalog: Catalog, s: StatedChange) -> tuple[float, float]:
    """The change the stored values give, in percent, and how far their rounding can move it."""
    what = f"{s.metric} {s.period.label} on {s.base.label}"
    new = _lookup(catalog, s.metric, s.period, s.where, what)
    old = _lookup(catalog, s.metric, s.base, s.where, what)
    if old.value == 0:
        raise DataError.at(s.where, f"{what}: the base is zero, so no change can be checked.", "remove this row.")
    change = (new.value - old.value) / abs(old.value) * 100
    spread = 100 * (new.precision + abs(new.value / old.value) * old.precision) / abs(old.value)
    return change, spread


def _check_stated_change(catalog: Catalog, s: StatedChange) -> None:
    change, spread = stated_change_of(catalog, s)
    if abs(change - s.value) > half_unit(s.decimals) + spread + 1e-9:
        raise DataError.at(
            s.where,
            f"'{s.source}' states that {s.metric} changed by {format_number(s.value, s.decimals)}% from "
            f"{s.base.label} to {s.period.label}, but the data give {format_number(change, s.decimals + 1)}%.",
            "check both values against the document (and the sign: a decrease is negative); a stated change "
            "must follow from the stored figures.",
        )
