"""Macros for single figures in prose: value, change, share, ttm, latest_period, as_of and cite."""

from __future__ import annotations

from macros.core.errors import MacroCallError
from macros.core.html import attributes, esc
from macros.core.language import Phrases, is_chinese
from macros.core.model import Metric, Observation
from macros.core.numbers import change_kind, format_change_words, format_share, format_value, plain_number
from macros.core.periods import Frequency, four_quarters_to, parse_period
from macros.pages.render import Renderer

say = Phrases(
    as_of=("{period}, published {date}", "{period}，发布于{date}"),
    fact_title=(
        "{label}, as of {date}. Source: {publisher}, {published}.",
        "{label}，截至{date}。来源：{publisher}，{published}。",
    ),
    fact_date=("as of {date}", "截至{date}"),
)


def trailing_quarters(catalog, metric: str, quarter: str) -> list[Observation]:
    """The four quarters ending with `quarter`, all of which must have a value."""
    spec = catalog.metric(metric)
    try:
        last = parse_period(quarter)
    except ValueError as error:
        raise MacroCallError(str(error), "write the quarter as Q4 2025.") from None
    if last.frequency != Frequency.QUARTERLY:
        raise MacroCallError(
            f"'{quarter}' is not a quarter.", "trailing twelve months end with a quarter, e.g. Q4 2025."
        )
    if not spec.additive:
        raise MacroCallError(
            f"'{metric}' is not additive, so its quarters cannot be summed over twelve months.",
            "use an additive metric (a flow such as revenue).",
        )
    wanted = four_quarters_to(last)
    found = catalog.by_period(metric, Frequency.QUARTERLY)
    missing = [p.label for p in wanted if p not in found]
    if missing:
        raise MacroCallError(
            f"the twelve months to {last.label} need all four quarters of '{metric}', but {', '.join(missing)} "
            "has no value.",
            "add the missing quarter, or ask for twelve months that end earlier.",
        )
    return [found[p] for p in wanted]


def prose_value(m: Metric, o: Observation) -> str:
    """A value as a sentence says it, with its unit. Chinese prose says a negative result as a loss of its
    amount (经营亏损5,580万元), not as −5,580万元: the metric's Chinese `negative` word."""
    if is_chinese() and o.value < 0 and (negative := m.chinese.get("negative")):
        return negative + format_value(-o.value, m.unit, m.decimals_for(o))
    return format_value(o.value, m.unit, m.decimals_for(o))


class FigureMacros:
    NAMES = ("value", "change", "share", "ttm", "latest_period", "as_of", "fact", "fact_date", "cite")

    def __init__(self, render: Renderer):
        self.render = render
        self.catalog = render.catalog

    def value(self, metric: str, period: str) -> str:
        """A single figure, formatted in its unit, linked to its source.

        Args:
            metric: a metric name from a dataset's `.meta.yml`, e.g. `"revenue"`.
            period: `"FY2024"` for a year, `"H1 2024"` for a half year, `"Q1 2025"` for a quarter,
                or `"2020-05-08"` for a date. A balance (a stock) may also be asked for at a year or
                quarter: its balance on the last day.

        Example: `{{ value("revenue", "FY2021") }}`
        """
        o = self.catalog.observation(metric, period)
        text = prose_value(self.catalog.metric(metric), o)
        return self.render.figure(text, [o], "value", data_value=plain_number(o.value))

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
        base_label = base or parse_period(period).year_earlier().label
        if base_metric and self.catalog.metric(base_metric).unit != self.catalog.metric(metric).unit:
            raise MacroCallError(
                f"cannot compare '{metric}' with '{base_metric}': their units differ.", "compare metrics of one unit."
            )
        old = self.catalog.observation(base_metric or metric, base_label)
        try:
            text = format_change_words(new.value, old.value, kind=change_kind(self.catalog.metric(metric)))
        except ValueError as error:
            raise MacroCallError(str(error), "compare with a period whose value is above zero.") from None
        return self.render.figure(
            text, [new, old], "change", data_base_period=old.period.label, data_base_metric=base_metric
        )

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
            raise MacroCallError(str(error), "use a whole that is not zero.") from None
        return self.render.figure(text, [p, w], "share", data_whole=whole)

    def ttm(self, metric: str, quarter: str) -> str:
        """The sum of a metric over the twelve months to a quarter (trailing twelve months), computed
        from the four quarters; refused when one of them has no value.

        Args:
            metric: an additive metric, e.g. `"revenue"`.
            quarter: the last quarter, e.g. `"Q4 2025"`.

        Example: `{{ ttm("revenue", latest_period("revenue", "quarterly")) }}`
        """
        quarters = trailing_quarters(self.catalog, metric, quarter)
        m = self.catalog.metric(metric)
        total = sum(o.value for o in quarters)
        decimals = min(m.decimals_for(o) for o in quarters)
        # The figure is dated by the quarter the twelve months end with, so that quarter comes first.
        newest_first = list(reversed(quarters))
        text = format_value(total, m.unit, decimals)
        return self.render.figure(text, newest_first, "ttm", data_value=plain_number(round(total, 6)))

    def latest_period(self, metric: str, frequency: str = "annual") -> str:
        """The label of the latest period with a value, to pass to other macros.

        Args:
            metric: a metric name.
            frequency: one of `"annual"`, `"nine-monthly"`, `"half-yearly"`, `"quarterly"`, `"dated"`.

        Example: `{{ latest_period("revenue", "quarterly") }}`, typically inside another macro:
            `{{ value("revenue", latest_period("revenue")) }}` always shows the newest fiscal year.
        """
        return self.catalog.latest_period(metric, frequency).label

    def as_of(self, metric: str, frequency: str = "quarterly") -> str:
        """An "as of" stamp: the latest period of a metric and the date its source was published.

        Args:
            metric: a metric name.
            frequency: one of `"annual"`, `"nine-monthly"`, `"half-yearly"`, `"quarterly"`, `"dated"`.

        Example: `{{ as_of("revenue") }}`
        """
        period = self.catalog.latest_period(metric, frequency)
        o = self.catalog.latest(metric, frequency)
        newest = max((self.catalog.source(s) for s in o.sources), key=lambda source: source.date)
        attrs = attributes(class_="kc-asof", data_metric=metric, data_period=period.label, data_date=newest.date)
        text = say("as_of", period=period.display, date=newest.shown_date)
        return f"<span{attrs}>{esc(text)}</span>"

    def fact(self, fact_id: str) -> str:
        """A fact in words from `data/facts.yml` (a chair, an address, a ticker), linked to its source,
        with the date it was last confirmed in the tooltip (`fact_date` prints that date).

        Args:
            fact_id: an id from `data/facts.yml`.

        Example: `{{ fact("chief_executive") }}`
        """
        f = self.catalog.fact(fact_id)
        source = self.catalog.source(f.source)
        title = say(
            "fact_title",
            label=f.label,
            date=f.as_of.display,
            publisher=source.publisher,
            published=source.shown_date,
        )
        attrs = attributes(
            class_="kc-figure kc-fact",
            data_kind="fact",
            data_fact=f.id,
            data_period=f.as_of.label,
            data_source=f.source,
        )
        text = f'<a href="{esc(self.render.source_href(f.source))}" title="{esc(title)}">{esc(f.text)}</a>'
        return f"<span{attrs}>{text}</span>"

    def fact_date(self, fact_id: str) -> str:
        """The date on which a fact from `data/facts.yml` was last confirmed, as a reader reads it.

        Args:
            fact_id: an id from `data/facts.yml`.

        Example: `{{ fact_date("chair") }}`
        """
        f = self.catalog.fact(fact_id)
        return f'<time datetime="{esc(f.as_of.label)}">{esc(say("fact_date", date=f.as_of.display))}</time>'

    def cite(self, source_id: str) -> str:
        """A citation link to a source's entry on the Sources page.

        Args:
            source_id: an id from `data/sources.yml`.

        Example: `{{ cite("kc-424b5-2025-04") }}`
        """
        return self.render.cite(source_id)
