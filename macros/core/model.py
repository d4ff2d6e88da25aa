"""The shapes of validated data: sources, metrics, observations, datasets, charts, events and the
registers of derivations, gaps and accepted disagreements. Built only by the loaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from macros.core import chinese
from macros.core.language import is_chinese
from macros.core.periods import MIXED, Frequency, Period

STATUSES = {
    "reported": "from the company's own release or filing, or a faithful copy of it",
    "secondary": "from a news article, research firm or data aggregator reporting the figure",
    "unconfirmed": "found only in the seed article, not confirmed by another source",
    "derived": "computed at build time from the company's own figures, by the formula shown",
    "estimate": "computed at build time by the formula shown, from figures at least one of which comes from "
    "outside the company's own documents",
}
# The statuses as the Chinese edition's readers read them (the same keys).
STATUSES_ZH = {
    "reported": "来自公司自己的公告或提交的文件，或其忠实副本",
    "secondary": "来自报道该数字的新闻报道、研究机构或金融数据服务商",
    "unconfirmed": "仅见于本项目最初依据的文章，未经其他来源证实",
    "derived": "构建网站时按所示公式，由公司自己的数字计算得出",
    "estimate": "构建网站时按所示公式计算得出，所用数字中至少有一个来自公司自身文件以外的来源",
}
# A status's name as the Chinese edition shows it beside a figure (English shows the key itself).
STATUS_NAMES_ZH = {
    "reported": "公司披露",
    "secondary": "第三方来源",
    "unconfirmed": "未经证实",
    "derived": "推算",
    "estimate": "估计",
}
# How far a value can be trusted, strongest first: a computed value stands as its weakest input.
BASES = ("reported", "secondary", "unconfirmed")
# Put before an estimate wherever its digits are shown without words: hover text and table cells.
ESTIMATE_MARK = "\u2248"
# Put after a figure from outside the company's own documents (press, research, an aggregator).
SECONDARY_MARK = "\u2020"
# What a contributor may write in a CSV's status column; derived values are computed, never typed.
WRITTEN_STATUSES = ("reported", "secondary", "unconfirmed")


@dataclass(frozen=True)
class SourceKind:
    """A kind of source, declared once: the tier of trust it carries and the status its values take."""

    tier: int | None  # 1 company and regulators, 2 reputable press and research, 3 data aggregators
    status: str
    meaning: str
    # The Chinese edition's name of the kind (shown beside each source) and its meaning.
    name_zh: str = ""
    meaning_zh: str = ""


SOURCE_KINDS = {
    "filing": SourceKind(
        1,
        "reported",
        "a filing with a regulator or an exchange (SEC, HKEX), or its exhibit",
        "监管文件",
        "向监管机构或交易所（美国证交会、香港联交所）提交的文件，或其附件",
    ),
    "release": SourceKind(
        1,
        "reported",
        "the company's own release or announcement, or a verbatim newswire copy of it",
        "公司公告",
        "公司自己发布的新闻稿或公告，或通讯社一字不改的转发稿",
    ),
    "exchange": SourceKind(1, "secondary", "an exchange's own data", "交易所数据", "交易所自己发布的数据"),
    "research": SourceKind(2, "secondary", "a research firm's own publication", "研究报告", "研究机构自己的出版物"),
    "news": SourceKind(2, "secondary", "an article by a named news organisation", "新闻报道", "具名新闻机构的报道"),
    "mirror": SourceKind(
        2,
        "secondary",
        "a faithful copy of a news or research article, naming its publisher",
        "转载",
        "对新闻报道或研究文章的忠实转载，并注明原发布者",
    ),
    "aggregator": SourceKind(
        3,
        "secondary",
        "a financial-data service, or a public archive of its data",
        "数据服务商",
        "金融数据服务商，或其数据的公开存档",
    ),
    "seed": SourceKind(
        None,
        "unconfirmed",
        "the article this project began from (a 2022 machine translation)",
        "起始文章",
        "本项目最初依据的文章（2022年的一篇机器翻译稿）",
    ),
}
TIERS = {
    1: "the company and regulators: releases, filings, exchange documents and verbatim newswire copies",
    2: "reputable press and research houses",
    3: "financial-data aggregators",
}
# The tiers as the Chinese edition's readers read them (the same keys).
TIERS_ZH = {
    1: "公司与监管机构：公司公告、提交监管机构的文件、交易所文件及通讯社一字不改的转发稿",
    2: "信誉良好的媒体与研究机构",
    3: "金融数据服务商",
}


def status_name(status: str) -> str:
    """A status as shown beside a figure: its key (reported) in English, its name in Chinese."""
    return STATUS_NAMES_ZH[status] if is_chinese() else status


def status_meaning(status: str) -> str:
    """What a status means, in the edition's language."""
    return (STATUSES_ZH if is_chinese() else STATUSES)[status]


def tier_meaning(tier: int) -> str:
    """What a tier holds, in the edition's language."""
    return (TIERS_ZH if is_chinese() else TIERS)[tier]


def kind_name(kind: str) -> str:
    """A source kind as shown beside a source: its key (filing, news) in English, its name in Chinese."""
    return SOURCE_KINDS[kind].name_zh if is_chinese() else kind


def kind_meaning(kind: str) -> str:
    """What a source kind is, in the edition's language."""
    return SOURCE_KINDS[kind].meaning_zh if is_chinese() else SOURCE_KINDS[kind].meaning


# Source kinds that are the company's own documents: only these may back a "reported" value.
COMPANY_KINDS = tuple(k for k, kind in SOURCE_KINDS.items() if kind.status == "reported")
# How a metric's stored values are signed: a loss or an expense is stored as a positive amount.
SIGNS = {
    "positive": "zero or above",
    "negative": "zero or below",
    "any": "any sign",
    "loss": "a loss, stored as a positive amount (zero or above) and drawn below zero beside profits",
}


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    date: str
    url: str
    kind: str
    # What the site takes from it beyond the figures (the Sources page lists those from the data).
    reports: str = ""
    # For a copy of someone else's document (kind: mirror), who published the original.
    original_publisher: str = ""
    # Figures the document gives, as written: "revenue FY2023 7047.461" (load/confirmations.py reads them).
    gives: tuple[str, ...] = ()
    # The Chinese edition's forms of the publisher and what the site takes (the title keeps its language).
    chinese: dict = field(default_factory=dict, compare=False, hash=False)
    where: str = field(default="", compare=False)

    @property
    def organisation(self) -> str:
        """Who published the document, without how the copy reached the site: "Kingsoft Cloud Holdings
        Ltd via PR Newswire (FT markets copy)" is Kingsoft Cloud Holdings Ltd, "Ming Pao (明報財經)" Ming Pao."""
        cuts = ("（", "，") if is_chinese() else (" via ", ", ", " (")
        name = self.publisher
        for cut in cuts:
            name = name.split(cut, 1)[0]
        return name.strip() or self.publisher

    @property
    def is_kingsoft_cloud(self) -> bool:
        """A document of Kingsoft Cloud itself (its filings and releases, not a peer's)."""
        return self.is_company_document and self.publisher.startswith("Kingsoft Cloud")

    @property
    def short(self) -> str:
        """How the source reads in a caption: who published it and when (in Chinese: 明報財經（2024年5月22日）)."""
        if is_chinese():
            return f"{self.organisation}（{chinese.iso_date(self.date)}）"
        return f"{self.organisation} ({self.date})"

    @property
    def shown_date(self) -> str:
        """The document's date as a reader reads it: 2025-11-18, in Chinese 2025年11月18日."""
        return chinese.iso_date(self.date) if is_chinese() else self.date

    @property
    def is_company_document(self) -> bool:
        return self.kind in COMPANY_KINDS

    @property
    def tier(self) -> int | None:
        """1 (the company and regulators), 2 (press and research), 3 (aggregators); None for the seed."""
        return SOURCE_KINDS[self.kind].tier


@dataclass(frozen=True)
class LastReported:
    """A metric the company stopped reporting, or that its publisher has not yet reported again."""

    period: Period
    reason: str
    # Which of the three reasons (GAP_KINDS) the later periods are missing for.
    kind: str = "not_available"
    # The Chinese edition's forms of the reader-visible text (the file's `zh` object), read by
    # check/chinese_edition.py; not part of the value's identity.
    chinese: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Metric:
    name: str
    title: str
    unit: str
    short_unit: str
    description: str
    decimals: int
    dataset: str
    sign: str = "any"
    # A balance at a date (a balance-sheet item, a share count), as opposed to a flow over a period.
    stock: bool = False
    # A stock that stays in effect until a new value is stored (the number of shares per ADS).
    persists: bool = False
    # How long a persisting stock stands for later dates (None: until changed), in days.
    persists_days: int | None = None
    # Rules the consistency checks enforce (see consistency.py).
    additive: bool = False
    part_of: str | None = None
    at_most: str | None = None
    # How the metric follows from others in the same period (e.g. "100 * gross_profit / revenue"):
    # computed where no value is stored, and checked where one is.
    formula: str | None = None
    # For a whole: the title of what its parts leave unallocated (pages show the remainder as such).
    remainder: str | None = None
    last_reported: tuple[LastReported, ...] = ()
    # The first period from which every period must have a value or a registered gap.
    complete_from: tuple[Period, ...] = ()
    # Values set before their period ends (a cap agreed for a later year): the source may predate the period.
    forward: bool = False
    # Published by others (research firms, peers) rather than by the company (the dataset's `outside`).
    outside: bool = False
    # Where the metric is declared, e.g. data/financials.meta.yml:40.
    where: str = ""
    # The Chinese edition's forms of the reader-visible text (the file's `zh` object), read by
    # check/chinese_edition.py; not part of the value's identity.
    chinese: dict = field(default_factory=dict, compare=False, hash=False)

    def decimals_for(self, observation: Observation) -> int:
        """Decimals to show for a value: the metric's, but never more digits than the source gave."""
        return min(self.decimals, observation.decimals)

    def last_reported_for(self, frequency: str) -> LastReported | None:
        """The declared last period of a frequency, if the metric is no longer reported at it. A
        balance's declaration covers every frequency: it is the last date with a balance."""
        return next((d for d in self.last_reported if self.stock or d.period.frequency == frequency), None)

    @property
    def is_loss(self) -> bool:
        return self.sign == "loss"

    @property
    def calendar_years(self) -> bool:
        """Whether the metric's years are calendar years as the Chinese edition says them (a year-end
        price, a year's return: 2024年), declared in its metadata's zh object."""
        return bool(self.chinese.get("calendar_years"))

    def gap_kind(self, kind: str) -> GapKind:
        """What a reader is told of a missing value of this metric, for one of the three reasons."""
        return (OUTSIDE_GAP_KINDS if self.outside else GAP_KINDS)[kind]


@dataclass(frozen=True)
class Observation:
    metric: str
    period: Period
    value: float
    source: str
    status: str
    note: str
    path: str
    line: int
    # Digits written after the decimal point in the CSV: "9559" has 0, "1970.0" has 1.
    decimals: int = 0
    # The figure another source gives, where sources disagree (the note says why this value was chosen),
    # and the digits written after its decimal point.
    alternative: float | None = None
    alternative_source: str = ""
    alternative_decimals: int = 0
    # The note in Chinese, for a value whose note a page shows (one with an alternative).
    note_zh: str = ""
    # For a derived value: the formula as written and the values it was computed from.
    formula: str = ""
    inputs: tuple[Observation, ...] = ()
    # For a derived value, the half-unit of rounding it inherits from its inputs.
    derived_precision: float = 0.0

    @property
    def precision(self) -> float:
        """Half a unit of the last digit written: "9559" is +/-0.5, "1970.0" is +/-0.05."""
        if self.status == "derived":
            return self.derived_precision
        return 0.5 * 10**-self.decimals

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def basis(self) -> str:
        """reported, secondary or unconfirmed: a stored value's status, or for a computed value the
        weakest basis among its inputs (a quarter derived from a news figure is no better than it)."""
        if self.status != "derived":
            return self.status
        return max((o.basis for o in self.inputs), key=BASES.index, default="reported")

    @property
    def is_estimate(self) -> bool:
        """A computed value with an input from outside the company's own documents: shown as an
        estimate, never as reported."""
        return self.status == "derived" and self.basis != "reported"

    @property
    def shown_status(self) -> str:
        """The status as readers and downloads see it: a computed value is derived or an estimate."""
        return "estimate" if self.is_estimate else self.status

    @property
    def sources(self) -> tuple[str, ...]:
        """The sources behind the value: its own, or for a derived value those of its inputs."""
        if self.status == "derived":
            return tuple(dict.fromkeys(s for o in self.inputs for s in o.sources))
        return (self.source,)


def derived_observation(
    metric: Metric,
    period: Period,
    value: float,
    inputs: tuple[Observation, ...] | list[Observation],
    formula: str,
    note: str,
    precision: float,
    where: str = "",
    decimals: int | None = None,
) -> Observation:
    """A value computed at build time from `inputs` (a formula, a derivation, a twelve-month sum): the
    one way such an observation is made, so that each keeps its formula, inputs and precision alike.
    `where` is the register line that declares it ('data/derived.yml:12'), if one does."""
    path, _, line = where.rpartition(":")
    return Observation(
        metric=metric.name,
        period=period,
        value=value,
        source="",
        status="derived",
        note=note,
        path=path,
        line=int(line) if line.isdigit() else 0,
        decimals=metric.decimals if decimals is None else decimals,
        formula=formula,
        inputs=tuple(inputs),
        derived_precision=precision,
    )


@dataclass(frozen=True)
class ChartSpec:
    name: str
    title: str
    kind: str
    frequency: str
    series: tuple[str, ...]
    start: Period | None = None
    end: Period | None = None
    description: str = ""
    # Legend names that differ from the metrics' titles, e.g. {"revenue": "Kingsoft Cloud"} among peers.
    labels: tuple[tuple[str, str], ...] = ()
    # A line chart whose values sit far from zero may start its axis elsewhere, and says so.
    axis_from_zero: bool = True
    # Losses drawn below zero beside profits on one axis.
    signed: bool = False
    # Where the company changed what it reports: the period of the change and what changed.
    marks: tuple[tuple[Period, str], ...] = ()
    line: int = 0
    # The Chinese edition's forms of the reader-visible text (the file's `zh` object), read by
    # check/chinese_edition.py; not part of the value's identity.
    chinese: dict = field(default_factory=dict, compare=False, hash=False)

    def label(self, metric: Metric) -> str:
        return dict(self.labels).get(metric.name, metric.title)

    @property
    def on_time_axis(self) -> bool:
        """Dates and mixed periods are placed in time, so uneven gaps between them read as such."""
        return self.frequency in (Frequency.DATED, MIXED)


@dataclass(frozen=True)
class Event:
    """A dated event of the company's history. Its figure, if any, is a (metric, period) in a dataset,
    placed where the text says {value}, so the timeline and the pages show one and the same value."""

    date: Period
    category: str
    text: str
    source: str
    status: str
    metric: str
    period: str
    line: int
    # The Chinese edition's forms of the reader-visible text (the file's `zh` object), read by
    # check/chinese_edition.py; not part of the value's identity.
    chinese: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Timeline:
    """The events dataset (data/events.csv) and its metadata."""

    title: str
    description: str
    path: str
    columns: dict[str, dict]
    categories: dict[str, str]
    events: tuple[Event, ...]
    # The Chinese edition's forms of the reader-visible text (the file's `zh` object), read by
    # check/chinese_edition.py; not part of the value's identity.
    chinese: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def name(self) -> str:
        """The dataset's name as in download links: its file name without .csv."""
        return self.path.rsplit("/", 1)[-1].removesuffix(".csv")

    @property
    def records(self) -> list[dict]:
        """The events as rows keyed by the CSV's columns, in the CSV's order."""
        return [
            {
                "date": e.date.label,
                "category": e.category,
                "event": e.text,
                "event_zh": e.chinese.get("text", ""),
                "metric": e.metric,
                "period": e.period,
                "source": e.source,
                "status": e.status,
            }
            for e in self.events
        ]


@dataclass(frozen=True)
class ConsistencyException:
    """A known disagreement between sources that a consistency check would otherwise refuse."""

    check: str
    metric: str
    period: str
    reason: str
    where: str
    # The Chinese edition's forms of the reader-visible text (the file's `zh` object), read by
    # check/chinese_edition.py; not part of the value's identity.
    chinese: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Derivation:
    """One value computed from values of other periods (a quarter as a nine-month total less a half year)."""

    metric: str
    period: Period
    formula: str
    reason: str
    where: str
    # The Chinese edition's forms of the reader-visible text (the file's `zh` object), read by
    # check/chinese_edition.py; not part of the value's identity.
    chinese: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class GapKind:
    """Why a value is missing, declared once: what a reader is told, in both languages (the short form
    for a table cell or a chart note, the long one inside a sentence)."""

    short: str
    sentence: str
    short_zh: str
    sentence_zh: str

    @property
    def shown(self) -> str:
        return self.short_zh if is_chinese() else self.short

    @property
    def said(self) -> str:
        return self.sentence_zh if is_chinese() else self.sentence


# The three reasons a figure can be missing. A gap, and a metric that stops early (last_reported),
# says which one it is; readers see these words.
GAP_KINDS = {
    "not_reported": GapKind(
        "not reported by the company",
        "the company does not report it",
        "公司未披露",
        "公司未披露该数字",
    ),
    "not_available": GapKind(
        "published by the company, not yet available here",
        "the company has published it, but it is not yet available here",
        "公司已发布，本站尚未收录",
        "公司已发布，但本站尚未收录",
    ),
    "not_yet_published": GapKind(
        "not yet published",
        "it has not yet been published",
        "尚未发布",
        "尚未发布",
    ),
}
# Figures published by others (research firms, peers): the same reasons, said of their publisher.
OUTSIDE_GAP_KINDS = {
    "not_reported": GapKind(
        "not reported by its publisher", "its publisher does not report it", "发布方未披露", "发布方未披露该数字"
    ),
    "not_available": GapKind(
        "published, not yet available here",
        "it has been published, but it is not yet available here",
        "已发布，本站尚未收录",
        "已发布，但本站尚未收录",
    ),
    "not_yet_published": GAP_KINDS["not_yet_published"],
}


@dataclass(frozen=True)
class Search:
    """A search that found nothing, described once and named by every gap it explains."""

    id: str
    text: str
    where: str
    chinese: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Gap:
    """A value that no document on record gives: which of the three reasons it is, and what was
    searched for it."""

    metric: str
    period: Period
    kind: str
    search: Search
    where: str


@dataclass(frozen=True)
class GlossaryTerm:
    """A term readers meet, defined once (data/glossary.yml)."""

    term: str
    forms: tuple[str, ...]  # as pages write it, each given the tooltip
    definition: str
    where: str
    # The Chinese edition's forms of the reader-visible text (the file's `zh` object), read by
    # check/chinese_edition.py; not part of the value's identity.
    chinese: dict = field(default_factory=dict, compare=False, hash=False)
    # The English term, kept by the Chinese edition so that a term's anchor is the same in both.
    english_term: str = field(default="", compare=False, hash=False)

    @property
    def anchor_term(self) -> str:
        return self.english_term or self.term


@dataclass(frozen=True)
class Fact:
    """A fact in words (a chair, an address), true on a date, with its source."""

    id: str
    label: str
    text: str
    as_of: Period
    source: str
    where: str
    # The Chinese edition's forms of the reader-visible text (the file's `zh` object), read by
    # check/chinese_edition.py; not part of the value's identity.
    chinese: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class DatasetField:
    """One column of every dataset, declared once for the loader, the downloads and the data package."""

    name: str
    type: str  # the Table Schema type: string or number
    required: bool
    description: str


# The columns of every dataset CSV and of its download (one row per value, stored or derived), in order.
# Where sources disagree, a row keeps the value the site uses and records the other one with its source.
DATASET_FIELDS = (
    DatasetField("metric", "string", True, "One of the dataset's metrics (see its metadata)."),
    DatasetField(
        "period",
        "string",
        True,
        "A fiscal year (FY2024), half (H1 2024), nine months (9M 2024), quarter (Q1 2025) or date.",
    ),
    DatasetField("value", "number", True, "The figure, in the metric's unit (see the metrics list)."),
    DatasetField(
        "source",
        "string",
        True,
        "Source ids from the site's sources registry; a derived value lists its inputs' sources, space-separated.",
    ),
    DatasetField("status", "string", True, "; ".join(f"{k}: {v}" for k, v in STATUSES.items())),
    DatasetField("note", "string", False, "How the value was reported, why it was chosen, or how it was derived."),
    DatasetField(
        "note_zh", "string", False, "The note in Chinese, where a page shows it (a value with an alternative)."
    ),
    DatasetField("alternative", "number", False, "The figure another source gives, where sources disagree."),
    DatasetField("alternative_source", "string", False, "The source id of the alternative figure."),
)
DATASET_COLUMNS = [f.name for f in DATASET_FIELDS]
REQUIRED_COLUMNS = tuple(f.name for f in DATASET_FIELDS if f.required)
OPTIONAL_COLUMNS = tuple(f.name for f in DATASET_FIELDS if not f.required)


@dataclass
class Dataset:
    name: str
    title: str
    description: str
    path: str
    columns: dict[str, dict]
    metrics: dict[str, Metric]
    observations: dict[tuple[str, Period], Observation] = field(default_factory=dict)
    # The Chinese edition's forms of the reader-visible text (the file's `zh` object), read by
    # check/chinese_edition.py; not part of the value's identity.
    chinese: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def stored(self) -> list[Observation]:
        """The values written in the CSV (derived ones are computed from these)."""
        return [o for o in self.observations.values() if o.status != "derived"]

    @property
    def records(self) -> list[dict]:
        """Every value, stored or derived, as a tidy row keyed by DATASET_COLUMNS, sorted by metric then
        period; derived values carry their formula."""
        return [
            {
                "metric": o.metric,
                "period": o.period.label,
                "value": o.value,
                "source": " ".join(o.sources),
                "status": o.shown_status,
                "note": o.note or (f"Derived: {o.formula}" if o.formula else ""),
                "note_zh": o.note_zh,
                "alternative": o.alternative,
                "alternative_source": o.alternative_source,
            }
            for o in sorted(self.observations.values(), key=lambda o: (o.metric, o.period.sort_key))
        ]


class Check(StrEnum):
    """The consistency checks (check/consistency.py), by the name a problem carries and
    data/disagreements.yml uses: declared once."""

    QUARTERS_SUM_TO_YEAR = "quarters-sum-to-year"
    QUARTERS_SUM_TO_HALF = "quarters-sum-to-half"
    PARTS_WITHIN_WHOLE = "parts-within-whole"
    SHARES_SUM_TO_AT_MOST_100 = "shares-sum-to-at-most-100"
    AT_MOST = "at-most"
    SHARE_IN_RANGE = "share-in-range"
    FORMULA_MATCHES_PARTS = "formula-matches-parts"


CHECK_NAMES = tuple(c.value for c in Check)


def values_by_metric(datasets: dict[str, Dataset]) -> dict[str, dict[Period, Observation]]:
    """Every metric's values keyed by period: the index that lookups by metric use instead of scanning
    every observation of its dataset."""
    index: dict[str, dict[Period, Observation]] = {
        name: {} for dataset in datasets.values() for name in dataset.metrics
    }
    for dataset in datasets.values():
        for (metric, period), o in dataset.observations.items():
            index[metric][period] = o
    return index


@dataclass(frozen=True)
class TermEntry:
    """A concept's one Chinese term and the variants the Chinese edition refuses (data/termbase.yml)."""

    concept: str
    term: str
    refuse: tuple[str, ...]
    where: str
    page: str = ""  # a section name's page (its English file), whose title and navigation entry are the term
    why: str = ""
