"""The content rules a reader relies on: every page is in the navigation, every chart is declared once
and placed on a page with its title, unit and sources, every dataset is on the Data page and shown
somewhere, disagreements are listed with both values, and the timeline shows the data's figures."""

import re
from html import unescape

import yaml

from macros.core.numbers import format_value
from macros.core.periods import parse_period
from macros.pages.page_calls import macro_calls
from tests.conftest import ROOT
from tests.helpers import CHINESE_PAGE_FILES, ENGLISH_PAGE_FILES, chart_specs

DOCS = ROOT / "docs"
PAGE_FILES = ENGLISH_PAGE_FILES
MINIMUM_CHARTS = 12


def html_of(site, page) -> str:
    path = site / ("index.html" if page.stem == "index" else f"{page.stem}/index.html")
    return path.read_text(encoding="utf-8")


def placed_charts() -> dict[str, list[str]]:
    """Chart name -> the pages that place it (macro examples on the Contributing page do not count)."""
    placed: dict[str, list[str]] = {}
    for page in PAGE_FILES:
        for name in [c.args[0] for c in macro_calls(page.read_text(encoding="utf-8")) if c.name == "chart"]:
            placed.setdefault(name, []).append(page.stem)
    return placed


def test_the_navigation_lists_every_page_and_every_content_page_exists():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    in_nav = set(re.findall(r":\s*(\w+\.md)", text.split("\n# Page tree")[1]))
    outside = set(re.findall(r"^  (\w+\.md)$", text.split("not_in_nav: |")[1].split("\n\n")[0], re.M))
    assert outside == {"contributing.md"}  # linked from every page's footer, not a reader tab
    assert in_nav | outside == {p.name for p in PAGE_FILES} and not in_nav & outside
    for page in (
        "index",
        "history",
        "segments",
        "finances",
        "statements",
        "competition",
        "risks",
        "sources",
        "data",
        "updates",
    ):
        assert (DOCS / f"{page}.md").is_file(), page


class UniqueKeyLoader(yaml.SafeLoader):
    """YAML silently keeps the last of two equal keys; a chart declared twice must fail instead."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
        duplicates = {k for k in keys if keys.count(k) > 1}
        assert not duplicates, f"declared twice: {duplicates}"
        return super().construct_mapping(node, deep=deep)


def test_at_least_twelve_charts_each_declared_once_and_placed_on_a_page(catalog):
    yaml.load((ROOT / "data" / "charts.yml").read_text(encoding="utf-8"), Loader=UniqueKeyLoader)
    placed = placed_charts()
    assert len(catalog.charts) >= MINIMUM_CHARTS
    assert set(placed) == set(catalog.charts), "every declared chart is placed, and only declared charts"


def test_every_chart_on_the_site_has_a_title_unit_source_line_and_download(content_site):
    built_site, catalog = content_site
    for page in PAGE_FILES:
        html = html_of(built_site, page)
        for chart_id in chart_specs(html):
            block = html[html.index(f'id="{chart_id}"') :]
            block = block[: block.index('class="kc-chart__download"') + 200]
            name = chart_id.removeprefix("chart-").replace("-", "_")
            spec = catalog.charts[name]
            title = re.search(r'<p class="kc-chart__title"[^>]*>(.*?)</p>', block).group(1)
            assert unescape(title) == spec.title
            subtitle = re.search(r'<p class="kc-chart__subtitle">(.*?)</p>', block).group(1)
            assert subtitle.startswith(catalog.metric(spec.series[0]).unit), chart_id
            assert re.search(
                r'<p class="kc-chart__source"><span class="kc-chart__cite"[^>]*>Source: .*?#source-', block, re.S
            ), chart_id
            assert f"downloads/charts/{name}.csv" in block, chart_id


def test_every_dataset_is_on_the_data_page_and_shown_on_some_page(content_site):
    built_site, catalog = content_site
    data_page = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    shown = set()
    for page in PAGE_FILES:
        shown |= set(re.findall(r'data-metric="([a-z0-9_]+)"', html_of(built_site, page)))
    for name, dataset in catalog.datasets.items():
        assert f'id="dataset-{name}"' in data_page and f"downloads/{name}.csv" in data_page, name
        assert set(dataset.metrics) & shown, f"no metric of {name} is shown on any page"
        for metric in dataset.metrics.values():
            assert f"<code>{metric.name}</code>" in data_page
    assert f'id="dataset-{catalog.timeline.name}"' in data_page
    assert (built_site / "downloads" / f"{catalog.timeline.name}.csv").is_file()


def test_every_disagreement_is_listed_with_both_values(content_site):
    built_site, catalog = content_site
    html = (built_site / "sources" / "index.html").read_text(encoding="utf-8")
    table = html[html.index("Values on which sources disagree") :]
    table = table[: table.index("</table>")]
    # A disagreement that involves a figure found only in the seed article is not shown (nor the figure).
    rows = [
        o
        for ds in catalog.datasets.values()
        for o in ds.stored
        if o.alternative is not None
        and "seed" not in (o.basis, catalog.source(o.alternative_source).kind)
        and o.basis != "unconfirmed"
    ]
    assert len(rows) >= 5
    assert table.count("<tr>") == len(rows) + 1
    for o in rows:
        assert f'data-metric="{o.metric}" data-period="{o.period.label}"' in table
        assert f"#source-{o.alternative_source}" in table


def test_the_timeline_shows_every_event_in_order_with_the_data_figure(content_site):
    built_site, catalog = content_site
    html = (built_site / "history" / "index.html").read_text(encoding="utf-8")
    timeline = html[html.index('<ol class="kc-timeline">') :]
    timeline = timeline[: timeline.index("</ol>")]
    dates = re.findall(r'<time datetime="([0-9-]+)">', timeline)
    assert dates == [e.date.label for e in catalog.timeline.events]
    assert [parse_period(d) for d in dates] == sorted(parse_period(d) for d in dates)
    for event in catalog.timeline.events:
        if event.metric:
            o = catalog.observation(event.metric, event.period)
            metric = catalog.metric(event.metric)
            assert format_value(o.value, metric.unit, metric.decimals_for(o)) in timeline


def test_no_seed_only_figure_and_two_marks_each_explained_near_its_first_use(content_site):
    """At most two marks, † (from outside the company's documents) and ≈ (an estimate), each explained
    on the page that uses it, right after the block where the first marked figure stands (a chart
    explains its own in its note); no page shows a figure found only in the seed article, and no other
    notation ("(estimate)", "(unconfirmed)") is left."""
    from macros.pages.marks import SELF_EXPLAINED, _TopLevel

    built_site, _ = content_site
    pages = [(p, built_site) for p in PAGE_FILES]
    pages += [(p.with_name(p.name.removesuffix(".zh.md") + ".md"), built_site / "zh") for p in CHINESE_PAGE_FILES]
    for page, root in pages:
        html = html_of(root, page)
        article = html[html.index("<article") : html.index("</article>")]
        assert 'data-status="unconfirmed' not in article, page
        text = main_text_of(article)
        for notation in ("(estimate)", "(unconfirmed)", "（估计）", "（未经证实）"):
            assert notation not in text, (page, notation)
        body = article[article.index(">") + 1 :]
        spans = [s for s in _TopLevel(body).spans if not body.startswith(SELF_EXPLAINED, s[0])]
        marked = [i for i, (a, b) in enumerate(spans) if re.search(r"kc-figure--(secondary|estimate)", body[a:b])]
        keys = [i for i, (a, b) in enumerate(spans) if body.startswith('<p class="kc-marks">', a)]
        if marked:
            assert keys == [marked[0] + 1], page
        else:
            assert keys == [], page


def test_tooltips_say_in_words_what_was_computed(content_site):
    """A computed figure's tooltip says what it was computed from in words ("the sum of the four
    quarters of 2025"), never as the formula's code (revenue["Q1 2025"] + ...)."""
    built_site, _ = content_site
    for page in sorted(built_site.rglob("*.html")):
        titles = re.findall(r'title="([^"]*)"', page.read_text(encoding="utf-8"))
        for title in titles:
            text = unescape(title)
            assert '["' not in text, (page, text[:200])
            assert " * " not in text, (page, text[:200])


def main_text_of(article: str) -> str:
    article = re.sub(r"<(template|script|style)\b.*?</\1>", " ", article, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", article))


def main_text(site, page: str) -> str:
    """The visible text of a page's article, without the navigation around it."""
    html = (site / ("index.html" if page == "index" else f"{page}/index.html")).read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    article = re.sub(r"<(template|script|style)\b.*?</\1>", " ", article, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", article))


def test_timeline_entries_read_as_sentences(content_site):
    """An event's figure sits where the sentence needs it: no "this amount", no "this sum", no colon
    tacked on before the figure."""
    built_site, catalog = content_site
    html = (built_site / "history" / "index.html").read_text(encoding="utf-8")
    timeline = html[html.index('<ol class="kc-timeline">') :]
    timeline = timeline[: timeline.index("</ol>")]
    for item in re.findall(r'<span class="kc-timeline__text">(.*?)</li>', timeline, re.S):
        text = unescape(re.sub(r"<[^>]+>", "", item))
        assert "this amount" not in text and "this sum" not in text, text
        assert not re.search(r":\s*<span class=\"kc-figure", item), text
    assert len(re.findall(r'class="kc-timeline__event"', timeline)) == len(catalog.timeline.events)


READER_PAGES = ("index", "history", "segments", "finances", "statements", "competition", "risks")
# How the data was gathered belongs on the Data and Sources pages, never in what a reader reads about
# the company: no stored copies, no "on record", no lists of missing values, no file names or metric ids.
DATA_TALK = (
    "seed",
    "the site",
    "no sourced figure",
    "stored cop",
    "on record",
    "this pass",
    "has no value",
    "no value for",
    "no filing",
    "no document",
    "gaps register",
    "the data file",
)


def test_content_pages_speak_about_the_company_not_the_site(content_site):
    """How the site works (status, gaps, the seed article) lives on Sources and methodology."""
    built_site, catalog = content_site
    metric_ids = {name for name in catalog.metrics if "_" in name}
    for page in READER_PAGES:
        text = main_text(built_site, page).lower()
        for phrase in DATA_TALK:
            assert phrase not in text, f"{page}: '{phrase}'"
        files = re.findall(r"\b[\w-]+\.(?:csv|ya?ml|json)\b", text)
        assert files == [], f"{page}: file names {files}"
        named = sorted(set(re.findall(r"\b[a-z]+(?:_[a-z0-9]+)+\b", text)) & metric_ids)
        assert named == [], f"{page}: metric ids {named}"


def test_time_words_in_prose_come_from_the_macros_that_check_them():
    """'Since', 'a year later', 'record' and 'every' claims about the figures were wrong when typed
    (an operating profit 'since' a quarter followed by a loss; 'a year later' three quarters on): in a
    reader page they come only from the claim macros, which the build checks against the data."""
    found = []
    for page in READER_PAGES:
        raw = (DOCS / f"{page}.md").read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        prose = re.sub(r"\{\{\s*(\w+).*?\}\}", r"{{\1}}", raw, flags=re.S)  # each macro by its name
        for line_no, line in enumerate(prose.splitlines(), 1):
            for pattern, why in (
                (r"\bsince\s+\{\{(?!since\}\})", "'since' before another macro: use since(...)"),
                (r"\ba year later\b", "'a year later': use change(...) against the same period a year earlier"),
                (r"\brecord (?:high|low|level|quarter|year)\b|\bhighest on record\b", "a record: use peak(...)"),
                (r"\bevery (?:year|quarter)\b", "'every year': use every(...)"),
            ):
                if re.search(pattern, line, re.I):
                    found.append(f"docs/{page}.md (line {line_no} of the body): {why}: {line.strip()[:90]}")
    assert found == [], "\n".join(found)


def test_the_risks_page_covers_structure_dependence_concentration_delisting_and_funding(built_site):
    text = main_text(built_site, "risks")
    for heading in (
        "A Cayman holding company with contractual arrangements",
        "Dependence on Xiaomi and Kingsoft",
        "Customer concentration",
        "The US delisting rules of 2020 to 2022",
        "Funding the AI build-out",
    ):
        assert heading in text, heading
    assert "variable interest entities" in text and "Holding Foreign Companies Accountable Act" in text


def test_the_data_updates_page_lists_each_document_newest_first(content_site):
    built_site, catalog = content_site
    html = (built_site / "updates" / "index.html").read_text(encoding="utf-8")
    dates = re.findall(r'<li class="kc-update" id="update-[^"]+"><time datetime="([0-9-]+)">', html)
    assert dates == sorted(dates, reverse=True)
    cited = {o.source for ds in catalog.datasets.values() for o in ds.stored} | {
        e.source for e in catalog.timeline.events
    }
    assert len(dates) == len(cited)


def test_the_home_page_has_key_statistics_each_with_its_period(content_site):
    built_site, catalog = content_site
    html = (built_site / "index.html").read_text(encoding="utf-8")
    panel = html[html.index('class="kc-keystats"') :]
    panel = panel[: panel.index("</table>")]
    quarter = catalog.latest_period("revenue", "quarterly").label
    assert f'data-metric="revenue" data-period="{quarter}"' in panel
    for fact in ("headquarters", "chair", "chief_executive", "nasdaq_listing", "hkex_listing", "founded"):
        assert f'data-fact="{fact}"' in panel, fact
    for metric in ("gross_margin", "adjusted_ebitda_margin", "cash_and_equivalents", "shares_outstanding"):
        assert f'data-metric="{metric}"' in panel, metric


def test_every_page_with_figures_says_which_results_it_reflects(content_site):
    """A reader must know, at the top of each page, how current its figures are: the newest quarter
    of results the page shows and when the company published them."""
    built_site, catalog = content_site
    newest = catalog.latest_period("revenue", "quarterly")
    for page in ("index", "segments", "finances", "statements"):
        html = html_of(built_site, DOCS / f"{page}.md")
        found = re.search(r'<h1[^>]*>.*?</h1>\s*<p class="kc-as-of">([^<]+)</p>', html, re.S)
        assert found, f"{page}: no 'data as of' sentence under the title"
        assert found.group(1).startswith(f"Data as of the results for {newest.words}"), (page, found.group(1))
    for page in ("history", "competition", "risks", "sources"):
        assert 'class="kc-as-of"' in html_of(built_site, DOCS / f"{page}.md"), page
    assert 'class="kc-as-of"' not in html_of(built_site, DOCS / "contributing.md")  # its figures are examples


def test_no_statement_on_the_site_is_mostly_empty(content_site):
    """Each statement view placed on a page is at most 15% dashes (a reader scans figures), and its
    newest column is the newest period of its kind."""
    from macros.compute.statements import MAX_EMPTY, statement_table

    _, catalog = content_site
    placed = [
        c.args for page in PAGE_FILES for c in macro_calls(page.read_text(encoding="utf-8")) if c.name == "statement"
    ]
    assert len(placed) >= 5
    for kind, view in placed:
        table = statement_table(catalog, kind, view)
        cells = [c for _, _, row in table.rows for c in row]
        assert sum(c is None for c in cells) <= MAX_EMPTY * len(cells), (kind, view)
        if view == "annual" and kind == "income":
            assert table.periods[0] == catalog.latest_period("revenue", "annual")


def test_no_sentence_puts_a_balance_after_events_that_came_later(content_site):
    """'At the end of 2024, after the 2025 share offerings' once stood on Finances: a balance at a year
    end cannot follow events of a later year, whatever the data says."""
    built_site, _ = content_site
    impossible = re.compile(r"end of (\d{4})\W[^.]{0,60}?\bafter\b[^.]{0,80}?\b(\d{4})\b")
    for page in READER_PAGES:
        for end, later in impossible.findall(main_text(built_site, page)):
            assert int(later) <= int(end), f"{page}: the end of {end}, after something in {later}"
