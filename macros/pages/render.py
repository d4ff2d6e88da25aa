"""How a figure appears on a page: its formatted text linked to its source, with the metric, period,
value, status and provenance in attributes and a tooltip. Shared by every macro that prints a value."""

from __future__ import annotations

from collections.abc import Callable

from macros.compute.catalog import Catalog
from macros.compute.statements import TWELVE_MONTHS_NOTE
from macros.core.html import attributes, esc
from macros.core.language import Phrases, current, is_chinese
from macros.core.model import ESTIMATE_MARK, SECONDARY_MARK, Metric, Observation, status_meaning, status_name
from macros.core.numbers import format_number, format_value, plain_number
from macros.pages.formula_words import formula_words

SOURCES_PAGE = "sources/"
DERIVED_ANCHOR = "#derived-values"
DOWNLOADS = "downloads/"
CHART_DOWNLOADS = DOWNLOADS + "charts/"
# Each chart has a page under this folder, at an address made from its name.
CHART_PAGES = "charts/"


def chart_slug(name: str) -> str:
    """A chart's name as an address or an id: quarterly_revenue -> quarterly-revenue."""
    return name.replace("_", "-")


def relative_root(page_url: str) -> str:
    """The path from a page to its edition's root (the site root, or zh/ for the Chinese edition):
    "" for the home page, "../" for "finances/" and for "zh/finances/"."""
    prefix = current().prefix
    path = page_url.strip("/") + "/"
    if prefix and path.startswith(prefix):
        path = path[len(prefix) :]
    path = path.strip("/")
    depth = path.count("/") + 1 if path else 0
    return "../" * depth


say = Phrases(
    figure=("{metric}, {period}: {value} {unit}.", "{metric}，{period}：{value}{unit}。"),
    estimate=(
        " An estimate: at least one input comes from outside the company's documents.",
        "估计值：至少有一项输入数据来自公司文件以外。",
    ),
    derived=(" Computed: {formula}, from {inputs}.", "推算：{formula}；依据{inputs}。"),
    input=("{metric} {period} {value}", "{metric}（{period}）{value}"),
    inputs_joiner=("; ", "；"),
    source=(" Source: {publisher}, {date}.", "来源：{publisher}，{date}。"),
    confirmed=(" Confirmed by {publisher}, {date}.", "已与{publisher}（{date}）核对一致。"),
    status=(" Status: {status} ({meaning}).", "状态：{status}（{meaning}）。"),
    secondary=(
        " {mark} marks a figure from outside the company's own documents.",
        "{mark}表示该数字来自公司自身文件以外。",
    ),
    cite_title=("{title}. {publisher}, {date}.", "{title}。{publisher}，{date}。"),
    cite_text=("{publisher}, {date}", "{publisher}，{date}"),
)


# Figures whose digits a reader might take for the company's own; a claim (a peak, a run) is words.
MARKED_KINDS = ("value", "cell", "change", "share", "ttm", "ttm-cell", "remainder")


class Renderer:
    """Renders figures for the page being built. `page_url` tells which page that is."""

    def __init__(self, catalog: Catalog, page_url: Callable[[], str] = lambda: ""):
        self.catalog = catalog
        self._page_url = page_url
        # Every observation shown, by page URL: the freshness check reads it after each page.
        self.shown: dict[str, list[Observation]] = {}

    @property
    def page(self) -> str:
        return self._page_url() or ""

    def root(self) -> str:
        return relative_root(self.page)

    def source_href(self, source_id: str) -> str:
        return f"{self.root()}{SOURCES_PAGE}#source-{source_id}"

    def href(self, o: Observation) -> str:
        """Where a figure links: its source, or for a derived value the account of derived values."""
        return f"{self.root()}{SOURCES_PAGE}{DERIVED_ANCHOR}" if o.status == "derived" else self.source_href(o.source)

    def provenance_text(self, o: Observation, metric: Metric | None = None) -> str:
        """One sentence of provenance: the metric, period and value, then its source or formula."""
        metric = metric or self.catalog.metric(o.metric)
        text = say(
            "figure",
            metric=metric.title,
            period=o.period.shown_for(metric.calendar_years),
            value=tooltip_value(o, metric),
            unit="" if is_chinese() and metric.unit != "count" else metric.short_unit,
        )
        if o.status == "derived":
            estimate = say("estimate") if o.is_estimate else ""
            inputs = say("inputs_joiner").join(
                say(
                    "input",
                    metric=self.catalog.metric(i.metric).title,
                    period=i.period.shown_for(self.catalog.metric(i.metric).calendar_years),
                    value=tooltip_value(i, self.catalog.metric(i.metric), with_count_word=True),
                )
                for i in o.inputs
            )
            twelve_months = o.period if o.note == TWELVE_MONTHS_NOTE else None
            words = formula_words(o.formula, lambda m: self.catalog.metric(m).title, twelve_months)
            return text + say("derived", formula=words, inputs=inputs) + estimate
        source = self.catalog.source(o.source)
        text += say("source", publisher=source.publisher, date=source.shown_date)
        for confirmation in self.catalog.confirmations_of(o):
            second = self.catalog.source(confirmation.source)
            text += say("confirmed", publisher=second.publisher, date=second.shown_date)
        if o.status != "reported":
            text += say("status", status=status_name(o.status), meaning=status_meaning(o.status))
            if o.basis == "secondary":
                text += say("secondary", mark=SECONDARY_MARK)
        return text

    def record(self, observations: list[Observation]) -> None:
        self.shown.setdefault(self.page, []).extend(observations)

    def figure(
        self, text: str, observations: list[Observation], kind: str, metric: Metric | None = None, **data: object
    ) -> str:
        """A figure in prose: the formatted text linked to its (first) source, with provenance attributes."""
        self.record(observations)
        first = observations[0]
        estimate = any(o.is_estimate for o in observations)
        # A figure from outside the company's documents (press, research, an aggregator) is marked
        # wherever it stands, so that no reader takes it for a figure the company reported. (A figure
        # found only in the seed article never reaches a page: the catalog does not look it up.)
        secondary = kind in MARKED_KINDS and not estimate and any(o.basis == "secondary" for o in observations)
        classes = "kc-figure"
        classes += " kc-figure--derived" if any(o.status == "derived" for o in observations) else ""
        classes += " kc-figure--estimate" if estimate else ""
        classes += " kc-figure--secondary" if secondary else ""
        attrs = attributes(
            class_=classes,
            data_kind=kind,
            data_metric=first.metric,
            data_period=first.period.label,
            **data,
            data_source=" ".join(dict.fromkeys(s for o in observations for s in o.sources)),
            data_status=" ".join(dict.fromkeys(o.shown_status for o in observations)),
        )
        tooltip = " ".join(self.provenance_text(o, metric if o is first else None) for o in observations)
        # The two marks, in prose as in tables (the page explains them where first used, pages/marks.py):
        # ≈ before an estimate, † after a figure from outside the company's documents.
        before = ESTIMATE_MARK if estimate and kind in MARKED_KINDS else ""
        after = SECONDARY_MARK if secondary else ""
        link = f'<a href="{esc(self.href(first))}" title="{esc(tooltip)}">{before}{esc(text)}{after}</a>'
        return f"<span{attrs}>{link}</span>"

    def cell(self, o: Observation, sign: int = 1, metric: Metric | None = None, kind: str = "cell") -> str:
        """A figure in a table or a chart's data table: digits only, the unit is in the header. `metric`
        names what a computed value (a chart's unallocated remainder) is; `sign` is -1 where a loss is
        shown below zero; `kind` says what the cell is (a "ttm" total, a chart's "remainder")."""
        metric = metric or self.catalog.metric(o.metric)
        text = format_number(sign * o.value, metric.decimals_for(o))
        extra = {"data_sign": "-1"} if sign < 0 else {}
        return self.figure(text, [o], kind, metric=metric, data_value=plain_number(round(o.value, 9)), **extra)

    def cite(self, source_id: str) -> str:
        source = self.catalog.source(source_id)
        date = source.shown_date
        title = say("cite_title", title=source.title, publisher=source.publisher, date=date)
        text = say("cite_text", publisher=cited_as(source), date=date)
        return (
            f'<a class="kc-cite" href="{esc(self.source_href(source.id))}" title="{esc(title)}"'
            f' data-source="{esc(source.id)}">{esc(text)}</a>'
        )


# The company as a Chinese citation names it, and the words for its documents: research style cites
# （金山云向SEC提交的文件，2023年4月）, not the publisher's registered name as an English byline does.
KINGSOFT_CLOUD_ZH = "金山云控股有限公司"
SEC_WORDS = ("SEC", "证券交易委员会", "EDGAR", "6-K", "20-F")
HKEX_WORDS = ("港交所", "香港交易所", "联交所")


def cited_as(source) -> str:
    """Who a citation names: the publisher's organisation; in Chinese, the company's own documents as
    金山云向SEC提交的文件, 金山云港交所公告 or 金山云公告."""
    if not is_chinese() or not source.publisher.startswith(KINGSOFT_CLOUD_ZH):
        return source.organisation
    if any(word in source.publisher for word in HKEX_WORDS):
        return "金山云港交所公告"
    if source.kind == "filing":
        sec = any(word in source.publisher for word in SEC_WORDS) or "sec.gov" in source.url
        return "金山云向SEC提交的文件" if sec else "金山云提交的文件"
    if source.kind == "release":
        return "金山云公告"
    return "金山云"


def tooltip_value(o: Observation, metric: Metric, with_count_word: bool = False) -> str:
    """A value as a figure's tooltip states it: its digits (the unit follows, RMB m) in English; in
    Chinese in the units prose reads (12.36亿元, 25.8亿美元, 36.88亿), not 1,236百万元."""
    if not is_chinese():
        return format_number(o.value, metric.decimals_for(o))
    text = format_value(o.value, metric.unit, metric.decimals_for(o))
    return text + (metric.short_unit if with_count_word and metric.unit == "count" else "")
