"""Macros for lists generated from the data: the timeline, the sources, the datasets, the values on
which sources disagree, the derived values and the gaps register."""

from __future__ import annotations

from collections import defaultdict

from macros.core import chinese
from macros.core.chinese import NUMERALS
from macros.core.errors import MacroCallError, did_you_mean
from macros.core.html import Cell, esc, table
from macros.core.language import Phrases, is_chinese
from macros.core.model import SOURCE_KINDS, TIERS, kind_name, tier_meaning
from macros.core.numbers import format_value
from macros.core.periods import Period, parse_period
from macros.load.events import PLACEHOLDER
from macros.pages.render import DOWNLOADS, Renderer
from macros.pages.updates import document_updates
from macros.pages.value_macros import FigureMacros

say = Phrases(
    # Punctuation between parts, and a figure named with its period.
    comma=(", ", "，"),
    list_comma=(", ", "、"),
    semicolon=("; ", "；"),
    colon=(": ", "："),
    stop=(".", "。"),
    in_brackets=(" ({text})", "（{text}）"),
    figure_at=("{title}, {period}", "{period}{title}"),
    period_range=("{first} to {last}", "{first}至{last}"),
    unconfirmed=("(unconfirmed)", "（未经证实）"),
    # The timeline
    event_period=("({period})", "（{period}）"),
    # An event's source, after its text: full-width brackets and no space in Chinese.
    event_gap=(" ", ""),
    event_source=("({cite})", "（{cite}）"),
    event_stop=("", "。"),
    # Disagreements
    no_disagreement=("No source disagrees with a value used here.", "本站采用的数值，没有其他来源给出不同的数字。"),
    disagreements=("Values on which sources disagree", "各来源说法不一的数值"),
    figure=("Figure", "数据"),
    used_here=("Used here", "本站采用"),
    alternative=("Alternative", "另一来源的数字"),
    why=("Why", "原因"),
    # Derived values
    no_derivation=("No single value is derived from other periods.", "没有任何数值是由其他期间推算得出的。"),
    derived=("Values derived from other periods", "由其他期间推算的数值"),
    value=("Value", "数值"),
    formula=("Formula", "公式"),
    # Gaps
    no_gap=("No gap is registered.", "尚无登记在册的数据缺口。"),
    gaps=("Values no document on record gives", "现有文件均未给出的数值"),
    metric=("Metric", "指标"),
    periods=("Periods", "期间"),
    why_missing=("Why it is missing", "缺失原因"),
    searched=("What was searched", "查找范围"),
    # What a source gives
    figures_here=("Figures here: {figures}.", "本站采用的数字：{figures}。"),
    given=("{metric} ({periods})", "{metric}（{periods}）"),
    periods_span=("{count} periods, {first} to {last}", "{first}至{last}共{count}期"),
    # Datasets
    unit=(" ({unit})", "（单位：{unit}）"),
    derived_by=(" Derived: <code>{formula}</code>.", "计算公式：<code>{formula}</code>。"),
    latest=(" <small>Latest {period}: {reason}</small>", "<small>最新一期为{period}：{reason}</small>"),
    span_one=("{count} value, {span}.", "共{count}个数值，{span}。"),
    span_many=("{count} values, {span}.", "共{count}个数值，{span}。"),
    categories=("Event categories:", "大事记类别："),
    rows=(" ({count} rows)", "（{count}行）"),
    sources_cited=("Sources cited ({count})", "引用的来源（{count}）"),
    # Trust summary
    tier=("Tier {tier}", "第{numeral}级"),
    by_tier=("Sources by tier", "各级来源"),
    tier_header=("Tier", "级别"),
    holds=("What it holds", "涵盖范围"),
    sources=("Sources", "来源数"),
    citations=("Citations", "引用次数"),
    by_backing=("Values by what backs them", "数值的依据"),
    values=("Values", "数值"),
    count=("Count", "个数"),
    twice=("Given by two company documents that agree", "由公司两份文件给出且相互一致"),
    once=("Given by one company document", "由公司一份文件给出"),
    secondary=("From press, research or an aggregator (marked †)", "来自媒体、研究机构或数据服务商（标有†）"),
    seed_only=(
        "Found only in the seed article (kept in the data, shown on no page)",
        "仅见于起始文章（保留在数据中，不在任何页面显示）",
    ),
    computed=("Computed from the company's figures", "由公司的数字计算得出"),
    estimates=(
        "Computed with a figure from outside the company (estimates, marked ≈)",
        "计算时用到公司以外的数字（估计值，标有≈）",
    ),
    stated=(
        "Growth rates the company states, checked against the data",
        "公司公布的增长率，已与数据核对",
    ),
    # Sources
    none=("None.", "无。"),
    cited_times=("Cited {count} time in the data.", "数据中引用{count}次。"),
    cited_many=("Cited {count} times in the data.", "数据中引用{count}次。"),
    cited_text=("Cited in the text.", "在正文中引用。"),
    original=(" Original: {publisher}.", "原发布者：{publisher}。"),
    source_tier=(", tier {tier}", "，第{numeral}级"),
    published=("{publisher}, {date}.", "{publisher}，{date}。"),
)


def _plural(one: str, many: str, count: int, **fields) -> str:
    return say(one if count == 1 else many, count=count, **fields)


def _periods_text(periods) -> str:
    """Periods as a list shows them: their labels (FY2024), in Chinese as read (2024财年)."""
    return say("list_comma").join(p.display if is_chinese() else p.label for p in periods)


def _span_label(period: Period) -> str:
    return period.display if is_chinese() else period.label


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
                    period = say("event_period", period=self._period_words(event.period))
                    figure += f'{say("event_gap")}<span class="kc-timeline__period">{esc(period)}</span>'
                text += figure + esc(after)
            # A Chinese event's source goes before its full stop: …为2,440万元（金山云公告，2025年3月19日）。
            stop = say("event_stop") if text.endswith(say("event_stop")) and say("event_stop") else ""
            text = text[: len(text) - len(stop)]
            flag = (
                f' <span class="kc-figure__flag">{say("unconfirmed")}</span>' if event.status == "unconfirmed" else ""
            )
            items.append(
                f'<li class="kc-timeline__event" data-category="{esc(event.category)}">'
                f'<time datetime="{esc(event.date.label)}">{esc(event.date.display)}</time> '
                f'<span class="kc-timeline__category">{esc(timeline.categories[event.category])}</span>'
                f'<span class="kc-timeline__text">{text}{flag}{say("event_gap")}'
                f'<span class="kc-timeline__source">{say("event_source", cite=self.render.cite(event.source))}</span>'
                f"{stop}</span></li>"
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
                # No seed-only figure is shown, as the value used or as the other source's.
                if o.alternative is None or "seed" in (o.basis, self.catalog.source(o.alternative_source).kind):
                    continue
                if o.basis == "unconfirmed":
                    continue
                metric = self.catalog.metric(o.metric)
                alt_text = format_value(o.alternative, metric.unit, min(metric.decimals, o.alternative_decimals))
                rows.append(
                    [
                        Cell(esc(say("figure_at", title=metric.title, period=o.period.display)), header=True),
                        Cell(self.figures.value(o.metric, o.period.label)),
                        Cell(esc(alt_text) + say("in_brackets", text=self.render.cite(o.alternative_source))),
                        Cell(esc(o.note)),
                    ]
                )
        if not rows:
            return f"<p>{say('no_disagreement')}</p>"
        headers = [say("figure"), say("used_here"), say("alternative"), say("why")]
        return table(say("disagreements"), headers, rows)

    def derived_list(self) -> str:
        """Every value computed from values of other periods (`data/derived.yml`), with its formula,
        its result and why it is derived.

        Example: `{{ derived_list() }}`, used on the Sources page.
        """
        if not self.catalog.derivations:
            return f"<p>{say('no_derivation')}</p>"
        rows = [
            [
                Cell(
                    esc(say("figure_at", title=self.catalog.metric(d.metric).title, period=d.period.display)),
                    header=True,
                ),
                Cell(self.figures.value(d.metric, d.period.label)),
                Cell(f"<code>{esc(d.formula)}</code>"),
                Cell(esc(d.reason)),
            ]
            for d in self.catalog.derivations
        ]
        return table(say("derived"), [say("figure"), say("value"), say("formula"), say("why")], rows)

    def gap_list(self) -> str:
        """The gaps register (`data/gaps.yml`): values no document on record gives, and what was searched.

        Example: `{{ gap_list() }}`, used on the Sources page.
        """
        if not self.catalog.gaps:
            return f"<p>{say('no_gap')}</p>"
        grouped: dict[tuple[str, str, str], list] = defaultdict(list)
        texts = {}
        for gap in self.catalog.gaps:
            grouped[(gap.metric, gap.kind, gap.search.id)].append(gap.period)
            texts[gap.search.id] = gap.search.text
        rows = [
            [
                Cell(esc(self.catalog.metric(metric).title), header=True),
                Cell(esc(_periods_text(sorted(periods)))),
                Cell(esc(self.catalog.gap_kind(metric, kind).shown)),
                Cell(esc(texts[search])),
            ]
            for (metric, kind, search), periods in sorted(grouped.items())
        ]
        return table(say("gaps"), [say("metric"), say("periods"), say("why_missing"), say("searched")], rows)

    def data_updates(self, limit: int = 0) -> str:
        """What each document added to the data, newest document first: its date, title, how many values
        and events cite it and the newest periods it reports. Generated from the sources and the data.

        Args:
            limit: show only the newest this many documents (all by default).

        Example: `{{ data_updates(10) }}`, used on the Data updates page.
        """
        items = []
        for update in document_updates(self.catalog, limit):
            source = update.source
            items.append(
                f'<li class="kc-update" id="{esc(update.anchor)}"><time datetime="{esc(source.date)}">'
                f'{esc(source.shown_date)}</time> <a href="{esc(self.render.source_href(source.id))}">'
                f'{esc(source.title)}</a> <span class="kc-source__kind">{esc(kind_name(source.kind))}</span>'
                f"{say('colon')}{esc(update.summary)}{say('stop')}</li>"
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
                f"<li><code>{esc(m.name)}</code>{say('colon')}{esc(m.title)}"
                f"{esc(say('unit', unit=m.short_unit if is_chinese() else m.unit))}{say('stop')}"
                f"{'' if is_chinese() else ' '}{esc(m.description)}"
                f"{say('derived_by', formula=esc(m.formula)) if m.formula else ''}{'' if is_chinese() else ' '}"
                f"{self._span(ds, m.name)}{self._stops(m)}</li>"
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
            categories = "".join(
                f"<li><code>{esc(k)}</code>{say('colon')}{esc(v)}</li>" for k, v in t.categories.items()
            )
            body = f"<p>{say('categories')}</p><ul>{categories}</ul>"
            blocks.append(
                self._dataset_block(t.name, t.title, t.description, body, {e.source for e in t.events}, len(t.events))
            )
        return "".join(blocks)

    def _stops(self, metric) -> str:
        """Where a series that stopped ends, and why: kept here, off the reader pages."""
        return "".join(
            say("latest", period=esc(_span_label(d.period)), reason=esc(d.reason)) for d in metric.last_reported
        )

    def _span(self, ds, metric: str) -> str:
        found = sorted(p for (m, p) in ds.observations if m == metric)
        if not found:
            return ""
        first, last = _span_label(found[0]), _span_label(found[-1])
        span = first if len(found) == 1 else say("period_range", first=first, last=last)
        return f"<small>{_plural('span_one', 'span_many', len(found), span=esc(span))}</small>"

    def _dataset_block(self, name: str, title: str, description: str, body: str, sources: set[str], count: int) -> str:
        cited = say("list_comma").join(
            f'<a href="{esc(self.render.source_href(s.id))}">{esc(s.short)}</a>'
            for s in sorted((self.catalog.source(i) for i in sources), key=lambda s: (s.date, s.id))
        )
        return (
            f'<section class="kc-dataset" id="dataset-{esc(name)}">'
            f'<p class="kc-dataset__title"><strong>{esc(title)}</strong> '
            f'<a class="kc-download" href="{self.render.root()}{DOWNLOADS}{esc(name)}.csv" download>{esc(name)}.csv</a>'
            f"{say('rows', count=count)}</p><p>{esc(description)}</p>{body}"
            f"<details><summary>{say('sources_cited', count=len(sources))}</summary><p>{cited}{say('stop')}</p>"
            "</details></section>"
        )

    def glossary(self) -> str:
        """The glossary (`data/glossary.yml`): every term with its definition, in alphabetical order.
        The same definitions are the tooltips wherever a page uses the term.

        Example: `{{ glossary() }}`, on the Glossary page.
        """
        items = "".join(
            f'<dt id="term-{esc(_anchor(g.anchor_term))}">{esc(g.term)}</dt><dd>{esc(g.definition)}</dd>'
            for g in sorted(self.catalog.glossary, key=glossary_order)
        )
        return f'<dl class="kc-glossary">{items}</dl>'

    def trust_summary(self) -> str:
        """How far the data can be trusted, counted: the sources by tier, and the values by what backs
        them (two company documents, one, a source outside the company, a computation).

        Example: `{{ trust_summary() }}`, used on the Sources page.
        """
        uses = self.catalog.source_uses()
        tiers = []
        for tier in TIERS:
            sources = [s for s in self.catalog.sources.values() if s.tier == tier]
            cited = sum(uses.get(s.id, 0) for s in sources)
            tiers.append(
                [
                    Cell(say("tier", tier=tier, numeral=NUMERALS[tier]), header=True),
                    Cell(esc(tier_meaning(tier))),
                    Cell(str(len(sources)), numeric=True),
                    Cell(str(cited), numeric=True),
                ]
            )
        by_tier = table(say("by_tier"), [say("tier_header"), say("holds"), say("sources"), say("citations")], tiers)
        counts = self.value_counts()
        rows = [[Cell(esc(label), header=True), Cell(str(n), numeric=True)] for label, n in counts.items()]
        return by_tier + table(say("by_backing"), [say("values"), say("count")], rows)

    def value_counts(self) -> dict[str, int]:
        """Stored and computed values, by what backs them (labelled in the edition's language)."""
        stored = [o for ds in self.catalog.datasets.values() for o in ds.stored]
        computed = [
            o for ds in self.catalog.datasets.values() for o in ds.observations.values() if o.status == "derived"
        ]
        reported = [o for o in stored if o.status == "reported"]
        twice = sum(bool(self.catalog.confirmations_of(o)) for o in reported)
        return {
            say("twice"): twice,
            say("once"): len(reported) - twice,
            say("secondary"): sum(o.status == "secondary" for o in stored),
            say("seed_only"): sum(o.status == "unconfirmed" for o in stored),
            say("computed"): sum(not o.is_estimate for o in computed),
            say("estimates"): sum(o.is_estimate for o in computed),
            say("stated"): len(self.catalog.stated_changes),
        }

    def _figures_given(self, source) -> str:
        """What the site takes from a source, said from the figures themselves (the values that cite it,
        the figures it gives as confirmation), in the edition's language."""
        by_metric: dict[str, list] = defaultdict(list)
        for dataset in self.catalog.datasets.values():
            for o in dataset.stored:
                if source.id in (o.source, o.alternative_source):
                    by_metric[o.metric].append(o.period)
        for c in self.catalog.confirmations:
            if c.source == source.id:
                by_metric[c.metric].append(c.period)
        if not by_metric:
            return ""
        parts = [
            say("given", metric=esc(self.catalog.metric(m).title), periods=esc(_given_periods(periods)))
            for m, periods in sorted(by_metric.items(), key=lambda item: self.catalog.metric(item[0]).title)
        ]
        # Out of the search index: a list generated from the data rows, which every reader's search would
        # download (about 7% of the English index) to match what the pages themselves say.
        figures = say("figures_here", figures=say("semicolon").join(parts))
        return f' <span class="kc-source__figures" data-search-exclude>{figures}</span>'

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
            return f"<p>{say('none')}</p>"
        items = []
        for source in sorted(chosen, key=lambda s: (s.date, s.id)):
            count = uses.get(source.id, 0)
            # A source no data row names is cited in a page's text (the tests see to it).
            uses_text = _plural("cited_times", "cited_many", count) if count else say("cited_text")
            original = say("original", publisher=esc(source.original_publisher)) if source.original_publisher else ""
            tier = say("source_tier", tier=source.tier, numeral=NUMERALS[source.tier]) if source.tier else ""
            items.append(
                f'<li id="source-{esc(source.id)}" class="kc-source">'
                f'<a href="{esc(source.url)}" rel="noopener">{esc(source.title)}</a>'
                f' <span class="kc-source__kind">{esc(kind_name(source.kind))}{tier}</span><br>'
                f"{say('published', publisher=esc(source.publisher), date=esc(source.shown_date))}{original}"
                f"{'' if is_chinese() else ' '}{esc(source.reports)}{self._figures_given(source)}"
                f' <span class="kc-source__uses">{uses_text}</span>'
                f' <code class="kc-source__id">{esc(source.id)}</code></li>'
            )
        return '<ul class="kc-sources">' + "".join(items) + "</ul>"


def _given_periods(periods: list) -> str:
    """A metric's periods in a source's entry: each, or for a long run its count and span."""
    periods = sorted(set(periods))
    if len(periods) <= 4:
        return _periods_text(periods)
    return say("periods_span", count=len(periods), first=_span_label(periods[0]), last=_span_label(periods[-1]))


def _anchor(term: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in term.lower()).split())


def glossary_order(term) -> tuple[str, ...]:
    """Where a glossary term is listed: alphabetical order in English, pinyin order in Chinese."""
    return chinese.pinyin_key(term.term) if is_chinese() else (term.term.lower(),)
