"""A page for every chart, and the index of them all: the chart over its image, its table, sources and
notes, downloads (SVG, PNG for slides, CSV of exactly what it shows), a citation and a BibTeX entry,
a snippet to embed it, and links back to the pages that place it. The pages themselves are generated
by the site's hooks (site/chart_site.py); these macros fill them."""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable

from macros.core.chinese import iso_date
from macros.core.html import esc
from macros.core.language import Phrases, current, is_chinese
from macros.pages.block_macros import BlockMacros
from macros.pages.render import CHART_DOWNLOADS, CHART_PAGES, chart_slug

SITE_NAME = "Kingsoft Cloud, in data"
say = Phrases(
    site_name=(SITE_NAME, "金山云数据档案"),
    list_comma=(", ", "、"),
    download_image=("Download {kind}", "下载{kind}"),
    download_csv=("Download the data (CSV)", "下载数据（CSV）"),
    citation=("“{title}”. {site}. {address} (built {built}).", "“{title}”，{site}，{address}（构建于{built}）。"),
    bibtex_note=(
        "Built {built}; data under CC BY 4.0, sources as listed on the page",
        "构建于{built}；数据采用CC BY 4.0许可，来源见该页面",
    ),
    shown_on=("Shown on {pages}.", "见于{pages}。"),
    download=("Download", "下载"),
    reuse=(
        "The CSV holds exactly what the chart shows, one row per value, with each value's source. "
        "The data and the chart are under CC BY 4.0: reuse them with credit to this site.",
        "CSV文件所含正是图表所示的内容，每行一个数值，并注明各数值的来源。"
        "数据与图表均采用CC BY 4.0许可：转载使用时请注明出自本站。",
    ),
    cite=("Cite this chart", "引用此图表"),
    embed=("Embed", "嵌入"),
    paste=("Paste this into a web page to show the chart there:", "将以下代码粘贴到网页中，即可在该网页上显示此图表："),
    where=("Where it appears", "所在页面"),
    other_charts=("Other charts", "其他图表"),
    filter=("Filter the charts", "筛选图表"),
    filter_examples=("revenue, margin, Xiaomi…", "收入、毛利率、小米……"),
    count=(
        "{count} charts, each with its own page to open, download, cite or embed it.",
        "共{count}张图表，每张都有独立页面，可打开、下载、引用或嵌入。",
    ),
)
EMBED_HEIGHT = 560
# The embed view sits beside the chart's page, so the two share their relative links.
EMBED_FILE = "embed.html"


def build_date() -> datetime.date:
    """The day the site is built, as the citation gives it: SOURCE_DATE_EPOCH where the build fixes it
    (reproducible builds), otherwise today, in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch else datetime.datetime.now(datetime.UTC)
    return moment.date()


def bibtex_text(text: str) -> str:
    """Text safe inside a BibTeX field: braces and the characters BibTeX treats specially escaped."""
    for char in "\\{}&%$#_":
        text = text.replace(char, "\\" + char)
    return text


class ChartPageMacros:
    NAMES = ("chart_page", "chart_index")

    def __init__(
        self,
        blocks: BlockMacros,
        site_url: str = "",
        placements: Callable[[], dict] = dict,
        workbook_link: Callable[[], str] | None = None,
    ):
        self.blocks = blocks
        self.render = blocks.render
        self.catalog = blocks.catalog
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        # The bare embed view of each chart, made with its page and written beside it (embed.html) after
        # the build: a page of its own would cost a full theme render for what is one chart.
        self.embeds: dict[str, tuple[str, str]] = {}  # name -> (title, body)
        # chart name -> [(page title, page address)] of the content pages that place it, in nav order.
        self.placements = placements
        # The link to the edition's workbook (pages/workbook_link.py), which holds the chart's data too.
        self.workbook_link = workbook_link

    def _address(self, name: str) -> str:
        # The chart's page in this edition: the Chinese one sits under zh/.
        return f"{self.site_url}{current().prefix}{CHART_PAGES}{chart_slug(name)}/"

    def chart_page(self, name: str) -> str:
        """The body of a chart's own page: the chart, its downloads, how to cite and embed it, and the
        pages that place it. Used by the generated pages under `charts/`.

        Args:
            name: the chart's name in `data/charts.yml`.

        Example: `{{ chart_page("quarterly_revenue") }}`
        """
        spec = self.catalog.chart(name)
        _, figure = self.blocks.chart_figure(name)
        block = self.blocks.chart_block(name, on_its_page=True)
        root = self.render.root()
        images = self.blocks.images.downloads(name, figure) if self.blocks.images else {}
        links = [
            f'<a class="kc-download" href="{esc(href)}" download>{say("download_image", kind=kind)}</a>'
            for kind, href in images.items()
        ]
        links.append(
            f'<a class="kc-download" href="{root}{CHART_DOWNLOADS}{esc(name)}.csv" download>{say("download_csv")}</a>'
        )
        if self.workbook_link:
            links.append(self.workbook_link())
        address = self._address(name)
        built = build_date()
        site = say("site_name")
        day = iso_date(built.isoformat()) if is_chinese() else f"{built.day} {built:%B} {built.year}"
        citation = say("citation", title=spec.title, site=site, address=address, built=day)
        # The Chinese entry says its language, so that a bibliography sets it with Chinese rules.
        language = "  language = {chinese},\n" if is_chinese() else ""
        bibtex = (
            f"@misc{{kingsoft-cloud-in-data-{chart_slug(name)},\n"
            f"  title = {{{bibtex_text(spec.title)}}},\n"
            f"  author = {{{{{bibtex_text(site)}}}}},\n"
            f"  year = {{{built.year}}},\n"
            f"  url = {{{address}}},\n"
            f"{language}"
            f"  note = {{{bibtex_text(say('bibtex_note', built=built.isoformat()))}}}\n"
            f"}}"
        )
        embed = (
            f'<iframe src="{address}{EMBED_FILE}" title="{esc(spec.title)}" width="100%" height="{EMBED_HEIGHT}" '
            f'style="border: 0" loading="lazy"></iframe>'
        )
        self.embeds[name] = (
            spec.title,
            (
                f'<div class="kc-embed">{block}<p class="kc-embed__credit">'
                f'<a href="{esc(address)}" target="_top">{esc(site)}</a> · CC BY 4.0</p></div>'
            ),
        )
        placed = self.placements().get(name, [])
        back = (
            say(
                "shown_on",
                pages=say("list_comma").join(f'<a href="{root}{esc(url)}">{esc(title)}</a>' for title, url in placed),
            )
            if placed
            else ""
        )
        return (
            f'<div class="kc-chart-page" data-chart="{esc(name)}"><h1>{esc(spec.title)}</h1>{block}'
            f'<h2 id="download">{say("download")}</h2><p class="kc-chart-page__downloads">{" · ".join(links)}</p>'
            f"<p>{say('reuse')}</p>"
            f'<h2 id="cite">{say("cite")}</h2><p class="kc-cite-text">{esc(citation)}</p>'
            f'<pre class="kc-bibtex"><code>{esc(bibtex)}</code></pre>'
            f'<h2 id="embed">{say("embed")}</h2><p>{say("paste")}</p>'
            f'<pre class="kc-embed-code"><code>{esc(embed)}</code></pre>'
            + (f'<h2 id="shown-on">{say("where")}</h2><p>{back}</p>' if back else "")
            + "</div>"
        )

    def chart_index(self) -> str:
        """Every chart, with its thumbnail and a link to its page, grouped by the page that places it,
        with a filter by words.

        Example: `{{ chart_index() }}`, on the chart index page.
        """
        placements = self.placements()
        groups: dict[str, list[str]] = {}
        for name in self.catalog.charts:
            where = placements.get(name)
            groups.setdefault(where[0][0] if where else say("other_charts"), []).append(name)
        root = self.render.root()
        sections = []
        for topic, names in groups.items():
            cards = []
            for name in names:
                spec = self.catalog.chart(name)
                figure = self.blocks.chart_figure(name)[1]
                thumbnail = self.blocks.images.thumbnail(name, figure, spec.title) if self.blocks.images else ""
                words = " ".join((spec.title, spec.description or "", topic)).lower()
                cards.append(
                    f'<li class="kc-chart-card" data-words="{esc(words)}">'
                    f'<a href="{root}{CHART_PAGES}{chart_slug(name)}/">{thumbnail}'
                    f'<span class="kc-chart-card__title">{esc(spec.title)}</span></a></li>'
                )
            sections.append(f'<h2>{esc(topic)}</h2><ul class="kc-chart-cards">{"".join(cards)}</ul>')
        search = (
            f'<p class="kc-chart-filter"><label for="kc-chart-filter-input">{say("filter")}</label> '
            f'<input id="kc-chart-filter-input" type="search" placeholder="{esc(say("filter_examples"))}" '
            'autocomplete="off"></p>'
        )
        count = f"<p>{say('count', count=len(self.catalog.charts))}</p>"
        return f'<div class="kc-chart-index">{count}{search}{"".join(sections)}</div>'
